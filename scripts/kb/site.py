"""The site loaded once: every page, every bank, the shortfall registry and their problems.

``load_site`` is the one loader: ``build.py check`` prints its problems, the MkDocs hooks
render from it (and stop a build, or show the problems in the live preview, on any), and the
trainers' commands (export, paper, results) read the banks from it.  Not a stage of its own:
it joins content/, quiz/ and the page rules of check/, and every later stage (render, search,
ship) and every command imports it, so it sits beside them rather than inside check/.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .check.pages import check_pages
from .content.pages import Page, load_pages
from .content.problems import Problem, rel
from .paths import DOCS, QUIZZES
from .quiz.load import load_quizzes
from .quiz.model import REGISTRY, Bank, Shortfall, bank_files
from .quiz.quality import check_groups
from .quiz.rules import near_duplicates


@dataclass
class Site:
    pages: dict[str, Page]
    banks: list[Bank] = field(default_factory=list)
    shortfalls: list[Shortfall] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # pages, banks and registry, sorted
    files: int = 0  # content files read (pages, banks, registry)
    docs_dir: Path | None = None  # where it was loaded from (the build reuses a site loaded by check)
    quiz_dir: Path | None = None
    warnings: list[Problem] = field(default_factory=list)  # 提醒 (near-duplicates, item quality): never fail

    def of_kind(self, kind: str) -> list[Page]:
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


def add_bank_pages(pages: dict[str, Page], banks: list[Bank], docs_dir: Path) -> None:
    """Bank pages are generated at build time; register them so links to them resolve."""
    for bank in banks:
        if bank.page_rel not in pages:
            page = Page(docs_dir / bank.page_rel, bank.page_rel, None, None, "", 1, generated=True)
            page.anchors = {f"q-{q.id}": 1 for q in bank.questions}
            pages[bank.page_rel] = page


def load_site(docs_dir: Path = DOCS, quiz_dir: Path = QUIZZES) -> Site:
    pages = load_pages(docs_dir)
    banks, shortfalls, problems = load_quizzes(quiz_dir, pages, rel_of=rel)
    add_bank_pages(pages, banks, docs_dir)
    problems += [Problem(rel(docs_dir / p.path), p.line, p.col, p.message, p.warning) for p in check_pages(pages)]
    registry = 1 if (quiz_dir / REGISTRY).exists() else 0
    files = len([p for p in pages.values() if not p.generated]) + len(bank_files(quiz_dir)) + registry
    warnings = sorted(
        [p for p in problems if p.warning] + near_duplicates(banks, rel_of=rel) + check_groups(banks, rel)
    )
    problems = [p for p in problems if not p.warning]
    return Site(
        pages, banks, shortfalls, sorted(problems), files, docs_dir.resolve(), quiz_dir.resolve(), warnings=warnings
    )
