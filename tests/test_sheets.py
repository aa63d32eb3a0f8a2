"""Trainers' spreadsheets: import (one fixture per message, with its exact output), encodings,
Excel's cell types, column names and answer spellings, quotes found on the site, stable ids,
the template, export, and the round trip of every shipped bank."""

from __future__ import annotations

import csv
import datetime
import io
import shlex
import shutil
import subprocess
import sys
import types
from pathlib import Path

import openpyxl
import pytest
import yaml

from kb import authoring
from kb.content import schema
from kb.quiz import rules
from kb.quiz.load import load_bank
from kb.quiz.model import REGISTRY
from kb.sheets import columns as C
from kb.sheets import export, importer, template
from kb.sheets.locate import Locator
from kb.site import load_site

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures" / "sheets"
CASES = sorted(p.name for p in FIXTURES.iterdir() if p.is_dir())
SITE = load_site()
SHORTFALL_IDS = {s.id for s in SITE.shortfalls}

HEADER = ["题型", "题干", "选项A", "选项B", "选项C", "选项D", "正确答案", "答案解析", "引文"]
SINGLE = ["单选题", "乡镇统战干事在谁的领导下，负责处理本乡镇的统战工作日常事务？", "统战委员", "乡镇党委书记", "县委统战部部长", "村党支部书记", "A", "职责第1条。", "在统战委员的领导下，负责处理本乡镇的统战工作日常事务"]  # fmt: skip
MULTIPLE = ["多选题", "按照工作职责，乡镇统战干事要熟悉哪些方面？", "统战工作理论、方针、政策", "统战工作方法", "本地统一战线成员的基本情况", "本地气象资料", "ABC", "职责第2条。", "熟悉统战工作理论、方针、政策，熟悉统战工作方法"]  # fmt: skip
JUDGE = ["判断题", "乡镇统战干事负责统战工作信息的上报工作。", "", "", "", "", "对", "职责第7条。", "负责统战工作信息的上报工作"]  # fmt: skip
BLANK = ["填空题", "乡镇统战干事负责起草统战工作本地工作计划、___、报告等文件。", "", "", "", "", "总结", "职责第4条。", "负责起草统战工作本地工作计划、总结、报告等文件"]  # fmt: skip


# --- helpers ---------------------------------------------------------------------------


def csv_text(rows: list[list]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)  # as Excel writes it
    return out.getvalue()


def write_xlsx(path: Path, rows: list[list], sheet: str = "题库", before: str | None = None) -> Path:
    workbook = openpyxl.Workbook()
    if before:  # a sheet ahead of 题库, which must be skipped
        workbook.active.title = before
        workbook.active.append(["这不是题库"])
        workbook.create_sheet(sheet)
    else:
        workbook.active.title = sheet
    for row in rows:
        workbook[sheet].append(row)
    workbook.save(path)
    return path


def run_import(tmp_path: Path, monkeypatch, sheet: Path, bank_id=None, title=None) -> tuple[int, list[str]]:
    """Import ``sheet`` (inside tmp_path) into tmp_path/quizzes, named as a trainer would see it."""
    quiz_dir = tmp_path / "quizzes"
    quiz_dir.mkdir(exist_ok=True)
    if not (quiz_dir / REGISTRY).exists():
        shutil.copy(ROOT / "quizzes" / REGISTRY, quiz_dir / REGISTRY)
    monkeypatch.chdir(tmp_path)
    lines: list[str] = []
    status = importer.run(Path(sheet.name), bank_id, title, lines.append, quiz_dir=Path("quizzes"))
    return status, lines


def written_banks(tmp_path: Path) -> list[Path]:
    return sorted(p for p in (tmp_path / "quizzes").glob("*.yml") if p.name != REGISTRY)


def import_rows(tmp_path, monkeypatch, rows, name="sheet.csv", **kw) -> dict:
    """Import rows given as lists; the bank written, as YAML data (the import must pass)."""
    sheet = tmp_path / name
    sheet.write_text(csv_text(rows), encoding="utf-8")
    status, lines = run_import(tmp_path, monkeypatch, sheet, **kw)
    assert status == 0, lines
    return yaml.safe_load((tmp_path / "quizzes" / f"{kw.get('bank_id') or sheet.stem}.yml").read_text("utf-8"))


