"""Read a text-based PDF with pdfminer.six: the lines on each page with their positions, then
running headers/footers and page numbers dropped, two-column pages read column by column, and
lines the page width broke joined back into paragraphs (also across columns and pages).

pdfminer.six rather than pdfplumber: pdfplumber is a layer over pdfminer.six that adds
pypdfium2 (a native PDFium build) and Pillow for rendering and table drawing, none of which
reading text needs; pdfminer's line boxes are all the geometry used here.
"""

from __future__ import annotations

import io
import logging
import re
import unicodedata
from dataclasses import dataclass
from statistics import median

from .model import NUMBERED, Block, Document, ReadError, join_lines, squeeze_cjk_spaces

BAND = 0.1  # running headers and footers live in the top and bottom 10% of a page
PAGE_NUMBER = re.compile(
    r"^(?:[-–—‒－\s]*\d+[-–—‒－\s]*|第\s*\d+\s*页(?:\s*[，,/]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+|page\s*\d+(?:\s*of\s*\d+)?)$",
    re.IGNORECASE,
)
# Chromium, Skia and other PDF writers map CJK glyphs that a font shares between a radical and
# an ideograph to the radical (⼀ for 一, ⺠ for 民) and the ideographic space to an em space;
# a reader must see the characters the writer typed.
_RADICALS = {
    "⺠": "民", "⻓": "长", "⻔": "门", "⻛": "风", "⻜": "飞", "⻚": "页", "⻅": "见", "⻋": "车",
    "⻢": "马", "⻥": "鱼", "⻦": "鸟", "⻩": "黄", "⻬": "齐", "⻰": "龙", "⻆": "角", "⻄": "西",
    "⻝": "食", "⻉": "贝", "⻘": "青", "⻨": "麦", "⻤": "鬼", "⻣": "骨", "⻪": "黾",
    "⻭": "齿", "⻮": "齿", "⻳": "龟", "⺟": "母", "⺩": "王", "⻈": "讠", "⻊": "足", "\u2003": "\u3000",
}  # fmt: skip
_FIX = str.maketrans(
    {**{chr(c): unicodedata.normalize("NFKC", chr(c)) for c in range(0x2F00, 0x2FD6)},
     **{chr(c): unicodedata.normalize("NFKC", chr(c)) for c in range(0xF900, 0xFADA)}, **_RADICALS}
)  # fmt: skip
_CJK_DIGIT_SPACE = re.compile(
    r"(?<=[\u3400-\u9fff\u3000-\u303f\uff00-\uffef])[ ]+(?=\d)|(?<=\d)[ ]+(?=[\u3400-\u9fff\u3000-\u303f\uff00-\uffef])"
)


@dataclass
class Line:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    page: int
    column: int = 0  # 0 a one-column page, 1 left column, 2 right column, 3 across both columns

    @property
    def size(self) -> float:
        return self.y1 - self.y0


def read_pdf(data: bytes, name: str) -> Document:
    pages = _load_lines(data, name)
    if not any(pages):
        raise ReadError(
            f"{name}：这个 PDF 没有文字层（可能是扫描件），无法读取文字；请找到原始的 Word 文件，或先用 OCR 软件转成文字后另存为 .txt"
        )
    heights = [p[1] for p in pages if p]
    pages_lines = drop_running_lines([p[0] for p in pages], heights)
    ordered: list[Line] = []
    for lines in pages_lines:
        ordered += reading_order(lines)
    paragraphs = join_paragraphs(ordered)
    return Document(title=_title(pages_lines), blocks=[Block("paragraph", p) for p in paragraphs])


def _load_lines(data: bytes, name: str) -> list[tuple[list[Line], float] | None]:
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams, LTTextLineHorizontal
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.psparser import PSException

    def lines_of(item, page: int):
        if isinstance(item, LTTextLineHorizontal):
            text = _normalise(item.get_text())
            if text:
                yield Line(text, item.x0, item.y0, item.x1, item.y1, page)
        elif hasattr(item, "__iter__"):
            for child in item:
                yield from lines_of(child, page)

    if not data.startswith(b"%PDF") and b"%PDF" not in data[:1024]:
        raise ReadError(f"{name}：文件已损坏或不是真正的 PDF（可能只是改了扩展名）；请重新导出 PDF 或改用 .docx 文件")
    # boxes_flow=None: no grouping of text boxes into a reading order (quadratic in the boxes,
    # and the columns are found below); char_margin 1.0 keeps two columns' lines apart.
    params = LAParams(char_margin=1.0, line_margin=0.3, boxes_flow=None)
    # pdfminer warns about every font descriptor Chromium leaves without a FontBBox: noise to an editor.
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    out = []
    try:
        for number, page in enumerate(extract_pages(io.BytesIO(data), laparams=params)):
            out.append((list(lines_of(page, number)), page.height) if page else None)
    except (PDFPasswordIncorrect, PDFEncryptionError) as err:
        raise ReadError(
            f"{name}：这个 PDF 设有密码或加密，无法读取；请取消密码后重新导出 PDF，或改用原始的 Word 文件"
        ) from err
    except (PDFSyntaxError, PSException, ValueError, KeyError, TypeError) as err:
        raise ReadError(
            f"{name}：文件已损坏或不是真正的 PDF（可能只是改了扩展名）；请重新导出 PDF 或改用 .docx 文件"
        ) from err
    return [p if p and p[0] else None for p in out] if any(p and p[0] for p in out) else []


