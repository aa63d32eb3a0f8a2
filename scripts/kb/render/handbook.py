"""The printable study handbook (学习手册): the knowledge pages in one page, in nav order.

MkDocs renders every page's content before it renders any template, so when the handbook
page reaches ``on_page_context`` the other pages' HTML (glossary tooltips and 编者按 notes
already in it) is there to be gathered.  Each part keeps its text as it is and changes only
what one page among several needs:

- every ``id`` gets the part's prefix (``duties-township-officer--duty-1``) so ids stay
  unique, and the part's own ``#x`` links follow;
- links to another included page go to that part's anchors; other relative links are
  rewritten to be correct from the handbook's location;
- headings move one level down (the part's title is the ``<h2>``);
- glossary tooltips are written out: ``<abbr title="统一战线">统战</abbr>`` becomes
  统战（统一战线）, on the page and on paper.

A table of contents (parts and their sections) comes first; each part is a ``<section>``
that starts a new sheet when printed (``kb-handbook__part`` in assets/css/kb.css).  The whole
is marked ``data-search-exclude``: the site search finds every passage on its own page only.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Iterable

HANDBOOK = "handbook.md"  # the page that holds the handbook (docs/handbook.md)
# The knowledge pages: duties, the analysis articles, principles and the glossary.  Overviews,
# role paths, quizzes and guides point at these pages and are left out.
KINDS = ("duty", "analysis", "principle", "glossary")
EDITOR_SUFFIX = "（编者按）"  # how kb.render.glossary marks an expansion beyond the sources

TAG = re.compile(r"<[^>]+>")
ATTR = re.compile(r'(\s)(id|href|src|for|aria-labelledby|aria-describedby|aria-controls)="([^"]*)"')
HEADING_TAG = re.compile(r"<(/?)h([1-6])\b")
H2 = re.compile(r'<h2 id="([^"]+)"[^>]*>(.*?)</h2>', re.S)
HEADERLINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.S)
ABBR = re.compile(r'<abbr title="([^"]*)">(.*?)</abbr>', re.S)
EXTERNAL = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|/)")  # a scheme, or an absolute path


def slug(path: str) -> str:
    """The id prefix of a part: ``duties/township-officer.md`` -> ``duties-township-officer``."""
    return re.sub(r"[^a-z0-9]+", "-", path.removesuffix(".md").lower()).strip("-")


def _url(path: str) -> str:
    return path.removesuffix(".md") + ".html"


def handbook_parts(pages: Iterable) -> list[tuple[str, str, str]]:
    """(title, docs path, content HTML) of every knowledge page, from MkDocs' ``nav.pages``.

    The glossary defines its terms right there: inside it a written-out expansion would only
    repeat the definition (非公（非公有制经济）有制经济), so its tooltips are dropped.
    """
    return [
        (p.title or "", p.file.src_uri, ABBR.sub(r"\2", p.content) if p.meta.get("kind") == "glossary" else p.content)
        for p in pages
        if p.meta.get("kind") in KINDS and p.file.src_uri != HANDBOOK and p.content
    ]


def fill(content: str, pages: Iterable) -> str:
    """The handbook page's own content (its introduction) followed by the handbook."""
    return (content or "") + render_handbook(handbook_parts(pages))


def render_handbook(parts: list[tuple[str, str, str]], here: str = HANDBOOK) -> str:
    """The table of contents and one section per part; ``parts`` in nav order, paths docs-relative."""
    prefixes = {_url(path): slug(path) for _, path, _ in parts}
    toc, sections = [], []
    for title, path, content in parts:
        prefix = slug(path)
        body = _rewrite(content, prefix, _url(path), _url(here), prefixes)
        entries = "".join(
            f'<li><a href="#{html.escape(prefix)}--{html.escape(anchor)}">{_text(heading)}</a></li>'
            for anchor, heading in H2.findall(content)
        )
        toc.append(
            f'<li><a href="#{prefix}">{html.escape(title)}</a>' + (f"<ol>{entries}</ol>" if entries else "") + "</li>"
        )
        sections.append(
            f'<section class="kb-handbook__part" aria-labelledby="{prefix}">'
            f'<h2 class="kb-handbook__title" id="{prefix}">{html.escape(title)}</h2>\n{body}\n</section>'
        )
    # data-search-exclude: search finds each passage once, on its own page.
    return (
        '<div class="kb-handbook" data-search-exclude>'
        # The browser's print dialog in one press (kb-a11y.js); Ctrl+P still works without script.
        '<p class="kb-print"><button type="button" class="md-button" data-kb-print>打印本手册</button></p>'
        '<nav class="kb-handbook__toc" aria-labelledby="kb-handbook-toc">'
        f'<h2 id="kb-handbook-toc">目录</h2><ol>{"".join(toc)}</ol></nav>\n' + "\n".join(sections) + "</div>"
    )


def _text(fragment: str) -> str:
    """A heading's text (still HTML-escaped), without its permalink and tags."""
    return TAG.sub("", HEADERLINK.sub("", fragment)).strip()


def _rewrite(content: str, prefix: str, page_url: str, here_url: str, prefixes: dict[str, str]) -> str:
    content = ABBR.sub(_expand_abbr, content)
    pieces = re.split(r"(<[^>]+>)", content)
    for i in range(1, len(pieces), 2):  # odd pieces are tags; text is left alone
        tag = HEADING_TAG.sub(lambda m: f"<{m.group(1)}h{min(int(m.group(2)) + 1, 6)}", pieces[i])
        pieces[i] = ATTR.sub(lambda m: _attr(m, prefix, page_url, here_url, prefixes), tag)
    return "".join(pieces)


def _expand_abbr(m: re.Match) -> str:
    full, term = m.group(1), m.group(2)
    # The tooltip of an expansion beyond the sources ends in （编者按）: keep the mark, unnested.
    if full.endswith(EDITOR_SUFFIX):
        full = full.removesuffix(EDITOR_SUFFIX) + "，编者按"
    return f'{term}<span class="kb-handbook__full">（{full}）</span>'


def _attr(m: re.Match, prefix: str, page_url: str, here_url: str, prefixes: dict[str, str]) -> str:
    space, name, value = m.groups()
    if name in ("href", "src"):
        value = _link(html.unescape(value), prefix, page_url, here_url, prefixes)
        return f'{space}{name}="{html.escape(value)}"'
    ids = " ".join(f"{prefix}--{v}" for v in value.split())
    return f'{space}{name}="{ids}"'


def _link(target: str, prefix: str, page_url: str, here_url: str, prefixes: dict[str, str]) -> str:
    if target.startswith("#"):
        return f"#{prefix}--{target[1:]}" if target[1:] else f"#{prefix}"
    if EXTERNAL.match(target) or target.startswith("//"):
        return target
    path, hash_, fragment = target.partition("#")
    path, _, query = path.partition("?")
    resolved = posixpath.normpath(posixpath.join(posixpath.dirname(page_url), path)) if path else page_url
    if resolved in prefixes:
        other = prefixes[resolved]
        return f"#{other}--{fragment}" if fragment else f"#{other}"
    out = posixpath.relpath(resolved, posixpath.dirname(here_url) or ".")
    if path.endswith("/") and not out.endswith("/"):
        out += "/"
    return out + ("?" + query if query else "") + (hash_ + fragment)