# --- one fixture per message -----------------------------------------------------------


@pytest.mark.parametrize("case", CASES)
def test_fixture_prints_exactly_the_expected_output(case, tmp_path, monkeypatch):
    folder = FIXTURES / case
    sheet = next(p for p in folder.iterdir() if p.name not in ("expected.txt", "args.txt"))
    shutil.copy(sheet, tmp_path / sheet.name)
    args = shlex.split((folder / "args.txt").read_text("utf-8")) if (folder / "args.txt").exists() else []
    options = dict(zip(args[::2], args[1::2], strict=True))
    status, lines = run_import(tmp_path, monkeypatch, tmp_path / sheet.name, options.get("--id"))
    expected = (folder / "expected.txt").read_text(encoding="utf-8").splitlines()
    assert lines == expected
    failed = expected[-1].startswith("导入未通过")
    assert status == (1 if failed else 0)
    assert bool(written_banks(tmp_path)) is not failed  # nothing written on any problem


def test_every_import_message_has_a_fixture():
    required = [
        # the file, the bank id and the header
        "xls-refused", "xlsx-not-a-workbook", "csv-unknown-encoding", "empty-sheet", "no-questions",
        "file-name-not-id", "bad-bank-id", "bank-id-is-a-page", "unknown-header", "duplicate-header",
        "option-columns-gap", "missing-columns", "nameless-column", "title-row-note", "level-column-missing",
        # cells
        "type-unknown", "stem-empty", "id-format", "option-gap", "answer-empty", "answer-not-letters",
        "judge-answer-unknown", "blank-answer-empty-blank", "explanation-empty", "quote-and-source-empty",
        "quote-not-found", "difficulty-unknown", "level-unknown", "any-order-unknown", "covers-unknown", "duplicate-id",
        "duplicate-question",
        # the checker's rules, at the cell
        "answer-outside-options", "single-two-answers", "multiple-one-answer", "answer-repeated-letters",
        "option-count", "duplicate-option", "options-on-judge", "missing-options", "blank-count", "blank-no-gap",
        "audience-not-role", "source-page-missing", "source-anchor-missing", "quote-not-in-cited-section",
        "source-without-quote", "any-order-one-blank", "option-letter-in-explanation",
        # all at once
        "many-errors",
    ]  # fmt: skip
    assert sorted(required) == CASES


def test_a_bad_sheet_lists_every_problem_sorted_by_row_and_column():
    lines = (FIXTURES / "many-errors" / "expected.txt").read_text("utf-8").splitlines()
    problems = lines[:-1]
    assert len(problems) == 16
    cells = [(int(line.split(":")[1]), line.split(":")[2]) for line in problems]
    assert cells == sorted(cells, key=lambda c: (c[0], len(c[1]), c[1]))
    assert lines[-1] == "导入未通过：发现 16 个问题，没有写入任何文件。请逐条修改表格后重新导入。"


def test_existing_bank_is_never_overwritten(tmp_path, monkeypatch):
    (tmp_path / "quizzes").mkdir()
    (tmp_path / "quizzes" / "sheet.yml").write_text("原有内容\n", encoding="utf-8")
    sheet = tmp_path / "sheet.csv"
    sheet.write_text(csv_text([HEADER, SINGLE]), encoding="utf-8")
    status, lines = run_import(tmp_path, monkeypatch, sheet)
    assert status == 1
    assert lines[0] == (
        "sheet.csv:1:A: quizzes/sheet.yml 已存在，未覆盖：请用 --id 换一个题库 id，或先删除、改名原文件；"
        "确要替换时加 --force。"
    )
    assert (tmp_path / "quizzes" / "sheet.yml").read_text("utf-8") == "原有内容\n"


def test_never_writes_through_a_symlink(tmp_path, monkeypatch):
    (tmp_path / "quizzes").mkdir()
    outside = tmp_path / "outside.yml"
    (tmp_path / "quizzes" / "sheet.yml").symlink_to(outside)  # dangling: exists() is False
    sheet = tmp_path / "sheet.csv"
    sheet.write_text(csv_text([HEADER, SINGLE]), encoding="utf-8")
    status, lines = run_import(tmp_path, monkeypatch, sheet)
    assert status == 1
    assert lines[0] == (
        "sheet.csv:1:A: quizzes/sheet.yml 是符号链接，不会写入（也不会替换它）：请用 --id 换一个题库 id。"
    )
    assert not outside.exists()


