"""The theme's static files, listed from a cache (issue 22).

To find the static files it copies, MkDocs lists every file of every theme folder (Material's
folder holds some 14,500, icons included) and tests each name against its patterns: 0.05 s of
every build, for a list that changes only when a package is installed.  The names MkDocs keeps
from an installed theme folder are stored per folder, keyed on the folder, the installed
MkDocs and Material, MkDocs' filter (which function) and the theme's static templates (what the filter
reads of the configuration): in the session, for the preview's rebuilds, and in the project's
disk cache (``kb.disk_cache``) for the builds that follow.  ``custom_dir`` (overrides/, which
trainers edit) is listed every time.  The list is the one MkDocs makes (tests/test_build_speedups.py
compares them).
"""

from __future__ import annotations

from pathlib import Path

import jinja2
import material
import mkdocs

from .. import disk_cache
from ..session import current


def _listing(folder: str) -> list[str]:
    return jinja2.FileSystemLoader([folder]).list_templates()


def _kept(folder: str, filter_func, static_templates: tuple[str, ...]) -> list[str]:
    code = filter_func.__code__
    memory = current().preview.listings
    k = (folder, code, static_templates)
    if k not in memory:
        disk = disk_cache.key(
            folder,
            mkdocs.__version__,
            material.__version__,
            f"{code.co_filename}:{code.co_firstlineno}:{code.co_qualname}",  # which filter (MkDocs' code by its version)
            "\0".join(static_templates),
        )
        # One entry per folder (the cache keeps one per name).
        text = disk_cache.cached(
            f"theme-files-{disk_cache.key(folder)[:12]}",
            disk,
            lambda: "\n".join(n for n in _listing(folder) if filter_func(n)).encode(),
        ).decode()
        memory[k] = text.split("\n") if text else []
    return memory[k]


def use_cached_listing(theme) -> None:
    """Make the theme's Jinja environments list the installed theme folders' static files from
    the cache when MkDocs asks (``Files.add_files_from_theme``)."""
    get_env = type(theme).get_env
    custom = str(Path(theme.custom_dir).resolve()) if theme.custom_dir else None

    def cached_get_env() -> jinja2.Environment:
        env = get_env(theme)
        folders = list(env.loader.searchpath)

        def list_templates(extensions=None, filter_func=None) -> list[str]:
            if extensions is not None or filter_func is None:
                return jinja2.Environment.list_templates(env, extensions, filter_func)
            names: set[str] = set()
            for folder in folders:
                if custom is not None and str(Path(folder).resolve()) == custom:
                    names.update(n for n in _listing(folder) if filter_func(n))  # overrides/: always listed
                else:
                    # sorted: a set, whose order changes from one process to the next
                    names.update(_kept(folder, filter_func, tuple(sorted(theme.static_templates))))
            return sorted(names)

        env.list_templates = list_templates
        return env

    theme.get_env = cached_get_env
