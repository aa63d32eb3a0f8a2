"""search/synonyms.yml and search/keywords.yml checked through the one schema (kb.content.schema):
one fixture per message under tests/fixtures/search/<case>/ (its file and expected.txt)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.search import keywords as search_keywords
from kb.search import synonyms as search_synonyms

FIXTURES = Path(__file__).parent / "fixtures" / "search"
CASES = sorted(p.name for p in FIXTURES.iterdir() if p.is_dir())


@pytest.fixture(scope="module")
def loaded_site():
    from kb.site import load_site

    return load_site()


@pytest.mark.parametrize("case", CASES)
def test_fixture_reports_exactly_the_expected_problems(case, loaded_site):
    folder = FIXTURES / case
    if (folder / "synonyms.yml").exists():
        problems = search_synonyms.check_synonyms(folder / "synonyms.yml", "synonyms.yml")
    else:
        problems = search_keywords.check_keywords(loaded_site, folder / "keywords.yml", "keywords.yml")
    expected = (folder / "expected.txt").read_text(encoding="utf-8").splitlines()
    assert expected, "every fixture must expect at least one problem"
    assert [str(p) for p in problems] == expected


def test_every_message_of_the_search_data_has_a_fixture():
    messages = "\n".join((FIXTURES / c / "expected.txt").read_text(encoding="utf-8") for c in CASES)
    for needle in [
        "未知字段",
        "应为列表",
        "应为文本",
        "应为键值表",
        "至少要有 2 项",
        "至少要有 1 项",
        "只有一个字",
        "不能只有标点或空格",
        "重复，请删去一个",
        "一个词只能属于一组",
        "重复出现，只保留一个",
        "无效，应为以下之一",
        "缺少必填字段",
        "YAML 语法错误",
        "太长（超过 12 个字）",
        "指的是同一段落",
        "应写成 docs/ 下的页面加锚点",
        "不存在，请检查路径",
        "中没有锚点",
        "不能使用原始 HTML",
    ]:
        assert needle in messages, needle