# --- reading files -----------------------------------------------------------------------


def test_csv_in_utf8_bom_gbk_and_utf16_give_the_same_bank(tmp_path, monkeypatch):
    text = csv_text([HEADER, SINGLE, MULTIPLE, JUDGE, BLANK])
    encoded = {
        "plain": text.encode("utf-8"),
        "bom": text.encode("utf-8-sig"),
        "gbk": text.encode("gbk"),  # Excel's "CSV (逗号分隔)" on Chinese Windows
        "utf16": text.replace(",", "\t").encode("utf-16"),  # Excel's "Unicode 文本"
    }
    with pytest.raises(UnicodeDecodeError):
        encoded["gbk"].decode("utf-8")  # so the test proves the fallback
    banks = {}
    for name, data in encoded.items():
        (tmp_path / f"{name}.csv").write_bytes(data)
        status, lines = run_import(tmp_path, monkeypatch, tmp_path / f"{name}.csv", title="编码")
        assert status == 0, lines
        banks[name] = (tmp_path / "quizzes" / f"{name}.yml").read_text("utf-8").split("\n", 1)[1]
    assert banks["plain"] == banks["bom"] == banks["gbk"] == banks["utf16"]
    assert "统战委员" in banks["gbk"]


def test_xlsx_reads_the_sheet_named_tiku_and_excel_cell_types_as_text(tmp_path, monkeypatch):
    header = ["编号", "题型", "题干", "正确答案", "答案解析", "引文"]
    rows = [
        header,
        [12, "判断题", JUDGE[1], True, "职责第7条。", JUDGE[8]],  # Excel turned 对 into TRUE
        [13.0, "判断题", "乡镇统战干事在村党支部书记的领导下处理日常事务。", False, "职责第1条。", SINGLE[8]],
        # a number answer and a date explanation: both must come back as text (and stay text in YAML)
        [
            "q14",
            "填空题",
            "李从成又介绍浙江老板金江野投资___万元兴建鑫泰反光材料厂。",
            3000,
            datetime.datetime(2004, 12, 1),
            "金江野投资3000万元",
        ],
        [None, None, None, None, None, None],  # fully empty rows are skipped
    ]
    sheet = write_xlsx(tmp_path / "typed.xlsx", rows, before="封面")
    status, lines = run_import(tmp_path, monkeypatch, sheet)
    assert status == 0, lines
    bank = yaml.safe_load((tmp_path / "quizzes" / "typed.yml").read_text("utf-8"))
    qs = bank["questions"]
    assert [q["id"] for q in qs] == ["q12", "q13", "q14"]
    assert [q["answer"] for q in qs] == ["对", "错", ["3000"]]
    assert qs[2]["explanation"] == "2004-12-01"
    assert qs[2]["source"] == "analyses/township-survey-2004.md#finding-4"


def test_cell_text_of_excel_values():
    from kb.sheets.read import cell_text

    assert cell_text(None) == ""
    assert cell_text("  统战委员\u3000") == "统战委员"
    assert cell_text(True) == "TRUE"
    assert cell_text(12.0) == "12"
    assert cell_text(12.5) == "12.5"
    assert cell_text(datetime.datetime(2004, 12, 1, 8, 30)) == "2004-12-01 08:30"
    assert cell_text(datetime.date(2004, 12, 1)) == "2004-12-01"
    assert cell_text(datetime.time(8, 30)) == "08:30"


# --- columns and spellings ---------------------------------------------------------------


def test_columns_in_any_order_with_aliases_and_notes(tmp_path, monkeypatch):
    canonical = import_rows(tmp_path, monkeypatch, [HEADER, SINGLE, MULTIPLE, JUDGE, BLANK], name="plain.csv")
    order = [8, 7, 6, 5, 4, 3, 2, 1, 0]  # every column moved
    header = ["\u3000引文\u3000", "解析（必填）", "标准答案", "选项四", "C", "选项2", "ａ", "*试题内容", "类型"]
    rows = [header] + [[r[k] for k in order] for r in (SINGLE, MULTIPLE, JUDGE, BLANK)]
    moved = import_rows(tmp_path, monkeypatch, rows, name="moved.csv")
    assert moved["questions"] == canonical["questions"]


