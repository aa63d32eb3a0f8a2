"""Issue 24 (YAML and text side): one reader for every file we accept — banks, the shortfall
registry, pages' front matter and bodies, search/keywords.yml and search/synonyms.yml.

Every file a trainer hands us gets ``path[:line:col]: 中文说明`` and exit status 1: never a
traceback, a hang, or a file read through a link leading outside the project.  One fixture per
row of the issue (2, 3, 4, 5, 6, 13, 14, 15) and per rule of the reader; a seeded fuzz test."""

from __future__ import annotations

import importlib.util
import os
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from kb.content import safe_read
from kb.content.pages import load_pages
from kb.content.problems import Problem
from kb.quiz.load import load_bank
from kb.search import keywords as search_keywords
from kb.search import synonyms as search_synonyms
from kb.site import load_site

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures" / "quiz"
FIXTURE_PAGES = load_pages(FIXTURES / "_docs")
GOLDEN = (FIXTURES / "_golden" / "golden-bank.yml").read_text(encoding="utf-8")
REAL_BANK = (ROOT / "quizzes" / "situations.yml").read_text(encoding="utf-8")
BUILD = [sys.executable, str(ROOT / "scripts" / "build.py")]


def build_cli():
    spec = importlib.util.spec_from_file_location("kb_build_cli_h7", ROOT / "scripts" / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.cli


CLI = build_cli()


@pytest.fixture
def quizzes(tmp_path, monkeypatch):
    """A copy of the project's banks (problems are named relative to tmp_path)."""
    monkeypatch.chdir(tmp_path)
    shutil.copytree(ROOT / "quizzes", tmp_path / "q")
    return tmp_path / "q"


def check(quiz_dir: Path, docs_dir: Path = ROOT / "docs") -> tuple[int, str]:
    """`build.py check` in this process: (exit status, output); any exception fails the test."""
    result = CliRunner().invoke(CLI, ["check", "--docs-dir", str(docs_dir), "--quiz-dir", str(quiz_dir)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def check_process(tmp_path: Path, quiz_dir: Path, docs_dir: Path = ROOT / "docs") -> subprocess.CompletedProcess:
    """`build.py check` as a process, with a time limit: a FIFO must not make it wait."""
    args = [*BUILD, "check", "--docs-dir", str(docs_dir), "--quiz-dir", str(quiz_dir)]
    result = subprocess.run(args, cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert "Traceback" not in result.stdout + result.stderr, result.stderr
    return result


def bank_problems(tmp_path: Path, text: str, name: str = "bank.yml") -> list[str]:
    """Problems of a bank, less those the golden bank has on purpose (its raw-HTML stem)."""
    (tmp_path / name).write_text(text, encoding="utf-8", errors="surrogatepass")
    _, problems = load_bank(tmp_path / name, name, FIXTURE_PAGES, {"demo"})
    return [str(p) for p in problems if not p.warning and "<script>" not in p.message]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8", errors="surrogatepass")


# --- Row 4: YAML that is valid but not ours, in banks and in front matter -------------------

FIRST_STEM = "    stem: 某村一位退休的党外知识分子"
NOT_OURS = {
    "tag": (
        (FIRST_STEM, "    stem: !important 某村一位退休的党外知识分子"),
        "q/situations.yml:11:11: 不能使用 YAML 标记 !important：题库和页面元数据只用普通的文本、列表和键值表。"
        "请删除这个标记；如果这是以 ! 开头的文本，请给整段加引号",
    ),
    "impossible-date": (
        ("    difficulty: 中\n", "    difficulty: 2026-13-01\n"),
        "q/situations.yml:21:17: 第1题的`difficulty` 的值“2026-13-01”无效，应为以下之一：易、中、难",
    ),
    "merge-key": (
        ("    difficulty: 中\n", "    difficulty: 中\n    <<: {level: 应用}\n"),
        "q/situations.yml:22:5: 不能使用 YAML 合并键 <<：请把要合并的字段逐项直接写出来；如果这是文本“<<”，请给它加引号",
    ),
    "5000-digit-integer": (
        ("    difficulty: 中\n", f"    difficulty: {'9' * 5000}\n"),
        "q/situations.yml:21:17: 数字太长（5000 个字符）：题库和页面元数据中不会有这么长的数字；如果这是文本，请给整段加引号",
    ),
    "anchor": (
        (FIRST_STEM, "    stem: &s 某村一位退休的党外知识分子"),
        "q/situations.yml:11:11: 不能使用 YAML 锚点 &s：题库和页面元数据用不到锚点（&）和别名（*）。"
        "请删除它；如果这是以 & 开头的文本，请给整段加引号",
    ),
    "value-key": (
        ("    difficulty: 中\n", "    difficulty: =\n"),
        "q/situations.yml:21:17: 第1题的`difficulty` 的值“=”无效，应为以下之一：易、中、难",
    ),
}


@pytest.mark.parametrize("case", list(NOT_OURS))
def test_yaml_that_is_not_ours_in_a_bank_is_a_message_from_check(quizzes, case):
    (old, new), message = NOT_OURS[case]
    edit(quizzes / "situations.yml", old, new)
    status, output = check(quizzes)
    assert status == 1
    assert message in output.splitlines(), output


@pytest.mark.parametrize("case", ["tag", "impossible-date", "merge-key", "5000-digit-integer"])
def test_yaml_that_is_not_ours_in_front_matter_is_a_message(tmp_path, monkeypatch, case):
    monkeypatch.chdir(tmp_path)
    line = {
        "tag": "title: !important 首页",
        "impossible-date": "title: 2026-13-01",
        "merge-key": "<<: {title: 首页}",
        "5000-digit-integer": f"title: {'1' * 5000}",
    }[case]
    (tmp_path / "index.md").write_text(f"---\nkind: home\n{line}\n---\n\n正文。\n", encoding="utf-8")
    (tmp_path / "other.md").write_text("---\nkind: home\ntitle: 其他\n---\n\n正文。\n", encoding="utf-8")
    status, output = check(tmp_path / "none", docs_dir=tmp_path)
    if case == "impossible-date":  # read as the text it is: a valid title
        assert status == 0, output
        assert load_site(tmp_path, tmp_path / "none").pages["index.md"].title == "2026-13-01"
        return
    assert status == 1
    expected = {
        "tag": "index.md:3:8: 不能使用 YAML 标记 !important",
        "merge-key": "index.md:3:1: 不能使用 YAML 合并键 <<",
        "5000-digit-integer": "index.md:3:8: 数字太长（5000 个字符）",
    }[case]
    assert any(line.startswith(expected) for line in output.splitlines()), output


def test_a_bank_that_is_not_ours_is_refused_by_export_without_a_traceback(quizzes, tmp_path):
    from kb.sheets import export

    edit(quizzes / "situations.yml", FIRST_STEM, "    stem: !important 某村一位退休的党外知识分子")
    lines: list[str] = []
    status = export.run("situations", "gift", tmp_path / "out.txt", out=lines.append, quiz_dir=quizzes)
    assert status == 1 and not (tmp_path / "out.txt").exists()
    assert lines and lines[0].startswith("题库“situations”"), lines


# --- Row 5 and 15: characters that cannot be saved or that show text reversed ----------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            'title: "基层\\ud800统战"\n',
            "bank.yml:1:8: 含有单独的代理码元 U+D800（无法保存为 UTF-8，多由 \\ud800 这样的转义写法造成）："
            "请删除它，或在编辑器中重新输入这一处",
        ),
        (
            '"\\udfff": x\ntitle: 题库\n',
            "bank.yml:1:1: 含有单独的代理码元 U+DFFF（无法保存为 UTF-8，多由 \\ud800 这样的转义写法造成）："
            "请删除它，或在编辑器中重新输入这一处",
        ),
    ],
    ids=["in-a-value", "in-a-key"],
)
def test_a_lone_surrogate_is_refused_where_it_is(tmp_path, text, expected):
    assert bank_problems(tmp_path, text + "covers: [demo]\nquestions: []\n") == [expected]


def test_a_lone_surrogate_in_a_bank_fails_check_so_the_build_never_starts(quizzes):
    edit(quizzes / "situations.yml", "title: 工作情境应用", 'title: "基层\\ud800统战"')
    status, output = check(quizzes)
    assert status == 1
    assert "q/situations.yml:1:8: 含有单独的代理码元 U+D800" in output
    output.encode("utf-8")  # printable: the surrogate itself is never echoed


BIDI = {"U+202E": "\u202e", "U+200E": "\u200e", "U+2028": "\u2028", "U+2066": "\u2066", "U+061C": "\u061c"}


@pytest.mark.parametrize("code", list(BIDI))
def test_text_direction_controls_and_line_separators_written_in_a_stem_are_refused(tmp_path, code):
    text = GOLDEN.replace("乡镇统战干事在**谁**", f"乡镇统战干事在{BIDI[code]}**谁**")
    (problem,) = bank_problems(tmp_path, text)
    assert problem.startswith("bank.yml:7:18: 含有不允许的") and code in problem, problem
    assert "请删除这个字符" in problem


@pytest.mark.parametrize("code", list(BIDI))
def test_text_direction_controls_escaped_in_a_stem_are_a_problem_of_that_field(tmp_path, code):
    escaped = f"\\u{ord(BIDI[code]):04x}"
    text = GOLDEN.replace(
        "stem: 乡镇统战干事在**谁**的领导下工作？", f'stem: "乡镇统战干事在{escaped}谁的领导下工作？"'
    )
    (problem,) = bank_problems(tmp_path, text)
    assert problem.startswith("bank.yml:7:11: 第1题的`stem` 含有不允许的") and code in problem, problem


def test_every_forbidden_character_of_a_file_is_named_at_once(tmp_path):
    text = GOLDEN.replace("干事", "干\u202e事")  # three places
    assert bank_problems(tmp_path, text) == [
        "bank.yml:7:16: 含有不允许的文字方向控制符 U+202E（从 Word 等处复制的文字常带有这种看不见的字符；"
        "它会让显示出来的文字与实际保存的不同；本文件共 3 处，另见 16:12、24:12）：请删除这个字符，或在编辑器中重新输入这一处"
    ]


def test_control_and_direction_characters_in_a_page_body_are_refused(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "index.md").write_text("---\nkind: home\ntitle: 首页\n---\n\n正\u202e文\x1b。\n", encoding="utf-8")
    status, output = check(tmp_path / "none", docs_dir=tmp_path)
    assert status == 1
    assert "index.md:6:2: 含有不允许的文字方向控制符 U+202E" in output
    assert "另见 6:4" in output


# --- Row 6 and the reader's rules: regular files of a stated size, links inside the project ---


def test_a_fifo_among_the_banks_is_named_and_check_does_not_wait(quizzes, tmp_path):
    os.mkfifo(quizzes / "f.yml")
    result = check_process(tmp_path, quizzes)
    assert result.returncode == 1
    assert "q/f.yml:1:1: 不是普通文件（命名管道），不予读取：请删除它，换成普通的文本文件" in result.stdout.splitlines()


def test_a_fifo_among_the_pages_is_named_and_check_does_not_wait(tmp_path):
    docs = tmp_path / "docs"
    shutil.copytree(FIXTURES / "_docs", docs)
    os.mkfifo(docs / "pipe.md")
    result = check_process(tmp_path, tmp_path / "none", docs)
    assert result.returncode == 1
    assert "docs/pipe.md:1:1: 不是普通文件（命名管道），不予读取：请删除它，换成普通的文本文件" in result.stdout


def test_a_dangling_link_among_the_banks_is_named(quizzes, tmp_path):
    os.symlink(tmp_path / "nowhere.yml", quizzes / "x.yml")
    result = check_process(tmp_path, quizzes)
    assert result.returncode == 1
    assert f"q/x.yml:1:1: 是指向不存在的文件的符号链接（{tmp_path / 'nowhere.yml'}）" in result.stdout


@pytest.mark.parametrize("target", ["/dev/zero", "outside"])
def test_a_link_leading_outside_the_project_is_not_read(quizzes, tmp_path, target):
    if target == "outside":
        target = str(tmp_path / "outside.yml")
        Path(target).write_text(GOLDEN, encoding="utf-8")
    os.symlink(target, quizzes / "z.yml")
    result = check_process(tmp_path, quizzes)
    assert result.returncode == 1
    assert f"q/z.yml:1:1: 是指向项目以外的符号链接（{target}）：不读取项目以外的文件" in result.stdout


def test_a_link_to_another_bank_inside_the_folder_is_read(quizzes):
    os.symlink("situations.yml", quizzes / "situations-copy.yml")
    _, output = check(quizzes)
    assert "situations-copy.yml:1:1" not in output  # read: only its questions' near-duplicate 提醒


def test_a_file_over_the_size_limit_is_refused_with_the_limit_in_the_message(tmp_path):
    big = tmp_path / "big.yml"
    big.write_text(GOLDEN + "#" * safe_read.LIMIT + "\n", encoding="utf-8")
    _, problems = load_bank(big, "big.yml", FIXTURE_PAGES, {"demo"})
    assert [str(p) for p in problems] == [
        "big.yml:1:1: 文件有 5.0 MB，超过 5.0 MB 的上限，不予读取：请把内容拆成几个较小的文件"
    ]


def test_a_folder_named_like_a_bank_is_named(quizzes):
    (quizzes / "folder.yml").mkdir()
    status, output = check(quizzes)
    assert status == 1
    assert "q/folder.yml:1:1: 不是普通文件（文件夹），不予读取" in output


def test_the_reader_decides_before_opening_and_never_reads_past_the_limit(tmp_path):
    os.mkfifo(tmp_path / "p.yml")
    start = time.perf_counter()
    with pytest.raises(safe_read.UnreadableFile, match="命名管道"):
        safe_read.read_text_file(tmp_path / "p.yml")
    assert time.perf_counter() - start < 1
    (tmp_path / "small.yml").write_text("a: 1\n" * 100, encoding="utf-8")
    with pytest.raises(safe_read.UnreadableFile, match="超过 100 字节 的上限"):
        safe_read.read_text_file(tmp_path / "small.yml", limit=100)


# --- Row 13: a bank name too long to be a page --------------------------------------------


def test_a_251_character_bank_name_is_refused_by_check(quizzes):
    name = "a" * 251
    shutil.copy(quizzes / "situations.yml", quizzes / f"{name}.yml")
    status, output = check(quizzes)
    assert status == 1
    assert (
        f"q/{name}.yml:1:1: 题库 id 太长（251 个字符）：最多 100 个字符，因为它也是网页和表格的文件名。"
        f"请改用简短的名字，例如 township-officer-duties：请给文件 {name[:40]}… 改名"
    ) in output.splitlines()


def test_new_quiz_refuses_an_id_too_long_for_a_file_name(tmp_path):
    result = CliRunner().invoke(CLI, ["new-quiz", "a" * 252])
    assert result.exit_code == 2
    assert result.output.startswith("题库 id 太长（252 个字符）：最多 100 个字符")
    assert result.exception is None or isinstance(result.exception, SystemExit)


# --- Rows 2 and 14: search data read by the build and the preview -----------------------------

BOMB = "a: &a [x,x,x,x,x,x,x,x,x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{','.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)
)


