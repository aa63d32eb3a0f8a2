"""班级成绩 without a server: cadres save a 成绩文件 after 交卷 (over HTTP, from file://, and on a
page without crypto.subtle, as on a plain-HTTP intranet server), the trainer runs
``build.py results`` on the downloaded files and gets the workbook and the summary."""

from __future__ import annotations

import datetime
import hashlib
import json
import re
import shutil
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import expect

from helpers.browser import Recorder, pick
from kb.results.fileformat import canonical, checksum, paper_id

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]
BUILD = ROOT / "scripts" / "build.py"
EXAM = "quizzes/exam.html"
BANKS = "banks=township-officer-duties,village-liaison-duties"
PAPER = f"?{BANKS}&n=6&seed=2024"
OTHER = f"?{BANKS}&n=6&seed=2025"
WIDE = "?banks=principles-and-policies,articles-problems&n=6&seed=2024"  # questions on many shortfalls
NO_SUBTLE = "Object.defineProperty(window.crypto, 'subtle', { value: undefined, configurable: true });"

# name, unit, where the site is opened, the answers: 1 right, 0 wrong, None left open.
CLASS = [
    ("张三", "城关镇党委", "http", [1, 1, 1, 1, 0, 0]),
    ("李四", "青山村", "file", [1, 0, 1, 0, 1, 0]),
    ("王五", "", "intranet", [None, 0, 1, 1, 1, 1]),
]
WEAKEST_QUESTIONS = [2, 6, 1, 4, 5, 3]  # class rates 1/3, 1/3, 2/3, 2/3, 2/3, 3/3 (ties: paper order)
WIDE_CLASS = [("赵六", "河西镇", "http", [1, 0, 1, 1, 0, 0]), ("钱七", "河西镇", "file", [1, 0, 0, 1, 1, 1])]


def take_exam(browser, base: str, query: str, cadre: tuple, folder: Path, ask_name: bool = False) -> dict:
    """One cadre, a fresh browser profile: answer, 交卷, type name and unit, 保存成绩文件."""
    name, unit, where, answers = cadre
    context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai", accept_downloads=True)
    if where == "intranet":
        context.add_init_script(NO_SUBTLE)
    page = context.new_page()
    errors, downloads = [], []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("download", lambda d: downloads.append(d))
    recorder = Recorder(page, base)
    page.goto(base + EXAM + query)
    forms = page.locator("form.kb-q")
    expect(forms).to_have_count(len(answers))
    for i, a in enumerate(answers):
        if a is not None:
            pick(forms.nth(i), right=bool(a))
    if None in answers:
        page.once("dialog", lambda d: d.accept())
    page.get_by_role("button", name="交卷").click()
    right = sum(a or 0 for a in answers)
    expect(page.get_by_role("status").filter(has_text="得分")).to_contain_text(f"得分 {right}/{len(answers)}")
    out = {"subtle": page.evaluate("typeof crypto.subtle")}
    save = page.get_by_role("button", name="保存成绩文件")
    if ask_name:
        save.click()
        expect(page.locator(".kb-exam__save[aria-live]")).to_have_text("请先填写姓名。")
        out["asked"] = page.evaluate("document.activeElement === document.querySelector('.kb-exam__field')")
        out["downloads_without_name"] = len(downloads)
    page.get_by_label("姓名").fill(name)
    page.get_by_label("单位").fill(unit)
    with page.expect_download() as info:
        save.click()
    download = info.value
    path = folder / download.suggested_filename
    download.save_as(path)
    expect(page.locator(".kb-exam__save[aria-live]")).to_have_text(
        f"已保存成绩文件“{download.suggested_filename}”（在浏览器的下载文件夹中），请交给培训老师。"
    )
    out |= {
        "path": path,
        "keys": forms.evaluate_all("fs => fs.map(f => f.dataset.bank + '/' + f.dataset.qid)"),  # the paper shown
        "registry": page.evaluate("KB.examData.shortfalls.map(s => [s.id, s.title])"),
        "versions": page.evaluate(
            "Object.fromEntries(KB.examData.banks.flatMap(b => b.questions.map(q => [b.id + '/' + q.id, q.v])))"
        ),
        "errors": errors,
        "outside": recorder.outside(),
    }
    context.close()
    return out


