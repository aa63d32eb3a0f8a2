"""The cleaned sources on disk must be what cleaning the verbatim sources gives today, and an
added document's every sentence must be on its pages (issue 25: the first source's bar, for
every source in sources.yml, with no per-source test to write)."""

from __future__ import annotations

import html
import marshal
import re
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from .. import disk_cache
from ..content.problems import Problem
from ..paths import DOCS, SOURCES, sha256, show
from ..sources import registry

SENTENCE = re.compile(r"[。；！\n]")
FOOTNOTE_MARK = re.compile(r"\[\^\d+\]:?")
ATTR_ANCHOR = re.compile(r"\{#[^}]*\}")
FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)


def norm(text: str) -> str:
    """What fidelity compares, as tests/test_content.py does: the characters only (Markdown
    escapes, heading marks, ``{#…}``, footnote marks, whitespace and punctuation dropped)."""
    return "".join(re.findall(r"[\u3400-\u9fff0-9A-Za-z]", FOOTNOTE_MARK.sub("", text)))


def page_text(markdown: str) -> str:
    return norm(ATTR_ANCHOR.sub("", html.unescape(FRONT_MATTER.sub("", markdown))))


def _home_pages(source: registry.Source, pages: dict[str, str], text: str) -> dict[int, str]:
    """Cleaned-text line → the page that shows it: the page holding the anchor of the nearest
    unit that starts at or before the line (its first page before any unit)."""
    from ..sources.structure import find_structure  # add-source's parser: only for added sources

    outline = find_structure(text)
    where = {a: p for p, md in pages.items() for a in re.findall(r"\{#([a-z0-9-]+)\}", md)}
    starts = sorted((u.line, u.anchor) for u in outline.walk() if u.line)
    first = next(iter(pages), "")
    home, i, current = {}, 0, first
    for n in range(1, text.count("\n") + 2):
        while i < len(starts) and starts[i][0] <= n:
            current = where.get(starts[i][1], current)
            i += 1
        home[n] = current
    return home


def check_fidelity(source: registry.Source, text: str, docs: Path, cleaned: str) -> list[Problem]:
    """A problem per listed page that is missing and per sentence of ``text`` on none of them."""
    problems, pages = [], {}
    for rel in source.pages:
        path = docs / rel
        if path.is_file():
            pages[rel] = path.read_text(encoding="utf-8")
        else:
            problems.append(
                Problem(
                    "sources/sources.yml",
                    source.line,
                    1,
                    f"资料 {source.id} 的页面 docs/{rel} 不存在：请恢复它，或从 pages 中删去",
                )
            )
    if not pages:
        return problems
    shown = "".join(page_text(md) for md in pages.values())
    home = None
    pos = 0
    for n, line in enumerate(text.split("\n"), 1):
        for sentence in SENTENCE.split(line):
            want = norm(sentence)
            if not want:
                continue
            found = shown.find(want, pos)  # pages follow the text: look on from the last one first
            if found < 0:
                found = shown.find(want)
            if found >= 0:
                pos = found + len(want)
                continue
            home = home or _home_pages(source, pages, text)
            problems.append(
                Problem(cleaned, n, 1, f"这句原文不在页面上：“{sentence.strip()[:40]}”，应在 docs/{home[n]} 中照录")
            )
    return problems


def _shown(path: Path, directory: Path) -> str:
    """A file as the project names it (``directory`` is the project's sources/)."""
    return path.relative_to(directory.parent).as_posix() if path.is_relative_to(directory.parent) else show(path)


def check_sources(directory: Path = SOURCES, docs: Path = DOCS) -> list[Problem]:
    sources, problems = registry.load_registry(directory)
    for s in sources:
        try:
            outputs, cleaned_text = _fresh(s, directory)
        except Exception as e:  # a stale errata entry, an edited or unreadable source: say which
            problems.append(Problem(_shown(s.file, directory), 1, 1, f"清洗失败：{e}"))
            continue
        for path, text in outputs.items():
            current = path.read_text(encoding="utf-8") if path.exists() else ""
            if current != text:
                problems.append(
                    Problem(_shown(path, directory), 1, 1, "清洗结果已过期，请运行 python scripts/build.py clean")
                )
        if s.category is not None:
            problems += check_fidelity(s, cleaned_text, docs, _shown(s.cleaned_path, directory))
    return problems


def _fresh(s: registry.Source, home: Path) -> tuple[dict[Path, str], str]:
    """What ``build.py clean`` would write for ``s`` now, and the cleaned text.  Cleaning the
    first source again (OpenCC, the duplicate search) was a tenth of every check and build, for
    inputs that rarely change: the result is kept in the project's cache under everything it
    is computed from (the original's bytes, the errata file, the cleaning and reading code, the
    converters' versions).  ``home`` is sources/: files are named below it, wherever the
    project is."""
    actual = sha256(s.file)
    if actual != s.sha256:
        registry.clean_source(s)  # raises with the message for an edited original
    errata = s.errata_path.read_bytes() if s.errata_path.is_file() else b""
    versions = []
    for package in ("OpenCC", "python-docx", "pdfminer.six"):
        try:
            versions.append(f"{package} {version(package)}")
        except PackageNotFoundError:
            versions.append(f"{package} -")
    where = f"{s.cleaned_path.relative_to(home).as_posix()} {s.errata_path.relative_to(home).as_posix()}"
    key = disk_cache.key(actual, errata, s.file.suffix, where, disk_cache.code_key("sources"), *versions)

    def make() -> bytes:
        cleaned = registry.clean_source(s)
        outputs = {path.relative_to(home).as_posix(): text for path, text in registry.outputs(s, cleaned).items()}
        return marshal.dumps((outputs, cleaned.text))

    outputs, text = marshal.loads(disk_cache.cached(f"cleaned-{s.id}", key, make))
    return {home / p: t for p, t in outputs.items()}, text
