"""Question banks parsed by an earlier run, found by the hash of their text (issue 22).

Parsing the YAML of 10,000 questions was half of ``check``'s 1.5 s, and a bank rarely
changes between two checks or builds.  What a clean parse gives (the data and the shallow
positions ``yamlpos.load`` records; the rest it finds on demand from the text) is kept in the
project's disk cache (``kb.disk_cache``) as one entry for all banks, keyed on the parser's
code and PyYAML's version.  Only clean parses are kept: a file with a problem is parsed again
and explained every time.  Each hit is unpacked afresh, so no caller shares data with another.
Only the entries the last load used are written back, so the entry holds one project's banks.
One ``ParseCache`` per session (``kb.session.Preview.parse_cache``, made by ``quiz.load``).
"""

from __future__ import annotations

import hashlib
import marshal

import yaml

from .. import disk_cache
from . import yamlpos

NAME = "banks-parsed"


class ParseCache:
    def __init__(self) -> None:
        self._key = disk_cache.key(disk_cache.code_key("content/yamlpos"), yaml.__version__)
        self._old: dict[bytes, bytes] = {}
        raw = disk_cache.load(NAME, self._key)
        if raw is not None:
            try:
                self._old = marshal.loads(raw)
            except (EOFError, ValueError, TypeError):
                pass  # a damaged entry: parse everything afresh
        self._used: dict[bytes, bytes] = {}

    def load(self, text: str) -> yamlpos.Located:
        digest = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()
        packed = self._used.get(digest) or self._old.get(digest)
        if packed is not None:
            data, marks = marshal.loads(packed)
            self._used[digest] = packed
            return yamlpos.Located(data=data, marks=marks, _source=text)
        doc = yamlpos.load(text)
        if doc._source is not None and doc.line_offset == 0:  # the clean, fast parse
            try:
                self._used[digest] = marshal.dumps((doc.data, doc.marks))
            except ValueError:
                pass  # a value marshal cannot hold (a date): not kept
        return doc

    def save(self) -> None:
        """Write the entries this load used (when they differ from what was read)."""
        if self._used.keys() != self._old.keys():
            disk_cache.store(NAME, self._key, marshal.dumps(self._used))
        self._old, self._used = self._used, {}
