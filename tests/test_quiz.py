"""Question banks: one fixture per checker message, the shipped banks, schemas, rendering."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from helpers.banks import fixture_banks
from kb import authoring
from kb.content.pages import load_pages
from kb.quiz import rules
from kb.quiz.coverage import coverage, distinct_passages, level_mix
from kb.quiz.load import load_bank, load_quizzes, load_registry
from kb.quiz.model import MIN_PER_SHORTFALL
from kb.render import inline_md, quiz_page

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures" / "quiz"
CASES = sorted(p.name for p in FIXTURES.iterdir() if p.is_dir() and not p.name.startswith("_"))
FIXTURE_PAGES = load_pages(FIXTURES / "_docs")
PAGES = load_pages(ROOT / "docs")
BANKS, SHORTFALLS, PROBLEMS = load_quizzes(ROOT / "quizzes", PAGES)


@pytest.mark.parametrize("case", CASES)
def test_fixture_reports_exactly_the_expected_problems(case):
    _, problems = load_bank(FIXTURES / case / "bank.yml", "bank.yml", FIXTURE_PAGES, {"demo", "duties"})
    expected = (FIXTURES / case / "expected.txt").read_text(encoding="utf-8").splitlines()
    assert expected, "every fixture must expect at least one problem"
    assert [str(p) for p in sorted(problems)] == expected


def test_issue_list_of_rejections_each_has_a_fixture():
    # The mistakes the issue names, each with its own fixture and exact message.
    for case in [
        "bad-yaml", "unknown-key", "missing-answer", "answer-outside-options", "duplicate-option",
        "duplicate-id", "blank-count", "missing-source-page", "missing-anchor", "unknown-shortfall",
        "judge-yaml-boolean", "missing-level", "bad-level", "any-order-one-blank",
        # item quality (kb.quiz.quality): options named by letter or position, and the 提醒
        "option-letter-in-explanation", "option-letter-in-stem", "option-refers-to-other-options",
        "option-position-in-explanation", "keys-on-one-letter", "multiple-keys-leading-runs",
        "judge-mostly-one-answer", "key-is-the-longest-option", "applied-stem-names-the-clause",
    ]:  # fmt: skip
        assert case in CASES


def test_guide_shows_the_real_messages():
    """Every message quoted in the trainers' guide is produced verbatim by some fixture."""
    guide = (ROOT / "docs/guide/quiz-authoring.md").read_text(encoding="utf-8")
    table = guide.split("## 常见错误和提示")[1].split("\n## ")[0]
    messages = [
        row.split(" | ")[1].rstrip(" |")
        for row in table.splitlines()
        if row.startswith("| `") or (row.startswith("| ") and " | " in row)
    ]
    messages = [m for m in messages if m not in ("提示", "---")]
    produced = "\n".join((FIXTURES / c / "expected.txt").read_text(encoding="utf-8") for c in CASES)
    assert len(messages) >= 10
    for m in messages:
        assert m in produced, m


def test_shipped_banks_pass_the_checker():
    # 提醒 (warnings) never fail a check; that the shipped banks have none is tests/test_quality.py
    assert [str(p) for p in PROBLEMS if not p.warning] == []


def test_shipped_banks_size_and_types():
    questions = [q for b in BANKS for q in b.questions]
    assert len(questions) >= 80
    assert {q.type for q in questions} == {"single", "multiple", "judge", "blank"}


def test_every_shortfall_has_at_least_five_distinct_passages():
    passages = distinct_passages(BANKS, SHORTFALLS)
    assert passages and min(len(v) for v in passages.values()) >= MIN_PER_SHORTFALL, passages
    # questions are counted too, but many questions on one passage count once
    assert all(coverage(BANKS, SHORTFALLS)[k] >= len(v) for k, v in passages.items())


def test_every_question_has_a_level_and_most_are_recall():
    questions = [q for b in BANKS if b.id != "situations" for q in b.questions]
    mix = level_mix(questions)
    assert sum(mix.values()) == len(questions)  # no question without a valid level
    assert mix["识记"] > mix["理解"] > 0, mix


