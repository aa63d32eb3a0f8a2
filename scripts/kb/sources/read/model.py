"""What a reader produces: a ``Document`` of blocks, and the one function that writes it as the
"document text" every later stage of add-source reads (the format is issue 25's shared
contract: one paragraph per line, style-only headings as ``#``, tables as ``| a | b |`` rows,
footnotes as ``[^N]`` with their texts at the end)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

# CJK ideographs, CJK punctuation and full-width forms: text in which a line break is no space.
_CJK = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f\u201c\u201d\u2018\u2019"
_CJK_END = re.compile(f"[{_CJK}]$")
_CJK_START = re.compile(f"^[{_CJK}]")
_SPACE_BETWEEN_CJK = re.compile(f"(?<=[{_CJK}])[ \t]+(?=[{_CJK}])")

# Visible numbering that makes a paragraph a heading by itself (the structure finder reads it),
# so a heading *style* on such a paragraph adds nothing and no ``#`` is written.
_NUMERAL = "〇零一二三四五六七八九十百千两0-9０-９"
NUMBERED = re.compile(rf"^(第[{_NUMERAL}]+[编章节条款部分]|[{_NUMERAL}]+[、.．]|[（(][{_NUMERAL}]+[)）]|附件|附\s*则)")

SAVE_AS = "只能读取 .docx、.pdf、.txt、.html 文件；请在 Word/WPS 中“另存为” .docx 或 .pdf 后再添加"


class ReadError(ValueError):
    """A document that cannot be read; the message (one line of Chinese, for the county
    editor who runs add-source) says why and what to do."""


Kind = Literal["heading", "paragraph", "table", "footnote"]


@dataclass
class Block:
    kind: Kind
    text: str = ""
    level: int = 0  # heading: 1 = the title (``#``), 2 = Heading 1 / h2 (``##``) ...
    rows: list[list[str]] = field(default_factory=list)  # table: the first row is the header
    number: int = 0  # footnote: its ``[^N]``


@dataclass
class Document:
    title: str | None
    blocks: list[Block]


def join_lines(lines: list[str]) -> str:
    """Lines the page (or a soft line break) broke, joined: no space where Chinese meets
    Chinese, one space between Latin words."""
    out = ""
    for line in (ln.strip() for ln in lines):
        if not line:
            continue
        if out and not (_CJK_END.search(out) or _CJK_START.search(line)):
            out += " "
        out += line
    return out


def squeeze_cjk_spaces(text: str) -> str:
    """Spaces between two Chinese characters come from layout (justified lines, HTML source
    line breaks), never from the writer."""
    return _SPACE_BETWEEN_CJK.sub("", text)


def heading_or_paragraph(text: str, level: int) -> Block:
    """A styled heading: ``#`` only when the text carries no numbering of its own."""
    if NUMBERED.match(text):
        return Block("paragraph", text)
    return Block("heading", text, level=max(1, min(level, 6)))


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def document_text(doc: Document) -> str:
    """The contract's document text of ``doc``, ending in one ``\\n``."""
    lines: list[str] = []
    notes: list[str] = []
    for block in doc.blocks:
        if block.kind == "table":
            rows = [row for row in block.rows if any(c.strip() for c in row)]
            if rows:
                lines += ["", *("| " + " | ".join(_cell(c) for c in row) + " |" for row in rows), ""]
        elif block.kind == "footnote":
            notes.append(f"[^{block.number}]: {' '.join(block.text.split())}")
        elif block.kind == "heading" and block.text.strip():
            lines.append("#" * block.level + " " + block.text.strip().replace("\n", " "))
        elif block.text.strip():
            lines.append(block.text.rstrip().replace("\n", " "))
    lines += notes
    # Blank lines only where a table needs them: none doubled, none at either end.
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out) + "\n" if out else ""
