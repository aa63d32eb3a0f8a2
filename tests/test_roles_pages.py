"""我的岗位 (role pages) and 遇到……怎么办 (situations.md): their parts, links both ways with the
questions, what readers see, and each role's share of understanding and application questions."""

from __future__ import annotations

import html
import json
import re
from collections import Counter
from pathlib import Path
from urllib.parse import quote as url_quote

import pytest

from helpers.sitetext import page_text
from kb.check import pages as page_rules
from kb.content.pages import Page, load_page, resolve_link
from kb.quiz.model import bank_page_rel
from kb.render import backlinks, quiz_page
from kb.site import load_site
from kb.sources import registry as sources

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
SITE = load_site()
ROLE_PAGES = sorted(rel for rel, page in SITE.pages.items() if page.kind == "role")
SITUATIONS = "situations.md"
SITUATIONS_BANK = "situations"
CLEANED = "".join(
    piece_line for piece in sources.clean_source(sources.load_sources()[0]).pieces for piece_line in piece.lines
)
SIC = "（原文如此）"

# The five parts of a role page, in this order: (anchor, heading).
FIVE_PARTS = [
    ("who-leads-me", "谁领导我"),
    ("who-i-report-to", "我向谁报告"),
    ("duties", "我做什么"),
    ("problems", "来源指出的常见问题"),
    ("quizzes", "给我的练习"),
]
# Anchors other pages, search/queries.yml and tests link to (the pages before the rework had
# them all): a rework may add anchors, never drop one.
KEPT_ANCHORS = {
    "roles/county-department.md": {
        "in-sources",
        "in-sources-1",
        "in-sources-3",
        "in-sources-4-5",
        "duties",
        "path",
        "problems",
        "measures",
        "quizzes",
    },
    "roles/township-committee-member.md": {"in-sources", "duties", "path", "problems", "measures", "quizzes"},
    "roles/township-officer.md": {"in-sources", "duties", "path", "problems", "measures", "quizzes"},
    "roles/village-liaison.md": {
        "in-sources",
        "duties",
        "objects",
        "main-duties",
        "path",
        "problems",
        "measures",
        "quizzes",
    },
    "roles/index.md": {"roles"},
}
# 应用 questions of the situations bank that no situation cites, with the reason (none today).
NOT_IN_A_SITUATION: dict[str, str] = {}
MIN_UNDERSTANDING_AND_APPLICATION = 0.30  # issue 12: each role's question mix
# An id a reader should never see: finding-1, problem-2, duty-3, sit-…, q-… (5-10年 is not one).
RAW_ID = re.compile(r"(?<![A-Za-z0-9])[A-Za-z]+(?:-[A-Za-z0-9]+)+")
QUESTION_LINK = re.compile(r"^quizzes/([a-z0-9-]+)\.md#q-([a-z0-9-]+)$")


def _sections(page: Page) -> dict[str, str]:
    """Level-2 sections of a page: anchor -> body text up to the next level-2 heading."""
    lines = page.body.split("\n")
    heads = [h for h in page.headings if h.level == 2 and h.id]
    out = {}
    for h, nxt in zip(heads, [*heads[1:], None], strict=True):
        start, end = h.line - page.body_line, (nxt.line - page.body_line) if nxt else len(lines)
        out[h.id] = "\n".join(lines[start + 1 : end])
    return out


def _question_links(page: Page) -> list[tuple[str, str, str, int]]:
    """(section anchor, bank id, question id, line) of every link on ``page`` to a question."""
    out = []
    for target, line, _col in page.links:
        rel, anchor = resolve_link(page, target)
        m = QUESTION_LINK.match(f"{rel}#{anchor}")
        if m:
            section = max((h for h in page.headings if h.level == 2 and h.line <= line), key=lambda h: h.line)
            out.append((section.id, m.group(1), m.group(2), line))
    return out


@pytest.mark.parametrize("rel", ROLE_PAGES, ids=str)
def test_role_page_has_the_five_parts_in_order(rel):
    page = SITE.pages[rel]
    level2 = [(h.id, h.text) for h in page.headings if h.level == 2]
    assert level2[: len(FIVE_PARTS)] == FIVE_PARTS
    sections = _sections(page)
    assert "<!-- kb:role-quizzes -->" in sections["quizzes"]
    # 我做什么 links to the duty lists or says plainly (编者按) that the sources give none.
    assert "duties/" in sections["duties"]
    assert re.search(r"\]\(\.\./duties/[a-z-]+\.md#(duty-\d|duties|objects)\)", sections["duties"])
    if "#duty-1)：" not in sections["duties"]:  # no duty list of its own
        assert '!!! note "编者按"' in sections["duties"] and "来源没有为" in sections["duties"]


@pytest.mark.parametrize("rel", sorted(KEPT_ANCHORS), ids=str)
def test_role_pages_keep_every_anchor_linked_to(rel):
    assert KEPT_ANCHORS[rel] <= set(SITE.pages[rel].anchors)


@pytest.mark.parametrize("rel", ROLE_PAGES, ids=str)
def test_pitfalls_are_verbatim_quotes_with_a_link(rel):
    problems = _sections(SITE.pages[rel])["problems"].split("\n### ")[0]  # before the measures
    items = [line for line in problems.split("\n") if line.startswith("- ")]
    assert items
    for item in items:
        m = re.fullmatch(r"- “(.+)”——\[[^\]]+\]\(\.\./analyses/[a-z0-9-]+\.md#(problem|finding)-\d+\)", item)
        assert m, item
        for quote in m.group(1).split("”；“"):
            assert quote in CLEANED, quote


@pytest.mark.parametrize("rel", [*ROLE_PAGES, "roles/index.md", SITUATIONS], ids=str)
def test_quoted_passages_are_verbatim_and_proposals_attributed(rel):
    page = SITE.pages[rel]
    quotes = re.findall(r"^> (.+)$", page.body, re.M)
    assert quotes
    for quote in quotes:
        assert quote.replace(SIC, "") in CLEANED, quote
    # A countermeasure or proposal is quoted as its article's, never as policy.
    for line in re.findall(r"^出处：.*#measure-\d+\).*$", page.body, re.M):
        assert line.endswith(("（该文提出）", "（调研组提出）", "（作者建议）")), line


@pytest.mark.parametrize("rel", [*ROLE_PAGES, "roles/index.md", SITUATIONS], ids=str)
def test_every_link_resolves(rel):
    page = SITE.pages[rel]
    assert page.links
    assert [str(p) for p in page_rules.check_links(SITE.pages, page)] == []


def test_a_link_to_a_missing_question_is_reported(tmp_path):
    """The checker knows the question anchors of bank pages: a stale #q-… fails, a real one passes."""
    doc = tmp_path / "situations.md"
    doc.write_text(
        "---\nkind: overview\ntitle: 遇到……怎么办\n---\n\n## 情境 {#sit-x}\n\n"
        "- [有](quizzes/situations.md#q-liaison-dispute)\n- [无](quizzes/situations.md#q-no-such-question)\n",
        encoding="utf-8",
    )
    page = load_page(doc, tmp_path)
    pages = {**SITE.pages, "situations.md": page}
    problems = [p.message for p in page_rules.check_links(pages, page)]
    assert problems == [
        "页面 quizzes/situations.md 中没有锚点 #q-no-such-question，请检查拼写或在目标标题后加上 {#q-no-such-question}"
    ]


def test_every_situation_links_a_question_and_has_a_stable_anchor():
    page = SITE.pages[SITUATIONS]
    situations = [h.id for h in page.headings if h.level == 2]
    assert 10 <= len(situations) <= 20
    assert all(re.fullmatch(r"sit-[a-z0-9-]+", s) for s in situations)
    linked = {section for section, *_ in _question_links(page)}
    assert linked == set(situations)
    # The list at the top (by role) reaches every situation: the page is long on a phone.
    first = min(h.line for h in page.headings if h.level == 2)
    listed = {t[1:] for t, line, _c in page.links if t.startswith("#") and line < first}
    assert listed == set(situations)


