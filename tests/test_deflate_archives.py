"""The deploy archives written from shared, cached deflate segments (kb/ship/deflate.py)."""

from __future__ import annotations

import gzip
import io
import json
import os
import shutil
import subprocess
import tarfile
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest

from kb import disk_cache
from kb.ship import deflate, package

STAMP = {"date": "2026-12-06", "version": "0.1.0", "commit": "abc"}
BASE = "kb-test-0.1.0"
EPOCH = int(datetime(2026, 12, 6, tzinfo=UTC).timestamp())


@pytest.fixture
def site(tmp_path) -> Path:
    """A small site with what the real one has: pages, assets in folders, a binary file, an
    empty file, a file of exactly one tar block, large ones (read in chunks: kb.ship.deflate.CHUNK)
    and a page with a Chinese path."""
    root = tmp_path / "site"
    page = "<html><body>" + "统战委员的职责。" * 40 + "</body></html>\n"
    files = {
        "index.html": page.encode(),
        "原文/第一章.html": ("第一章 总则\n" * 300).encode(),
        "assets/css/kb.css": b"body{margin:0}\n" * 50,
        "assets/images/logo.png": os.urandom(5000),  # incompressible
        "assets/empty.txt": b"",
        "assets/block.bin": bytes(range(256)) * 2,  # exactly 512 bytes: no tar padding
        "search/index.json": json.dumps({"w": [f"词{i}" for i in range(20000)]}, ensure_ascii=False).encode(),
        "build-info.json": b'{"files": {}}\n',
        "quizzes/exam-data.js": ("".join(f'{{"id":"q{i}","stem":"第{i}题"}},' for i in range(90000))).encode(),
        "assets/one-chunk.bin": bytes(range(256)) * (deflate.CHUNK // 256),  # exactly one chunk: read whole
        "assets/one-chunk-and-a-byte.bin": os.urandom(deflate.CHUNK + 1),
    }
    assert len(files["quizzes/exam-data.js"]) > 2 * deflate.CHUNK
    for rel, data in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(data)
    return root


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setattr(disk_cache, "CACHE", folder)
    monkeypatch.delenv("KB_CACHE", raising=False)
    return folder / "deflate"


def package_bytes(site: Path, dist: Path) -> dict[str, bytes]:
    package.make_package(site, dist, STAMP, BASE)
    return {p.name: p.read_bytes() for p in sorted(dist.iterdir())}


def expected_tar(site: Path) -> bytes:
    """The uncompressed tar stream as the code before segments wrote it, with tarfile."""
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for path in package.site_files(site):
            info = tarfile.TarInfo(f"{BASE}/{path.relative_to(site).as_posix()}")
            info.size, info.mtime, info.mode = path.stat().st_size, EPOCH, 0o644
            info.uid = info.gid = 0
            info.uname = info.gname = ""
            with path.open("rb") as data:
                tar.addfile(info, data)
    return out.getvalue()


def test_every_member_reads_back_as_the_site_file(site, cache, tmp_path):
    dist = tmp_path / "dist"
    package.make_package(site, dist, STAMP, BASE)
    wanted = {f"{BASE}/{p.relative_to(site).as_posix()}": p.read_bytes() for p in package.site_files(site)}
    assert f"{BASE}/原文/第一章.html" in wanted
    with zipfile.ZipFile(dist / f"{BASE}.zip") as z:
        assert z.testzip() is None
        assert z.namelist() == list(wanted)
        for info in z.infolist():
            assert z.read(info) == wanted[info.filename], info.filename
            assert info.date_time == (2026, 12, 6, 0, 0, 0)
            assert info.external_attr == 0o644 << 16 and info.create_system == 3
            assert info.compress_type == zipfile.ZIP_DEFLATED
            assert info.flag_bits == (0x800 if not info.filename.isascii() else 0)
    tar_gz = (dist / f"{BASE}.tar.gz").read_bytes()
    # The tar inside is byte for byte what tarfile writes (headers, padding, end records) ...
    assert gzip.decompress(tar_gz) == expected_tar(site)
    # ... and the gzip header what gzip.GzipFile(filename="", mtime=0) writes.
    reference = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=reference, mtime=0, compresslevel=6) as gz:
        gz.write(b"x")
    assert tar_gz[:10] == reference.getvalue()[:10]
    with tarfile.open(dist / f"{BASE}.tar.gz") as tar:
        members = tar.getmembers()
        assert [m.name for m in members] == list(wanted)
        for m in members:
            assert (m.mode, m.mtime, m.uid, m.gid, m.uname, m.gname) == (0o644, EPOCH, 0, 0, "", "")
            assert tar.extractfile(m).read() == wanted[m.name], m.name


