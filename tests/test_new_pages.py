"""Issue 12, part 3: the checklists, the 仙人渡镇 case page, the context notes on the article
pages and the organisation chart are faithful to the sources and link where they say."""

from __future__ import annotations

import html as html_lib
import posixpath
import re
from pathlib import Path
from types import SimpleNamespace

import pytest

from helpers.sitetext import ARTICLE, page_text
from kb.check import pages as check
from kb.content import pages as content
from kb.content.sections import section_text
from kb.render import orgchart

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
PAGES = content.load_pages(DOCS)
CLEANED = "".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "sources" / "cleaned").glob("*.txt")))
SIC = "（原文如此）"  # the editor's marker after a slip; not source text
LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")
ADMONITION = re.compile(r'^!!! note "编者按"\n((?:(?:    .*)?\n)+)', re.M)


def quotes(text: str) -> list[str]:
    """The outermost “…” spans of ``text``, with a quote inside a quote written ‘…’ on our pages
    (“乡镇一级已设有‘统战办’”) turned back into the source's own “…”, so it can be found there."""
    out, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch == "“":
            if depth == 0:
                start = i + 1
            depth += 1
        elif ch == "”" and depth:
            depth -= 1
            if depth == 0:
                out.append(text[start:i].replace("‘", "“").replace("’", "”"))
    return out


def passage(target: str, here: str) -> str:
    """The plain text of the section a link on page ``here`` points at (the marker dropped)."""
    rel, anchor = content.resolve_link(PAGES[here], target)
    text = section_text(PAGES[rel], anchor)
    assert text is not None, target
    return text.replace(SIC, "")


def editor_notes(page) -> list[str]:
    return [re.sub(r"\s*\n\s*", "", m.group(1)).strip() for m in ADMONITION.finditer(page.body + "\n")]


def without_notes(page) -> str:
    return ADMONITION.sub("", page.body + "\n")


# --- 工作清单 ---------------------------------------------------------------------------------

CHECKLIST = "checklists.md"


def checklist_items() -> list[tuple[int, str, list[str]]]:
    """(line, top-level item, its nested □ items) for every list item of the checklist page."""
    items: list[tuple[int, str, list[str]]] = []
    for n, line in enumerate(PAGES[CHECKLIST].body.split("\n"), PAGES[CHECKLIST].body_line):
        if line.startswith("- "):
            items.append((n, line[2:], []))
        elif line.startswith("    - "):
            items[-1][2].append(line.strip()[2:])
    return items


def test_checklist_exists_and_is_an_editors_arrangement():
    notes = editor_notes(PAGES[CHECKLIST])
    assert notes and "编者的安排" in notes[0] and "来源未规定时间" in notes[0]


@pytest.mark.parametrize("n, item", [(n, item) for n, item, _ in checklist_items()], ids=lambda v: str(v)[:20])
def test_checklist_line_quotes_the_passage_it_links(n, item):
    links = LINK.findall(item)
    found = quotes(LINK.sub("", item))
    assert links and found, f"{CHECKLIST}:{n}: every line links to its passage and quotes it"
    for _, target in links:
        assert "#" in target, f"{CHECKLIST}:{n}: link to the passage's anchor, not the page"
        assert check.check_link(PAGES, PAGES[CHECKLIST], target) is None, (n, target)
    for quote in found:
        assert quote in CLEANED, (n, quote)
        assert any(quote in passage(t, CHECKLIST) for _, t in links), (n, quote)


def test_checklist_ticks_name_only_words_of_their_line():
    for n, item, ticks in checklist_items():
        for tick in ticks:
            assert tick.startswith("□ "), (n, tick)
            assert any(tick[2:] in q for q in quotes(item)), f"{CHECKLIST}:{n}: “{tick[2:]}” is not in the line's quote"


