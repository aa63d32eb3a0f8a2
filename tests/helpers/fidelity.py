"""Every sentence of a document added by add-source (issue 25) is on its built pages."""

from __future__ import annotations

import re
from pathlib import Path

from helpers.sitetext import page_text

# Compared modulo punctuation, whitespace and markup (Han characters, letters and digits kept);
# a footnote reference [^N] stays as N, as the built page shows it.
KEPT = re.compile(r"[\u3400-\u9fff0-9A-Za-z]")


def norm(text: str) -> str:
    return "".join(KEPT.findall(text))


def document_sentences(cleaned: str) -> list[str]:
    out = []
    for line in cleaned.splitlines():
        line = re.sub(r"^#{1,6} ", "", line)  # a heading marked by style (the document text's #)
        line = re.sub(r"^\[\^\d+\]: ", "", line)  # a footnote's text: the page numbers it by its list
        out += [s for s in re.split(r"[。；！\n]", line) if norm(s)]
    return out


def missing_sentences(cleaned: str, pages: list[str], site: Path) -> list[str]:
    """The sentences of ``cleaned`` not on the built ``pages`` (docs-relative .md paths); drafts
    are never built (their Markdown is held to the text by ``check``), so they are not asked."""
    text = norm(
        "".join(page_text((site / p.removesuffix(".md")).with_suffix(".html").read_text("utf-8")) for p in pages)
    )
    return [s for s in document_sentences(cleaned) if norm(s) not in text]