def _normalise(text: str) -> str:
    text = text.replace("\n", " ").translate(_FIX).strip()
    return _CJK_DIGIT_SPACE.sub("", squeeze_cjk_spaces(text)).strip()


def drop_running_lines(pages: list[list[Line] | None], heights: list[float]) -> list[list[Line]]:
    """Lines in the top or bottom band that repeat at the same place on most pages (digits
    ignored, so "- 3 -" and "第 3 页" repeat), and page numbers anywhere in those bands."""
    real = [p or [] for p in pages]
    height = max(heights)
    seen: dict[tuple[str, int], int] = {}
    for lines in real:
        for key in {_key(ln) for ln in lines if _in_band(ln, height)}:
            seen[key] = seen.get(key, 0) + 1
    need = max(2, -(-len(real) * 3 // 5))  # on 60% of the pages: body text rarely repeats that often
    return [
        [ln for ln in lines if not (_in_band(ln, height) and (seen[_key(ln)] >= need or PAGE_NUMBER.match(ln.text)))]
        for lines in real
    ]


def _key(line: Line) -> tuple[str, int]:
    return re.sub(r"\d+", "#", line.text.replace(" ", "")), round(line.y0 / 3)


def _in_band(line: Line, height: float) -> bool:
    return line.y0 > height * (1 - BAND) or line.y1 < height * BAND


def reading_order(lines: list[Line]) -> list[Line]:
    """Top to bottom; on a two-column page the left column, then the right, between the lines
    that span both (a title across the columns)."""
    lines = sorted(lines, key=lambda ln: (-ln.y1, ln.x0))
    gutter = _gutter(lines)
    if gutter is None:
        for ln in lines:
            ln.column = 0
        return lines
    out: list[Line] = []
    left: list[Line] = []
    right: list[Line] = []
    for ln in lines:
        if ln.x1 <= gutter:
            ln.column = 1
            left.append(ln)
        elif ln.x0 >= gutter:
            ln.column = 2
            right.append(ln)
        else:
            ln.column = 3
            out += left + right + [ln]
            left, right = [], []
    return out + left + right


def _gutter(lines: list[Line]) -> float | None:
    """The x of the gap between two columns, or None on a one-column page."""
    if len(lines) < 6:
        return None
    x_min, x_max = min(ln.x0 for ln in lines), max(ln.x1 for ln in lines)
    best = None
    for step in range(30, 71):
        x = x_min + (x_max - x_min) * step / 100
        crossing = sum(1 for ln in lines if ln.x0 < x - 1 and ln.x1 > x + 1)
        left = sum(1 for ln in lines if ln.x1 <= x)
        right = sum(1 for ln in lines if ln.x0 >= x)
        if min(left, right) >= 0.2 * len(lines) and crossing <= 0.15 * len(lines):
            score = (crossing, -min(left, right))
            if best is None or score < best[0]:
                best = (score, x)
    return best[1] if best else None


def join_paragraphs(lines: list[Line]) -> list[str]:
    """Lines joined into paragraphs.  A paragraph ends where its line stops well short of the
    column's right edge; a new one starts at an indented line, a numbered line, a change of
    type size, or a gap wider than the line spacing within a column."""
    # A column's edges over the whole document: a page with a few lines has no edge of its own.
    edges: dict[int, tuple[float, float]] = {}
    for ln in lines:
        lo, hi = edges.get(ln.column, (ln.x0, ln.x1))
        edges[ln.column] = (min(lo, ln.x0), max(hi, ln.x1))
    size = median(ln.size for ln in lines)
    paragraphs: list[list[str]] = []
    prev: Line | None = None
    for ln in lines:
        left = edges[ln.column][0]
        starts = (
            prev is None
            or prev.x1 < edges[prev.column][1] - 1.2 * size
            or ln.x0 > left + 0.8 * size
            or NUMBERED.match(ln.text) is not None
            or abs(ln.size - prev.size) > 0.2 * size
            or ((ln.page, ln.column) == (prev.page, prev.column) and prev.y0 - ln.y1 > 1.2 * size)
            or 3 in (ln.column, prev.column)
        )
        if starts:
            paragraphs.append([])
        paragraphs[-1].append(ln.text)
        prev = ln
    return [join_lines(p) for p in paragraphs]


def _title(pages: list[list[Line]]) -> str | None:
    """The line set largest on the first page with text, when it is clearly larger."""
    first = next((p for p in pages if p), [])
    if len(first) < 2:
        return None
    typical = median(ln.size for ln in first)
    biggest = max(first, key=lambda ln: ln.size)
    return biggest.text if biggest.size > 1.25 * typical else None
