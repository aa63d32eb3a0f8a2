"""Links back from a question to the pages that cite it (相关情境 under the question).

A page such as 遇到……怎么办 links to questions in Markdown (``quizzes/BANK.md#q-ID``); the
bank page shows, under each linked question, a link back to the section that links to it.
Found from the links every page already carries (``Page.links``), so any page and any bank
work alike and nothing is declared twice.
"""

from __future__ import annotations

import html

from ..content.pages import Page, resolve_link
from .links import url

QUESTION_ANCHOR = "q-"
# The last pages dict indexed and its index: one scan per build, not one per question.  The
# dict itself is kept, so an identity check can never mistake a new dict for it.
_cache: tuple[dict[str, Page], dict[tuple[str, str], list[tuple[str, str, str]]]] | None = None


def _section(page: Page, line: int) -> tuple[str, str]:
    """(anchor, heading text) of the section holding ``line``; the page's title before any."""
    found = ("", page.title)
    for h in page.headings:
        if h.line > line:
            break
        if h.id and h.level >= 2:
            found = (h.id, h.text)
    return found


def citing_sections(pages: dict[str, Page]) -> dict[tuple[str, str], list[tuple[str, str, str]]]:
    """(bank page, question id) -> [(citing page, anchor, heading text)], in page and link order."""
    global _cache
    if _cache is not None and _cache[0] is pages:
        return _cache[1]
    index: dict[tuple[str, str], list[tuple[str, str, str]]] = {}
    for page in pages.values():
        if page.generated:
            continue
        for target, line, _col in page.links:
            if "://" in target:
                continue
            rel, anchor = resolve_link(page, target)
            bank = pages.get(rel)
            # Only generated bank pages hold question anchors; a stale id is the checker's to report.
            if bank is None or not bank.generated or not anchor.startswith(QUESTION_ANCHOR):
                continue
            if anchor not in bank.anchors:
                continue
            entry = (page.rel, *_section(page, line))
            cited = index.setdefault((rel, anchor[len(QUESTION_ANCHOR) :]), [])
            if entry not in cited:
                cited.append(entry)
    _cache = (pages, index)
    return index


def render_related(pages: dict[str, Page], bank_rel: str, question_id: str) -> str:
    """``<p>相关情境：<a>…</a>、…</p>`` for one question, or "" if no page links to it."""
    cited = citing_sections(pages).get((bank_rel, question_id))
    if not cited:
        return ""
    links = "、".join(
        f'<a href="{html.escape(url(bank_rel, rel, anchor))}">{html.escape(text)}</a>' for rel, anchor, text in cited
    )
    return f'<p class="kb-q__related">相关情境：{links}</p>'
