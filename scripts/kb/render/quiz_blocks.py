"""Blocks on the quiz index, coverage, 错题本 and role pages."""

from __future__ import annotations

import html
import json
import re
from dataclasses import replace
from urllib.parse import quote

from ..content.pages import HEADING, Page, resolve_link
from ..quiz.coverage import LEVEL_ORDER, coverage_keys, covering_questions, level_mix, level_text
from ..quiz.model import TYPE_SHORT, Bank, Shortfall
from .exam_data import EXAM_DATA
from .inline_md import plain_md
from .links import asset, link, url
from .quiz_page import ASSET_DIR

EXAM_SIZE = 10  # the role page's 模拟考试 link: questions, or fewer if the role has fewer


def _bank_link(here: Page, bank: Bank) -> str:
    return f"[{plain_md(bank.title)}]({link(here.rel, bank.page_rel)})"


def render_quiz_list(banks: list[Bank], here: Page) -> str:
    lines = ["| 题库 | 适用岗位 | 题数 | 题型 |", "|---|---|---|---|"]
    for bank in banks:
        types = {}
        for q in bank.questions:
            types[q.type] = types.get(q.type, 0) + 1
        mix = "、".join(f"{TYPE_SHORT[t]} {n}" for t, n in types.items())
        lines.append(
            f"| {_bank_link(here, bank)} | {plain_md('、'.join(bank.audience)) or '全体'} | {len(bank.questions)} | {mix} |"
        )
    total = sum(len(b.questions) for b in banks)
    return "\n".join([f"共 {len(banks)} 个题库、{total} 道题。", "", *lines])


def render_coverage(banks: list[Bank], shortfalls: list[Shortfall], here: Page) -> str:
    """One section per shortfall (a table of five columns is unreadable on a phone)."""
    keys = coverage_keys(banks, shortfalls)
    questions = covering_questions(banks, shortfalls)
    summary = ["| 培训短板 | 题数（不同原文段落） | 我的掌握情况 |", "|---|---|---|"]
    sections = []
    for s in shortfalls:
        mine = keys[s.id]
        passages = len({q.source for q in questions[s.id]})
        levels = level_text(questions[s.id])
        mastery = f'<span data-kb-mastery data-keys="{html.escape(" ".join(mine))}">需启用 JavaScript</span>'
        summary.append(f"| [{plain_md(s.title)}](#shortfall-{s.id}) | {len(mine)}（{passages} 段） | {mastery} |")
        per_bank = {b.id: sum(1 for k in mine if k.startswith(b.id + "/")) for b in banks}
        sources = [
            f"- “{plain_md(p['quote'])}”（[原文]({link(here.rel, *p['source'].split('#', 1))})）" for p in s.passages
        ]
        covering = [f"- {_bank_link(here, b)}：{per_bank[b.id]} 题" for b in banks if per_bank[b.id]]
        sections += [
            f"## {plain_md(s.title)} {{#shortfall-{s.id}}}",
            "",
            "原文依据：",
            "",
            *sources,
            "",
            f"针对这一短板的题目共 {len(mine)} 道，引用 {passages} 段不同的原文；层次：{levels}。",
            "",
            *(covering or ["- （暂无）"]),
            "",
        ]
    return "\n".join([*summary, "", *sections, *render_level_table(banks, here), quiz_assets(here)])


def render_level_table(banks: list[Bank], here: Page) -> list[str]:
    """The level mix (识记/理解/应用) of every bank: a table of four columns at most."""
    rows = [f"| 题库 | {' | '.join(LEVEL_ORDER)} |", "|---|" + "---|" * len(LEVEL_ORDER)]
    for bank in banks:
        mix = level_mix(bank.questions)
        rows.append(f"| {_bank_link(here, bank)} | {' | '.join(str(mix[level]) for level in LEVEL_ORDER)} |")
    return [
        "## 各题库的认知层次 {#levels}",
        "",
        f"识记、理解、应用的含义见[出题指南]({link(here.rel, 'guide/quiz-authoring.md', 'levels')})。",
        "",
        *rows,
        "",
    ]


