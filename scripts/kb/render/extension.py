"""Our page transformations as a Python-Markdown extension (issue 23): the one extension
point MkDocs 1.6, ProperDocs and Zensical all honour (MkDocs 2 and Zensical run no hooks).

Two processors call what the hooks called before (``dispatch``):

- ``KbBlocks`` (a Preprocessor, before Markdown's own): the Markdown text of the page; the
  editor's note and measure links of analysis pages, and every ``<!-- kb:NAME -->`` block
  (``render.blocks``).  Blocks are Markdown, so they must be in place before parsing (their
  headings get ids and a toc entry, their ``.md`` links are made relative by MkDocs).
- ``KbHtml`` (a Postprocessor, after Markdown's own): the finished HTML; glossary tooltips,
  the quiz HTML of a bank page (inserted after Markdown so trainer text is never parsed),
  and the preview's problem banner.

Both need the loaded ``Site`` (``dispatch.site()``) and the page being rendered, which
Python-Markdown does not know.  Where it comes from, first found wins:

1. the ``src_uri`` option (``KbExtension(src_uri="glossary.md")``: tests, or a runner that
   makes one Markdown instance per page);
2. the page the MkDocs hook is about to render (``begin_page``, from ``on_page_markdown``);
3. without hooks (Zensical): the page of ``docs_dir`` whose body is exactly this text.  The
   Site is then loaded here from ``docs_dir`` (banks from ``quiz_dir`` beside it).  What
   cannot work there yet: pages made at build time (one per bank, by the ``on_files`` hook)
   do not exist, so neither do their questions; a page whose text a runner changes before
   Markdown (a plugin, an include) is not recognised and is left as written.
"""

from __future__ import annotations

from pathlib import Path

from markdown import Extension, Markdown
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor

from ..session import current
from . import dispatch


def begin_page(src_uri: str, *, hook_does_it: bool = False) -> None:
    """Called by the hook just before MkDocs converts the page ``src_uri``.

    The session keeps the page and whether the hook does the work itself (the live preview:
    its render cache is keyed on the Markdown the hook returns, so blocks that depend on banks
    must be in that Markdown, and HTML that depends on banks must be added after the cached
    render).  Set again before every page."""
    s = current()
    s.hook_page, s.hook_does_it = src_uri, hook_does_it


def end_build() -> None:
    s = current()
    s.hook_page, s.hook_does_it = None, False


def hook_markdown(markdown: str, src_uri: str) -> str:
    """``on_page_markdown``: name the page for the extension; only the preview expands it here."""
    previewing = current().previewing
    begin_page(src_uri, hook_does_it=previewing)
    return render_markdown(markdown, src_uri) if previewing else markdown


def hook_html(html: str, src_uri: str) -> str:
    """``on_page_content``: only the preview adds the HTML here (after its cached render)."""
    return render_html(html, src_uri) if current().previewing else html


def registered(extensions: list) -> bool:
    """Whether mkdocs.yml (or a runner) already lists the extension, by name or as an instance."""
    return any(e in (__name__, f"{__name__}:KbExtension") or isinstance(e, KbExtension) for e in extensions)


def render_markdown(markdown: str, src_uri: str) -> str:
    """The page's Markdown with its generated blocks (what ``on_page_markdown`` returned before)."""
    return dispatch.page_markdown(markdown, src_uri)


def render_html(html: str, src_uri: str) -> str:
    """The page's HTML with tooltips, quiz HTML and banner (what ``on_page_content`` returned before)."""
    return dispatch.page_html(html, src_uri)


class KbExtension(Extension):
    def __init__(self, **kwargs) -> None:
        self.config = {
            "src_uri": ["", "The page being rendered (docs-relative); empty: the hook's page, or found by its text"],
            "docs_dir": ["docs", "Where the pages are, to load the site when no hook has loaded it"],
        }
        super().__init__(**kwargs)
        self._found: dict[str, str | None] = {}

    def extendMarkdown(self, md: Markdown) -> None:
        # First among the preprocessors (normalize_whitespace is 30): the blocks see the text
        # exactly as the hook did.  Last among the postprocessors (raw_html 30, amp_substitute
        # 20): the HTML is complete, as it was for on_page_content.
        md.preprocessors.register(KbBlocks(md, self), "kb_blocks", 100)
        md.postprocessors.register(KbHtml(md, self), "kb_html", 1)

    def page(self, markdown: str | None) -> str | None:
        """The src_uri of the page being rendered, or None (then nothing is changed)."""
        if self.getConfig("src_uri"):
            self._site()
            return self.getConfig("src_uri")
        s = current()
        if s.hook_page is not None:
            return None if s.hook_does_it else s.hook_page
        if markdown is None:
            return None
        if markdown not in self._found:
            pages = self._site().pages.values()
            self._found[markdown] = next((p.rel for p in pages if p.body.strip() == markdown.strip()), None)
        return self._found[markdown]

    def _site(self):
        try:
            return dispatch.site()
        except RuntimeError:  # no hook loaded it (a runner without hooks, a test)
            docs = Path(self.getConfig("docs_dir")).resolve()
            return dispatch.load(docs, dispatch.quiz_dir(str(docs.parent / "mkdocs.yml"), {}))


class KbBlocks(Preprocessor):
    def __init__(self, md: Markdown, ext: KbExtension) -> None:
        super().__init__(md)
        self.ext = ext

    def run(self, lines: list[str]) -> list[str]:
        text = "\n".join(lines)
        src_uri = self.ext.page(text)
        # The HTML step runs on this same conversion: it must know the page even though the
        # text it was found by has changed by then.
        self.md.kb_src_uri = src_uri  # type: ignore[attr-defined]
        return render_markdown(text, src_uri).split("\n") if src_uri else lines


class KbHtml(Postprocessor):
    def __init__(self, md: Markdown, ext: KbExtension) -> None:
        super().__init__(md)
        self.ext = ext

    def run(self, text: str) -> str:
        src_uri = getattr(self.md, "kb_src_uri", None)
        return render_html(text, src_uri) if src_uri else text


def makeExtension(**kwargs) -> KbExtension:
    return KbExtension(**kwargs)