@pytest.mark.parametrize("which", ["keywords", "synonyms"])
def test_an_alias_bomb_in_search_data_is_never_expanded_by_the_build(tmp_path, which):
    path = tmp_path / f"{which}.yml"
    path.write_text(
        BOMB if which == "keywords" else "groups:\n  - " + BOMB.replace("\n", "\n  - ")[:-4], encoding="utf-8"
    )
    start = time.perf_counter()
    if which == "keywords":
        assert search_keywords.load_keywords(path) == {}
        problems = search_keywords.check_keywords(load_site(FIXTURES / "_docs", tmp_path / "none"), path, "k.yml")
    else:
        assert search_synonyms.load_synonyms(path) == search_synonyms.Synonyms()
        problems = search_synonyms.check_synonyms(path, "s.yml")
    assert time.perf_counter() - start < 2
    assert len(problems) == 1 and "不能使用 YAML 别名 *a" in problems[0].message, problems


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("groups: [\n", "s.yml:2:1: YAML 语法错误："),
        ("groups: [[撤销, 撤消]]\nignore: !!set {a: 1}\n", "s.yml:2:9: 不能使用 YAML 标记 !!set"),
        ("groups: 5\nintents: [{[a]: b}]\n", "s.yml:1:9: `groups` 应为列表"),
        ('groups: [["撤\\u202e销", 撤消]]\n', "s.yml:1:11: 第1个同义词组第1项 含有不允许的文字方向控制符 U+202E"),
    ],
    ids=["unclosed", "tag", "wrong-shape", "escaped-bidi"],
)
def test_an_invalid_synonyms_file_is_a_message_and_no_synonyms(tmp_path, text, expected):
    path = tmp_path / "synonyms.yml"
    path.write_text(text, encoding="utf-8")
    assert isinstance(search_synonyms.load_synonyms(path), search_synonyms.Synonyms)  # never raises
    problems = [str(p) for p in search_synonyms.check_synonyms(path, "s.yml")]
    assert any(p.startswith(expected) for p in problems), problems


