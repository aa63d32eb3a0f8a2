"""build.py results: the 成绩文件 format (canonical form, checksum), which files count, and the
exact message for each file that does not. The browser side (files saved by Chromium over HTTP
and file://, the workbook of a real class) is tests/browser/test_results_browser.py."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import openpyxl
import pytest

from kb import results
from kb.results import fileformat
from kb.results.fileformat import canonical, checksum, js_number, paper_id, read

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


def answered(rec: dict, pattern: list[bool], **changes) -> dict:
    """Another cadre on the same paper: other answers, made consistent."""
    rec = copy.deepcopy(rec)
    for q, ok in zip(rec["questions"], pattern, strict=True):
        q["correct"] = ok
    return remade(rec, **changes)


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
    assert (f.name, f.unit, f.right, f.total, f.seconds, f.paper_id) == (
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
    write(here, "v2.json", saved() | {"v": 2})
    write(here, "v-text.json", saved() | {"v": "1"})
    assert refused("学习记录.json", "list.json", "big.json", "v2.json", "v-text.json") == [
        "学习记录.json：不是本站的成绩文件",
        "list.json：不是本站的成绩文件",
        "big.json：不是本站的成绩文件",
        "v2.json：成绩文件版本 2 无法识别（本程序读取版本 1），请用最新版的知识库汇总",
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
    assert lines == ["请给出成绩文件，例如：python scripts/build.py results 成绩/*.json（也可以只写文件夹名）"]
    write(here, "班级成绩.xlsx", b"the trainer's own")
    write(here, "a.json", saved())
    lines.clear()
    assert results.run(["a.json"], out=lines.append) == 1
    assert lines == ["班级成绩.xlsx 已存在，未覆盖：请用 -o 指定另一个文件名，或先删除、改名原文件。"]
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


def test_a_class_summary_and_workbook(here):
    rec = saved()
    gone = copy.deepcopy(rec)
    gone["questions"][1]["key"] = "township-officer-duties/no-such-question"
    write(here, "a.json", remade(gone))
    write(
        here,
        "b.json",
        answered(
            remade(gone),
            [True, False, True, True, True, True],
            name="李四",
            unit="",
            started="2026-11-30T18:19:11.000+08:00",
        ),
    )
    write(here, "c.json", answered(remade(gone), [True] * 6, finished="2026-11-30T18:40:00.000+08:00"))
    lines: list[str] = []
    assert results.run(["a.json", "b.json", "c.json"], Path("一班"), out=lines.append) == 0
    assert lines[0] == f"班级成绩汇总：3 人。试卷：{brief(remade(gone))}。"
    assert lines[1] == "人数 3，平均分 5.0/6（正确率 83%），最高 6/6，最低 4/6，平均用时 0 分 02 秒。"
    assert lines[2:4] == [
        "最薄弱的培训短板（全班正确率从低到高）：",
        "  1. 对本岗位工作职责知之不多：正确率 83%（15/18）",
    ]
    assert lines[4:6] == [
        "错得最多的题目（全班正确率从低到高）：",
        "  1. 第 2 题（乡镇统战干事工作职责（题库中已没有这道题））正确率 67%（2/3 人答对）",
    ]
    assert lines[6].startswith("  2. 第 5 题（乡镇统战干事工作职责 第 ") and "正确率 67%（2/3 人答对）：" in lines[6]
    assert lines[-3:] == [
        "注意：题库中已没有试卷第 2 题（township-officer-duties/no-such-question），按成绩文件中的对错计入。",
        "注意：张三（城关镇党委）有 2 份成绩（a.json、c.json），都已计入。",
        "已写入 一班.xlsx（工作表：成绩、薄弱环节、说明）。",
    ]
    book = openpyxl.load_workbook(here / "一班.xlsx")
    rows = list(book["成绩"].iter_rows(min_row=2, values_only=True))
    assert [r[:3] for r in rows] == [("张三", "城关镇党委", 4), ("李四", None, 5), ("张三", "城关镇党委", 6)]
    weak = list(book["薄弱环节"].iter_rows(min_row=7, values_only=True))
    assert [r[1] for r in weak] == ["第 2 题", "第 5 题", "第 6 题", "第 1 题", "第 3 题", "第 4 题"]
    assert weak[0][5:7] == (
        "（题库中已没有这道题：township-officer-duties/no-such-question）",
        "乡镇统战干事工作职责（题库中已没有这道题）",
    )
    assert [r[6:12] for r in rows][1] == (1, 0, 1, 1, 1, 1)
    assert str(rows[2][5]) == "2026-11-30 18:40:00"
    # The same files give the same bytes.
    assert results.run(["a.json", "b.json", "c.json"], Path("二班.xlsx"), out=lambda _: None) == 0
    assert (here / "一班.xlsx").read_bytes() == (here / "二班.xlsx").read_bytes()


def test_a_class_that_got_everything_right(here):
    write(here, "a.json", answered(saved(), [True] * 6, name='=HYPERLINK("http://example.org")'))
    lines: list[str] = []
    assert results.run(["a.json"], out=lines.append) == 0
    assert lines[2:] == ["全班每道题都答对了。", "已写入 班级成绩.xlsx（工作表：成绩、薄弱环节、说明）。"]
    cell = openpyxl.load_workbook(here / "班级成绩.xlsx")["成绩"]["A2"]
    assert (cell.value, cell.data_type) == ('=HYPERLINK("http://example.org")', "s")  # a name, never a formula


def test_one_sitting_saved_under_two_names_is_noted(here):
    write(here, "a.json", saved())
    write(here, "b.json", remade(saved(), name="张三的同事"))
    lines: list[str] = []
    assert results.run(["a.json", "b.json"], out=lines.append) == 0
    assert lines[-2] == "注意：a.json、b.json 的开始和交卷时间完全相同，却是不同的姓名或单位，都已计入，请核实。"
