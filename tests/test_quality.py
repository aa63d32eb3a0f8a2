"""Item-quality checks (kb.quiz.quality): options named by letter or position, and the 提醒.

Each message has its own fixture in tests/fixtures/quiz/ (checked there with its exact text by
test_quiz.test_fixture_reports_exactly_the_expected_problems); here: which fixtures, that the
warnings never fail a check, no false positives on real text, the shipped banks, and speed.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from helpers.banks import fixture_banks
from kb.content.pages import load_pages
from kb.content.problems import Problem
from kb.quiz import quality, rules
from kb.quiz.load import load_bank
from kb.quiz.model import Bank, Question

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures" / "quiz"
FIXTURE_PAGES = load_pages(FIXTURES / "_docs")

# fixture -> is it a 提醒 (warning) rather than a problem
MESSAGE_FIXTURES = {
    "option-letter-in-explanation": False,
    "option-letter-in-stem": False,
    "option-refers-to-other-options": False,
    "option-position-in-explanation": False,
    "keys-on-one-letter": True,
    "multiple-keys-leading-runs": True,
    "judge-mostly-one-answer": True,
    "key-is-the-longest-option": True,
    "applied-stem-names-the-clause": True,
}


@pytest.mark.parametrize(("case", "warning"), MESSAGE_FIXTURES.items())
def test_each_message_has_one_fixture_of_its_kind(case, warning):
    _, problems = load_bank(FIXTURES / case / "bank.yml", "bank.yml", FIXTURE_PAGES, {"demo", "duties"})
    expected = (FIXTURES / case / "expected.txt").read_text(encoding="utf-8").splitlines()
    assert [str(p) for p in sorted(problems)] == expected and len(expected) == 1
    assert problems[0].warning is warning
    assert problems[0].message.startswith("提醒：") is warning


def test_fixture_messages_are_all_different():
    messages = [(FIXTURES / c / "expected.txt").read_text(encoding="utf-8") for c in MESSAGE_FIXTURES]
    assert len(set(messages)) == len(messages)


def test_warnings_never_fail_the_check(tmp_path):
    import shutil

    from kb.check import run as check

    docs, quizzes = tmp_path / "docs", tmp_path / "quizzes"
    shutil.copytree(FIXTURES / "_docs", docs)
    quizzes.mkdir()
    (quizzes / "shortfalls.yml").write_text(
        "shortfalls:\n  - id: demo\n    title: 演示\n    passages:\n"
        "      - source: duties.md#duty-1\n        quote: 在统战委员的领导下\n",
        encoding="utf-8",
    )
    shutil.copy(FIXTURES / "keys-on-one-letter" / "bank.yml", quizzes / "keys.yml")
    lines: list[str] = []
    from kb.site import load_site

    site = load_site(docs, quizzes)
    site.problems = [p for p in site.problems if "培训短板" not in p.message]  # coverage: beside the point
    assert check.run(None, out=lines.append, site=site)
    assert any("单选题答案中 A 占 10 题中的 5 题" in line for line in lines)
    assert lines[-1].startswith("检查通过") and "条提醒" in lines[-1]


def test_a_group_that_joins_and_splits_nothing_is_warned():
    folder = FIXTURES / "_groups"
    banks = fixture_banks(folder, FIXTURE_PAGES)
    warnings = sorted(quality.check_groups(banks, rel_of=lambda p: p.name))
    assert all(w.warning for w in warnings)
    assert [str(w) for w in warnings] == (folder / "expected.txt").read_text(encoding="utf-8").splitlines()


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("C、D 分别是该文第三、第四个问题中的情况，B 正是该文在第一个问题中说做不到的。", ["C、D"]),
        ("文中没有提到最后一项。", ["最后一项"]),
        ("前四类都在其中；中共党员村干部不在其中。", ["前四类"]),
        ("A项和B项都对", ["A项", "B项"]),
        ("选项C说的是职责第2条", ["选项C"]),
        ("AB两项都是原文写的", ["AB两项"]),
        ("第二个选项是干扰项", ["第二个选项"]),
        ("后两项错误", ["后两项"]),
        ("正确答案是Ｃ。", ["答案是Ｃ"]),
        ("A和B都对", ["A和B"]),
    ],
)
def test_letters_and_positions_are_found(text, words):
    assert quality.letter_words(text) == words
    for word in words:  # the quick first look lets every one of them through
        assert quality.CANDIDATE.search(word), word


@pytest.mark.parametrize(
    "text",
    [
        "创建A级景区，带动农民增收",
        "CPU和GPU",
        "（一）加强领导；（二）健全机制",
        "第一、二项职责",
        "前三类对象是工作重点",
        "最后一项职责是信息上报",
        "第8条第二项",
        "前两年，村里办起了协会",
        "以上各项工作都要落实",  # 以上 counts only in an option
        "非公有制经济人士、海外务工人员、宗教界人士、海外留学生都在其中",
    ],
)
def test_ordinary_text_is_not_a_letter_reference(text):
    assert quality.letter_words(text) == []


@pytest.mark.parametrize(("option", "words"), [("以上都对", ["以上都对"]), ("上述选项均不正确", ["上述选项均不正确"])])
def test_an_option_pointing_at_the_others(option, words):
    assert quality.letter_words(option, option=True) == words
    assert quality.CANDIDATE.search(option)


def test_no_false_positives_in_the_sources_and_pages():
    """The cleaned source and every page (less the guide, which explains answer letters)."""
    files = sorted((ROOT / "sources" / "cleaned").glob("*.txt")) + sorted((ROOT / "docs").rglob("*.md"))
    found = []
    for path in files:
        if path.name == "quiz-authoring.md":
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if quality.letter_words(line):
                found.append((path.name, n, quality.letter_words(line)))
    assert len(files) > 20 and found == []


@pytest.mark.parametrize(
    ("stem", "words"),
    [
        ("按照第五篇附件4，正确的理解是（　）", ["第五篇", "附件4"]),
        ("在“二要坚持虚功实做”中，作者提出应当（　）", ["在“二要坚持虚功实做”中", "作者提出"]),
        ("对这种情况，调研组提出的是（　）", ["调研组提出"]),
        ("在建议三中，该文主张（　）", ["建议三"]),
        ("依照《宗教事务条例》的规定，应当（　）", ["依照《宗教事务条例》的规定"]),
    ],
)
def test_recall_in_an_applied_stem_is_found(stem, words):
    assert quality.recall_words(stem) == words


@pytest.mark.parametrize(
    "stem",
    [
        "有同志认为统战工作过去重要、现在不重要。作为统战委员，你应当怎样回应？",
        "乡镇党委建议一些企业参加商会。联络员这时应当（　）",
        "某村联络员认为台账就是名单。下列做法中最妥当的是（　）",
    ],
)
def test_a_work_situation_is_not_recall(stem):
    assert quality.recall_words(stem) == []


def _q(n: int, qtype: str, answer: list, options: list[str]) -> Question:
    return Question(f"q{n}", qtype, f"题干{n}", options, answer, "解析", "duties.md#duty-1", level="理解")


def test_the_thresholds_are_where_the_rules_say():
    options = ["甲甲", "乙乙", "丙丙", "丁丁"]
    # 8 single: 3 of 8 on A (37.5 %) passes, 4 of 8 (50 %) does not; 7 questions are never judged
    spread = [_q(n, "single", [k], options) for n, k in enumerate([0, 0, 0, 1, 1, 2, 2, 3])]
    assert quality.check_single_letters(spread) is None
    piled = [_q(n, "single", [k], options) for n, k in enumerate([0, 0, 0, 0, 1, 2, 2, 3])]
    assert "A 占 8 题中的 4 题（50%）" in quality.check_single_letters(piled)
    assert quality.check_single_letters(piled[:7]) is None
    # judge: 30–70 % 对 passes at 8 questions, 2 of 8 (25 %) does not
    judges = [_q(n, "judge", [n < 3], []) for n in range(8)]
    assert quality.check_judge_share(judges) is None
    judges = [_q(n, "judge", [n < 2], []) for n in range(8)]
    assert "8 题中的 2 题（25%）" in quality.check_judge_share(judges)
    # multiple: one key that is not a leading run clears the bank
    runs = [_q(n, "multiple", [0, 1], options) for n in range(3)]
    assert quality.check_multiple_runs(runs)
    assert quality.check_multiple_runs([*runs[:2], _q(9, "multiple", [1, 3], options)]) is None
    # longest: a tie for the longest option is not "uniquely longest"
    tie = [_q(n, "single", [0], ["甲甲甲", "乙乙乙", "丙", "丁"]) for n in range(8)]
    assert quality.check_longest_key([*tie, *spread]) is None


def test_the_percentage_never_reads_as_the_threshold():
    assert quality._percent(21, 52) == "40.4%" and quality._percent(2, 5) == "40%"


def test_shipped_banks_have_no_item_quality_problem_or_warning():
    """The item-quality rules on quizzes/*.yml: no error and no 提醒 (issue 20)."""
    from kb.site import load_site

    site = load_site()
    found = [str(p) for p in site.problems + site.warnings if _is_quality(p)]
    assert found == []


def _is_quality(p: Problem) -> bool:
    marks = (
        "指的是选项的字母或位置",
        "要对照排在它前面的选项",
        "这是识记题的写法",
        "单选题答案中",
        "多选题的答案全都是",
    )
    marks += ("判断题中答案为“对”的占", "唯一最长选项", "这个 group 不起作用")
    return any(m in p.message for m in marks)


def test_quality_rules_find_every_case_among_10000_questions():
    """Every letter reference and recall-like stem among 10,000 generated questions is found.
    Their speed is the benchmark's business (bench_build.py: check of 10,000 questions), not a
    timed assertion here: timings swing 2-3x on these machines."""
    rng = random.Random(20)
    stems = [
        "某村统战联络员发现本村有人从外地回乡创业，按照第{}条，他应当（　）",
        "调研组提出的是什么？",
        "乡镇统战干事应当怎么做？",
    ]
    expl = "职责写明“在统战委员的领导下”。C、D 都不是。"

    class Doc:
        def where(self, path):
            return 1, 1

        def where_key(self, path):
            return 1, 1

    doc = Doc()
    raws, questions = [], []
    for n in range(10_000):
        options = [f"选项内容{rng.randrange(1000)}号" for _ in range(4)]
        data = {
            "type": "single",
            "level": "应用",
            "stem": stems[n % 3].format(n),
            "options": options,
            "explanation": expl,
        }
        raws.append(rules.Q("b.yml", doc, n, data, {}, set()))
        questions.append(_q(n, "single", [rng.randrange(4)], options))
    bank = Bank("b", Path("b.yml"), "b", "", [], [], questions)
    found = 0
    for q in raws:
        found += len(quality.check_letter_references(q) + quality.check_applied_stem(q))
    found += len(quality.check_key_balance("b.yml", doc, questions) + quality.check_groups([bank]))
    assert found >= 10_000 + 10_000 * 2 // 3  # every explanation, two stems in three
