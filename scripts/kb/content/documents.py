"""Document pages (``kind: document``, issue 25) and the sources.yml entries they come from
(``kb.sources.registry``, the one definition of that file)."""

from __future__ import annotations

import posixpath
from pathlib import Path

from ..paths import SOURCES
from ..sources import registry

CATEGORIES = ("policy", "duties", "analysis")
STATUSES = ("现行", "已修订", "已废止")
CURRENT = "现行"
DRAFT_NOTE = "提醒：草稿页面未发布；编辑核对后删去 draft: true 再构建"


def source_entries(directory: Path = SOURCES) -> list[registry.Source]:
    """Every entry of sources.yml, in file order (what a broken registry still gives: ``check``
    reports its problems)."""
    return registry.load_registry(directory)[0]


def is_document(meta: dict) -> bool:
    return meta.get("kind") == "document"


def is_draft(meta: dict) -> bool:
    return is_document(meta) and meta.get("draft") is True


def draft_rels(pages: dict) -> set[str]:
    """docs/-relative paths of the draft pages among ``pages`` (rel -> content Page)."""
    return {rel for rel, page in pages.items() if not page.generated and is_draft(page.meta)}


def link_target(page_rel: str, target: str) -> str:
    """The docs/-relative page a link written on ``page_rel`` leads to (anchor dropped)."""
    path = target.partition("#")[0]
    if not path:
        return page_rel
    rel = posixpath.normpath(posixpath.join(posixpath.dirname(page_rel), path))
    return rel + "index.md" if rel.endswith("/") else rel
