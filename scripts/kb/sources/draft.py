"""Draft pages from a document's outline (issue 25 §4): every line of the text, verbatim.

One page ``sources/ID.md`` for a short document; for a long 条例 (more than LONG_ARTICLES
articles, more than one 编 or more than MANY_CHAPTERS chapters) a folder ``sources/ID/``: an
``index.md`` with the title block, preamble and a list of the chapters, and one page per chapter
(or per 编 when there are no chapters) and per annex, named by the unit's anchor.  Anchors are
the outline's, whichever page a unit lands on.

The source's words are shown, never interpreted: Markdown-significant characters are escaped
(``1\\.``, ``\\*``, ``&lt;``), so raw HTML in a document is displayed as text, not run.  Tables
become Markdown tables and footnotes Markdown footnotes (``[^N]``, which needs the ``footnotes``
extension in mkdocs.yml; without it they show as written, still verbatim).
"""

from __future__ import annotations

import re

import yaml

from .structure import FOOTNOTE_REF, Block, Outline, Unit

LONG_ARTICLES = 40
MANY_CHAPTERS = 10
NOT_GIVEN = "原文未注明"

EDITOR_NOTE = (
    '!!! note "编者按"\n'
    "    本页由 add-source 命令根据原文自动生成，编辑尚未核对。正文逐字照录原文；"
    "标题层级、锚点和发文信息由程序识别，可能有误。核对无误后，请删去页首的 draft: true。"
)

# Characters Python-Markdown reads as markup anywhere in a line, escaped with a backslash
# (``|`` is escapable once the tables extension is on, as it is in mkdocs.yml).
_BACKSLASHED = set("\\`*_{}[]#|")


def escape_text(text: str, notes: frozenset[str] | set[str] = frozenset()) -> str:
    """``text`` as Markdown that displays exactly ``text``; ``[^N]`` kept for known footnotes."""
    out, pos = [], 0
    for m in FOOTNOTE_REF.finditer(text):
        if m.group(1) in notes:
            out += [_escape(text[pos : m.start()]), m.group(0)]
            pos = m.end()
    out.append(_escape(text[pos:]))
    return "".join(out)


