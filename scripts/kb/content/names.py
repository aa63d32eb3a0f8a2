"""Names a page may use that the build fills in: generated blocks and files to download.

Data, not renderers: the page checker (check/pages.py) needs only the names, and render/ maps
each name to what makes it (render/blocks.py ``BLOCKS``, render/downloads.py ``DOWNLOADS``),
so checking a page loads no renderer.  A new block or download is named here and made there;
tests/test_import_graph.py holds the two lists equal.
"""

from __future__ import annotations

# <!-- kb:NAME --> on a line of its own
BLOCK_NAMES = frozenset(
    {
        "problem-table",
        "glossary",
        "sources-table",
        "errata-table",
        "duplicates",
        "cleaning-steps",
        "quiz-list",
        "coverage",
        "role-quizzes",
        "deploy-nginx",
        "deploy-apache",
        "deploy-iis",
        "wrong-book",
        "quiz-progress",
        "exam",
        "class-results",
        "continue",
        "org-chart",
        "documents",
    }
)

# Site paths of the files the build adds besides pages, which pages may link to like any file under docs/.
DOWNLOAD_NAMES = frozenset({"assets/quiz-template.xlsx"})  # the trainers' spreadsheet template (出题指南)
