"""Build-time half of the site search: a compact index of sections, written as a JS file.

The browser half (``overrides/assets/javascripts/kb-search/``) matches every query term as a
substring of the normalised text, which is what character n-gram phrase matching amounts to:
安全 finds 数据安全, 统战委员 matches only where that phrase occurs.  No word segmentation runs
on either side, so index and query cannot disagree about where a word ends (the failure of
stock Material's jieba + lunr search: search/BENCHMARK.md measures it).

The index is a classic script that sets ``KB.searchData``: a ``<script>`` tag loads it
from ``file://`` as well as over HTTP, with no fetch, no worker and so no iframe-worker shim.
Text is stored as UTF-8 (not ``\\uXXXX``), without U+200B, one entry per heading section.

For questions (a query found nowhere as typed) the browser splits the query into the site's
own words: ``vocab``, the words jieba finds in the pages at build time (the browser runs no
jieba), shipped in the same file as one space-separated string, with the synonym groups and
the ignored question words of ``search/synonyms.yml`` (``syn``, ``stop``) and the pages that
are quiz banks (``quiz``, for the passage kind 题目), the document pages by their front matter's
``category`` (``docs``: policy, duties, analysis → the kinds 条文, 职责, 问题/对策, issue 25),
and the sections that are mostly links
(``signs``: a list of where to read, such as a role page's 学习步骤, ranked below the passages
it points to).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..session import current
from . import remote
from .sections import Section, sections_of
from .synonyms import Synonyms, load_synonyms
from .text import clean_text
from .vocabulary import Growing, general_words, vocabulary

INDEX_PATH = "search/index.js"
PREFIX = "(window.KB=window.KB||{}).searchData="  # the one namespace of our page scripts
VERSION = 2
SIGNPOST = 0.5  # a section whose text is at least this share link text lists where to read
QUIZ_PAGE = re.compile(r'<div class="kb-quiz"[^>]* data-bank=')


@dataclass
class PageEntry:
    url: str  # relative to the site root, as MkDocs writes it ("duties/township-officer.html")
    title: str
    order: int  # position in the nav, for ties
    path: str = ""  # the nav sections above the page ("工作职责"), shown with its results
    boost: float = 1.0  # front matter `search: {boost: 0.5}`, as with Material's plugin
    sections: list[Section] = field(default_factory=list)
    quiz: bool = False  # a quiz bank's page: its passages are 题目
    src: str = ""  # the page's file under docs/ ("duties/township-officer.md"), as keywords name it
    category: str = ""  # a document page's `category` (policy, duties, analysis): its passages' kind


def _parse_page(html: str) -> tuple[tuple[Section, ...], bool]:
    return tuple(sections_of(html)), bool(QUIZ_PAGE.search(html))


class Collector:
    """Pages seen during one build, written out once at the end."""

    def __init__(self, synonyms: Synonyms | None = None, keywords: dict | None = None) -> None:
        self.pages: list[PageEntry] = []
        self.synonyms = synonyms or Synonyms()
        self.keywords = keywords or {}  # search/keywords.yml: (page, anchor) -> words
        self.growing: Growing | None = None  # the vocabulary of pages given to ``early``

    def early(self, html: str) -> tuple[tuple[Section, ...], bool]:
        """Parse a page's content and segment what the dictionary read so far can cut, now,
        so that ``write`` finds the work done: the search worker calls it as each page is
        converted, while MkDocs goes on, and gives what it returns to ``add_parsed`` when the
        page is written.  Nothing here changes what ``write`` writes."""
        parsed = _parse_page(html)
        if self.growing is None:
            self.growing = Growing([w for g in self.synonyms.groups for w in g], self.synonyms.ignore)
        self.growing.add(f"{s.heading} {s.text}" for s in parsed[0])
        return parsed

    @property
    def added(self) -> int:
        return len(self.pages)

    def add(self, url: str, title: str, html: str, *rest, **named) -> None:
        """A page by its content HTML; the rest as ``add_parsed`` takes it (the search worker,
        remote.py, forwards positional arguments as they are)."""
        # a page's content HTML -> (its sections, is it a quiz bank), kept between the preview's rebuilds
        self.add_parsed(url, title, current().preview.page_parts.get(html, _parse_page), *rest, **named)

    def add_parsed(
        self,
        url: str,
        title: str,
        parsed: tuple[tuple[Section, ...], bool],
        order: int = 0,
        path: str = "",
        boost: float = 1.0,
        src: str = "",
        category: str = "",
    ) -> None:
        """``add`` with the page's content already parsed (``early``)."""
        parsed, quiz = parsed
        sections = list(parsed)  # the kept sections are shared between builds: never changed
        if not sections or sections[0].anchor:
            sections.insert(0, Section("", "", ""))  # the page itself is always a result
        self.pages.append(PageEntry(url, clean_text(title), order, path, boost, sections, quiz, src, category))

    def data(self) -> dict:
        pages = sorted(self.pages, key=lambda p: (p.order, p.url))
        sections, signs, lists = [], [], []
        for n, page in enumerate(pages):
            for s in page.sections:
                if s.links >= SIGNPOST:
                    signs.append(len(sections))
                if s.items:
                    lists.append([len(sections), s.items])
                row: list = [n, s.anchor, s.heading, s.text]
                kw = self.keywords.get((page.src, s.anchor))
                if s.alias or kw:
                    row.append(s.alias)
                if kw:
                    row.append(" ".join(kw))  # each normalised: no spaces inside
                sections.append(row)
        rows = [[p.url, p.title, p.path] + ([p.boost] if p.boost != 1 else []) for p in pages]
        syn = self.synonyms
        texts = [p.title for p in pages] + [f"{s[2]} {s[3]}" for s in sections] + [s[5] for s in sections if len(s) > 5]
        # Keywords are segmented as the pages' text is (in `texts`), not made words whole: a
        # keyword 缺培训 must not turn 统战干部缺培训怎么办 into a word only two sections hold.
        if self.growing is not None:  # the worker: most texts were segmented as they came
            words = self.growing.result(texts)
        else:
            words = vocabulary(texts, [w for g in syn.groups for w in g], syn.ignore)
        # Everyday words the site lacks: only those, and never a question word of synonyms.yml.
        own = set(words) | set(syn.ignore) | {w for g in syn.groups for w in g}
        light, general = general_words()
        docs: dict[str, list[int]] = {}  # category -> its document pages (engine.js: DOC_KINDS)
        for n, p in enumerate(pages):
            if p.category:
                docs.setdefault(p.category, []).append(n)
        return {
            "version": VERSION,
            "pages": rows,
            "sections": sections,
            "quiz": [n for n, p in enumerate(pages) if p.quiz],
            "docs": docs,
            "signs": signs,
            "lists": lists,
            "syn": syn.groups,
            "stop": syn.ignore,
            "intents": [[words, kinds] for words, kinds in syn.intents],
            "listWords": syn.lists,
            "vocab": " ".join(words),
            "light": " ".join(sorted(light - own)),
            "general": " ".join(sorted(general - own)),
        }

    def write(self, site_dir: str | Path) -> Path:
        path = Path(site_dir) / INDEX_PATH
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(to_js(self.data()), encoding="utf-8")
        return path