def test_blanks_accept_the_alternatives_the_sources_support():
    answers = {(b.id, q.id): q.answer for b in BANKS for q in b.questions}
    assert "知之甚少" in answers["township-officer-duties", "duties-known"][0]
    assert {"很少"} <= set(answers["articles-problems", "survey-theory-training"][0])
    assert {"了解甚少"} <= set(answers["articles-problems", "survey-theory-training"][1])
    assert "乡镇分管领导" in answers["roles-and-organisation", "group-leader-blank"][0]
    assert {"乡镇", "镇"} <= set(answers["roles-and-organisation", "report-to-town-blank"][0])


def test_near_duplicates_are_warned_with_both_places_and_never_fail():
    folder = FIXTURES / "_near-duplicate"
    banks = fixture_banks(folder, FIXTURE_PAGES)
    warnings = [str(w) for w in sorted(rules.near_duplicates(banks, rel_of=lambda p: p.name))]
    assert warnings == (folder / "expected.txt").read_text(encoding="utf-8").splitlines()


def test_check_prints_warnings_after_problems_and_counts_them():
    from kb.check import run as check
    from kb.content.problems import Problem
    from kb.site import load_site

    site = load_site()
    site.warnings = [
        Problem("quizzes/b.yml", 3, 5, "提醒：本题 `x` 与 quizzes/a.yml:4 的题目相近（`y`，引文和答案相同）")
    ]
    lines: list[str] = []
    assert check.run(None, out=lines.append, site=site)
    assert lines[-2] == str(site.warnings[0])
    assert lines[-1].startswith("检查通过") and "1 条提醒" in lines[-1]


def test_any_order_is_written_for_quiz_js():
    bank, _ = load_bank(FIXTURES / "_golden" / "golden-bank.yml", "golden-bank.yml", FIXTURE_PAGES, {"demo"})
    gaps = next(q for q in bank.questions if q.type == "blank")
    gaps.any_order = True
    html = quiz_page.render_bank(bank, FIXTURE_PAGES)
    assert f'data-qid="{gaps.id}"' in html and "data-any-order" in html


def test_any_order_is_written_for_the_exam_page():
    import dataclasses

    from kb.render import exam_data
    from kb.site import load_site

    site = load_site()
    bank = next(b for b in site.banks if b.id == "township-officer-duties")
    gaps = next(q for q in bank.questions if q.id == "familiar-blank")
    assert "anyOrder" not in exam_data._question(site, bank, gaps)
    either = dataclasses.replace(gaps, any_order=True)
    assert exam_data._question(site, bank, either)["anyOrder"] is True


def test_every_duty_of_both_lists_is_asked():
    sources = {q.source for b in BANKS for q in b.questions}
    for n in range(1, 9):
        assert f"duties/township-officer.md#duty-{n}" in sources, n
    for n in range(1, 5):
        assert f"duties/village-liaison.md#duty-{n}" in sources, n
    assert "duties/village-liaison.md#objects" in sources


def test_every_question_has_explanation_source_and_a_quote_found_there():
    for bank in BANKS:
        for q in bank.questions:
            assert q.explanation.strip() and q.quote.strip(), (bank.id, q.id)
            assert rules.check_source(PAGES, q.source, q.quote) is None, (bank.id, q.id)


def test_questions_on_an_articles_proposals_name_the_article():
    # An applied stem describes a work situation and must not name the article (issue 20: that
    # is how recall is written), so its explanation attributes the proposal to the article.
    for bank in BANKS:
        for q in bank.questions:
            if re.match(r"analyses/.*#measure-", q.source):
                if q.level == "应用":
                    assert re.search(r"该文提出|调研组提出|作者建议|作者提出", q.explanation), (bank.id, q.id)
                else:
                    assert re.search(r"《.+》|一文|调研|该文|第[一三四]篇", q.stem), (bank.id, q.id, q.stem)


