"""MkDocs hooks: thin wrappers over the importable ``kb`` package (see scripts/kb/).

MkDocs >= 1.6 puts this file's folder on sys.path while importing it, so ``kb`` resolves.
Keep logic out of here: Material is in maintenance mode and its successor does not run hooks.
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from kb import render


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    render.load(config.docs_dir)
    return files


def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    return render.page_markdown(markdown, page.file.src_uri)


def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    return render.page_html(html, page.file.src_uri)
