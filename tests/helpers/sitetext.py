"""Helpers for reading the built site in tests."""

from __future__ import annotations

import html as html_lib
import re

TAG = re.compile(r"<[^>]+>")
ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">(.*?)</article>', re.S)


def page_text(html: str) -> str:
    """The visible article text of a built page (tags stripped, entities decoded)."""
    m = ARTICLE.search(html)
    return html_lib.unescape(TAG.sub("", m.group(1) if m else html))


def tree(folder) -> dict[str, str]:
    """Every file under ``folder`` (relative path -> SHA-256), to compare builds byte for byte."""
    import hashlib

    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }
