"""Read a web page saved from a government site: its encoding (byte-order mark, ``<meta
charset>`` or ``http-equiv``, else UTF-8, else GB18030), then the article only.

The page becomes a small tree (stdlib ``html.parser``: nothing here needs lxml's speed or its
repair of broken markup).  Scripts, styles, navigation, headers, footers, sidebars, forms and
link lists ("相关链接", menus) are dropped; the article is the element holding most of the
page's remaining Chinese text — walking down from <body> while one child holds nearly all of
it — which finds ``TRS_Editor``/``article``/``content`` divs without naming them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from .model import Block, Document, ReadError, heading_or_paragraph, squeeze_cjk_spaces

DROP_TAGS = {"script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form",
             "iframe", "select", "button", "input", "textarea", "head", "svg", "object"}  # fmt: skip
DROP_CLASS = re.compile(
    r"(?:^|[\s_-])(?:nav|navbar|menu|header|footer|sidebar|side|crumbs?|breadcrumb|share|copyright|related)(?:$|[\s_-])",
    re.IGNORECASE,
)
VOID = {"br", "img", "hr", "meta", "link", "input", "area", "base", "col", "embed", "source", "wbr"}
BLOCK = {"p", "div", "li", "ul", "ol", "section", "article", "main", "blockquote", "dd", "dt", "dl",
         "h1", "h2", "h3", "h4", "h5", "h6", "table", "tr", "td", "th", "tbody", "thead", "center", "pre", "body"}  # fmt: skip
CJK = re.compile(r"[\u3400-\u9fff]")
CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_-]+)""", re.IGNORECASE)


@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    children: list = field(default_factory=list)  # Node or str
    parent: Node | None = None


class _TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", {})
        self.current = self.root

    def handle_starttag(self, tag, attrs):
        # <p> and <li> close an open one of their kind, as browsers do.
        if tag in ("p", "li") and self._open(tag):
            self.handle_endtag(tag)
        node = Node(tag, {k: v or "" for k, v in attrs}, parent=self.current)
        self.current.children.append(node)
        if tag not in VOID:
            self.current = node

    def handle_startendtag(self, tag, attrs):
        self.current.children.append(Node(tag, {k: v or "" for k, v in attrs}, parent=self.current))

    def handle_endtag(self, tag):
        node = self._open(tag)
        if node is not None:
            self.current = node.parent or self.root

    def handle_data(self, data):
        self.current.children.append(data)

    def _open(self, tag):
        node = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        return node


def decode(data: bytes, name: str) -> str:
    from .text import BOMS

    for bom, encoding in BOMS:
        if data.startswith(bom):
            return data.decode(encoding)
    declared = CHARSET.search(data[:4096])
    candidates = [declared.group(1).decode("ascii").lower()] if declared else []
    # gb2312/gbk pages often hold characters outside those sets: GB18030 reads them all.
    candidates = ["gb18030" if c in ("gb2312", "gbk", "x-gbk", "gb_2312-80") else c for c in candidates]
    for encoding in [*candidates, "utf-8", "gb18030"]:
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    raise ReadError(
        f"{name}：无法识别这个网页文件的编码；请在浏览器中打开网页，复制正文粘贴到记事本，另存为 UTF-8 的 .txt 后再添加"
    )


def read_html(data: bytes, name: str) -> Document:
    builder = _TreeBuilder()
    builder.feed(decode(data, name))
    builder.close()
    root = builder.root
    title_node = _find(root, "title")
    h1 = _find(root, "h1")
    _prune(root)
    article = _article(_find(root, "body") or root)
    blocks: list[Block] = []
    if h1 is not None and not _contains(article, h1) and _text(h1):
        blocks.append(heading_or_paragraph(_text(h1), 1))
    blocks += _blocks(article)
    title = _text(h1) if h1 is not None else (_text(title_node) if title_node is not None else None)
    return Document(title=title or None, blocks=blocks)


def _find(node: Node, tag: str) -> Node | None:
    for child in node.children:
        if isinstance(child, Node):
            if child.tag == tag:
                return child
            found = _find(child, tag)
            if found is not None:
                return found
    return None


def _contains(ancestor: Node, node: Node) -> bool:
    while node is not None:
        if node is ancestor:
            return True
        node = node.parent
    return False


def _text(node, skip_links: bool = False) -> str:
    if isinstance(node, str):
        return node
    if skip_links and node.tag == "a":
        return ""
    return "".join(_text(c, skip_links) for c in node.children)


def _cjk(node, skip_links: bool = True) -> int:
    return len(CJK.findall(_text(node, skip_links)))


def _prune(node: Node) -> None:
    """Drop what is never the article: by tag, by class/id, and blocks made mostly of links."""
    kept = []
    for child in node.children:
        if isinstance(child, Node):
            names = f"{child.attrs.get('class', '')} {child.attrs.get('id', '')}"
            if child.tag in DROP_TAGS or DROP_CLASS.search(names):
                continue
            _prune(child)
            if child.tag in BLOCK and child.tag not in ("body", "p"):
                all_cjk, link_free = _cjk(child, False), _cjk(child, True)
                if all_cjk >= 4 and link_free < 0.3 * all_cjk:
                    continue  # a menu or a 相关链接 list
        kept.append(child)
    node.children = kept


def _article(node: Node) -> Node:
    """Walk down while one child holds at least 70% of the Chinese text."""
    while True:
        total = _cjk(node)
        children = [c for c in node.children if isinstance(c, Node)]
        best = max(children, key=_cjk, default=None)
        if best is None or total == 0 or _cjk(best) < 0.7 * total or best.tag in ("p", "li", "tr", "td", "h1", "h2"):
            return node
        node = best


def _clean(text: str) -> str:
    text = re.sub(r"[\s\u00a0]+", " ", text)
    return squeeze_cjk_spaces(text).strip(" \u3000")


def _blocks(node: Node) -> list[Block]:
    blocks: list[Block] = []
    pending: list[str] = []

    def flush():
        text = _clean("".join(pending))
        pending.clear()
        if text:
            blocks.append(Block("paragraph", text))

    def walk(n: Node):
        for child in n.children:
            if isinstance(child, str):
                pending.append(child)
            elif child.tag == "br":
                flush()
            elif re.fullmatch(r"h[1-6]", child.tag):
                flush()
                text = _clean(_text(child))
                if text:
                    blocks.append(heading_or_paragraph(text, int(child.tag[1])))
            elif child.tag == "table" and not _is_layout(child):
                flush()
                blocks.append(Block("table", rows=_rows(child)))
            elif child.tag in BLOCK:
                flush()
                walk(child)
                flush()
            else:
                walk(child)

    walk(node)
    flush()
    return blocks


def _is_layout(table: Node) -> bool:
    """A table used to place the page's parts (old government sites), not a table of data."""
    rows = _rows(table)
    return any(_find(table, tag) is not None for tag in ("p", "div", "table")) or max(map(len, rows), default=0) < 2


def _rows(table: Node) -> list[list[str]]:
    rows = []

    def walk(n: Node):
        for child in n.children:
            if isinstance(child, Node):
                if child.tag == "tr":
                    rows.append(
                        [_clean(_text(c)) for c in child.children if isinstance(c, Node) and c.tag in ("td", "th")]
                    )
                elif child.tag != "table":
                    walk(child)

    walk(table)
    return rows
