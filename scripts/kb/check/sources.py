"""The cleaned sources on disk must be what cleaning the verbatim sources gives today."""

from __future__ import annotations

from ..content.problems import Problem
from ..paths import show
from ..sources import registry


def check_sources() -> list[Problem]:
    problems = []
    for s in registry.load_sources():
        try:
            cleaned = registry.clean_source(s)
        except Exception as e:  # a stale errata entry or an edited source: say which
            problems.append(Problem(show(s.file), 1, 1, f"清洗失败：{e}"))
            continue
        for path, text in registry.outputs(s, cleaned).items():
            current = path.read_text(encoding="utf-8") if path.exists() else ""
            if current != text:
                problems.append(Problem(show(path), 1, 1, "清洗结果已过期，请运行 python scripts/build.py clean"))
    return problems
