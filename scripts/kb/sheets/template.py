"""``build.py template FILE.xlsx``: the workbook trainers fill in, with a 说明 sheet.

The 题库 sheet has every column of :mod:`.columns` and one example row per question type:
the examples of ``authoring.NEW_BANK`` (verified against docs/duties/township-officer.md),
read by the same rules as a bank and written by the same code as ``export``.  The example
rows leave 出处 empty except one, to show that the importer finds it from the 引文.
``workbook_bytes()`` is deterministic, so the file can be published with the site.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from .. import authoring
from ..content import yamlpos
from ..output import OutputError, show, target_problem, write_files
from ..quiz import rules
from ..quiz.load import to_question
from ..quiz.model import Bank, Question
from . import columns as C
from .export import add_question_sheet, new_workbook, question_row, safe_text
from .export import workbook_bytes as to_bytes

EXAMPLE_ID = "my-bank"
KEEP_SOURCE = "judge"  # the one example row that shows a 出处 written by hand


def example_bank() -> Bank:
    """NEW_BANK's examples as a loaded bank (answers parsed by the checker's own rules)."""
    doc = yamlpos.load(authoring.new_bank(EXAMPLE_ID))
    data = doc.data
    questions: list[Question] = []
    for n, raw in enumerate(data["questions"]):
        answer, problems = rules.check_answer(rules.Q("template", doc, n, raw, {}, set()))
        assert not problems, problems  # NEW_BANK is tested to be a valid bank
        questions.append(to_question(raw, answer))
    return Bank(EXAMPLE_ID, Path(), data["title"], data["description"], data["audience"], data["covers"], questions)


def example_rows() -> list[list[str]]:
    bank = example_bank()
    source = C.COLUMNS.index(C.SOURCE)
    rows = []
    for q in bank.questions:
        row = question_row(q, bank)
        if q.type != KEEP_SOURCE:
            row[source] = ""
        rows.append(row)
    return rows


def instructions() -> list[list[str]]:
    """The 说明 sheet, row by row (column help from columns.py, the one definition)."""
    aliases = lambda c: "、".join(c.aliases)  # noqa: E731
    option_aliases = f"{C.OPTIONS[0].aliases[0]}–{C.OPTIONS[-1].aliases[0]}、选项一–选项八、选项1–选项8"
    rows = [
        ["题库表格填写说明"],
        [],
        ["怎样填写"],
        ["1. 在“题库”工作表中每行写一道题。第一行是列名，请不要改动；示例行可以删除。"],
        ["2. 列的顺序可以调整；选填的列不用时可以删除。列名后面可以带“（必填）”之类的注释。"],
        ["3. 保存为 .xlsx 文件（WPS 用户请选“另存为 → Excel 工作簿（*.xlsx）”）。也可以另存为 CSV（逗号分隔）。"],
        ["4. 不要合并单元格，每格单独填写。导入读取“题库”工作表（没有时读第一个可见的工作表），隐藏的工作表不读取。"],
        [],
        ["列名", "是否必填", "说明", "也可写作"],
    ]
    for c in C.COLUMNS:
        if c.key == "option":
            if c.index == 0:
                rows.append([f"{C.OPTIONS[0].name}–{C.OPTIONS[-1].name}", "单选题、多选题必填", c.help, option_aliases])
            continue
        required = "必填" if c.required else ("引文、出处至少填一项" if c in C.QUOTE_OR_SOURCE else "选填")
        rows.append([c.name, required, c.help, aliases(c)])
    for c in C.READ_ONLY_COLUMNS:
        rows.append([c.name, "不导入", c.help, aliases(c)])
    judge_true = "、".join(k for k, v in C.JUDGE_SPELLINGS.items() if v == "对")
    judge_false = "、".join(k for k, v in C.JUDGE_SPELLINGS.items() if v == "错")
    rows += [
        [],
        ["题型与正确答案", "选项", "正确答案的写法", "示例"],
        ["单选题（单选、单项选择）", "2–8 个", "一个字母", "B"],
        [
            "多选题（多选、多项选择）",
            "3–8 个",
            "两个或以上字母，顺序不限；可用逗号、顿号、分号或空格隔开，全角、小写也可以",
            "ABD、A,B,D、A、B、D",
        ],
        ["判断题（判断）", "不填", f"对：{judge_true}；错：{judge_false}", "对"],
        [
            "填空题（填空）",
            "不填",
            "每个空的答案，空与空之间用 | 分隔；同一个空有几种答案时用 ; 分隔",
            "镇办;乡镇 | 总结",
        ],
        [],
        ["填空题的空"],
        [
            "题干中每个空写成 ___（三个或以上下划线），也可以写全角下划线 ＿＿ 或空括号（　　）、( )，导入时都会变成 ___。"
        ],
        ["空的个数要与正确答案中用 | 分隔的项数一致。比对答案时忽略全角/半角、首尾空格和标点。"],
        [],
        ["引文与出处"],
        [
            "引文：打开本站的页面，把证明答案的那句原文逐字复制过来（包括全角标点）。导入时会找到它所在的页面和段落，自动写出处。"
        ],
        ["找不到时，导入会指出是哪一格，并显示网站上最接近的原文，照着改正即可。"],
        [
            "出处：选填，写页面路径加锚点，例如 duties/township-officer.md#duty-1。写了出处就以它为准，并核对引文在该段落中。"
        ],
        ["关于文章观点的题目，请在题干中注明出处，例如“根据《基层统战工作存在的问题及对策》一文，……”。"],
        [],
        ["导入和检查（在项目目录中运行）"],
        ["导入为 quizzes/my-bank.yml", "", "python scripts/build.py import 题库.xlsx --id my-bank --title 我的题库"],
        ["检查题库", "", "python scripts/build.py check quizzes/my-bank.yml"],
        ["把已有题库导出为表格 my-bank.xlsx", "", "python scripts/build.py export my-bank"],
        ["重新生成这个模板", "", "python scripts/build.py template 题库模板.xlsx"],
        [],
        ["出错时"],
        ["导入会一次列出所有问题，每条的格式是“文件名:行:列: 说明”，例如 题库.xlsx:5:G: …… 表示第 5 行 G 列。"],
        ["有任何问题时不会写入题库文件，请逐条改正后重新导入。题库 id 已存在时也不会覆盖，请用 --id 换一个。"],
        [
            "要更新已导入的题库：先删除原来的 quizzes/my-bank.yml，再用同一个 --id 导入。学员的作答记录和错题本按题库 id 和题目编号保存，请保留编号列（没有编号列时不要改动题干）。"
        ],
    ]
    return rows


def add_instructions_sheet(workbook) -> None:
    from openpyxl.styles import Alignment, Font

    sheet = workbook.create_sheet("说明")
    for row in instructions():
        sheet.append([safe_text(v) if v else v for v in row])  # our own text, through the one guard still
    headings = {"题库表格填写说明", "怎样填写", "列名", "题型与正确答案", "填空题的空", "引文与出处", "出错时"}
    for cells in sheet.iter_rows():
        first = cells[0]
        if first.value in headings or str(first.value or "").startswith("导入和检查"):
            for cell in cells:
                cell.font = Font(bold=True, size=14 if first.value == "题库表格填写说明" else 11)
        # A sentence alone in column A runs on over the empty cells beside it; tables wrap.
        alone = all(cell.value in (None, "") for cell in cells[1:])
        for cell in cells:
            cell.alignment = Alignment(wrap_text=not alone, vertical="top")
    for letter, width in zip("ABCD", (30, 20, 70, 28), strict=True):
        sheet.column_dimensions[letter].width = width


def workbook_bytes() -> bytes:
    """The template as .xlsx bytes, the same every time (for publishing with the site)."""
    workbook = new_workbook()
    add_question_sheet(workbook, example_rows())
    add_instructions_sheet(workbook)
    return to_bytes(workbook)


def run(target: Path, out: Callable[[str], None] = print, force: bool = False) -> int:
    if target.suffix.lower() != ".xlsx":
        out(f"模板文件名应以 .xlsx 结尾，例如 题库模板.xlsx（收到的是 {target.name}）")
        return 2
    problem = target_problem(target, "请换一个文件名", force)
    if problem:
        out(problem)
        return 1
    try:
        write_files({target: workbook_bytes()}, force=force)
    except OutputError as e:
        out(str(e))
        return 1
    out(
        f"已生成题库表格模板 {show(target)}：在“题库”工作表中每行写一道题（“说明”工作表有各列的写法），"
        f"然后运行 python scripts/build.py import {show(target)} --id 题库id"
    )
    return 0
