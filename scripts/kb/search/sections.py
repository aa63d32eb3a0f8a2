"""A page's content HTML cut into sections, one per heading (``sections_of``), with the
words a cadre uses for a section its text lacks (``alias_for``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import unescape
from html.parser import HTMLParser

from .text import BREAK, clean_text, normalize

# label and legend too: a question's options are labels, and their text must not run together
# (文化程度偏低 + C. + 疲于应付 read as one chunk 文化程度偏低C疲于应付).
BLOCK = {
    "address", "article", "aside", "blockquote", "br", "dd", "details", "div", "dl", "dt", "figcaption",
    "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "label", "legend",
    "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th",
    "thead", "tr", "ul",
}  # fmt: skip
SKIP = {"script", "style", "template", "noscript", "svg", "button", "input", "select", "textarea"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
DUTY_ANCHOR = re.compile(r"duty-(\d+)")


@dataclass
class Section:
    anchor: str  # "" for the top of the page (before its first heading)
    heading: str  # "" for the top of the page: the page title stands for it
    text: str
    alias: str = ""  # extra words that name the section, matched like the heading
    links: float = 0.0  # share of the text that is link text (a list of links is a signpost)
    level: int = 0  # 2 for an <h2> …; 0 for the top of the page and a quiz question
    items: int = 0  # a heading with no text of its own above its own headings (问题 above 一、
    # 二、 …): how many sections after it are its items, else 0


DUTIES_ANCHORS = ("duties", "main-duties")  # a list of duties, whatever its heading says (我做什么)


def alias_for(anchor: str) -> str:
    """Words a cadre uses for a section that its own text lacks: duty-8 is 第8条; a role
    page's 我做什么 is its 职责 (the passage kind the search shows for it too)."""
    m = DUTY_ANCHOR.fullmatch(anchor)
    if m:
        return f"第{m.group(1)}条"
    return "职责" if anchor in DUTIES_ANCHORS else ""


class _SectionParser(HTMLParser):
    """Split a page's content HTML at headings that carry an id."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.sections: list[Section] = [Section("", "", "")]
        self._buf: list[str] = []
        self._skip = 0  # depth inside an element whose text is not indexed
        self._heading: tuple[str, str | None] | None = None  # (tag, id) while inside a heading
        self._heading_buf: list[str] = []
        self._in_link = 0  # depth inside <a> elements
        self._chars = [0, 0]  # visible characters of the current section: all, inside links

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if self._skip:
            if tag not in VOID:
                self._skip += 1
            return
        classes = (a.get("class") or "").split()
        # Hidden content (a quiz's explanation before it is answered) is not searchable either.
        hidden = "hidden" in a or a.get("aria-hidden") == "true"
        if tag in SKIP or hidden or "data-search-exclude" in a or "headerlink" in classes:
            if tag not in VOID:
                self._skip = 1
            return
        if tag in HEADINGS:
            self._heading = (tag, a.get("id"))
            self._heading_buf = []
        elif tag == "form" and "kb-q" in classes and a.get("id"):
            # One quiz question, one passage (its stem and options): a whole bank as one
            # passage held every word of 55 questions far apart (党员 … 发展 in different ones),
            # and its result could only open the top of the page.
            self._close()
            self.sections.append(Section(a["id"], "", ""))
        elif tag == "a":
            self._in_link += 1
        elif tag in BLOCK:
            self._out(BREAK)

    def handle_endtag(self, tag: str) -> None:
        if self._skip:
            self._skip -= 1
            return
        if self._heading and tag == self._heading[0]:
            level, anchor = self._heading
            text = clean_text("".join(self._heading_buf))
            self._heading = None
            if level == "h1":
                return  # the page title, indexed from the page's metadata
            if anchor:
                self._close()
                self.sections.append(Section(anchor, text, "", alias_for(anchor), level=int(level[1])))
            else:
                self._buf.append(f"{BREAK}{text}{BREAK}")
        elif tag == "a":
            self._in_link = max(0, self._in_link - 1)
        elif tag in BLOCK:
            self._out(BREAK)

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self._out(data)

    def _out(self, text: str) -> None:
        if self._heading:
            self._heading_buf.append(text)
            return
        self._buf.append(text)
        n = len(normalize(text))
        self._chars[0] += n
        if self._in_link:
            self._chars[1] += n

    def _close(self) -> None:
        self.sections[-1].text = clean_text("".join(self._buf))
        self.sections[-1].links = self._chars[1] / self._chars[0] if self._chars[0] else 0.0
        self._buf = []
        self._chars = [0, 0]

    def result(self) -> list[Section]:
        self.close()
        self._close()
        top, rest = self.sections[0], self.sections[1:]
        for n, s in enumerate(rest):
            if s.level and not s.text:
                below = 0
                while n + 1 + below < len(rest) and rest[n + 1 + below].level > s.level:
                    below += 1
                s.items = below
        return ([top] if top.text else []) + rest


# A tokenizer for the well-formed HTML that Python-Markdown and our renderers write: it calls
# the parser's handlers as html.parser would (names lowercased, entities decoded, <x/> as a
# start and an end tag, script/style content as raw text), at a fifth of html.parser's cost.
_TOKEN = re.compile(
    r"<!--.*?-->|<![^>]*>|<\?[^>]*>"
    r"|<([a-zA-Z][^\s/>]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>"
    r"|</([a-zA-Z][^\s>]*)\s*>"
    r"|([^<]+|<)",
    re.S,
)
_ATTR = re.compile(r"""([^\s/>"'=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?""")
_RAW = ("script", "style")
_ATTRS_READ = ("hidden", "data-search-exclude", "headerlink", "kb-q")


def _attrs(text: str) -> list[tuple[str, str | None]]:
    return [
        (
            m.group(1).lower(),
            unescape(next(v for v in m.group(2, 3, 4) if v is not None)) if "=" in m.group(0) else None,
        )
        for m in _ATTR.finditer(text)
    ]


def _feed(parser: _SectionParser, html: str) -> None:
    pos, end = 0, len(html)
    match = _TOKEN.match
    while pos < end:
        m = match(html, pos)
        pos = m.end()
        start, attrs, closing, data = m.group(1, 2, 3, 4)
        if data is not None:
            parser.handle_data(unescape(data) if "&" in data else data)
        elif closing is not None:
            parser.handle_endtag(closing.lower())
        elif start is not None:
            tag = start.lower()
            # Attributes matter only for what the parser looks at (heading ids, hiding, the
            # permalink); most tags have none of it, and reading them is the costly part.
            wanted = not parser._skip and (tag in HEADINGS or any(k in attrs for k in _ATTRS_READ))
            parser.handle_starttag(tag, _attrs(attrs) if wanted else [])
            if attrs.endswith("/"):
                parser.handle_endtag(tag)
            elif tag in _RAW:  # raw text up to the closing tag
                close = re.compile(f"</{tag}\\s*>", re.I).search(html, pos)
                stop = close.start() if close else end
                parser.handle_data(html[pos:stop])
                pos = stop


def sections_of(html: str) -> list[Section]:
    """The page's sections in document order; the top one only if it has text of its own."""
    parser = _SectionParser()
    _feed(parser, html)
    return parser.result()