def test_checklist_covers_the_ledger_and_the_officers_duties():
    ticks = [t[2:] for _, _, sub in checklist_items() for t in sub]
    objects = ["非公有制经济人士", "党外知识分子", "无党派代表人士", "少数民族人士", "宗教界人士"]
    objects += ["港澳台侨胞", "海外华侨侨属侨眷", "海外留学生", "海外务工人员"]
    focus = ["居住或工作在村（社区）的新经济组织、社会团体以及自由职业人员中的统战成员", "居住在村的离退休统战成员"]
    for word in objects + focus + ["工作计划", "总结", "报告", "归档", "统战对象登记管理"]:
        assert word in ticks, word
    body = PAGES[CHECKLIST].body
    for target in ["duties/village-liaison.md#objects", "duties/village-liaison.md#duty-3"] + [
        f"duties/township-officer.md#duty-{n}" for n in (4, 5, 6, 7)
    ]:
        assert f"]({target})" in body, target


def test_checklist_sets_no_calendar():
    # The sources give no timing: the page says so and sets none of its own.
    outside_quotes = re.sub(r"“[^”]*”", "", without_notes(PAGES[CHECKLIST]))
    assert outside_quotes.count("时间安排：来源未规定时间。") == 2
    assert not re.search(r"每(?:年|季|月|周|天)|年初|年底|年终|上半年|下半年|\d+月|第[一二三四]季度", outside_quotes)


# --- 案例：仙人渡镇 ----------------------------------------------------------------------------

CASE = "analyses/case-xianrendu.md"


def case_quotes() -> list[tuple[str, str]]:
    """(blockquote, the 出处 link target that follows it) for every quotation on the case page."""
    out, pending = [], None
    for line in PAGES[CASE].body.split("\n"):
        if line.startswith("> "):
            pending = line[2:]
        elif line.startswith("出处：") and pending is not None:
            out.append((pending, LINK.search(line).group(2)))
            pending = None
    return out


def test_case_page_quotes_both_articles_verbatim():
    found = case_quotes()
    assert len(found) == len(re.findall(r"^> ", PAGES[CASE].body, re.M)), "a quotation without its 出处 line"
    for quote, target in found:
        assert check.check_link(PAGES, PAGES[CASE], target) is None, target
        assert quote in CLEANED, quote
        assert quote in passage(target, CASE), (quote, target)
    targets = {t for _, t in found}
    assert {"township-survey-2004.md#finding-4", "three-worries.md#problem-3"} <= targets
    text = " ".join(q for q, _ in found)
    assert "仙人渡镇" in text and "以统战部为地方经济引多少客商作为政绩目标进行考核" in text


def test_case_page_states_the_tension_as_editors_note_without_taking_a_side():
    tension = section_text(PAGES[CASE], "tension")
    notes = editor_notes(PAGES[CASE])
    # The page's own note, the 现行规定为准 notice, and the closing note on the tension.
    assert tension is not None and len(notes) == 3
    assert "本站也不作判断" in notes[-1] and "第一篇" in notes[-1] and "第四篇" in notes[-1]
    # Everything the notes quote is the sources' own words.
    for note in notes:
        for quote in quotes(note):
            assert quote in CLEANED, quote


# --- 成文时间（各篇页面开头的编者按） -----------------------------------------------------------

ARTICLES = {
    "analyses/three-worries.md": "第一篇",
    "analyses/problems-and-countermeasures.md": "第三篇",
    "analyses/township-survey-2004.md": "第四篇",
    "duties/township-officer.md": "第五篇",
    "duties/village-liaison.md": "第五篇",
}
# Terms of the articles' own time: the context note names those on its page, and only those.
OF_THEIR_TIME = ("科学发展观", "乡镇机构改革", "全面建设小康社会", "新世纪新阶段")


def context_note(rel: str) -> str:
    found = [n for n in editor_notes(PAGES[rel]) if n.startswith("成文时间")]
    assert len(found) == 1, f"{rel}: one 编者按 starting 成文时间… near the top"
    return found[0]


@pytest.mark.parametrize("rel", sorted(ARTICLES), ids=str)
def test_article_page_says_when_and_by_whom_as_far_as_the_source_does(rel):
    note = context_note(rel)
    body = without_notes(PAGES[rel])
    # Near the top: before the first heading.
    assert PAGES[rel].body.index(note[:10]) < PAGES[rel].body.index("\n## ")
    if ARTICLES[rel] == "第四篇":
        assert "2004年12月上旬" in note and "2004年12月上旬" in body
        assert "王红" in note and "调研组" in note
    else:
        assert note.startswith(("成文时间和作者：来源未注明。", "成文时间和制定单位：来源未注明。")), note
        assert not re.search(r"\d{4}年", note), "only 第四篇 is dated"
    for term in OF_THEIR_TIME:
        assert (f"“{term}”" in note) == (term in body), (rel, term)


