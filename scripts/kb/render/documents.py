"""How document pages (``kind: document``, issue 25) show on the site: the status notice at
the top of each page, the 草稿 banner in the live preview, drafts left out of a build, their
place in the nav (原文资料) and the mark their search results carry.
"""

from __future__ import annotations

import re

from ..content import documents
from ..sources.registry import Source as SourceEntry
from .inline_md import plain_md

NAV_SECTION = "原文资料"
# The nav entry the 原文资料 section goes after (mkdocs.yml); at the end when it is missing.
NAV_AFTER = "工作原则与方针"
STATUS_VERB = {"已废止": "废止", "已修订": "修订"}

DRAFT_BANNER = (
    '!!! danger "草稿"\n'
    "    本页是草稿，只在本机预览中显示，不会出现在正式网站和发布包中。"
    "编辑核对无误后，删去页首的 draft: true 再构建。"
)


def entry_of(meta: dict, entries: list[SourceEntry]) -> SourceEntry | None:
    return next((e for e in entries if e.id == meta.get("source")), None)


def status_notice(entry: SourceEntry | None) -> str:
    """The ``!!! warning`` admonition of a source no longer in force ("" when it is 现行)."""
    if entry is None or entry.status not in STATUS_VERB:
        return ""
    when = f"于 {entry.status_date} " if entry.status_date else ""
    sentence = f"本文件已{when}{STATUS_VERB[entry.status]}"
    if entry.replaced_by:
        sentence += f"；现行版本：{plain_md(entry.replaced_by)}"
    return f'!!! warning "{entry.status}"\n    {sentence}。\n'


def search_mark(meta: dict, entries: list[SourceEntry]) -> str:
    """〔已废止〕 / 〔已修订〕 before the page title in the search index ("" otherwise)."""
    entry = entry_of(meta, entries) if documents.is_document(meta) else None
    return f"〔{entry.status}〕" if entry is not None and entry.status in STATUS_VERB else ""


def render_head(markdown: str, meta: dict, entries: list[SourceEntry], previewing: bool) -> str:
    """A document page's Markdown with its notices on top: 草稿 (preview only), then the status."""
    if not documents.is_document(meta):
        return markdown
    head = [status_notice(entry_of(meta, entries))]
    if previewing and documents.is_draft(meta):
        head.insert(0, DRAFT_BANNER + "\n")
    head = [h for h in head if h]
    return "\n".join(head) + "\n" + markdown if head else markdown


def draft_notes(pages: dict, docs_name: str = "docs") -> list[str]:
    """One 提醒 line per draft page, for the build's output."""
    return [f"{docs_name}/{rel}: {documents.DRAFT_NOTE}" for rel in sorted(documents.draft_rels(pages))]


def _natural(rel: str) -> tuple:
    # chapter-2 before chapter-10; the folder's index.md first.
    name = rel.rsplit("/", 1)[-1]
    return (name != "index.md", [int(t) if t.isdigit() else t for t in re.split(r"(\d+)", name)])


def nav_entries(pages: dict, entries: list[SourceEntry], leave_out: set[str]) -> list[dict]:
    """The 原文资料 entries: each source's pages in sources.yml order, a folder as a sub-section."""
    out = []
    for entry in entries:
        rels = [r for r, p in pages.items() if not p.generated and documents.is_document(p.meta)]
        rels = [r for r in rels if pages[r].meta.get("source") == entry.id and r not in leave_out]
        if not rels:
            continue
        listed = {r: n for n, r in enumerate(entry.pages)}
        rels.sort(key=lambda r: (r not in listed, listed.get(r, 0), _natural(r)))
        if len(rels) == 1:
            out.append({entry.title: rels[0]})
        else:
            index = [r for r in rels if r.endswith("/index.md")]
            out.append({entry.title: index + [r for r in rels if r not in index]})
    return out


def extend_nav(nav: list | None, pages: dict, entries: list[SourceEntry], leave_out: set[str]) -> list | None:
    """Add the 原文资料 section (after 工作原则与方针) when there is any document page to show."""
    found = nav_entries(pages, entries, leave_out)
    if nav is None or not found:
        return nav
    after = next((n + 1 for n, e in enumerate(nav) if isinstance(e, dict) and NAV_AFTER in e), len(nav))
    nav.insert(after, {NAV_SECTION: found})
    return nav
