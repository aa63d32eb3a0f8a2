"""Every command the trainers' pages show works as written on a fresh Debian box after
``./run.sh serve``: there is no ``python`` there and ``python3`` lacks the packages, so each is a
``./run.sh`` command.  Each command line is taken from the pages (code blocks and inline code)
and run, in page order, in a private copy of the project (it writes files there); only the whole
build and the servers run with ``--help`` (minutes, or never ending)."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest

from bench.tree import copy_working_tree

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[1]
# The pages a trainer reads, and the README's section for trainers.
PAGES = [
    "docs/guide/quiz-authoring.md",
    *sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "docs/quizzes").glob("*.md")),
]
README_SECTION = "## Question banks (for trainers)"
COMMAND = re.compile(r"^(?:\./run\.sh|python3?|\.venv/\S*python|mkdocs)\b")
NEVER_ENDING = {("serve",), ("build", "serve"), ("test",)}


def shown_commands(text: str) -> list[str]:
    """Command lines in fenced shell blocks and in inline code, in page order, comments dropped."""
    found: list[tuple[int, str]] = []
    for m in re.finditer(r"```(?:bash|sh|shell|console)\n(.*?)```", text, re.S):
        block = re.sub(r"\\\n\s*", " ", m.group(1))  # a command continued with \ is one line
        for k, line in enumerate(block.splitlines()):
            line = line.split(" #")[0].strip()
            if COMMAND.match(line):
                found.append((m.start() + k, line))
    prose = re.sub(r"```.*?```", lambda m: " " * len(m.group()), text, flags=re.S)
    for m in re.finditer(r"`([^`\n]+)`", prose):
        code = m.group(1).strip()
        if COMMAND.match(code) and " " in code:  # a command line, not the name of a program
            found.append((m.start(), code))
    return [line for _, line in sorted(found)]


def all_shown() -> list[tuple[str, str]]:
    out = [(rel, c) for rel in PAGES for c in shown_commands((ROOT / rel).read_text(encoding="utf-8"))]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index(README_SECTION) :].split("\n## ", 1)[0]
    return out + [("README.md", c) for c in shown_commands(section)]


def test_the_pages_show_only_commands_that_exist_on_a_fresh_debian_box():
    shown = all_shown()
    assert len(shown) >= 8, shown
    wrong = [f"{rel}: {c}" for rel, c in shown if not c.startswith("./run.sh ")]
    assert wrong == [], "a fresh Debian box has no python, and python3 lacks the packages: show ./run.sh …"


def prepare(project: Path, args: list[str]) -> None:
    """What the trainer would have at hand before the command (the files it names)."""
    if args[:2] == ["build", "results"]:
        from test_results import fixture_class

        folder = project / args[2]
        folder.mkdir(exist_ok=True)
        fixture_class(folder)
        # The same command shown on two pages: results never overwrites a workbook (tested in
        # test_results), so each run starts without one.
        out = args[args.index("-o") + 1] if "-o" in args else "班级成绩.xlsx"
        (project / out).unlink(missing_ok=True)
    if args[:2] == ["build", "new-quiz"]:
        (project / "quizzes" / f"{args[2]}.yml").unlink(missing_ok=True)  # shown on two pages: fresh each time
    if args[:2] == ["build", "add-source"]:
        # The file the trainer received: the test regulation, and its revision for --revision.
        received = project / args[2]
        received.parent.mkdir(parents=True, exist_ok=True)
        fixture = "regulation-revised.docx" if "--revision" in args else "regulation.docx"
        shutil.copy(ROOT / "tests" / "fixtures" / "sources" / fixture, received)
    if args[:2] == ["build", "import"]:
        # The trainer's spreadsheet: the template filled in (its examples are valid questions),
        # imported as a new bank, so the bank made by new-quiz earlier is moved aside.
        subprocess.run([str(project / "run.sh"), "build", "template", args[2]], cwd=project, env=ENV, check=True)
        bank = project / "quizzes" / f"{args[args.index('--id') + 1]}.yml"
        bank.unlink(missing_ok=True)


ENV = {**os.environ, "VENV": str(ROOT / ".venv")}


def test_every_command_shown_to_trainers_runs(tmp_path):
    project = copy_working_tree(tmp_path / "project")
    failures = []
    for rel, line in all_shown():
        args = shlex.split(line)[1:]
        if not line.startswith("./run.sh "):
            failures.append(f"{rel}: {line}: not a ./run.sh command")
            continue
        if args == ["build"] or tuple(args[:2]) in NEVER_ENDING or tuple(args[:1]) in NEVER_ENDING:
            args = [*args, "--help"] if args[:1] == ["build"] else [args[0], "--help"]
            if args[0] != "build":
                continue  # run.sh serve/test themselves: set up and never end
        prepare(project, args)
        done = subprocess.run(
            [str(project / "run.sh"), *args], cwd=project, env=ENV, capture_output=True, text=True, check=False
        )
        if done.returncode != 0 or "Traceback" in done.stderr:
            failures.append(f"{rel}: {line}: exit {done.returncode}\n{done.stdout[-800:]}{done.stderr[-800:]}")
    assert failures == []
