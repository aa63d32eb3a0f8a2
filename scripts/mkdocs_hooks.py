"""MkDocs hooks: thin wrappers over the importable ``kb`` package (see scripts/kb/).

MkDocs >= 1.6 puts this file's folder on sys.path while importing it, so ``kb`` resolves.
Keep logic out of here: Material is in maintenance mode and its successor does not run hooks.
"""

from __future__ import annotations

import sys
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from kb.check import run as check_run
from kb.content.safe_read import files_never_read
from kb.paths import SEARCH, SOURCES
from kb.render import dispatch, downloads, exam_data, extension, handbook, nav
from kb.search import index as search_index
from kb.session import current, start
from kb.ship import minify, package, stamp, template_cache


def on_startup(*, command: str, dirty: bool) -> None:
    # One session per `mkdocs build`, one per `mkdocs serve` (all its rebuilds share it).
    start(previewing=command == "serve")


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    # Banks must be known before the nav is built; any problem stops even plain `mkdocs build`.
    # While previewing, problems are shown on every page instead (and a link to a broken
    # bank's page is no reason to stop).
    quiz_dir = dispatch.quiz_dir(config.config_file_path, config.extra)
    # First: the search worker (kb.search.worker) starts reading jieba's dictionary now.
    search_index.start_build(config, quiz_dir)
    site = dispatch.load(config.docs_dir, quiz_dir)
    site.problems = sorted(site.problems + check_run.project_problems(site))  # search data, overrides
    site.problems = sorted(site.problems + dispatch.draft_problems())  # a build leaves drafts out
    if site.problems and not current().previewing:
        raise PluginError("检查未通过：\n" + "\n".join(map(str, site.problems)))
    if site.problems:
        config.strict = False
        print(
            "\n".join(map(str, site.problems)) + f"\n检查发现 {len(site.problems)} 个问题，已显示在每个页面顶部。",
            file=sys.stderr,
        )
    config.nav = dispatch.extend_nav_documents(dispatch.extend_nav(config.nav))
    for note in dispatch.draft_notes():  # one 提醒 per draft page left out of this build
        print(note, file=sys.stderr)
    # The page transformations are a Markdown extension (kb.render.extension), added here and
    # not in mkdocs.yml: MkDocs and ProperDocs validate (import) `markdown_extensions` before
    # they load `hooks`, and until this file is loaded scripts/ is not on sys.path, so a plain
    # `mkdocs build` could not import `kb` by name.  Runners without hooks list it by name
    # (see mkdocs.yml) with scripts/ on PYTHONPATH.
    if not extension.registered(config.markdown_extensions):
        config.markdown_extensions.append(extension.KbExtension())
    dispatch.start_preview_build(config.theme)  # the preview reuses unchanged renders, theme files
    stamp.pin_source_epoch()  # reproducible: plain `mkdocs build` dates pages like build.py does
    config.extra["build"] = stamp.build_stamp()  # shown in the footer (overrides/partials/copyright.html)
    return config


def on_serve(server, *, config: MkDocsConfig, builder):
    # MkDocs watches docs/ and mkdocs.yml; banks, template overrides and sources change pages too.
    custom_dir = config.theme.custom_dir
    for folder in (dispatch.quiz_dir(config.config_file_path, config.extra), custom_dir, SOURCES, SEARCH):
        if folder and Path(folder).is_dir():
            server.watch(str(folder))
    return server


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    # A link in overrides/ leading outside the project is refused by check (project_problems);
    # whatever it points at is never copied into site/ or the packages, even by the preview.
    for file in files_never_read(files, config.theme.custom_dir):
        files.remove(file)
    minify.minified(files, config)  # our scripts and styles without their comments
    for src_uri in dispatch.unpublished():  # draft pages: shown by the preview, never published
        files.remove(files.get_file_from_path(src_uri))
    inclusion = InclusionLevel.UNDEFINED if dispatch.banks_in_nav() else InclusionLevel.NOT_IN_NAV
    for src_uri, markdown in dispatch.generated_pages().items():
        files.append(File.generated(config, src_uri, content=markdown, inclusion=inclusion))
    # Every question for the 模拟考试 and 今日复习 pages, as a classic script (file:// forbids fetch).
    files.append(File.generated(config, exam_data.EXAM_DATA, abs_src_path=dispatch.exam_data_path()))
    for src_uri, make in downloads.DOWNLOADS.items():  # the trainers' spreadsheet template
        files.append(File.generated(config, src_uri, content=dispatch.download(src_uri, make)))
    if search_index.enabled(config):  # with Material's search on (the stock benchmark) its files stay
        for file in [f for f in files if package.unloaded(f.src_uri)]:
            files.remove(file)
    return files


def on_env(env, *, config: MkDocsConfig, files: Files):
    env.globals["kb_nav_item"] = nav.ItemCache()  # overrides/partials/nav-item.html
    return template_cache.use_cache(env)


def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    dispatch.reuse_render(page)
    return extension.hook_markdown(markdown, page.file.src_uri)  # names the page for the extension


def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    if page.present_anchor_ids is not None:
        page.present_anchor_ids |= dispatch.question_anchor_ids(page.file.src_uri)
    html = extension.hook_html(html, page.file.src_uri)
    # The search worker gets a bank page with its questions now; the page gets them when it
    # is written (on_page_context), so MkDocs does not hold them all until then.
    search_index.converted(dispatch.with_quiz(html))
    return html


# --- Site search (kb.search.index): collect each page's sections, write search/index.js ---


def on_page_context(context: dict, *, page: Page, config: MkDocsConfig, nav: Navigation) -> dict:
    # The handbook (学习手册) gathers the knowledge pages, all rendered by now.
    if page.file.src_uri == handbook.HANDBOOK:
        page.content = handbook.fill(page.content, nav.pages)
    dispatch.insert_quiz(page)  # a bank page's questions, now that it is written (issue 22)
    search_index.add_page(page, nav, mark=dispatch.search_mark(page.meta))
    return context


def on_build_error(*, error: Exception) -> None:
    dispatch.end_build()
    search_index.stop_build()


def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str:
    dispatch.page_written(page)
    return output


def on_post_build(*, config: MkDocsConfig) -> None:
    extension.end_build()
    dispatch.end_build()
    search_index.finish_build(config)
    # Last: build-info.json lists every file the build wrote, with its SHA-256.
    package.write_build_info(Path(config.site_dir), config.extra["build"])