@pytest.mark.parametrize("kind", ["fifo", "dangling"])
def test_search_data_that_is_not_a_regular_file_is_a_message(tmp_path, kind):
    path = tmp_path / "synonyms.yml"
    if kind == "fifo":
        os.mkfifo(path)
    else:
        os.symlink(tmp_path / "nowhere.yml", path)
    assert search_synonyms.load_synonyms(path) == search_synonyms.Synonyms()
    assert search_keywords.load_keywords(path) == {}
    if kind == "fifo":
        (problem,) = search_synonyms.check_synonyms(path, "s.yml")
        assert str(problem) == "s.yml:1:1: 不是普通文件（命名管道），不予读取：请删除它，换成普通的文本文件"


def test_the_preview_watches_search_data():
    import mkdocs_hooks

    watched: list[str] = []
    server = type("Server", (), {"watch": lambda self, path: watched.append(path)})()
    theme = type("Theme", (), {"custom_dir": str(ROOT / "overrides")})()
    config = type("Config", (), {"config_file_path": str(ROOT / "mkdocs.yml"), "extra": {}, "theme": theme})()
    mkdocs_hooks.on_serve(server, config=config, builder=None)
    assert str(ROOT / "search") in watched


# --- Row 3: a link in overrides/ leading outside the project ----------------------------------


