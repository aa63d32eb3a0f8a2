"""Build the site and the deploy package, atomically.

MkDocs runs in this process (no second interpreter, and the site the checker loaded is
reused by the hooks).  It writes into a build folder of its own, the package goes beside it,
and only when both succeed does one rename switch ``site/`` and ``dist/`` (links) to them
(see ``BUILDS``).  A failed build (a bad bank, a broken link, a strict warning) leaves the
previous ``site/`` and ``dist/`` byte-identical.
"""

from __future__ import annotations

import contextlib
import errno
import json
import logging
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

from ..paths import MKDOCS_YML, REQUIREMENTS, SITE, show
from ..render import dispatch
from ..site import Site
from . import package, stamp


def mkdocs_env() -> dict[str, str]:
    # Material 9.8 prints an end-of-life banner on every build; it is known (see README).
    # SOURCE_DATE_EPOCH makes MkDocs' sitemap dates those of the commit: reproducible builds.
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": str(stamp.source_epoch())}


@contextlib.contextmanager
def _mkdocs_session():
    """What ``mkdocs build`` sets up around a build: its environment and its log on stderr."""
    saved = {k: os.environ.get(k) for k in ("NO_MKDOCS_2_WARNING", "SOURCE_DATE_EPOCH")}
    os.environ.update({k: v for k, v in mkdocs_env().items() if k in saved})
    logger = logging.getLogger("mkdocs")
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def run_mkdocs(config: Path, site_dir: Path, site: Site | None = None) -> int:
    """``mkdocs build --strict -f config -d site_dir`` in this process; 0 on success.

    ``site``: the site the checker just loaded, for the hooks to reuse instead of loading again.
    """
    import click
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    stamp.build_stamp.cache_clear()  # the tree may have changed since an earlier build here
    with _mkdocs_session():
        try:
            cfg = load_config(config_file=str(config), site_dir=str(site_dir), strict=True)
            cfg.plugins.on_startup(command="build", dirty=False)  # starts the build session (kb.session)
            dispatch.preload(site)
            try:
                build(cfg)
            finally:
                cfg.plugins.on_shutdown()
        except click.ClickException as e:  # MkDocs' own errors: strict warnings, plugin errors, config
            print(f"错误：{e.format_message()}", file=sys.stderr)
            return 1
        finally:
            dispatch.preload(None)
    return 0


LOCK_NAME = ".build.lock"

# Why site/ and dist/ are links (issue 14): a build must never leave a moment, even when it
# is killed with SIGKILL, where site/ is missing or site/ and dist/ come from different
# builds.  Two real folders cannot both be replaced in one step, so each build goes into a
# folder of its own and one rename(2) of one link switches both:
#
#     site -> .site-builds/current/site        (relative links, made once)
#     dist -> .site-builds/current/dist
#     .site-builds/current -> b-xxxx           (replaced atomically: the switch)
#     .site-builds/b-xxxx/{site,dist}          (one complete build; the previous one is kept)
#
# Web servers, browsers (file://), Python and `build.py verify site/` follow the links; the
# one thing that does not is copying the link itself (`cp -r site /media/usb` copies a link
# in GNU cp; `cp -rL`, `cp -r site/. target/` or the package's zip copy the files), which
# docs/guide/deploy.md says.  The previous build is kept until the next one so that a copy
# or a web server that started reading it before the switch still reads whole files.
# Where links cannot be made or switched atomically (Windows; a file system without links)
# site/ and dist/ stay real folders replaced by renames: see _swap_real for what that guarantees.
BUILDS = "builds"  # the versioned folders live in .<site name>-builds/ beside site/
CURRENT = "current"


def _step(name: str) -> None:
    """A named point of the build; tests replace this to kill the build exactly there."""


def builds_folder(site_dir: Path) -> Path:
    return site_dir.with_name(f".{site_dir.name}-{BUILDS}")


def _absolute(path: Path) -> Path:
    # Never resolve the last component: site/ is itself a link to the current build.
    path = Path(path)
    return path.parent.resolve() / path.name


