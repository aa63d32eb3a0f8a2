"""Analysis pages: the attribution note, measure → problem links, the cross-article table."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..content import schema
from ..content.pages import Page
from .links import link

if TYPE_CHECKING:
    from ..site import Site


def article_name(page: Page) -> str:
    return f"{page.meta.get('source', '')}《{page.title}》"


def render_attribution(markdown: str, page: Page) -> str | None:
    if page.kind != "analysis":
        return None
    note = (
        f'!!! note "编者按"\n\n    本页整理自{article_name(page)}，正文照录原文。'
        "文中对问题的分析和提出的建议、对策，是该文作者的观点，不是政策规定。\n"
    )
    also = page.meta.get("also_in") or []
    if also:
        note += f"    原材料中的{'、'.join(also)}与本篇内容相同，只收录一次，见[来源说明]({link(page.rel, 'about/provenance.md', 'duplicates')})。\n"
    return note + "\n" + markdown


def render_measure_links(markdown: str, page: Page) -> str | None:
    if page.kind != "analysis":
        return None
    answers = {i["id"]: i.get("answers") or [] for i in page.meta.get("items", []) if i.get("type") == "measure"}
    if not answers:
        return None

    def add(match: re.Match) -> str:
        problems = answers.get(match.group(2))
        if not problems:
            return match.group(0)
        links = "、".join(f"[{h.text}](#{p})" for p in problems if (h := page.heading(p)) is not None)
        return f"{match.group(0)}\n\n*编者归纳·针对的问题：{links}*\n"

    return re.sub(r"^(#{2,6} .*\{#(measure-\d+)\}\s*)$", add, markdown, flags=re.M)


def render_problem_table(site: Site, here: Page) -> str:
    """Problems across all articles grouped by theme, each with the measures that answer it."""
    rows: dict[str, list[str]] = {theme: [] for theme in schema.THEMES}
    for page in sorted(site.of_kind("analysis"), key=lambda p: p.meta.get("source", "")):
        items = page.meta.get("items", [])
        for item in items:
            if item.get("type") != "problem" or item.get("theme") not in rows:
                continue
            heading = page.heading(item["id"])
            measures = [
                f"[{m.text}]({link(here.rel, page.rel, i['id'])})"
                for i in items
                if item["id"] in (i.get("answers") or []) and (m := page.heading(i["id"])) is not None
            ]
            problem = f"[{heading.text if heading else item['id']}]({link(here.rel, page.rel, item['id'])})"
            rows[item["theme"]].append(
                f"| {problem} | {page.meta.get('source', '')} | {'<br>'.join(measures) or '（原文未提出对应对策）'} |"
            )
    out = []
    for theme, lines in rows.items():
        if not lines:
            continue
        out += [
            f"### {theme} {{#theme-{schema.THEMES.index(theme) + 1}}}",
            "",
            "| 问题 | 出处 | 该文提出的对策或建议 |",
            "|---|---|---|",
            *lines,
            "",
        ]
    return "\n".join(out)