@pytest.fixture(scope="module")
def saved(browser, site_url, file_url, tmp_path_factory):
    """The class's files, saved by the browser: three cadres on the trainer's paper, one on the
    same banks with another seed, two on a paper touching many shortfalls."""
    bases = {"http": site_url, "intranet": site_url, "file": file_url}
    folder = tmp_path_factory.mktemp("downloads")
    runs = {
        "class": [take_exam(browser, bases[c[2]], PAPER, c, folder, ask_name=i == 0) for i, c in enumerate(CLASS)],
        "other": take_exam(browser, site_url, OTHER, ("孙八", "城关镇党委", "http", [1] * 6), folder),
        "wide": [take_exam(browser, bases[c[2]], WIDE, c, folder) for c in WIDE_CLASS],
    }
    return runs


def results(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(BUILD), "results", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )


def in_folder(tmp_path: Path, runs: list[dict]) -> list[str]:
    """The downloaded files copied into the trainer's folder; their names."""
    for run in runs:
        shutil.copy(run["path"], tmp_path / run["path"].name)
    return [run["path"].name for run in runs]


def pct(r: Fraction) -> str:
    return f"{int(r * 100 + Fraction(1, 2))}%"


def class_shortfalls(records: list[dict], registry: list[list[str]]) -> list[tuple[str, int, int]]:
    """(title, right, total) per shortfall over the class, weakest first (ties: registry order)."""
    sums: dict[str, list[int]] = {}
    for rec in records:
        for q in rec["questions"]:
            for c in q["covers"]:
                s = sums.setdefault(c, [0, 0])
                s[0] += q["correct"]
                s[1] += 1
    rows = [(title, *sums[sid]) for sid, title in registry if sid in sums]
    return sorted(rows, key=lambda r: Fraction(r[1], r[2]))


def test_each_cadre_saves_a_checked_result_file(saved):
    class_runs = saved["class"]
    assert class_runs[0]["asked"] is True and class_runs[0]["downloads_without_name"] == 0
    assert [r["subtle"] for r in class_runs] == ["object", "object", "undefined"]  # file:// is a secure context
    ids = set()
    for (name, unit, _, answers), run in zip(CLASS, class_runs, strict=True):
        assert run["errors"] == [] and run["outside"] == []
        text = run["path"].read_text(encoding="utf-8")
        rec = json.loads(text)
        # Name, date, time and paper (issue 21: two attempts on one day must not clash).
        stamp = f"{rec['finished'][:10]}-{rec['finished'][11:16].replace(':', '')}"
        assert run["path"].name == f"成绩-{name}-{stamp}-{rec['paper']['id'][:6]}.json"
        assert list(rec) == [
            *("app", "kind", "v", "paper", "questions", "score", "shortfalls"),
            *("started", "finished", "seconds", "name", "unit", "checksum"),
        ]
        assert (rec["app"], rec["kind"], rec["v"], rec["name"], rec["unit"]) == (
            "jiceng-tongzhan-kb",
            "exam-result",
            2,
            name,
            unit,
        )
        assert rec["checksum"] == checksum(rec)  # JS and Python agree on the canonical form
        paper = rec["paper"]
        assert (paper["banks"], paper["n"], paper["seed"], paper["roles"], paper["shortfalls"], paper["minutes"]) == (
            ["township-officer-duties", "village-liaison-duties"],
            6,
            "2024",
            [],
            [],
            0,
        )
        assert all(list(q) == ["key", "v", "covers", "answer", "correct"] for q in rec["questions"])
        versions = run["versions"]
        assert [q["v"] for q in rec["questions"]] == [versions[q["key"]] for q in rec["questions"]]
        keys = run["keys"]
        assert [q["key"] for q in rec["questions"]] == keys
        assert paper["id"] == paper_id(keys)
        ids.add(paper["id"])
        assert [q["correct"] for q in rec["questions"]] == [bool(a) for a in answers]
        left_open = [all(x == "" for x in q["answer"]) for q in rec["questions"]]  # [] or a blank's [""]
        assert left_open == [a is None for a in answers]
        assert rec["score"] == {"right": sum(a or 0 for a in answers), "total": 6}
        assert rec["finished"].endswith("+08:00") and rec["finished"] >= rec["started"]
    assert len(ids) == 1, "the same link is the same paper"
    other = json.loads(saved["other"]["path"].read_text(encoding="utf-8"))["paper"]
    assert other["seed"] == "2025" and other["id"] not in ids


