"""Paper tests (python scripts/build.py paper): seeded choice, A4 HTML, answers, errors."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
import yaml

from helpers.lenient import without_problems
from kb import paper
from kb.paper import select
from kb.paths import QUIZZES
from kb.render.inline_md import render_inline

ROOT = Path(__file__).resolve().parents[1]
OFFICER, LIAISON = "township-officer-duties", "village-liaison-duties"
KEYED_A = "keyed-a"
ROLES = ("村（社区）统战联络员", "县级统战部")

EVIL_BANK = """\
title: 转义<b>测试</b>
description: 原始 HTML 只能显示为文字。
audience: [乡镇统战干事]
covers: [duties]
questions:
  - id: evil
    type: single
    level: 识记
    stem: "<script>alert(1)</script>乡镇统战干事在谁的领导下工作？"
    options: ["<img src=x onerror=alert(1)>", 统战委员]
    answer: B
    explanation: "<b>加粗</b>职责第1条。"
    source: duties/township-officer.md#duty-1
    quote: 在统战委员的领导下，负责处理本乡镇的统战工作日常事务
  - id: evil-blank
    type: blank
    level: 识记
    stem: "<i>斜体</i>负责处理本乡镇的统战工作___。"
    answer: ["<script>日常事务</script>"]
    explanation: 见职责第1条。
    source: duties/township-officer.md#duty-1
"""


@pytest.fixture(scope="module")
def quiz_dir(tmp_path_factory) -> Path:
    """The project's banks plus one with raw HTML in it and one with a mistake."""
    folder = tmp_path_factory.mktemp("quizzes")
    for bank in QUIZZES.glob("*.yml"):
        shutil.copy(bank, folder / bank.name)
    (folder / "evil.yml").write_text(EVIL_BANK, encoding="utf-8")
    broken = (QUIZZES / f"{OFFICER}.yml").read_text(encoding="utf-8").replace("answer: B\n", "answer: Z\n", 1)
    (folder / "broken.yml").write_text(broken, encoding="utf-8")
    (folder / f"{KEYED_A}.yml").write_text(keyed_a_bank(), encoding="utf-8")
    return folder


def keyed_a_bank() -> str:
    """The project's choice questions, one per same-passage group, rewritten as a careless
    trainer would: every single-choice key is A, every multiple-choice key a leading run (AB,
    ABC).  Questions alternate between two audiences (the bank's is everyone) for --role."""
    from kb.quiz.model import LETTERS, group_key
    from kb.site import load_site

    questions, groups = [], set()
    for bank in load_site().banks:
        for q in bank.questions:
            if q.type not in ("single", "multiple") or group_key(q) in groups:
                continue
            groups.add(group_key(q))
            keys = [q.options[i] for i in q.answer]
            options = keys + [o for i, o in enumerate(q.options) if i not in q.answer]
            entry = {
                "id": f"q{len(questions)}-{q.id}",
                "type": q.type,
                "level": q.level,
                "stem": q.stem,
                "options": options,
                "answer": LETTERS[: len(keys)],
                "explanation": q.explanation,
                "source": q.source,
                "audience": [ROLES[len(questions) % 2]],
            }
            questions.append({**entry, **({"quote": q.quote} if q.quote else {})})
    bank = {"title": "答案都在前面", "description": "测试用。", "audience": [], "covers": ["duties"]}
    return yaml.safe_dump({**bank, "questions": questions}, allow_unicode=True, sort_keys=False, width=1000)


def make(tmp_path: Path, quiz_dir: Path, banks=f"{OFFICER},{LIAISON}", count=None, types=None, seed=1, **kw):
    lines: list[str] = []
    out = tmp_path / f"paper-{seed}-{len(list(tmp_path.iterdir()))}"
    status = paper.run(banks, count, types, seed, out, lines.append, quiz_dir=quiz_dir, **kw)
    return status, lines, out


def read(out: Path) -> tuple[str, str]:
    return (out / paper.PAPER_FILE).read_text(encoding="utf-8"), (out / paper.ANSWERS_FILE).read_text(encoding="utf-8")


