"""The rules every page under ``docs/`` follows: front matter, anchors, links, items, terms.

Each rule takes a loaded page (and, for links, every page) and returns its problems with the
page's docs/-relative path; ``check_pages`` runs them all on every page.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from ..content import schema
from ..content.names import BLOCK_NAMES, DOWNLOAD_NAMES
from ..content.pages import Page, resolve_link
from ..content.problems import Problem
from .documents import check_document_sources


def check_front_matter(page: Page) -> list[Problem]:
    if page.front_error:
        e = page.front_error
        return [Problem(page.rel, e.line, e.col, e.message)]
    if page.front is None:
        return [Problem(page.rel, 1, 1, "缺少页面开头的 YAML 元数据（以 --- 开始和结束），至少要有 kind 和 title")]
    report = schema.Report(page.rel, page.front)
    kind = page.meta.get("kind")
    spec = schema.PAGE_SCHEMAS.get(kind) if isinstance(kind, str) else None
    schema.validate(report, spec or schema.COMMON)
    return report.problems


def check_anchors(page: Page) -> list[Problem]:
    problems = []
    for h in page.headings:
        if h.level == 1 and page.meta.get("title"):
            problems.append(Problem(page.rel, h.line, 1, "页面标题已由元数据 title 给出，请删除这个一级标题"))
        elif h.level >= 2 and not h.id:
            problems.append(Problem(page.rel, h.line, 1, f"标题“{h.text}”缺少锚点，请在行末加上 {{#英文-id}}"))
    for anchor, line in page.anchors.items():
        if not re.fullmatch(schema.ID_PATTERN, anchor):
            problems.append(Problem(page.rel, line, 1, f"锚点“{anchor}”格式不对：{schema.ID_HELP}"))
    for anchor, line, col in page.duplicate_anchors:
        problems.append(Problem(page.rel, line, col, f"锚点 #{anchor} 在本页重复，请改用不同的 id"))
    return problems


def check_link(pages: dict[str, Page], page: Page, target: str) -> str | None:
    """None if ``target`` resolves, else the Chinese reason."""
    if "://" in target or target.startswith(("mailto:", "//")):
        return f"外部链接 {target} 在内网中无法访问，请删除或改为站内页面"
    rel, anchor = resolve_link(page, target)
    if rel.endswith("/"):
        rel += "index.md"
    if (
        not rel.endswith(".md")
        and not rel.startswith("..")
        and (rel in DOWNLOAD_NAMES or (page.path.parents[page.rel.count("/")] / rel).is_file())
    ):
        return None  # a file for download: one the build makes, or one under docs/
    other = pages.get(rel)
    if other is None:
        return f"链接目标页面 {rel} 不存在，请检查路径（相对于当前页面，以 .md 结尾）"
    if anchor and anchor not in other.anchors:
        return f"页面 {rel} 中没有锚点 #{anchor}，请检查拼写或在目标标题后加上 {{#{anchor}}}"
    return None


def check_links(pages: dict[str, Page], page: Page) -> list[Problem]:
    problems = []
    for target, line, col in page.links:
        reason = check_link(pages, page, target)
        if reason:
            problems.append(Problem(page.rel, line, col, reason))
    for tag, line, col in page.raw_html:
        problems.append(Problem(page.rel, line, col, f"页面中不能使用原始 HTML（{tag[:30]}），请改用 Markdown 写法"))
    for name, line in page.placeholders:
        if name not in BLOCK_NAMES:
            problems.append(
                Problem(page.rel, line, 1, f"未知的生成块 kb:{name}，可用的有：{'、'.join(sorted(BLOCK_NAMES))}")
            )
    return problems


def check_analysis(page: Page) -> list[Problem]:
    problems: list[Problem] = []
    items = page.meta.get("items")
    if page.kind != "analysis" or not isinstance(items, list):
        return problems
    ids = {i.get("id"): i for i in items if isinstance(i, dict)}
    for n, item in enumerate(items):
        if not isinstance(item, dict) or not isinstance(item.get("id"), str):
            continue
        line, col = page.front.where(("items", n))
        item_id, kind = item["id"], item.get("type")
        if item_id not in page.anchors:
            problems.append(Problem(page.rel, line, col, f"条目 {item_id} 在正文中没有对应的标题锚点 {{#{item_id}}}"))
        if isinstance(kind, str) and not item_id.startswith(kind + "-"):
            problems.append(Problem(page.rel, line, col, f"条目 {item_id} 的类型是 {kind}，id 应以 {kind}- 开头"))
        if kind == "problem" and "theme" not in item:
            problems.append(Problem(page.rel, line, col, f"问题 {item_id} 缺少 theme（所属主题），请补上"))
        if kind == "measure":
            answers = item.get("answers")
            if not answers:
                problems.append(Problem(page.rel, line, col, f"对策 {item_id} 缺少 answers（回应的问题 id），请补上"))
            for a in answers if isinstance(answers, list) else []:
                if ids.get(a, {}).get("type") != "problem":
                    problems.append(Problem(page.rel, line, col, f"对策 {item_id} 回应的 {a} 不是本页的问题条目"))
    for anchor, line in page.anchors.items():
        if anchor.split("-")[0] in ("finding", "problem", "measure") and anchor not in ids:
            problems.append(Problem(page.rel, line, 1, f"锚点 #{anchor} 没有登记在元数据 items 中，请补上"))
    return problems


def check_glossary(pages: dict[str, Page], page: Page) -> list[Problem]:
    problems: list[Problem] = []
    terms = page.meta.get("terms")
    if page.kind != "glossary" or not isinstance(terms, list):
        return problems
    seen: set[str] = set()
    for n, term in enumerate(terms):
        if not isinstance(term, dict):
            continue
        line, col = page.front.where(("terms", n))
        name = term.get("term")
        if name in seen:
            problems.append(Problem(page.rel, line, col, f"术语“{name}”重复登记"))
        seen.add(name)
        if isinstance(term.get("source"), str):
            reason = check_link(pages, page, term["source"])
            if reason:
                problems.append(Problem(page.rel, *page.front.where(("terms", n, "source")), reason))
    return problems


def check_symlinks(docs_dir: Path) -> list[Problem]:
    """A symbolic link under docs/ leading outside it (or nowhere): MkDocs would copy what it
    points at into site/ and both archives, whatever it is."""
    problems = []
    root = docs_dir.resolve()
    for folder, dirs, files in os.walk(docs_dir):  # never follows a link into another folder
        for name in sorted(dirs + files):
            path = Path(folder, name)
            if not path.is_symlink():
                continue
            target = path.resolve()
            if target.is_relative_to(root) and target.exists():
                continue
            rel = path.relative_to(docs_dir).as_posix()
            problems.append(
                Problem(
                    rel,
                    1,
                    1,
                    f"这是指向 docs/ 以外的符号链接（{os.readlink(path)}）：构建时会把它指向的文件复制进网站和发布包。"
                    "请删除这个链接，需要的话把文件本身复制到 docs/ 中",
                )
            )
    return problems


def check_pages(pages: dict[str, Page]) -> list[Problem]:
    problems: list[Problem] = []
    page = next((p for p in pages.values() if not p.generated), None)
    if page is not None:
        problems += check_symlinks(page.path.parents[page.rel.count("/")])
    for page in pages.values():
        if page.generated:
            continue
        problems += check_front_matter(page)
        problems += check_anchors(page)
        problems += check_links(pages, page)
        problems += check_analysis(page)
        problems += check_glossary(pages, page)
    return problems + check_document_sources(pages)