def test_the_trainer_sums_up_the_class(saved, tmp_path):
    names = in_folder(tmp_path, saved["class"])
    done = results(tmp_path, *names)
    assert done.returncode == 0, done.stdout + done.stderr
    records = [json.loads((tmp_path / n).read_text(encoding="utf-8")) for n in names]
    lines = done.stdout.splitlines()
    pid = records[0]["paper"]["id"]
    assert re.fullmatch(rf"班级成绩汇总：3 人。试卷：.+，6 题，种子 2024，编号 {pid}。", lines[0])
    assert re.fullmatch(r"人数 3，平均分 3\.7/6（正确率 61%），最高 4/6，最低 3/6，平均用时 0 分 \d\d 秒。", lines[1])
    weak = class_shortfalls(records, saved["class"][0]["registry"])
    top = [(t, r, n) for t, r, n in weak if r < n][:3]
    assert top, "the class got some shortfall wrong"
    assert lines[2] == "最薄弱的培训短板（全班正确率从低到高）："
    at = 3 + len(top)
    assert lines[3:at] == [f"  {k}. {t}：正确率 {pct(Fraction(r, n))}（{r}/{n}）" for k, (t, r, n) in enumerate(top, 1)]
    assert lines[at] == "错得最多的题目（全班正确率从低到高）："
    for k, (no, shown) in enumerate([(2, "33%（1/3"), (6, "33%（1/3"), (1, "67%（2/3")], 1):
        assert re.fullmatch(rf"  {k}\. 第 {no} 题（.+ 第 \d+ 题）正确率 {shown} 人答对）：.+", lines[at + k])
    assert lines[-1] == "已写入 班级成绩.xlsx（工作表：成绩、薄弱环节、题目分析、说明）。"
    rest = lines[at + 4 : -1]  # 第 3 题: all three right, so 太容易 at least
    assert rest[0] == "最值得检查的题目（见“题目分析”表）：" and 2 <= len(rest) <= 4, "no file refused, no note"
    flagged = (
        r"  \d\. 第 \d 题（.+ 第 \d+ 题）(太容易|太难|区分度为负)(、\S+)*：正确率 \d+%，区分度 (-?\d\.\d\d|无法计算)"
    )
    assert all(re.fullmatch(flagged, x) for x in rest[1:]), rest
    items = list(
        openpyxl.load_workbook(tmp_path / "班级成绩.xlsx")["题目分析"].iter_rows(min_row=5, max_row=5, values_only=True)
    )
    assert items[0][0] == "第 3 题" and "太容易" in items[0][9]

    book = openpyxl.load_workbook(tmp_path / "班级成绩.xlsx")
    assert book.sheetnames == ["成绩", "薄弱环节", "题目分析", "说明"]
    rows = list(book["成绩"].iter_rows(values_only=True))
    head = rows[0]
    assert head[:12] == ("姓名", "单位", "得分", "正确率", "用时", "交卷时间", *(f"第 {i} 题" for i in range(1, 7)))
    titles = dict(saved["class"][0]["registry"])
    sids = [sid for sid, _ in saved["class"][0]["registry"] if any(sid in q["covers"] for q in records[0]["questions"])]
    assert head[12:] == (*(titles[s] for s in sids), "成绩文件")
    assert len(rows) == 4
    for (name, unit, _, answers), rec, row, file in zip(CLASS, records, rows[1:], names, strict=True):
        right = sum(a or 0 for a in answers)
        finished = datetime.datetime.fromisoformat(rec["finished"]).replace(tzinfo=None, microsecond=0)
        assert row[:4] == (name, unit or None, right, pytest.approx(right / 6))
        assert re.fullmatch(r"\d+ 分 \d\d 秒", row[4]) and row[5] == finished  # the cadre's clock (UTC+8)
        assert row[6:12] == tuple(a or 0 for a in answers)
        covering = {s: [q["correct"] for q in rec["questions"] if s in q["covers"]] for s in sids}
        assert row[12:] == (*(f"{sum(c)}/{len(c)}" for c in covering.values()), file)

    weak_rows = list(book["薄弱环节"].iter_rows(values_only=True))
    assert [r[1] for r in weak_rows[2 : 2 + len(weak)]] == [t for t, _, _ in weak]
    q_head = next(i for i, r in enumerate(weak_rows) if r[1] == "试卷题号")
    questions = weak_rows[q_head + 1 :]
    assert [r[1] for r in questions] == [f"第 {n} 题" for n in WEAKEST_QUESTIONS]
    assert [r[3] for r in questions] == ["1/3", "1/3", "2/3", "2/3", "2/3", "3/3"]
    assert all(r[5] and re.fullmatch(r".+ 第 \d+ 题", r[6]) and " · " in r[7] for r in questions)  # stem and source
    notes = {r[0]: r[1] for r in book["说明"].iter_rows(values_only=True) if r[0]}
    assert notes["计入人数"] == "3" and notes["未计入的文件"] == "0 个"
    assert notes["试卷链接"].startswith(f"quizzes/exam.html{PAPER}（")


