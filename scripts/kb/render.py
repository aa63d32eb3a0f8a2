"""One dispatcher per MkDocs event; each asks small ``render_*`` functions in turn."""

from __future__ import annotations

import re
from pathlib import Path

from . import render_analysis, render_glossary, render_provenance
from .site import Site, load_site

_site: Site | None = None


def load(docs_dir: str | Path) -> Site:
    global _site
    _site = load_site(Path(docs_dir))
    return _site


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
    }
    return re.sub(
        r"^<!--\s*kb:([a-z-]+)\s*-->\s*$",
        lambda m: blocks[m.group(1)]() if m.group(1) in blocks else m.group(0),
        markdown,
        flags=re.M,
    )


def page_html(html: str, src_uri: str) -> str:
    return render_glossary.render_tooltips(html, site().glossary)
