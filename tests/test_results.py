"""build.py results: the 成绩文件 format (canonical form, checksum), which files count, the exact
message for each file that does not, regrading (a forged file counts its true score), and the
题目分析 of a small class computed by hand. The browser side (files saved by Chromium over HTTP
and file://, the 班级成绩 page against the command) is tests/browser/test_results_browser.py."""

from __future__ import annotations

import copy
import functools
import json
from pathlib import Path

import openpyxl
import pytest

from kb import results
from kb.quiz.model import question_version
from kb.results import analysis, fileformat
from kb.results.fileformat import canonical, checksum, js_number, paper_id, read
from kb.site import load_site

# 张三's file, saved by Chromium over HTTP in tests/browser/test_results_browser.py (exam.js computed
# paper.id and the checksum); compacted here, every value untouched.
SAVED = (
    '{"app":"jiceng-tongzhan-kb","kind":"exam-result","v":1,"paper":{"banks":["township-officer-duties",'
    '"village-liaison-duties"],"n":6,"seed":"2024","roles":[],"shortfalls":[],"minutes":0,"id":"5b6781a29a9cf4ee"},'
    '"questions":[{"key":"village-liaison-duties/ledger-blank","covers":["duties"],"answer":["台账"],"correct":true},'
    '{"key":"township-officer-duties/letters-visits","covers":["duties"],"answer":[2],"correct":true},'
    '{"key":"village-liaison-duties/liaison-duty-list","covers":["duties"],"answer":[1,3,4],"correct":true},'
    '{"key":"village-liaison-duties/assist-judge","covers":["duties"],"answer":[1],"correct":true},'
    '{"key":"township-officer-duties/letters-visits-objects","covers":["duties"],"answer":[2],"correct":false},'
    '{"key":"village-liaison-duties/resolve-disputes","covers":["duties"],"answer":[0],"correct":false}],'
    '"score":{"right":4,"total":6},"shortfalls":{"duties":{"right":4,"total":6}},'
    '"started":"2026-11-30T18:19:10.699+08:00","finished":"2026-11-30T18:19:12.344+08:00","seconds":2,'
    '"name":"张三","unit":"城关镇党委",'
    '"checksum":"sha256:8932534432485e4b7144d66f757e502975d27456c101007746908c5748518a8b"}'
)
TITLES = {
    "township-officer-duties": "乡镇统战干事工作职责",
    "village-liaison-duties": "村（社区）统战联络员工作对象及职责",
}
BANKS = "乡镇统战干事工作职责、村（社区）统战联络员工作对象及职责"


def saved() -> dict:
    return json.loads(SAVED)


def signed(rec: dict) -> dict:
    rec["checksum"] = checksum(rec)
    return rec


def remade(rec: dict, **changes) -> dict:
    """``rec`` changed and made consistent again (score, shortfalls, paper id, checksum): what
    only someone who recomputes the checksum can do."""
    rec = copy.deepcopy(rec) | changes
    qs = rec["questions"]
    rec["score"] = {"right": sum(q["correct"] for q in qs), "total": len(qs)}
    rec["shortfalls"] = {}
    for q in qs:
        for c in q["covers"]:
            s = rec["shortfalls"].setdefault(c, {"right": 0, "total": 0})
            s["right"] += q["correct"]
            s["total"] += 1
    rec["paper"] = rec["paper"] | {"n": len(qs), "id": paper_id([q["key"] for q in qs])}
    return signed(rec)


# Answers to the six questions of SAVED's paper, right and wrong, as exam.js records them: option
# indexes in the bank's order (判断: 0 对, 1 错) or the texts typed in the blanks.
RIGHT = [["台账"], [2], [1, 3, 4], [1], [0, 1, 3], [3]]
WRONG = [["名单"], [0], [1, 3], [0], [1], [0]]


@functools.cache
def versions() -> dict[str, str]:
    """Each question's version in the banks today: what exam-data.js gives the page."""
    return {f"{b.id}/{q.id}": question_version(q) for b in load_site().banks for q in b.questions}