def test_files_not_counted_are_reported_by_name(saved, tmp_path):
    a, b, c = in_folder(tmp_path, saved["class"])
    (other,) = in_folder(tmp_path, [saved["other"]])
    edited = json.loads((tmp_path / a).read_text(encoding="utf-8"))
    edited["score"]["right"] = 6  # a cadre "improves" the score by hand
    (tmp_path / "成绩-张三-改.json").write_text(json.dumps(edited, ensure_ascii=False, indent=1), encoding="utf-8")
    shutil.copy(tmp_path / c, tmp_path / "成绩-王五-副本.json")
    done = results(tmp_path, a, other, b, "成绩-张三-改.json", c, b, "成绩-王五-副本.json", "-o", "一班.xlsx")
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("班级成绩汇总：3 人。试卷：") and "种子 2024" in lines[0]
    start = lines.index("未计入的文件（4 个）：")
    refused = lines[start + 1 : start + 5]
    assert re.fullmatch(
        rf"  {other}：来自另一份试卷（.+，6 题，种子 2025，编号 \w{{16}}），本次汇总的试卷是：.+，6 题，种子 2024，编号 \w{{16}}",
        refused[0],
    )
    assert refused[1:] == [
        "  成绩-张三-改.json：校验码不符，文件保存后被改动过",
        f"  {b}：同一个文件给了两次",
        f"  成绩-王五-副本.json：与 {c} 内容完全相同（同一份成绩交了两次）",
    ]
    assert lines[-1] == "已写入 一班.xlsx（工作表：成绩、薄弱环节、题目分析、说明）。"
    book = openpyxl.load_workbook(tmp_path / "一班.xlsx")
    assert [r[0] for r in book["成绩"].iter_rows(min_row=2, values_only=True)] == ["张三", "李四", "王五"]
    shown = [r[1] for r in book["说明"].iter_rows(values_only=True)]
    assert [line.strip() for line in refused] == shown[shown.index("4 个，见下") + 1 :][:4]

    again = results(tmp_path, a, "-o", "一班.xlsx")  # never overwrites
    assert again.returncode == 1
    assert (
        again.stdout
        == "一班.xlsx 已存在，未覆盖：请用 -o 指定另一个文件名，或先删除、改名原文件；确要替换时加 --force。\n"
    )


def test_weakest_shortfalls_come_first(saved, tmp_path):
    names = in_folder(tmp_path, saved["wide"])
    done = results(tmp_path, *names)
    assert done.returncode == 0, done.stdout + done.stderr
    records = [json.loads((tmp_path / n).read_text(encoding="utf-8")) for n in names]
    weak = class_shortfalls(records, saved["wide"][0]["registry"])
    assert len(weak) >= 3 and len({Fraction(r, n) for _, r, n in weak}) >= 2, "the paper must tell shortfalls apart"
    rows = list(openpyxl.load_workbook(tmp_path / "班级成绩.xlsx")["薄弱环节"].iter_rows(values_only=True))
    assert [(r[1], r[3]) for r in rows[2 : 2 + len(weak)]] == [(t, f"{r}/{n}") for t, r, n in weak]
    assert [r[2] for r in rows[2 : 2 + len(weak)]] == sorted(r[2] for r in rows[2 : 2 + len(weak)])
    lines = done.stdout.splitlines()
    top = [(t, r, n) for t, r, n in weak if r < n][:3]
    start = lines.index("最薄弱的培训短板（全班正确率从低到高）：")
    assert lines[start + 1 : start + 1 + len(top)] == [
        f"  {k}. {t}：正确率 {pct(Fraction(r, n))}（{r}/{n}）" for k, (t, r, n) in enumerate(top, 1)
    ]