def test_a_link_in_overrides_leading_outside_is_a_problem(tmp_path):
    overrides = tmp_path / "overrides"
    (overrides / "assets").mkdir(parents=True)
    (tmp_path / "secret.txt").write_text("secret", encoding="utf-8")
    os.symlink(tmp_path / "secret.txt", overrides / "assets" / "leak.txt")
    os.symlink("../main.html", overrides / "assets" / "inside.html")  # inside: fine
    (overrides / "main.html").write_text("x", encoding="utf-8")
    problems = [str(p) for p in safe_read.check_links_under(overrides, "overrides")]
    assert problems == [
        f"overrides/assets/leak.txt:1:1: 是指向项目以外的符号链接（{tmp_path / 'secret.txt'}）："
        "不读取项目以外的文件。请删除这个链接，需要的话把文件本身复制进来"
    ]


def test_the_build_never_copies_a_theme_file_reached_through_a_link_leading_outside(tmp_path):
    from mkdocs.structure.files import File, Files

    custom = tmp_path / "overrides"
    (custom / "assets").mkdir(parents=True)
    (tmp_path / "secret.txt").write_text("secret", encoding="utf-8")
    os.symlink(tmp_path / "secret.txt", custom / "assets" / "leak.txt")
    (custom / "assets" / "own.css").write_text("a{}", encoding="utf-8")
    os.mkfifo(custom / "assets" / "pipe.css")  # would hang MkDocs' copy (and a FIFO page its read)
    site = str(tmp_path / "site")
    names = ("leak.txt", "own.css", "pipe.css")
    files = Files([File(f"assets/{n}", str(custom), site, False) for n in names])
    dropped = safe_read.files_never_read(files, str(custom))
    assert [f.src_uri for f in dropped] == ["assets/leak.txt", "assets/pipe.css"]


