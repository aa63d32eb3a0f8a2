"""The one reader of every text file we accept from an author: banks, the shortfall registry,
pages (front matter and body), search data (search/keywords.yml, search/synonyms.yml).

``read_text_file(path, limit)`` returns the text, or raises :class:`UnreadableFile` (a
``YamlSyntaxError``: every loader already reports those as ``path:line:col: message``) when
the file is not one we read: not a regular file (a FIFO would hang the checker, ``/dev/zero``
would fill the memory), a link leading nowhere or outside the project, larger than ``limit``,
not UTF-8, or holding a control or text-direction character (only newline, tab and the CR of
CRLF are allowed; U+202E makes the displayed text read otherwise than it is stored).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from .. import regular
from ..paths import ROOT
from .chars import FORBIDDEN_OR_SURROGATE, char_message
from .yamlpos import YamlSyntaxError, compose_text, load

MIB = 1 << 20
LIMIT = 5 * MIB  # a bank of some 5,000 questions; the largest file today is 68 KB

SHOWN_PLACES = 10

NOT_UTF8 = "文件不是 UTF-8 编码（这里是第一个无法识别的字符），请用 UTF-8 保存（记事本：另存为 → 编码选 UTF-8）"
TOO_LARGE = "文件有 {size}，超过 {limit} 的上限，不予读取：请把内容拆成几个较小的文件"
DANGLING = "是指向不存在的文件的符号链接（{target}）：请删除这个链接，或把文件本身放在这里"
OUTSIDE = "是指向项目以外的符号链接（{target}）：不读取项目以外的文件。请删除这个链接，需要的话把文件本身复制进来"
NOT_REGULAR = "不是普通文件（{kind}），不予读取：请删除它，换成普通的文本文件"
NO_ACCESS = "无法读取（{reason}）：请检查文件是否存在、是否有读取权限"
KINDS = {
    stat.S_IFIFO: "命名管道",
    stat.S_IFCHR: "字符设备",
    stat.S_IFBLK: "块设备",
    stat.S_IFSOCK: "套接字",
    stat.S_IFDIR: "文件夹",
}


class UnreadableFile(YamlSyntaxError):
    """A file we do not read, or a place in it we refuse (line and column, 1-based)."""


def place(text: str, index: int) -> tuple[int, int]:
    """1-based (line, column) of ``text[index]``."""
    line_start = text.rfind("\n", 0, index) + 1
    return text.count("\n", 0, index) + 1, index - line_start + 1


def check_characters(text: str, line_offset: int = 0) -> None:
    """UnreadableFile at the first forbidden character, naming every other place (at most
    SHOWN_PLACES): the author fixes them all in one pass."""
    found = FORBIDDEN_OR_SURROGATE.search(text)
    if found is None:
        return
    places = [place(text, m.start()) for m in FORBIDDEN_OR_SURROGATE.finditer(text)]
    others = [f"{line + line_offset}:{col}" for line, col in places[1 : SHOWN_PLACES + 1]]
    more = ""
    if others:
        etc = " 等" if len(places) > SHOWN_PLACES + 1 else ""
        more = f"；本文件共 {len(places)} 处，另见 {'、'.join(others)}{etc}"
    line, col = places[0]
    raise UnreadableFile(line + line_offset, col, char_message(found.group(0), more))


def size_text(n: int) -> str:
    return f"{n / MIB:.1f} MB" if n >= MIB else f"{n:,} 字节"


def _inside(path: str, roots: list[Path]) -> bool:
    return any(Path(path).is_relative_to(r) for r in roots)


def read_text_file(path: Path, limit: int = LIMIT, root: Path | None = None) -> str:
    """The UTF-8 text of a regular file of at most ``limit`` bytes, checked (module docstring).

    A link may lead anywhere inside the project (or ``root``, the folder being read, by default
    the file's own folder); outside them it is refused, as is a link leading nowhere.
    """
    path = Path(path)
    absolute = os.path.abspath(path)
    real = os.path.realpath(path)
    if not os.path.exists(real):
        if os.path.lexists(path) and os.path.islink(path):
            raise UnreadableFile(1, 1, DANGLING.format(target=os.readlink(path)))
        raise UnreadableFile(1, 1, NO_ACCESS.format(reason="文件不存在"))
    roots = [ROOT.resolve(), Path(root or os.path.dirname(absolute)).resolve()]
    if real != absolute and not _inside(real, roots):
        raise UnreadableFile(1, 1, OUTSIDE.format(target=real))
    try:
        mode = os.stat(real).st_mode
        if not stat.S_ISREG(mode):  # said before opening (by kind, with what to do)
            raise UnreadableFile(1, 1, NOT_REGULAR.format(kind=KINDS.get(stat.S_IFMT(mode), "特殊文件")))
        size = os.stat(real).st_size
        if size > limit:
            raise UnreadableFile(1, 1, TOO_LARGE.format(size=size_text(size), limit=size_text(limit)))
        # The spreadsheets' and results' opener: fstat on the opened file (swapped since?).
        with regular.open_regular(Path(real), limit) as handle:
            data = handle.read(limit + 1)  # never more, whatever the size said
    except regular.NotRegular as e:
        raise UnreadableFile(1, 1, f"{e}，不予读取：请删除它，或换成普通的文本文件") from None
    except OSError as e:
        raise UnreadableFile(1, 1, NO_ACCESS.format(reason=e.strerror or type(e).__name__)) from None
    if len(data) > limit:
        raise UnreadableFile(1, 1, TOO_LARGE.format(size=f"超过 {size_text(limit)}", limit=size_text(limit)))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        before = data[: e.start]
        line = before.count(b"\n") + 1
        col = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
        raise UnreadableFile(line, col, NOT_UTF8) from None
    check_characters(text)
    return text


def check_links_under(folder: Path, shown: str) -> list:
    """Problems (``kb.content.problems.Problem``) for every symbolic link under ``folder`` that
    leads outside the project or nowhere: what it points at would be copied into site/ and
    the packages (overrides/: MkDocs copies the theme's files and reads its templates)."""
    from .problems import Problem

    problems = []
    if not folder.is_dir():
        return problems
    roots = [ROOT.resolve(), folder.resolve()]
    for parent, dirs, files in os.walk(folder):  # never follows a link into another folder
        for name in sorted(dirs + files):
            path = os.path.join(parent, name)
            if not os.path.islink(path):
                continue
            real = os.path.realpath(path)
            rel = f"{shown.rstrip('/')}/{Path(path).relative_to(folder).as_posix()}"
            if not os.path.exists(real):
                problems.append(Problem(rel, 1, 1, DANGLING.format(target=os.readlink(path))))
            elif not _inside(real, roots):
                problems.append(Problem(rel, 1, 1, OUTSIDE.format(target=os.readlink(path))))
    return problems


def leads_outside(path: str | Path) -> bool:
    """True for a file reached through a link that leads outside the project (or nowhere)."""
    real = os.path.realpath(path)
    return real != os.path.abspath(path) and (not os.path.exists(real) or not _inside(real, [ROOT.resolve()]))


def files_never_read(files, custom_dir: str | None) -> list:
    """The MkDocs files never to read or copy: those of ``custom_dir`` (overrides/) reached
    through a link leading outside the project, and any file that is not a regular file (a
    FIFO among the pages would hang MkDocs).  ``check`` names them; the build drops them."""
    custom = Path(os.path.abspath(custom_dir)) if custom_dir else None
    dropped = []
    for f in files:
        if not f.abs_src_path:
            continue  # generated
        source = os.path.abspath(f.abs_src_path)
        regular = os.path.exists(source) and stat.S_ISREG(os.stat(source).st_mode)
        if not regular or (custom and Path(source).is_relative_to(custom) and leads_outside(source)):
            dropped.append(f)
    return dropped


def compose_file(path, name: str, limit: int = MIB):
    """(node tree, []) of a small project file read by position (search/synonyms.yml,
    search/keywords.yml), or (None, [the one problem that stops reading it]): not a file we
    read, not YAML, or YAML we do not accept (``yamlpos.compose_text``).  ``name``: how
    problems name the file."""
    from .problems import Problem

    try:
        text = read_text_file(path, limit)
    except UnreadableFile as e:
        return None, [Problem(name, e.line, e.col, e.message)]
    return compose_text(text, name)


def load_file(path, limit: int = MIB):
    """The data of a small project YAML file (search data) for a build or the preview, or None
    when it cannot be read or is not YAML we accept: ``check`` reports why, with its place."""
    try:
        return load(read_text_file(path, limit)).data
    except YamlSyntaxError:
        return None
