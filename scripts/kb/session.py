"""The state of one build, or of one live preview with all its rebuilds, in one object.

MkDocs calls our hooks as separate functions, and Python-Markdown calls our extension without
knowing the page; what one event learns and a later one needs (the loaded site, the page being
rendered, the search collector) is kept here, as Material's plugins keep it on ``self``.

A session starts with the ``on_startup`` hook: once per ``mkdocs build`` (``ship.build`` calls
it for every build it runs), once per ``mkdocs serve`` whose rebuilds all share it.  Fields
marked "per build" are set afresh by the event named beside them at every build; the others
are kept for the whole session (the preview's rebuilds reuse them).  ``current()`` is the one
way to reach it; code run without hooks (a test, the Markdown extension alone, a benchmark
that calls MkDocs' ``build`` itself) gets a session made on first use.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# The session names no module of the pipeline (kb.site, search.index …), not even for types:
# every stage may reach its state through it without an import circle (tests/test_import_graph.py).


class Kept:
    """Values computed during one build, offered to the next (the live preview rebuilds in
    one session after every edit).  Only what the last build used is kept, so memory stays at
    one build's worth whatever the number of rebuilds.  Every value is a pure function of its
    key (a page's HTML, a section's text): a kept value is what computing it again would give,
    and the index bytes are those of a clean build (tests/test_search_index.py checks it)."""

    def __init__(self) -> None:
        self.last: dict = {}  # the previous build's values
        self.now: dict = {}  # this build's
        self.keep = False  # a one-off build keeps nothing (a 1,000-page site's HTML is large)

    def get(self, key, make):
        if not self.keep:
            return make(key)
        value = self.now.get(key)
        if value is None:
            value = self.last.get(key)
            if value is None:
                value = make(key)
            self.now[key] = value
        return value

    def next_build(self, keep: bool) -> None:
        self.keep = keep
        self.last, self.now = (self.now if keep else {}), {}

    def forget(self) -> None:
        self.last, self.now = {}, {}


@dataclass
class Preview:
    """What a session keeps from one build to the next: the live preview's rebuilds reuse it
    (a plain build's session has one build: for it these are caches within that build).  Each
    value is keyed on everything it is computed from (``ship.preview_cache``, ``Kept``), so a
    rebuild gives the bytes of a clean build; renders and texts are kept only as long as the
    last build used them, so memory stays one site's worth."""

    rendered: dict[tuple, dict] = field(default_factory=dict)  # the last build's renders
    rendered_now: dict[tuple, dict] = field(default_factory=dict)  # this build's
    files_keys: dict[int, tuple[object, str, int]] = field(default_factory=dict)
    config_key_now: str | None = None  # the configuration's key, once per build
    stats: Counter = field(default_factory=Counter)  # renders reused (hit) and made (miss): tests check both
    listings: dict[tuple, list[str]] = field(default_factory=dict)  # installed theme folders' static files
    downloads: dict[str, bytes] = field(default_factory=dict)  # files to download, made once
    # Compiled page templates (``ship.template_cache``; a plain build uses them too, within it).
    templates: Any = None
    # Site search (``search.index``, ``search.vocabulary``): each page's sections, each text's
    # and each chunk's words, and the jieba dictionary and tokenizer the last build used.
    page_parts: Kept = field(default_factory=Kept)  # a page's content HTML -> (its sections, quiz?)
    # Banks (``quiz.load``): a bank file's text -> its parse, and the project's cache of clean parses.
    banks_parsed: Kept = field(default_factory=Kept)
    parse_cache: Any = None  # a content.parse_cache.ParseCache
    stem_ratios: Any = None  # quiz.rules.StemRatios: near-duplicate verdicts by pair of stems
    text_words: Kept = field(default_factory=Kept)  # a section's text -> its words
    cut_cache: dict[str, tuple[str, ...]] = field(default_factory=dict)  # a chunk -> its words
    cut_extra: frozenset = frozenset()  # the extra words cut_cache was made with
    dictionary_index: Any = None  # search.dictionary.read_index's, read once per session
    dictionary: Any = None  # a search.dictionary.Dictionary
    tokenizer: Any = None
    tokenizer_extra: tuple = ()


@dataclass
class BuildSession:
    # True under `mkdocs serve`: problems become a banner on every page instead of stopping
    # the build, so a trainer sees them in the browser; caches are kept between rebuilds.
    previewing: bool = False
    # A site already loaded and checked (by build.py's check) for the next load to use.
    preloaded: Any = None  # a kb.site.Site
    # Per build, set by ``dispatch.load`` (on_config): the pages, banks and registry.
    site: Any = None  # a kb.site.Site
    quiz_dir: Path | None = None
    sources: Any = None  # sources.yml's entries (kb.sources.registry), read on first use per build
    scratch: Path | None = None  # per build: files MkDocs copies into the site (render.dispatch)
    # Per page, set by ``extension.begin_page`` (on_page_markdown), cleared at on_post_build:
    # the page the hook is about to render, and whether the hook does the work itself.
    hook_page: str | None = None
    hook_does_it: bool = False
    # Per build, set by ``search.index.start_build`` (on_pre_build): the pages seen for the
    # search index (None: Material's search is on), their nav order, extra.search_boost.
    collector: Any = None  # a search.index.Collector, or search.worker.RemoteCollector
    nav_order: dict[int, int] = field(default_factory=dict)
    boosts: dict[str, float] = field(default_factory=dict)
    # Kept for the whole session: a `mkdocs serve` process's rebuilds reuse it.
    preview: Preview = field(default_factory=Preview)


_current: BuildSession | None = None


def start(*, previewing: bool = False) -> BuildSession:
    """A new session (the on_startup hook): nothing of an earlier build or preview is kept."""
    global _current
    _current = BuildSession(previewing=previewing)
    return _current


def current() -> BuildSession:
    """The session of the build or preview running now (made on first use without hooks)."""
    global _current
    if _current is None:
        _current = BuildSession()
    return _current
