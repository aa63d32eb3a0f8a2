"""Trainer-written text (stems, options, explanations) as inline Markdown, never as HTML.

Raw HTML in a bank is shown as text: the HTML-block preprocessor and the inline HTML,
entity, autolink and image patterns are removed, so ``<script>`` or ``<img onerror>`` come
out escaped.  Links may only point inside the site (relative URLs).
"""

from __future__ import annotations

import html
import re
from functools import lru_cache

import markdown
from markdown.treeprocessors import Treeprocessor

SAFE_URL = re.compile(r"^(?![a-zA-Z][a-zA-Z0-9+.-]*:)(?!//)")  # relative: no scheme, no //


class _DropUnsafeLinks(Treeprocessor):
    def run(self, root):
        for el in root.iter("a"):
            if not SAFE_URL.match(el.get("href", "")):
                el.attrib.pop("href", None)


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