def origins(answers: str) -> list[str]:
    """bank · question id of every question, in paper order (from the answer sheet)."""
    return re.findall(r'<p class="origin">题库 (\S+) · 题目 (\S+)</p>', answers)


# --- choice ------------------------------------------------------------------------------


def test_same_seed_gives_byte_identical_files(tmp_path, quiz_dir):
    _, _, a = make(tmp_path, quiz_dir, types="单选:5,多选:3,判断:3,填空:3", seed=42)
    _, _, b = make(tmp_path, quiz_dir, types="单选:5,多选:3,判断:3,填空:3", seed=42)
    for name in (paper.PAPER_FILE, paper.ANSWERS_FILE):
        assert (a / name).read_bytes() == (b / name).read_bytes(), name


def test_another_seed_gives_another_paper(tmp_path, quiz_dir):
    papers = []
    for seed in (1, 2):
        status, _, out = make(tmp_path, quiz_dir, types="单选:5,多选:3,判断:3,填空:3", seed=seed)
        assert status == 0
        papers.append(origins(read(out)[1]))
    assert len(papers[0]) == len(papers[1]) == 14
    assert papers[0] != papers[1]
    # The 卷号 shows which is which.
    assert "卷号 2" in read(out)[0]


def test_type_counts_group_and_number_the_questions(tmp_path, quiz_dir):
    status, lines, out = make(tmp_path, quiz_dir, types="填空:2，判断：3,单选题:4,multiple:1")
    assert status == 0, lines
    text, answers = read(out)
    headings = re.findall(r"<h2>(.*?)(?:<span|</h2>)", text)
    assert headings == [
        "一、单选题（每题 2 分，共 8 分）",
        "二、多选题（每题 3 分，共 3 分）",
        "三、判断题（每题 1 分，共 3 分）",
        "四、填空题（每题 2 分，共 4 分）",
    ]
    assert re.findall(r'<span class="no">(\d+)\.</span>', text) == [str(n) for n in range(1, 11)]
    assert "共 10 题，满分 18 分。" in text and "共 10 题，满分 18 分。" in answers
    assert lines[0].endswith("：共 10 题，满分 18 分，卷号 1。")
    # Each question's type matches its section, in paper order.
    banks = {b: select.pool([_bank(quiz_dir, b)]) for b in (OFFICER, LIAISON)}
    types = [next(p.question.type for p in banks[b] if p.question.id == q) for b, q in origins(answers)]
    assert types == ["single"] * 4 + ["multiple"] + ["judge"] * 3 + ["blank"] * 2


def test_a_total_count_mixes_types_without_repeats(tmp_path, quiz_dir):
    status, _, out = make(tmp_path, quiz_dir, count=30, seed=5, allow_same_passage=True)
    assert status == 0
    text, answers = read(out)
    chosen = origins(answers)
    assert len(chosen) == len(set(chosen)) == 30
    parts = text.split("<h2>")[1:]
    sections = [re.match(r"[一二三四]、(..题)（每题 (\d) 分，共 (\d+) 分）", part).groups() for part in parts]
    labels = [label for label, _, _ in sections]
    assert labels == [t for t in ("单选题", "多选题", "判断题", "填空题") if t in labels] and len(labels) >= 3
    # Points add up: each section's total, and the paper's.
    points = {"单选题": 2, "多选题": 3, "判断题": 1, "填空题": 2}
    for (label, each, total), part in zip(sections, parts, strict=True):
        assert int(each) == points[label]
        assert int(total) == int(each) * part.count('class="no"')
    assert f"满分 {sum(int(total) for _, _, total in sections)} 分" in text


def test_default_points_per_type():
    assert select.POINTS == {"single": 2, "multiple": 3, "judge": 1, "blank": 2}


def test_all_questions_of_a_bank_once(tmp_path, quiz_dir):
    bank = _bank(quiz_dir, LIAISON)
    status, _, out = make(tmp_path, quiz_dir, banks=LIAISON, count=len(bank.questions), allow_same_passage=True)
    assert status == 0
    assert sorted(q for _, q in origins(read(out)[1])) == sorted(q.id for q in bank.questions)


