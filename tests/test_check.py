"""The checker: the real content passes; one fixture per error message, exact text and place."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from kb.check import pages as page_rules
from kb.check import run as check
from kb.content import pages as content

FIXTURES = Path(__file__).parent / "fixtures" / "check"
CASES = sorted(p.name for p in FIXTURES.iterdir() if p.is_dir())
ROOT = Path(__file__).resolve().parents[1]


def test_shipped_content_passes():
    lines: list[str] = []
    assert check.run(None, out=lines.append), "\n".join(lines)
    assert lines[-1].startswith("检查通过")


@pytest.mark.parametrize("case", CASES)
def test_fixture_reports_exactly_the_expected_problems(case):
    pages = content.load_pages(FIXTURES / case / "docs")
    got = [str(p) for p in sorted(page_rules.check_pages(pages))]
    expected = (FIXTURES / case / "expected.txt").read_text(encoding="utf-8").splitlines()
    assert expected, "every fixture must expect at least one problem"
    assert got == expected


def test_every_message_kind_has_a_fixture():
    # Each distinct message template in check/pages.py / schema.py / yamlpos.py is exercised.
    messages = "\n".join((FIXTURES / c / "expected.txt").read_text(encoding="utf-8") for c in CASES)
    for needle in [
        "YAML 语法错误",
        "缺少页面开头的 YAML 元数据",
        "未知字段",
        "缺少必填字段",
        "无效，应为以下之一",
        "应为文本",
        "重复出现",
        "缺少锚点",
        "请删除这个一级标题",
        "格式不对",
        "在本页重复",
        "不存在",
        "中没有锚点",
        "外部链接",
        "原始 HTML",
        "未知的生成块",
        "缺少 theme",
        "不是本页的问题条目",
        "id 应以",
        "没有对应的标题锚点",
        "没有登记在元数据 items 中",
        "重复登记",
    ]:
        assert needle in messages, needle


def test_cli_reports_all_problems_with_location_and_exits_1(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text(
        "---\nkind: home\ntitel: 首页\n---\n\n## 无锚点\n\n[坏链接](#nope)\n", encoding="utf-8"
    )
    result = subprocess.run(
        [sys.executable, "scripts/build.py", "check", "--docs-dir", str(docs), "--quiz-dir", str(tmp_path / "none")],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert any(line.endswith("index.md:3:1: 未知字段 `titel`，是否想写 `title`？") for line in lines)
    assert any(line.endswith("index.md:6:1: 标题“无锚点”缺少锚点，请在行末加上 {#英文-id}") for line in lines)
    assert any("index.md:8:1: 页面 index.md 中没有锚点 #nope" in line for line in lines)
    assert lines[-1] == "检查未通过：1 个文件中发现 4 个问题，请逐条修改后重新运行。"


def test_cli_check_passes_on_shipped_content():
    result = subprocess.run([sys.executable, "scripts/build.py", "check"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