def current(rec: dict, **changes) -> dict:
    """``rec`` as exam.js writes it today (format 2: each question's version), signed."""
    rec = copy.deepcopy(rec) | {"v": 2}
    rec["questions"] = [{"key": q["key"], "v": versions().get(q["key"], "0" * 12)} | q for q in rec["questions"]]
    return remade(rec, **changes)


def with_answers(rec: dict, answers: list[list], marks: list[bool] | None = None, **changes) -> dict:
    """Another cadre on the same paper who gave ``answers``; ``correct`` as the page marked them
    (``marks``, or else by the key above), made consistent and signed."""
    rec = copy.deepcopy(rec)
    for i, (q, a) in enumerate(zip(rec["questions"], answers, strict=True)):
        q["answer"] = a
        q["correct"] = marks[i] if marks else a == RIGHT[i]
    return remade(rec, **changes)


def answered(rec: dict, pattern: list[bool], **changes) -> dict:
    """Another cadre on the same paper, right where ``pattern`` says: honest answers and marks."""
    return with_answers(rec, [r if ok else w for ok, r, w in zip(pattern, RIGHT, WRONG, strict=True)], **changes)


def write(folder: Path, name: str, content) -> str:
    data = content if isinstance(content, bytes | str) else json.dumps(content, ensure_ascii=False, indent=1)
    (folder / name).write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return name


def brief(rec: dict) -> str:
    p = rec["paper"]
    return f"{BANKS}，{p['n']} 题，种子 {p['seed']}，编号 {p['id']}"


