"""The generated blocks a page may hold (``<!-- kb:NAME -->`` on a line of its own).

One table, name -> renderer: the dispatcher fills the blocks from it.  The names themselves
are data in content/names.py (``BLOCK_NAMES``), which the checker reads without loading any
renderer; a test holds this table's names equal to them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from ..content.documents import draft_rels
from ..session import current
from . import analysis, glossary, orgchart, provenance, quiz_blocks

if TYPE_CHECKING:
    from ..content.pages import Page
    from ..site import Site

Renderer = Callable[["Site", "Page"], str]

BLOCKS: dict[str, Renderer] = {
    "problem-table": analysis.render_problem_table,
    "glossary": glossary.render_glossary_table,
    "sources-table": lambda site, page: provenance.render_sources_table(),
    "errata-table": lambda site, page: provenance.render_errata_table(),
    "duplicates": lambda site, page: provenance.render_duplicates(),
    "cleaning-steps": lambda site, page: provenance.render_cleaning_steps(),
    "quiz-list": lambda site, page: quiz_blocks.render_quiz_list(site.banks, page),
    "coverage": lambda site, page: quiz_blocks.render_coverage(site.banks, site.shortfalls, page),
    "role-quizzes": lambda site, page: quiz_blocks.render_role_quizzes(site.banks, page, site.shortfalls),
    "deploy-nginx": lambda site, page: provenance.render_deploy_file("nginx.conf", "nginx"),
    "deploy-apache": lambda site, page: provenance.render_deploy_file("apache.conf", "apache"),
    "deploy-iis": lambda site, page: provenance.render_deploy_file("web.config", "xml"),
    "wrong-book": lambda site, page: quiz_blocks.render_wrong_book(page, site.banks),
    "quiz-progress": lambda site, page: quiz_blocks.render_quiz_progress(site.banks, site.shortfalls, page),
    "exam": lambda site, page: quiz_blocks.render_exam(page),
    "class-results": lambda site, page: _class_results(page),
    "continue": lambda site, page: quiz_blocks.render_continue(page, site.banks, site.of_kind("role")),
    "org-chart": orgchart.render_org_chart,
    "documents": lambda site, page: _documents(site, page),
}


def _documents(site: Site, page: Page) -> str:
    # A build leaves drafts out (listed without a link); the preview shows them.
    leave_out = set() if current().previewing else draft_rels(site.pages)
    return provenance.render_documents(site.pages, page.rel, leave_out)


def _class_results(page: Page) -> str:
    from ..results.page import render_class_results  # kb.results imports the render package

    return render_class_results(page)


def block_anchor_ids(site: Site, page: Page) -> set[str]:
    """The heading ids the page's generated blocks write (the 对照表's ``theme-N``), which the
    page's Markdown does not hold: whatever names a passage by anchor (search/keywords.yml)
    may name these too."""
    from ..content.pages import ATTR_ID

    ids: set[str] = set()
    for name, _line in page.placeholders:
        if name in BLOCKS:
            ids |= {m.group(1) for line in BLOCKS[name](site, page).splitlines() if (m := ATTR_ID.search(line))}
    return ids
