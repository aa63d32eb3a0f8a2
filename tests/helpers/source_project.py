"""A copy of the project with one document added the way add-source adds it (issue 25): the
test regulation's expected document text through ``find_structure`` and ``render_pages`` into
docs/sources/, its entry in sources/sources.yml, a glossary term it uses and a question citing
its 第十二条.  Built by the copy's own scripts (kb.paths points at the copy)."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

from bench.tree import copy_working_tree
from kb.sources.draft import render_pages
from kb.sources.structure import find_structure

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "sources"
SOURCE_ID = "demo-regulation"
PAGE = f"sources/{SOURCE_ID}.md"
HTML = f"sources/{SOURCE_ID}.html"
ARTICLE_12 = "社区服务工作情况应当每年向居民公开。"
TERM = "社区服务站"
# The status the site tests give the document: its notice on every page and in search.
REPEALED = {"status": "已废止", "status_date": "2025-01-01", "replaced_by": "某某县社区服务条例（2025年修订）"}

QUESTION = f"""
  - id: demo-regulation-article-12
    type: judge
    level: 识记
    stem: 根据《某某县社区服务示范条例》，社区服务工作情况应当每年向居民公开。
    answer: 对
    explanation: 该条例第十二条规定：“{ARTICLE_12}”
    source: {PAGE}#article-12
    quote: {ARTICLE_12.rstrip("。")}
"""
GLOSSARY_TERM = f"""  - term: {TERM}
    id: term-shequ-fuwuzhan
    full: 社区中为居民提供服务的窗口（测试用术语）
    definition: 测试用术语，释义超出原文。
    editor: true
"""


def _entry(status: str, status_date: str | None, replaced_by: str | None, sha: str) -> str:
    lines = [
        f"  - id: {SOURCE_ID}",
        f"    file: {SOURCE_ID}.docx",
        f"    sha256: {sha}",
        "    title: 某某县社区服务示范条例",
        "    category: policy",
        "    issuer: 某某县人大常委会",
        "    number: 某发〔2024〕3号",
        "    date: 2024-03-01",
        f"    status: {status}",
    ]
    lines += [f"    status_date: {status_date}"] if status_date else []
    lines += [f"    replaced_by: {replaced_by}"] if replaced_by else []
    lines += [
        "    added: 2026-12-06",
        f"    errata: {SOURCE_ID}.errata.yml",
        f"    cleaned: cleaned/{SOURCE_ID}.txt",
        f"    pages: [{PAGE}]",
        "    revisions:",
        f"      - file: {SOURCE_ID}.2023-01-01.docx",
        '        sha256: "0000000000000000000000000000000000000000000000000000000000000000"',
        "        number: 某发〔2023〕1号",
        "        date: 2023-01-01",
        "        replaced: 2026-12-06",
        f"        report: {SOURCE_ID}.revision-1.txt",
    ]
    return "\n".join(lines) + "\n"


def make_source_project(
    folder: Path,
    *,
    draft: bool = False,
    status: str = "现行",
    status_date: str | None = None,
    replaced_by: str | None = None,
    question: bool = True,
) -> Path:
    project = copy_working_tree(folder)
    text = (FIXTURES / "expected" / "regulation.txt").read_text(encoding="utf-8")
    outline = find_structure(text)
    meta = {"id": SOURCE_ID, "title": "某某县社区服务示范条例", "category": "policy"}
    for rel, markdown in render_pages(outline, meta).items():
        if not draft:
            markdown = markdown.replace("draft: true\n", "", 1)
        (project / "docs" / rel).parent.mkdir(parents=True, exist_ok=True)
        (project / "docs" / rel).write_text(markdown, encoding="utf-8")
    sources = project / "sources"
    shutil.copy(FIXTURES / "regulation.docx", sources / f"{SOURCE_ID}.docx")
    (sources / "cleaned" / f"{SOURCE_ID}.txt").write_text(text, encoding="utf-8")
    (sources / f"{SOURCE_ID}.errata.yml").write_text("[]\n", encoding="utf-8")
    sha = hashlib.sha256((sources / f"{SOURCE_ID}.docx").read_bytes()).hexdigest()
    with (sources / "sources.yml").open("a", encoding="utf-8") as f:
        f.write(_entry(status, status_date, replaced_by, sha))
    glossary = project / "docs" / "glossary.md"
    g = glossary.read_text(encoding="utf-8")
    glossary.write_text(g.replace("terms:\n", "terms:\n" + GLOSSARY_TERM, 1), encoding="utf-8")
    if question:
        bank = project / "quizzes" / "principles-and-policies.yml"
        bank.write_text(bank.read_text(encoding="utf-8").rstrip("\n") + "\n" + QUESTION, encoding="utf-8")
    return project


BUILD = """
import sys
from pathlib import Path
sys.path.insert(0, "scripts")
from kb import session
from kb.ship import build
if sys.argv[2] == "preview":
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    session.start(previewing=True)  # what on_startup does for `serve` (build() does not call it)
    mkdocs_build(load_config(config_file="mkdocs.yml", site_dir=sys.argv[1], strict=False), dirty=False)
    sys.exit(0)
sys.exit(build.build_site(site_dir=Path(sys.argv[1])))
"""


def build_project(project: Path, site: Path, preview: bool = False) -> subprocess.CompletedProcess:
    """Build the copy with its own scripts: the published site, or the live preview's (drafts shown)."""
    return subprocess.run(
        [sys.executable, "-c", BUILD, str(site), "preview" if preview else "build"],
        cwd=project,
        capture_output=True,
        text=True,
        env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin", "HOME": str(project)},
    )


def publish_repealed(root: Path) -> tuple[Path, Path, subprocess.CompletedProcess]:
    """The test project with the 已废止 source, built and published under ``root``: (project,
    site, the build's result).  The build must succeed."""
    project = make_source_project(root / "project", **REPEALED)
    result = build_project(project, root / "out" / "site")
    assert result.returncode == 0, result.stderr[-3000:]
    return project, root / "out" / "site", result
