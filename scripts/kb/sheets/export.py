"""``build.py export BANK``: a checked bank as a spreadsheet (re-importable), Moodle XML or GIFT.

The spreadsheet has the columns of :mod:`.columns` with 引文 and 出处 both filled, so that
importing it again gives the same questions; the bank's title and description travel in the
workbook's document properties (the importer reads them when no ``--title`` is given).
The workbook bytes are deterministic: fixed document times and zip entry times.
"""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

from ..content.problems import rel
from ..output import OutputError, show, target_problem, write_files
from ..paths import DOCS, QUIZZES
from ..quiz.model import LETTERS, Bank, Question
from ..site import load_site
from . import columns as C
from .importer import EMPTY_BRACKETS, FULL_WIDTH_BLANK

SHEET_TITLE = "题库"
FIXED_TIME = datetime.datetime(2000, 1, 1)  # document created/modified: the same bytes every time
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
CREATOR = "基层统战工作培训知识库"
OUTPUT_NAMES = {"xlsx": "{}.xlsx", "moodle-xml": "{}.xml", "gift": "{}.gift.txt"}
FORMAT_NAMES = {"xlsx": "Excel 表格", "moodle-xml": "Moodle XML", "gift": "GIFT 文本"}
ELSEWHERE = "请用 -o 指定另一个文件名"
TEXT_COLUMNS = {"stem", "option", "explanation", "quote"}  # wrapped: long text


# --- one question as a row -------------------------------------------------------------


def answer_text(q: Question) -> str:
    """The answer as a trainer writes it in the 正确答案 column."""
    if q.type in ("single", "multiple"):
        return "".join(LETTERS[i] for i in q.answer)
    if q.type == "judge":
        return "对" if q.answer[0] else "错"
    return C.WRITE_BLANK_SEPARATOR.join(C.WRITE_ALTERNATIVE_SEPARATOR.join(alts) for alts in q.answer)


def question_row(q: Question, bank: Bank) -> list[str]:
    values = {
        "id": q.id,
        "type": C.QUESTION_TYPES[q.type],
        "stem": q.stem,
        "answer": answer_text(q),
        "explanation": q.explanation,
        "quote": q.quote,
        "source": q.source,
        "audience": C.WRITE_LIST_SEPARATOR.join(bank.audience_of(q)),
        "covers": C.WRITE_LIST_SEPARATOR.join(q.covers or bank.covers),
        "difficulty": q.difficulty,
        "level": q.level,
        "any_order": "是" if q.any_order else "",
        "group": q.group,
    }
    return [
        (q.options[c.index] if c.index < len(q.options) else "") if c.key == "option" else values[c.key]
        for c in C.COLUMNS
    ]


def unexportable(q: Question, bank: Bank) -> list[str]:
    """Why the spreadsheet could not carry ``q`` faithfully (re-import would change it)."""
    reasons = []
    if q.id.isdigit():
        reasons.append(f"编号 {q.id} 是纯数字（导入时会变成 q{q.id}）")
    if q.type == "blank":
        if any(C.BLANK_SEPARATOR.search(a) or C.ALTERNATIVE_SEPARATOR.search(a) for alts in q.answer for a in alts):
            reasons.append("填空答案中含有 | 或 ;（表格中用作分隔符）")
        if FULL_WIDTH_BLANK.search(q.stem) or EMPTY_BRACKETS.search(q.stem):
            reasons.append("填空题题干中有全角下划线或空括号（导入时会被当作空）")
    if len(q.options) > len(C.OPTIONS):
        reasons.append(f"选项超过 {len(C.OPTIONS)} 个")
    for value in (*bank.audience_of(q), *(q.covers or bank.covers)):
        if C.LIST_SEPARATORS.search(value):
            reasons.append(f"“{value}”中含有列表分隔符")
    texts = [q.stem, q.explanation, q.quote, *q.options, answer_text(q)]
    if any(t != t.strip() for t in texts if t):
        reasons.append("文字首尾有空格（表格导入时会去掉）")
    return reasons


# --- the workbook ----------------------------------------------------------------------

# What Excel or a CSV export of the sheet would take for a formula, a DDE command or a hidden
# line: kept as text, shown as text (Excel's quote prefix, the value itself unchanged).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# What no .xlsx can hold: openpyxl's illegal XML characters, and lone surrogates (written as
# "&#55296;", which Excel refuses to open).
UNSAFE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
SHEET_NAME_UNSAFE = re.compile(r"[\[\]:*?/\\]")


def safe_text(value):
    """A text as a workbook can hold it ("" becomes no value); other values unchanged."""
    if isinstance(value, str):
        return UNSAFE.sub("\ufffd", value) or None
    return value


def put(sheet, row: int, col: int, value):
    """The one way a cell is written (issue 24): text is text, never a formula, with Excel's
    quote prefix when it starts like one; characters a workbook cannot hold shown as U+FFFD."""
    value = safe_text(value)
    cell = sheet.cell(row, col)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"  # openpyxl took a leading "=" for a formula
        if value.startswith(FORMULA_START):
            cell.quotePrefix = True
    return cell


def new_sheet(workbook, title: str):
    """A sheet whose name Excel accepts, whatever ``title`` holds."""
    name = SHEET_NAME_UNSAFE.sub("_", safe_text(title) or "Sheet").strip("'")[:31] or "Sheet"
    return workbook.create_sheet(name)