def test_canonical_form_and_sha256_are_the_same_in_js_and_python(saved, browser, site_url):
    context = browser.new_context()
    page = context.new_page()
    page.goto(site_url + EXAM)
    tricky = {
        "b": 1,
        "a": [1.5, 0.1 + 0.2, 1e-7, 1e21, 1e20, 123e-20, 5e-324, 0.000001, 2.0, 1.7976931348623157e308, 0, -3],
        "中文": '引号"反斜杠\\换行\n回车\r制表\t\b\f\u0001\u001f\u007f\u2028\u2029😀é',
        "B": True,
        "_": None,
        "é": False,
        "a1": {"z": [], "y": {}, "": ""},
        "𝒳": "key beyond the BMP",
        "ｚ": "full-width key",
    }
    records = [json.loads(r["path"].read_text(encoding="utf-8")) for r in saved["class"]]
    bodies = [{k: v for k, v in rec.items() if k != "checksum"} for rec in records]
    for value in [tricky, *bodies, "", [], {}]:
        js, digest = page.evaluate("v => [KB.exam.canonical(v), KB.exam.sha256(KB.exam.canonical(v))]", value)
        assert js == canonical(value)
        assert digest == hashlib.sha256(js.encode("utf-8")).hexdigest()
    # Lone surrogates (built in the page: they cannot cross Playwright's JSON) are escaped alike.
    js = page.evaluate("KB.exam.canonical(['\\ud800', 'x\\udc00', '\\ud83d\\ude00'])")
    assert js == canonical(["\ud800", "x\udc00", "😀"]) == '["\\ud800","x\\udc00","😀"]'
    for n in (0, 1, 55, 56, 63, 64, 65, 1000):  # the padding boundaries of SHA-256
        text = "统" * (n // 3) + "a" * (n % 3)
        assert page.evaluate("t => KB.exam.sha256(t)", text) == hashlib.sha256(text.encode()).hexdigest()
    context.close()


# --- the 班级成绩 page: the same files, the same figures as the command ------------------------

CLASS_PAGE = "quizzes/class-results.html"


def cell_text(v) -> str:
    """A workbook cell as the page writes it: numbers as integers or 2 decimals, time as text."""
    if v is None:
        return ""
    if isinstance(v, float):
        return f"{v:.2f}"
    return str(v)


def as_percent(v: float) -> str:
    return pct(Fraction(v).limit_denominator(10000))


def workbook_as_page(path: Path) -> dict[str, list[list[str]]]:
    """The workbook's figures, laid out as the page's tables (题干 columns left out: the page
    shows the stem as rendered text, the workbook as the bank wrote it)."""
    book = openpyxl.load_workbook(path)
    scores = [list(r) for r in book["成绩"].iter_rows(values_only=True)]
    out = {"成绩": [[cell_text(v) for v in scores[0]]]}
    for r in scores[1:]:
        row = [cell_text(v) for v in r]
        row[3] = as_percent(r[3])
        out["成绩"].append(row)
    weak = [list(r) for r in book["薄弱环节"].iter_rows(values_only=True)]
    q_head = next(i for i, r in enumerate(weak) if r[1] == "试卷题号")
    out["薄弱环节（培训短板）"] = [[cell_text(v) for v in weak[1][:5]]] + [
        [cell_text(r[0]), r[1], as_percent(r[2]), r[3], cell_text(r[4])] for r in weak[2 : q_head - 2]
    ]
    out["薄弱环节（题目）"] = [[cell_text(v) for v in weak[q_head]]] + [
        [cell_text(r[0]), r[1], as_percent(r[2]), r[3], r[4], "", r[6], r[7], cell_text(r[8])]
        for r in weak[q_head + 1 :]
    ]
    items = [list(r) for r in book["题目分析"].iter_rows(min_row=2, values_only=True)]
    out["题目分析"] = [[cell_text(v) for v in items[0]]] + [
        [cell_text(v) for v in r[:2]]
        + ["", cell_text(r[3]), as_percent(r[4]) if r[4] is not None else ""]
        + [cell_text(v) for v in r[5:]]
        for r in items[1:]
    ]
    return out


def page_without_stems(sheets: list[dict]) -> dict[str, list[list[str]]]:
    out = {}
    for s in sheets:
        rows = [s["head"], *s["rows"]]
        if s["name"] == "薄弱环节（题目）":
            rows = [rows[0]] + [[*r[:5], "", *r[6:]] for r in rows[1:]]
        if s["name"] == "题目分析":
            rows = [rows[0]] + [[*r[:2], "", *r[3:]] for r in rows[1:]]
        out[s["name"]] = rows
    return out


def without_stem(line: str) -> str:
    return re.sub(r"(人答对）)：.*$", r"\1", line)


def test_the_class_page_agrees_with_the_command(browser, site_url, file_url, tmp_path):
    from test_results import SAVED, current, fixture_class, remade, saved, write

    names = fixture_class(tmp_path)
    forged = current(saved(), name="李四", unit="青山村")  # flags flipped, checksum recomputed
    for q in forged["questions"]:
        q["correct"] = True
    names.append(write(tmp_path, "成绩-李四.json", remade(forged)))
    edited = json.loads(json.dumps(current(saved(), name="王五")))
    edited["score"]["right"] = 6  # changed by hand, checksum not recomputed
    names.append(write(tmp_path, "成绩-王五.json", edited))
    names.append(write(tmp_path, "成绩-旧版.json", SAVED))  # format 1, no versions: counted, noted
    done = results(tmp_path, *names)
    assert done.returncode == 0, done.stdout + done.stderr
    command = done.stdout.splitlines()
    assert command[-1] == "已写入 班级成绩.xlsx（工作表：成绩、薄弱环节、题目分析、说明）。"
    assert any(line.startswith("注意：成绩-李四.json 中记录的对错与按题库重新评分的结果不符") for line in command)
    expected = workbook_as_page(tmp_path / "班级成绩.xlsx")

    for base in (site_url, file_url):
        context = browser.new_context(locale="zh-CN", accept_downloads=True)
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e, errs=errors: errs.append(str(e)))
        recorder = Recorder(page, base)
        page.goto(base + CLASS_PAGE)
        page.get_by_label("选择成绩文件（可以一次选多个）：").set_input_files([tmp_path / n for n in names])
        expect(page.get_by_role("status")).to_contain_text("已汇总 7 份成绩文件，另有 1 个文件未计入")
        shown = page.evaluate("KB.classResults")
        assert [without_stem(x) for x in shown["summary"]] == [without_stem(x) for x in command[:-1]], base
        assert page_without_stems(shown["sheets"]) == expected, base
        # The tables on the page are those figures.
        table = page.locator('table[data-sheet="题目分析"]')
        cells = table.evaluate("t => [...t.rows].map(r => [...r.cells].map(c => c.textContent))")
        items = next(x for x in shown["sheets"] if x["name"] == "题目分析")
        assert cells == [items["head"], *items["rows"]] and len(cells) == 7
        # Each table downloads as CSV, UTF-8 with a BOM; a name that looks like a formula stays text.
        with page.expect_download() as info:
            page.get_by_role("button", name="下载“成绩”（CSV）").click()
        data = Path(info.value.path()).read_bytes()
        assert data.startswith("\ufeff".encode()) and data.decode("utf-8") == shown["csv"][0]
        assert data.decode("utf-8-sig").splitlines()[0].startswith("姓名,单位,得分,正确率,用时,交卷时间,第 1 题")
        assert errors == [] and recorder.outside() == [], base
        assert all(u.startswith(base) or u.startswith(("blob:", "data:")) for u in recorder.urls), base
        context.close()


def test_a_name_that_looks_like_a_formula_stays_text_in_the_csv(browser, site_url, tmp_path):
    from test_results import answered, current, saved, write

    write(tmp_path, "a.json", current(answered(saved(), [True] * 6, name="=1+1", unit="-2+3")))
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    page.goto(site_url + CLASS_PAGE)
    page.get_by_label("选择成绩文件（可以一次选多个）：").set_input_files([tmp_path / "a.json"])
    expect(page.get_by_role("status")).to_contain_text("已汇总 1 份成绩文件")
    row = page.evaluate("KB.classResults.csv[0]").splitlines()[1]
    assert row.startswith("'=1+1,'-2+3,6,100%,")
    context.close()
