"""Opening a file a trainer hands us (a spreadsheet, a 成绩文件) only when it is a regular file.

A FIFO would block the command until something writes to it, ``/dev/zero`` never ends, a
dangling symlink has nothing behind it: each is a :class:`NotRegular` whose text says what the
path is, for the caller's own message.  A symlink to a regular file is read (the trainer named
it), and the size is checked on the opened file, so nothing can be swapped in between.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path


class NotRegular(Exception):
    """``str()`` says in Chinese what the path is instead of a regular file of the right size;
    ``too_big`` when it is a regular file, only too big."""

    too_big = False


def open_regular(path: Path, max_bytes: int):
    """``path`` opened for binary reading, or NotRegular."""
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer (fstat refuses it just below).
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        if os.path.islink(path):
            raise NotRegular("这是一个符号链接，它指向的文件不存在") from None
        raise NotRegular("找不到这个文件") from None
    except OSError as e:
        raise NotRegular(f"无法打开（{e.strerror or type(e).__name__}）") from None
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        what = "文件夹" if stat.S_ISDIR(info.st_mode) else "设备、管道等特殊文件"
        raise NotRegular(f"这不是普通文件（是{what}）")
    if info.st_size > max_bytes:
        os.close(fd)
        e = NotRegular(f"文件超过 {size(max_bytes)} 的上限（有 {info.st_size:,} 字节）")
        e.too_big = True
        raise e
    if hasattr(os, "set_blocking"):
        os.set_blocking(fd, True)
    return os.fdopen(fd, "rb")


def size(n: int) -> str:
    return f"{n / 1024 / 1024:.0f} MB" if n >= 1024 * 1024 else f"{n / 1024:.0f} KB"
