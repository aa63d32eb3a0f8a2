"""The one way a command writes a file for the trainer: import, export, template, results, paper
and new-quiz all go through :func:`target_problem` (before any work) and :func:`write_files`.

The rule (issue 24): never replace a file unless the trainer said ``--force``; never write
through a symlink (nor replace one, with or without ``--force``); write a temporary file beside
the target and move it into place, so a crash, a full disk or a refused path leaves either the
whole file or nothing.  Every failure is an :class:`OutputError` with a Chinese message saying
what to do, never a traceback.
"""

from __future__ import annotations

import errno
import os
import secrets
import stat
from pathlib import Path

from .content.problems import rel

FORCE_HINT = "确要替换时加 --force"
# What an OSError means for the trainer, by errno (strerror is English, or the OS's language).
WHY = {
    errno.EACCES: "没有写入权限",
    errno.EPERM: "没有写入权限",
    errno.EROFS: "所在的磁盘是只读的",
    errno.ENOSPC: "磁盘空间不足",
    errno.EDQUOT: "磁盘配额已满",
    errno.ENAMETOOLONG: "文件名或路径太长",
    errno.ENOENT: "文件夹不存在",
    errno.ENOTDIR: "路径中有一项不是文件夹",
    errno.EISDIR: "这是一个文件夹",
    errno.ELOOP: "路径中的符号链接太多",
    errno.EINVAL: "系统不接受这个文件名",
}


class OutputError(Exception):
    """A file that cannot be written; ``str()`` is the Chinese message."""


def show(path: Path) -> str:
    """A file about to be written, as the trainer named it (``rel`` would resolve a symlink)."""
    parent = rel(path.parent)
    return path.name if parent == "." else f"{parent}/{path.name}"


def why(e: OSError, path: Path | None = None) -> str:
    if e.errno == errno.ENOENT and path is not None and path.parent.is_dir():
        return "这个位置不能新建文件"  # /proc, /sys: the folder is there, files cannot be made in it
    return WHY.get(e.errno) or (e.strerror or type(e).__name__)


def target_problem(target: Path, elsewhere: str, force: bool = False, forceable: bool = True) -> str | None:
    """Why ``target`` cannot be written, or None.  ``elsewhere`` says how to pick another name,
    e.g. "请用 -o 指定另一个文件名"; ``forceable`` when the command has --force to offer."""
    other = elsewhere.removeprefix("请")
    try:
        info = target.lstat()
    except FileNotFoundError:
        info = None
    except OSError as e:
        return f"无法写入 {show(target)}（{why(e)}）：{elsewhere}。"
    if info is not None:
        if stat.S_ISLNK(info.st_mode):
            return f"{show(target)} 是符号链接，不会写入（也不会替换它）：{elsewhere}。"
        if not stat.S_ISREG(info.st_mode):
            return f"{show(target)} 已存在，且不是普通文件，未改动：{elsewhere}。"
        if not force:
            hint = f"；{FORCE_HINT}" if forceable else ""
            return f"{show(target)} 已存在，未覆盖：{elsewhere}，或先删除、改名原文件{hint}。"
    parent = target.parent
    try:
        is_dir = parent.is_dir()
    except OSError:
        is_dir = False
    if not is_dir:
        return f"文件夹 {show(parent)} 不存在：请先建好它，或{other}。"
    if not os.access(parent, os.W_OK | os.X_OK):
        return f"无法写入 {show(target)}（没有写入权限）：{elsewhere}。"
    return None


def _temp_beside(target: Path, data: bytes) -> Path:
    """A new file holding ``data`` in ``target``'s folder (a short name: the target's own may
    already be as long as the system allows)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    temp = target.parent / f".kb-{secrets.token_hex(6)}.tmp"
    fd = os.open(temp, flags, 0o644)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    except BaseException:
        os.close(fd)
        temp.unlink(missing_ok=True)
        raise
    os.close(fd)
    return temp


def _publish(temp: Path, target: Path, force: bool) -> None:
    """Move ``temp`` to ``target``: never over anything unless ``force``, and then only over a
    regular file (``os.replace`` replaces a symlink itself, never the file it points to)."""
    if force and target.is_file() and not target.is_symlink():
        os.replace(temp, target)
        return
    try:
        os.link(temp, target)  # atomic, and refuses any existing name, a dangling link included
    except FileExistsError:
        raise
    except OSError:  # no hard links here (FAT on a USB stick, some network shares)
        if os.path.lexists(target):
            raise FileExistsError(errno.EEXIST, "exists", str(target)) from None
        os.rename(temp, target)  # on Windows rename refuses an existing name too
        return
    temp.unlink()


def encoded(target: Path, content: str | bytes) -> bytes:
    if isinstance(content, bytes):
        return content
    try:
        return content.encode("utf-8")
    except UnicodeEncodeError as e:  # a lone surrogate: no file could hold it
        raise OutputError(
            f"未写入 {show(target)}：内容中有无法保存的字符 U+{ord(e.object[e.start]):04X}，"
            "请在题库或成绩文件中删去它后重试。"
        ) from None


def write_files(
    files: dict[Path, str | bytes], force: bool = False, elsewhere: str = "请换一个文件名", forceable: bool = True
) -> None:
    """Write every file or none: all temporary files first, then each moved into place; on a
    failure the new files already placed are removed again.  Raises :class:`OutputError`."""
    temps: dict[Path, Path] = {}
    placed: list[Path] = []
    current = next(iter(files), Path("."))
    try:
        for target, content in files.items():
            current = target
            temps[target] = _temp_beside(target, encoded(target, content))
        for target, temp in temps.items():
            current = target
            existed = os.path.lexists(target)
            _publish(temp, target, force)
            if not existed:
                placed.append(target)
    except OSError as e:
        for target in placed:
            target.unlink(missing_ok=True)
        if isinstance(e, FileExistsError):  # made between the check and the write
            problem = target_problem(current, elsewhere, forceable=forceable)
            raise OutputError(problem or f"{show(current)} 已存在，未覆盖：{elsewhere}。") from None
        raise OutputError(f"无法写入 {show(current)}（{why(e, current)}）：{elsewhere}。") from None
    finally:
        for temp in temps.values():
            temp.unlink(missing_ok=True)


def write_new(target: Path, content: str | bytes, elsewhere: str = "请换一个文件名") -> None:
    """Create ``target``; never replace a file, never follow a symlink."""
    write_files({target: content}, elsewhere=elsewhere, forceable=False)
