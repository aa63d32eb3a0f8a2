"""Rules on document pages (``kind: document``, issue 25): their source is registered, and no
published page or question leads to a draft (a draft is left out of ``build``/``dist``).
"""

from __future__ import annotations

from ..content import documents
from ..content.pages import Page
from ..content.problems import Problem, rel


def check_document_sources(pages: dict[str, Page], entries: list | None = None) -> list[Problem]:
    """Each document page's ``source`` names an entry of sources/sources.yml."""
    pages_of_kind = [p for p in pages.values() if not p.generated and documents.is_document(p.meta)]
    if not pages_of_kind:
        return []
    ids = [e.id for e in (documents.source_entries() if entries is None else entries)]
    problems = []
    for page in pages_of_kind:
        source = page.meta.get("source")
        if isinstance(source, str) and source not in ids:
            known = "、".join(ids) or "（无）"
            problems.append(
                Problem(
                    page.rel,
                    *page.front.where(("source",)),
                    f"来源 id“{source}”没有登记在 sources/sources.yml 中：请改为已登记的 id（{known}），"
                    "或先用 python scripts/build.py add-source 登记这份文件",
                )
            )
    return problems


def check_links_to_drafts(pages: dict[str, Page], banks: list = (), rel_of=rel) -> list[Problem]:
    """A published page or a question that leads to a draft page: the build leaves drafts out,
    so the link would lead nowhere on the published site (the preview builds drafts: no problem)."""
    drafts = documents.draft_rels(pages)
    if not drafts:
        return []
    problems = []
    for page in pages.values():
        if page.generated or page.rel in drafts:
            continue
        for target, line, col in page.links:
            rel = documents.link_target(page.rel, target)
            if rel in drafts:
                problems.append(Problem(rel_of(page.path), line, col, _to_draft(rel)))
    for bank in banks:
        for q in bank.questions:
            target = documents.link_target("", str(q.source or ""))
            if target in drafts:
                problems.append(Problem(rel_of(bank.path), q.line or 1, 1, f"题目 {q.id} 的出处：{_to_draft(target)}"))
    return problems


def _to_draft(rel: str) -> str:
    return f"链接指向草稿页面 {rel}，草稿不会发布：请等编辑核对该页、删去 draft: true 后再链接，或暂时删去这个链接"