def test_every_application_question_of_the_situations_bank_is_in_a_situation():
    bank = next(b for b in SITE.banks if b.id == SITUATIONS_BANK)
    applied = {q.id for q in bank.questions if q.level == "应用"}
    assert len(applied) >= 40
    linked = {qid for _s, bank_id, qid, _l in _question_links(SITE.pages[SITUATIONS]) if bank_id == SITUATIONS_BANK}
    assert applied - linked == set(NOT_IN_A_SITUATION)
    assert linked <= {q.id for q in bank.questions}


def test_every_linked_question_shows_its_way_back(built_site):
    page = SITE.pages[SITUATIONS]
    headings = {h.id: h.text for h in page.headings}
    links = _question_links(page)
    assert links
    for section, bank_id, qid, _line in links:
        html = (built_site / bank_page_rel(bank_id).replace(".md", ".html")).read_text(encoding="utf-8")
        form = re.search(rf'<form class="kb-q" id="q-{qid}".*?</form>', html, re.S)
        assert form, qid
        back = f'相关情境：<a href="../situations.html#{section}">{headings[section]}</a>'
        related = re.search(r'<p class="kb-q__related">(.*?)</p>', form.group(0))
        assert related and back in related.group(0), (qid, section)
        # Under the explanation, revealed with it: the situation quotes the deciding passage.
        explanation = form.group(0).index('class="kb-q__explanation"')
        assert explanation < form.group(0).index("kb-q__related")


def test_backlinks_work_for_any_bank_and_are_escaped(tmp_path):
    """Generic: a page linking to questions of two other banks gets a link under each, its
    heading escaped; questions nobody links to get nothing."""
    one, two = SITE.banks[0], SITE.banks[1]
    body = (
        f"## 情境 <b>甲</b> {{#sit-a}}\n\n- [题](quizzes/{one.id}.md#q-{one.questions[0].id})\n"
        f"- [题](quizzes/{two.id}.md#q-{two.questions[-1].id})\n\n## 情境乙 {{#sit-b}}\n\n"
        f"- [题](quizzes/{one.id}.md#q-{one.questions[0].id})\n- [无](quizzes/{one.id}.md#q-not-a-question)\n"
    )
    (tmp_path / "x.md").write_text(body, encoding="utf-8")
    page = load_page(tmp_path / "x.md", tmp_path)
    # Only the bank pages and this one: no real page may add its own links to these questions.
    pages = {**{rel: p for rel, p in SITE.pages.items() if p.generated}, "x.md": page}
    first = backlinks.render_related(pages, one.page_rel, one.questions[0].id)
    assert first == (
        '<p class="kb-q__related">相关情境：<a href="../x.html#sit-a">情境 &lt;b&gt;甲&lt;/b&gt;</a>、'
        '<a href="../x.html#sit-b">情境乙</a></p>'
    )
    assert 'href="../x.html#sit-a"' in backlinks.render_related(pages, two.page_rel, two.questions[-1].id)
    assert backlinks.render_related(pages, one.page_rel, one.questions[1].id) == ""
    assert backlinks.render_related(pages, one.page_rel, "not-a-question") == ""
    # The bank page renderer writes it under the question.
    html = quiz_page.render_bank(two, pages)
    form = re.search(rf'<form class="kb-q" id="q-{two.questions[-1].id}".*?</form>', html, re.S).group(0)
    assert "相关情境：" in form


@pytest.mark.parametrize("rel", [*ROLE_PAGES, "roles/index.md", SITUATIONS], ids=str)
def test_readers_never_see_raw_ids(built_site, rel):
    text = page_text((built_site / rel.replace(".md", ".html")).read_text(encoding="utf-8"))
    assert RAW_ID.findall(text) == []


