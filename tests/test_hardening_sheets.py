"""Issue 24, spreadsheets, class results and output files: one fixture per row (1, 7–11, 13, 16)
and per rule, each with its message and exit status, never a traceback, a hang or a partial
file.  Hostile workbooks are built with openpyxl or by editing the zip's XML; the rows that
hang or abort the process are run through the real CLI with a timeout, so a hang fails.  A
seeded fuzz test feeds random xlsx/CSV files to the importer and sees only messages."""

from __future__ import annotations

import errno
import functools
import json
import os
import random
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest
from test_results import current, saved, write
from test_sheets import BLANK, HEADER, JUDGE, SINGLE, csv_text, run_import

from kb import output, results
from kb.content.pages import load_pages
from kb.results.workbook import class_workbook
from kb.sheets import export, importer
from kb.sheets import read as sheet_read
from kb.site import load_site

ROOT = Path(__file__).resolve().parents[1]
BUILD = [sys.executable, str(ROOT / "scripts" / "build.py")]
TIMEOUT = 120  # seconds: a hang fails the test instead of the run


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    result = subprocess.run([*BUILD, *args], cwd=cwd, capture_output=True, text=True, timeout=TIMEOUT)
    assert "Traceback" not in result.stdout + result.stderr, result.stderr
    return result


def xlsx(path: Path, rows: list[list], title: str = "题库") -> Path:
    book = openpyxl.Workbook()
    book.active.title = title
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def rewrite(path: Path, part: str, change) -> None:
    """Replace one part of the .xlsx at ``path`` with ``change(its bytes)``."""
    with zipfile.ZipFile(path) as z:
        parts = {i.filename: z.read(i.filename) for i in z.infolist()}
    parts[part] = change(parts.get(part, b""))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)


def with_shared_string(path: Path, text: bytes) -> None:
    """Cell B2 of the .xlsx at ``path`` made a shared string holding ``text`` (openpyxl writes
    inline strings; Excel writes shared ones)."""
    ns = b"http://schemas.openxmlformats.org/"
    rel = b'<Relationship Type="' + ns + b'officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml" Id="rId9" />'  # fmt: skip
    kind = b"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
    rewrite(path, "xl/_rels/workbook.xml.rels", lambda x: x.replace(b"</Relationships>", rel + b"</Relationships>"))
    override = b'<Override PartName="/xl/sharedStrings.xml" ContentType="' + kind + b'" /></Types>'
    rewrite(path, "[Content_Types].xml", lambda x: x.replace(b"</Types>", override))
    cell = b'<c r="B2" t="inlineStr"><is><t>x</t></is></c>'
    rewrite(path, "xl/worksheets/sheet1.xml", lambda x: x.replace(cell, b'<c r="B2" t="s"><v>0</v></c>'))
    sst = b'<sst xmlns="' + ns + b'spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>'
    rewrite(path, "xl/sharedStrings.xml", lambda _: sst + text + b"</t></si></sst>")


# --- row 7: one cell at XFD1048576 -------------------------------------------------------------