def for_role(banks: list[Bank], role: str) -> list[Bank]:
    """Each bank cut to the questions for ``role`` (``Bank.is_for``: per-question audience, else
    the bank's); banks with none left out."""
    cut = [replace(b, questions=[q for q in b.questions if b.is_for(q, role)]) for b in banks]
    return [b for b in cut if b.questions]


def render_role_quizzes(banks: list[Bank], here: Page, shortfalls: list[Shortfall] = ()) -> str:
    """给我的练习: per bank, a link to the bank page showing only this role's questions
    (BANK.html?role=…, quiz.js), a 模拟考试 and 今日复习 for the role, and the progress."""
    role = here.meta.get("role")
    mine = for_role(banks, role) if role else []
    if not mine:
        return "暂无针对本岗位的题目，可先做[全部题库](../quizzes/index.md)中的练习。"
    whole = {b.id: len(b.questions) for b in banks}
    query = "role=" + quote(role)
    items = [
        f"- [{plain_md(b.title)}]({link(here.rel, b.page_rel)}?{query})：{len(b.questions)} 题"
        + (f"（全库 {whole[b.id]} 题）" if whole[b.id] > len(b.questions) else "")
        for b in mine
    ]
    total = sum(len(b.questions) for b in mine)
    exam = f"{link(here.rel, 'quizzes/exam.md')}?roles={quote(role)}&n={min(EXAM_SIZE, total)}"
    review = f"{link(here.rel, 'quizzes/wrong-answers.md')}?review&roles={quote(role)}#review"
    lines = [
        f"本岗位的题共 {total} 道，点题库名只练这些题：",
        "",
        *items,
        "",
        "或者：",
        "",
        f"- [本岗位模拟考试（{min(EXAM_SIZE, total)} 题）]({exam})",
        f"- [本岗位今日复习]({review})",
    ]
    # Progress per shortfall over this role's questions only (the quiz index shows all banks).
    keys = coverage_keys(mine, list(shortfalls))
    mastery = [(s, keys[s.id]) for s in shortfalls if keys[s.id]]
    return "\n".join(lines) + f"\n\n{_progress(mine, mastery, here, role=role)}\n{quiz_assets(here)}"


def _attr(data) -> str:
    return html.escape(json.dumps(data, ensure_ascii=False, separators=(",", ":")))


def _progress(
    banks: list[Bank], shortfalls: list[tuple[Shortfall, list[str]]], here: Page, extra: str = "", role: str = ""
) -> str:
    """A placeholder quiz.js fills with my progress per bank (and per shortfall) from localStorage;
    for a role, over that role's questions (``keys``) and linking to the filtered bank page."""
    rows = [{"id": b.id, "title": b.title, "n": len(b.questions), "href": url(here.rel, b.page_rel)} for b in banks]
    if role:
        for row, b in zip(rows, banks, strict=True):
            row["href"] += "?role=" + quote(role)
            row["keys"] = [f"{b.id}/{q.id}" for q in b.questions]
    sf = [{"title": s.title, "keys": keys} for s, keys in shortfalls]
    return (
        f'<div class="kb-progress" data-banks="{_attr(rows)}" data-shortfalls="{_attr(sf)}"{extra}>'
        "<p>学习进度需要浏览器启用 JavaScript。</p></div>"
    )


def render_quiz_progress(banks: list[Bank], shortfalls: list[Shortfall], here: Page) -> str:
    """The quiz index: 今日复习, progress per bank and shortfall, export/import of the record."""
    keys = coverage_keys(banks, shortfalls)
    review = html.escape(url(here.rel, "quizzes/wrong-answers.md", "review").replace(".html#", ".html?review#"))
    extra = f' data-review="{review}" data-record'
    return _progress(banks, [(s, keys[s.id]) for s in shortfalls], here, extra) + "\n" + quiz_assets(here)