def _role_mix() -> dict[str, tuple[int, int]]:
    """Role -> (理解 + 应用, all) over the banks shown on its page (the bank's ``audience``,
    as ``render_role_quizzes`` picks them); a question counts once per role."""
    mix = {}
    for rel in ROLE_PAGES:
        role = SITE.pages[rel].meta["role"]
        levels = Counter(q.level for b in SITE.banks if role in b.audience for q in b.questions)
        mix[role] = (levels["理解"] + levels["应用"], sum(levels.values()))
    return mix


@pytest.mark.parametrize("role", sorted(_role_mix()), ids=str)
def test_each_role_mix_is_at_least_30_percent_understanding_and_application(role):
    higher, total = _role_mix()[role]
    assert total, f"{role}: no bank lists this role in its audience"
    assert higher / total >= MIN_UNDERSTANDING_AND_APPLICATION, f"{role}: {higher}/{total}"


ROLE_NAMES = {rel: SITE.pages[rel].meta["role"] for rel in ROLE_PAGES if SITE.pages[rel].meta.get("role")}


def _yaml_questions_for(role: str) -> dict[str, list[str]]:
    """Straight from the bank files: per bank, the questions whose audience (their own, else the
    bank's; none = everyone) names ``role``."""
    import yaml

    out = {}
    for path in sorted((ROOT / "quizzes").glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if path.name == "shortfalls.yml":
            continue
        ids = [q["id"] for q in data["questions"] if role in (q.get("audience") or data.get("audience") or [role])]
        if ids:
            out[path.stem] = ids
    return out


@pytest.mark.parametrize("rel", sorted(ROLE_NAMES), ids=str)
def test_role_practice_offers_exactly_the_questions_for_the_role(rel):
    from urllib.parse import unquote

    from kb.render import quiz_blocks

    role = ROLE_NAMES[rel]
    expected = _yaml_questions_for(role)
    text = quiz_blocks.render_role_quizzes(SITE.banks, SITE.pages[rel], SITE.shortfalls)
    links = re.findall(r"^- \[[^\]]+\]\(\.\./quizzes/([a-z0-9-]+)\.md\?role=([^)]+)\)：(\d+) 题", text, re.M)
    assert {bank: int(n) for bank, _, n in links} == {bank: len(ids) for bank, ids in expected.items()}
    assert {unquote(r) for _, r, _ in links} == {role}
    total = sum(len(ids) for ids in expected.values())
    assert f"本岗位的题共 {total} 道" in text
    # The progress counts these questions only; the exam and the review are for the role too.
    progress = json.loads(html.unescape(re.search(r'data-banks="([^"]*)"', text).group(1)))
    assert {row["id"]: sorted(row["keys"]) for row in progress} == {
        bank: sorted(f"{bank}/{q}" for q in ids) for bank, ids in expected.items()
    }
    assert all(row["n"] == len(row["keys"]) for row in progress)
    assert re.search(rf"\(\.\./quizzes/exam\.md\?roles={re.escape(url_quote(role))}&n=\d+\)", text)
    assert f"(../quizzes/wrong-answers.md?review&roles={url_quote(role)}#review)" in text


def test_a_role_gets_part_of_a_bank_when_its_questions_name_their_roles():
    """Per-question audience at work: some role is offered only part of some bank (a village
    liaison does not get every situation)."""
    whole = {b.id: len(b.questions) for b in SITE.banks}
    partial = [
        (role, bank, len(ids)) for role in ROLE_NAMES.values() for bank, ids in _yaml_questions_for(role).items()
        if len(ids) < whole[bank]
    ]  # fmt: skip
    assert partial
    liaison = _yaml_questions_for("村（社区）统战联络员")
    assert len(liaison.get("situations", [])) < whole["situations"]
