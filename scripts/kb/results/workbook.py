"""The class workbook: 成绩 (one row per cadre), 薄弱环节 (weakest first), 说明.

Written with openpyxl through ``kb.sheets.export`` (fixed document and zip times: the same
files give the same bytes).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..sheets.export import new_workbook, workbook_bytes
from . import ClassResult, duration

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

HEAD = ["姓名", "单位", "得分", "正确率", "用时", "交卷时间"]
WIDTHS = {"姓名": 10, "单位": 18, "得分": 7, "正确率": 8, "用时": 12, "交卷时间": 18}
TIME_FORMAT = "yyyy-mm-dd hh:mm:ss"


def _header(sheet: Worksheet, row: int, values: list[str]) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill

    fill = PatternFill("solid", fgColor="DDEBF7")
    for k, value in enumerate(values, 1):
        cell = sheet.cell(row, k, value)
        cell.font = Font(bold=True)
        cell.fill = fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")


def _widths(sheet: Worksheet, widths: list[float]) -> None:
    from openpyxl.utils import get_column_letter

    for k, w in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(k)].width = w


def scores_sheet(workbook, result: ClassResult) -> None:
    sheet = workbook.create_sheet("成绩")
    questions = [f"第 {q.number} 题" for q in result.questions]
    _header(sheet, 1, HEAD + questions + [s.title for s in result.shortfalls] + ["成绩文件"])
    for row, c in enumerate(result.cadres, 2):
        finished = c.finished.replace(tzinfo=None, microsecond=0)  # the cadre's own clock
        values = [c.name, c.unit or None, c.right, c.right / c.total, duration(c.seconds), finished]
        values += [int(a.correct) for a in c.answers]
        per = {}
        for a in c.answers:
            for sid in a.covers:
                r, t = per.get(sid, (0, 0))
                per[sid] = (r + a.correct, t + 1)
        values += [f"{per[s.id][0]}/{per[s.id][1]}" if s.id in per else None for s in result.shortfalls]
        values.append(c.file)
        for k, v in enumerate(values, 1):
            cell = sheet.cell(row, k, v)
            if isinstance(v, str) and v.startswith("="):
                cell.data_type = "s"  # a name is text, never a formula
        sheet.cell(row, 4).number_format = "0%"
        sheet.cell(row, 6).number_format = TIME_FORMAT
    _widths(sheet, [WIDTHS[h] for h in HEAD] + [7] * len(questions) + [14] * len(result.shortfalls) + [28])
    sheet.row_dimensions[1].height = 48
    sheet.freeze_panes = "C2"


def weak_sheet(workbook, result: ClassResult) -> None:
    from openpyxl.styles import Alignment, Font

    sheet = workbook.create_sheet("薄弱环节")
    wrap = Alignment(wrap_text=True, vertical="top")
    sheet.cell(1, 1, "培训短板（按全班正确率从低到高，最前面的最需要加强）").font = Font(bold=True)
    _header(sheet, 2, ["顺序", "培训短板", "全班正确率", "答对/作答（人次）", "涉及题数"])
    row = 3
    for k, s in enumerate(result.weakest_shortfalls, 1):
        for col, v in enumerate([k, s.title, float(s.rate), f"{s.right}/{s.total}", s.questions], 1):
            sheet.cell(row, col, v).alignment = wrap
        sheet.cell(row, 3).number_format = "0%"
        row += 1
    row += 1
    sheet.cell(row, 1, "题目（按全班正确率从低到高）").font = Font(bold=True)
    _header(
        sheet, row + 1, ["顺序", "试卷题号", "全班正确率", "答对人数", "题型", "题干", "来源题库", "出处", "培训短板"]
    )
    titles = {s.id: s.title for s in result.shortfalls}
    row += 2
    for k, q in enumerate(result.weakest_questions, 1):
        stem = q.label.stem or f"（题库中已没有这道题：{q.key}）"
        values = [k, f"第 {q.number} 题", float(q.rate), f"{q.right}/{q.cadres}", q.label.type, stem]
        values += [q.label.where, q.label.source, "、".join(titles.get(c, c) for c in q.covers)]
        for col, v in enumerate(values, 1):
            cell = sheet.cell(row, col, None if v == "" else v)
            cell.alignment = wrap
            if isinstance(v, str) and v.startswith("="):
                cell.data_type = "s"
        sheet.cell(row, 3).number_format = "0%"
        row += 1
    _widths(sheet, [6, 30, 11, 12, 8, 50, 28, 30, 30])


def notes_sheet(workbook, result: ClassResult) -> None:
    from openpyxl.styles import Alignment, Font

    sheet = workbook.create_sheet("说明")
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
            "“成绩”表：每位学员一行。“第 N 题”列中 1 表示答对，0 表示答错或未作答；各培训短板列为“答对题数/题数”。",
        ),
        ("", "“薄弱环节”表：培训短板和题目都按全班正确率从低到高排列，排在前面的是全班最需要加强的内容。"),
        ("", "成绩文件带有校验码：保存后被改动过的、来自另一份试卷的、重复提交的文件都不计入，并在上面逐个列出。"),
        ("", "本表由 python scripts/build.py results 根据学员交来的成绩文件生成。"),
    ]
    sheet.cell(1, 1, "班级成绩汇总").font = Font(bold=True, size=14)
    wrap = Alignment(wrap_text=True, vertical="top")
    for row, (label, text) in enumerate(rows, 3):
        sheet.cell(row, 1, label or None).font = Font(bold=True)
        cell = sheet.cell(row, 2, text or None)
        cell.alignment = wrap
        if text.startswith("="):
            cell.data_type = "s"
    _widths(sheet, [14, 100])


def class_workbook(result: ClassResult) -> bytes:
    workbook = new_workbook("班级成绩", result.brief)
    scores_sheet(workbook, result)
    weak_sheet(workbook, result)
    notes_sheet(workbook, result)
    return workbook_bytes(workbook)