def to_js(data: dict) -> str:
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return f"/* Site search index, generated by scripts/kb/search/index.py. */\n{PREFIX}{body};\n"


def read_index(path: str | Path) -> dict:
    """The data in a written index file (for tests and the evaluation scripts)."""
    text = Path(path).read_text(encoding="utf-8")
    start = text.index(PREFIX) + len(PREFIX)
    return json.loads(text[start:].rstrip().rstrip(";"))


# --- One collector per build, on the build session, driven by the hooks in scripts/mkdocs_hooks.py ---


def enabled(config) -> bool:
    """Our search replaces Material's; with Material's search plugin on (the stock benchmark), step aside."""
    return not any(name in config.plugins for name in ("search", "material/search"))


def start_build(config, quiz_dir: Path | None = None) -> None:
    s = current()
    # Under `mkdocs serve` (the live preview) each page's sections and each text's words are
    # kept for the next rebuild, which then parses and segments only what an edit changed.
    for kept in (s.preview.page_parts, s.preview.text_words):
        kept.next_build(keep=s.previewing)
    from .keywords import load_keywords

    if isinstance(s.collector, remote.RemoteCollector):
        s.collector.close()  # the last build stopped before writing its index
    if not enabled(config):
        s.collector = None
    elif s.previewing or not remote.wanted():
        s.collector = Collector(load_synonyms(), load_keywords())
    else:
        try:
            s.collector = remote.RemoteCollector(Path(config.docs_dir), quiz_dir)
        except OSError:  # no second process here: the build does the search half itself
            s.collector = Collector(load_synonyms(), load_keywords())
    s.nav_order = {}
    # extra.search_boost in mkdocs.yml: page path prefix -> factor
    s.boosts = {str(k): float(v) for k, v in (config.extra.get("search_boost") or {}).items()}


def converted(html: str) -> None:
    """A page's content as converted (on_page_content): the search worker starts on it."""
    collector = current().collector
    if isinstance(collector, remote.RemoteCollector):
        collector.early(html)


def add_page(page, nav=None, mark: str = "") -> None:
    """``mark``: shown before the page's title in results (〔已废止〕, kb.render.documents)."""
    s = current()
    collector, nav_order, boosts = s.collector, s.nav_order, s.boosts
    if collector is None or page.content is None:
        return
    meta_search = page.meta.get("search")
    meta_search = meta_search if isinstance(meta_search, dict) else {}
    if meta_search.get("exclude"):
        return  # front matter `search: {exclude: true}`, as with Material's plugin
    prefix = max((p for p in boosts if page.file.src_uri.startswith(p)), key=len, default=None)
    try:
        boost = float(meta_search.get("boost", boosts.get(prefix, 1.0)))
    except (TypeError, ValueError):
        boost = 1.0
    path = [clean_text(a.title) for a in reversed(page.ancestors) if a.title]
    if path and path[-1] == clean_text(page.title or ""):
        path.pop()  # a section's index page (navigation.indexes) is not inside itself
    if nav is not None and not nav_order:
        nav_order.update((id(p), n) for n, p in enumerate(nav.pages))
    order = nav_order.get(id(page), len(nav_order) + collector.added)
    # A document page's category (kind: document, issue 25) gives its passages a search kind.
    category = page.meta.get("category") if page.meta.get("kind") == "document" else ""
    category = category if isinstance(category, str) else ""
    args = (order, " › ".join(path), boost, page.file.src_uri, category)
    collector.add(page.url, mark + (page.title or ""), page.content, *args)


def stop_build() -> None:
    """A build that failed: its worker goes now (not at the next build or at exit)."""
    s = current()
    if isinstance(s.collector, remote.RemoteCollector):
        s.collector.close()
    s.collector = None


def finish_build(config) -> None:
    s = current()
    collector, s.collector = s.collector, None
    if collector is not None:
        collector.write(config.site_dir)