@contextlib.contextmanager
def one_build_at_a_time(folder: Path):
    """Yield True while holding the build lock of ``folder``, False if another build holds it.

    Two builds swapping site/ at once could leave neither; the lock (an OS file lock, released
    by the OS even when a build is killed) makes the second say so instead.  Windows has no
    fcntl: there builds are not locked against each other.
    """
    try:
        import fcntl
    except ImportError:  # Windows
        yield True
        return
    with (folder / LOCK_NAME).open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _remove(folder: Path) -> str | None:
    """Delete ``folder`` (or a link or file); None when done, else a Chinese warning saying
    what is left and why.  Never fails the build: by then the new site is complete."""
    if folder.is_symlink() or folder.is_file():
        _unlink(folder)
        return None
    failed: list[tuple[str, BaseException]] = []
    if sys.version_info >= (3, 12):
        shutil.rmtree(folder, onexc=lambda func, path, exc: failed.append((path, exc)))
    else:
        shutil.rmtree(folder, onerror=lambda func, path, info: failed.append((path, info[1])))
    if not failed or not os.path.lexists(folder):
        return None
    path, exc = failed[0]
    why = "权限不足" if isinstance(exc, PermissionError) else getattr(exc, "strerror", None) or str(exc)
    return (
        f"提示：{show(Path(path))} 无法删除（{why}），旧的构建文件夹 {show(folder)} 没有删干净。"
        f"新网站不受影响；请检查文件夹权限（运行构建的用户要能删除其中的文件），下次构建会再删一次。"
    )


def _warn(message: str | None) -> None:
    if message:
        print(message, file=sys.stderr)


def remove_stale_folders(site_dir: Path, dist_dir: Path | None) -> None:
    """What a killed or older build left behind (only called while holding the lock).

    ``.site-new-*``: a folder being written.  ``.site-old-*``: a replaced folder not yet
    deleted; if a kill came between the two renames of the fallback swap it is the only
    copy, so it is put back instead.
    """
    for target in filter(None, (site_dir, dist_dir)):
        for stale in target.parent.glob(f".{target.name}-new-*"):
            _warn(_remove(stale))
        olds = sorted(target.parent.glob(f".{target.name}-old*"), key=lambda p: p.lstat().st_mtime)
        if olds and not os.path.lexists(target):
            olds.pop().rename(target)
        for stale in olds:
            _warn(_remove(stale))


def build_site(
    site_dir: Path = SITE, config: Path = MKDOCS_YML, dist_dir: Path | None = None, site: Site | None = None
) -> int:
    """Build ``site_dir`` (and, if given, the package in ``dist_dir``); switch to them only on success."""
    site_dir = _absolute(site_dir)
    dist_dir = _absolute(dist_dir) if dist_dir is not None else None
    try:
        site_dir.parent.mkdir(parents=True, exist_ok=True)
        with one_build_at_a_time(site_dir.parent) as mine:
            if not mine:
                print(
                    f"另一个构建正在进行（{show(site_dir.parent / LOCK_NAME)} 已被占用）：请等它结束后再运行。"
                    f"原有的 {site_dir.name}/ 保持不变。",
                    file=sys.stderr,
                )
                return 1
            remove_stale_folders(site_dir, dist_dir)
            return _build_locked(site_dir, config, dist_dir, site)
    except OSError as e:  # a folder the build may not write, a full disk: say which, no traceback
        print(os_problem(e, site_dir), file=sys.stderr)
        return 1


def os_problem(e: OSError, site_dir: Path) -> str:
    """One Chinese line for an OSError of the build: which path, what to do."""
    path = Path(e.filename) if e.filename else site_dir.parent
    where, folder = _name(path), _name(path.parent if e.filename else path)
    kept = f"原有的 {site_dir.name}/ 保持不变。"
    if isinstance(e, PermissionError) or e.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return (
            f"构建失败：无法写入、改名或删除 {where}（权限不足）。请检查文件夹权限：运行构建的用户要能在 "
            f"{folder} 中新建、改名和删除文件（或换一个有权限的用户运行）。{kept}"
        )
    if e.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return f"构建失败：磁盘空间不足，无法写入 {where}。请清理磁盘后重新构建。{kept}"
    return f"构建失败：无法读写 {where}（{e.strerror or e}）。请检查该文件或文件夹后重新构建。{kept}"


def _name(path: Path) -> str:
    """``path`` for a message: relative to the project, or in full for the project folder itself."""
    shown = show(path)
    return str(path) if shown in ("", ".") else shown


