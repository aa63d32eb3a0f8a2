"""Load the pages under ``docs/``: front matter (with positions), headings, anchors, links."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path

from . import safe_read, yamlpos
from .text import RAW_HTML

HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*$")
# attr_list id at the end of a heading or alone on a line: {#id}, { #id .class }, {: #id }
ATTR_ID = re.compile(r"\{:?\s*[^}]*?#([^\s}]+)[^}]*\}\s*$")
LINK = re.compile(r"(?<!!)\[(?:[^\]\\]|\\.)*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
FENCE = re.compile(r"^\s*(```|~~~)")
INLINE_CODE = re.compile(r"`[^`]*`")
PLACEHOLDER = re.compile(r"^<!--\s*kb:([a-z-]+)\s*-->$")


@dataclass
class Heading:
    level: int
    text: str  # without the attribute list
    id: str | None
    line: int
    col: int


@dataclass
class Page:
    path: Path  # absolute
    rel: str  # relative to docs/, with forward slashes
    front: yamlpos.Located | None
    front_error: yamlpos.YamlSyntaxError | None
    body: str
    body_line: int  # 1-based line number of the first body line in the file
    headings: list[Heading] = field(default_factory=list)
    anchors: dict[str, int] = field(default_factory=dict)  # id -> line
    duplicate_anchors: list[tuple[str, int, int]] = field(default_factory=list)
    links: list[tuple[str, int, int]] = field(default_factory=list)  # target, line, col
    raw_html: list[tuple[str, int, int]] = field(default_factory=list)
    placeholders: list[tuple[str, int]] = field(default_factory=list)
    generated: bool = False  # made at build time (quiz pages): nothing to check in docs/

    @property
    def meta(self) -> dict:
        data = self.front.data if self.front else None
        return data if isinstance(data, dict) else {}

    @property
    def kind(self) -> str:
        return str(self.meta.get("kind", ""))

    @property
    def title(self) -> str:
        return str(self.meta.get("title", ""))

    def heading(self, anchor: str) -> Heading | None:
        return next((h for h in self.headings if h.id == anchor), None)


def resolve_link(page: Page, target: str) -> tuple[str, str]:
    """(page path relative to docs/, anchor) of a Markdown link written on ``page``: the one
    reading of a link, for the checker (does it resolve?) and the renderers (who links here?)."""
    path, _, anchor = target.partition("#")
    if not path:
        return page.rel, anchor
    return posixpath.normpath(posixpath.join(posixpath.dirname(page.rel), path)), anchor


def split_front_matter(text: str) -> tuple[str | None, str, int]:
    """(front matter text or None, body, 1-based line of the body's first line)."""
    lines = text.split("\n")
    if lines and lines[0].strip() == "---":
        for i in range(1, len(lines)):
            if lines[i].strip() in ("---", "..."):
                return "\n".join(lines[1:i]), "\n".join(lines[i + 1 :]), i + 2
    return None, text, 1


NOT_UTF8 = safe_read.NOT_UTF8


def read_utf8(path: Path, root: Path | None = None) -> str:
    """The text of a content file, through the one reader (``safe_read``): YamlSyntaxError
    (with its line and column) for a file we do not read or a character we refuse."""
    return safe_read.read_text_file(path, root=root)


def load_page(path: Path, docs_dir: Path) -> Page:
    rel = path.relative_to(docs_dir).as_posix()
    try:
        text = read_utf8(path, docs_dir)
    except yamlpos.YamlSyntaxError as e:
        # Reported as the page's problem; the other pages are still loaded and checked.
        return Page(path, rel, None, e, "", 1)
    front_text, body, body_line = split_front_matter(text)
    front, error = None, None
    if front_text is not None:
        try:
            # Front matter starts on line 2 of the file.
            front = yamlpos.load(front_text, line_offset=1)
        except yamlpos.YamlSyntaxError as e:
            error = e
    page = Page(path, rel, front, error, body, body_line)
    _scan_body(page)
    return page


def _scan_body(page: Page) -> None:
    in_fence = False
    for n, line in enumerate(page.body.split("\n"), page.body_line):
        if FENCE.match(line):
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        m = PLACEHOLDER.match(line.strip())
        if m:
            page.placeholders.append((m.group(1), n))
            continue
        visible = INLINE_CODE.sub(lambda c: " " * len(c.group(0)), line)
        heading = HEADING.match(visible)
        attr = ATTR_ID.search(visible)
        anchor = attr.group(1) if attr else None
        if heading:
            text = ATTR_ID.sub("", heading.group(2)).strip()
            page.headings.append(Heading(len(heading.group(1)), text, anchor, n, 1))
        if anchor:
            if anchor in page.anchors:
                page.duplicate_anchors.append((anchor, n, attr.start(1)))
            else:
                page.anchors[anchor] = n
        for link in LINK.finditer(visible):
            page.links.append((link.group(1), n, link.start() + 1))
        for tag in RAW_HTML.finditer(visible):
            page.raw_html.append((tag.group(0), n, tag.start() + 1))


def load_pages(docs_dir: Path) -> dict[str, Page]:
    root = docs_dir.resolve()
    pages = {
        p.relative_to(docs_dir).as_posix(): load_page(p, docs_dir)
        for p in sorted(docs_dir.rglob("*.md"))
        # A link leading outside docs/ (or nowhere) is reported by the checker, never read.
        if not p.is_symlink() or (p.resolve().is_relative_to(root) and p.resolve().is_file())
    }
    for page in pages.values():
        if page.kind == "glossary":
            # Each term gets a section (and anchor) at build time: links to it must resolve.
            for t in page.meta.get("terms") or []:
                if isinstance(t, dict) and isinstance(t.get("id"), str):
                    page.anchors.setdefault(t["id"], page.body_line)
    return pages
