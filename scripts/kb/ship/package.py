"""The deploy package: reproducible .zip and .tar.gz of the site, SHA256SUMS, build-info.json.

Archives are reproducible: entries sorted, fixed timestamps (the build date), fixed modes,
no owner names, gzip header without a name or time; deflate level 6 (zlib's default: level 9
took twice as long for archives about 1 % smaller).  ``verify`` checks a package, or a
deployed folder, against what the build recorded.
"""

from __future__ import annotations

import gzip
import json
import re
import stat
import tarfile
import zipfile
from concurrent.futures import ThreadPoolExecutor
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
    # The two archives at once: zlib compresses without holding Python's lock, so on a machine
    # with two cores this halves the step (0.24 s of a 2.4 s build of 101 pages).
    with ThreadPoolExecutor(max_workers=1) as pool:
        pending = pool.submit(write_zip, site, archives[0], basename, epoch)
        write_tar_gz(site, archives[1], basename, epoch)
        pending.result()
    info = dist / BUILD_INFO
    info.write_bytes((site / BUILD_INFO).read_bytes())
    listed = [*archives, info]
    (dist / SUMS).write_text("".join(f"{sha256(p)}  {p.name}\n" for p in listed), encoding="utf-8")
    return [*listed, dist / SUMS]


HEX64 = re.compile(r"[0-9a-fA-F]{64}")
# What a deployed folder check proves, said with its result: the folder's own manifest can
# be rewritten along with a file, so only the package's SHA256SUMS proves where files came from.
SITE_CHECK_SCOPE = (
    "说明：这只核对网站文件夹与其中 build-info.json 的记录是否一致，能发现损坏和遗漏；"
    "要确认内容来自正式发布包，请用发布包中的 SHA256SUMS 核对压缩包"
)


def _regular(path: Path) -> str | None:
    """Why ``path`` is not a plain file that may be read (never a FIFO, device or symlink), or None."""
    if path.is_symlink():
        return f"{path}: 是符号链接，不予读取：发布包和网站中只应有普通文件"
    if not path.exists():
        return f"{path}: 文件缺失"
    if not stat.S_ISREG(path.lstat().st_mode):
        return f"{path}: 不是普通文件（可能是管道或设备），不予读取"
    return None


def read_sums(sums: Path) -> tuple[dict[str, str], list[str]]:
    """(file name -> lower-case digest, problems) from SHA256SUMS, in sha256sum's formats.

    ``HASH  name`` (text mode) and ``HASH *name`` (binary mode, as Windows tools write it);
    upper-case digests are fine.  Names must be plain file names beside SHA256SUMS: never a
    path, so a doctored list cannot make verify read anything outside the package.
    """
    problem = _regular(sums)
    if problem:
        return {}, [problem if "缺失" not in problem else f"{sums}: 找不到校验文件 SHA256SUMS"]
    try:
        text = sums.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        return {}, [f"{sums}: 不是 UTF-8 文本，无法读取：请使用发布包中原有的 SHA256SUMS"]
    expected: dict[str, str] = {}
    problems = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        m = re.fullmatch(r"([0-9a-fA-F]{64}) [ *](.+)", line.rstrip("\r"))
        if not m:
            problems.append(f"{sums}:{n}: 格式不对，每行应为“64 位十六进制校验值、两个空格、文件名”")
            continue
        digest, name = m.group(1).lower(), m.group(2)
        if "/" in name or "\\" in name or name in (".", "..") or name.startswith("~"):
            problems.append(f"{sums}:{n}: 文件名“{name}”不是发布包中的文件：只能写同一文件夹中的文件名")
        elif name in expected:
            problems.append(f"{sums}:{n}: 文件“{name}”重复列出")
        else:
            expected[name] = digest
    if not expected and not problems:
        problems.append(f"{sums}: 是空的，没有可核对的文件：请使用发布包中原有的 SHA256SUMS")
    return expected, problems


def is_site_folder(target: Path) -> bool:
    """A deployed site (its build-info.json, no SHA256SUMS) rather than a package folder."""
    return target.is_dir() and (target / BUILD_INFO).exists() and not (target / SUMS).exists()


def verify(target: Path) -> list[str]:
    """Problems found (empty list: verified).

    ``target`` may be a package folder (dist/) or one archive in it, checked against
    SHA256SUMS beside it: every file of the folder must be listed and match, and every
    listed file must be there.  Or a deployed site folder, checked against its
    build-info.json (what that proves: ``SITE_CHECK_SCOPE``).
    """
    if is_site_folder(target):
        return _verify_site(target)
    folder = target if target.is_dir() else target.parent
    sums = folder / SUMS
    expected, problems = read_sums(sums)
    if problems:
        return problems
    if target.is_file() and target.name != SUMS:
        names = [target.name]
    else:
        present = sorted(p.name for p in folder.iterdir() if p.name != SUMS)
        names = sorted(set(expected) | set(present))
        missing = [n for n in ("zip", "tar.gz") if not any(x.endswith("." + n) for x in expected)]
        if missing or BUILD_INFO not in expected:
            what = "、".join([*(f".{n} 压缩包" for n in missing), *([] if BUILD_INFO in expected else [BUILD_INFO])])
            problems.append(f"{sums}: 没有列出 {what}：发布包的 SHA256SUMS 应列出两个压缩包和 {BUILD_INFO}")
    for name in names:
        path = folder / name
        if name not in expected:
            problems.append(f"{path}: 不在 SHA256SUMS 中：不是发布包中的文件，请删除或重新下载完整的发布包")
            continue
        problem = _regular(path)
        if problem:
            problems.append(problem)
        elif sha256(path) != expected[name]:
            problems.append(f"{path}: SHA-256 不符，文件已损坏或被改动")
    return problems


def _read_manifest(site: Path) -> tuple[dict[str, str] | None, str | None]:
    info_path = site / BUILD_INFO
    problem = _regular(info_path)
    if problem:
        return None, problem
    try:
        info = json.loads(info_path.read_bytes().decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None, f"{info_path}: 无法读取（不是有效的 JSON），请使用发布包中原有的文件"
    files = info.get("files") if isinstance(info, dict) else None
    if not isinstance(files, dict) or not files:
        return None, f"{info_path}: 没有文件清单（files），无法核对：请使用发布包中原有的文件"
    bad = [k for k, v in files.items() if not isinstance(k, str) or not isinstance(v, str) or not HEX64.fullmatch(v)]
    unsafe = [k for k in files if isinstance(k, str) and (k.startswith("/") or ".." in k.split("/"))]
    if bad or unsafe:
        return None, f"{info_path}: 文件清单格式不对（{(bad + unsafe)[0]}），请使用发布包中原有的文件"
    return {k: v.lower() for k, v in files.items()}, None


def _verify_site(site: Path) -> list[str]:
    listed, problem = _read_manifest(site)
    if problem:
        return [problem]
    problems = []
    for rel, digest in sorted(listed.items()):
        path = site / rel
        problem = _regular(path)
        if problem:
            problems.append(problem)
        elif sha256(path) != digest:
            problems.append(f"{path}: SHA-256 不符，文件已损坏或被改动")
    for path in sorted(site.rglob("*")):
        rel = path.relative_to(site).as_posix()
        if path.is_dir() and not path.is_symlink():
            continue
        if rel != BUILD_INFO and rel not in listed:
            problems.append(f"{path}: 多出的文件，不是本次构建生成的")
    return problems
