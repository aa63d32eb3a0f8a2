"""What the MkDocs hooks ask for, per event; each answer comes from small renderers.

The site (pages, banks, registry) is loaded once per build by ``load`` (from ``on_config``)
and kept on the build session (``kb.session``) for the page events that follow.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path

from ..check.documents import check_links_to_drafts
from ..content import documents as document_pages
from ..content.problems import Problem, rel
from ..paths import ROOT
from ..quiz.model import bank_files, bank_page_rel
from ..session import current
from ..ship import preview_cache, theme_files
from ..site import Site, load_site
from . import analysis, banner, documents, exam_data, glossary, quiz_page
from .blocks import BLOCKS

QUIZ_PLACEHOLDER = re.compile(r"<!--\s*kb:quiz ([a-z0-9-]+)\s*-->")
BLOCK_LINE = re.compile(r"^<!--\s*kb:([a-z-]+)\s*-->\s*$", re.M)
# Beyond this many banks the nav would list hundreds of pages on every quiz page (Material
# renders the whole active section); the quiz index page lists them all instead.
MAX_BANKS_IN_NAV = 30


def preload(site: Site | None) -> None:
    """A site already loaded and checked (by build.py's check) for the next ``load`` to use."""
    current().preloaded = site


def load(docs_dir: str | Path, quiz_dir: Path) -> Site:
    """Load and check pages and banks once per build; the hooks decide what a problem stops."""
    s = current()
    preloaded = s.preloaded
    reuse = preloaded is not None and (preloaded.docs_dir, preloaded.quiz_dir) == (
        Path(docs_dir).resolve(),
        quiz_dir,
    )
    s.site, s.quiz_dir, s.preloaded = (preloaded if reuse else load_site(Path(docs_dir), quiz_dir)), quiz_dir, None
    s.sources = None  # sources.yml is read again by the first page that needs it
    if s.previewing and s.site.problems:
        # A bank with a problem is not rendered (its answer may not even parse): its page
        # shows the banner until it is fixed.
        broken = {p.path for p in s.site.problems}
        s.site.banks = [b for b in s.site.banks if rel(b.path) not in broken]
    return s.site


def start_preview_build(theme) -> None:
    """While previewing: reuse what the last rebuild computed, when its inputs are unchanged
    (``ship.preview_cache`` says what each is keyed on).  Every build: the theme's static files
    listed from the cache (``ship.theme_files``)."""
    theme_files.use_cached_listing(theme)
    if current().previewing:
        preview_cache.next_build()


def reuse_render(page) -> None:
    """While previewing: a page whose Markdown, links' targets and configuration are unchanged
    is not converted to HTML again."""
    if current().previewing:
        preview_cache.cache_render(page)


def download(src_uri: str, make) -> bytes:
    """A file to download (``render.downloads``).  They depend on the code alone (the same
    bytes every time), so the preview makes each once per session."""
    s = current()
    if not s.previewing:
        return make()
    downloads = s.preview.downloads
    if src_uri not in downloads:
        downloads[src_uri] = make()
    return downloads[src_uri]


def quiz_dir(config_file: str | None, extra: dict) -> Path:
    """quizzes/ beside mkdocs.yml, or ``extra.quiz_dir`` (tests build sites with other banks)."""
    base = Path(config_file).parent if config_file else ROOT
    return (base / extra.get("quiz_dir", "quizzes")).resolve()


def site() -> Site:
    loaded = current().site
    if loaded is None:
        raise RuntimeError("kb.render.dispatch.load() must run first (the on_config hook does)")
    return loaded


def _placeholders() -> dict[str, str]:
    """While previewing: a page for every bank too broken to render (rel -> title)."""
    s = current()
    if not s.previewing or s.quiz_dir is None:
        return {}
    loaded = {b.page_rel for b in site().banks}
    rels = (bank_page_rel(p.stem) for p in bank_files(s.quiz_dir))
    return {rel: f"题库 {rel[len('quizzes/') : -3]}（有错误）" for rel in rels if rel not in loaded}


def generated_pages() -> dict[str, str]:
    """Pages made at build time: one per question bank (docs path -> Markdown source)."""
    pages = {b.page_rel: quiz_page.bank_markdown(b) for b in site().banks}
    for page_rel, title in _placeholders().items():
        pages[page_rel] = banner.placeholder_bank_markdown(title, page_rel)
    return pages


def banks_in_nav() -> bool:
    return len(site().banks) + len(_placeholders()) <= MAX_BANKS_IN_NAV


def extend_nav(nav: list) -> list:
    """Add the bank pages to the nav section that holds quizzes/index.md (if not too many)."""
    if not banks_in_nav():
        return nav
    banks = [(b.page_rel, quiz_page.plain_title(b.title)) for b in site().banks]
    entries = sorted(banks + [(rel, quiz_page.plain_title(t)) for rel, t in _placeholders().items()])
    for entry in nav or []:
        if isinstance(entry, dict):
            for items in entry.values():
                if isinstance(items, list) and "quizzes/index.md" in items:
                    items += [{title: rel} for rel, title in entries]
                elif isinstance(items, list):
                    extend_nav(items)
    return nav


def exam_data_path() -> str:
    """``quizzes/exam-data.js`` written into the build's scratch folder (MkDocs copies it into
    the site after converting every page; until then a file holds it, not memory: a
    10,000-question site's is 8 MiB)."""
    path = _scratch_file("exam-data.js")
    path.write_text(exam_data.exam_data_js(site()), encoding="utf-8", newline="")
    return str(path)


def _scratch_file(name: str) -> Path:
    s = current()
    if s.scratch is None:
        s.scratch = Path(tempfile.mkdtemp(prefix="kb-build-"))
    return s.scratch / name


def end_build() -> None:
    """After a build, or when it failed: the scratch folder goes."""
    s = current()
    if s.scratch is not None:
        shutil.rmtree(s.scratch, ignore_errors=True)
        s.scratch = None


def source_entries() -> list:
    """sources/sources.yml's entries (``kb.sources.registry.Source``), read once per build."""
    s = current()
    if s.sources is None:
        s.sources = document_pages.source_entries()
    return s.sources


def unpublished() -> set[str]:
    """The draft pages a build leaves out (none while previewing: the preview shows them)."""
    return set() if current().previewing else document_pages.draft_rels(site().pages)


def draft_problems() -> list[Problem]:
    """A build stops on a link (or a question's source) leading to a draft it leaves out."""
    if current().previewing:
        return []
    return check_links_to_drafts(site().pages, site().banks)


def draft_notes() -> list[str]:
    """One 提醒 per draft page left out of a build."""
    return [] if current().previewing else documents.draft_notes(site().pages, rel(site().docs_dir or Path("docs")))


def extend_nav_documents(nav: list | None) -> list | None:
    """The 原文资料 section: every published document page (drafts too while previewing)."""
    return documents.extend_nav(nav, site().pages, source_entries(), unpublished())


def search_mark(meta: dict) -> str:
    return documents.search_mark(meta, source_entries())


def page_markdown(markdown: str, src_uri: str) -> str:
    try:
        return _page_markdown(markdown, src_uri)
    except Exception:
        if current().previewing and site().problems:
            return markdown  # a page with a problem may not render; the banner says what to fix
        raise


def _page_markdown(markdown: str, src_uri: str) -> str:
    page = site().pages.get(src_uri)
    if page is None:
        return markdown
    for render in (analysis.render_attribution, analysis.render_measure_links):
        markdown = render(markdown, page) or markdown
    markdown = documents.render_head(markdown, page.meta, source_entries(), current().previewing)
    return BLOCK_LINE.sub(lambda m: _block(m, page), markdown)


def _block(m: re.Match, page) -> str:
    render = BLOCKS.get(m.group(1))
    return render(site(), page) if render else m.group(0)


def page_written(page) -> None:
    """A bank page, once written, needs its HTML no more (the handbook gathers knowledge pages
    only): MkDocs would keep every page's HTML to the end of the build, and bank pages are
    the largest (10,000 questions: 20 MiB of the build's peak, issue 22).  The preview keeps it
    (its cache reuses the rendered page)."""
    if not current().previewing and QUIZ_PLACEHOLDER.search(page.markdown or ""):
        page.content = None


def question_anchor_ids(src_uri: str) -> set[str]:
    """The ``q-ID`` anchors of a bank page: its questions are inserted after Markdown, so MkDocs
    never saw them, and its strict anchor check would refuse links such as 遇到……怎么办's."""
    bank = next((b for b in site().banks if b.page_rel == src_uri), None)
    return {f"q-{q.id}" for q in bank.questions} if bank else set()


def page_html(html: str, src_uri: str) -> str:
    if current().previewing and site().problems:
        html = banner.render_banner(site().problems) + html
    m = QUIZ_PLACEHOLDER.search(html)
    html_with_tips = glossary.render_tooltips(html, site().glossary)
    bank = next((b for b in site().banks if b.id == m.group(1)), None) if m else None
    if bank is not None and not _quiz_deferred(src_uri):
        # Quiz HTML is inserted after Markdown so trainer text is never parsed as HTML;
        # glossary tooltips are not added inside questions (they would give answers away).
        return html_with_tips.replace(m.group(0), quiz_page.render_bank(bank, site().pages))
    return html_with_tips


def _quiz_deferred(src_uri: str) -> bool:
    """In a build with hooks a bank page keeps its placeholder until it is written
    (``insert_quiz``): MkDocs converts every page before it writes any, and the questions of
    400 banks held that long were a fifth of a 1,001-page build's memory (issue 22).  The
    preview (its render cache holds the converted page) and runners without hooks insert them
    at once."""
    s = current()
    return not s.previewing and s.hook_page == src_uri


def with_quiz(html: str) -> str:
    """A bank page's HTML with its questions in (the HTML ``page_html`` would have made), for
    the search worker when the page is converted; any other page's as it is.  The questions'
    HTML waits in the scratch folder for ``insert_quiz``, which puts it in the page when it is
    written: made once, held by neither MkDocs nor this process in between."""
    m = QUIZ_PLACEHOLDER.search(html)
    bank = next((b for b in site().banks if b.id == m.group(1)), None) if m else None
    if bank is None:
        return html
    quiz = quiz_page.render_bank(bank, site().pages)
    _scratch_file(f"quiz-{bank.id}.html").write_text(quiz, encoding="utf-8")
    return html.replace(m.group(0), quiz)


def insert_quiz(page) -> None:
    """``on_page_context``: a bank page's questions, put in just before the page is written."""
    m = QUIZ_PLACEHOLDER.search(page.content or "")
    if m is None:
        return
    kept = _scratch_file(f"quiz-{m.group(1)}.html")
    if kept.exists():
        page.content = page.content.replace(m.group(0), kept.read_text(encoding="utf-8"))
        kept.unlink()
    else:  # with_quiz did not see it (a hook-less conversion)
        page.content = with_quiz(page.content)
