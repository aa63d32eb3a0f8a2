"""``build.py check``: print every problem of the site as ``path:line:col: message``.

Nothing stops at the first error: an editor fixes them all in one pass.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..content.problems import summary
from ..paths import DOCS, QUIZZES
from .site import Site, load_site, rel
from .sources import check_sources


def run(
    paths: list[Path] | None,
    out: Callable[[str], None] = print,
    docs_dir: Path = DOCS,
    quiz_dir: Path = QUIZZES,
    site: Site | None = None,
) -> bool:
    """Check everything (or only ``paths``); print problems and a summary; True if clean.

    Pages, the shortfall registry and every bank are loaded in full either way, because
    links and sources cross files; ``paths`` only limits which files' problems are shown.
    """
    site = site or load_site(docs_dir, quiz_dir)
    problems, files, warnings = list(site.problems), site.files, list(site.warnings)
    if paths:
        wanted = set()
        for p in paths:
            p = p.resolve()
            wanted |= {rel(f) for f in (p.rglob("*") if p.is_dir() else [p]) if f.is_file()}
        problems = [p for p in problems if p.path in wanted]
        warnings = [w for w in warnings if w.path in wanted]
        files = len(wanted)
    else:
        problems += check_sources()
    problems = sorted(problems)
    for problem in problems:
        out(str(problem))
    for warning in warnings:  # after the problems: they never fail the check
        out(str(warning))
    out(summary(problems, files, len(warnings)))
    return not problems
