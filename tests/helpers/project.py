"""A private copy of the project, for tests that edit content or need a commit of their own."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from bench.tree import copy_working_tree


def project_copy(folder: Path, commit_date: str = "2026-01-01T00:00:00+00:00") -> Path:
    """The working tree (tracked and new files) as a one-commit repository dated ``commit_date``."""
    copy_working_tree(folder)
    git_env = {**os.environ, "GIT_AUTHOR_DATE": commit_date, "GIT_COMMITTER_DATE": commit_date}
    for args in (["init", "-q"], ["add", "-A"], ["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "copy"]):
        subprocess.run(["git", *args], cwd=folder, env=git_env, check=True)
    return folder