@pytest.mark.parametrize(
    ("spelling", "letters"),
    [(s, "ABD") for s in ["ABD", "A,B,D", "A、B、D", "A;B;D", "A B D", "ＡＢＤ", "abd", "A，B；D", "a , b , d"]],
)
def test_multiple_answer_spellings(spelling, letters, tmp_path, monkeypatch):
    row = [*MULTIPLE[:6], spelling, *MULTIPLE[7:]]
    assert import_rows(tmp_path, monkeypatch, [HEADER, row])["questions"][0]["answer"] == letters


JUDGE_SPELLINGS = ["对", "正确", "是", "√", "✓", "T", "TRUE", "true", "ｔ", "错", "错误", "否", "×", "✗", "F", "FALSE", "false"]  # fmt: skip


def test_judge_answer_spellings(tmp_path, monkeypatch):
    rows = [["编号", *HEADER]] + [[f"j{k}", *JUDGE[:6], s, *JUDGE[7:]] for k, s in enumerate(JUDGE_SPELLINGS)]
    answers = [q["answer"] for q in import_rows(tmp_path, monkeypatch, rows)["questions"]]
    assert answers == ["对"] * 9 + ["错"] * 8


def test_judge_written_as_two_options_with_a_letter(tmp_path, monkeypatch):
    # Some exam systems export 判断题 as options 正确/错误 and answer B.
    row = [JUDGE[0], JUDGE[1], "正确", "错误", "", "", "B", *JUDGE[7:]]
    q = import_rows(tmp_path, monkeypatch, [HEADER, row])["questions"][0]
    assert (q["answer"], "options" in q) == ("错", False)


def test_question_type_spellings(tmp_path, monkeypatch):
    spellings = {
        "single": ["单选题", "单选", "单项选择", "单项选择题"],
        "multiple": ["多选题", "多选", "多项选择", "多项选择题"],
        "judge": ["判断题", "判断"],
        "blank": ["填空题", "填空"],
    }
    base = {"single": SINGLE, "multiple": MULTIPLE, "judge": JUDGE, "blank": BLANK}
    rows = [["编号", *HEADER]]
    for qtype, names in spellings.items():
        rows += [[f"{qtype}-{k}", name, *base[qtype][1:]] for k, name in enumerate(names)]
    types_read = [q["type"] for q in import_rows(tmp_path, monkeypatch, rows)["questions"]]
    assert types_read == [t for t, names in spellings.items() for _ in names]


@pytest.mark.parametrize("blank", ["___", "_____", "＿＿＿", "＿＿", "（　　）", "（ ）", "（）", "()", "( )"])
def test_blank_spellings_in_the_stem(blank, tmp_path, monkeypatch):
    row = [BLANK[0], BLANK[1].replace("___", blank), *BLANK[2:]]
    stem = import_rows(tmp_path, monkeypatch, [HEADER, row])["questions"][0]["stem"]
    assert stem == BLANK[1].replace("___", blank if blank == "_____" else "___")


def test_brackets_in_a_choice_stem_are_not_blanks(tmp_path, monkeypatch):
    row = [SINGLE[0], "乡镇统战干事在（　）的领导下处理日常事务。", *SINGLE[2:]]
    assert import_rows(tmp_path, monkeypatch, [HEADER, row])["questions"][0]["stem"] == row[1]


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ("总结|报告", ["总结", "报告"]),
        ("总结｜报告", ["总结", "报告"]),
        ("总结;工作总结|报告", [["总结", "工作总结"], "报告"]),
        ("总结；工作总结 ｜ 报告；", [["总结", "工作总结"], "报告"]),
    ],
)
def test_blank_answer_spellings(answer, expected, tmp_path, monkeypatch):
    row = [BLANK[0], "乡镇统战干事负责起草统战工作本地工作计划、（　　）、（　　）等文件。", "", "", "", "", answer, *BLANK[7:]]  # fmt: skip
    q = import_rows(tmp_path, monkeypatch, [HEADER, row])["questions"][0]
    assert q["answer"] == expected
    assert q["stem"].count("___") == 2