def _build_locked(site_dir: Path, config: Path, dist_dir: Path | None, site: Site | None) -> int:
    builds = builds_folder(site_dir)
    made_builds = not builds.exists()
    builds.mkdir(exist_ok=True)
    version = Path(tempfile.mkdtemp(prefix="b-", dir=builds))
    switched = False
    try:
        version.chmod(0o755)  # mkdtemp makes 0700; a web server must be able to read the folder
        new_site = version / site_dir.name
        if run_mkdocs(config, new_site, site) != 0:
            print(f"构建失败，原有的 {site_dir.name}/ 保持不变。", file=sys.stderr)
            return 1
        _step("site-built")
        if dist_dir is not None:
            new_dist = version / dist_dir.name
            info = json.loads((new_site / package.BUILD_INFO).read_text(encoding="utf-8"))
            stamp_only = {k: v for k, v in info.items() if k != "files"}
            package.make_package(new_site, new_dist, stamp_only, stamp.package_basename(stamp_only))
            _step("dist-built")
        targets = [site_dir, *([dist_dir] if dist_dir is not None else [])]
        if _links_supported(builds):
            switched = _switch_links(builds, version, targets)
        else:
            for target in targets:
                _swap_real(version / target.name, target)
            switched = True
            for old in builds.iterdir():  # this build's emptied folder, and killed builds' ones
                _warn(_remove(old))
            with contextlib.suppress(OSError):
                builds.rmdir()
        if dist_dir is not None:
            print(f"已生成 {show(site_dir)}/ 和部署包 {show(dist_dir)}/")
        else:
            print(f"已生成 {show(site_dir)}/")
        return 0
    finally:
        current = builds / CURRENT
        if not switched and not (current.is_symlink() and os.readlink(current) == version.name):
            shutil.rmtree(version, ignore_errors=True)
            if made_builds:
                with contextlib.suppress(OSError):
                    builds.rmdir()  # a failed first build leaves nothing behind


def _links_supported(builds: Path) -> bool:
    """Whether symbolic links can be made here and replaced in one rename.

    Never on Windows: links there need a privilege, and replacing a directory link with
    MoveFileEx is not the atomic rename(2) the switch relies on (and is untested here).
    """
    if os.name == "nt":
        return False
    probe = builds / ".link-probe"
    with contextlib.suppress(OSError):
        probe.unlink()
    try:
        os.symlink(CURRENT, probe)
    except (OSError, NotImplementedError):
        return False
    probe.unlink()
    return True


def _switch_links(builds: Path, version: Path, targets: list[Path]) -> bool:
    """Point ``builds/current`` at ``version`` with one rename; make the top-level links once."""
    current = builds / CURRENT
    _adopt_real_folders(builds, targets)
    previous = os.readlink(current) if current.is_symlink() else None
    link = builds / f".{CURRENT}-{version.name}"
    os.symlink(version.name, link)
    _step("link-made")
    os.replace(link, current)  # the switch: site/ and dist/ now both show the new build
    _step("switched")
    for target in targets:
        _link_into_place(target, os.path.relpath(current / target.name, target.parent))
    _step("linked")
    for old in builds.iterdir():
        if old.name not in (CURRENT, version.name, previous):
            _warn(_remove(old))
    _step("cleaned")
    return True


