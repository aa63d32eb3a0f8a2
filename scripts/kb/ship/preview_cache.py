"""What the live preview keeps between rebuilds: rendered Markdown and the theme's file list.

``mkdocs serve`` rebuilds the whole site in one process after every edit.  Most pages are
unchanged, and Material's thousands of files are listed again each time; both are kept here,
keyed on everything they are computed from, so a rebuild gives the same bytes as a clean
build (tests/test_preview_cache.py compares them).  Used only while previewing (the hooks
call these under ``build.py serve``); a plain build computes everything afresh.

Rendered pages (``cache_render``): MkDocs' ``Page.render`` turns the page's Markdown, after
our ``on_page_markdown`` (so the generated blocks, which depend on banks, registry and
glossary, are already in it) into HTML.  What else it reads is the page's own file (its URL:
links are made relative to it), every file of the site (a link's target must exist; its URL
and inclusion are used) and the configuration (Markdown extensions and their options, link
validation, ``use_directory_urls``).  The key is all of these.  A render that logged anything
(a broken link, say) is not kept, so the message is shown again on the next rebuild.

Theme files (``cache_theme_listing``): MkDocs lists every file of every theme folder to copy
the static ones.  The installed theme's folders (Material's, MkDocs' own) do not change while
the preview runs (its code would not be reloaded either), so their listings are kept for the
session; ``custom_dir`` (overrides/, watched by the preview) is listed again every time.

What is kept lives on the session's ``Preview`` (``kb.session``), made with the session by the
``on_startup`` hook of `mkdocs serve`.
"""

from __future__ import annotations

import copy
import hashlib
import logging
import re
from pathlib import Path

import jinja2

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


# --- theme files ---------------------------------------------------------------------------


def _listing(folder: str) -> list[str]:
    return jinja2.FileSystemLoader([folder]).list_templates()


def cache_theme_listing(theme) -> None:
    """Make the theme's Jinja environment list the installed theme's files from memory."""
    get_env = type(theme).get_env
    custom = str(Path(theme.custom_dir).resolve()) if theme.custom_dir else None
    p = current().preview

    def cached_get_env() -> jinja2.Environment:
        env = get_env(theme)
        folders = list(env.loader.searchpath)

        def list_loader() -> list[str]:
            names: set[str] = set()
            for folder in folders:
                if custom is not None and str(Path(folder).resolve()) == custom:
                    names.update(_listing(folder))  # the trainer's overrides: always listed
                else:
                    if folder not in p.listings:
                        p.listings[folder] = _listing(folder)
                    names.update(p.listings[folder])
            return sorted(names)

        def list_templates(extensions=None, filter_func=None) -> list[str]:
            if extensions is not None or filter_func is None:
                return jinja2.Environment.list_templates(env, extensions, filter_func)
            # MkDocs' filter (add_files_from_theme) is a closure over the config; what it
            # reads of it is the theme's static templates.  Its verdict per name is kept.
            verdicts = p.filtered.setdefault((filter_func.__code__, tuple(theme.static_templates)), {})
            out = []
            for name in list_loader():
                keep = verdicts.get(name)
                if keep is None:
                    keep = verdicts[name] = bool(filter_func(name))
                if keep:
                    out.append(name)
            return out

        env.loader.list_templates = list_loader
        env.list_templates = list_templates
        return env

    theme.get_env = cached_get_env
