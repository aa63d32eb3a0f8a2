"""The cleaning step: checksum, reproducibility, and no artifact left in the cleaned text."""

from __future__ import annotations

import re

import pytest

from kb.paths import sha256
from kb.sources import clean
from kb.sources import registry as sources

SOURCES = sources.load_sources()


@pytest.fixture(scope="module", params=SOURCES, ids=lambda s: s.file.name)
def cleaned(request):
    return request.param, sources.clean_source(request.param)


def test_verbatim_source_checksum():
    # Every original is the bytes its entry records; the first source's are pinned here too.
    for s in SOURCES:
        assert sha256(s.file) == s.sha256
    first = next(s for s in SOURCES if s.category is None)
    assert first.sha256 == "728315540a0f00d1e7ace407c29a1722e2c4e37e82f1277fb3faf8e808eac2ea"


def test_cleaned_text_is_reproducible_from_raw(cleaned):
    source, result = cleaned
    assert source.cleaned_path.read_text(encoding="utf-8") == result.text


def test_no_pinyin_group_question_mark_latin_or_traditional(cleaned):
    _, result = cleaned
    assert not clean.PINYIN_GROUP.search(result.text)
    assert "?" not in result.text and "？" not in result.text
    assert not re.search(r"[A-Za-z]", result.text)
    # Nothing OpenCC t2s would still change: the text is fully simplified.
    assert clean.to_simplified(result.text) == result.text
    assert clean.find_residue(result.text) == []


def test_raw_text_does_have_the_artifacts():
    # Guards the test above against a cleaner that was never given the real input.
    raw = SOURCES[0].file.read_text(encoding="utf-8")
    assert len(clean.PINYIN_GROUP.findall(raw)) == 1803
    assert len(clean.find_residue(raw)) > 1000


def test_real_parentheses_survive_as_full_width(cleaned):
    _, result = cleaned
    assert "村级（社区）统战联络员" in result.text
    assert "商（协）会" in result.text
    assert "5-10年" in result.text and "3000万元" in result.text


def test_broken_lines_joined(cleaned):
    _, result = cleaned
    assert "激发在职统战干部工作活力" in result.text
    assert "有机构无工作，有计划无行动" in result.text


def test_all_twelve_garbled_spans_repaired(cleaned):
    source, result = cleaned
    garbled = source.errata["garbled"]
    assert [e["id"] for e in garbled] == list(range(1, 13))
    for e in garbled:
        reading = clean.normalise_punctuation(e["reading"])
        piece = next(p for p in result.pieces if p.label == e["piece"])
        assert reading in piece.text, e
        assert e["garbled"] not in result.text


def test_zhe_particle_fixed(cleaned):
    _, result = cleaned
    assert "著" not in result.text
    for word in ("制约着", "随着", "有着"):
        assert word in result.text


def test_second_piece_detected_as_duplicate_of_first(cleaned):
    _, result = cleaned
    assert result.duplicates == [("第二篇", "第一篇", 1.0)]
    assert [p.label for p in result.pieces] == ["第一篇", "第二篇", "第三篇", "第四篇", "第五篇"]


def test_stale_errata_entry_is_an_error():
    raw = SOURCES[0].file.read_text(encoding="utf-8")
    errata = SOURCES[0].errata
    errata["garbled"].append({"piece": "第三篇", "garbled": "不存在的乱码", "reading": "x"})
    with pytest.raises(clean.ErrataError, match="occurs 0 times"):
        clean.clean_text(raw, errata)


def test_pinyin_pattern_keeps_real_parentheses():
    assert clean.strip_pinyin("統(tǒng)戰(zhàn)(协)(社区)") == "統戰(协)(社区)"


def test_punctuation_normalised():
    assert clean.normalise_punctuation("一是, 二是;三(四):五 “六”") == "一是，二是；三（四）：五“六”"
