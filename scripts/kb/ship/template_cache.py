"""Compiled page templates kept between builds of one session (the live preview's rebuilds).

MkDocs makes a new Jinja environment for every build, so every rebuild would parse and
compile Material's templates again (about a third of a rebuild of this site).  Jinja's
bytecode cache is keyed by template name and checksummed by source, so an edited override
is recompiled and nothing stale is ever used.
"""

from __future__ import annotations

import jinja2

from ..session import current


class MemoryBytecodeCache(jinja2.BytecodeCache):
    def __init__(self) -> None:
        self._store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self._store.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._store[bucket.key] = bucket.bytecode_to_string()


def use_cache(env: jinja2.Environment) -> jinja2.Environment:
    """The session's cache (``kb.session.Preview``): kept between the preview's rebuilds."""
    preview = current().preview
    if preview.templates is None:
        preview.templates = MemoryBytecodeCache()
    env.bytecode_cache = preview.templates
    return env