def exam_assets(here: Page) -> str:
    """quiz.js, then every question (exam-data.js), then exam.js (the exam and 今日复习)."""
    base = asset(here.rel, ASSET_DIR)
    data = asset(here.rel, EXAM_DATA)
    return quiz_assets(here) + f'<script src="{data}" defer></script><script src="{base}/exam.js" defer></script>'


def render_exam(here: Page) -> str:
    return (
        '<div class="kb-exam"><p class="kb-quiz__notice">模拟考试需要浏览器启用 JavaScript。'
        "作答记录只保存在本机浏览器中，不会上传。</p></div>" + exam_assets(here)
    )


def _bank_ids(banks: list[Bank]) -> str:
    """The site's bank ids, for quiz.js to link only to banks that exist (never to a stored id)."""
    return html.escape(" ".join(b.id for b in banks))


_STEP_LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")


def role_steps(here: Page, role: Page) -> list[list]:
    """A role page's 学习步骤 (the numbered list of its ``path`` section) as data: each step a
    list of text pieces and [text, href] links, the hrefs made relative to ``here``."""
    start = role.anchors.get("path")
    if start is None:
        return []
    steps = []
    for line in role.body.split("\n")[start - role.body_line + 1 :]:
        if HEADING.match(line):
            break
        item = re.match(r"\d+\.\s+(.*)", line)
        if not item:
            continue
        parts, at = [], 0
        for m in _STEP_LINK.finditer(item.group(1)):
            parts.append(item.group(1)[at : m.start()])
            target, anchor = resolve_link(role, m.group(2))
            parts.append([m.group(1), url(here.rel, target, anchor)])
            at = m.end()
        parts.append(item.group(1)[at:])
        steps.append([p for p in parts if p])
    return steps


def render_continue(here: Page, banks: list[Bank] = (), roles: list[Page] = ()) -> str:
    """今日学习 on the home page.  As built (no JavaScript, no storage, file://): the role choice
    as plain links to the role pages.  quiz.js remembers the role chosen and, for a returning
    cadre, shows 继续学习, today's review and 错题本 counts and the role's next 学习步骤 from the
    data here.  Roles in the order the page links them (its 按角色学习 list)."""
    order = [target.split("#")[0] for target, _line, _col in here.links]
    roles = sorted(roles, key=lambda p: order.index(p.rel) if p.rel in order else len(order))
    data = [
        {"r": str(p.meta.get("role") or p.title), "t": p.title, "h": url(here.rel, p.rel), "s": role_steps(here, p)}
        for p in roles
    ]
    links = "".join(
        # 我是…: not the same link text as the page's 按角色学习 list below (one name, one link).
        f'<li><a href="{html.escape(d["h"])}" data-role="{html.escape(d["r"])}">我是{html.escape(d["t"])}</a></li>'
        for d in data
    )
    base = asset(here.rel, "quizzes") + "/"
    return (
        f'<div class="kb-today" data-base="{html.escape(base)}" data-banks="{_bank_ids(banks)}" data-roles="{_attr(data)}">'
        f'<div class="kb-today__choice"><p>选择您的岗位：</p><ul class="kb-today__roles">{links}</ul></div></div>\n'
        + quiz_assets(here)
    )


def quiz_assets(here: Page) -> str:
    """The quiz script and style, linked only from pages that use them (content pages stay light)."""
    base = asset(here.rel, ASSET_DIR)
    return f'<link rel="stylesheet" href="{base}/quiz.css"><script src="{base}/quiz.js" defer></script>'


def render_wrong_book(here: Page, banks: list[Bank] = ()) -> str:
    return (
        '<div class="kb-review" id="review"></div>'
        f'<div class="kb-wrongbook" data-banks="{_bank_ids(banks)}"><p>错题本需要浏览器启用 JavaScript。'
        "记录只保存在本机浏览器中，不会上传。</p></div>" + exam_assets(here)
    )
