"""A copy of the project's working tree (tracked and new files, as git sees them).

For the preview benchmark and the tests that edit content in a private copy.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from kb.paths import ROOT


def copy_working_tree(target: Path) -> Path:
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode()
    for rel in filter(None, listed.split("\0")):
        if (ROOT / rel).is_file():
            (target / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / rel, target / rel)
    return target
