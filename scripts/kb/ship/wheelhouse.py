"""The offline wheelhouse (``build.py wheelhouse``): every pinned dependency as a wheel, for a
build machine without PyPI."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from ..paths import REQUIREMENTS


def wheelhouse(
    target: Path, requirements: Path = REQUIREMENTS, platform: str | None = None, python: str | None = None
) -> int:
    """Put every pinned dependency, as a wheel, into ``target`` for a build machine without PyPI.

    requirements.txt pins the whole dependency closure.  Packages published only as source
    (jieba) are built into pure-Python wheels here, so installing on the intranet needs
    neither the internet nor a compiler.  ``platform``/``python`` fetch binary wheels for
    another machine (e.g. win_amd64, 3.12).
    """
    target.mkdir(parents=True, exist_ok=True)
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check"]
    if platform is None:
        return subprocess.call([*pip, "wheel", "-q", "--no-deps", "-r", str(requirements), "-w", str(target)])
    pins = [
        ln.strip()
        for ln in requirements.read_text(encoding="utf-8").splitlines()
        if ln.strip() and not ln.startswith("#")
    ]
    source_only = [p for p in pins if p.lower().startswith("jieba==")]
    binary = [p for p in pins if p not in source_only]
    extra = ["--python-version", python] if python else []
    status = subprocess.call([*pip, "wheel", "-q", "--no-deps", *source_only, "-w", str(target)]) if source_only else 0
    return status or subprocess.call(
        [
            *pip,
            "download",
            "-q",
            "--no-deps",
            "--only-binary=:all:",
            "--platform",
            platform,
            *extra,
            "-d",
            str(target),
            *binary,
        ]
    )
