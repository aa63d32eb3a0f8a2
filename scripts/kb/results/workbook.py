"""The class workbook: 成绩 (one row per cadre), 薄弱环节 (weakest first), 题目分析, 说明.

Written with openpyxl through ``kb.sheets.export`` (fixed document and zip times: the same
files give the same bytes).  Every cell goes through ``kb.sheets.export.put``, the one guard:
names, units, file names and shortfall ids come from cadres' files, and a text starting with
"=" (or + - @, a tab) must stay text, a character a workbook cannot hold must not stop it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..sheets.export import new_sheet, new_workbook, put, workbook_bytes
from .analysis import fixed2
from .model import ClassResult, duration

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

HEAD = ["姓名", "单位", "得分", "正确率", "用时", "交卷时间"]
WIDTHS = {"姓名": 10, "单位": 18, "得分": 7, "正确率": 8, "用时": 12, "交卷时间": 18}
TIME_FORMAT = "yyyy-mm-dd hh:mm:ss"
ANALYSIS_HEAD = ["试卷题号", "题型", "题干", "来源题库", "正确率", "区分度", "答对人数", "未作答人数"]
ANALYSIS_HEAD += ["各选项人数（★为正确选项）", "提示"]


def _header(sheet: Worksheet, row: int, values: list[str]) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill

    fill = PatternFill("solid", fgColor="DDEBF7")
    for k, value in enumerate(values, 1):
        cell = put(sheet, row, k, value)
        cell.font = Font(bold=True)
        cell.fill = fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")


def _widths(sheet: Worksheet, widths: list[float]) -> None:
    from openpyxl.utils import get_column_letter

    for k, w in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(k)].width = w


def scores_sheet(workbook, result: ClassResult) -> None:
    sheet = new_sheet(workbook, "成绩")
    questions = [f"第 {q.number} 题" for q in result.questions]
    _header(sheet, 1, HEAD + questions + [s.title for s in result.shortfalls] + ["成绩文件"])
    for row, c in enumerate(result.cadres, 2):
        finished = c.finished.replace(tzinfo=None, microsecond=0)  # the cadre's own clock
        values = [c.name, c.unit or None, c.right, c.right / c.total, duration(c.seconds), finished]
        values += [None if m is None else int(m) for m in c.marks]
        per: dict[str, tuple[int, int]] = {}
        for q in result.questions:
            for sid in q.covers:
                r, t = per.get(sid, (0, 0))
                per[sid] = (r + bool(c.marks[q.number - 1]), t + 1)
        values += [f"{per[s.id][0]}/{per[s.id][1]}" if s.id in per else None for s in result.shortfalls]
        values.append(c.file)
        for k, v in enumerate(values, 1):
            put(sheet, row, k, v)
        sheet.cell(row, 4).number_format = "0%"
        sheet.cell(row, 6).number_format = TIME_FORMAT
    _widths(sheet, [WIDTHS[h] for h in HEAD] + [7] * len(questions) + [14] * len(result.shortfalls) + [28])
    sheet.row_dimensions[1].height = 48
    sheet.freeze_panes = "C2"


def weak_sheet(workbook, result: ClassResult) -> None:
    from openpyxl.styles import Alignment, Font

    sheet = new_sheet(workbook, "薄弱环节")
    wrap = Alignment(wrap_text=True, vertical="top")
    put(sheet, 1, 1, "培训短板（按全班正确率从低到高，最前面的最需要加强）").font = Font(bold=True)
    _header(sheet, 2, ["顺序", "培训短板", "全班正确率", "答对/作答（人次）", "涉及题数"])
    row = 3
    for k, s in enumerate(result.weakest_shortfalls, 1):
        for col, v in enumerate([k, s.title, float(s.rate), f"{s.right}/{s.total}", s.questions], 1):
            put(sheet, row, col, v).alignment = wrap
        sheet.cell(row, 3).number_format = "0%"
        row += 1
    row += 1
    put(sheet, row, 1, "题目（按全班正确率从低到高）").font = Font(bold=True)
    _header(
        sheet, row + 1, ["顺序", "试卷题号", "全班正确率", "答对人数", "题型", "题干", "来源题库", "出处", "培训短板"]
    )
    titles = {s.id: s.title for s in result.shortfalls}
    row += 2
    for k, q in enumerate(result.weakest_questions, 1):
        stem = q.label.stem
        values = [k, f"第 {q.number} 题", float(q.rate), f"{q.right}/{q.cadres}", q.label.type, stem]
        values += [q.label.where, q.label.source, "、".join(titles.get(c, c) for c in q.covers)]
        for col, v in enumerate(values, 1):
            put(sheet, row, col, v).alignment = wrap
        sheet.cell(row, 3).number_format = "0%"
        row += 1
    _widths(sheet, [6, 30, 11, 12, 8, 50, 28, 30, 30])


def notes_sheet(workbook, result: ClassResult) -> None:
    from openpyxl.styles import Alignment, Font

    sheet = new_sheet(workbook, "说明")
    paper = result.paper
    link = "quizzes/exam.html?" + "&".join(
        [f"banks={','.join(paper['banks'])}"]
        + ([f"roles={','.join(paper['roles'])}"] if paper["roles"] else [])
        + ([f"shortfalls={','.join(paper['shortfalls'])}"] if paper["shortfalls"] else [])
        + [f"n={paper['n']}", f"seed={paper['seed']}"]
        + ([f"minutes={paper['minutes']}"] if paper["minutes"] else [])
    )
    scores = [c.right for c in result.cadres]
    rows: list[tuple[str, str]] = [
        ("试卷", result.brief),
        ("试卷链接", f"{link}（在知识库中打开，得到同一份试卷）"),
        ("限时", f"{paper['minutes']} 分钟" if paper["minutes"] else "不限时"),
        ("计入人数", str(len(result.cadres))),
        ("平均分", f"{sum(scores) / len(scores):.1f}/{result.n}"),
        ("未计入的文件", f"{len(result.refused)} 个" + ("，见下" if result.refused else "")),
    ]
    rows += [("", m) for m in result.refused]
    rows += [("注意" if i == 0 else "", m.removeprefix("注意：")) for i, m in enumerate(result.notes)]
    rows += [
        ("", ""),
        (
            "怎样看",
            "“成绩”表：每位学员一行。“第 N 题”列中 1 表示答对，0 表示答错或未作答（题库中已没有的题留空，不计分）；"
            "各培训短板列为“答对题数/题数”。",
        ),
        ("", "“薄弱环节”表：培训短板和题目都按全班正确率从低到高排列，排在前面的是全班最需要加强的内容。"),
        (
            "",
            "“题目分析”表：正确率是答对的人数占全班的比例；区分度是这道题的得分与其余各题总分的相关系数"
            "（-1 到 1，越高说明这道题越能区分掌握好的和掌握差的学员，负数说明掌握好的学员反而容易答错，"
            "请检查答案和题干；全班都答对或都答错时无法计算）。",
        ),
        ("", "每份成绩文件都按学员记录的答案和题库现在的答案重新评分，文件中记录的对错和得分不作为依据。"),
        (
            "",
            "成绩文件带有校验码：它只能说明文件保存后有没有被改动过，不能证明文件是真的——知道计算方法的人可以"
            "改了答案再重算校验码，所以本表只按答案重新评分；学员在考试时查阅本站得到的答案，也无法与记住的答案区分。",
        ),
        ("", "保存后被改动过的、来自另一份试卷的、重复提交的文件都不计入，并在上面逐个列出。"),
        ("", "本表由 ./run.sh build results 根据学员交来的成绩文件生成；本站的“班级成绩”页面给出同样的数字。"),
    ]
    put(sheet, 1, 1, "班级成绩汇总").font = Font(bold=True, size=14)
    wrap = Alignment(wrap_text=True, vertical="top")
    for row, (label, text) in enumerate(rows, 3):
        put(sheet, row, 1, label).font = Font(bold=True)
        put(sheet, row, 2, text).alignment = wrap
    _widths(sheet, [14, 100])


def options_text(q) -> str:
    return "；".join(f"{'★' if key else ''}{text}：{n}" for text, n, key in q.stats.options)


def analysis_sheet(workbook, result: ClassResult) -> None:
    from openpyxl.styles import Alignment, Font

    sheet = new_sheet(workbook, "题目分析")
    wrap = Alignment(wrap_text=True, vertical="top")
    look = result.worth_a_look
    put(sheet, 1, 1, "最值得检查的题目：" + ("、".join(f"第 {q.number} 题" for q in look) or "没有")).font = Font(
        bold=True
    )
    _header(sheet, 2, ANALYSIS_HEAD)
    for row, q in enumerate(result.questions, 3):
        if q.gone:
            values = [f"第 {q.number} 题", None, None, q.label.where, None, None, None, None, None]
            values.append("题库中已没有这道题，不计分")
        else:
            d = q.stats.discrimination
            values = [f"第 {q.number} 题", q.label.type, q.label.stem, q.label.where, float(q.stats.facility)]
            values += [float(fixed2(d)) if d is not None else None, q.right, q.stats.unanswered, options_text(q)]
            values.append("、".join(q.stats.flags + (["交卷后修改过"] if q.changed else [])))
        for col, v in enumerate(values, 1):
            put(sheet, row, col, v).alignment = wrap
        sheet.cell(row, 5).number_format = "0%"
        sheet.cell(row, 6).number_format = "0.00"
    _widths(sheet, [10, 6, 50, 28, 8, 8, 9, 10, 50, 24])
    sheet.freeze_panes = "B3"


def class_workbook(result: ClassResult) -> bytes:
    workbook = new_workbook("班级成绩", result.brief)
    scores_sheet(workbook, result)
    weak_sheet(workbook, result)
    analysis_sheet(workbook, result)
    notes_sheet(workbook, result)
    return workbook_bytes(workbook)
