"""Read a trainer's spreadsheet (.xlsx or .csv) into rows of cell text.

Cells come back as text whatever Excel stored (numbers, dates, booleans), with the row
numbers Excel shows, fully empty rows left out.  A file that cannot be read raises
:class:`SheetError` with a Chinese message saying what to do.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

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


class SheetError(ValueError):
    """The file cannot be read at all; the message says what to do, in Chinese."""


@dataclass
class Table:
    rows: list[tuple[int, list[str]]]  # (row number as Excel shows it, cell texts), empty rows left out
    sheet: str = ""  # the sheet read ("" for CSV)
    title: str = ""  # the workbook's document title, written by the export ("" if none)
    description: str = ""


def read_table(path: Path) -> Table:
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return read_xlsx(path)
    if suffix == ".csv":
        return read_csv(path)
    what = f" {suffix} 文件" if suffix else "没有扩展名的文件"
    if suffix in OTHER_FORMATS:
        what += f"（{OTHER_FORMATS[suffix]}）"
    raise SheetError(f"不能读取{what}：只能导入 .xlsx 和 .csv 文件。{SAVE_AS_XLSX}")


# --- .xlsx -------------------------------------------------------------------------------


def read_xlsx(path: Path) -> Table:
    # python-calamine (Rust) reads a 10,000-row workbook about ten times faster than openpyxl,
    # which the project keeps for writing workbooks (template, export).
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_path(str(path))
        names = workbook.sheet_names
        name = SHEET_NAME if SHEET_NAME in names else names[0]
        # skip_empty_area=False: row and column indexes stay those Excel shows (A1 is [0][0]).
        values = workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
    except Exception as e:  # calamine's errors: not a zip, not a workbook, encrypted, damaged
        raise SheetError(
            "无法读取这个 .xlsx 文件：它不是 Excel 2007 及以后的工作簿格式（可能是改了扩展名的 .xls，"
            f"或设置了打开密码）。{SAVE_AS_XLSX}（如有密码请先取消）"
        ) from e
    rows = [(n, texts) for n, row in enumerate(values, 1) if any(texts := [cell_text(v) for v in row])]
    title, description = document_properties(path)
    return Table(rows, name, title, description)


def document_properties(path: Path) -> tuple[str, str]:
    """The workbook's title and description (docProps/core.xml), where the export keeps them."""
    try:
        with zipfile.ZipFile(path) as z:
            root = ElementTree.fromstring(z.read("docProps/core.xml"))
    except (KeyError, zipfile.BadZipFile, ElementTree.ParseError, OSError):
        return "", ""
    ns = {"dc": "http://purl.org/dc/elements/1.1/"}
    return tuple((root.findtext(f"dc:{k}", "", ns) or "").strip() for k in ("title", "description"))


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
    text = decode_csv(path.read_bytes())
    first = text.split("\n", 1)[0]
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    rows = []
    try:
        for n, values in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), 1):
            texts = [cell_text(v) for v in values]
            if any(texts):
                rows.append((n, texts))
    except csv.Error as e:  # a NUL byte, a field beyond the size limit
        raise SheetError(f"无法读取这个 CSV 文件（{e}）：请在 Excel 中另存为 .xlsx 文件，再导入") from e
    return Table(rows)
