"""The build stamp: version, date, source commit and content checksum.

Everything in it is derived from the sources, so two builds of the same commit are
byte-identical: the date is the commit's date (or SOURCE_DATE_EPOCH), not the clock.
MkDocs honours SOURCE_DATE_EPOCH for sitemap dates, so the build sets it from here too.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import tomllib
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path

from ..paths import ROOT

# What a cadre reads is made from these; their checksum names the content of a build.
CONTENT_INPUTS = (
    "docs",
    "quizzes",
    "sources",
    "search",
    "overrides",
    "scripts",
    "deploy",
    "mkdocs.yml",
    "requirements.txt",
)
NAME = "jiceng-tongzhan-kb"


def _git(*args: str) -> str:
    try:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""


def version() -> str:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]


def content_checksum(root: Path = ROOT) -> str:
    digest = hashlib.sha256()
    for name in CONTENT_INPUTS:
        base = root / name
        files = sorted(p for p in base.rglob("*") if p.is_file()) if base.is_dir() else [base]
        for path in files:
            if "__pycache__" in path.parts or not path.exists():
                continue
            digest.update(path.relative_to(root).as_posix().encode() + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def source_epoch() -> int:
    """SOURCE_DATE_EPOCH if set, else the commit time, else now."""
    if os.environ.get("SOURCE_DATE_EPOCH", "").isdigit():
        return int(os.environ["SOURCE_DATE_EPOCH"])
    committed = _git("log", "-1", "--format=%ct")
    return int(committed) if committed.isdigit() else int(datetime.now(UTC).timestamp())


def pin_source_epoch() -> None:
    """Give MkDocs the commit's time when SOURCE_DATE_EPOCH is unset.

    MkDocs dates pages and the gzip header of sitemap.xml.gz from SOURCE_DATE_EPOCH, or from
    the clock; set from the commit, plain ``mkdocs build`` gives the same bytes as build.py.
    """
    os.environ.setdefault("SOURCE_DATE_EPOCH", str(source_epoch()))


@lru_cache(maxsize=1)
def build_stamp() -> dict[str, str]:
    commit = _git("rev-parse", "--short=12", "HEAD") or "unknown"
    if commit != "unknown" and _git("status", "--porcelain", "--", *CONTENT_INPUTS):
        commit += "-modified"
    date = datetime.fromtimestamp(source_epoch(), UTC)
    return {
        "name": NAME,
        "version": version(),
        "date": date.strftime("%Y-%m-%d"),
        "commit": commit,
        "content_sha256": content_checksum(),
    }


def package_basename(stamp: dict[str, str]) -> str:
    return f"{stamp['name']}-{stamp['version']}-{stamp['date'].replace('-', '')}"