# --- 现行规定为准（首页和问题与对策各页的编者按） -------------------------------------------------

CURRENT_RULES = "具体工作以现行党内法规、法律法规和上级文件为准。"


@pytest.mark.parametrize("rel", ["index.md", *sorted(r for r in PAGES if r.startswith("analyses/"))], ids=str)
def test_home_and_analysis_pages_say_current_rules_govern(rel):
    found = [n for n in editor_notes(PAGES[rel]) if CURRENT_RULES in n]
    assert len(found) == 1, f"{rel}: one 编者按 saying {CURRENT_RULES}"
    note = found[0]
    assert note.startswith("现行规定为准：") and "历史材料" in note, note
    # Near the top, before the first heading (on the home page, the first below the 今日学习 panel
    # and its own 本站说明 heading, issue 21), and outside the verbatim text.
    body = PAGES[rel].body
    if rel == "index.md":
        body = body.split("<!-- kb:continue -->\n\n## 本站说明 {#about-site}\n", 1)[1]
    assert body.index(CURRENT_RULES) < body.index("\n## ")
    assert CURRENT_RULES not in without_notes(PAGES[rel])
    # The only date the sources give is 第四篇's; whatever the note quotes is the sources' own words.
    assert set(re.findall(r"\d{4}年\d*月?", note)) <= {"2004年12月"}, note
    for quote in quotes(note):
        assert quote in CLEANED, (rel, quote)


# --- 组织关系图 -----------------------------------------------------------------------------


def chart_nodes():
    return orgchart.nodes()


def chart_cites():
    for node in chart_nodes():
        yield from node.cites
        yield from (edge.cite for edge in node.edges if edge.cite)


def test_chart_has_the_posts_the_issue_names():
    names = [n.name for n in chart_nodes()]
    assert names == [
        "市委",
        "县委统战部",
        "乡镇党委",
        "党委一把手",
        "党群副书记",
        "统战委员",
        "统战干事",
        "村（社区）",
        "统战联络员",
        "组",
    ]


def test_chart_draws_leading_and_guiding_as_different_relations():
    # 第四篇: “在市委的正确领导和统战部门的具体指导下”.  The 统战部门 is no parent box of a Party
    # committee: 市委 and 县委统战部 stand side by side, and the 乡镇党委 has one line from each.
    assert [n.name for n in orgchart.TOP] == ["市委", "县委统战部"]
    assert all(not n.children and not n.members for n in orgchart.TOP)
    assert all(orgchart.TOWNSHIP not in n.children + n.members for n in chart_nodes())
    lead, guide = orgchart.TOWNSHIP.edges
    assert (lead.origin, lead.label, lead.kind, lead.unclear) == ("市委", "领导", "lead", "")
    assert (guide.origin, guide.label, guide.kind) == ("统战部门", "具体指导", "guide")
    # The guiding 统战部门 of 第四篇 is a city's; whether it is the 县委统战部 is left open.
    assert guide.unclear == "county"
    assert "在市委的正确领导" in lead.cite.quote and guide.cite.quote == "统战部门的具体指导"
    assert lead.cite.target == guide.cite.target == "analyses/township-survey-2004.md#overview"


@pytest.mark.parametrize("cite", list(chart_cites()), ids=lambda c: c.target)
def test_chart_quotes_are_verbatim_in_the_passage_they_link(cite):
    rel, _, anchor = cite.target.partition("#")
    assert anchor and anchor in PAGES[rel].anchors, cite.target
    assert cite.quote in (section_text(PAGES[rel], anchor) or "").replace(SIC, "")
    assert cite.quote in CLEANED