def _unlink(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        path.unlink()


def _adopt_real_folders(builds: Path, targets: list[Path]) -> None:
    """While site/ or dist/ is still a real folder (built before links, or a kill came in the
    middle of this): copy them into a build folder of their own and make it current, so that
    while they are replaced by links one by one, site/ and dist/ still show the same build."""
    if not any(t.is_dir() and not t.is_symlink() for t in targets):
        return
    adopted = Path(tempfile.mkdtemp(prefix="b-", dir=builds))
    adopted.chmod(0o755)
    for target in targets:
        if target.is_dir():
            shutil.copytree(target, adopted / target.name, symlinks=True)
    link = builds / f".{CURRENT}-{adopted.name}"
    os.symlink(adopted.name, link)
    os.replace(link, builds / CURRENT)
    _step("adopted")
    for target in targets:
        _link_into_place(target, os.path.relpath(builds / CURRENT / target.name, target.parent))
        _step(f"adopted-{target.name}")


def _link_into_place(target: Path, dest: str) -> None:
    """Make ``target`` a link to ``dest``; a real folder there is swapped out in one step."""
    if target.is_symlink() and os.readlink(target) == dest:
        return
    link = target.with_name(f".{target.name}-new-link")
    _unlink(link)
    os.symlink(dest, link, target_is_directory=True)
    if target.is_dir() and not target.is_symlink():
        if _exchange(link, target):
            _warn(_remove(link))  # `link` now names the real folder (.site-new-link: cleaned if killed)
        else:  # the OS cannot swap two names in one step: two renames (see _swap_real)
            old = target.with_name(f".{target.name}-old-{os.getpid()}")
            target.rename(old)
            link.rename(target)
            _warn(_remove(old))
    else:
        os.replace(link, target)


def _exchange(a: Path, b: Path) -> bool:
    """Swap the names ``a`` and ``b`` in one step (Linux renameat2 RENAME_EXCHANGE); False where
    the system or the file system cannot."""
    if not sys.platform.startswith("linux"):
        return False
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(err, os.strerror(err), str(b))


def _swap_real(new: Path, target: Path) -> None:
    """Fallback without links: replace the real folder ``target`` by ``new`` with two renames.

    What it guarantees: ``target`` is at every instant the complete old or the complete new
    folder, except between the two renames, when the old one is ``.<name>-old-*`` (the next
    build puts it back before doing anything else); and between the swaps of site/ and dist/
    the two come from different builds until the next build ends.  A failed build changes
    neither.
    """
    old = target.with_name(f".{target.name}-old-{os.getpid()}")
    if os.path.lexists(target):
        target.rename(old)
    _step(f"aside-{target.name}")
    new.rename(target)
    if os.path.lexists(old):
        _warn(_remove(old))


def address_problem(dev_addr: str) -> str | None:
    """None if the preview can listen on ``dev_addr`` (host:port), else one line saying what to do."""
    host, _, port = dev_addr.rpartition(":")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        return f"预览地址“{dev_addr}”格式不对：应写成 主机:端口，例如 --dev-addr 127.0.0.1:8000"
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the preview server does
        try:
            s.bind((host.strip("[]"), int(port)))
        except OSError as e:
            if e.errno == errno.EADDRINUSE:
                nxt = f"{host}:{int(port) + 1 if int(port) < 65535 else 8000}"
                return (
                    f"端口 {port} 已被占用（可能已有一个预览在运行）：请换一个端口，"
                    f"例如 python scripts/build.py serve --dev-addr {nxt}"
                )
            return f"无法在 {dev_addr} 上启动预览（{e.strerror}）：请用 --dev-addr 换一个地址，例如 --dev-addr 127.0.0.1:8000"
    return None


def serve(dev_addr: str, config: Path = MKDOCS_YML) -> int:
    """Live preview: rebuilds on changes to pages, banks, overrides and sources (see the hooks).

    In this process, so stopping it stops everything.  Not strict: a warning (a link to a
    page being edited) must not leave the browser on a stale page; every problem is shown at
    the top of every page instead.
    """
    import click
    from mkdocs.commands.serve import serve as mkdocs_serve

    def stop(signum, frame):  # SIGTERM ends the preview like Ctrl+C: MkDocs removes its temp folder
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    with _mkdocs_session():
        try:
            mkdocs_serve(config_file=str(config), dev_addr=dev_addr, strict=False, livereload=True)
        except click.ClickException as e:
            print(f"错误：{e.format_message()}", file=sys.stderr)
            return 1
        except KeyboardInterrupt:
            pass
    return 0


def wheelhouse(
    target: Path, requirements: Path = REQUIREMENTS, platform: str | None = None, python: str | None = None
) -> int:
    """Put every pinned dependency, as a wheel, into ``target`` for a build machine without PyPI.

    requirements.txt pins the whole dependency closure.  Packages published only as source
    (jieba) are built into pure-Python wheels here, so installing on the intranet needs
    neither the internet nor a compiler.  ``platform``/``python`` fetch binary wheels for
    another machine (e.g. win_amd64, 3.12).
    """
    target.mkdir(parents=True, exist_ok=True)
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check"]
    if platform is None:
        return subprocess.call([*pip, "wheel", "-q", "--no-deps", "-r", str(requirements), "-w", str(target)])
    pins = [
        ln.strip()
        for ln in requirements.read_text(encoding="utf-8").splitlines()
        if ln.strip() and not ln.startswith("#")
    ]
    source_only = [p for p in pins if p.lower().startswith("jieba==")]
    binary = [p for p in pins if p not in source_only]
    extra = ["--python-version", python] if python else []
    status = subprocess.call([*pip, "wheel", "-q", "--no-deps", *source_only, "-w", str(target)]) if source_only else 0
    return status or subprocess.call(
        [
            *pip,
            "download",
            "-q",
            "--no-deps",
            "--only-binary=:all:",
            "--platform",
            platform,
            *extra,
            "-d",
            str(target),
            *binary,
        ]
    )