@pytest.mark.parametrize("tool", ["unzip", "tar"])
def test_system_tools_accept_the_archives(site, cache, tmp_path, tool):
    if shutil.which(tool) is None:
        pytest.skip(f"no {tool} on this machine")
    dist = tmp_path / "dist"
    package.make_package(site, dist, STAMP, BASE)
    if tool == "unzip":
        result = subprocess.run(["unzip", "-tq", dist / f"{BASE}.zip"], capture_output=True, text=True)
    else:
        result = subprocess.run(["tar", "-tzf", dist / f"{BASE}.tar.gz"], capture_output=True, text=True)
        assert f"{BASE}/原文/第一章.html" in result.stdout.splitlines()
    assert result.returncode == 0, result.stdout + result.stderr


def test_same_bytes_with_the_cache_off_cold_and_warm(site, cache, tmp_path, monkeypatch):
    monkeypatch.setenv("KB_CACHE", "off")
    off = package_bytes(site, tmp_path / "off")
    assert not cache.exists(), "KB_CACHE=off must not write segments"
    monkeypatch.delenv("KB_CACHE")
    stale = cache / ("0" * 32 + deflate.SUFFIX)
    stale.parent.mkdir(parents=True)
    stale.write_bytes(b"an entry no file of this site uses")
    cold = package_bytes(site, tmp_path / "cold")
    entries = sorted(p.name for p in cache.iterdir())
    # One entry per distinct file; the stale one is gone.
    assert len(entries) == len(package.site_files(site)) and stale.name not in entries
    mtimes = {p.name: p.stat().st_mtime_ns for p in cache.iterdir()}
    warm = package_bytes(site, tmp_path / "warm")
    assert {p.name: p.stat().st_mtime_ns for p in cache.iterdir()} == mtimes, "a warm build must not rewrite entries"
    assert off == cold == warm


def test_a_damaged_cache_entry_is_compressed_again(site, cache, tmp_path):
    good = package_bytes(site, tmp_path / "cold")
    entries = sorted(cache.iterdir(), key=lambda p: p.stat().st_size)
    truncated, flipped = entries[-1], entries[-2]
    sound = {p: p.read_bytes() for p in (truncated, flipped)}
    truncated.write_bytes(sound[truncated][: len(sound[truncated]) // 2])
    data = bytearray(sound[flipped])
    data[-10] ^= 0x40
    flipped.write_bytes(bytes(data))
    assert package_bytes(site, tmp_path / "warm") == good
    assert {p: p.read_bytes() for p in sound} == sound, "damaged entries are written again"


def test_a_cache_folder_that_cannot_be_made_just_compresses(site, tmp_path, monkeypatch):
    monkeypatch.setenv("KB_CACHE", "off")
    off = package_bytes(site, tmp_path / "off")
    monkeypatch.delenv("KB_CACHE")
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder would be", encoding="utf-8")
    monkeypatch.setattr(disk_cache, "CACHE", blocker)
    assert package_bytes(site, tmp_path / "blocked") == off


def test_zip_refuses_what_needs_zip64():
    z = package.ZipWriter(io.BytesIO(), (2026, 12, 6, 0, 0, 0))
    with pytest.raises(RuntimeError, match="65,535"):
        z.add("big.bin", 2**32, 0, deflate.segment(b""))
    for n in range(65535):
        z.add(f"f{n}", 0, 0, b"")
    with pytest.raises(RuntimeError, match="65,535"):
        z.add("one-too-many", 0, 0, b"")