@pytest.mark.parametrize("note", sorted(orgchart.NOTES), ids=str)
def test_chart_notes_quote_the_sources_and_link_them(note):
    text = orgchart.NOTES[note]
    for quote in quotes(LINK.sub("", text)):
        # A note also names the pieces' own words for a post (“乡镇统战干事”, “组”).
        assert quote in CLEANED, (note, quote)
    for _, target in LINK.findall(text):
        rel, _, anchor = target.partition("#")
        assert rel in PAGES and anchor in PAGES[rel].anchors, target


def test_chart_refuses_a_link_that_does_not_resolve():
    # The same pages, but the officer's duties page has lost its anchors.
    bare = content.Page(DOCS, "duties/township-officer.md", None, None, "", 1)
    site = SimpleNamespace(pages={**PAGES, "duties/township-officer.md": bare})
    with pytest.raises(ValueError, match=re.escape("duties/township-officer.md#duty-1")):
        orgchart.render_org_chart(site, PAGES["organisation.md"])


@pytest.fixture(scope="module")
def chart_html(built_site) -> str:
    return ARTICLE.search((built_site / "organisation.html").read_text(encoding="utf-8")).group(1)


def test_chart_renders_every_post_with_its_links(chart_html):
    for node in chart_nodes():
        box = re.search(
            rf'<div class="kb-org__box[^"]*" id="org-{node.id}">(.*?)<p class="kb-org__name">(.*?)</p>',
            chart_html,
            re.S,
        )
        assert box, node.id
        assert re.sub(r"<[^>]+>", "", box.group(2)) == node.name
    assert chart_html.count('<ul class="kb-org__cites">') == sum(1 for n in chart_nodes() if n.cites)


def test_chart_marks_what_the_sources_leave_unclear(chart_html):
    text = page_text(f'<article class="md-content__inner md-typeset">{chart_html}</article>')
    for what in (
        "县委统战部与乡镇党委、统战委员、统战干事之间的关系",
        "统战专干",
        "组由哪些人组成",
        "镇办中由哪个岗位接收",
    ):
        assert what in text, what
    # Six marks in the chart (two dashed lines: the guiding line and the report; three boxes'
    # insets: 县委统战部, 统战干事, 组; the three township posts' relation) plus the caption.
    assert chart_html.count(f'<span class="kb-org__flag">{orgchart.UNCLEAR}</span>') == 6
    assert 'class="kb-org__box kb-org__box--unclear" id="org-group"' in chart_html
    assert chart_html.count("kb-org__edge--unclear") == 2


def test_chart_renders_the_two_relations_above_the_township(chart_html):
    # Top row first (市委 beside 县委统战部), then the two lines, then the 乡镇党委 box.
    top = re.search(r'<ul class="kb-org__members kb-org__top">(.*?)</ul><ul class="kb-org__below">', chart_html, re.S)
    assert top and re.findall(r'id="org-(\w+)"', top.group(1)) == ["city", "county"]
    below = chart_html[top.end() :]
    lead = below.index('<p class="kb-org__edge kb-org__edge--lead">')
    guide = below.index('<p class="kb-org__edge kb-org__edge--guide kb-org__edge--unclear">')
    township = below.index('id="org-township"')
    assert lead < guide < township
    words = page_text(f'<article class="md-content__inner md-typeset">{below[lead:township]}</article>')
    assert "市委：领导" in words and "统战部门：具体指导" in words
    for note in orgchart.NOTES:
        assert f'<li id="org-note-{note}"' in chart_html, note


def test_chart_has_no_script_and_its_links_resolve(built_site, chart_html):
    assert "<script" not in chart_html
    figure = chart_html[chart_html.index('<figure class="kb-org"') :]
    hrefs = re.findall(r'\s(?:href)="([^"]+)"', figure)
    assert len(hrefs) > 20
    ids = {}
    for href in hrefs:
        href = html_lib.unescape(href)
        assert "://" not in href and not href.startswith("/"), href
        path, _, anchor = href.partition("#")
        target = built_site / posixpath.normpath(path) if path else built_site / "organisation.html"
        assert target.is_file(), href
        if anchor:
            if target not in ids:
                ids[target] = set(re.findall(r'\sid="([^"]+)"', target.read_text(encoding="utf-8")))
            assert anchor in ids[target], href