# --- Row 4 under the preview: a problem in the banner, never a hang -------------------------


def test_problems_of_search_data_and_overrides_reach_the_hooks(monkeypatch):
    from kb.check import run as check_run

    site = load_site(FIXTURES / "_docs", FIXTURES / "none")
    monkeypatch.setattr(check_run, "check_synonyms", lambda: [Problem("search/synonyms.yml", 1, 1, "坏")])
    assert [str(p) for p in check_run.project_problems(site)] == ["search/synonyms.yml:1:1: 坏"]


# --- The fuzz: random bytes and random YAML, only messages ------------------------------------

TOKENS = [
    "&a ",
    "*a",
    "!tag ",
    "!!str ",
    "!!python/object:os.system ",
    "<<: ",
    "<<",
    '"\\ud800"',
    '"\\x1b"',
    '"\\u202e"',
    "\u202e",
    "\u2028",
    "\x00",
    "\x1b",
    "\t",
    "2026-13-01",
    "9" * 60,
    "1:2:3:4:5:6:7:8:9:0:" * 6,
    "[" * 40,
    "{" * 40,
    "]",
    "}",
    ": ",
    "- ",
    "? ",
    "'",
    '"',
    "\n",
    "\n  ",
    "---\n",
    "...\n",
    "%YAML 1.1\n",
    "#",
    "|",
    ">",
    "=",
    "~",
    ".inf",
    ".nan",
    "0x1F",
    "0o17",
    "yes",
    "null",
    "\ufeff",
    "\udc80",
]

