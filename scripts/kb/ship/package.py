"""The deploy package: reproducible .zip and .tar.gz of the site, SHA256SUMS, build-info.json.

Archives are reproducible: entries sorted, fixed timestamps (the build date), fixed modes,
no owner names, gzip header without a name or time; deflate level 6 (zlib's default: level 9
took twice as long for archives about 1 % smaller).  ``verify`` checks a package, or a
deployed folder, against what the build recorded.
"""

from __future__ import annotations

import gzip
import json
import tarfile
import zipfile
from datetime import datetime
from pathlib import Path

from ..paths import sha256

BUILD_INFO = "build-info.json"
SUMS = "SHA256SUMS"
# Theme files no page of this site loads: Material's search worker and its lunr language
# files (our search replaces them) and source maps (only a developer's debugger asks for
# them).  They were 2.3 of the package's 3.8 MB; leaving them out keeps site/ and dist/ to
# what a browser uses.
UNLOADED = ("assets/javascripts/lunr/", "assets/javascripts/workers/")


def unloaded(path: str) -> bool:
    """True for a theme file that the built site never loads (see UNLOADED)."""
    return path.startswith(UNLOADED) or path.endswith(".map")


def site_files(site: Path) -> list[Path]:
    return sorted((p for p in site.rglob("*") if p.is_file()), key=lambda p: p.relative_to(site).as_posix())


def write_build_info(site: Path, stamp: dict[str, str]) -> dict:
    """build-info.json in the site: the stamp and a manifest of every other file's SHA-256."""
    manifest = {
        p.relative_to(site).as_posix(): sha256(p) for p in site_files(site) if p.name != BUILD_INFO or p.parent != site
    }
    info = {**stamp, "files": manifest}
    (site / BUILD_INFO).write_text(
        json.dumps(info, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8"
    )
    return info


def _epoch(stamp: dict[str, str]) -> int:
    return int(datetime.fromisoformat(stamp["date"] + "T00:00:00+00:00").timestamp())


def write_zip(site: Path, target: Path, folder: str, epoch: int) -> None:
    when = datetime.utcfromtimestamp(max(epoch, 315532800)).timetuple()[:6]  # zip cannot go before 1980
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as z:
        for path in site_files(site):
            info = zipfile.ZipInfo(f"{folder}/{path.relative_to(site).as_posix()}", date_time=when)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, path.read_bytes())


def write_tar_gz(site: Path, target: Path, folder: str, epoch: int) -> None:
    # Streamed into gzip file by file: the archive is never held in memory whole.
    with (
        target.open("wb") as f,
        gzip.GzipFile(filename="", mode="wb", fileobj=f, mtime=0, compresslevel=6) as gz,
        tarfile.open(fileobj=gz, mode="w", format=tarfile.PAX_FORMAT) as tar,
    ):
        for path in site_files(site):
            info = tarfile.TarInfo(f"{folder}/{path.relative_to(site).as_posix()}")
            info.size, info.mtime, info.mode = path.stat().st_size, epoch, 0o644
            info.uid = info.gid = 0
            info.uname = info.gname = ""
            with path.open("rb") as data:
                tar.addfile(info, data)


def make_package(site: Path, dist: Path, stamp: dict[str, str], basename: str) -> list[Path]:
    """Write the archives and SHA256SUMS into ``dist`` (which should be empty)."""
    dist.mkdir(parents=True, exist_ok=True)
    epoch = _epoch(stamp)
    archives = [dist / f"{basename}.zip", dist / f"{basename}.tar.gz"]
    write_zip(site, archives[0], basename, epoch)
    write_tar_gz(site, archives[1], basename, epoch)
    info = dist / BUILD_INFO
    info.write_bytes((site / BUILD_INFO).read_bytes())
    listed = [*archives, info]
    (dist / SUMS).write_text("".join(f"{sha256(p)}  {p.name}\n" for p in listed), encoding="utf-8")
    return [*listed, dist / SUMS]


def verify(target: Path) -> list[str]:
    """Problems found (empty list: verified).

    ``target`` may be a package folder (dist/) or one archive in it, checked against
    SHA256SUMS beside it; or a deployed site folder, checked against its build-info.json.
    """
    if target.is_dir() and (target / BUILD_INFO).exists() and not (target / SUMS).exists():
        return _verify_site(target)
    folder = target if target.is_dir() else target.parent
    sums = folder / SUMS
    if not sums.exists():
        return [f"{sums}: 找不到校验文件 SHA256SUMS"]
    expected = {}
    for line in sums.read_text(encoding="utf-8").splitlines():
        digest, _, name = line.partition("  ")
        if name:
            expected[name.strip()] = digest.strip()
    names = [target.name] if target.is_file() else sorted(expected)
    problems = []
    for name in names:
        path = folder / name
        if name not in expected:
            problems.append(f"{path}: 不在 SHA256SUMS 中")
        elif not path.exists():
            problems.append(f"{path}: 文件缺失")
        elif sha256(path) != expected[name]:
            problems.append(f"{path}: SHA-256 不符，文件已损坏或被改动")
    return problems


def _verify_site(site: Path) -> list[str]:
    info = json.loads((site / BUILD_INFO).read_text(encoding="utf-8"))
    problems = []
    listed = info.get("files", {})
    for rel, digest in sorted(listed.items()):
        path = site / rel
        if not path.exists():
            problems.append(f"{path}: 文件缺失")
        elif sha256(path) != digest:
            problems.append(f"{path}: SHA-256 不符，文件已损坏或被改动")
    for path in site_files(site):
        rel = path.relative_to(site).as_posix()
        if rel != BUILD_INFO and rel not in listed:
            problems.append(f"{path}: 多出的文件，不是本次构建生成的")
    return problems