def _bank(quiz_dir: Path, bank_id: str):
    from kb.site import load_site

    return next(b for b in load_site(quiz_dir=quiz_dir).banks if b.id == bank_id)


# --- errors ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kw", "expected"),
    [
        (
            {"banks": "no-such-bank"},
            ["没有题库“no-such-bank”（quizzes/no-such-bank.yml 不存在）。现有题库："],
        ),
        ({"banks": " , "}, ["--banks 中没有题库 id，例如 --banks township-officer-duties,village-liaison-duties"]),
        ({"types": "单选10"}, ["--types 中的“单选10”格式不对：应写成 题型:题数，例如 单选:10,多选:5,判断:5"]),
        ({"types": "问答:3"}, ["--types 中的题型“问答”无效，应为以下之一：单选、多选、判断、填空"]),
        ({"types": "单选:0,多选:x"}, ["--types 中“单选:0”的题数应为正整数", "--types 中“多选:x”的题数应为正整数"]),
        ({"types": "单选:2,单选题:3"}, ["--types 中单选题写了两次，只写一次"]),
        ({"types": ""}, ["--types 不能为空，例如 --types 单选:10,多选:5,判断:5"]),
        ({"count": 0}, ["--count 应为正整数，实际是 0"]),
        ({"count": 5, "types": "单选:2,判断:2"}, ["--count 5 与 --types 合计的 4 题不一致：只写其中一个即可"]),
        ({}, ["请用 --count 指定题目总数，或用 --types 指定各题型题数，例如 --types 单选:10,多选:5,判断:5"]),
    ],
)
def test_mistakes_are_explained_and_nothing_is_written(tmp_path, quiz_dir, kw, expected):
    banks = kw.pop("banks", f"{OFFICER},{LIAISON}")
    status, lines, out = make(tmp_path, quiz_dir, banks=banks, count=kw.get("count"), types=kw.get("types"))
    assert status == 1
    assert lines[-1] == "未生成试卷。"
    if expected[0].endswith("现有题库："):
        existing = "、".join(sorted(p.stem for p in quiz_dir.glob("*.yml") if p.name != "shortfalls.yml"))
        expected = [expected[0] + existing]
    assert lines[:-1] == expected
    assert not out.exists()


def test_asking_for_more_than_there_are_says_how_many_there_are(tmp_path, quiz_dir):
    questions = select.pool([_bank(quiz_dir, OFFICER), _bank(quiz_dir, LIAISON)])
    singles, judges = (sum(p.question.type == t for p in questions) for t in ("single", "judge"))
    assert singles > 5 and judges > 5 and len(questions) > 30  # the counts below are the banks' own
    status, lines, out = make(tmp_path, quiz_dir, types=f"单选:{singles + 1},多选:1,判断:{judges + 4}")
    assert (status, out.exists()) == (1, False)
    assert lines == [
        f"所选题库中单选题只有 {singles} 道，不够抽 {singles + 1} 道：请减少题数或增加题库",
        f"所选题库中判断题只有 {judges} 道，不够抽 {judges + 4} 道：请减少题数或增加题库",
        "未生成试卷。",
    ]
    status, lines, out = make(tmp_path, quiz_dir, count=len(questions) + 1)
    assert (status, out.exists()) == (1, False)
    assert lines == [
        f"所选题库共有 {len(questions)} 道题，不够抽 {len(questions) + 1} 道：请减少 --count 或增加题库",
        "未生成试卷。",
    ]


def test_a_bank_with_problems_is_refused_with_its_problems(tmp_path, quiz_dir):
    status, lines, out = make(tmp_path, quiz_dir, banks=f"{OFFICER},broken", count=3)
    assert status == 1 and not out.exists()
    assert (
        lines[0]
        == "题库“broken”有 1 个问题，请先修改再出卷（运行 python scripts/build.py check quizzes/broken.yml 查看）："
    )
    assert re.fullmatch(r"  \S*broken\.yml:\d+:\d+: .*Z.*", lines[1]), lines[1]
    assert lines[2:] == ["未生成试卷。"]


