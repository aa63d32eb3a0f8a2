"""Build the site and the deploy package, atomically.

MkDocs runs in this process (no second interpreter, and the site the checker loaded is
reused by the hooks).  It writes into a build folder of its own, the package goes beside it,
and only when both succeed does one rename switch ``site/`` and ``dist/`` (links) to them
(``switch``).  A failed build (a bad bank, a broken link, a strict warning) leaves the
previous ``site/`` and ``dist/`` byte-identical.  One build at a time: the lock.  The live
preview is ``preview``, the offline wheelhouse ``wheelhouse``.
"""

from __future__ import annotations

import contextlib
import errno
import json
import logging
import os
import shutil
import sys
import tempfile
from pathlib import Path

from ..paths import MKDOCS_YML, SITE, show
from ..render import dispatch
from ..site import Site
from . import package, stamp, switch


def mkdocs_env() -> dict[str, str]:
    # Material 9.8 prints an end-of-life banner on every build; it is known (see README).
    # SOURCE_DATE_EPOCH makes MkDocs' sitemap dates those of the commit: reproducible builds.
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": str(stamp.source_epoch())}


@contextlib.contextmanager
def mkdocs_session():
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
    with mkdocs_session():
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
            switch.remove_stale_folders(site_dir, dist_dir)
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
    builds = switch.builds_folder(site_dir)
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
        switch.step("site-built")
        if dist_dir is not None:
            new_dist = version / dist_dir.name
            info = json.loads((new_site / package.BUILD_INFO).read_text(encoding="utf-8"))
            stamp_only = {k: v for k, v in info.items() if k != "files"}
            package.make_package(new_site, new_dist, stamp_only, stamp.package_basename(stamp_only))
            switch.step("dist-built")
        targets = [site_dir, *([dist_dir] if dist_dir is not None else [])]
        if switch.links_supported(builds):
            switched = switch.switch_links(builds, version, targets)
        else:
            for target in targets:
                switch.swap_real(version / target.name, target)
            switched = True
            for old in builds.iterdir():  # this build's emptied folder, and killed builds' ones
                switch.warn(switch.remove(old))
            with contextlib.suppress(OSError):
                builds.rmdir()
        if dist_dir is not None:
            print(f"已生成 {show(site_dir)}/ 和部署包 {show(dist_dir)}/")
        else:
            print(f"已生成 {show(site_dir)}/")
        return 0
    finally:
        current = builds / switch.CURRENT
        if not switched and not (current.is_symlink() and os.readlink(current) == version.name):
            shutil.rmtree(version, ignore_errors=True)
            if made_builds:
                with contextlib.suppress(OSError):
                    builds.rmdir()  # a failed first build leaves nothing behind
