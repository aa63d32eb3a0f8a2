"""Moodle XML and GIFT exports, read back the way Moodle reads them (helpers.moodle_formats)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from helpers.moodle_formats import (
    MoodleQuestion,
    fraction_allowed,
    html_text,
    read_gift,
    read_moodle_xml,
    shortanswer_literal,
    shortanswer_matches,
    split_category_path,
)
from kb.paths import QUIZZES
from kb.quiz.model import BLANK, Bank, Question, bank_files
from kb.render.links import url
from kb.render.quiz_page import source_label
from kb.sheets import gift, moodle
from kb.site import load_site

BANK_IDS = [p.stem for p in bank_files(QUIZZES)]
SAFE_TAGS = {"p", "blockquote"}  # the only elements our HTML may contain


@pytest.fixture(scope="module")
def site():
    loaded = load_site()
    assert not loaded.problems, loaded.problems[:3]
    assert sorted(b.id for b in loaded.banks) == sorted(BANK_IDS)
    return loaded


def bank_of(site, bank_id: str) -> Bank:
    return next(b for b in site.banks if b.id == bank_id)


def n_blanks(q: Question) -> int:
    return len(BLANK.findall(q.stem))


def shown(fragment: str) -> str:
    """What Moodle shows for an HTML text; fails on any element we never write."""
    text, tags = html_text(fragment)
    assert set(tags) <= SAFE_TAGS, f"unexpected HTML elements {tags} in {fragment!r}"
    return text


def accepted(answers) -> list[str]:
    """The responses a list of short-answer answers accepts (each must be a literal, full credit)."""
    out = []
    for a in answers:
        assert a.fraction == 1
        literal = shortanswer_literal(a.text)
        assert literal is not None, f"unescaped wildcard in {a.text!r}"
        assert shortanswer_matches(a.text, literal)
        out.append(literal)
    return out


def assert_feedback(text: str, q: Question, pages) -> None:
    """The general feedback carries the explanation, the quote and the source with its link."""
    rel, _, anchor = q.source.partition("#")
    for part in (q.explanation.strip(), q.quote.strip(), source_label(pages, q.source), url("index.md", rel, anchor)):
        assert part in text, f"{part!r} missing from the feedback of {q.id}"
    assert "出处：" in text


def assert_choices(read: MoodleQuestion, q: Question, as_text) -> None:
    assert read.qtype == "multichoice"
    assert [as_text(a.text) for a in read.answers] == [o.strip() for o in q.options]
    assert read.single is (q.type == "single")
    fractions = [a.fraction for a in read.answers]
    assert all(fraction_allowed(f) for f in fractions), fractions
    if q.type == "single":
        assert fractions == [1.0 if i == q.answer[0] else 0.0 for i in range(len(q.options))]
        return
    assert {i for i, f in enumerate(fractions) if f > 0} == set(q.answer)
    assert round(sum(f for f in fractions if f > 0), 2) == 1  # Moodle's multichoice check
    wrong = [f for f in fractions if f <= 0]
    if wrong:
        assert all(f < 0 for f in wrong)
        assert abs(sum(wrong) + 1) < 0.00001 * len(wrong)


def check_xml(text: str, bank: Bank, pages) -> None:
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<quiz>')
    ET.fromstring(text.encode("utf-8"))  # well-formed
    category, *read = read_moodle_xml(text)
    assert category.qtype == "category"
    assert split_category_path(category.category) == ["$course$", "基层统战", " ".join(bank.title.split())]
    assert [r.name for r in read] == [q.id for q in bank.questions]
    for r, q in zip(read, bank.questions, strict=True):
        assert r.questiontextformat == "html"
        assert_feedback(shown(r.generalfeedback), q, pages)
        assert r.tags == moodle.question_tags(q, bank)
        for cover in q.covers or bank.covers:
            assert any(cover in t for t in r.tags)
        if q.difficulty:
            assert any(q.difficulty in t for t in r.tags)
        if q.type == "blank" and n_blanks(q) > 1:
            assert r.qtype == "cloze" and r.idnumber is None  # Moodle's cloze import reads no idnumber
            parts = BLANK.split(q.stem)
            expected = parts[0] + "".join(f"{{#{i + 1}}}{p}" for i, p in enumerate(parts[1:]))
            assert shown(r.questiontext) == expected.strip()
            assert sorted(r.subquestions) == list(range(1, n_blanks(q) + 1))
            for i, alternatives in enumerate(q.answer, 1):
                sub = r.subquestions[i]
                assert sub.qtype == "shortanswer" and sub.usecase == "0" and sub.defaultmark == "1"
                assert accepted(sub.answers) == alternatives
            continue
        assert r.idnumber == f"{bank.id}/{q.id}"
        assert r.defaultmark == "1"
        assert shown(r.questiontext) == q.stem.strip()
        if q.type in ("single", "multiple"):
            assert r.shuffleanswers is True and r.answernumbering == "ABCD"
            assert_choices(r, q, shown)
        elif q.type == "judge":
            assert r.qtype == "truefalse" and r.correctanswer is bool(q.answer[0])
        else:
            assert r.qtype == "shortanswer" and r.usecase == "0"
            assert accepted(r.answers) == q.answer[0]


def gift_stem(q: Question) -> str:
    """The question text Moodle makes of our one-blank GIFT question (PHP trim, not Python's)."""
    before, after = BLANK.split(q.stem)
    after = after.rstrip()
    text = before.lstrip() + ("_____" + after if after else "")
    return text.strip(" \t\n\r\0\x0b")


def check_gift(export: gift.GiftExport, bank: Bank, pages) -> None:
    multi = [q.id for q in bank.questions if q.type == "blank" and n_blanks(q) > 1]
    assert set(multi) <= set(export.skipped)
    for qid in export.skipped:
        assert qid in export.warning and qid in export.text.split("\n\n")[0]
    kept = [q for q in bank.questions if q.id not in export.skipped]
    category, *read = read_gift(export.text)
    assert category.qtype == "category"
    assert split_category_path(category.category) == ["$course$", "基层统战", " ".join(bank.title.split())]
    assert [r.name for r in read] == [q.id for q in kept]
    for r, q in zip(read, kept, strict=True):
        assert r.questiontextformat == "plain"
        assert r.idnumber == f"{bank.id}/{q.id}"
        assert r.tags == moodle.question_tags(q, bank)
        assert_feedback(r.generalfeedback, q, pages)
        if q.type in ("single", "multiple"):
            assert r.questiontext == q.stem.strip()
            assert_choices(r, q, lambda t: t)
        elif q.type == "judge":
            assert r.questiontext == q.stem.strip()
            assert r.qtype == "truefalse" and r.correctanswer is bool(q.answer[0])
        else:
            assert r.questiontext == gift_stem(q)
            assert r.qtype == "shortanswer"
            assert accepted(r.answers) == q.answer[0]


@pytest.mark.parametrize("bank_id", BANK_IDS)
def test_moodle_xml_reads_back(site, bank_id):
    bank = bank_of(site, bank_id)
    check_xml(moodle.to_moodle_xml(bank, site.pages), bank, site.pages)


@pytest.mark.parametrize("bank_id", BANK_IDS)
def test_gift_reads_back(site, bank_id):
    bank = bank_of(site, bank_id)
    export = gift.to_gift(bank, site.pages)
    assert isinstance(export, str) and str(export) == export.text
    # In the shipped banks only questions with several blanks are left out.
    assert list(export.skipped) == [q.id for q in bank.questions if q.type == "blank" and n_blanks(q) > 1]
    check_gift(export, bank, site.pages)


def test_every_question_type_is_exported(site):
    """The shipped banks exercise every path: both choice kinds, judge, one and several blanks."""
    kinds = {(q.type, min(n_blanks(q), 2)) for b in site.banks for q in b.questions}
    assert kinds == {("single", 0), ("multiple", 0), ("judge", 0), ("blank", 1), ("blank", 2)}


# --- fractions ------------------------------------------------------------------------------


@pytest.mark.parametrize("count", range(1, 11))
def test_share_is_an_allowed_exact_split(count):
    value = moodle.share(count)
    assert value in moodle.ALLOWED_PERCENTS
    assert fraction_allowed(float(value) / 100) and fraction_allowed(-float(value) / 100)
    assert abs(float(value) * count - 100) < 0.0001
    assert round(count * float(value) / 100, 2) == 1


@pytest.mark.parametrize("count", [0, 11, 12, 15])
def test_share_refuses_an_inexact_split(count):
    with pytest.raises(ValueError):
        moodle.share(count)


def test_multiple_choice_weights_sum_to_100(site):
    """Every multiple-choice question, as both formats give it to Moodle: right options 100 in all."""
    checked = 0
    for bank in site.banks:
        xml_read = {r.name: r for r in read_moodle_xml(moodle.to_moodle_xml(bank, site.pages))[1:]}
        gift_read = {r.name: r for r in read_gift(gift.to_gift(bank, site.pages).text)[1:]}
        for q in bank.questions:
            if q.type != "multiple":
                continue
            for read in (xml_read[q.id], gift_read[q.id]):
                right = [a.fraction * 100 for i, a in enumerate(read.answers) if i in q.answer]
                wrong = [a.fraction * 100 for i, a in enumerate(read.answers) if i not in q.answer]
                assert abs(sum(right) - 100) < 0.001, (q.id, right)
                assert len(set(right)) == 1 and all(r > 0 for r in right)
                if wrong:
                    assert abs(sum(wrong) + 100) < 0.001, (q.id, wrong)
            checked += 1
    assert checked >= 20


def test_multiple_fractions_as_written():
    """3 right of 5: 33.33333 each, the two wrong ones -50 each (literally, in both files)."""
    q = Question("m", "multiple", "题干", ["甲", "乙", "丙", "丁", "戊"], [0, 2, 4], "解析", "x.md#a")
    assert moodle.option_percents(q) == ["33.33333", "-50", "33.33333", "-50", "33.33333"]
    bank = Bank("b", Path("b.yml"), "题库", "", [], ["c"], [q])
    xml = moodle.to_moodle_xml(bank, {})
    assert xml.count('fraction="33.33333"') == 3 and xml.count('fraction="-50"') == 2
    text = gift.to_gift(bank, {}).text
    assert text.count("~%33.33333%") == 3 and text.count("~%-50%") == 2


# --- escaping ---------------------------------------------------------------------------------

NASTY = "a~b=c#d{e}f:g\\h\\n\\: ]]> <script>alert('x&y')</script> \"引号\" ：全角 %50% -> *"


def nasty_bank(site) -> Bank:
    source = site.banks[0].questions[0].source
    quote = site.banks[0].questions[0].quote

    def q(qid, qtype, stem, options, answer, **kw):
        return Question(qid, qtype, stem, options, answer, f"解析{NASTY}\n第二行", source, quote=quote, **kw)

    questions = [
        q("single", "single", NASTY, [NASTY, "[html]<b>粗</b>", "%50%像权重", "=等号开头", "#井号开头"], [3]),
        q("single-first", "single", "[markdown]题干", ["%10%对", "错"], [0]),
        q("multiple", "multiple", NASTY, [NASTY, "[plain]选项", "%-50%负号", "~波浪", "乙"], [0, 2, 3]),
        q("judge", "judge", NASTY, [], [False], difficulty="难", tags=["标签]括号", "多 个  空格"]),
        q("blank-mid", "blank", f"{NASTY}前___后{NASTY}", [], [[NASTY.replace("->", ""), "%50%x", "a*b", "\\}#"]]),
        q("blank-end", "blank", f"{NASTY}结尾是空___", [], [["答案"]]),
        q("blank-start", "blank", "___开头是空", [], [["[html]甲"]]),
        q(
            "blank-two",
            "blank",
            f"{NASTY}第一___第二___{NASTY}",
            [],
            [["}#~/\"\\&<>'={:%", "a\\}", "b\\#"], ["&amp;", "*"]],
        ),
        q("blank-arrow", "blank", "箭头___", [], [["A->B"]]),
    ]
    return Bank("nasty-bank", Path("nasty.yml"), "题库/名称 {含} 特殊#字符", NASTY, [], ["duties"], questions)


def test_nasty_text_survives_both_formats(site):
    bank = nasty_bank(site)
    xml = moodle.to_moodle_xml(bank, site.pages)
    check_xml(xml, bank, site.pages)  # shown(): no HTML text has any element but p and blockquote

    export = gift.to_gift(bank, site.pages)
    assert export.skipped.keys() == {"blank-two", "blank-arrow"}
    assert "有 2 个空" in export.skipped["blank-two"] and "->" in export.skipped["blank-arrow"]
    assert "Moodle XML" in export.warning
    check_gift(export, bank, site.pages)


def test_gift_blank_position_follows_moodle(site):
    """Text after the braces makes them a blank in mid-sentence; a trailing blank puts them last."""
    export = gift.to_gift(nasty_bank(site), site.pages)
    read = {r.name: r for r in read_gift(export.text)[1:]}
    assert read["blank-mid"].questiontext.count("_____") == 1
    assert read["blank-mid"].questiontext.endswith("后" + NASTY)
    assert read["blank-end"].questiontext.endswith("结尾是空")
    assert read["blank-start"].questiontext == "_____开头是空"
    assert read["judge"].correctanswer is False


def test_cdata_end_and_script_are_text_in_xml(site):
    """``]]>`` inside a CDATA section is split; escaped HTML shows as the text the trainer wrote."""
    bank = nasty_bank(site)
    xml = moodle.to_moodle_xml(bank, site.pages)
    read = {r.name: r for r in read_moodle_xml(xml)[1:]}
    assert "]]]]><![CDATA[>" in xml
    assert shown(read["single"].questiontext) == NASTY
    assert shown(read["single"].answers[1].text) == "[html]<b>粗</b>"
    sa = read["blank-mid"].answers
    assert [a.text for a in sa][2] == "a\\*b"  # the star is literal, not Moodle's wildcard
    assert shortanswer_matches(sa[2].text, "a*b") and not shortanswer_matches(sa[2].text, "axyzb")


def test_control_characters_are_refused_in_xml():
    q = Question("c", "judge", "题干\x01", [], [True], "解析", "x.md#a")
    bank = Bank("b", Path("b.yml"), "题库", "", [], ["c"], [q])
    with pytest.raises(ValueError, match="控制字符"):
        moodle.to_moodle_xml(bank, {})