# --- the documents -----------------------------------------------------------------------


def test_trainer_text_with_html_is_refused(tmp_path, quiz_dir):
    status, lines, _ = make(tmp_path, quiz_dir, banks="evil", count=2)
    assert status == 1
    assert any("不能使用原始 HTML（<script>）" in line for line in lines), lines


def test_trainer_text_is_shown_never_run(tmp_path, quiz_dir, monkeypatch):
    # The checker refuses raw HTML (above); were a bank to get past it, the paper must still
    # show the HTML as text (defence in depth): run with the checker's verdict set aside.
    monkeypatch.setattr(paper, "load_site", without_problems(paper.load_site))
    status, lines, out = make(tmp_path, quiz_dir, banks="evil", count=2, allow_same_passage=True)
    assert status == 0, lines
    for doc in read(out):
        assert "<script" not in doc and "<img" not in doc and "<b>" not in doc and "<i>" not in doc
        assert "&lt;script&gt;alert(1)&lt;/script&gt;乡镇统战干事在谁的领导下工作" in doc
        assert "转义&lt;b&gt;测试&lt;/b&gt;" in doc
    text, answers = read(out)
    assert "&lt;img src=x onerror=alert(1)&gt;" in text
    assert "&lt;b&gt;加粗&lt;/b&gt;职责第1条。" in answers
    assert "&lt;script&gt;日常事务&lt;/script&gt;" in answers


def test_standalone_print_ready_documents(tmp_path, quiz_dir):
    status, _, out = make(tmp_path, quiz_dir, types="单选:2,多选:2,判断:2,填空:2")
    assert status == 0
    for doc in read(out):
        assert doc.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in doc
        # Nothing is fetched: no link, script, image, font URL or address of any kind.
        assert not re.search(r"<(link|script|img|iframe)\b|src=|url\(|https?:|@import", doc)
        assert "default-src 'none'" in doc
        assert "size: A4" in doc and ".q { margin: 0 0 3.5mm; break-inside: avoid" in doc
        assert "Noto Serif CJK SC" in doc and "SimSun" in doc
    text, _ = read(out)
    assert re.search(r"姓名<span[^>]*></span>单位<span[^>]*></span>得分<span[^>]*></span>", text)
    assert '<span class="paper-no">卷号 1</span>' in text
    assert re.findall(r'<span class="letter">([A-H])\.</span>', text)[:2] == ["A", "B"]
    assert "正确的在括号内画“√”，错误的画“×”" in text
    assert text.count('<span class="blank') >= 2  # a long underline for each blank


def test_answer_sheet_gives_answer_explanation_quote_and_source(tmp_path, quiz_dir):
    bank = _bank(quiz_dir, OFFICER)
    singles = sum(q.type == "single" for q in bank.questions)
    blanks = sum(q.type == "blank" for q in bank.questions)
    judges = sum(q.type == "judge" for q in bank.questions)
    types = f"单选:{singles},判断:{judges},填空:{blanks}"
    status, _, out = make(tmp_path, quiz_dir, banks=OFFICER, types=types, allow_same_passage=True)
    assert status == 0
    _, answers = read(out)
    entries = answers.split('<div class="q">')[1:]
    by_id = {re.search(r"题目 (\S+)</p>", e).group(1): e for e in entries}
    leader = by_id["leader"]  # single, answer B: 统战委员
    assert re.search('<span class="label">答案：</span>[A-D]<span class="note">（统战委员）</span>', leader)
    assert "领导乡镇统战干事的是统战委员" in leader
    assert '<span class="label">原文：</span>在统战委员的领导下，负责处理本乡镇的统战工作日常事务' in leader
    assert "出处：</span>乡镇统战干事工作职责 · 1．处理统战工作日常事务" in leader
    assert '<span class="path">duties/township-officer.html#duty-1</span>' in leader
    blank = by_id["familiar-blank"]  # two blanks
    assert "答案：</span>第 1 空 “方法”；第 2 空 “基本情况”" in blank
    assert '<span class="blank blank--filled">方法</span>' in blank
    judge = next(q for q in bank.questions if q.type == "judge")
    assert ("对（√）" if judge.answer[0] else "错（×）") in by_id[judge.id]
    # The quick key has every number once.
    key = re.findall(r'<li><span class="key-no">(\d+)\.</span>', answers)
    assert key == [str(n) for n in range(1, singles + judges + blanks + 1)]


