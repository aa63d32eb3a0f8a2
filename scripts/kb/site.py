"""The site-wide model the renderers need: every page, loaded once per build."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from pathlib import Path

from . import content


@dataclass
class Site:
    docs_dir: Path
    pages: dict[str, content.Page]
    banks: list = field(default_factory=list)
    shortfalls: list = field(default_factory=list)

    def of_kind(self, kind: str) -> list[content.Page]:
        return [p for p in self.pages.values() if p.kind == kind]

    @property
    def glossary(self) -> list[dict]:
        # Asked once per page: cache it (a scan of every page each time is quadratic).
        if "_glossary" not in self.__dict__:
            terms = []
            for page in self.of_kind("glossary"):
                terms += [t for t in page.meta.get("terms", []) if isinstance(t, dict)]
            self.__dict__["_glossary"] = terms
        return self.__dict__["_glossary"]


def load_site(docs_dir: Path) -> Site:
    return Site(docs_dir, content.load_pages(docs_dir))


def link(from_rel: str, to_rel: str, anchor: str = "") -> str:
    """A Markdown link target from page ``from_rel`` to ``to_rel#anchor`` (docs-relative)."""
    if from_rel == to_rel and anchor:
        return f"#{anchor}"
    target = posixpath.relpath(to_rel, posixpath.dirname(from_rel) or ".")
    return f"{target}#{anchor}" if anchor else target
