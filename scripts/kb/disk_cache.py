"""Results that depend only on installed code, kept on disk between builds (``.cache/`` in the
project).

Three things a build made afresh every time although they never change between two builds on
one machine: jieba's dictionary sorted for look-up (0.3 s of a 2.4 s build of 101 pages), the
compiled page templates (0.13 s) and the trainers' spreadsheet template (0.1 s).  Each is
stored under a key made of everything it is computed from (the code's own files, the installed
package's version, the input file's bytes), so an entry is either exactly what computing it
again would give or is never read.  A project folder that cannot be written (a read-only
checkout, another user's clone) simply builds without the cache: nothing depends on it.

``KB_CACHE=off`` turns it off (the tests that compare a cold build with a cached one use it);
``KB_CACHE_DIR`` puts it elsewhere.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from .paths import ROOT

# KB_CACHE_DIR: another folder (the benchmark times a first build with an empty one).
CACHE = Path(os.environ["KB_CACHE_DIR"]) if os.environ.get("KB_CACHE_DIR") else ROOT / ".cache"
_KB = Path(__file__).resolve().parent


def enabled() -> bool:
    return os.environ.get("KB_CACHE", "").lower() not in ("off", "0", "no")


def key(*parts: str | bytes) -> str:
    h = hashlib.sha256()
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "big") + data)
    return h.hexdigest()[:32]


def code_key(*modules: str) -> str:
    """A key for the source of ``kb`` modules (paths below scripts/kb/, e.g. "sheets"): a
    folder stands for every .py file in it, "" for the whole package.  Editing any of them
    makes a new key."""
    h = hashlib.sha256()
    for name in modules:
        target = _KB / name
        files = sorted(target.rglob("*.py")) if target.is_dir() else [target.with_suffix(".py")]
        for f in files:
            h.update(f.relative_to(_KB).as_posix().encode() + b"\0" + f.read_bytes())
    return h.hexdigest()[:32]


def _path(name: str, k: str) -> Path:
    return CACHE / f"{name}-{k}.bin"


def load(name: str, k: str) -> bytes | None:
    if not enabled():
        return None
    try:
        return _path(name, k).read_bytes()
    except OSError:
        return None


def store(name: str, k: str, data: bytes) -> None:
    """Write atomically (a build running beside this one reads a whole entry or none) and
    drop this name's older entries, so the folder holds one entry per name."""
    if not enabled():
        return
    target, tmp = _path(name, k), None
    try:
        CACHE.mkdir(exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=CACHE, prefix=f".{name}-")
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, target)
        for old in CACHE.glob(f"{name}-*.bin"):
            if old != target:
                old.unlink(missing_ok=True)
    except OSError:  # a folder we may not write: build without the cache
        if tmp:
            Path(tmp).unlink(missing_ok=True)


def cached(name: str, k: str, make) -> bytes:
    """``make()``'s bytes, from the cache when an entry for ``k`` exists."""
    data = load(name, k)
    if data is None:
        data = make()
        store(name, k, data)
    return data