@pytest.fixture
def here(tmp_path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def refused(*names: str) -> list[str]:
    return results.sort_out(list(names), TITLES)[1]


# --- the format -----------------------------------------------------------------------------


def test_the_file_the_browser_saved_checks_out_in_python(here):
    rec = saved()
    assert checksum(rec) == rec["checksum"]
    assert paper_id([q["key"] for q in rec["questions"]]) == rec["paper"]["id"]
    f = read(here / write(here, "a.json", SAVED), "a.json")
    assert f.v == 1 and all(a.version is None for a in f.answers)  # a version 1 file: still read
    assert (f.name, f.unit, f.claimed, f.total, f.seconds, f.paper_id) == (
        "张三",
        "城关镇党委",
        4,
        6,
        2,
        "5b6781a29a9cf4ee",
    )
    assert f.finished.isoformat() == "2026-11-30T18:19:12.344000+08:00"


def test_formatting_does_not_count_but_any_changed_value_does(here):
    rec = saved()
    pretty = json.dumps(dict(reversed(list(rec.items()))), ensure_ascii=False, indent=4)
    assert read(here / write(here, "a.json", "\ufeff" + pretty), "a.json").name == "张三"  # BOM, order, spaces
    for change in [("name", "张三丰"), ("seconds", 1), ("unit", "城关镇党委 ")]:
        edited = saved() | dict([change])
        with pytest.raises(fileformat.Refused) as e:
            read(here / write(here, "b.json", edited), "b.json")
        assert str(e.value) == "b.json：校验码不符，文件保存后被改动过"


@pytest.mark.parametrize(
    ("number", "js"),
    [
        (0, "0"),
        (-3, "-3"),
        (2.0, "2"),
        (-0.0, "0"),
        (1.5, "1.5"),
        (0.1 + 0.2, "0.30000000000000004"),
        (0.000001, "0.000001"),
        (0.0000015, "0.0000015"),
        (1e-7, "1e-7"),
        (123e-20, "1.23e-18"),
        (5e-324, "5e-324"),
        (1e16, "10000000000000000"),
        (1e20, "100000000000000000000"),
        (123456789012345680000.0, "123456789012345680000"),
        (1e21, "1e+21"),
        (1.7976931348623157e308, "1.7976931348623157e+308"),
        (float("nan"), "null"),
    ],
)
def test_numbers_are_written_as_javascript_writes_them(number, js):
    assert js_number(number) == js


def test_canonical_form():
    assert (
        canonical({"b": [1, True, None], "a": {"y": False, "x": "中"}})
        == '{"a":{"x":"中","y":false},"b":[1,true,null]}'
    )
    assert canonical('"\\\n\r\t\b\f\x01\x1f\x7f\u2028é😀') == '"\\"\\\\\\n\\r\\t\\b\\f\\u0001\\u001f\x7f\u2028é😀"'
    assert canonical("\ud800x\udfff") == '"\\ud800x\\udfff"'  # lone surrogates, as JSON.stringify writes them
    # Keys by UTF-16 code units, as JS sorts them: a key beyond the BMP (U+1D4B3, D835 DCB3)
    # comes before U+FF5A, although its code point is greater.
    assert canonical({"ｚ": 1, "𝒳": 2, "B": 3, "_": 4, "a": 5}) == '{"B":3,"_":4,"a":5,"𝒳":2,"ｚ":1}'


# --- each file not counted, and why ------------------------------------------------------------


def test_files_that_cannot_be_read(here):
    write(here, "坏.json", '{"app": "jiceng-tongzhan-kb", ')
    write(here, "gbk.json", '{"name": "张三"}'.encode("gbk"))
    write(here, "nan.json", '{"v": NaN}')
    (here / "空文件夹").mkdir()
    assert refused("没有.json", "坏.json", "gbk.json", "nan.json", "空文件夹", "x/*.json") == [
        "没有.json：找不到这个文件",
        "坏.json：无法读取（不是 JSON 文件，或文件已损坏）",
        "gbk.json：无法读取（不是 JSON 文件，或文件已损坏）",
        "nan.json：无法读取（不是 JSON 文件，或文件已损坏）",
        "空文件夹：文件夹中没有 .json 文件",
        "x/*.json：找不到这个文件",
    ]


def test_files_that_are_not_result_files(here):
    record = {"app": "jiceng-tongzhan-kb", "kind": "learning-record", "v": 2, "data": {}}  # 导出学习记录
    write(here, "学习记录.json", record)
    write(here, "list.json", [saved()])
    write(here, "big.json", b" " * (fileformat.MAX_BYTES + 1))
    write(here, "v3.json", saved() | {"v": 3})
    write(here, "v-text.json", saved() | {"v": "1"})
    assert refused("学习记录.json", "list.json", "big.json", "v3.json", "v-text.json") == [
        "学习记录.json：不是本站的成绩文件",
        "list.json：不是本站的成绩文件",
        "big.json：不是本站的成绩文件",
        "v3.json：成绩文件版本 3 无法识别（本程序读取版本 1 和 2），请用最新版的知识库汇总",
        "v-text.json：不是本站的成绩文件",
    ]


def test_hand_edited_files_are_refused(here):
    rec = saved()
    rec["score"]["right"] = 6
    write(here, "改分.json", rec)
    rec = saved()
    rec["questions"][4]["correct"] = True  # even made consistent, without the checksum
    rec["score"]["right"] = 5
    rec["shortfalls"]["duties"]["right"] = 5
    write(here, "改题.json", rec)
    write(here, "无校验码.json", {k: v for k, v in saved().items() if k != "checksum"})
    assert refused("改分.json", "改题.json", "无校验码.json") == [
        "改分.json：校验码不符，文件保存后被改动过",
        "改题.json：校验码不符，文件保存后被改动过",
        "无校验码.json：校验码不符，文件保存后被改动过",
    ]


def test_inconsistent_files_are_refused_even_with_a_right_checksum(here):
    def broken(change) -> dict:
        rec = saved()
        change(rec)
        return signed(rec)

    write(here, "1.json", broken(lambda r: r["score"].update(right=5)))
    write(here, "2.json", broken(lambda r: r["shortfalls"]["duties"].update(total=5)))
    write(here, "3.json", broken(lambda r: r["paper"].update(id="0" * 16)))
    write(here, "4.json", broken(lambda r: r["paper"].update(n=5)))
    write(here, "5.json", broken(lambda r: r.pop("name")))
    write(here, "6.json", broken(lambda r: r.update(name="  ")))
    write(here, "7.json", broken(lambda r: r.update(finished="2026-11-30 晚上")))
    write(here, "8.json", broken(lambda r: r.update(finished="2026-11-30T18:19:12")))  # no UTC offset
    write(here, "9.json", broken(lambda r: r["questions"][0].update(correct="是")))
    write(here, "10.json", broken(lambda r: r["questions"][0].update(key="台账题")))
    assert refused(*(f"{i}.json" for i in range(1, 11))) == [
        "1.json：内容不完整或前后不一致（得分与逐题结果不符）",
        "2.json：内容不完整或前后不一致（各培训短板的结果与逐题结果不符）",
        "3.json：内容不完整或前后不一致（试卷编号与题目不符）",
        "4.json：内容不完整或前后不一致（题数与题目列表不符）",
        "5.json：内容不完整或前后不一致（name 缺少或格式不对）",
        "6.json：内容不完整或前后不一致（没有姓名）",
        "7.json：内容不完整或前后不一致（交卷时间无法识别）",
        "8.json：内容不完整或前后不一致（交卷时间无法识别）",
        "9.json：内容不完整或前后不一致（第 1 题的 correct 缺少或格式不对）",
        "10.json：内容不完整或前后不一致（第 1 题的题目编号“台账题”格式不对）",
    ]


def test_another_paper_is_refused_and_the_class_paper_is_the_most_common(here):
    a = saved()
    other = remade(a, questions=a["questions"][::-1], paper=a["paper"] | {"seed": "2025"})
    write(here, "a.json", a)
    write(here, "b1.json", answered(other, [True] * 6, name="李四"))
    write(here, "b2.json", answered(other, [False] * 6, name="王五"))
    counted, messages, chosen, _ = results.sort_out(["a.json", "b1.json", "b2.json"], TITLES)
    assert [f.name for f in counted] == ["李四", "王五"] and chosen == other["paper"]["id"]
    assert messages == [f"a.json：来自另一份试卷（{brief(a)}），本次汇总的试卷是：{brief(other)}"]
    assert brief(a) == f"{BANKS}，6 题，种子 2024，编号 5b6781a29a9cf4ee"
    # One file each: the first given decides; the same content twice does not make a majority.
    assert refused("b1.json", "a.json") == [f"a.json：来自另一份试卷（{brief(a)}），本次汇总的试卷是：{brief(other)}"]
    write(here, "b1-copy.json", (here / "b1.json").read_bytes())
    assert refused("a.json", "b1.json", "b1-copy.json")[0].startswith("b1.json：来自另一份试卷")


def test_duplicates_are_refused_by_name(here):
    rec = saved()
    write(here, "a.json", rec)
    write(here, "a-copy.json", json.dumps(rec, ensure_ascii=False))  # another layout, the same content
    write(here, "a-again.json", answered(rec, [True] * 6))  # same name, unit and time, other answers
    write(here, "a-later.json", answered(rec, [True] * 6, finished="2026-11-30T18:30:00.000+08:00"))
    counted, messages, _, _ = results.sort_out(
        ["a.json", "./a.json", "a-copy.json", "a-again.json", "a-later.json"], TITLES
    )
    assert messages == [
        "./a.json：同一个文件给了两次",
        "a-copy.json：与 a.json 内容完全相同（同一份成绩交了两次）",
        "a-again.json：与 a.json 是同一人同一次交卷（姓名、单位和交卷时间都相同）",
    ]
    assert [f.file for f in counted] == ["a.json", "a-later.json"]  # took the paper again: counted, and noted


def test_folders_and_patterns_are_expanded(here):
    (here / "一班").mkdir()
    write(here / "一班", "b.json", answered(saved(), [True] * 6, name="李四"))
    write(here / "一班", "a.json", saved())
    write(here / "一班", "说明.txt", "not a result")
    counted, messages, _, _ = results.sort_out(["一班"], TITLES)
    assert [f.name for f in counted] == ["张三", "李四"] and messages == []
    counted, _, _, _ = results.sort_out(["一班/*.json"], TITLES)  # as Windows' cmd passes it
    assert [Path(f.file).name for f in counted] == ["a.json", "b.json"]


# --- the command -----------------------------------------------------------------------------


def test_no_files_no_overwrite_nothing_to_sum(here):
    lines: list[str] = []
    assert results.run([], out=lines.append) == 2
    assert lines == ["请给出成绩文件，例如：./run.sh build results 成绩/*.json（也可以只写文件夹名）"]
    write(here, "班级成绩.xlsx", b"the trainer's own")
    write(here, "a.json", saved())
    lines.clear()
    assert results.run(["a.json"], out=lines.append) == 1
    assert lines == [
        "班级成绩.xlsx 已存在，未覆盖：请用 -o 指定另一个文件名，或先删除、改名原文件；确要替换时加 --force。"
    ]
    assert (here / "班级成绩.xlsx").read_bytes() == b"the trainer's own"
    lines.clear()
    write(here, "坏.json", "{")
    assert results.run(["坏.json", "没有.json"], Path("二班.xlsx"), out=lines.append) == 1
    assert lines == [
        "未计入的文件（2 个）：",
        "  坏.json：无法读取（不是 JSON 文件，或文件已损坏）",
        "  没有.json：找不到这个文件",
        "没有可以汇总的成绩文件，未生成表格。",
    ]
    assert not (here / "二班.xlsx").exists()


# --- regrading: what a file earns, not what it claims -----------------------------------------


def test_a_forged_file_counts_its_true_score(here):
    """A cadre who flips the correct flags and recomputes score, shortfalls and checksum (all
    documented) gets the score of the answers given, and the trainer is told which file."""
    honest = current(answered(saved(), [True, True, False, False, False, False], name="李四"))
    forged = copy.deepcopy(honest)
    for q in forged["questions"]:
        q["correct"] = True
    forged = remade(forged)
    assert forged["score"] == {"right": 6, "total": 6} and read(here / write(here, "f.json", forged), "f").claimed == 6
    write(here, "a.json", current(saved()))
    lines: list[str] = []
    assert results.run(["a.json", "f.json"], out=lines.append) == 0
    assert lines[1] == "人数 2，平均分 3.0/6（正确率 50%），最高 4/6，最低 2/6，平均用时 0 分 02 秒。"
    assert (
        "注意：f.json 中记录的对错与按题库重新评分的结果不符（第 3、4、5、6 题），已按重新评分计入：2/6（文件中记为 6/6）。"
        in lines
    )
    book = openpyxl.load_workbook(here / "班级成绩.xlsx")
    rows = list(book["成绩"].iter_rows(min_row=2, values_only=True))
    assert [r[:3] for r in rows] == [("张三", "城关镇党委", 4), ("李四", "城关镇党委", 2)]
    assert rows[1][6:12] == (1, 1, 0, 0, 0, 0)
    assert rows[1][12] == "2/6"  # the shortfall column: regraded too


def test_answers_of_the_wrong_shape_earn_nothing(here):
    """Text for a choice question, an index out of range, a repeated option: wrong, not a crash."""
    odd = [[1], ["接待处理"], [1, 3, 4, 4], [7], [0, 1, 3, 3], [True]]
    write(here, "a.json", current(with_answers(saved(), odd, marks=[True] * 6)))
    lines: list[str] = []
    assert results.run(["a.json"], out=lines.append) == 0
    assert lines[1].startswith("人数 1，平均分 0.0/6（正确率 0%）")


def test_blanks_are_graded_as_the_page_grades_them():
    from kb.results.grade import Key, grade

    key = Key("blank", [["点多"], ["面广", "面宽"]], True, (), "")
    assert grade(key, ["面宽。", "点　多"])  # any order, full-width space and punctuation ignored
    assert not grade(key, ["点多", "点多"])  # one blank cannot take two answers
    assert not grade(key, ["点多"])  # a blank missing
    assert not grade(key, ["", ""])  # left open
    assert not grade(Key("blank", [["点多"], ["面广"]], False, (), ""), ["面广", "点多"])  # order matters


def test_changed_gone_and_old_files_are_counted_with_notes(here):
    rec = current(saved())
    rec["questions"][2]["v"] = "000000000000"  # the cadre saw another wording of 第 3 题
    rec["questions"][1]["key"] = "township-officer-duties/no-such-question"
    write(here, "a.json", remade(rec))
    write(here, "b.json", answered(remade(rec), [True] * 6, name="李四"))
    lines: list[str] = []
    assert results.run(["a.json", "b.json"], out=lines.append) == 0
    # 第 2 题 is gone: five questions count; 张三 had 1, 3, 4 of those right, 李四 all five.
    assert lines[1] == "人数 2，平均分 4.0/5（正确率 80%），最高 5/5，最低 3/5，平均用时 0 分 02 秒。"
    assert (
        "注意：题库中已没有试卷第 2 题（township-officer-duties/no-such-question），这道题不计分，每人按其余 5 题计分。"
        in lines
    )
    changed = [ln for ln in lines if "交卷后修改过" in ln]
    assert len(changed) == 1 and changed[0].startswith("注意：试卷第 3 题（村（社区）统战联络员工作对象及职责 第 ")
    assert changed[0].endswith("题）在 2 份成绩文件交卷后修改过，已按题库现在的题目和答案评分，请核对这道题。")
    rows = list(openpyxl.load_workbook(here / "班级成绩.xlsx")["成绩"].iter_rows(min_row=2, values_only=True))
    assert rows[0][2:4] == (3, pytest.approx(0.6)) and rows[0][6:12] == (1, None, 1, 1, 0, 0)
    # A version 1 file (no versions recorded) still counts, with a note.
    write(here, "old.json", saved())
    lines.clear()
    assert results.run(["old.json"], Path("旧.xlsx"), out=lines.append) == 0
    assert lines[1].startswith("人数 1，平均分 4.0/6")
    assert (
        "注意：old.json 是旧版成绩文件，没有记录题目版本，已按题库现在的答案评分；无法判断交卷后题目是否修改过。"
        in lines
    )


def test_a_version_2_file_must_name_each_question_version(here):
    rec = current(saved())
    del rec["questions"][0]["v"]
    write(here, "a.json", signed(rec))
    assert refused("a.json") == ["a.json：内容不完整或前后不一致（第 1 题的 v 缺少或格式不对）"]


# --- the class, and the 题目分析 computed by hand --------------------------------------------

# Five cadres on SAVED's paper. The answers as recorded; the marks they earn:
#        Q1 Q2 Q3 Q4 Q5 Q6  total
#   A     1  1  1  1  0  1    5
#   B     1  0  0  1  0  0    2
#   C     0  0  1  1  0  0    2     (Q1 and Q2 left open)
#   D     0  1  0  1  1  0    3
#   E     0  0  0  1  1  0    2     (Q6 left open)
CLASS_ANSWERS = {
    "甲": [["台账"], [2], [1, 3, 4], [1], [0, 1], [3]],
    "乙": [["台账。"], [0], [1, 3], [1], [0, 1, 2], [0]],
    "丙": [[""], [], [1, 3, 4], [1], [1], [1]],
    "丁": [["名单"], [2], [0, 1], [1], [0, 1, 3], [2]],
    "戊": [["花名册"], [3], [2], [1], [0, 1, 3], []],
}
# Discrimination, by hand: x the question's marks, y = total - x (the rest of the paper), n = 5,
# r = (nΣxy - ΣxΣy) / sqrt((nΣx² - (Σx)²)(nΣy² - (Σy)²)).
#   Q1 x=11000 y=4,1,2,3,2: Σx=2 Σy=12 Σxy=5 Σy²=34: (25-24)/sqrt(6·26) = 1/sqrt(156) = 0.0801 → 0.08
#   Q2 x=10010 y=4,2,2,2,2: Σx=2 Σy=12 Σxy=6 Σy²=32: (30-24)/sqrt(6·16) = 6/sqrt(96) = 0.6124 → 0.61
#   Q3 x=10100 y=4,2,1,3,2: Σx=2 Σy=12 Σxy=5 Σy²=34: 1/sqrt(156) → 0.08
#   Q4 x=11111: nΣx² - (Σx)² = 25 - 25 = 0 → undefined (blank)
#   Q5 x=00011 y=5,2,2,2,1: Σx=2 Σy=12 Σxy=3 Σy²=38: (15-24)/sqrt(6·46) = -9/sqrt(276) = -0.5417 → -0.54
#   Q6 x=10000 y=4,2,2,3,2: Σx=1 Σy=13 Σxy=4 Σy²=37: (20-13)/sqrt(4·16) = 7/8 = 0.875 → 0.88
#      (exactly half: rounded up, as JavaScript's toFixed(2) does)
HAND = {
    # number: (facility %, discrimination, right, left open, chosen per option in bank order, flags)
    1: ("40%", "0.08", 2, 1, None, ""),
    2: ("40%", "0.61", 2, 1, [1, 0, 2, 1], ""),
    3: ("40%", "0.08", 2, 0, [1, 4, 1, 3, 2], ""),
    4: ("100%", None, 5, 0, [0, 5], "太容易"),
    5: ("40%", "-0.54", 2, 0, [4, 5, 1, 2], "区分度为负"),
    6: ("20%", "0.88", 1, 1, [1, 1, 1, 1], ""),  # 0.2 is not below 0.2: not 太难
}


def fixture_class(folder: Path) -> list[str]:
    """The five cadres' files (format 2, versions of today's banks) written into ``folder``."""
    names = []
    for k, (name, answers) in enumerate(CLASS_ANSWERS.items()):
        rec = current(with_answers(saved(), answers, name=name, finished=f"2026-11-30T18:2{k}:00.000+08:00"))
        names.append(write(folder, f"成绩-{name}.json", rec))
    return names


def test_item_analysis_matches_a_hand_computation(here):
    lines: list[str] = []
    assert results.run(fixture_class(here), out=lines.append) == 0
    assert lines[1] == "人数 5，平均分 2.8/6（正确率 47%），最高 5/6，最低 2/6，平均用时 0 分 02 秒。"
    look = lines.index("最值得检查的题目（见“题目分析”表）：")
    assert [ln.split("（")[0] for ln in lines[look + 1 : look + 3]] == ["  1. 第 5 题", "  2. 第 4 题"]
    assert lines[look + 1].endswith("）区分度为负：正确率 40%，区分度 -0.54")
    assert lines[look + 2].endswith("）太容易：正确率 100%，区分度 无法计算")
    assert lines[-1] == "已写入 班级成绩.xlsx（工作表：成绩、薄弱环节、题目分析、说明）。"
    book = openpyxl.load_workbook(here / "班级成绩.xlsx")
    assert book.sheetnames == ["成绩", "薄弱环节", "题目分析", "说明"]
    sheet = book["题目分析"]
    assert sheet["A1"].value == "最值得检查的题目：第 5 题、第 4 题"
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    for n, row in enumerate(rows, 1):
        facility, disc, right, open_, chosen, flags = HAND[n]
        assert row[0] == f"第 {n} 题"
        assert results.percent(analysis.Fraction(row[4]).limit_denominator(100)) == facility
        assert row[5] == (float(disc) if disc else None)
        assert (row[6], row[7], row[9]) == (right, open_, flags or None)
        counts = [int(part.rsplit("：", 1)[1]) for part in row[8].split("；")] if row[8] else None
        assert counts == chosen, n
    assert rows[1][8].startswith("交村（社区）统战联络员处理：1；只登记备案，不作处理：0；★接待处理：2；")


def test_flags_thresholds_and_unchosen_options():
    options = [("甲", 3, True), ("乙", 0, False)]
    easy = analysis.item_stats([1] * 19 + [0], list(range(20)), options, 0)
    assert easy.facility == analysis.Fraction(19, 20) and "太容易" in easy.flags
    assert "无人选择的选项" in easy.flags  # 20 files: an option nobody chose says something
    few = analysis.item_stats([1] * 18 + [0], list(range(19)), options, 0)
    assert "无人选择的选项" not in few.flags  # 19 files: too few to judge
    hard = analysis.item_stats([1] + [0] * 5, [5, 1, 2, 3, 4, 0], [], 0)
    assert hard.flags == ["太难"]  # 1/6 < 0.2
    assert analysis.fixed2(0.875) == "0.88" and analysis.fixed2(-0.875) == "-0.88" and analysis.fixed2(0.125) == "0.13"


def test_a_class_summary_and_workbook(here):
    write(here, "a.json", current(saved()))
    write(
        here,
        "b.json",
        current(
            answered(
                saved(),
                [True, False, True, True, True, True],
                name="李四",
                unit="",
                started="2026-11-30T18:19:11.000+08:00",
            )
        ),
    )
    write(here, "c.json", current(answered(saved(), [True] * 6, finished="2026-11-30T18:40:00.000+08:00")))
    lines: list[str] = []
    assert results.run(["a.json", "b.json", "c.json"], Path("一班"), out=lines.append) == 0
    assert lines[0] == f"班级成绩汇总：3 人。试卷：{brief(current(saved()))}。"
    assert lines[1] == "人数 3，平均分 5.0/6（正确率 83%），最高 6/6，最低 4/6，平均用时 0 分 02 秒。"
    assert lines[2:4] == [
        "最薄弱的培训短板（全班正确率从低到高）：",
        "  1. 对本岗位工作职责知之不多：正确率 83%（15/18）",
    ]
    assert lines[4] == "错得最多的题目（全班正确率从低到高）："
    assert lines[5].startswith("  1. 第 2 题（乡镇统战干事工作职责 第 ") and "正确率 67%（2/3 人答对）：" in lines[5]
    assert lines[-2:] == [
        "注意：张三（城关镇党委）有 2 份成绩（a.json、c.json），都已计入。",
        "已写入 一班.xlsx（工作表：成绩、薄弱环节、题目分析、说明）。",
    ]
    book = openpyxl.load_workbook(here / "一班.xlsx")
    rows = list(book["成绩"].iter_rows(min_row=2, values_only=True))
    assert [r[:3] for r in rows] == [("张三", "城关镇党委", 4), ("李四", None, 5), ("张三", "城关镇党委", 6)]
    weak = list(book["薄弱环节"].iter_rows(min_row=7, values_only=True))
    assert [r[1] for r in weak] == ["第 2 题", "第 5 题", "第 6 题", "第 1 题", "第 3 题", "第 4 题"]
    assert [r[6:12] for r in rows][1] == (1, 0, 1, 1, 1, 1)
    assert str(rows[2][5]) == "2026-11-30 18:40:00"
    notes = [r[1] for r in book["说明"].iter_rows(values_only=True) if r[1]]
    assert any("只能说明文件保存后有没有被改动过，不能证明文件是真的" in t for t in notes)
    # The same files give the same bytes.
    assert results.run(["a.json", "b.json", "c.json"], Path("二班.xlsx"), out=lambda _: None) == 0
    assert (here / "一班.xlsx").read_bytes() == (here / "二班.xlsx").read_bytes()


def test_names_stay_text_and_a_file_with_control_characters_is_named_and_skipped(here):
    write(here, "a.json", current(answered(saved(), [True] * 6, name='=HYPERLINK("http://example.org")')))
    write(here, "b.json", current(answered(saved(), [True] * 6, name="王\x01五", unit="=1+1")))
    write(here, "c.json", current(answered(saved(), [True] * 6, name="@SUM(A1)", unit="+1", finished="2026-12-01T09:00:00.000+08:00")))  # fmt: skip
    lines: list[str] = []
    assert results.run(["a.json", "b.json", "c.json"], out=lines.append) == 0
    assert lines[0].startswith("班级成绩汇总：2 人。")
    assert (
        "  b.json：姓名中有控制字符或无效字符（U+0001），无法写入表格：文件已损坏或被改动过，请让学员重新交卷" in lines
    )
    book = openpyxl.load_workbook(here / "班级成绩.xlsx")
    cell = book["成绩"]["A2"]
    assert (cell.value, cell.data_type, cell.quotePrefix) == ('=HYPERLINK("http://example.org")', "s", True)
    row = book["成绩"][3]
    assert [(c.value, c.data_type, c.quotePrefix) for c in row[:2]] == [("@SUM(A1)", "s", True), ("+1", "s", True)]
    for sheet in book:
        for r in sheet.iter_rows():
            assert all(c.data_type != "f" for c in r), sheet.title


def test_one_sitting_saved_under_two_names_is_noted(here):
    write(here, "a.json", current(saved()))
    write(here, "b.json", current(saved(), name="张三的同事"))
    lines: list[str] = []
    assert results.run(["a.json", "b.json"], out=lines.append) == 0
    assert lines[-2] == "注意：a.json、b.json 的开始和交卷时间完全相同，却是不同的姓名或单位，都已计入，请核实。"
