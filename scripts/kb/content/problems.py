"""One problem found in a content file, reported as ``path:line:col: message``."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    col: int
    message: str
    warning: bool = field(default=False, compare=False)  # a 提醒: shown, never failing a check

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.message}"


def summary(problems: list[Problem], files: int, warnings: int = 0) -> str:
    """The closing line of a check run, in Chinese for trainers and editors."""
    notes = f"另有 {warnings} 条提醒（不影响检查结果），请酌情处理。" if warnings else ""
    if not problems:
        return f"检查通过：{files} 个文件，没有发现问题。{notes}"
    return f"检查未通过：{files} 个文件中发现 {len(problems)} 个问题，请逐条修改后重新运行。{notes}"


def rel(path: Path) -> str:
    """How a file is named in a problem: relative to the working folder when inside it."""
    try:
        # The link's own name, never what it points at: a dangling or outside link is named.
        return (path.parent.resolve() / path.name).relative_to(Path.cwd()).as_posix()
    except ValueError:
        return path.as_posix()
