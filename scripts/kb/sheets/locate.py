"""From a quote a trainer copied off the site to the page section that holds it.

Trainers do not know anchors: they copy a sentence.  :meth:`Locator.find` returns the
smallest anchored section whose text contains the quote (whitespace ignored), preferring the
pages the sources were transcribed into (duties, analyses) over the principles and role pages
that quote them again, overviews, and the glossary, home, guide and provenance pages.  The text
searched is :func:`kb.content.sections.section_text`, the text ``check_source`` reads, and
the quote returned is a verbatim piece of it, so the checker accepts what the importer writes.

When a quote is nowhere, :meth:`Locator.closest` names the nearest sentence on the site
(character-pair index to pick candidates, then difflib), so the trainer sees what to copy.
"""

from __future__ import annotations

import bisect
import difflib
import re
from collections import Counter
from dataclasses import dataclass, field

from ..content import sections
from ..content.pages import Page

# Lower ranks win.  Duty and analysis pages hold the sources' own text; the principles and
# role pages quote passages of them again (each with a link back); guide pages only show
# examples of banks.
KIND_RANK = {"duty": 0, "analysis": 0, "principle": 1, "role": 1, "overview": 2}
OTHER_RANK = 3
NOT_EVIDENCE = {"guide"}  # pages never offered as the closest passage
WHITESPACE = re.compile(r"\s+")
SENTENCE = re.compile(r"[^。！？；!?;\n]+[。！？；!?;]?")
MIN_SIMILARITY = 0.4  # below this the "closest" sentence is not worth showing


def squeeze(text: str) -> str:
    return WHITESPACE.sub("", text)


@dataclass
class Section:
    page: Page
    anchor: str | None  # None: the whole page (a last resort, cited without an anchor)
    text: str  # as the checker reads it
    squeezed: str
    rank: tuple

    @property
    def source(self) -> str:
        return f"{self.page.rel}#{self.anchor}" if self.anchor else self.page.rel

    def verbatim(self, quote: str) -> str:
        """The section's own text for ``quote`` (equal up to whitespace), as check_source accepts it."""
        flat = self.text.replace("\n", "")  # check_source also matches across line breaks
        if quote in self.text or quote in flat:
            return quote
        start = self.squeezed.find(squeeze(quote))
        kept = [m.start() for m in re.finditer(r"\S", flat)]  # squeezed index -> index in flat
        return flat[kept[start] : kept[start + len(squeeze(quote)) - 1] + 1]


@dataclass
class Found:
    source: str  # page.md#anchor
    quote: str  # verbatim site text


@dataclass
class Locator:
    pages: dict[str, Page]
    _by_page: list[list[Section]] = field(default_factory=list)
    _joined: str = ""  # every page's squeezed text, NUL-separated: one search finds the pages
    _starts: list[int] = field(default_factory=list)
    _cache: dict[str, Found | None] = field(default_factory=dict)
    _sentences: list[tuple[str, str]] | None = None  # (sentence, squeezed)
    _pairs: dict[str, list[int]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        chunks = []
        position = 0
        for order, page in enumerate(p for p in self.pages.values() if not p.generated):
            found = candidate_sections(page, order)
            if not found:
                continue
            self._by_page.append(found)
            self._starts.append(position)
            whole = found[-1].squeezed  # the page itself comes last
            chunks.append(whole)
            position += len(whole) + 1
        self._joined = "\0".join(chunks)

    def find(self, quote: str) -> Found | None:
        key = squeeze(quote)
        if key not in self._cache:
            self._cache[key] = self._find(quote, key) if key else None
        return self._cache[key]

    def _find(self, quote: str, key: str) -> Found | None:
        hits = []
        for k in self._pages_containing(key):
            hits += [s for s in self._by_page[k] if key in s.squeezed]
        if not hits:
            return None
        best = min(hits, key=lambda s: s.rank)
        return Found(best.source, best.verbatim(quote.strip()))

    def _pages_containing(self, key: str) -> list[int]:
        pages, at = [], self._joined.find(key)
        while at >= 0:
            k = bisect.bisect_right(self._starts, at) - 1
            pages.append(k)
            if k + 1 >= len(self._starts):
                break
            at = self._joined.find(key, self._starts[k + 1])
        return pages

    def closest(self, quote: str) -> tuple[str, str] | None:
        """(source, sentence) of the sentence on the site nearest to ``quote``, or None."""
        if self._sentences is None:
            self._index_sentences()
        key = squeeze(quote)
        votes = Counter(i for pair in _pairs(key) for i in self._pairs.get(pair, ()))
        matcher = difflib.SequenceMatcher(None, autojunk=False)
        matcher.set_seq2(key)
        best, best_ratio = None, MIN_SIMILARITY
        for i, _ in votes.most_common(30):
            matcher.set_seq1(self._sentences[i][1])
            ratio = matcher.ratio()
            if ratio > best_ratio:
                best, best_ratio = self._sentences[i][0], ratio
        if best is None:
            return None
        found = self.find(best)
        return (found.source, best) if found else None

    def _index_sentences(self) -> None:
        seen: dict[str, int] = {}
        for page_sections in sorted(self._by_page, key=lambda ss: ss[-1].rank):
            whole = page_sections[-1]
            if whole.page.kind in NOT_EVIDENCE:
                continue
            for m in SENTENCE.finditer(whole.text):
                sentence = m.group(0).strip()
                if len(squeeze(sentence)) >= 4 and sentence not in seen:
                    seen[sentence] = len(seen)
        self._sentences = [(s, squeeze(s)) for s in seen]
        for i, (_, squeezed) in enumerate(self._sentences):
            for pair in set(_pairs(squeezed)):
                self._pairs.setdefault(pair, []).append(i)


def _pairs(text: str) -> list[str]:
    return [text[i : i + 2] for i in range(len(text) - 1)]


def candidate_sections(page: Page, order: int) -> list[Section]:
    """Every anchored section of ``page`` in file order, then the whole page."""
    lines = page.body.split("\n")
    out = []
    kind_rank = KIND_RANK.get(page.kind, OTHER_RANK)
    for k, (anchor, line) in enumerate(page.anchors.items()):
        i = line - page.body_line
        # Glossary terms get anchors at build time (load_pages registers them on the first
        # body line): their text is not in the page body, so there is nothing to find there.
        if not 0 <= i < len(lines) or f"#{anchor}" not in lines[i]:
            continue
        text = sections.section_text(page, anchor)
        if text is not None:
            squeezed = squeeze(text)
            out.append(Section(page, anchor, text, squeezed, (kind_rank, 0, len(squeezed), order, k)))
    text = sections.section_text(page, None) or ""
    squeezed = squeeze(text)
    out.append(Section(page, None, text, squeezed, (kind_rank, 1, len(squeezed), order, 0)))
    return out
