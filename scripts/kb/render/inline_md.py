"""Trainer-written text (stems, options, explanations) as inline Markdown, never as HTML.

Raw HTML in a bank is shown as text: the HTML-block preprocessor and the inline HTML,
entity, autolink and image patterns are removed, so ``<script>`` or ``<img onerror>`` come
out escaped.  Links may only point inside the site: relative URLs and ``#anchor``, decided on
the URL as the browser will read it (entities decoded, control characters and spaces removed).
"""

from __future__ import annotations

import html
import re
from functools import lru_cache

import markdown
from markdown.treeprocessors import Treeprocessor

# What a browser ignores inside a URL (it reads "java\nscript:" as "javascript:").
_URL_IGNORED = re.compile(r"[\x00-\x20\x7f-\x9f\u00ad\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\ufeff]")
_SCHEME = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*:")


def safe_url(href: str) -> str | None:
    """``href`` as the browser reads it if it stays inside the site (no scheme, no //, not
    rooted at /), else None.  The one decision for links in trainer text (check and render)."""
    url = _URL_IGNORED.sub("", html.unescape(href)).replace("\\", "/")
    if _SCHEME.match(url) or url.startswith("/") or ":" in url.split("/", 1)[0].split("#", 1)[0].split("?", 1)[0]:
        return None
    return url


class _DropUnsafeLinks(Treeprocessor):
    def run(self, root):
        for el in root.iter("a"):
            url = safe_url(el.get("href", ""))
            if url is None:
                el.attrib.pop("href", None)
            else:
                el.set("href", url)


@lru_cache(maxsize=1)
def _md() -> markdown.Markdown:
    md = markdown.Markdown(extensions=[], output_format="html")
    md.preprocessors.deregister("html_block")
    for name in ("html", "entity", "autolink", "automail", "image_link", "image_reference", "short_image_ref"):
        md.inlinePatterns.deregister(name)
    md.treeprocessors.register(_DropUnsafeLinks(md), "drop_unsafe_links", 0)
    return md


# Text without any Markdown or HTML syntax needs no parser (most Chinese text): escape it.
_PLAIN = re.compile(r"[^\\`*_\[\]<>&!#|~]*")


def render_inline(text: str) -> str:
    """One paragraph of inline Markdown as HTML, without the surrounding <p>."""
    text = text.replace("\n", " ").strip()
    if _PLAIN.fullmatch(text):
        return html.escape(text, quote=False)
    md = _md()
    md.reset()
    out = md.convert(text)
    return re.sub(r"^<p>(.*)</p>$", r"\1", out, flags=re.S)


_MD_SPECIAL = re.compile(r"[!-/:-@\[-`{-~]")  # ASCII punctuation: Markdown's and HTML's syntax


def plain_md(text: str) -> str:
    """Trainer text placed in generated Markdown (tables, headings, link text) as plain text:
    ASCII punctuation as numeric character references, which Python-Markdown passes through
    and the browser shows as the characters, so no Markdown, HTML or table syntax remains."""
    return _MD_SPECIAL.sub(lambda m: f"&#{ord(m.group(0))};", text.replace("\n", " "))
