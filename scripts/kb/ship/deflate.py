"""Each site file compressed once, into a deflate *segment* both archives share, kept on disk.

A segment is a raw deflate stream of one file's bytes from a fresh compressor, ended with a
sync flush: byte-aligned, no final block, no reference to anything before it.  So segments can
be laid end to end inside a larger deflate stream (the .tar.gz, between compressed tar headers)
or closed with ``END`` on their own (a .zip entry).  The same bytes always give the same
segment, so a build reuses the last build's segments from ``.cache/deflate/`` for every file
that did not change: compressing costs 0.1 s of CPU at 101 pages, reading a segment back next
to nothing.

An entry is named by the sha256 of the file's bytes, the level and zlib's version (a newer zlib
may compress differently; archives must stay byte-identical from a cold or a warm cache), and
holds the sha256 of the segment itself: a truncated or damaged entry is compressed again, never
copied into an archive.  ``KB_CACHE=off`` or a folder that cannot be written: just compress.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import time
import zlib
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import NamedTuple, TypeVar

from .. import disk_cache

LEVEL = 6  # zlib's default: level 9 took twice as long for archives about 1 % smaller
WBITS = -15  # raw deflate: the zip entry and the gzip member wrap it themselves
END = zlib.compressobj(LEVEL, zlib.DEFLATED, WBITS).flush()  # the final (empty) block: b"\x03\x00"
# Bump when what a segment holds changes (flush mode, wbits...): old entries are then never read.
FORMAT = "raw-15-sync-v1"
MAGIC = b"kb-deflate-segment-1\n"
SUFFIX = ".seg"


class Piece(NamedTuple):
    data: bytes | None  # the file's bytes when it is small; a large one is read again in chunks
    size: int
    crc: int  # zlib.crc32 of the file's bytes
    segment: bytes
    key: str  # the cache entry's name


# Files larger than this are read in chunks of it, never whole: at 1,001 pages the 模拟考试's
# data (6.5 MB) and the search index (5.2 MB) held whole with their copies raised the build's
# peak memory by 15 MiB.
CHUNK = 1 << 18


def chunks(path: Path) -> Iterator[bytes]:
    with path.open("rb") as f:
        while chunk := f.read(CHUNK):
            yield chunk


def segment(data: bytes | Iterable[bytes]) -> bytes:
    z = zlib.compressobj(LEVEL, zlib.DEFLATED, WBITS)
    parts = [z.compress(c) for c in ([data] if isinstance(data, bytes) else data)]
    parts.append(z.flush(zlib.Z_SYNC_FLUSH))
    return b"".join(parts)


def cache_folder() -> Path | None:
    """Where segments are kept, or None when the cache is off or cannot be made."""
    if not disk_cache.enabled():
        return None
    folder = disk_cache.CACHE / "deflate"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return folder


def entry_key(digest: bytes) -> str:
    """The entry of a file whose bytes have this sha256 digest."""
    return disk_cache.key(FORMAT, digest, str(LEVEL), zlib.ZLIB_RUNTIME_VERSION)


def load_segment(folder: Path, key: str) -> bytes | None:
    """The stored segment, or None when absent or damaged (its own sha256 does not match)."""
    try:
        with (folder / f"{key}{SUFFIX}").open("rb") as f:
            head, seg = f.read(len(MAGIC) + 32), f.read()  # two reads: the segment is not copied
    except OSError:
        return None
    if not head.startswith(MAGIC) or len(head) < len(MAGIC) + 32:
        return None
    return seg if hashlib.sha256(seg).digest() == head[len(MAGIC) :] else None


def store_segment(folder: Path, key: str, seg: bytes) -> None:
    """Written atomically (a build beside this one reads a whole entry or none); any error
    just leaves the entry out."""
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-")
        with os.fdopen(fd, "wb") as f:
            f.write(MAGIC + hashlib.sha256(seg).digest())
            f.write(seg)
        os.replace(tmp, folder / f"{key}{SUFFIX}")
    except OSError:
        if tmp:
            Path(tmp).unlink(missing_ok=True)


def load_piece(path: Path, folder: Path | None) -> Piece:
    """The file's size, CRC and segment (from the cache when a sound entry exists), and its bytes
    if it is small."""
    digest, crc, size, first = hashlib.sha256(), 0, 0, None
    for chunk in chunks(path):
        first = chunk if first is None else first
        digest.update(chunk)
        crc = zlib.crc32(chunk, crc)
        size += len(chunk)
    data = (first or b"") if size <= CHUNK else None
    key = entry_key(digest.digest())
    seg = load_segment(folder, key) if folder else None
    if seg is None:
        seg = segment(data if data is not None else chunks(path))
        if folder:
            store_segment(folder, key, seg)
    return Piece(data, size, crc, seg, key)


def prune(folder: Path | None, used: set[str]) -> None:
    """Drop entries this build did not use (the folder holds one site's worth) and temporary
    files a killed build left over an hour ago.  Never fails the build."""
    if folder is None:
        return
    try:
        entries = list(folder.iterdir())
    except OSError:
        return
    for entry in entries:
        try:  # one entry another build holds open (Windows) must not stop the rest
            if entry.suffix == SUFFIX and entry.stem not in used:
                entry.unlink(missing_ok=True)
            elif entry.name.startswith(".tmp-") and time.time() - entry.stat().st_mtime > 3600:
                entry.unlink(missing_ok=True)
        except OSError:
            pass


T = TypeVar("T")
R = TypeVar("R")


def ordered_map(fn: Callable[[T], R], items: Iterable[T], workers: int = 2, ahead: int = 6) -> Iterator[R]:
    """``map(fn, items)`` on ``workers`` threads (zlib and hashlib release Python's lock), in
    order, with at most ``ahead`` results waiting: a site's files are never all in memory."""
    with ThreadPoolExecutor(max_workers=workers) as pool:
        pending: deque = deque()
        for item in items:
            pending.append(pool.submit(fn, item))
            if len(pending) >= ahead:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
