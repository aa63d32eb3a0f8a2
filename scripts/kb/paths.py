"""Where things are: the one place that knows the project's folders and file names."""

from __future__ import annotations

import hashlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
QUIZZES = ROOT / "quizzes"
SOURCES = ROOT / "sources"
DEPLOY = ROOT / "deploy"
SEARCH = ROOT / "search"
OVERRIDES = ROOT / "overrides"  # MkDocs theme custom_dir
# Both are links to the current build in .site-builds/ (real folders on Windows or where links cannot be
# made); see kb.ship.switch for why.
SITE = ROOT / "site"
DIST = ROOT / "dist"
MKDOCS_YML = ROOT / "mkdocs.yml"
REQUIREMENTS = ROOT / "requirements.txt"


def sha256(path: Path) -> str:
    """Hex SHA-256 of a file, read in chunks (archives can be large)."""
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def show(path: Path) -> str:
    """``path`` as a reader should see it: relative to the project when inside it."""
    path = Path(path)
    return path.relative_to(ROOT).as_posix() if path.is_absolute() and path.is_relative_to(ROOT) else str(path)