# What valid YAML may hold that our files never mean (row 4, 5): tags, merge keys, dates, anchors.
HARD = ["!tag x", "!!binary eA==", "<<", "2026-13-01", "&a x", '"\\ud800"', "9" * 5000, "="]


def mutate(text: str, rand: random.Random, hard: bool = False) -> str:
    """``text`` changed in 1-4 places; ``hard``: the first change at the start of a value."""
    for k in range(rand.randint(1, 4)):
        at = rand.randrange(len(text) + 1)
        op = 0.0 if hard and k == 0 else rand.random()
        values = [i + 2 for i in range(len(text)) if text.startswith(": ", i)]
        if op == 0.0 and values:  # a whole value replaced: still YAML, the loader's hard case
            at = rand.choice(values)
            end = text.find("\n", at)
            text = text[:at] + rand.choice(HARD) + text[end if end >= 0 else len(text) :]
        elif op < 0.3 and values:  # at the start of a value
            at = rand.choice(values)
            text = text[:at] + rand.choice(TOKENS) + text[at:]
        elif op < 0.55:
            text = text[:at] + rand.choice(TOKENS) + text[at:]
        elif op < 0.75:
            text = text[:at] + text[at + rand.randint(1, 40) :]
        elif op < 0.9:
            span = text[at : at + rand.randint(1, 200)]
            text = text[:at] + span * rand.randint(2, 5) + text[at:]
        else:
            text = text[:at] + "".join(chr(rand.randrange(0x110000)) for _ in range(rand.randint(1, 8))) + text[at:]
    return text


FUZZ_CASES = 300


@pytest.mark.slow
def test_fuzz_random_bytes_and_yaml_give_only_messages(tmp_path):
    rand = random.Random(24)
    pages_dir = tmp_path / "docs"
    shutil.copytree(FIXTURES / "_docs", pages_dir)
    outcomes = {"clean": 0, "problems": 0}
    for n in range(FUZZ_CASES):
        path = tmp_path / "bank.yml"
        kind = n % 3
        if kind == 0:
            data = bytes(rand.randrange(256) for _ in range(rand.randint(0, 400)))
        else:
            source = GOLDEN if kind == 1 else REAL_BANK[: rand.randint(2000, 12000)]
            data = mutate(source, rand).encode("utf-8", "surrogatepass")
        path.write_bytes(data)
        try:
            _, problems = load_bank(path, "bank.yml", FIXTURE_PAGES, {"demo", "duties"})
            page = pages_dir / "fuzz.md"
            page.write_bytes(b"---\n" + data[:3000] + b"\n---\n\n" + data[3000:4000])
            pages = load_pages(pages_dir)
        except Exception as e:  # the point: nothing but messages
            pytest.fail(f"case {n}: {type(e).__name__}: {e}\n{data[:300]!r}")
        for p in problems:
            assert isinstance(p, Problem) and p.line >= 1 and p.col >= 1
            str(p).encode("utf-8")  # printable: no lone surrogate ever reaches a message
        fuzz = pages["fuzz.md"]
        if fuzz.front_error is not None:
            fuzz.front_error.message.encode("utf-8")
        outcomes["problems" if [p for p in problems if not p.warning] else "clean"] += 1
    assert outcomes["problems"] > FUZZ_CASES // 2, outcomes  # the mutations do reach the checks