def test_audience_covers_and_difficulty(tmp_path, monkeypatch):
    header = [*HEADER, "适用对象", "知识点", "难度"]
    rows = [
        header,
        [*SINGLE, "乡镇统战干事", "duties", "简单"],
        [*MULTIPLE, "乡镇统战干事，乡镇统战委员", "对本岗位工作职责知之不多、theory", "一般"],
        [*JUDGE, "", "工作方法简单、缺乏载体和创新", "较难"],  # a title holding the separator 、
        [*BLANK, "乡镇统战委员", "DUTIES", "困难"],
    ]
    bank = import_rows(tmp_path, monkeypatch, rows)
    assert bank["audience"] == ["乡镇统战干事", "乡镇统战委员"]
    assert bank["covers"] == ["theory", "duties", "methods"]  # registry order
    qs = bank["questions"]
    assert [q.get("covers") for q in qs] == [["duties"], ["duties", "theory"], ["methods"], ["duties"]]
    assert [q["difficulty"] for q in qs] == ["易", "中", "难", "难"]


def test_a_row_naming_all_the_banks_shortfalls_leaves_them_to_the_bank(tmp_path, monkeypatch):
    rows = [[*HEADER, "培训短板"], [*SINGLE, "duties、theory"], [*JUDGE, "theory，duties"]]
    bank = import_rows(tmp_path, monkeypatch, rows)
    assert bank["covers"] == ["theory", "duties"]
    assert all("covers" not in q for q in bank["questions"])


def test_level_column_is_stored_and_defaults_to_recall(tmp_path, monkeypatch):
    bank = import_rows(tmp_path, monkeypatch, [[*HEADER, "层次"], [*SINGLE, "理解"], [*JUDGE, ""]])
    assert [q["level"] for q in bank["questions"]] == ["理解", "识记"]
    assert list(bank["questions"][0])[:3] == ["id", "type", "level"]
    assert C.LEVELS == schema.LEVELS
    other = tmp_path / "other"
    other.mkdir()
    bank = import_rows(other, monkeypatch, [HEADER, SINGLE, JUDGE])
    assert [q["level"] for q in bank["questions"]] == ["识记", "识记"]


# --- quotes: the importer finds the source -------------------------------------------------


LOCATOR = Locator(SITE.pages)


@pytest.mark.parametrize(
    ("quote", "source"),
    [
        # the smallest section holding it
        ("在统战委员的领导下，负责处理本乡镇的统战工作日常事务", "duties/township-officer.md#duty-1"),
        # the analysis the principles page quotes again
        ("统战工作作为我们党取得胜利的三大法宝之一", "analyses/problems-and-countermeasures.md#measure-3"),
        # only on a role page (an editor's sentence)
        ("乡镇统战干事工作职责共八条", "roles/township-officer.md#duties"),
    ],
)
def test_quote_finds_its_section(quote, source):
    found = LOCATOR.find(quote)
    assert found.source == source
    assert rules.check_source(SITE.pages, found.source, found.quote) is None


def test_quote_copied_with_line_breaks_and_spaces_is_written_as_the_site_has_it(tmp_path, monkeypatch):
    copied = "在统战委员的领导下，\n负责处理本乡镇的 统战工作日常事务"
    q = import_rows(tmp_path, monkeypatch, [HEADER, [*SINGLE[:8], copied]])["questions"][0]
    assert (q["source"], q["quote"]) == ("duties/township-officer.md#duty-1", SINGLE[8])


def test_source_given_wins_over_the_search(tmp_path, monkeypatch):
    rows = [[*HEADER, "出处"], [*SINGLE, "roles/township-officer.md#who-leads-me"]]
    q = import_rows(tmp_path, monkeypatch, rows)["questions"][0]
    assert q["source"] == "roles/township-officer.md#who-leads-me"


def test_every_shipped_quote_is_found_where_the_checker_accepts_it():
    for bank in SITE.banks:
        for q in bank.questions:
            found = LOCATOR.find(q.quote)
            assert found is not None, (bank.id, q.id)
            assert rules.check_source(SITE.pages, found.source, found.quote) is None, (bank.id, q.id)


