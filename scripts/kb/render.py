"""One dispatcher per MkDocs event; each asks small ``render_*`` functions in turn."""

from __future__ import annotations

import re
from pathlib import Path

from . import quiz, render_analysis, render_glossary, render_provenance, render_quiz, render_quiz_pages
from .problems import Problem
from .site import Site, load_site

_site: Site | None = None
QUIZ_DIR = Path(__file__).resolve().parents[2] / "quizzes"
QUIZ_PLACEHOLDER = re.compile(r"<!--\s*kb:quiz ([a-z0-9-]+)\s*-->")


def load(docs_dir: str | Path, quiz_dir: Path = QUIZ_DIR) -> list[Problem]:
    """Load pages and banks once per build; returns the banks' problems (the build stops on any)."""
    global _site
    _site = load_site(Path(docs_dir))
    _site.banks, _site.shortfalls, problems = quiz.load_quizzes(quiz_dir, _site.pages)
    return problems


def quiz_dir(config_file: str | None, extra: dict) -> Path:
    """quizzes/ beside mkdocs.yml, or ``extra.quiz_dir`` (tests build sites with other banks)."""
    base = Path(config_file).parent if config_file else QUIZ_DIR.parent
    return (base / extra.get("quiz_dir", "quizzes")).resolve()


def generated_pages() -> dict[str, str]:
    """Pages made at build time: one per question bank (docs path -> Markdown source)."""
    return {render_quiz.bank_page_rel(b): render_quiz.bank_markdown(b) for b in site().banks}


# Beyond this many banks the nav would list hundreds of pages on every quiz page (Material
# renders the whole active section); the quiz index page lists them all instead.
MAX_BANKS_IN_NAV = 30


def banks_in_nav() -> bool:
    return len(site().banks) <= MAX_BANKS_IN_NAV


def extend_nav(nav: list) -> list:
    """Add the bank pages to the nav section that holds quizzes/index.md (if not too many)."""
    if not banks_in_nav():
        return nav
    for entry in nav or []:
        if isinstance(entry, dict):
            for items in entry.values():
                if isinstance(items, list) and "quizzes/index.md" in items:
                    items += [{b.title: render_quiz.bank_page_rel(b)} for b in site().banks]
                elif isinstance(items, list):
                    extend_nav(items)
    return nav


def site() -> Site:
    if _site is None:
        raise RuntimeError("kb.render.load(docs_dir) must run first (the on_files hook does)")
    return _site


def page_markdown(markdown: str, src_uri: str) -> str:
    page = site().pages.get(src_uri)
    if page is None:
        return markdown
    for render in (render_analysis.render_attribution, render_analysis.render_measure_links):
        markdown = render(markdown, page) or markdown
    return render_placeholders(markdown, page)


def render_placeholders(markdown: str, page) -> str:
    blocks = {
        "problem-table": lambda: render_analysis.render_problem_table(site(), page),
        "glossary": lambda: render_glossary.render_glossary_table(site(), page),
        "sources-table": render_provenance.render_sources_table,
        "errata-table": render_provenance.render_errata_table,
        "duplicates": render_provenance.render_duplicates,
        "cleaning-steps": render_provenance.render_cleaning_steps,
        "quiz-list": lambda: render_quiz_pages.render_quiz_list(site().banks, page),
        "coverage": lambda: render_quiz_pages.render_coverage(site().banks, site().shortfalls, page),
        "role-quizzes": lambda: render_quiz_pages.render_role_quizzes(site().banks, page),
        "deploy-nginx": lambda: render_provenance.render_deploy_file("nginx.conf", "nginx"),
        "deploy-apache": lambda: render_provenance.render_deploy_file("apache.conf", "apache"),
        "deploy-iis": lambda: render_provenance.render_deploy_file("web.config", "xml"),
        "wrong-book": lambda: render_quiz_pages.render_wrong_book(page),
    }
    return re.sub(
        r"^<!--\s*kb:([a-z-]+)\s*-->\s*$",
        lambda m: blocks[m.group(1)]() if m.group(1) in blocks else m.group(0),
        markdown,
        flags=re.M,
    )


def page_html(html: str, src_uri: str) -> str:
    banks = {b.id: b for b in site().banks}
    m = QUIZ_PLACEHOLDER.search(html)
    if m and m.group(1) in banks:
        # Quiz HTML is inserted after Markdown so trainer text is never parsed as HTML;
        # glossary tooltips are not added inside questions (they would give answers away).
        html = render_glossary.render_tooltips(html, site().glossary)
        return html.replace(m.group(0), render_quiz.render_bank(banks[m.group(1)], site().pages))
    return render_glossary.render_tooltips(html, site().glossary)
