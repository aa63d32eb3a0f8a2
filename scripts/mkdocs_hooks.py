"""MkDocs hooks: thin wrappers over the importable ``kb`` package (see scripts/kb/).

MkDocs >= 1.6 puts this file's folder on sys.path while importing it, so ``kb`` resolves.
Keep logic out of here: Material is in maintenance mode and its successor does not run hooks.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from kb import package, render, search_index, stamp


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    # Banks must be known before the nav is built; a broken bank stops even plain `mkdocs build`.
    problems = render.load(config.docs_dir, render.quiz_dir(config.config_file_path, config.extra))
    if problems:
        raise PluginError("题库检查未通过：\n" + "\n".join(map(str, problems)))
    config.nav = render.extend_nav(config.nav)
    config.extra["build"] = stamp.build_stamp()  # shown in the footer (overrides/partials/copyright.html)
    return config


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    inclusion = InclusionLevel.UNDEFINED if render.banks_in_nav() else InclusionLevel.NOT_IN_NAV
    for src_uri, markdown in render.generated_pages().items():
        files.append(File.generated(config, src_uri, content=markdown, inclusion=inclusion))
    return files


def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    return render.page_markdown(markdown, page.file.src_uri)


def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    return render.page_html(html, page.file.src_uri)


# --- Site search (kb.search_index): collect each page's sections, write search/index.js ---


def on_pre_build(*, config: MkDocsConfig) -> None:
    search_index.start_build(config)


def on_page_context(context: dict, *, page: Page, config: MkDocsConfig, nav: Navigation) -> dict:
    search_index.add_page(page, nav)
    return context


def on_post_build(*, config: MkDocsConfig) -> None:
    search_index.finish_build(config)
    # Last: build-info.json lists every file the build wrote, with its SHA-256.
    package.write_build_info(Path(config.site_dir), config.extra["build"])