def test_closest_passage_for_a_misquote():
    source, sentence = LOCATOR.closest("熟悉统战工作理论方针政策和统战工作的方法")
    assert source == "duties/township-officer.md#duty-2"
    # The duty is quoted on several pages, with or without its number "2."
    assert sentence.lstrip("2.").startswith("熟悉统战工作理论、方针、政策")


# --- ids ---------------------------------------------------------------------------------


def test_reimport_gives_the_same_ids_in_any_row_order(tmp_path, monkeypatch):
    rows = [SINGLE, MULTIPLE, JUDGE, BLANK]
    first = import_rows(tmp_path, monkeypatch, [HEADER, *rows], name="first.csv")["questions"]
    again = import_rows(tmp_path, monkeypatch, [HEADER, *reversed(rows)], name="again.csv")["questions"]
    ids = {q["stem"]: q["id"] for q in first}
    assert {q["stem"]: q["id"] for q in again} == ids
    assert all(i.startswith("q-") and len(i) == 12 for i in ids.values())
    assert len(set(ids.values())) == 4


def test_ids_from_the_id_column(tmp_path, monkeypatch):
    rows = [["编号", *HEADER], ["Leader", *SINGLE], ["7", *JUDGE], ["", *BLANK]]
    ids = [q["id"] for q in import_rows(tmp_path, monkeypatch, rows)["questions"]]
    assert ids[:2] == ["leader", "q7"]
    assert ids[2] == importer.content_id("blank", BLANK[1])


# --- the YAML written ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["对", "B", "yes", "No", "null", "~", "12", "1.5", "2004-12-01", "a: b", "a #b", "#x", "- x", "[x]", "x, y",
     "x:", " x", "x ", "a\nb", "%x", "@x", "'x", '"x', "?x", "{a}", "=x", "on", ".inf", "\x07", "中:文", "统战委员"],
)  # fmt: skip
def test_yaml_scalars_read_back_as_written(text):
    assert yaml.safe_load(f"k: {importer.scalar(text)}")["k"] == text
    assert yaml.safe_load(f"k: {importer.flow_list([text, [text]])}")["k"] == [text, [text]]


def test_written_bank_looks_like_the_shipped_ones(tmp_path, monkeypatch):
    sheet = tmp_path / "style.csv"
    sheet.write_text(csv_text([[*HEADER, "培训短板"], [*SINGLE, "duties"], [*BLANK[:6], "总结;工作总结", *BLANK[7:], "duties"]]), "utf-8")  # fmt: skip
    assert run_import(tmp_path, monkeypatch, sheet, title="样式")[0] == 0
    text = (tmp_path / "quizzes" / "style.yml").read_text("utf-8")
    assert "\ntitle: 样式\ncovers: [duties]\nquestions:\n  - id: q-" in text
    assert "\n    answer: A\n" in text and "\n    answer: [[总结, 工作总结]]\n" in text
    assert "\n    options: [统战委员, 乡镇党委书记, 县委统战部部长, 村党支部书记]\n" in text
    assert "\n\n  - id: q-" in text  # a blank line between questions


# --- template -------------------------------------------------------------------------------


def test_template_is_deterministic_and_shaped_for_trainers(tmp_path):
    data = template.workbook_bytes()
    assert data == template.workbook_bytes()
    (tmp_path / "t.xlsx").write_bytes(data)
    workbook = openpyxl.load_workbook(tmp_path / "t.xlsx")
    assert workbook.sheetnames == ["题库", "说明"]
    sheet = workbook["题库"]
    header = [c.value for c in sheet[1]]
    assert header == [c.name for c in C.COLUMNS]
    assert all(c.font.bold for c in sheet[1]) and sheet.freeze_panes == "A2"
    assert [r[1] for r in sheet.iter_rows(min_row=2, values_only=True)] == ["单选题", "多选题", "判断题", "填空题"]
    (validation,) = sheet.data_validations.dataValidation
    assert validation.formula1 == '"单选题,多选题,判断题,填空题"' and str(validation.sqref).startswith("B2:")
    notes = "\n".join(str(c.value) for row in workbook["说明"].iter_rows() for c in row if c.value)
    for column in (*C.COLUMNS, *C.READ_ONLY_COLUMNS):
        if column.key != "option":
            assert column.name in notes
    assert "python scripts/build.py import" in notes and "python scripts/build.py check" in notes


