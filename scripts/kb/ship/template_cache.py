"""Compiled page templates kept between builds of one session (the live preview's rebuilds).

MkDocs makes a new Jinja environment for every build, so every rebuild would parse and
compile Material's templates again (about a third of a rebuild of this site).  Jinja's
bytecode cache is keyed by template name and checksummed by source, so an edited override
is recompiled and nothing stale is ever used.  Behind the session's memory sits the project's
disk cache (``kb.disk_cache``): a one-off build reads the templates compiled by the last one
(0.13 s of a 2.4 s build of 101 pages).
"""

from __future__ import annotations

import contextlib

import jinja2

from .. import disk_cache
from ..session import current


class MemoryBytecodeCache(jinja2.BytecodeCache):
    def __init__(self) -> None:
        self._store: dict[str, bytes] = {}
        # Jinja's own file cache writes each entry atomically; its bytecode names the Python
        # version it was compiled by, so another interpreter's entry is recompiled, not used.
        self._disk = None
        if disk_cache.enabled():
            folder = disk_cache.CACHE / "templates"
            try:
                folder.mkdir(parents=True, exist_ok=True)
                self._disk = jinja2.FileSystemBytecodeCache(str(folder))
            except OSError:
                pass  # a project folder we may not write: memory only

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self._store.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)
        elif self._disk is not None:
            try:
                self._disk.load_bytecode(bucket)
            except Exception:  # a damaged entry (a disk filled mid-write): compile afresh
                bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._store[bucket.key] = bucket.bytecode_to_string()
        if self._disk is not None:
            with contextlib.suppress(OSError):
                self._disk.dump_bytecode(bucket)


def use_cache(env: jinja2.Environment) -> jinja2.Environment:
    """The session's cache (``kb.session.Preview``): kept between the preview's rebuilds."""
    preview = current().preview
    if preview.templates is None:
        preview.templates = MemoryBytecodeCache()
    env.bytecode_cache = preview.templates
    return env
