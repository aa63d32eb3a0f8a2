"""Every content file is valid, and the built site is faithful to the cleaned source."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from helpers.fidelity import missing_sentences
from helpers.sitetext import page_text
from kb.check import pages as check
from kb.content import pages as content
from kb.site import load_site
from kb.sources import clean
from kb.sources import registry as sources

DOCS = Path(__file__).resolve().parents[1] / "docs"
PAGES = content.load_pages(DOCS)
# With the generated bank pages too: links to quizzes/BANK.md#q-ID (遇到……怎么办) must resolve.
LINKABLE = load_site().pages
SOURCE = sources.load_sources()[0]
CLEANED = sources.clean_source(SOURCE)
CODE = re.compile(r"<code>.*?</code>", re.S)


@pytest.mark.parametrize("rel", sorted(PAGES), ids=str)
def test_page_is_valid(rel):
    page = PAGES[rel]
    problems = (
        check.check_front_matter(page)
        + check.check_anchors(page)
        + check.check_links(LINKABLE, page)
        + check.check_analysis(page)
        + check.check_glossary(PAGES, page)
    )
    assert [str(p) for p in problems] == []


def built_pages(site: Path) -> dict[str, str]:
    return {
        p.relative_to(site).as_posix(): p.read_text(encoding="utf-8")
        for p in site.rglob("*.html")
        if p.name != "404.html"
    }


def test_every_docs_page_is_built(built_site):
    built = built_pages(built_site)
    for rel in PAGES:
        assert rel.removesuffix(".md") + ".html" in built


def test_no_artifact_on_any_page(built_site):
    """No pinyin group, garbled span, question mark or traditional character in what cadres read.

    The provenance page quotes the garbled spans inside <code> on purpose (the errata table);
    code is excluded, everything else is not.
    """
    garbled = [e["garbled"] for e in SOURCE.errata["garbled"]]
    for rel, html in built_pages(built_site).items():
        text = page_text(CODE.sub("", html))
        assert not clean.PINYIN_GROUP.search(text), rel
        assert "?" not in text, rel
        # Quiz stems end in a full-width question mark by design; no page from the sources may have one.
        if not rel.startswith(("quizzes/", "guide/")):
            assert "？" not in text, rel
        assert clean.to_simplified(text) == text, rel
        for span in garbled:
            assert span not in text, (rel, span)


def _norm(text: str) -> str:
    # Compare modulo punctuation and whitespace: keep Han characters, letters and digits.
    return "".join(re.findall(r"[\u3400-\u9fff0-9A-Za-z]", text))


# The editor's marker after a slip reproduced verbatim from the source (explained in a 编者按 on the
# page). It is not source text, so the fidelity comparison drops it before normalising.
SIC = "（原文如此）"

# The slips in 第四篇 that carry the marker: the page text must read exactly `slip + SIC`.
SLIPS = {
    "analyses/township-survey-2004.html": (
        "总的来看。",
        "不仅可有可无",
        "发展统一战线联系广泛的优势",
        "连好内功",
    ),
}


def source_sentences() -> list[tuple[str, str]]:
    out = []
    duplicates = {later for later, _, _ in CLEANED.duplicates}
    for piece in CLEANED.pieces:
        if piece.label in duplicates:
            continue
        for line in piece.lines[1:]:  # line 0 is the "第N篇：" label
            for sentence in re.split(r"[。；！\n]", line):
                if _norm(sentence):
                    out.append((piece.label, sentence))
    return out


def test_duplicate_piece_is_the_only_piece_left_out():
    labels = {label for label, _ in source_sentences()}
    assert labels == {"第一篇", "第三篇", "第四篇", "第五篇"}
    assert len(source_sentences()) > 100


def test_every_source_sentence_is_on_the_site(built_site):
    site_text = _norm("".join(page_text(html).replace(SIC, "") for html in built_pages(built_site).values()))
    missing = [(label, s) for label, s in source_sentences() if _norm(s) not in site_text]
    assert missing == []


# Every document added by add-source (a sources.yml entry with a category), by id: the same test
# for each, no per-source code.  Its draft pages are not built (check holds their Markdown).
DOCUMENTS = [s for s in sources.load_sources() if s.category]


# (None while no document is added: the test then says so, rather than being skipped.)
@pytest.mark.parametrize("source", DOCUMENTS or [None], ids=lambda s: s.id if s else "no-added-document")
def test_every_sentence_of_each_document_is_on_its_built_pages(built_site, source):
    if source is None:
        assert not [p for p in PAGES.values() if p.kind == "document"]
        return
    built = [p for p in source.pages if (built_site / p.removesuffix(".md")).with_suffix(".html").exists()]
    assert missing_sentences(source.cleaned_path.read_text(encoding="utf-8"), built, built_site) == []


def test_source_slips_are_marked(built_site):
    for rel, slips in SLIPS.items():
        text = page_text((built_site / rel).read_text(encoding="utf-8"))
        for slip in slips:
            assert slip + SIC in text, (rel, slip)
        # One more marker is quoted in the 编者按 that explains them; none elsewhere on the page.
        assert text.count(SIC) == len(slips) + 1, rel


def test_duties_are_complete_and_numbered():
    officer = PAGES["duties/township-officer.md"]
    liaison = PAGES["duties/village-liaison.md"]
    assert [a for a in officer.anchors if a.startswith("duty-")] == [f"duty-{n}" for n in range(1, 9)]
    assert [a for a in liaison.anchors if a.startswith("duty-")] == [f"duty-{n}" for n in range(1, 5)]
    assert "objects" in liaison.anchors


def test_analyses_have_their_items():
    counts = {
        "analyses/three-worries.md": (0, 3, 3),
        "analyses/problems-and-countermeasures.md": (0, 4, 4),
        "analyses/township-survey-2004.md": (6, 5, 6),
    }
    for rel, (findings, problems, measures) in counts.items():
        types = [i["type"] for i in PAGES[rel].meta["items"]]
        assert (types.count("finding"), types.count("problem"), types.count("measure")) == (
            findings,
            problems,
            measures,
        )


def test_analysis_pages_attribute_proposals_to_their_article(built_site):
    for rel in (
        "analyses/three-worries.html",
        "analyses/problems-and-countermeasures.html",
        "analyses/township-survey-2004.html",
    ):
        text = page_text((built_site / rel).read_text(encoding="utf-8"))
        assert "编者按" in text and "是该文作者的观点，不是政策规定" in text, rel
        # The measure → problem mapping is the editor's, and is labelled so.
        assert "编者归纳·针对的问题：" in text, rel


def test_problem_table_groups_problems_by_theme(built_site):
    html = (built_site / "analyses/index.html").read_text(encoding="utf-8")
    for theme in ("队伍建设", "体制机制", "思想认识", "工作方法", "经济领域", "工作网络"):
        assert f">{theme}<" in html or f">{theme}\n" in html or theme in page_text(html), theme
    # 12 problems across the three articles, each a link into its article.
    assert (
        len(
            re.findall(
                r'<td><a href="(?:three-worries|problems-and-countermeasures|township-survey-2004)\.html#problem-\d+"',
                html,
            )
        )
        == 12
    )


def test_glossary_tooltips_inside_running_chinese_text(built_site):
    html = (built_site / "duties/village-liaison.html").read_text(encoding="utf-8")
    # 党外 inside 党外知识分子 and 非公 inside 非公有制 are marked although no word boundary exists.
    assert re.search(
        r'<abbr title="[^"]+">统战</abbr>', (built_site / "analyses/three-worries.html").read_text(encoding="utf-8")
    )
    assert '<abbr title="' in html


def test_editor_notes_are_marked():
    # Every admonition on a page is either a titled 编者按 or another Chinese-titled box.
    for rel, page in PAGES.items():
        for m in re.finditer(r"^!!! \w+(.*)$", page.body, re.M):
            assert re.search(r'"[^"]*[\u4e00-\u9fff][^"]*"', m.group(1)), (rel, m.group(0))


def test_tooltips_beyond_the_sources_are_marked(built_site):
    html = (built_site / "duties/township-officer.html").read_text(encoding="utf-8")
    editor_terms = {t["term"] for t in PAGES["glossary.md"].meta["terms"] if t.get("editor")}
    marked = re.findall(r'<abbr title="([^"]+)">([^<]+)</abbr>', html)
    assert marked
    for title, term in marked:
        assert title.endswith("（编者按）") == (term in editor_terms), (term, title)