def _escape(text: str) -> str:
    text = "".join("\\" + c if c in _BACKSLASHED else c for c in text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def escape_line(text: str, notes: frozenset[str] | set[str] = frozenset()) -> str:
    """A paragraph line: inline escapes, then what would start a list, a rule or a block.

    Leading and trailing ASCII spaces carry no meaning in the document text and would make a
    code block or a line break in Markdown, so they are dropped.
    """
    line = escape_text(text.strip(" \t"), notes)
    line = re.sub(r"^(\d+)([.)])", r"\1\\\2", line)  # 1. → 1\. (CONTENT.md)
    line = re.sub(r"^([-+!])", r"\\\1", line)  # list item, rule, admonition (!!!)
    return re.sub(r"^([?=:~])", lambda m: f"&#{ord(m.group(1))};", line)  # details (???), no \ escape


def table_cells(row: str) -> list[str]:
    """The cells of a contract table row ``| a | b\\|c |`` → ``["a", "b|c"]``."""
    inner = row.strip()[1:-1]
    return [c.strip().replace("\\|", "|") for c in re.split(r"(?<!\\)\|", inner)]


def render_table(rows: list[str], notes: set[str]) -> str:
    cells = [table_cells(r) for r in rows]
    width = max(len(c) for c in cells)
    out = []
    for i, row in enumerate(cells):
        row = row + [""] * (width - len(row))
        out.append("| " + " | ".join(escape_text(c, notes) for c in row) + " |")
        if i == 0:
            out.append("|" + "|".join(["---"] * width) + "|")
    return "\n".join(out)


class _Page:
    """One Markdown page being written: blocks separated by blank lines, footnotes it uses."""

    def __init__(self, outline: Outline):
        self.outline = outline
        self.notes = set(outline.footnotes)
        self.blocks: list[str] = []
        self.used: list[str] = []

    def para(self, text: str) -> None:
        for key in FOOTNOTE_REF.findall(text):
            if key in self.notes and key not in self.used:
                self.used.append(key)
        self.blocks.append(escape_line(text, self.notes))

    def block(self, block: Block) -> None:
        if block.kind == "table":
            for _, text in block.lines:
                self.para(text)  # records the footnotes the table uses
                self.blocks.pop()
            self.blocks.append(render_table([t for _, t in block.lines], self.notes))
        else:
            for _, text in block.lines:
                self.para(text)

    def heading(self, unit: Unit, level: int) -> None:
        text = escape_text(unit.heading_text, self.notes)
        self.blocks.append(f"{'#' * min(level, 6)} {text} {{#{unit.anchor}}}")
        if unit.rest:
            self.para(unit.rest)

    def footnotes(self, extra: list[str] = ()) -> None:
        for key in self.used + [k for k in extra if k not in self.used]:
            self.blocks.append(f"[^{key}]: {escape_text(self.outline.footnotes[key][1], self.notes)}")

    def text(self, front: dict) -> str:
        head = yaml.safe_dump(front, allow_unicode=True, sort_keys=False, width=1000)
        return f"---\n{head}---\n\n" + "\n\n".join(self.blocks) + "\n"


def _front(meta: dict, title: str) -> dict:
    return {"kind": "document", "title": title, "source": meta["id"], "category": meta["category"], "draft": True}


def _date_text(outline: Outline, meta: dict) -> str:
    given, guessed = meta.get("date"), outline.meta.get("date")
    if guessed and (not given or given == guessed):
        return outline.meta["date_text"]  # as the document writes it
    if given:
        y, m, d = (int(x) for x in str(given).split("-"))
        return f"{y}年{m}月{d}日"
    return NOT_GIVEN


def _head(page: _Page, outline: Outline, meta: dict) -> None:
    """The 编者按, the metadata lines and the document's title block."""
    page.blocks.append(EDITOR_NOTE)
    issuer = meta.get("issuer") or outline.meta.get("issuer") or NOT_GIVEN
    number = meta.get("number") or outline.meta.get("number") or NOT_GIVEN
    lines = [f"发文机关：{issuer}", f"文号：{number}", f"日期：{_date_text(outline, meta)}"]
    page.blocks.append("\n".join("- " + escape_text(x) for x in lines))
    for _, text in outline.title_block:
        m = re.match(r"^#{1,6} +(.+)$", text)  # a Title-style line: the page title shows it as h1
        page.para(m.group(1) if m else text)


def _render(page: _Page, unit: Unit, level: int, split: dict[int, str]) -> None:
    if id(unit) in split:
        label = escape_text(unit.head or unit.label)
        page.blocks.append(f"- [{label}]({split[id(unit)]})")
        return
    if unit.kind != "preamble":
        page.heading(unit, level)
        level += 1
    for part in unit.body:
        if isinstance(part, Unit):
            _render(page, part, level, split)
        else:
            page.block(part)


def is_long(outline: Outline) -> bool:
    main = [u for u in outline.walk() if not u.in_annex]
    articles = sum(u.kind == "article" for u in main)
    parts = sum(u.kind == "part" for u in main)
    chapters = sum(u.kind == "chapter" for u in main)
    return articles > LONG_ARTICLES or parts > 1 or chapters > MANY_CHAPTERS


def _page_units(outline: Outline) -> list[Unit]:
    """The units that get a page of their own in a long document, in document order."""
    main = [u for u in outline.walk() if not u.in_annex]
    kind = "chapter" if any(u.kind == "chapter" for u in main) else "part"
    own = [u for u in main if u.kind == kind or (u.kind == "supplementary" and u.parent is None)]
    return own + [u for u in outline.units if u.kind == "annex"]


def render_pages(outline: Outline, meta: dict, folder: str = "sources") -> dict[str, str]:
    """Relative path under docs/ → Markdown, for a document with ``meta`` (id, title, category…)."""
    title = meta["title"]
    doc_id = meta["id"]
    units = _page_units(outline) if is_long(outline) else []
    if not units:
        page = _Page(outline)
        _head(page, outline, meta)
        for unit in outline.units:
            _render(page, unit, 2, {})
        page.footnotes([k for k in outline.footnotes])
        return {f"{folder}/{doc_id}.md": page.text(_front(meta, title))}
    split = {id(u): f"{u.anchor}.md" for u in units}
    pages: dict[str, str] = {}
    index = _Page(outline)
    _head(index, outline, meta)
    for unit in outline.units:
        _render(index, unit, 2, split)
    for unit in units:
        page = _Page(outline)
        page.blocks.append(
            EDITOR_NOTE + f"\n\n    本页是《{escape_text(title)}》的一部分，全文目录见[总页](index.md)。"
        )
        _render(page, unit, 2, {})
        page.footnotes()
        pages[f"{folder}/{doc_id}/{split[id(unit)]}"] = page.text(_front(meta, f"{title}·{unit.head or unit.label}"))
    used = {k for text in pages.values() for k in re.findall(r"^\[\^(\d+)\]:", text, re.M)}
    index.footnotes([k for k in outline.footnotes if k not in used])
    pages = {f"{folder}/{doc_id}/index.md": index.text(_front(meta, title)), **pages}
    return pages