@pytest.mark.slow
def test_fuzz_through_the_check_command(tmp_path):
    """Fewer cases, the whole `build.py check` (registry, coverage, near-duplicates) in this process."""
    rand = random.Random(2024)
    shutil.copytree(ROOT / "quizzes", tmp_path / "q")
    target = tmp_path / "q" / "situations.yml"
    for _ in range(8):
        target.write_bytes(mutate(REAL_BANK, rand, hard=True).encode("utf-8", "surrogatepass"))
        status, output = check(tmp_path / "q")
        assert status in (0, 1)
        output.encode("utf-8")


# --- The preview: a bad file of any kind is a banner, and the preview keeps serving ------------


@pytest.mark.slow
def test_the_preview_shows_bad_search_data_and_banks_in_the_banner_and_keeps_serving(tmp_path):
    import urllib.request

    from helpers.browser import free_port
    from helpers.project import project_copy

    project = project_copy(tmp_path / "project")
    port = free_port()
    url = f"http://127.0.0.1:{port}/index.html"
    log = (tmp_path / "serve.log").open("w")
    proc = subprocess.Popen(
        [*BUILD[:1], "scripts/build.py", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project,
        stdout=log,
        stderr=subprocess.STDOUT,
    )

    def page_when(predicate, what: str) -> str:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            assert proc.poll() is None, "the preview stopped:\n" + (tmp_path / "serve.log").read_text(encoding="utf-8")
            try:
                html = urllib.request.urlopen(url, timeout=5).read().decode("utf-8")
                if predicate(html):
                    return html
            except OSError:
                pass
            time.sleep(0.5)
        pytest.fail(f"no {what}:\n" + (tmp_path / "serve.log").read_text(encoding="utf-8")[-3000:])

    try:
        page_when(lambda h: "kb-preview-problems" not in h, "first build")
        (project / "search" / "synonyms.yml").write_text("groups: [\n", encoding="utf-8")  # row 14
        page_when(lambda h: "search/synonyms.yml:2:1: YAML 语法错误" in h, "banner for synonyms.yml")
        (project / "search" / "keywords.yml").write_text(BOMB, encoding="utf-8")  # row 2
        page_when(lambda h: "search/keywords.yml:2:8: 不能使用 YAML 别名 *a" in h, "banner for keywords.yml")
        edit(
            project / "quizzes" / "situations.yml",
            "    difficulty: 中\n",
            "    difficulty: 中\n    <<: {level: 应用}\n",
        )
        page_when(lambda h: "quizzes/situations.yml:22:5: 不能使用 YAML 合并键" in h, "banner for the bank")  # row 4
        os.mkfifo(project / "quizzes" / "pipe.yml")  # row 6
        page_when(lambda h: "quizzes/pipe.yml:1:1: 不是普通文件（命名管道）" in h, "banner for the FIFO")
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        log.close()
    assert "Traceback" not in (tmp_path / "serve.log").read_text(encoding="utf-8")


def test_a_dangling_link_or_a_missing_path_named_to_check_is_a_chinese_message(quizzes, tmp_path):
    """Named on the command line (not only found in quizzes/): the checker's message, exit 1,
    never click's English "does not exist"."""
    (quizzes / "gone.yml").symlink_to(tmp_path / "nowhere.yml")
    result = CliRunner().invoke(
        CLI, ["check", "--docs-dir", str(ROOT / "docs"), "--quiz-dir", str(quizzes), "q/gone.yml", "q/nope.yml"]
    )
    assert result.exit_code == 1 and "Traceback" not in result.output
    lines = result.output.splitlines()
    assert any(line.startswith("q/gone.yml:1:1: 是指向不存在的文件的符号链接") for line in lines), lines
    assert "q/nope.yml:1:1: 找不到这个文件或文件夹：请检查路径和文件名" in lines
    assert "does not exist" not in result.output
