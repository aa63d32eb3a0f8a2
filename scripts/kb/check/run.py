"""``build.py check``: print every problem of the site as ``path:line:col: message``.

Nothing stops at the first error: an editor fixes them all in one pass.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..content.problems import Problem, rel, summary
from ..content.safe_read import check_links_under
from ..paths import DOCS, OVERRIDES, QUIZZES
from ..quiz.model import REGISTRY, bank_files
from ..search.keywords import check_keywords
from ..search.synonyms import check_synonyms
from ..site import Site, load_site
from .sources import check_sources

NOT_READ = "这个文件没有被检查：check 只读取 docs/ 下的 .md 页面、quizzes/ 下的 .yml 题库和 quizzes/shortfalls.yml"
MISSING = "找不到这个文件或文件夹：请检查路径和文件名"


def loaded(site: Site) -> set[str]:
    """The files ``load_site`` read, as problems name them."""
    files = {rel(site.docs_dir / page.rel) for page in site.pages.values() if not page.generated and site.docs_dir}
    if site.quiz_dir:
        files |= {rel(p) for p in bank_files(site.quiz_dir)} | {rel(site.quiz_dir / REGISTRY)}
    return files


def project_problems(site: Site) -> list[Problem]:
    """Problems of the project's files beside docs/ and quizzes/ that every build reads:
    search data and template overrides (a link there leading outside the project would be
    copied into site/).  ``check`` prints them; the hooks stop a build on them or, while
    previewing, show them in the banner."""
    problems = check_synonyms() + check_links_under(OVERRIDES, "overrides")
    if site.docs_dir == DOCS.resolve():  # the keywords name this project's pages
        problems += check_keywords(site)
    return problems


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
            # The link's own name, not its target (a dangling link is named by its problem).
            p = p.parent.resolve() / p.name
            # Not only regular files: a FIFO or a dangling link named here has its problem too.
            wanted |= {rel(f) for f in (p.rglob("*") if p.is_dir() else [p]) if f.is_symlink() or not f.is_dir()}
        problems = [p for p in problems if p.path in wanted]
        # A file named on the command line that check does not read must not "pass".
        read = loaded(site)
        reported = {p.path for p in problems}
        for p in paths:
            shown = rel(p)
            if not p.exists() and not p.is_symlink():
                problems.append(Problem(shown, 1, 1, MISSING))
            elif not p.is_dir() and shown not in read and shown not in reported:
                problems.append(Problem(shown, 1, 1, NOT_READ))
        warnings = [w for w in warnings if w.path in wanted]
        files = len(wanted)
    else:
        problems += check_sources() + project_problems(site)
    problems = sorted(problems)
    for problem in problems:
        out(str(problem))
    for warning in warnings:  # after the problems: they never fail the check
        out(str(warning))
    out(summary(problems, files, len(warnings)))
    return not problems