def test_shortfall_below_five_questions_fails(tmp_path):
    shutil.copy(ROOT / "quizzes/shortfalls.yml", tmp_path / "shortfalls.yml")
    shutil.copy(ROOT / "quizzes/township-officer-duties.yml", tmp_path / "only-bank.yml")
    _, _, problems = load_quizzes(tmp_path, PAGES, rel_of=lambda p: p.name)
    messages = [str(p) for p in problems]
    assert any(
        re.match(
            r"shortfalls\.yml:\d+:5: 培训短板 `religion`（.*）的题目只引用了 0 段不同的原文（共 0 道题），至少需要 5 段",
            m,
        )
        for m in messages
    ), messages
    assert not any("`duties`" in m for m in messages)


def test_registry_passage_must_be_on_its_page(tmp_path):
    text = (
        (ROOT / "quizzes/shortfalls.yml")
        .read_text(encoding="utf-8")
        .replace("统战干部接受统战理论系统培训不多", "统战干部从未接受培训")
    )
    (tmp_path / "shortfalls.yml").write_text(text, encoding="utf-8")
    shortfalls, problems = load_registry(tmp_path, "shortfalls.yml", PAGES)
    assert shortfalls
    assert [p.message for p in problems] == [
        "引文 quote 在 analyses/township-survey-2004.md 的#problem-1 段落中找不到：请从该段原文逐字复制（包括全角标点）"
    ]


def test_new_quiz_template_is_valid(tmp_path):
    path = tmp_path / "my-bank.yml"
    path.write_text(authoring.new_bank("my-bank"), encoding="utf-8")
    bank, problems = load_bank(path, "my-bank.yml", PAGES, {s.id for s in SHORTFALLS})
    assert problems == []
    assert {q.type for q in bank.questions} == {"single", "multiple", "judge", "blank"}


def test_editor_schemas_are_generated_from_the_one_definition():
    for rel, text in authoring.json_schemas().items():
        assert (ROOT / rel).read_text(encoding="utf-8") == text, f"run python scripts/build.py schemas ({rel})"
    settings = json.loads((ROOT / ".vscode/settings.json").read_text(encoding="utf-8"))
    assert settings == authoring.VSCODE_SETTINGS
    bank_schema = json.loads(authoring.json_schemas()["schemas/quiz-bank.schema.json"])
    question = bank_schema["properties"]["questions"]["items"]
    assert question["additionalProperties"] is False
    assert set(question["required"]) == {"id", "type", "level", "stem", "answer", "explanation", "source"}
    assert question["properties"]["level"]["enum"] == ["识记", "理解", "应用"]


@pytest.mark.parametrize(
    ("text", "html"),
    [
        ("<script>alert(1)</script>题干", "&lt;script&gt;alert(1)&lt;/script&gt;题干"),
        ('<img src=x onerror="alert(1)">', '&lt;img src=x onerror="alert(1)"&gt;'),
        ("**重点**与`代码<b>`", "<strong>重点</strong>与<code>代码&lt;b&gt;</code>"),
        ("[坏链接](javascript:alert(1))", "<a>坏链接</a>"),
        ("[站内](../glossary.html)", '<a href="../glossary.html">站内</a>'),
    ],
)
def test_trainer_text_is_inline_markdown_never_html(text, html):
    assert inline_md.render_inline(text) == html


def test_rendered_bank_matches_golden_file():
    bank, problems = load_bank(FIXTURES / "_golden" / "golden-bank.yml", "golden-bank.yml", FIXTURE_PAGES, {"demo"})
    # The golden bank keeps one raw <script> in a stem: check refuses it, and the page would
    # still show it as text if it ever got through.
    assert [p.message for p in problems if "原始 HTML（<script>）" not in p.message] == []
    html = quiz_page.render_bank(bank, FIXTURE_PAGES)
    golden = Path(__file__).parent / "golden" / "quiz-bank.html"
    pretty = html.replace("><", ">\n<")
    if not golden.exists():  # a first run writes it for review, and fails until it is committed
        golden.write_text(pretty, encoding="utf-8")
        pytest.fail(f"wrote {golden}: review it and commit it")
    assert pretty == golden.read_text(encoding="utf-8")
