"""Links between pages of the site, written relative so the same files work from file://."""

from __future__ import annotations

import posixpath


def link(from_rel: str, to_rel: str, anchor: str = "") -> str:
    """A Markdown link target from page ``from_rel`` to ``to_rel#anchor`` (docs-relative .md paths)."""
    if from_rel == to_rel and anchor:
        return f"#{anchor}"
    target = posixpath.relpath(to_rel, posixpath.dirname(from_rel) or ".")
    return f"{target}#{anchor}" if anchor else target


def url(from_rel: str, to_rel: str, anchor: str = "") -> str:
    """The same as an HTML href (for HTML written after Markdown; use_directory_urls is off)."""
    target = posixpath.relpath(to_rel.removesuffix(".md") + ".html", posixpath.dirname(from_rel) or ".")
    return f"{target}#{anchor}" if anchor else target


def asset(from_rel: str, path: str) -> str:
    """A site asset (``assets/quiz``) relative to the page ``from_rel``."""
    return posixpath.relpath(path, posixpath.dirname(from_rel) or ".")