def test_template_example_rows_import_as_the_new_quiz_examples(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    lines: list[str] = []
    assert template.run(Path("模板.xlsx"), lines.append) == 0
    assert (tmp_path / "模板.xlsx").read_bytes() == template.workbook_bytes()
    status, lines = run_import(tmp_path, monkeypatch, tmp_path / "模板.xlsx", bank_id="from-template")
    assert status == 0, lines
    assert lines[-1] == "检查通过：1 个文件，没有发现问题。"
    imported = yaml.safe_load((tmp_path / "quizzes" / "from-template.yml").read_text("utf-8"))["questions"]
    shipped = yaml.safe_load(authoring.new_bank("x"))["questions"]
    assert imported == shipped  # sources found from the quotes are the ones NEW_BANK cites


def test_template_refuses_to_overwrite(tmp_path):
    (tmp_path / "t.xlsx").write_text("x")
    lines: list[str] = []
    assert template.run(tmp_path / "t.xlsx", lines.append) == 1
    assert template.run(tmp_path / "t.xls", lines.append) == 2
    assert (tmp_path / "t.xlsx").read_text() == "x"


def test_guide_links_the_template_and_explains_the_commands():
    guide = (ROOT / "docs" / "guide" / "quiz-authoring.md").read_text("utf-8")
    section = guide.split("## 用表格出题")[1].split("\n## ")[0]
    assert "[下载题库表格模板](../assets/quiz-template.xlsx)" in section
    for command in ("build import", "build template", "build export"):  # ./run.sh build …
        assert command in section


# --- export -----------------------------------------------------------------------------------


@pytest.mark.parametrize("bank", [b.id for b in SITE.banks])
def test_round_trip_of_every_shipped_bank(bank, tmp_path, monkeypatch):
    original = next(b for b in SITE.banks if b.id == bank)
    monkeypatch.chdir(tmp_path)
    lines: list[str] = []
    assert export.run(bank, "xlsx", None, lines.append) == 0, lines
    assert (tmp_path / f"{bank}.xlsx").exists()
    status, lines = run_import(tmp_path, monkeypatch, tmp_path / f"{bank}.xlsx")
    assert status == 0, lines
    assert lines[-1] == "检查通过：1 个文件，没有发现问题。"  # the written bank passes build.py check
    again, problems = load_bank(tmp_path / "quizzes" / f"{bank}.yml", "x", SITE.pages, SHORTFALL_IDS)
    assert problems == []
    assert (again.title, again.description) == (original.title, original.description)
    # The bank's covers come back in registry order and its roles in row order (rows cannot
    # carry the bank's order); same sets.
    assert set(again.covers) == set(original.covers)
    assert set(again.audience) == set(original.audience)
    where = ("line", "col")  # a question's place in its file, not its content

    def content(bank, q):
        # A question's roles as a cadre meets them: its own, else the bank's.
        return {**{k: v for k, v in vars(q).items() if k not in where}, "audience": set(bank.audience_of(q))}

    assert [content(again, q) for q in again.questions] == [content(original, q) for q in original.questions]


def test_blanks_in_any_order_survive_import_and_export(tmp_path, monkeypatch):
    two = ["填空题", "乡镇统战干事要熟悉统战工作___，熟悉本地统一战线成员的___。", "", "", "", "", "方法 | 基本情况", "职责第2条。", "熟悉统战工作方法，熟悉本地统一战线成员的基本情况"]  # fmt: skip
    bank = import_rows(tmp_path, monkeypatch, [[*HEADER, "顺序不限"], [*two, "是"], [*BLANK, ""]], name="gaps.csv")
    assert [q.get("any_order") for q in bank["questions"]] == [True, None]
    monkeypatch.chdir(tmp_path)
    lines: list[str] = []
    assert export.run("gaps", "xlsx", None, lines.append, quiz_dir=tmp_path / "quizzes") == 0, lines
    rows = list(openpyxl.load_workbook(tmp_path / "gaps.xlsx").worksheets[0].values)
    column = rows[0].index("顺序不限")
    assert [r[column] for r in rows[1:3]] == ["是", None]


def test_export_refuses_unknown_banks_and_existing_files(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    lines: list[str] = []
    assert export.run("no-such-bank", "xlsx", None, lines.append) == 1
    assert lines[0].startswith("题库“no-such-bank”不存在：quizzes/ 中的题库有 ")
    (tmp_path / "mine.xlsx").write_text("x")
    assert export.run(SITE.banks[0].id, "xlsx", Path("mine.xlsx"), lines.append) == 1
    assert (
        lines[-1] == "mine.xlsx 已存在，未覆盖：请用 -o 指定另一个文件名，或先删除、改名原文件；确要替换时加 --force。"
    )
    assert (tmp_path / "mine.xlsx").read_text() == "x"


def test_export_refuses_a_bank_with_problems(tmp_path):
    quiz_dir = tmp_path / "quizzes"
    quiz_dir.mkdir()
    shutil.copy(ROOT / "quizzes" / REGISTRY, quiz_dir / REGISTRY)
    (quiz_dir / "broken.yml").write_text("title: 坏题库\ncovers: [duties]\nquestions: []\nanwser: A\n", "utf-8")
    lines: list[str] = []
    assert export.run("broken", "xlsx", tmp_path / "out.xlsx", lines.append, quiz_dir=quiz_dir) == 1
    assert lines[-1] == "题库“broken”有 1 个问题，未导出：请按上面的提示改正后再导出。"
    assert not (tmp_path / "out.xlsx").exists()


class GiftLike:
    """What the GIFT writer returns: its text as str(), and a warning line."""

    warning = "注意：GIFT 测试"
    skipped = {"q2": "有 2 个空"}  # noqa: RUF012 (a fake's constant)

    def __init__(self, text: str):
        self.text = text

    def __str__(self) -> str:
        return self.text


def test_export_hands_moodle_and_gift_to_their_writers(tmp_path, monkeypatch):
    calls = []
    moodle = types.ModuleType("kb.sheets.moodle")
    moodle.to_moodle_xml = lambda bank, pages: calls.append(("xml", bank.id, len(pages))) or "<quiz/>\n"
    gift = types.ModuleType("kb.sheets.gift")
    gift.to_gift = lambda bank, pages: GiftLike("::q:: x{T}\n")
    monkeypatch.setitem(sys.modules, "kb.sheets.moodle", moodle)
    monkeypatch.setitem(sys.modules, "kb.sheets.gift", gift)
    monkeypatch.chdir(tmp_path)
    bank = SITE.banks[0].id
    lines: list[str] = []
    assert export.run(bank, "moodle-xml", None, lines.append) == 0
    assert export.run(bank, "gift", None, lines.append) == 0
    assert (tmp_path / f"{bank}.xml").read_text("utf-8") == "<quiz/>\n"
    assert (tmp_path / f"{bank}.gift.txt").read_text("utf-8") == "::q:: x{T}\n"
    assert calls == [("xml", bank, len(SITE.pages))]
    assert "注意：GIFT 测试" in lines
    assert f"（{len(SITE.banks[0].questions) - 1} 道题，GIFT 文本）" in lines[-1]  # the one left out not counted
    assert lines[-1].endswith(f"{bank}.gift.txt")


# --- the command line and the benchmark ----------------------------------------------------


def test_cli_refuses_xls_and_writes_the_template(tmp_path):
    build = [sys.executable, str(ROOT / "scripts" / "build.py")]
    (tmp_path / "题库.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    result = subprocess.run([*build, "import", "题库.xls"], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 1
    assert "另存为" in result.stdout and "Excel 工作簿（*.xlsx）" in result.stdout
    result = subprocess.run([*build, "template", "模板.xlsx"], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "模板.xlsx").read_bytes() == template.workbook_bytes()


def test_import_benchmark_runs_on_a_small_sheet(tmp_path):
    from bench import bench_import

    sheet = tmp_path / "bench.xlsx"
    bench_import.write_workbook(bench_import.generate_rows(150), sheet)  # beyond one pass over the banks
    _, status, lines, _ = bench_import.import_once(sheet)
    assert status == 0, lines[:5]
    assert lines[0] == "读取工作表“题库”。" and "150 道题" in lines[1]
