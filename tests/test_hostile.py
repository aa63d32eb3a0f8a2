"""Hostile or broken input: trainer text that tries to run, files that try to exhaust or
escape the checker, ids that take a site page.  Each gets a Chinese message with its place,
and the rest of the site is still checked."""

from __future__ import annotations

import importlib.util
import os
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from kb.check import run as check
from kb.content import yamlpos
from kb.content.pages import load_pages
from kb.quiz.load import load_bank, load_quizzes
from kb.quiz.model import Bank, Question, Shortfall
from kb.render import inline_md, quiz_blocks, quiz_page
from kb.site import load_site

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures" / "quiz"
FIXTURE_PAGES = load_pages(FIXTURES / "_docs")
PAGES = load_pages(ROOT / "docs")

TITLE = "<img src=x onerror=alert('t')>x"
DESCRIPTION = "<script>alert(1)</script> [a](javascript:alert(2))"


def hostile_bank() -> Bank:
    q = Question("q1", "single", "题干", ["甲", "乙"], [0], "解析", "duties.md#duty-1", level="识记")
    return Bank("evil", Path("evil.yml"), TITLE, DESCRIPTION, ["<b>岗位</b>|x"], ["demo"], [q])


# --- 1. trainer text is never HTML --------------------------------------------------------


def test_bank_page_markdown_holds_no_trainer_markup():
    md = quiz_page.bank_markdown(hostile_bank())
    assert "<img" not in md and "<script" not in md and "javascript:" not in md
    assert "&lt;img src=x onerror=alert('t')&gt;x" in md  # the title, as escaped text


def test_bank_description_is_restricted_inline_markdown():
    html = quiz_page.render_bank(hostile_bank(), FIXTURE_PAGES)
    assert "<script>" not in html and "<img" not in html and "javascript:" not in html
    assert '<p class="kb-quiz__description">&lt;script&gt;alert(1)&lt;/script&gt; <a>a</a></p>' in html


def test_quiz_index_and_coverage_show_titles_as_text():
    bank = hostile_bank()
    here = PAGES["quizzes/index.md"]
    shortfall = Shortfall("demo", "<svg onload=alert(3)>短板", [{"source": "duties.md#duty-1", "quote": "<i>q</i>"}])
    out = quiz_blocks.render_quiz_list([bank], here) + "\n\n" + quiz_blocks.render_coverage([bank], [shortfall], here)
    import markdown

    html = markdown.markdown(out, extensions=["tables", "attr_list"])
    for tag in ("<img", "<svg", "<b>", "<i>"):
        assert tag not in html
    assert "&#60;img src&#61;x onerror&#61;alert&#40;&#39;t&#39;&#41;&#62;x" in html
    assert html.count("<table>") == 3 and "<td>&#60;b&#62;岗位&#60;&#47;b&#62;&#124;x</td>" in html


def test_every_string_field_with_raw_html_is_a_problem_at_its_place(tmp_path):
    # A field the schema does not know yet is reported as unknown *and* as raw HTML: the rule
    # is applied to every string of the document, not per field.
    text = (FIXTURES / "raw-html-text" / "bank.yml").read_text(encoding="utf-8")
    (tmp_path / "bank.yml").write_text(text.rstrip("\n") + '\nfuture: "<iframe src=x>"\n', encoding="utf-8")
    _, problems = load_bank(tmp_path / "bank.yml", "bank.yml", FIXTURE_PAGES, {"demo"})
    assert any(p.message.startswith("`future` 不能使用原始 HTML（<iframe src=x>）") for p in problems), problems


# --- 2. links decided on the URL the browser reads -----------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "[x](java&#10;script:alert(1))",
        "[x](&#x6A;avascript:alert(1))",
        "[x](java&#9;script:alert(1))",
        "[x](&#106;&#97;vascript:alert(1))",
        "[x](JaVaScRiPt:alert(1))",
        "[x](//evil.example/)",
        "[x](/\\evil.example/)",
        "[x](data:text/html,x)",
    ],
)
def test_links_leaving_the_site_lose_their_href(text):
    assert inline_md.render_inline(text) == "<a>x</a>"


def test_relative_links_and_anchors_are_kept():
    assert inline_md.render_inline("[x](../duties/a.html#b)") == '<a href="../duties/a.html#b">x</a>'
    assert inline_md.render_inline("[x](#q-1)") == '<a href="#q-1">x</a>'


# --- 4. YAML aliases and nesting --------------------------------------------------------------

BOMB = "a: &a [x,x,x,x,x,x,x,x,x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{','.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)
)


def test_alias_bomb_is_refused_in_well_under_a_second():
    start = time.perf_counter()
    with pytest.raises(yamlpos.YamlSyntaxError) as e:
        yamlpos.load(BOMB)
    assert time.perf_counter() - start < 0.5
    assert (e.value.line, e.value.col) == (2, 8) and e.value.message.startswith("不能使用 YAML 别名 *a")