def test_build_py_paper_command(tmp_path):
    out = tmp_path / "paper"
    result = subprocess.run(
        [sys.executable, "scripts/build.py", "paper", "--banks", OFFICER, "--types", "单选:3,判断:2", "--seed", "9",
         "-o", str(out)],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "共 5 题，满分 8 分，卷号 9" in result.stdout
    assert (out / "试卷.html").is_file() and (out / "答案与解析.html").is_file()


# --- PDF ---------------------------------------------------------------------------------


def test_pdf_without_chromium_says_what_to_do(tmp_path, monkeypatch):
    monkeypatch.setattr(paper, "find_chromium", lambda: None)
    with pytest.raises(paper.PaperError) as e:
        paper.write_pdf(tmp_path / "试卷.html", tmp_path / "试卷.pdf")
    assert e.value.lines == [
        "没有找到 Chromium 浏览器（/usr/bin/chromium），无法生成 PDF。可以在 Debian/Ubuntu 上运行 "
        f"sudo apt-get install chromium 后重试；也可以用浏览器打开 {tmp_path / '试卷.html'}，选择“打印”→“另存为 PDF”。"
    ]


@pytest.mark.browser
@pytest.mark.skipif(paper.find_chromium() is None, reason="no Chromium on this machine")
def test_pdf_is_a4(tmp_path, quiz_dir):
    status, lines, out = make(tmp_path, quiz_dir, types="单选:3,填空:2", pdf=True)
    assert status == 0, lines
    for name in ("试卷.pdf", "答案与解析.pdf"):
        data = (out / name).read_bytes()
        assert data.startswith(b"%PDF")
        boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", data)
        assert boxes and all(abs(float(w) - 595) < 1 and abs(float(h) - 842) < 1 for w, h in boxes), boxes


def test_a_question_in_two_banks_counts_once(quiz_dir):
    import dataclasses

    bank = _bank(quiz_dir, OFFICER)
    copy = dataclasses.replace(bank, id="copy", title="副本")
    assert [p.question.id for p in select.pool([bank, copy])] == [q.id for q in bank.questions]


# --- shuffled options, balanced keys -----------------------------------------------------


def keys_of(answers: str) -> list[str]:
    """The 答案速查 of an answer sheet: the key of every question, in paper order."""
    return re.findall(r'<li><span class="key-no">\d+\.</span> ([^<]+)</li>', answers)


def printed_options(text: str) -> list[list[str]]:
    """The options of every question as printed on the paper, in paper order."""
    blocks = text.split('<div class="q">')[1:]
    return [re.findall(r'<li><span class="letter">[A-H]\.</span>(.*?)</li>', b) for b in blocks]


def keyed(quiz_dir: Path) -> dict:
    """The all-A bank's questions by id."""
    return {q.id: q for q in _bank(quiz_dir, KEYED_A).questions}


def test_a_bank_keyed_all_a_gives_a_paper_with_keys_spread(tmp_path, quiz_dir):
    bank = keyed(quiz_dir)
    singles = sum(q.type == "single" for q in bank.values())
    assert singles >= 20 and all(q.answer == [0] for q in bank.values() if q.type == "single")
    for seed in (7, 8, 9):
        status, lines, out = make(tmp_path, quiz_dir, banks=KEYED_A, types=f"单选:{singles}", seed=seed)
        assert status == 0, lines
        letters = Counter(keys_of(read(out)[1]))
        share = singles / 4  # the fixture's singles have four options each
        assert set(letters) == set("ABCD"), letters
        assert max(letters.values()) <= share + 1, letters  # no letter holds much more than its share
    # A short paper too: no letter twice before every letter is used once.
    status, _, out = make(tmp_path, quiz_dir, banks=KEYED_A, types="单选:4", seed=3)
    assert sorted(keys_of(read(out)[1])) == ["A", "B", "C", "D"]


def test_multiple_choice_keys_are_not_all_leading_runs(tmp_path, quiz_dir):
    multiples = sum(q.type == "multiple" for q in keyed(quiz_dir).values())
    assert multiples >= 3
    runs = {"AB", "ABC", "ABCD", "ABCDE"}
    for seed in range(1, 30):  # one multiple per paper: its key alone must not be a leading run
        status, _, out = make(tmp_path, quiz_dir, banks=KEYED_A, types="多选:1", seed=seed)
        assert status == 0
        assert keys_of(read(out)[1])[0] not in runs
    status, _, out = make(tmp_path, quiz_dir, banks=KEYED_A, types=f"多选:{multiples}", seed=4)
    keys = keys_of(read(out)[1])
    assert len(keys) == multiples and not all(k in runs for k in keys), keys


def test_the_answer_sheet_follows_the_shuffled_letters(tmp_path, quiz_dir):
    bank = keyed(quiz_dir)
    status, _, out = make(tmp_path, quiz_dir, banks=KEYED_A, types="单选:12,多选:4", seed=11)
    assert status == 0
    text, answers = read(out)
    options = printed_options(text)
    ids = [q for _, q in origins(answers)]
    entries = answers.split('<div class="q">')[1:]
    moved = 0
    for qid, shown, entry, key in zip(ids, options, entries, keys_of(answers), strict=True):
        q = bank[qid]
        assert sorted(shown) == sorted(render_inline(o) for o in q.options)  # the same options, reordered
        right = {render_inline(q.options[i]) for i in q.answer}
        assert {shown["ABCDEFGH".index(letter)] for letter in key} == right, qid  # the key points at them
        note = re.search(r'答案：</span>([A-H]+)<span class="note">（(.*?)）</span>', entry)
        assert note.group(1) == key
        if q.type == "single":
            assert note.group(2) == shown["ABCDEFGH".index(key)]
        else:
            assert note.group(2) == "；".join(f"{letter}. {shown['ABCDEFGH'.index(letter)]}" for letter in key)
        moved += shown != [render_inline(o) for o in q.options]
    assert moved >= 12  # the options were shuffled, not printed in file order


def test_same_seed_same_shuffle_and_forms(tmp_path, quiz_dir):
    runs = [make(tmp_path, quiz_dir, banks=f"{KEYED_A},{OFFICER}", count=16, seed=5, forms=2)[2] for _ in range(2)]
    names = sorted(p.name for p in runs[0].iterdir())
    assert names == ["答案与解析-A.html", "答案与解析-B.html", "试卷-A.html", "试卷-B.html"]
    for name in names:
        assert (runs[0] / name).read_bytes() == (runs[1] / name).read_bytes(), name
    _, _, other = make(tmp_path, quiz_dir, banks=f"{KEYED_A},{OFFICER}", count=16, seed=6, forms=2)
    assert (other / "试卷-A.html").read_bytes() != (runs[0] / "试卷-A.html").read_bytes()


# --- A and B forms -----------------------------------------------------------------------


def groups_of(quiz_dir: Path, chosen: list[tuple[str, str]]) -> list[str]:
    from kb.quiz.model import group_key
    from kb.site import load_site

    questions = {(b.id, q.id): q for b in load_site(quiz_dir=quiz_dir).banks for q in b.questions}
    return [group_key(questions[key]) for key in chosen]


def test_two_forms_share_no_question_and_no_passage(tmp_path, quiz_dir):
    banks = f"{OFFICER},{LIAISON},situations,articles-problems"
    status, lines, out = make(tmp_path, quiz_dir, banks=banks, types="单选:8,多选:2,判断:4,填空:2", seed=3, forms=2)
    assert status == 0, lines
    assert lines[0].endswith(
        "：2 份试卷，互不重题，不共用同一段原文：A 卷共 16 题，满分 30 分，B 卷共 16 题，满分 30 分，卷号 3。"
    )
    forms = {}
    for form in "AB":
        text = (out / f"试卷-{form}.html").read_text(encoding="utf-8")
        answers = (out / f"答案与解析-{form}.html").read_text(encoding="utf-8")
        assert f"（{form} 卷）</p>" in text and f"卷号 3-{form}" in text and f"卷号 3-{form}" in answers
        forms[form] = origins(answers)
        assert len(forms[form]) == 16
        assert len(printed_options(text)) == 16  # each form's own answer sheet, question for question
    assert not set(forms["A"]) & set(forms["B"])
    a, b = groups_of(quiz_dir, forms["A"]), groups_of(quiz_dir, forms["B"])
    assert len(set(a)) == 16 and len(set(b)) == 16 and not set(a) & set(b)
    # --count: the two forms' mixes of types differ by one question at most.
    for seed in range(1, 11):
        status, lines, out = make(tmp_path, quiz_dir, banks=banks, count=20, seed=seed, forms=2)
        assert status == 0, lines
        a, b = (origins((out / f"答案与解析-{f}.html").read_text(encoding="utf-8")) for f in "AB")
        assert len(a) == len(b) == 20 and not set(a) & set(b)
        assert not set(groups_of(quiz_dir, a)) & set(groups_of(quiz_dir, b))
        mix = [type_mix((out / f"试卷-{f}.html").read_text(encoding="utf-8")) for f in "AB"]
        assert all(abs(mix[0][t] - mix[1][t]) <= 1 for t in {*mix[0], *mix[1]}), mix


def type_mix(text: str) -> Counter:
    """How many questions of each type a paper holds, from its section headings."""
    parts = text.split("<h2>")[1:]
    return Counter({re.match(r"[一二三四]、(..题)", p).group(1): p.count('class="no"') for p in parts})


def test_forms_that_cannot_be_drawn_say_how_many_passages_there_are(tmp_path, quiz_dir):
    from kb.quiz.model import group_key

    bank = _bank(quiz_dir, LIAISON)
    singles = [q for q in bank.questions if q.type == "single"]
    groups = len({group_key(q) for q in singles})
    n = groups // 2 + 1  # two forms need 2n > groups passages
    assert 2 * n <= len(singles) or groups == len(singles)
    status, lines, out = make(tmp_path, quiz_dir, banks=LIAISON, types=f"单选:{n}", forms=2)
    assert (status, out.exists()) == (1, False)
    if 2 * n > len(singles):
        expected = (
            f"所选题库中单选题只有 {len(singles)} 道，不够两份试卷各抽 {n} 道共需 {2 * n} 道：请减少题数或增加题库"
        )
    else:
        expected = (
            f"所选题库中单选题有 {len(singles)} 道，出自 {groups} 段不同的原文（同一段原文一份试卷只出一道题，"
            f"两份试卷之间也不共用），不够两份试卷各抽 {n} 道共需 {2 * n} 道：请减少题数或增加题库"
        )
    assert lines == [expected, "未生成试卷。"]
    status, lines, out = make(tmp_path, quiz_dir, banks=LIAISON, types=f"单选:{groups // 2}", forms=2)
    assert status == 0, lines


# --- --role and one question per passage ---------------------------------------------------


def test_role_draws_only_that_roles_questions(tmp_path, quiz_dir):
    bank = keyed(quiz_dir)
    for role in ROLES:
        mine = [q for q in bank.values() if role in q.audience]
        assert 10 <= len(mine) < len(bank)
        status, lines, out = make(tmp_path, quiz_dir, banks=KEYED_A, count=len(mine), role=role)
        assert status == 0, lines
        text, answers = read(out)
        assert sorted(q for _, q in origins(answers)) == sorted(q.id for q in mine)
        assert f"适用岗位：{role}" in text
        status, lines, _ = make(tmp_path, quiz_dir, banks=KEYED_A, count=len(mine) + 1, role=role)
        assert lines == [
            f"所选题库中适用于“{role}”的题共有 {len(mine)} 道题，不够抽 {len(mine) + 1} 道：请减少 --count 或增加题库",
            "未生成试卷。",
        ]
    # A bank's audience counts for its questions that name none: the officer bank is for 干事.
    status, lines, _ = make(tmp_path, quiz_dir, banks=OFFICER, count=1, role="村（社区）统战联络员")
    assert lines == ["所选题库中适用于“村（社区）统战联络员”的题目为 0 道：请换一个岗位或增加题库", "未生成试卷。"]


def test_an_unknown_role_lists_the_roles(tmp_path, quiz_dir):
    status, lines, out = make(tmp_path, quiz_dir, count=3, role="乡长")
    assert (status, out.exists()) == (1, False)
    assert lines == [
        "--role 中的岗位“乡长”不存在，应为以下之一：县级统战部、乡镇统战委员、乡镇统战干事、村（社区）统战联络员",
        "未生成试卷。",
    ]


def test_one_question_per_passage_unless_allowed(tmp_path, quiz_dir):
    from kb.quiz.model import group_key

    banks = [_bank(quiz_dir, b) for b in ("situations", "articles-problems", "articles-countermeasures")]
    questions = select.pool(banks)
    groups = len({group_key(p.question) for p in questions})
    assert groups < len(questions)  # the banks do have questions citing one passage
    ids = ",".join(b.id for b in banks)
    status, lines, out = make(tmp_path, quiz_dir, banks=ids, count=groups, seed=2)
    assert status == 0, lines
    chosen = groups_of(quiz_dir, origins(read(out)[1]))
    assert len(chosen) == len(set(chosen)) == groups
    status, lines, out = make(tmp_path, quiz_dir, banks=ids, count=groups + 1)
    assert (status, out.exists()) == (1, False)
    assert lines == [
        f"所选题库共有 {len(questions)} 道题，出自 {groups} 段不同的原文（同一段原文一份试卷只出一道题），"
        f"不够抽 {groups + 1} 道：请减少 --count、增加题库，或加上 --allow-same-passage 允许同一段原文出多道题",
        "未生成试卷。",
    ]
    status, lines, out = make(tmp_path, quiz_dir, banks=ids, count=len(questions), allow_same_passage=True)
    assert status == 0, lines
    assert len(origins(read(out)[1])) == len(questions)


def test_an_existing_paper_or_a_symlink_of_its_name_is_never_overwritten(tmp_path, quiz_dir):
    # Issue 24 row 12: paper wrote over 试卷.html silently, and through a symlink of that name.
    out = tmp_path / "out"
    out.mkdir()
    victim = tmp_path / "important.txt"
    victim.write_text("keep", encoding="utf-8")
    (out / paper.PAPER_FILE).symlink_to(victim)
    lines: list[str] = []
    status = paper.run(f"{OFFICER},{LIAISON}", 3, None, 1, out, lines.append, quiz_dir=quiz_dir)
    assert status == 1
    assert lines[0].endswith(f"{paper.PAPER_FILE} 是符号链接，不会写入（也不会替换它）：请用 -o 指定另一个文件夹。"), (
        lines
    )
    assert lines[-1] == "未生成试卷。"
    assert victim.read_text(encoding="utf-8") == "keep" and not (out / paper.ANSWERS_FILE).exists()
    (out / paper.PAPER_FILE).unlink()
    assert paper.run(f"{OFFICER},{LIAISON}", 3, None, 1, out, lines.append, quiz_dir=quiz_dir) == 0
    first = (out / paper.PAPER_FILE).read_bytes()
    lines.clear()
    assert paper.run(f"{OFFICER},{LIAISON}", 3, None, 2, out, lines.append, quiz_dir=quiz_dir) == 1  # a second paper
    assert (out / paper.PAPER_FILE).read_bytes() == first
