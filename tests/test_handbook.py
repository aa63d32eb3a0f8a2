"""The printed study handbook (学习手册): every knowledge page in one page, in nav order."""

from __future__ import annotations

import html as html_lib
import posixpath
import re
from pathlib import Path

import pytest

from helpers.sitetext import ARTICLE, page_text
from kb.content import pages as content
from kb.render import handbook
from kb.search import index as search_index

ROOT = Path(__file__).resolve().parents[1]
PAGES = content.load_pages(ROOT / "docs")
FULL = re.compile(r'<span class="kb-handbook__full">（[^<]*）</span>')
ID = re.compile(r'\sid="([^"]+)"')
HREF = re.compile(r'\shref="([^"]+)"')


def nav_order() -> list[str]:
    """The knowledge pages in the order mkdocs.yml's nav lists them."""
    nav = (ROOT / "mkdocs.yml").read_text(encoding="utf-8").split("\nnav:\n", 1)[1]
    listed = re.findall(r"([\w/-]+\.md)\s*$", nav, re.M)
    return [rel for rel in listed if PAGES[rel].kind in handbook.KINDS]


def article(html: str) -> str:
    return ARTICLE.search(html).group(1)


def norm(text: str) -> str:
    return "".join(re.findall(r"[\u3400-\u9fff0-9A-Za-z]", text))


@pytest.fixture(scope="module")
def built(built_site) -> str:
    return (built_site / "handbook.html").read_text(encoding="utf-8")


# --- render_handbook on small parts ------------------------------------------------------


PARTS = [
    (
        "职责",
        "duties/a.md",
        '<h2 id="duties">工作职责<a class="headerlink" href="#duties" title="本节链接">&para;</a></h2>\n'
        '<h3 id="duty-1">一</h3><p>在<abbr title="统一战线（编者按）">统战</abbr>委员'
        '<abbr title="分管党群工作的党委副书记">党群副书记</abbr>领导下。'
        '见<a href="../analyses/b.html#problem-2">问题二</a>、<a href="../roles/x.html#y">角色</a>、'
        '<a href="../about/p.html">来源</a>、<a href="https://example.org/">外部</a>。</p>',
    ),
    (
        "文章",
        "analyses/b.md",
        '<h2 id="problems">问题</h2><h3 id="problem-2">二</h3><p><a href="#problem-2">本页</a>'
        '<a href="b.html">本篇</a><a href="../duties/a.html">职责页</a></p><p>id="x" 是正文</p>',
    ),
]


def test_ids_are_prefixed_per_part_and_same_page_links_follow():
    out = handbook.render_handbook(PARTS)
    assert 'id="duties-a--duty-1"' in out and 'id="analyses-b--problem-2"' in out
    assert 'href="#duties-a--duties"' in out  # the permalink of a heading
    assert '<a href="#analyses-b--problem-2">本页</a>' in out
    assert '<p>id="x" 是正文</p>' in out, "text that looks like an attribute is left alone"
    ids = ID.findall(out)
    assert len(ids) == len(set(ids))


def test_links_between_included_pages_become_handbook_anchors():
    out = handbook.render_handbook(PARTS)
    assert '<a href="#analyses-b--problem-2">问题二</a>' in out
    assert '<a href="#analyses-b">本篇</a>' in out
    assert '<a href="#duties-a">职责页</a>' in out


def test_other_links_are_relative_to_the_handbook():
    out = handbook.render_handbook(PARTS)
    assert '<a href="roles/x.html#y">角色</a>' in out
    assert '<a href="about/p.html">来源</a>' in out
    assert '<a href="https://example.org/">外部</a>' in out
    # From a handbook kept in a folder the same links climb out of it.
    assert '<a href="../roles/x.html#y">' in handbook.render_handbook(PARTS, here="guide/handbook.md")


def test_tooltips_are_written_out_with_the_editor_mark():
    out = handbook.render_handbook(PARTS)
    assert "<abbr" not in out
    assert '统战<span class="kb-handbook__full">（统一战线，编者按）</span>委员' in out
    assert '党群副书记<span class="kb-handbook__full">（分管党群工作的党委副书记）</span>' in out


def test_headings_move_one_level_down_under_the_part_title():
    out = handbook.render_handbook(PARTS)
    assert '<h2 class="kb-handbook__title" id="duties-a">职责</h2>' in out
    assert '<h3 id="duties-a--duties">工作职责' in out and "</h3>" in out
    assert '<h4 id="duties-a--duty-1">一</h4>' in out


def test_table_of_contents_lists_parts_and_their_sections():
    out = handbook.render_handbook(PARTS)
    toc = out.split("</nav>", 1)[0]
    assert re.findall(r'<a href="#([^"]+)">([^<]+)</a>', toc) == [
        ("duties-a", "职责"),
        ("duties-a--duties", "工作职责"),
        ("analyses-b", "文章"),
        ("analyses-b--problems", "问题"),
    ]
    assert out.count('<section class="kb-handbook__part"') == 2


