"""Read a trainer's spreadsheet (.xlsx or .csv) into rows of cell text.

Cells come back as text whatever Excel stored (numbers, dates, booleans), with the row
numbers Excel shows, fully empty rows left out.  A file that cannot be read raises
:class:`SheetError` with a Chinese message saying what to do (and the cell, when it is one).

Only what the trainer wrote is read, and never more than :data:`MAX_ROWS` x :data:`MAX_COLS`
cells of :data:`MAX_CELL_CHARS` characters (issue 24): the file must be a regular file of at
most :data:`MAX_FILE_BYTES`; in an .xlsx every XML part is checked against
:data:`MAX_PART_BYTES` before it is unpacked (a shared-strings "bomb"), the sheet's stated
size (``<dimension>``) before reading it, and the cells are streamed (openpyxl's read-only
parser), so a single cell at XFD1048576 costs one cell, not the rectangle from A1.  Which
sheet was read is said; hidden sheets are read only when named (``--sheet``).  Excel error
values and merged cells are kept aside (:attr:`Table.errors`, :attr:`Table.merged`) so that
the importer can name them as what they are.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import io
import re
import warnings
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

from .. import regular

SHEET_NAME = "题库"
SAVE_AS_XLSX = "请在 Excel 或 WPS 中打开它，点“文件 → 另存为”，保存类型选“Excel 工作簿（*.xlsx）”，再导入新文件"
# Formats trainers have that we do not read, with what they are.
OTHER_FORMATS = {
    ".xls": "Excel 97-2003 工作簿",
    ".et": "WPS 表格",
    ".ett": "WPS 表格模板",
    ".ods": "OpenDocument 表格",
    ".numbers": "Numbers 表格",
    ".xlsm": "启用宏的 Excel 工作簿",
    ".xlsb": "Excel 二进制工作簿",
    ".xltx": "Excel 模板",
    ".txt": "文本文件",
    ".tsv": "制表符分隔的文本",
}

# Limits: a bank of 10,000 questions with its header and a few title rows fits with room to spare.
MAX_ROWS = 10_010
MAX_COLS = 50
MAX_CELL_CHARS = 5_000
MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_PART_BYTES = 100 * 1024 * 1024  # one XML part of an .xlsx, unpacked
MAX_MERGES = 10_000
LIMITS = f"导入上限（{MAX_ROWS} 行 × {MAX_COLS} 列、每格 {MAX_CELL_CHARS} 个字符）"
# What Excel writes in a cell whose formula failed (also what it writes for them in a CSV).
ERROR_VALUES = {
    "#N/A": "找不到公式要查的值",
    "#REF!": "公式引用的单元格已被删除",
    "#VALUE!": "公式中的值类型不对",
    "#DIV/0!": "公式除以了零",
    "#NAME?": "公式中有无法识别的名称",
    "#NUM!": "公式中的数值无效",
    "#NULL!": "公式中的区域不相交",
    "#SPILL!": "公式结果的区域被占用",
    "#CALC!": "公式无法计算",
    "#GETTING_DATA": "数据尚未取到",
}
STATES = {"hidden": "隐藏", "veryHidden": "深度隐藏（在 Excel 中右键也无法取消隐藏）"}


class SheetError(ValueError):
    """The file cannot be read at all; the message says what to do, in Chinese; ``row`` and
    ``col`` (1-based) are the cell it is about, or 1, 1."""

    def __init__(self, message: str, row: int = 1, col: int = 1) -> None:
        super().__init__(message)
        self.row, self.col = row, col


@dataclass(frozen=True)
class Merged:
    ref: str  # as Excel writes it, e.g. A3:A5
    min_row: int
    min_col: int
    max_row: int
    max_col: int

    def __contains__(self, cell: tuple[int, int]) -> bool:
        row, col = cell
        return self.min_row <= row <= self.max_row and self.min_col <= col <= self.max_col


@dataclass
class Table:
    rows: list[tuple[int, list[str]]]  # (row number as Excel shows it, cell texts), empty rows left out
    sheet: str = ""  # the sheet read ("" for CSV)
    title: str = ""  # the workbook's document title, written by the export ("" if none)
    description: str = ""
    errors: dict[tuple[int, int], str] = field(default_factory=dict)  # (row, col) -> "#N/A" …: read as ""
    merged: list[Merged] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # which sheet was read, sheets left out


def read_table(path: Path, sheet: str | None = None) -> Table:
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return read_xlsx(path, sheet)
    if suffix == ".csv":
        return read_csv(path)
    what = f" {suffix} 文件" if suffix else "没有扩展名的文件"
    if suffix in OTHER_FORMATS:
        what += f"（{OTHER_FORMATS[suffix]}）"
    raise SheetError(f"不能读取{what}：只能导入 .xlsx 和 .csv 文件。{SAVE_AS_XLSX}")


def open_regular(path: Path):
    """``path`` opened if it is a regular file of at most MAX_FILE_BYTES, else SheetError."""
    try:
        return regular.open_regular(path, MAX_FILE_BYTES)
    except regular.NotRegular as e:
        how = (
            "一万道题的表格也远小于这个大小，请检查是否选错了文件" if e.too_big else "请给出 .xlsx 或 .csv 表格文件本身"
        )
        raise SheetError(f"{e}，未读取：{how}") from None


# --- .xlsx -------------------------------------------------------------------------------

NOT_A_WORKBOOK = (
    "无法读取这个 .xlsx 文件：它不是 Excel 2007 及以后的工作簿格式（可能是改了扩展名的 .xls，"
    f"或设置了打开密码）。{SAVE_AS_XLSX}（如有密码请先取消）"
)
MERGE_CELL = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*?\bref="([A-Za-z0-9:$]{1,40})"')


def check_parts(archive: zipfile.ZipFile) -> None:
    """Refuse a part that would unpack beyond MAX_PART_BYTES, before anything unpacks it
    (zipfile stops at the stated size, so a part cannot lie about it)."""
    for info in archive.infolist():
        if info.file_size > MAX_PART_BYTES:
            raise SheetError(
                f"这个 .xlsx 文件中的 {info.filename} 解压后有 {info.file_size / 1024 / 1024:.0f} MB，"
                f"超过导入上限 {MAX_PART_BYTES // 1024 // 1024} MB（一万道题的表格也远小于这个大小）："
                "文件可能已损坏或被改动过，请把题目复制到一个新的工作簿，保存后再导入"
            )


def read_xlsx(path: Path, wanted: str | None = None) -> Table:
    # openpyxl in read-only mode: streamed, typed cells (Excel's error values among them) and
    # the sheets' visibility; python-calamine, faster, builds the whole rectangle from A1.
    import openpyxl

    with open_regular(path) as f:
        try:
            with zipfile.ZipFile(f) as archive:
                check_parts(archive)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # openpyxl warns (to stderr) about what it skips
                workbook = openpyxl.load_workbook(f, read_only=True, data_only=True, keep_links=False)
        except SheetError:
            raise
        except Exception as e:  # not a zip, not a workbook, encrypted, damaged
            raise SheetError(NOT_A_WORKBOOK) from e
        try:
            sheet, notes = choose_sheet(workbook, wanted)
            table = read_sheet(workbook, sheet)
        except SheetError:
            raise
        except Exception as e:  # a damaged sheet part
            raise SheetError(NOT_A_WORKBOOK) from e
        finally:
            workbook.close()
        table.notes = notes
        f.seek(0)
        table.title, table.description = document_properties(f)
    return table


def choose_sheet(workbook, wanted: str | None):
    """The sheet to read and a note saying which (and which hidden ones were left out): the one
    named with --sheet, else 题库, else the first visible sheet; a hidden sheet only by name."""
    sheets = workbook.worksheets
    names = "、".join(
        f"“{ws.title}”" + (f"（{STATES[ws.sheet_state][:4]}）" if ws.sheet_state in STATES else "") for ws in sheets
    )
    if wanted is not None:
        found = next((ws for ws in sheets if ws.title == wanted.strip()), None)
        if found is None:
            raise SheetError(f"工作簿中没有名为“{wanted}”的工作表：有 {names}。请在 --sheet 后写其中一个")
        chosen = found
    else:
        visible = [ws for ws in sheets if ws.sheet_state == "visible"]
        named = next((ws for ws in sheets if ws.title == SHEET_NAME), None)
        if named is not None and named.sheet_state != "visible":
            raise SheetError(
                f"工作表“{SHEET_NAME}”是{STATES.get(named.sheet_state, '隐藏')}的工作表，未读取："
                "隐藏的内容往往不是要导入的题目。请在 Excel 中取消隐藏后再导入，"
                f"或确认无误后加 --sheet {SHEET_NAME} 导入它"
            )
        if named is None and not visible:
            raise SheetError(f"工作簿中没有可见的工作表（有 {names}）：请用 --sheet 指定要导入的工作表")
        chosen = named or visible[0]
    state = STATES.get(chosen.sheet_state)
    note = f"读取工作表“{chosen.title}”" + (f"（{state[:4]}，按 --sheet 导入）" if state else "")
    others = [ws.title for ws in sheets if ws is not chosen and ws.sheet_state != "visible"]
    if others:
        hidden = "、".join(f"“{t}”" for t in others)
        note += f"；隐藏的工作表 {hidden} 未读取（如需导入，请用 --sheet 指定）"
    elif len(sheets) > 1 and wanted is None:
        note += f"（工作簿共 {len(sheets)} 个工作表，其他的未读取；可用 --sheet 指定）"
    return chosen, [note + "。"]


def stated_size(sheet) -> None:
    """Refuse a sheet whose ``<dimension>`` states more than the limits, before reading it."""
    rows, cols = sheet.max_row or 0, sheet.max_column or 0
    if rows > MAX_ROWS or cols > MAX_COLS:
        from openpyxl.utils import get_column_letter

        corner = f"{get_column_letter(min(max(cols, 1), 18278))}{rows}"
        raise SheetError(
            f"工作表“{sheet.title}”标明的范围到 {corner}（{rows} 行 × {cols} 列），超过{LIMITS}："
            "可能是表格末尾很远的某一格有内容或格式。请把有题目的行和列复制到一个新的工作表，"
            "保存后再导入"
        )


def read_sheet(workbook, sheet) -> Table:
    """The cells of ``sheet`` with a value, streamed, within the limits."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet._reader import WorkSheetParser

    stated_size(sheet)
    merged = merged_ranges(sheet)
    table = Table([], sheet.title, merged=merged)
    # The read-only sheet's own iter_rows pads each row to the widest one; the parser under it
    # (openpyxl is pinned) gives each row's cells as stored, with their row numbers and types.
    with sheet._get_source() as source:
        parser = WorkSheetParser(
            source,
            sheet._shared_strings,
            data_only=True,
            epoch=workbook.epoch,
            date_formats=workbook._date_formats,
            timedelta_formats=workbook._timedelta_formats,
        )
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # a date out of range becomes #VALUE!, named below
            for row, cells in parser.parse():
                texts: dict[int, str] = {}
                erred = False
                for cell in cells:
                    value, col = cell["value"], cell["column"]
                    text = cell_text(value)
                    if not text:
                        continue
                    where = f"{get_column_letter(min(col, 18278))}{row}"
                    if row > MAX_ROWS or col > MAX_COLS:
                        raise SheetError(
                            f"工作表“{sheet.title}”的 {where} 格有内容，超过{LIMITS}："
                            "请删除表格范围以外的内容（或把题目复制到一个新的工作表）后再导入",
                        )
                    if len(text) > MAX_CELL_CHARS:
                        raise SheetError(too_long(where, len(text)), row, col)
                    if cell["data_type"] == "e" or text in ERROR_VALUES:
                        table.errors[(row, col)] = text
                        erred = True
                        continue
                    texts[col] = text
                if texts or erred:
                    values = [""] * max(texts, default=0)
                    for col, text in texts.items():
                        values[col - 1] = text
                    table.rows.append((row, values))
    return table


