"""Build the site and the deploy package, atomically.

MkDocs runs in this process (no second interpreter, and the site the checker loaded is
reused by the hooks).  It writes into a temporary folder beside ``site/``, the package goes into a temporary
folder beside ``dist/``, and only when both succeed are they swapped in with renames. A
failed build (a bad bank, a broken link, a strict warning) leaves the previous ``site/`` and
``dist/`` byte-identical.
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

from ..check.site import Site
from ..paths import MKDOCS_YML, REQUIREMENTS, SITE, show
from ..render import dispatch
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
    dispatch.preload(site)
    with _mkdocs_session():
        try:
            cfg = load_config(config_file=str(config), site_dir=str(site_dir), strict=True)
            cfg.plugins.on_startup(command="build", dirty=False)
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


def remove_stale_folders(site_dir: Path, dist_dir: Path | None) -> None:
    """Temporary folders a killed build left behind (only called while holding the lock)."""
    for target in filter(None, (site_dir, dist_dir)):
        for stale in target.parent.glob(f".{target.name}-new-*"):
            shutil.rmtree(stale, ignore_errors=True)
        shutil.rmtree(target.with_name(f".{target.name}-old"), ignore_errors=True)


def build_site(
    site_dir: Path = SITE, config: Path = MKDOCS_YML, dist_dir: Path | None = None, site: Site | None = None
) -> int:
    """Build ``site_dir`` (and, if given, the package in ``dist_dir``); swap in only on success."""
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    with one_build_at_a_time(site_dir.parent) as mine:
        if not mine:
            print(
                f"另一个构建正在进行（{show(site_dir.parent / LOCK_NAME)} 已被占用）：请等它结束后再运行。"
                f"原有的 {site_dir.name}/ 保持不变。",
                file=sys.stderr,
            )
            return 1
        remove_stale_folders(site_dir, dist_dir.resolve() if dist_dir is not None else None)
        return _build_locked(site_dir, config, dist_dir, site)


def _build_locked(site_dir: Path, config: Path, dist_dir: Path | None, site: Site | None) -> int:
    tmp = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-new-", dir=site_dir.parent))
    tmp_dist = None
    try:
        if run_mkdocs(config, tmp, site) != 0:
            print(f"构建失败，原有的 {site_dir.name}/ 保持不变。", file=sys.stderr)
            return 1
        if dist_dir is not None:
            dist_dir = dist_dir.resolve()
            dist_dir.parent.mkdir(parents=True, exist_ok=True)
            tmp_dist = Path(tempfile.mkdtemp(prefix=f".{dist_dir.name}-new-", dir=dist_dir.parent))
            info = json.loads((tmp / package.BUILD_INFO).read_text(encoding="utf-8"))
            stamp_only = {k: v for k, v in info.items() if k != "files"}
            package.make_package(tmp, tmp_dist, stamp_only, stamp.package_basename(stamp_only))
        swap_in(tmp, site_dir)
        if tmp_dist is not None:
            swap_in(tmp_dist, dist_dir)
            print(f"已生成 {show(site_dir)}/ 和部署包 {show(dist_dir)}/")
        else:
            print(f"已生成 {show(site_dir)}/")
        return 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        if tmp_dist is not None:
            shutil.rmtree(tmp_dist, ignore_errors=True)


def swap_in(new: Path, target: Path) -> None:
    """Replace ``target`` by ``new`` with renames, so readers never see a half-written folder."""
    new.chmod(0o755)  # mkdtemp makes 0700; a web server must be able to read the folder
    old = target.with_name(f".{target.name}-old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    new.rename(target)
    shutil.rmtree(old, ignore_errors=True)


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
