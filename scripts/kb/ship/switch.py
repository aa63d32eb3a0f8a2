"""Switch ``site/`` and ``dist/`` to a finished build in one step, whatever kills the build.

What ``build.build_site`` calls once a build folder is complete: the links ``site/`` and
``dist/`` and the one rename that points both at the new build, the exchange of a real folder
for a link, adopting the real folders older builds made, the two-rename fallback where links
cannot be made, and clearing what a killed build left behind.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import sys
import tempfile
from pathlib import Path

from ..paths import show

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
# site/ and dist/ stay real folders replaced by renames: see swap_real for what that guarantees.
BUILDS = "builds"  # the versioned folders live in .<site name>-builds/ beside site/
CURRENT = "current"


def step(name: str) -> None:
    """A named point of the build; tests replace this to kill the build exactly there."""


def builds_folder(site_dir: Path) -> Path:
    return site_dir.with_name(f".{site_dir.name}-{BUILDS}")


def remove(folder: Path) -> str | None:
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


def warn(message: str | None) -> None:
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
            warn(remove(stale))
        olds = sorted(target.parent.glob(f".{target.name}-old*"), key=lambda p: p.lstat().st_mtime)
        if olds and not os.path.lexists(target):
            olds.pop().rename(target)
        for stale in olds:
            warn(remove(stale))


def links_supported(builds: Path) -> bool:
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


def switch_links(builds: Path, version: Path, targets: list[Path]) -> bool:
    """Point ``builds/current`` at ``version`` with one rename; make the top-level links once."""
    current = builds / CURRENT
    _adopt_real_folders(builds, targets)
    previous = os.readlink(current) if current.is_symlink() else None
    link = builds / f".{CURRENT}-{version.name}"
    os.symlink(version.name, link)
    step("link-made")
    os.replace(link, current)  # the switch: site/ and dist/ now both show the new build
    step("switched")
    for target in targets:
        _link_into_place(target, os.path.relpath(current / target.name, target.parent))
    step("linked")
    for old in builds.iterdir():
        if old.name not in (CURRENT, version.name, previous):
            warn(remove(old))
    step("cleaned")
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
    step("adopted")
    for target in targets:
        _link_into_place(target, os.path.relpath(builds / CURRENT / target.name, target.parent))
        step(f"adopted-{target.name}")


def _link_into_place(target: Path, dest: str) -> None:
    """Make ``target`` a link to ``dest``; a real folder there is swapped out in one step."""
    if target.is_symlink() and os.readlink(target) == dest:
        return
    link = target.with_name(f".{target.name}-new-link")
    _unlink(link)
    os.symlink(dest, link, target_is_directory=True)
    if target.is_dir() and not target.is_symlink():
        if _exchange(link, target):
            warn(remove(link))  # `link` now names the real folder (.site-new-link: cleaned if killed)
        else:  # the OS cannot swap two names in one step: two renames (see swap_real)
            old = target.with_name(f".{target.name}-old-{os.getpid()}")
            target.rename(old)
            link.rename(target)
            warn(remove(old))
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


def swap_real(new: Path, target: Path) -> None:
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
    step(f"aside-{target.name}")
    new.rename(target)
    if os.path.lexists(old):
        warn(remove(old))