def too_long(where: str, chars: int) -> str:
    return (
        f"{where} 格有 {chars} 个字符，超过导入上限 {MAX_CELL_CHARS} 个字符："
        "请检查这一格（题干、解析一般不超过几百字），缩短后再导入"
    )


def merged_ranges(sheet) -> list[Merged]:
    """The sheet's merged cells, found in its XML as a byte pattern before openpyxl parses them
    (at most MAX_MERGES: each becomes an object there)."""
    from openpyxl.utils.cell import range_boundaries

    found: list[Merged] = []
    tail = b""
    with sheet._get_source() as source:
        for chunk in iter(lambda: source.read(1 << 20), b""):
            buffer = tail + chunk
            last = 0
            for m in MERGE_CELL.finditer(buffer):
                last = m.end()
                ref = m.group(1).decode("ascii").replace("$", "")
                try:
                    min_col, min_row, max_col, max_row = range_boundaries(ref)
                except (ValueError, TypeError):
                    continue
                if None in (min_col, min_row, max_col, max_row):
                    continue
                found.append(Merged(ref, min_row, min_col, max_row, max_col))
                if len(found) > MAX_MERGES:
                    raise SheetError(
                        f"工作表“{sheet.title}”有超过 {MAX_MERGES} 处合并单元格：导入要求每格单独填写，"
                        "请全选后取消合并，再导入"
                    )
            tail = buffer[max(last, len(buffer) - 256) :]
    return found


