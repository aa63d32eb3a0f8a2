"""Document pages on the site (issue 25 §4, §5, §7): a test project with the test regulation
added as add-source adds it, built by its own scripts.  Published: status notice, nav, 资料来源,
glossary tooltips, search index, a question citing 第十二条, every sentence.  Draft: left out of
the build with a 提醒, shown by the preview with a 草稿 banner, links to it refused."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from helpers.fidelity import missing_sentences
from helpers.sitetext import page_text
from helpers.source_project import (
    ARTICLE_12,
    HTML,
    PAGE,
    SOURCE_ID,
    TERM,
    build_project,
    make_source_project,
    publish_repealed,
)
from kb.search import index as search_index

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    return publish_repealed(tmp_path_factory.mktemp("published"))


@pytest.fixture(scope="module")
def drafted(tmp_path_factory):
    root = tmp_path_factory.mktemp("draft")
    project = make_source_project(root / "project", draft=True, question=False)
    return project, root


def test_the_repealed_notice_heads_the_page(published):
    _, site, _ = published
    html = (site / HTML).read_text(encoding="utf-8")
    notice = re.search(r'<div class="admonition warning">(.*?)</div>', html, re.S)
    assert notice and html.index("admonition warning") < html.index('id="article-1"')
    assert page_text(notice.group(1)).split() == [
        "已废止",
        "本文件已于",
        "2025-01-01",
        "废止；现行版本：某某县社区服务条例（2025年修订）。",
    ]


def test_search_results_show_the_status(published):
    _, site, _ = published
    pages = search_index.read_index(site / search_index.INDEX_PATH)["pages"]
    titles = [p[1] for p in pages if p[0] == HTML]
    assert titles == ["〔已废止〕某某县社区服务示范条例"]
    assert all("〔" not in p[1] for p in pages if p[0] != HTML)


def test_the_page_is_in_the_nav_and_on_the_provenance_page(published):
    _, site, _ = published
    nav = page_text((site / "index.html").read_text(encoding="utf-8"))
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "原文资料" in home and f'href="{HTML}"' in home, nav[:200]
    about = (site / "about" / "provenance.html").read_text(encoding="utf-8")
    assert f'id="source-{SOURCE_ID}"' in about and f'href="../{HTML}"' in about
    text = page_text(about)
    for shown in ("某发〔2024〕3号", "某某县人大常委会", "已废止（2025-01-01 起）", "某发〔2023〕1号", "修订历史"):
        assert shown in text, shown


def test_glossary_tooltip_and_footnote_on_the_document(published):
    _, site, _ = published
    html = (site / HTML).read_text(encoding="utf-8")
    assert re.search(rf'<abbr title="[^"]*">{TERM}</abbr>', html)
    assert 'class="footnote-ref"' in html and 'id="fn:1"' in html


def test_article_12_is_a_search_section_with_its_words(published):
    _, site, _ = published
    data = search_index.read_index(site / search_index.INDEX_PATH)
    page = next(n for n, p in enumerate(data["pages"]) if p[0] == HTML)
    sections = [s[1:4] for s in data["sections"] if s[0] == page]
    assert ["article-12", "第十二条", ARTICLE_12] in sections


ENGINE = Path(__file__).resolve().parents[1] / "overrides/assets/javascripts/kb-search/engine.js"
SEARCH = """
const search = require(process.argv[1]);
const index = new search.Index(JSON.parse(require("fs").readFileSync(process.argv[2], "utf8")));
const out = index.search(process.argv[3]);
const where = (s) => index.pages[s.page].url + "#" + s.anchor;
console.log(JSON.stringify({
  kinds: out.kinds,
  results: out.results.slice(0, 5).map((r) => [where(r.section), index.kind(r.section)]),
  page: index.sections.map((s) => [where(s), index.kind(s)]),
}));
"""


def search_site(site: Path, query: str, tmp_path: Path) -> dict:
    """The built index searched by the site's own engine.js, under Node."""
    node = shutil.which("node")
    assert node, "node is missing: run ./run.sh test"
    data = tmp_path / "index.json"
    data.write_text(json.dumps(search_index.read_index(site / search_index.INDEX_PATH)), encoding="utf-8")
    done = subprocess.run(
        [node, "-e", SEARCH, str(ENGINE), str(data), query], capture_output=True, text=True, encoding="utf-8"
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_a_policy_documents_articles_are_found_as_条文(published, tmp_path):
    _, site, _ = published
    data = search_index.read_index(site / search_index.INDEX_PATH)
    assert data["docs"] == {"policy": [next(n for n, p in enumerate(data["pages"]) if p[0] == HTML)]}
    found = search_site(site, "社区服务有什么规定", tmp_path)
    assert found["kinds"] == ["条文"]
    # The regulation itself first, then its articles (its annex's heading 社区服务项目清单 among them).
    assert found["results"][0] == [f"{HTML}#", "条文"], found["results"]
    assert sum(kind == "条文" for _, kind in found["results"]) >= 4, found["results"]
    kinds = {where: kind for where, kind in found["page"] if where.startswith(HTML)}
    assert kinds[f"{HTML}#article-12"] == kinds[f"{HTML}#chapter-3"] == "条文"
    assert kinds[f"{HTML}#annex-1"] == ""  # an annex (a list, a form) is no article
    assert all(kind != "条文" for where, kind in found["page"] if not where.startswith(HTML))


def test_a_question_citing_article_12_passes_check_and_a_wrong_quote_does_not(published):
    project, _, _ = published  # the build ran check (any problem stops it): the question passed
    bank = project / "quizzes" / "principles-and-policies.yml"
    text = bank.read_text(encoding="utf-8")
    bank.write_text(
        text.replace(f"quote: {ARTICLE_12.rstrip('。')}", "quote: 社区服务工作情况应当每月公开"), encoding="utf-8"
    )
    try:
        result = subprocess.run(
            [sys.executable, "scripts/build.py", "check"], cwd=project, capture_output=True, text=True
        )
        assert result.returncode != 0 and "principles-and-policies.yml" in result.stdout + result.stderr
    finally:
        bank.write_text(text, encoding="utf-8")


def test_every_sentence_of_the_document_is_built(published):
    project, site, _ = published
    cleaned = (project / "sources" / "cleaned" / f"{SOURCE_ID}.txt").read_text(encoding="utf-8")
    assert missing_sentences(cleaned, [PAGE], site) == []
    # The comparison can fail: a sentence the page does not have is reported.
    assert missing_sentences(cleaned + "\n本条例另有一条从未出现的规定。", [PAGE], site) == [
        "本条例另有一条从未出现的规定"
    ]


def test_a_draft_is_left_out_of_the_build_with_a_reminder(drafted):
    project, root = drafted
    result = build_project(project, root / "build" / "site")
    assert result.returncode == 0, result.stderr[-3000:]
    site = root / "build" / "site"
    assert not (site / HTML).exists()
    assert f"docs/{PAGE}: 提醒：草稿页面未发布；编辑核对后删去 draft: true 再构建" in result.stderr
    assert "原文资料" not in (site / "index.html").read_text(encoding="utf-8")
    assert HTML not in (site / search_index.INDEX_PATH).read_text(encoding="utf-8")
    assert "草稿，尚未发布" in page_text((site / "about" / "provenance.html").read_text(encoding="utf-8"))


def test_the_preview_shows_a_draft_with_its_banner(drafted):
    project, root = drafted
    result = build_project(project, root / "preview", preview=True)
    assert result.returncode == 0, result.stderr[-3000:]
    html = (root / "preview" / HTML).read_text(encoding="utf-8")
    assert '<p class="admonition-title">草稿</p>' in html
    assert "原文资料" in (root / "preview" / "index.html").read_text(encoding="utf-8")


def test_a_link_to_a_draft_stops_the_build(drafted):
    project, root = drafted
    page = project / "docs" / "principles.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(text + f"\n\n见[示范条例](../docs/{PAGE})。\n".replace("../docs/", ""), encoding="utf-8")
    try:
        result = build_project(project, root / "linked" / "site")
    finally:
        page.write_text(text, encoding="utf-8")
    assert result.returncode != 0
    assert f"链接指向草稿页面 {PAGE}" in result.stderr + result.stdout