def test_titles_are_escaped():
    out = handbook.render_handbook([("<b>标题</b>", "x.md", "<p>正文</p>")])
    assert "&lt;b&gt;标题&lt;/b&gt;" in out and "<b>" not in out


# --- the built handbook ----------------------------------------------------------------


def test_parts_are_the_knowledge_pages_in_nav_order(built):
    expected = nav_order()
    assert expected == [
        "duties/township-officer.md",
        "duties/village-liaison.md",
        "analyses/three-worries.md",
        "analyses/problems-and-countermeasures.md",
        "analyses/township-survey-2004.md",
        "principles.md",
        "glossary.md",
    ]
    parts = re.findall(r'<h2 class="kb-handbook__title" id="([^"]+)">([^<]+)</h2>', built)
    assert [pid for pid, _ in parts] == [handbook.slug(rel) for rel in expected]
    assert [html_lib.unescape(t) for _, t in parts] == [PAGES[rel].title for rel in expected]
    assert built.count('<section class="kb-handbook__part"') == len(expected)


def test_every_included_page_text_is_in_the_handbook(built, built_site):
    text = norm(page_text(FULL.sub("", built)))
    for rel in nav_order():
        page = page_text((built_site / rel.replace(".md", ".html")).read_text(encoding="utf-8"))
        missing = [line for line in page.splitlines() if norm(line) and norm(line) not in text]
        assert missing == [], (rel, missing[:3])


def test_no_duplicate_ids(built):
    ids = ID.findall(built)
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    assert duplicates == []


def test_every_internal_link_resolves(built, built_site):
    ids = set(ID.findall(built))
    checked = 0
    for href in HREF.findall(article(built)):
        href = html_lib.unescape(href)
        assert not re.match(r"^[a-z]+:|^//", href), href  # nothing outside the site
        path, _, anchor = href.partition("#")
        if not path:
            assert anchor in ids, href
        else:
            target = built_site / posixpath.normpath(path)
            assert target.is_file(), href
            if anchor:
                assert f'id="{anchor}"' in target.read_text(encoding="utf-8"), href
        checked += 1
    assert checked > 100


def test_links_between_parts_stay_inside_the_handbook(built):
    # The principles cite the analyses; the glossary's 见原文 links point at the articles.
    assert '<a href="#analyses-problems-and-countermeasures--measure-3">第三篇·对策3</a>' in built
    assert 'href="analyses/problems-and-countermeasures.html' not in article(built)


def test_glossary_tooltips_are_written_out(built, built_site):
    body = article(built)
    assert "<abbr" not in body
    assert '统战<span class="kb-handbook__full">（统一战线，编者按）</span>' in body
    # One expansion for every tooltip of the included pages, the glossary's own excepted
    # (it defines the terms right there).
    tooltips = sum(
        article((built_site / rel.replace(".md", ".html")).read_text(encoding="utf-8")).count("<abbr ")
        for rel in nav_order()
        if rel != "glossary.md"
    )
    assert tooltips > 20 and len(FULL.findall(body)) == tooltips


def test_editor_notes_are_kept(built, built_site):
    note = '<p class="admonition-title">编者按</p>'
    notes = sum(
        (built_site / rel.replace(".md", ".html")).read_text(encoding="utf-8").count(note) for rel in nav_order()
    )
    assert notes > 10
    assert article(built).count(note) == notes + 1  # and the handbook's own introduction


def test_print_rules_break_pages_and_hide_the_chrome(built_site):
    css = (built_site / "assets/css/kb.css").read_text(encoding="utf-8")  # shipped minified
    printing = css.split("@media print", 1)[1]
    # The parts start on a new page after the contents and then run on (no one-line pages).
    assert re.search(r"\.kb-handbook__part:first-of-type\s*\{[^}]*break-before:\s*page", printing)
    assert not re.search(r"\.kb-handbook__part\s*\{[^}]*break-before:\s*page", printing)
    hidden = re.split(r"display:\s*none", printing)[0]
    for chrome in (".md-header", ".md-sidebar", ".md-footer", ".md-search", ".md-tabs"):
        assert chrome in hidden, chrome
    assert re.search(r"size:\s*A4", printing)


def test_search_finds_each_passage_on_its_own_page_only(built_site):
    index = search_index.read_index(built_site / search_index.INDEX_PATH)
    n = next(i for i, p in enumerate(index["pages"]) if p[0] == "handbook.html")
    text = "".join(s[3] for s in index["sections"] if s[0] == n)
    assert "照录原材料" in text  # the handbook's own introduction is searchable
    assert "负责处理本乡镇的统战工作日常事务" not in text
    assert len(text) < 400