def document_properties(f) -> tuple[str, str]:
    """The workbook's title and description (docProps/core.xml), where the export keeps them."""
    try:
        with zipfile.ZipFile(f) as z:
            root = ElementTree.fromstring(z.read("docProps/core.xml"))
    except Exception:  # no properties, or a damaged part: the title then comes from the file name
        return "", ""
    ns = {"dc": "http://purl.org/dc/elements/1.1/"}
    return tuple((root.findtext(f"dc:{k}", "", ns) or "").strip()[:MAX_CELL_CHARS] for k in ("title", "description"))


def cell_text(value: object) -> str:
    """A cell's value as the trainer sees it, stripped; Excel's types turned back into text."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):  # before int: Excel's TRUE/FALSE (a judge answer reads them as 对/错)
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        # Excel stores every number as a float: 12 comes back as 12.0.
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="minutes" if value.second == 0 else "seconds")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, datetime.time):
        return value.isoformat(timespec="minutes" if value.second == 0 else "seconds")
    return str(value).strip()


# --- .csv --------------------------------------------------------------------------------


def decode_csv(data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, or GBK/GB18030 (Excel's 'CSV' on Chinese
    Windows), detected without the trainer choosing: strict UTF-8 first, since GB18030 decodes
    almost any bytes."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise SheetError("无法识别 CSV 文件的编码：请在 Excel 中另存为“CSV UTF-8（逗号分隔）”或 .xlsx 文件，再导入")


def read_csv(path: Path) -> Table:
    with open_regular(path) as f:
        data = f.read(MAX_FILE_BYTES + 1)
    text = decode_csv(data)
    first = text.split("\n", 1)[0]
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    table = Table([])
    n = 0
    try:
        for n, values in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), 1):
            texts = [cell_text(v) for v in values]
            while texts and not texts[-1]:
                texts.pop()
            if not texts:
                continue
            if n > MAX_ROWS or len(texts) > MAX_COLS:
                raise SheetError(
                    f"第 {n} 行第 {len(texts)} 列有内容，超过{LIMITS}：请删除多余的行和列，或把题目分成几个表格导入",
                    n,
                    len(texts),
                )
            for col, t in enumerate(texts, 1):
                if len(t) > MAX_CELL_CHARS:
                    from openpyxl.utils import get_column_letter

                    raise SheetError(too_long(f"{get_column_letter(col)}{n}", len(t)), n, col)
                if t in ERROR_VALUES:  # what Excel writes for an error value when it saves as CSV
                    table.errors[(n, col)] = t
                    texts[col - 1] = ""
            table.rows.append((n, texts))
    except csv.Error as e:  # a NUL byte, a field beyond csv's own limit (far beyond ours)
        if "field larger than field limit" in str(e):
            raise SheetError(
                f"第 {n + 1} 行有一格超过 {csv.field_size_limit()} 个字符（导入上限 {MAX_CELL_CHARS} 个字符）："
                "请检查这一行（可能少了一个引号），改正后再导入",
                n + 1,
            ) from e
        raise SheetError(f"无法读取这个 CSV 文件（{e}）：请在 Excel 中另存为 .xlsx 文件，再导入") from e
    return table
