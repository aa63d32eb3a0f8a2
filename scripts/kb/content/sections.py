"""The plain text of an anchored section of a page, for checking quotes against it."""

from __future__ import annotations

import re

from .pages import HEADING, Page

_MARKUP = [
    (re.compile(r"\{[:#][^}]*\}\s*$"), ""),  # attr_list
    (re.compile(r"\[([^\]]*)\]\([^)]*\)"), r"\1"),  # links -> their text
    (re.compile(r"\\([\\`*_{}\[\]()#+\-.!])"), r"\1"),  # Markdown escapes (1\. -> 1.)
    (re.compile(r"(\*\*|__|\*|`)"), ""),  # emphasis and code marks
    (re.compile(r"^\s*(?:>\s?)+"), ""),  # blockquotes
    (re.compile(r"^\s*(?:[-*+]|\d+\.)\s+"), ""),  # list markers
    (re.compile(r"^\s*!!!.*$"), ""),  # admonition openers
]


def plain(line: str) -> str:
    for pattern, repl in _MARKUP:
        line = pattern.sub(repl, line)
    return line.strip()


def section_text(page: Page, anchor: str | None) -> str | None:
    # Many questions cite the same section: compute each once per page object.
    cache = page.__dict__.setdefault("_sections", {})
    if anchor not in cache:
        cache[anchor] = _section_text(page, anchor)
    return cache[anchor]


def _section_text(page: Page, anchor: str | None) -> str | None:
    """Text from the heading with ``anchor`` to the next heading of the same or a higher level.

    With no anchor, the whole page.  None if the anchor is not a heading of the page.
    """
    lines = page.body.split("\n")
    if not anchor:
        return "\n".join(plain(line) for line in lines)
    start = page.anchors.get(anchor)
    if start is None:
        return None
    i = start - page.body_line
    m = HEADING.match(lines[i])
    if not m:  # an anchor on a paragraph: that paragraph
        return plain(lines[i])
    level = len(m.group(1))
    out = [plain(m.group(2))]
    for line in lines[i + 1 :]:
        h = HEADING.match(line)
        if h and len(h.group(1)) <= level:
            break
        out.append(plain(line))
    return "\n".join(out)
