"""The glossary table, and glossary tooltips inside running Chinese text.

Python-Markdown's ``abbr`` extension only matches whole ``\\b`` words, and Chinese has no
spaces, so 统战 inside 统战工作 would never be marked.  We mark terms in the rendered HTML
instead: the first occurrence of each term in every ``<h2>`` section, outside links, code,
headings and existing ``<abbr>``, longest term first (统战委员 before 统战).
"""

from __future__ import annotations

import html
import re
from functools import lru_cache
from typing import TYPE_CHECKING

from ..content.pages import Page
from .links import link

if TYPE_CHECKING:
    from ..site import Site

SKIP = {
    "a",
    "abbr",
    "code",
    "pre",
    "script",
    "style",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "button",
    "label",
    "legend",
    "summary",
    "th",
}
TAG = re.compile(r"(<[^>]+>)")
TAG_NAME = re.compile(r"<\s*(/?)\s*([a-zA-Z0-9]+)")


def render_glossary_table(site: Site, here: Page) -> str:
    """One section per term (a four-column table is unreadable on a phone), each anchored."""
    out = []
    for t in site.glossary:
        out += [f"## {t['term']} {{#{t['id']}}}", "", f"**全称或含义：**{t['full']}", ""]
        if t.get("editor"):
            out += ['!!! note "编者按"', "", f"    {t['definition']}", ""]
        else:
            out += [t["definition"], ""]
        if t.get("source"):
            out += [f"[见原文]({link(here.rel, *t['source'].split('#', 1))})", ""]
    return "\n".join(out)


@lru_cache(maxsize=4)
def _compiled(pairs: tuple) -> tuple[dict[str, str], re.Pattern]:
    titles = {term: full for term, full in pairs if term and full}
    return titles, re.compile("|".join(re.escape(t) for t in sorted(titles, key=len, reverse=True)))


def render_tooltips(page_html: str, terms: list[dict]) -> str:
    if not terms:
        return page_html
    # An expansion that goes beyond the sources says so in the tooltip too.
    titles, pattern = _compiled(
        tuple(
            (t.get("term"), f"{t['full']}（编者按）" if t.get("editor") and t.get("full") else t.get("full"))
            for t in terms
        )
    )
    parts = TAG.split(page_html)
    stack: list[str] = []
    seen: set[str] = set()
    for i, part in enumerate(parts):
        if i % 2 == 1:  # a tag
            m = TAG_NAME.match(part)
            if not m:
                continue
            closing, name = m.group(1), m.group(2).lower()
            if name == "h2" and not closing:
                seen.clear()
            if name in SKIP:
                if closing:
                    if name in stack:
                        del stack[len(stack) - 1 - stack[::-1].index(name) :]
                elif not part.endswith("/>"):
                    stack.append(name)
            continue
        if stack or not part.strip():
            continue

        def mark(m: re.Match) -> str:
            term = m.group(0)
            if term in seen:
                return term
            seen.add(term)
            return f'<abbr title="{html.escape(titles[term], quote=True)}">{term}</abbr>'

        parts[i] = pattern.sub(mark, part)
    return "".join(parts)