def add_question_sheet(workbook, rows: list[list[str]], title: str = SHEET_TITLE):
    """The 题库 sheet: bold frozen header, widths, wrapped text, a 题型 drop-down."""
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    sheet = new_sheet(workbook, title)
    for k, column in enumerate(C.COLUMNS, 1):
        put(sheet, 1, k, column.name)
    for r, row in enumerate(rows, 2):
        for k, value in enumerate(row, 1):
            put(sheet, r, k, value or None)  # "" would still be written out as a text
    header_fill = PatternFill("solid", fgColor="DDEBF7")
    wrap, top = Alignment(wrap_text=True, vertical="top"), Alignment(vertical="top")
    for k, column in enumerate(C.COLUMNS, 1):
        letter = get_column_letter(k)
        sheet.column_dimensions[letter].width = column.width
        head = sheet.cell(1, k)
        head.font = Font(bold=True)
        head.fill = header_fill
        align = wrap if column.key in TEXT_COLUMNS else top
        for (cell,) in sheet.iter_rows(min_row=2, min_col=k, max_col=k):
            if cell.value in (None, ""):
                continue  # a styled empty cell is still written out, and read back
            cell.alignment = align
    sheet.freeze_panes = "A2"
    type_col = get_column_letter(C.COLUMNS.index(C.TYPE) + 1)
    choices = ",".join(C.QUESTION_TYPES.values())
    validation = DataValidation(
        type="list",
        formula1=f'"{choices}"',
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="warning",
        errorTitle="题型",
        error=f"请从下拉列表中选择：{choices.replace(',', '、')}",
    )
    validation.add(f"{type_col}2:{type_col}1048576")
    sheet.add_data_validation(validation)
    return sheet


def new_workbook(title: str = "", description: str = ""):
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    props = workbook.properties
    props.created = props.modified = FIXED_TIME
    props.creator = props.lastModifiedBy = CREATOR
    props.title = safe_text(title)
    props.description = safe_text(description)
    return workbook


def workbook_bytes(workbook) -> bytes:
    """The .xlsx bytes, the same for the same content: openpyxl stamps the current time on the
    document and on each zip entry, so the archive is written again with fixed times."""
    from openpyxl.writer.excel import ExcelWriter

    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(workbook, archive).save()  # unlike save_workbook, keeps properties.modified
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def bank_workbook(bank: Bank) -> bytes:
    workbook = new_workbook(bank.title, bank.description)
    add_question_sheet(workbook, [question_row(q, bank) for q in bank.questions])
    return workbook_bytes(workbook)


# --- the command -------------------------------------------------------------------------


def render_text(bank: Bank, fmt: str, pages: dict) -> tuple[str, str, int]:
    """(file text, warning line or "", questions written) from the Moodle XML or GIFT writer."""
    if fmt == "moodle-xml":
        from .moodle import to_moodle_xml  # the exchange formats' own module, loaded when asked for

        return to_moodle_xml(bank, pages), "", len(bank.questions)
    from .gift import to_gift

    result = to_gift(bank, pages)  # GIFT leaves out what it cannot express, and says so
    skipped = getattr(result, "skipped", {})
    return str(result), getattr(result, "warning", ""), len(bank.questions) - len(skipped)


def run(
    bank_id: str,
    fmt: str,
    output: Path | None,
    out: Callable[[str], None] = print,
    docs_dir: Path = DOCS,
    quiz_dir: Path = QUIZZES,
    force: bool = False,
) -> int:
    site = load_site(docs_dir, quiz_dir)
    bank = next((b for b in site.banks if b.id == bank_id), None)
    if bank is None:
        known = "、".join(b.id for b in site.banks) or "（没有题库）"
        out(f"题库“{bank_id}”不存在：quizzes/ 中的题库有 {known}")
        return 1
    mine = [p for p in site.problems if p.path == rel(bank.path)]
    if mine:
        for p in mine:
            out(str(p))
        out(f"题库“{bank_id}”有 {len(mine)} 个问题，未导出：请按上面的提示改正后再导出。")
        return 1
    target = output or Path.cwd() / OUTPUT_NAMES[fmt].format(bank_id)
    problem = target_problem(target, ELSEWHERE, force)
    if problem:
        out(problem)
        return 1
    warning, written = "", len(bank.questions)
    if fmt == "xlsx":
        refused = [
            f"题目 {q.id} 无法原样写入表格：{'；'.join(why)}" for q in bank.questions if (why := unexportable(q, bank))
        ]
        if refused:
            for line in refused:
                out(line)
            out(f"题库“{bank_id}”有 {len(refused)} 道题无法原样写入表格，未导出：请改用 Moodle XML 或 GIFT 格式。")
            return 1
        data = bank_workbook(bank)
        if any(q.tags for q in bank.questions):
            warning = "注意：表格没有“标签”列，题目的 tags 没有导出。"
    else:
        try:
            text, warning, written = render_text(bank, fmt, site.pages)
        except ValueError as e:  # the writers say in Chinese what they cannot carry
            out(f"未导出：{e}")
            return 1
        data = text.encode("utf-8")
    try:
        write_files({target: data}, force=force, elsewhere=ELSEWHERE)
    except OutputError as e:
        out(f"未导出：{e}")
        return 1
    if warning:
        out(warning)
    out(f"已导出题库“{bank.title}”（{written} 道题，{FORMAT_NAMES[fmt]}）：{show(target)}")
    return 0
