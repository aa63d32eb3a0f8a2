"""Links between pages of the site, written relative so the same files work from file://."""

from __future__ import annotations

import posixpath
from functools import lru_cache


def _relpath(path: str, start: str) -> str:
    # posixpath.relpath asks the OS for the working directory each time, and the 模拟考试's
    # data alone makes a link per question (issue 22).  Between two paths inside the site the
    # answer does not depend on that directory, so it is kept; a path leading out (..) is not.
    if path.startswith("..") or start.startswith(".."):
        return posixpath.relpath(path, start)
    return _inside(path, start)


@lru_cache(maxsize=8192)
def _inside(path: str, start: str) -> str:
    return posixpath.relpath(path, start)


def link(from_rel: str, to_rel: str, anchor: str = "") -> str:
    """A Markdown link target from page ``from_rel`` to ``to_rel#anchor`` (docs-relative .md paths)."""
    if from_rel == to_rel and anchor:
        return f"#{anchor}"
    target = _relpath(to_rel, posixpath.dirname(from_rel) or ".")
    return f"{target}#{anchor}" if anchor else target


def url(from_rel: str, to_rel: str, anchor: str = "") -> str:
    """The same as an HTML href (for HTML written after Markdown; use_directory_urls is off)."""
    target = _relpath(to_rel.removesuffix(".md") + ".html", posixpath.dirname(from_rel) or ".")
    return f"{target}#{anchor}" if anchor else target


def asset(from_rel: str, path: str) -> str:
    """A site asset (``assets/quiz``) relative to the page ``from_rel``."""
    return _relpath(path, posixpath.dirname(from_rel) or ".")