def test_alias_bomb_in_front_matter_is_a_problem_and_other_pages_are_checked(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bomb.md").write_text("---\nkind: home\ntitle: 炸弹\n" + BOMB + "---\n\n正文。\n", encoding="utf-8")
    (tmp_path / "other.md").write_text("---\nkind: home\n---\n\n正文。\n", encoding="utf-8")
    start = time.perf_counter()
    site = load_site(tmp_path, tmp_path / "none")
    assert time.perf_counter() - start < 1
    messages = [str(p) for p in site.problems]
    assert any(m.startswith("bomb.md:5:8: 不能使用 YAML 别名 *a") for m in messages), messages
    assert any(m.startswith("other.md:2:1: 缺少必填字段 `title`") for m in messages), messages


# --- 5. control characters, encodings, invisible characters -------------------------------


@pytest.mark.parametrize("char", ["\x0b", "\x0c", "\x00", "\x1b", "\x7f", "\ufffe"])
def test_control_characters_in_a_bank_are_a_problem_with_their_place(tmp_path, char):
    (tmp_path / "bank.yml").write_text(f"title: 测试{char}题库\ncovers: [demo]\nquestions: []\n", encoding="utf-8")
    _, problems = load_bank(tmp_path / "bank.yml", "bank.yml", FIXTURE_PAGES, {"demo"})
    assert [(p.line, p.col) for p in problems] == [(1, 10)]
    assert f"U+{ord(char):04X}" in problems[0].message and "控制字符" in problems[0].message


def test_invisible_characters_are_warnings_never_problems(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    # Zero-width characters only: a text-direction control (U+202E) is refused (test_hardening_read).
    (tmp_path / "index.md").write_text("---\nkind: home\ntitle: 首\u200b页\n---\n\n正文。\n", encoding="utf-8")
    site = load_site(tmp_path, tmp_path / "none")
    assert site.problems == []
    assert [str(w) for w in site.warnings] == [
        "index.md:3:8: 提醒：`title` 含有看不见的字符 U+200B（零宽字符），"
        "显示出来的文字可能与实际保存的不同：请删除这个字符"
    ]
    lines: list[str] = []
    check.run([tmp_path / "index.md"], out=lines.append, site=site)
    assert any(line.startswith("index.md:3:8: 提醒") for line in lines)


# --- 6. bank ids that take a site page --------------------------------------------------------


@pytest.mark.parametrize("bank_id", ["index", "coverage", "wrong-answers", "exam", "exam-data"])
def test_reserved_bank_ids_are_refused_by_check(tmp_path, bank_id):
    source = FIXTURES / "_golden" / "golden-bank.yml"
    (tmp_path / f"{bank_id}.yml").write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    _, problems = load_bank(tmp_path / f"{bank_id}.yml", f"{bank_id}.yml", PAGES, set())
    assert f"{bank_id}.yml:1:1: 题库 id“{bank_id}”是网站自带页面 quizzes/{bank_id} 的名字" in "\n".join(
        map(str, problems)
    )


def build_cli(monkeypatch, quiz_dir: Path):
    spec = importlib.util.spec_from_file_location("kb_build_cli", ROOT / "scripts" / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    monkeypatch.setattr(module, "QUIZZES", quiz_dir)
    return module.cli


@pytest.mark.parametrize("bank_id", ["index", "exam-data"])
def test_new_quiz_refuses_reserved_ids(tmp_path, monkeypatch, bank_id):
    result = CliRunner().invoke(build_cli(monkeypatch, tmp_path), ["new-quiz", bank_id])
    assert result.exit_code == 2
    assert f"题库 id“{bank_id}”是网站自带页面 quizzes/{bank_id} 的名字" in result.output
    assert list(tmp_path.iterdir()) == []


# --- 7. files check does not read; new-quiz never writes through a link -------------------------


def test_yaml_extension_is_reported_not_silently_skipped(tmp_path):
    (tmp_path / "x.yaml").write_text("title: 测试\n", encoding="utf-8")
    _, _, problems = load_quizzes(tmp_path, FIXTURE_PAGES, rel_of=lambda p: p.name)
    assert [str(p) for p in problems] == ["x.yaml:1:1: 题库文件的扩展名应为 .yml，这个文件不会被读取：请改名为 x.yml"]


def test_check_of_a_file_it_does_not_read_does_not_pass(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("---\nkind: home\ntitle: 首页\n---\n\n正文。\n", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("x\n", encoding="utf-8")
    lines: list[str] = []
    assert not check.run(
        [tmp_path / "notes.txt"], out=lines.append, docs_dir=tmp_path / "docs", quiz_dir=tmp_path / "q"
    )
    assert lines[0] == f"notes.txt:1:1: {check.NOT_READ}"


def test_new_quiz_never_writes_through_a_symlink(tmp_path, monkeypatch):
    quizzes = tmp_path / "quizzes"
    quizzes.mkdir()
    outside = tmp_path / "outside.yml"
    os.symlink(outside, quizzes / "dangling.yml")
    result = CliRunner().invoke(build_cli(monkeypatch, quizzes), ["new-quiz", "dangling"])
    assert result.exit_code == 1, result.output
    assert "是符号链接，不会写入" in result.output
    assert not outside.exists()
