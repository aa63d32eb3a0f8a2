"""``build.py check``: validate every page, its front matter, anchors and links.

Every problem is collected and printed as ``path:line:col: message`` so an editor fixes them
all in one pass; nothing stops at the first error.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from pathlib import Path

from . import content, quiz, schema, sources
from .problems import Problem, summary

ROOT = sources.ROOT
DOCS = ROOT / "docs"
QUIZZES = ROOT / "quizzes"
KNOWN_PLACEHOLDERS = {
    "problem-table", "errata-table", "sources-table", "duplicates", "cleaning-steps", "glossary",
    "quiz-list", "coverage", "role-quizzes", "wrong-book", "deploy-nginx", "deploy-apache", "deploy-iis",
}  # fmt: skip


def check_front_matter(page: content.Page) -> list[Problem]:
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


def check_anchors(page: content.Page) -> list[Problem]:
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


def resolve(page: content.Page, target: str) -> tuple[str, str]:
    """(page path relative to docs/, anchor) of a link written on ``page``."""
    path, _, anchor = target.partition("#")
    if not path:
        return page.rel, anchor
    return posixpath.normpath(posixpath.join(posixpath.dirname(page.rel), path)), anchor


def check_link(pages: dict[str, content.Page], page: content.Page, target: str) -> str | None:
    """None if ``target`` resolves, else the Chinese reason."""
    if "://" in target or target.startswith(("mailto:", "//")):
        return f"外部链接 {target} 在内网中无法访问，请删除或改为站内页面"
    rel, anchor = resolve(page, target)
    if rel.endswith("/"):
        rel += "index.md"
    other = pages.get(rel)
    if other is None:
        return f"链接目标页面 {rel} 不存在，请检查路径（相对于当前页面，以 .md 结尾）"
    if anchor and anchor not in other.anchors:
        return f"页面 {rel} 中没有锚点 #{anchor}，请检查拼写或在目标标题后加上 {{#{anchor}}}"
    return None


def check_links(pages: dict[str, content.Page], page: content.Page) -> list[Problem]:
    problems = []
    for target, line, col in page.links:
        reason = check_link(pages, page, target)
        if reason:
            problems.append(Problem(page.rel, line, col, reason))
    for tag, line, col in page.raw_html:
        problems.append(Problem(page.rel, line, col, f"页面中不能使用原始 HTML（{tag[:30]}），请改用 Markdown 写法"))
    for name, line in page.placeholders:
        if name not in KNOWN_PLACEHOLDERS:
            problems.append(
                Problem(page.rel, line, 1, f"未知的生成块 kb:{name}，可用的有：{'、'.join(sorted(KNOWN_PLACEHOLDERS))}")
            )
    return problems


def check_analysis(page: content.Page) -> list[Problem]:
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


def check_glossary(pages: dict[str, content.Page], page: content.Page) -> list[Problem]:
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


def check_sources() -> list[Problem]:
    problems = []
    for s in sources.load_sources():
        rel = s.file.relative_to(ROOT).as_posix()
        try:
            cleaned = sources.clean_source(s)
        except Exception as e:  # a stale errata entry or an edited source: say which
            problems.append(Problem(rel, 1, 1, f"清洗失败：{e}"))
            continue
        current = s.cleaned_path.read_text(encoding="utf-8") if s.cleaned_path.exists() else ""
        if current != cleaned.text:
            problems.append(
                Problem(
                    s.cleaned_path.relative_to(ROOT).as_posix(),
                    1,
                    1,
                    "清洗结果已过期，请运行 python scripts/build.py clean",
                )
            )
    return problems


def check_pages(pages: dict[str, content.Page]) -> list[Problem]:
    problems: list[Problem] = []
    for page in pages.values():
        if page.generated:
            continue
        problems += check_front_matter(page)
        problems += check_anchors(page)
        problems += check_links(pages, page)
        problems += check_analysis(page)
        problems += check_glossary(pages, page)
    return problems


def add_quiz_pages(pages: dict[str, content.Page], banks: list[quiz.Bank], docs_dir: Path) -> None:
    """Bank pages are generated at build time; register them so links to them resolve."""
    for bank in banks:
        rel = f"quizzes/{bank.id}.md"
        if rel not in pages:
            page = content.Page(docs_dir / rel, rel, None, None, "", 1, generated=True)
            page.anchors = {f"q-{q.id}": 1 for q in bank.questions}
            pages[rel] = page


def _rel(path: Path) -> str:
    try:
        return path.resolve().relative_to(Path.cwd()).as_posix()
    except ValueError:
        return path.as_posix()


def run(
    paths: list[Path] | None,
    out: Callable[[str], None] = print,
    docs_dir: Path = DOCS,
    quiz_dir: Path = QUIZZES,
) -> bool:
    """Check everything (or only ``paths``); print problems and a summary; True if clean.

    Pages, the shortfall registry and every bank are loaded in full either way, because
    links and sources cross files; ``paths`` only limits which files' problems are shown.
    """
    pages = content.load_pages(docs_dir)
    banks, _, quiz_problems = quiz.load_quizzes(quiz_dir, pages, rel_of=_rel)
    add_quiz_pages(pages, banks, docs_dir)
    problems = [Problem(_rel(docs_dir / p.path), p.line, p.col, p.message) for p in check_pages(pages)] + quiz_problems
    registry = 1 if (quiz_dir / quiz.REGISTRY).exists() else 0
    files = len([p for p in pages.values() if not p.generated]) + len(quiz.bank_files(quiz_dir)) + registry
    if paths:
        wanted = set()
        for p in paths:
            p = p.resolve()
            wanted |= {_rel(f) for f in (p.rglob("*") if p.is_dir() else [p]) if f.is_file()}
        problems = [p for p in problems if p.path in wanted]
        files = len(wanted)
    else:
        problems += check_sources()
    problems = sorted(problems)
    for problem in problems:
        out(str(problem))
    out(summary(problems, files))
    return not problems
