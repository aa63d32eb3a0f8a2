"""What the live preview keeps between rebuilds: rendered Markdown.

``mkdocs serve`` rebuilds the whole site in one process after every edit.  Most pages are
unchanged; their renders are kept here, keyed on everything they are computed from, so a
rebuild gives the same bytes as a clean build (tests/test_preview_cache.py compares them).
Used only while previewing (the hooks call these under ``build.py serve``); a plain build
converts every page afresh.

Rendered pages (``cache_render``): MkDocs' ``Page.render`` turns the page's Markdown, after
our ``on_page_markdown`` (so the generated blocks, which depend on banks, registry and
glossary, are already in it) into HTML.  What else it reads is the page's own file (its URL:
links are made relative to it), every file of the site (a link's target must exist; its URL
and inclusion are used) and the configuration (Markdown extensions and their options, link
validation, ``use_directory_urls``).  The key is all of these.  A render that logged anything
(a broken link, say) is not kept, so the message is shown again on the next rebuild.

The theme's file list is kept for every build (``ship.theme_files``).

What is kept lives on the session's ``Preview`` (``kb.session``), made with the session by the
``on_startup`` hook of `mkdocs serve`.
"""

from __future__ import annotations

import copy
import hashlib
import logging
import re
from pathlib import Path

from ..session import Preview, current

ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")


def next_build() -> None:
    """A new build starts: keep the renders the last one used or made, forget older ones."""
    p = current().preview
    if p.rendered_now:
        p.rendered, p.rendered_now = p.rendered_now, {}
    p.files_keys.clear()
    p.config_key_now = None


def _files_key(p: Preview, files) -> str:
    """Every file's source path, URL and inclusion: what a link's resolution reads."""
    known = p.files_keys.get(id(files))
    if known is not None and known[0] is files and len(files) == known[2]:
        return known[1]
    h = hashlib.sha256()
    for f in files:
        h.update(f"{f.src_uri}\0{f.url}\0{f.inclusion!r}\n".encode())
    key = h.hexdigest()
    p.files_keys[id(files)] = (files, key, len(files))
    return key


def _config_key(config) -> str:
    """The configuration a render reads.  Function objects (slugify) are named without their
    address; mkdocs.yml's bytes are included too, so an option hidden inside one still counts."""
    h = hashlib.sha256()
    parts = (config["markdown_extensions"], config["mdx_configs"], config.validation, config.use_directory_urls)
    h.update(ADDRESS.sub("", repr(parts)).encode())
    if config.config_file_path and Path(config.config_file_path).is_file():
        h.update(Path(config.config_file_path).read_bytes())
    return h.hexdigest()


class _Logged(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.NOTSET)
        self.records = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.records += 1


def cache_render(page) -> None:
    """Make ``page.render`` reuse the last build's HTML when nothing it depends on changed."""
    render = type(page).render
    p = current().preview

    def cached(config, files) -> None:
        if p.config_key_now is None:  # at the first render: every on_config has run by then
            p.config_key_now = _config_key(config)
        key = (
            page.markdown,
            page.file.src_uri,
            page.file.url,
            repr(page.file.inclusion),
            _files_key(p, files),
            p.config_key_now,
            # Which messages a render logs, and whether links are recorded for the anchor check.
            logging.getLogger("mkdocs.structure.pages").getEffectiveLevel(),
        )
        hit = p.rendered_now.get(key) or p.rendered.get(key)
        if hit is None:
            p.stats["miss"] += 1
            logged = _Logged()
            loggers = [logging.getLogger("mkdocs"), logging.getLogger("MARKDOWN")]
            for logger in loggers:
                logger.addHandler(logged)
            try:
                render(page, config, files)
            finally:
                for logger in loggers:
                    logger.removeHandler(logged)
            if logged.records:
                return  # shown again next time: not kept
            hit = {
                "content": page.content,
                "toc": copy.deepcopy(page.toc),
                "title": page._title_from_render,
                "anchors": set(page.present_anchor_ids or ()),
                "links": {
                    f.src_uri: dict(links) for f, links in (page.links_to_anchors or {}).items()
                } if page.links_to_anchors is not None else None,
            }  # fmt: skip
            p.rendered_now[key] = hit
            return
        p.stats["hit"] += 1
        p.rendered_now[key] = hit
        page.content = hit["content"]
        page.toc = copy.deepcopy(hit["toc"])  # Material and the search index walk it; never shared
        page._title_from_render = hit["title"]
        page.present_anchor_ids = set(hit["anchors"])  # the hooks add to it in place
        if hit["links"] is not None:
            page.links_to_anchors = {files.get_file_from_path(src): dict(links) for src, links in hit["links"].items()}

    page.render = cached