def test_a_cell_at_xfd1048576_is_refused_by_the_stated_size(tmp_path):
    book = openpyxl.Workbook()
    book.active.title = "题库"
    book.active.append(HEADER)
    book.active["XFD1048576"] = "x"
    book.save(tmp_path / "far.xlsx")
    assert (tmp_path / "far.xlsx").stat().st_size < 10_000
    result = cli("import", "far.xlsx", "--id", "far", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.splitlines()[0] == (
        "far.xlsx:1:A: 工作表“题库”标明的范围到 XFD1048576（1048576 行 × 16384 列），"
        "超过导入上限（10010 行 × 50 列、每格 5000 个字符）：可能是表格末尾很远的某一格有内容或格式。"
        "请把有题目的行和列复制到一个新的工作表，保存后再导入"
    )


@pytest.mark.parametrize("dimension", [b'<dimension ref="A1:I2"/>', b""])
def test_a_cell_at_xfd1048576_is_refused_by_the_real_size_when_the_sheet_hides_it(tmp_path, dimension):
    book = openpyxl.Workbook()
    book.active.title = "题库"
    book.active.append(HEADER)
    book.active["XFD1048576"] = "x"
    book.save(tmp_path / "far.xlsx")
    stated = re.compile(rb'<dimension ref="A1:XFD1048576" ?/>')
    rewrite(tmp_path / "far.xlsx", "xl/worksheets/sheet1.xml", lambda x: stated.sub(dimension, x))
    result = cli("import", "far.xlsx", "--id", "far", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.splitlines()[0] == (
        "far.xlsx:1:A: 工作表“题库”的 XFD1048576 格有内容，超过导入上限（10010 行 × 50 列、每格 5000 个字符）："
        "请删除表格范围以外的内容（或把题目复制到一个新的工作表）后再导入"
    )


# --- row 8: no limits ------------------------------------------------------------------------


def test_a_shared_strings_bomb_is_refused_before_it_unpacks(tmp_path):
    xlsx(tmp_path / "bomb.xlsx", [HEADER, ["单选题", "x"]])
    with_shared_string(tmp_path / "bomb.xlsx", b"a" * (101 * 1024 * 1024))
    assert (tmp_path / "bomb.xlsx").stat().st_size < 1024 * 1024
    result = cli("import", "bomb.xlsx", "--id", "bomb", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.splitlines()[0] == (
        "bomb.xlsx:1:A: 这个 .xlsx 文件中的 xl/sharedStrings.xml 解压后有 101 MB，超过导入上限 100 MB"
        "（一万道题的表格也远小于这个大小）：文件可能已损坏或被改动过，请把题目复制到一个新的工作簿，保存后再导入"
    )


def test_a_cell_over_the_limit_is_named(tmp_path, monkeypatch):
    xlsx(tmp_path / "long.xlsx", [HEADER, [SINGLE[0], "长" * 6000, *SINGLE[2:]]])
    status, lines = run_import(tmp_path, monkeypatch, tmp_path / "long.xlsx")
    assert status == 1
    assert lines[0] == (
        "long.xlsx:2:B: B2 格有 6000 个字符，超过导入上限 5000 个字符：请检查这一格（题干、解析一般不超过几百字），缩短后再导入"
    )
    (tmp_path / "long.csv").write_text(csv_text([HEADER, [SINGLE[0], "长" * 6000, *SINGLE[2:]]]), encoding="utf-8")
    status, lines = run_import(tmp_path, monkeypatch, tmp_path / "long.csv")
    assert status == 1 and lines[0].startswith("long.csv:2:B: B2 格有 6000 个字符，超过导入上限 5000 个字符")
    xlsx(tmp_path / "shared.xlsx", [HEADER, [SINGLE[0], "x", *SINGLE[2:]]])
    with_shared_string(tmp_path / "shared.xlsx", "长".encode() * 6000)  # a shared string, as Excel saves it
    status, lines = run_import(tmp_path, monkeypatch, tmp_path / "shared.xlsx")
    assert status == 1 and lines[0].startswith("shared.xlsx:2:B: B2 格有 6000 个字符，超过导入上限 5000 个字符")


def test_a_million_csv_rows_are_refused_at_the_limit(tmp_path):
    rows = csv_text([HEADER]) + "单选题,x\r\n" * 1_000_000
    (tmp_path / "million.csv").write_text(rows, encoding="utf-8")
    result = cli("import", "million.csv", "--id", "million", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.splitlines()[0] == (
        "million.csv:10011:B: 第 10011 行第 2 列有内容，超过导入上限（10010 行 × 50 列、每格 5000 个字符）："
        "请删除多余的行和列，或把题目分成几个表格导入"
    )
    assert not (ROOT / "quizzes" / "million.yml").exists()


def test_a_file_over_the_size_limit_is_refused_unread(tmp_path):
    with (tmp_path / "big.csv").open("wb") as f:
        f.truncate(sheet_read.MAX_FILE_BYTES + 1)  # sparse: nothing is written, nothing may be read
    result = cli("import", "big.csv", "--id", "big", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.splitlines()[0] == (
        "big.csv:1:A: 文件超过 50 MB 的上限（有 52,428,801 字节），未读取：一万道题的表格也远小于这个大小，请检查是否选错了文件"
    )


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p.symlink_to("/dev/zero"), "这不是普通文件（是设备、管道等特殊文件），未读取"),
        (lambda p: os.mkfifo(p), "这不是普通文件（是设备、管道等特殊文件），未读取"),
        (lambda p: p.symlink_to(p.parent / "gone.csv"), "这是一个符号链接，它指向的文件不存在，未读取"),
        (lambda p: p.mkdir(), "这不是普通文件（是文件夹），未读取"),
        (lambda p: None, "找不到这个文件，未读取"),
    ],
    ids=["dev-zero", "fifo", "dangling-link", "folder", "missing"],
)
def test_special_files_are_named_not_read(tmp_path, make, message):
    make(tmp_path / "odd.csv")
    result = cli("import", "odd.csv", "--id", "odd", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.splitlines()[0] == f"odd.csv:1:A: {message}：请给出 .xlsx 或 .csv 表格文件本身"


# --- row 9: hidden sheets, and which sheet was read ----------------------------------------


def two_sheets(path: Path, first: str, state: str, second: str = "Sheet1") -> Path:
    book = openpyxl.Workbook()
    hidden = book.active
    hidden.title = first
    for row in (HEADER, JUDGE):
        hidden.append(row)
    visible = book.create_sheet(second)
    for row in (HEADER, SINGLE, BLANK):
        visible.append(row)
    hidden.sheet_state = state
    book.active = 1
    book.save(path)
    return path


def test_a_hidden_first_sheet_is_left_out_and_the_sheet_read_is_named(tmp_path, monkeypatch):
    two_sheets(tmp_path / "h.xlsx", "旧题", "hidden")
    status, lines = run_import(tmp_path, monkeypatch, tmp_path / "h.xlsx")
    assert status == 0, lines
    assert lines[0] == "读取工作表“Sheet1”；隐藏的工作表 “旧题” 未读取（如需导入，请用 --sheet 指定）。"
    assert "2 道题（单选 1、填空 1）" in lines[-2]


@pytest.mark.parametrize(("state", "words"), [("hidden", "隐藏"), ("veryHidden", "深度隐藏（在 Excel 中右键也无法取消隐藏）")])  # fmt: skip
def test_a_hidden_tiku_sheet_is_refused_unless_named(tmp_path, monkeypatch, state, words):
    two_sheets(tmp_path / "h.xlsx", "题库", state)
    status, lines = run_import(tmp_path, monkeypatch, tmp_path / "h.xlsx")
    assert status == 1
    assert lines[0] == (
        f"h.xlsx:1:A: 工作表“题库”是{words}的工作表，未读取：隐藏的内容往往不是要导入的题目。"
        "请在 Excel 中取消隐藏后再导入，或确认无误后加 --sheet 题库 导入它"
    )
    lines = []
    assert importer.run(Path("h.xlsx"), "h", None, lines.append, quiz_dir=Path("quizzes"), sheet="题库") == 0, lines
    assert lines[0] == f"读取工作表“题库”（{words[:4]}，按 --sheet 导入）。"
    assert "1 道题（判断 1）" in lines[-2]


def test_sheet_option_through_the_cli_names_the_sheets_there_are(tmp_path):
    two_sheets(tmp_path / "h.xlsx", "旧题", "veryHidden")
    result = cli("import", "h.xlsx", "--id", "h", "--sheet", "没有", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.splitlines()[0] == (
        "h.xlsx:1:A: 工作簿中没有名为“没有”的工作表：有 “旧题”（深度隐藏）、“Sheet1”。请在 --sheet 后写其中一个"
    )


# --- row 16: Excel error values and merged cells -----------------------------------------------


def test_error_values_and_merged_cells_are_named_not_empty(tmp_path, monkeypatch):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "题库"
    for row in (HEADER, [*SINGLE[:6], "#N/A", *SINGLE[7:]], JUDGE, [*BLANK[:7], "", BLANK[8]]):
        sheet.append(row)
    sheet.merge_cells("H3:H4")  # 答案解析 of two rows in one merged cell
    book.save(tmp_path / "cells.xlsx")
    with zipfile.ZipFile(tmp_path / "cells.xlsx") as z:
        assert b'<c r="G2" t="e"><v>#N/A</v></c>' in z.read("xl/worksheets/sheet1.xml")
    status, lines = run_import(tmp_path, monkeypatch, tmp_path / "cells.xlsx")
    assert status == 1
    assert lines[1:3] == [
        "cells.xlsx:2:G: 这一格是 Excel 的错误值 #N/A（找不到公式要查的值），不是题目内容：请改正公式，"
        "或复制后“选择性粘贴 → 数值”，再把这一格改成要导入的文字",
        "cells.xlsx:3:H: H3:H4 是合并单元格：导入要求每道题占一行、每一格单独填写，合并后只有左上角一格有内容。"
        "请选中这些单元格，点“合并后居中”取消合并，再把内容填到每一格",
    ]
    assert not any("为空" in line for line in lines), lines


def test_error_values_saved_into_a_csv_are_named(tmp_path, monkeypatch):
    (tmp_path / "err.csv").write_text(csv_text([HEADER, [*SINGLE[:6], "#REF!", *SINGLE[7:]]]), encoding="utf-8")
    status, lines = run_import(tmp_path, monkeypatch, tmp_path / "err.csv")
    assert status == 1
    assert lines[0].startswith("err.csv:2:G: 这一格是 Excel 的错误值 #REF!（公式引用的单元格已被删除）")
    assert not any("为空" in line for line in lines), lines


# --- row 13: path edge cases -------------------------------------------------------------------


def test_an_import_id_too_long_for_a_file_name(tmp_path):
    (tmp_path / "s.csv").write_text(csv_text([HEADER, SINGLE]), encoding="utf-8")
    result = cli("import", "s.csv", "--id", "a" * 252, cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.splitlines()[0] == (
        "s.csv:1:A: 题库 id 太长（252 个字符）：最多 100 个字符，因为它也是网页和表格的文件名。"
        "请改用简短的名字，例如 township-officer-duties：请用 --id 指定"
    )


def test_export_and_paper_into_proc_give_a_message(tmp_path):
    result = cli("export", "township-officer-duties", "-o", "/proc/x.xlsx", cwd=tmp_path)
    assert (result.returncode, result.stdout.splitlines()[-1]) == (
        1,
        "未导出：无法写入 /proc/x.xlsx（这个位置不能新建文件）：请用 -o 指定另一个文件名。",
    )
    result = cli("paper", "--banks", "township-officer-duties", "--count", "3", "-o", "/proc/x", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.splitlines() == ["无法建立文件夹 /proc/x（这个位置不能新建文件）：请用 -o 指定另一个文件夹", "未生成试卷。"]  # fmt: skip


# --- the output rule ------------------------------------------------------------------------------


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".kb-"))


def test_output_never_overwrites_without_force_and_never_through_a_symlink(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    target = tmp_path / "a.txt"
    output.write_files({target: "一"})
    with pytest.raises(output.OutputError) as e:
        output.write_files({target: "二"})
    assert str(e.value) == "a.txt 已存在，未覆盖：请换一个文件名，或先删除、改名原文件；确要替换时加 --force。"
    with pytest.raises(output.OutputError) as e:
        output.write_new(target, "二")  # new-quiz: no --force to offer
    assert str(e.value) == "a.txt 已存在，未覆盖：请换一个文件名，或先删除、改名原文件。"
    assert target.read_text("utf-8") == "一"
    output.write_files({target: "三"}, force=True)
    assert target.read_text("utf-8") == "三"
    victim = tmp_path / "victim.txt"
    victim.write_text("keep", "utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(victim)
    assert output.target_problem(link, "请换一个文件名", force=True) == (
        "link.txt 是符号链接，不会写入（也不会替换它）：请换一个文件名。"
    )
    with pytest.raises(output.OutputError):
        output.write_files({link: "x"}, force=True)
    assert victim.read_text("utf-8") == "keep" and link.is_symlink()
    assert leftovers(tmp_path) == []


def test_output_is_all_or_nothing_and_a_full_disk_leaves_no_partial_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "b.txt").write_text("原有", "utf-8")
    with pytest.raises(output.OutputError):
        output.write_files({tmp_path / "a.txt": "新", tmp_path / "b.txt": "新"})
    assert not (tmp_path / "a.txt").exists() and (tmp_path / "b.txt").read_text("utf-8") == "原有"

    def full(fd, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(output.os, "write", full)
    with pytest.raises(output.OutputError) as e:
        output.write_files({tmp_path / "c.txt": "x" * 100})
    assert str(e.value) == "无法写入 c.txt（磁盘空间不足）：请换一个文件名。"
    assert not (tmp_path / "c.txt").exists() and leftovers(tmp_path) == []


def test_a_lone_surrogate_is_a_message_not_a_crash(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(output.OutputError) as e:
        output.write_files({tmp_path / "p.html": "基层\ud800统战"})
    assert str(e.value) == "未写入 p.html：内容中有无法保存的字符 U+D800，请在题库或成绩文件中删去它后重试。"
    assert list(tmp_path.iterdir()) == []


@pytest.mark.slow  # five runs of the CLI; the rule itself is tested in-process above
def test_every_command_replaces_only_with_force(tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("keep", "utf-8")
    (tmp_path / "t.xlsx").symlink_to(victim)
    result = cli("template", "t.xlsx", "--force", cwd=tmp_path)
    assert (result.returncode, result.stdout.strip()) == (
        1,
        "t.xlsx 是符号链接，不会写入（也不会替换它）：请换一个文件名。",
    )
    assert victim.read_text("utf-8") == "keep"
    (tmp_path / "e.gift.txt").write_text("旧", "utf-8")
    result = cli("export", "township-officer-duties", "--format", "gift", "-o", "e.gift.txt", cwd=tmp_path)
    assert result.returncode == 1 and "确要替换时加 --force" in result.stdout
    result = cli("export", "township-officer-duties", "--format", "gift", "-o", "e.gift.txt", "--force", cwd=tmp_path)
    assert result.returncode == 0 and (tmp_path / "e.gift.txt").read_text("utf-8") != "旧"
    paper = ["paper", "--banks", "township-officer-duties", "--count", "3", "-o", "out"]
    assert cli(*paper, cwd=tmp_path).returncode == 0
    assert cli(*paper, "--seed", "2", cwd=tmp_path).returncode == 1
    assert cli(*paper, "--seed", "2", "--force", cwd=tmp_path).returncode == 0
    assert leftovers(tmp_path) == [] and leftovers(tmp_path / "out") == []


# --- rows 1, 10, 11: class results ---------------------------------------------------------------


def test_one_bad_result_file_is_named_and_skipped_the_others_counted(here):
    write(here, "good.json", current(saved()))
    deep = json.dumps(current(saved(), name="李四"))[:-1] + ', "extra": ' + "[" * 900 + "]" * 900 + "}"
    write(here, "deep.json", deep)
    write(here, "surrogate.json", json.dumps(current(saved(), name="基层\ud800")))
    write(here, "ctl.json", current(saved(), name="王\x1b[31m五"))
    write(here, "bad.json", "{")
    write(here, "huge.json", b" " * 3_000_000)
    lines: list[str] = []
    names = ["good.json", "deep.json", "surrogate.json", "ctl.json", "bad.json", "huge.json"]
    assert results.run(names, out=lines.append) == 0
    assert lines[0].startswith("班级成绩汇总：1 人。")
    start = lines.index("未计入的文件（5 个）：")
    assert lines[start + 1 : start + 6] == [
        "  deep.json：不是本站的成绩文件（嵌套超过 6 层）",
        "  surrogate.json：姓名中有控制字符或无效字符（U+D800），无法写入表格：文件已损坏或被改动过，请让学员重新交卷",
        "  ctl.json：姓名中有控制字符或无效字符（U+001B），无法写入表格：文件已损坏或被改动过，请让学员重新交卷",
        "  bad.json：无法读取（不是 JSON 文件，或文件已损坏）",
        "  huge.json：不是本站的成绩文件",
    ]
    with zipfile.ZipFile(here / "班级成绩.xlsx") as z:
        assert not any(b"&#55296;" in z.read(n) or b"<f>" in z.read(n) for n in z.namelist())


@pytest.fixture
def here(tmp_path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_a_fifo_and_odd_file_names_among_result_files(tmp_path):
    write(tmp_path, "good.json", current(saved()))
    os.mkfifo(tmp_path / "pipe.json")
    odd = os.fsencode(tmp_path) + b"/\xff\x1b.json"
    with open(odd, "w", encoding="utf-8") as f:
        f.write(json.dumps(current(saved(), name="李四")))
    result = subprocess.run(
        [*BUILD, "results", "good.json", "pipe.json", ".", "-o", "班.xlsx"],
        cwd=tmp_path,
        capture_output=True,
        timeout=TIMEOUT,
    )
    out = result.stdout.decode("utf-8")
    assert result.returncode == 0 and "Traceback" not in out + result.stderr.decode("utf-8", "replace")
    refused = "  pipe.json：这不是普通文件（是设备、管道等特殊文件），未读取：请给出学员保存的 .json 成绩文件"
    assert out.count(refused) == 2  # given by name, and found in the folder: never left out silently
    assert "\\udcff\\u001b.json" in out  # the undecodable byte and the ESC shown as codes
    assert "班级成绩汇总：2 人。" in out


def test_formulas_in_covers_and_shortfall_titles_stay_text(here):
    rec = current(saved())
    for q in rec["questions"]:
        q["covers"] = ['=HYPERLINK("http://x","点此")' + c for c in q["covers"]]
    write(here, "a.json", current(rec))
    lines: list[str] = []
    assert results.run(["a.json"], out=lines.append) == 0
    site = load_site()
    counted, refused, _, _ = results.sort_out(["a.json"], {b.id: b.title for b in site.banks})
    result = results.tally(counted, site, refused, "简介")
    for s in result.shortfalls:
        s.title = '=HYPERLINK("http://x","点此")\x01\ud800' + s.title
    (here / "b.xlsx").write_bytes(class_workbook(result))
    for name in ("班级成绩.xlsx", "b.xlsx"):
        with zipfile.ZipFile(here / name) as z:
            assert not any(b"<f>" in z.read(n) or b"&#55296;" in z.read(n) for n in z.namelist()), name
    book = openpyxl.load_workbook(here / "b.xlsx")
    header = [c for c in book["成绩"][1] if str(c.value).startswith("=HYPERLINK")]
    weak = [c for c in book["薄弱环节"]["B"] if str(c.value).startswith("=HYPERLINK")]
    assert header and weak
    for cell in header + weak:
        assert cell.data_type == "s" and cell.quotePrefix and "\ufffd\ufffd" in cell.value


def test_the_one_guard_for_cells_and_sheet_names():
    book = export.new_workbook("标题\x01", "说明\ud800")
    sheet = export.new_sheet(book, "a[b]:c*d?/e\\f" + "长" * 40)
    assert sheet.title == "a_b__c_d__e_f" + "长" * 18
    for k, text in enumerate(["=1+1", "+1", "-1", "@A1", "\tx", "\rx", "甲\x02乙", "\udfff", "普通"], 1):
        export.put(sheet, 1, k, text)
    values = [(c.value, c.data_type, bool(c.quotePrefix)) for c in sheet[1]]
    assert values == [
        ("=1+1", "s", True),
        ("+1", "s", True),
        ("-1", "s", True),
        ("@A1", "s", True),
        ("\tx", "s", True),
        ("\rx", "s", True),
        ("甲\ufffd乙", "s", False),
        ("\ufffd", "s", False),
        ("普通", "s", False),
    ]
    assert (book.properties.title, book.properties.description) == ("标题\ufffd", "说明\ufffd")


# --- fuzz -----------------------------------------------------------------------------------------

CASES = 60
POOL = [
    *HEADER,
    *SINGLE,
    "=1+1",
    '=HYPERLINK("http://x")',
    "#N/A",
    "#DIV/0!",
    "@x",
    "长" * 5001,
    12,
    3.5,
    True,
    None,
    "",
    "单选题",
    "对",
]


def fuzz_xlsx(rng: random.Random, path: Path) -> None:
    book = openpyxl.Workbook()
    for s in range(rng.randint(1, 3)):
        sheet = book.active if s == 0 else book.create_sheet(f"S{s}")
        if s == 0 and rng.random() < 0.5:
            sheet.title = "题库"
        for _ in range(rng.randint(0, 8)):
            sheet.append([rng.choice(POOL) for _ in range(rng.randint(0, 12))])
        if rng.random() < 0.2:
            sheet.cell(rng.choice([5, 60, 20_000]), rng.choice([2, 60])).value = "远"
        if rng.random() < 0.3:
            sheet.merge_cells(f"A{rng.randint(1, 4)}:C{rng.randint(4, 6)}")
    if len(book.worksheets) > 1 and rng.random() < 0.5:
        book.worksheets[0].sheet_state = rng.choice(["hidden", "veryHidden"])
        book.active = 1
    book.save(path)
    if rng.random() < 0.4:  # a mutated zip: bytes flipped or cut
        data = bytearray(path.read_bytes())
        for _ in range(rng.randint(1, 20)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        path.write_bytes(bytes(data[: rng.randint(len(data) // 2, len(data))]) if rng.random() < 0.3 else bytes(data))


def fuzz_csv(rng: random.Random, path: Path) -> None:
    if rng.random() < 0.3:
        path.write_bytes(rng.randbytes(rng.randint(0, 4000)))
        return
    rows = [[str(rng.choice(POOL) or "") for _ in range(rng.randint(0, 60 if rng.random() < 0.1 else 12))] for _ in range(rng.randint(0, 10))]  # fmt: skip
    text = csv_text(rows)
    if rng.random() < 0.3:
        text = text.replace(",", rng.choice(['"', "\x00", "\t", '""']), rng.randint(1, 5))
    path.write_bytes(text.encode(rng.choice(["utf-8", "gb18030", "utf-16"]), "replace"))


def test_fuzzed_spreadsheets_give_only_messages(tmp_path, monkeypatch):
    pages = load_pages(ROOT / "docs")
    monkeypatch.setattr(importer, "load_pages", functools.cache(lambda _: pages))
    quiz_dir = tmp_path / "quizzes"
    quiz_dir.mkdir()
    shutil.copy(ROOT / "quizzes" / "shortfalls.yml", quiz_dir)
    monkeypatch.chdir(tmp_path)
    rng = random.Random(24)
    seen = set()
    for n in range(CASES):
        path = tmp_path / f"f{n}.{'xlsx' if n % 3 else 'csv'}"
        (fuzz_xlsx if n % 3 else fuzz_csv)(rng, path)
        lines: list[str] = []
        status = importer.run(path, f"f{n}", None, lines.append, quiz_dir=quiz_dir)
        assert status in (0, 1) and all(isinstance(line, str) and line for line in lines), (n, lines)
        written = quiz_dir / f"f{n}.yml"
        assert written.exists() == (status == 0), (n, lines)
        seen.add(status)
        if status == 1:
            assert lines[-1].startswith("导入未通过") or lines[-1] == "导入未完成：没有写入任何文件。", (n, lines)
    assert leftovers(quiz_dir) == []
    assert 1 in seen
