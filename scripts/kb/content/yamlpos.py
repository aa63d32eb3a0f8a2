"""Load YAML keeping the line and column of every value, so problems point at the spot.

``load(text)`` returns a :class:`Located`: ``data`` (plain Python values, as
``yaml.safe_load`` would give) plus ``where(path)`` -> (line, col), 1-based, for any path of
keys and indexes, and ``tag(path)`` -> the YAML tag the value was resolved to, which lets a
schema explain YAML's implicit conversions (``answer: no`` is a boolean, ``1.10`` a float).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

from .chars import FORBIDDEN_OR_SURROGATE, char_message

Path = tuple


@dataclass
class Located:
    data: object
    marks: dict[Path, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[Path, tuple[int, int]] = field(default_factory=dict)
    tags: dict[Path, str] = field(default_factory=dict)
    duplicate_keys: list[Path] = field(default_factory=list)
    line_offset: int = 0
    # Positions are only needed to report a problem.  A clean file is loaded by libyaml
    # alone; the first question about a position parses it again, keeping positions.
    _source: str | None = None

    def _positions(self) -> None:
        if self._source is not None:
            text, self._source = self._source, None
            _walk(self, yaml.compose(text, Loader=_FAST))

    def where(self, path: Path) -> tuple[int, int]:
        """Position of the value at ``path``, or of its nearest ancestor that has one."""
        path = tuple(path)
        if path not in self.marks:  # the shallow positions a clean load keeps answer the rest
            self._positions()
        while path not in self.marks and path:
            path = path[:-1]
        line, col = self.marks.get(path, (1, 1))
        return line + self.line_offset, col

    def where_key(self, path: Path) -> tuple[int, int]:
        """Position of the key naming ``path`` (for unknown or misspelt keys)."""
        self._positions()
        if tuple(path) in self.key_marks:
            line, col = self.key_marks[tuple(path)]
            return line + self.line_offset, col
        return self.where(path)

    def tag(self, path: Path) -> str:
        self._positions()
        return self.tags.get(tuple(path), "")


# PyYAML's messages are English; trainers need to know what to fix, in Chinese.
YAML_HINTS = [
    ("expected ',' or ']'", "方括号 [ ] 没有闭合，或列表元素之间缺少逗号"),
    ("expected ',' or '}'", "花括号 { } 没有闭合，或元素之间缺少逗号"),
    ("mapping values are not allowed here", "此处不能出现“键: 值”：可能是缩进不对，或文本中含有“: ”需要整段加引号"),
    ("could not find expected ':'", "缺少冒号“:”，或上一行的引号没有闭合"),
    ("cannot start any token", "不能用 Tab 缩进或以特殊字符开头，请改用空格，或给文本加引号"),
    ("found unexpected end of stream", "引号没有闭合"),
    ("did not find expected key", "缩进不一致，或列表项缺少“- ”"),
    ("did not find expected '-' indicator", "列表缩进不一致，每一项都应以同样缩进的“- ”开头"),
    ("found undefined alias", "文本以 * 开头会被当作 YAML 别名，请给文本加引号"),
    ("found duplicate anchor", "文本以 & 开头会被当作 YAML 锚点，请给文本加引号"),
]


def explain(problem: str) -> str:
    for needle, hint in YAML_HINTS:
        if needle in problem:
            return f"{hint}（{problem}）"
    return f"无法解析（{problem}），请检查缩进、冒号后的空格和引号是否成对"


class YamlSyntaxError(ValueError):
    def __init__(self, line: int, col: int, message: str):
        super().__init__(message)
        self.line, self.col, self.message = line, col, message


def _restricted(base: type) -> type:
    """``base`` resolving plain scalars only to what our schemas mean: text, numbers, yes/no,
    null.  A date (``2026-13-01`` is not even one) or ``=`` stays text instead of becoming an
    object that fails later."""
    dropped = {"tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:value"}
    resolvers = {
        first: [(tag, rx) for tag, rx in pairs if tag not in dropped]
        for first, pairs in base.yaml_implicit_resolvers.items()
    }
    return type(f"Restricted{base.__name__}", (base,), {"yaml_implicit_resolvers": resolvers})


_SLOW = _restricted(yaml.SafeLoader)
_FAST = _restricted(getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def _mark(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


# Banks and front matter are a few levels deep (bank → questions → question → answer → blank).
MAX_DEPTH = 32
ALIAS_MESSAGE = (
    "不能使用 YAML 别名 *{name}：题库和页面元数据用不到锚点（&）和别名（*），它们还可能让检查耗尽内存。"
    "请把内容直接写出来；如果这是以 * 开头的文本，请给整段加引号"
)
DEPTH_MESSAGE = (
    f"列表或键值表嵌套超过 {MAX_DEPTH} 层：题库和页面元数据用不到这么深的嵌套，"
    "请检查方括号 [ ]、花括号 { } 是否成对，缩进是否有误"
)
ANCHOR_MESSAGE = (
    "不能使用 YAML 锚点 &{name}：题库和页面元数据用不到锚点（&）和别名（*）。"
    "请删除它；如果这是以 & 开头的文本，请给整段加引号"
)
TAG_MESSAGE = (
    "不能使用 YAML 标记 {tag}：题库和页面元数据只用普通的文本、列表和键值表。"
    "请删除这个标记；如果这是以 ! 开头的文本，请给整段加引号"
)
MERGE_MESSAGE = "不能使用 YAML 合并键 <<：请把要合并的字段逐项直接写出来；如果这是文本“<<”，请给它加引号"
NUMBER_MESSAGE = "数字太长（{n} 个字符）：题库和页面元数据中不会有这么长的数字；如果这是文本，请给整段加引号"
MAX_NUMBER = 50
CONTROL_MESSAGE = (
    "含有不允许的控制字符 {code}（从 Word 等处复制的文字常带有这种看不见的字符）："
    "请删除这个字符，或在编辑器中重新输入这一处"
)


# Only these can make a document hold what refuse_unsupported refuses: an anchor, an alias,
# a tag, a merge key, an escape (a lone surrogate, a control character), a long number, or a
# forbidden character written as is.  A clean bank has none, and skips the extra pass.
_SUSPECT = re.compile(
    r"[&*!\\]|<<|[0-9][0-9_:.]{" + str(MAX_NUMBER - 1) + "}"
    r"|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufffe\uffff\ud800-\udfff]"
)
_INT, _FLOAT = "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"


def refuse_unsupported(text: str, line_offset: int = 0, strict: bool = False) -> None:
    """YamlSyntaxError at the first thing our files never mean, found on the event stream
    before any node is built: an alias or anchor, a tag, a merge key ``<<``, a number too long
    to convert, nesting deeper than MAX_DEPTH, a lone surrogate (it cannot even be printed), a
    control or text-direction character in a key (``strict``: in any value too; a bank's
    values get ``text.check_strings``, which names the field).  Such characters written as is
    are the file reader's; here they come from escapes ("\\u202e").  Syntax errors are left
    to the loader, which explains them."""
    if not _SUSPECT.search(text):
        return
    try:
        _refuse_events(yaml.parse(text, Loader=_FAST), line_offset, strict)
    except yaml.YAMLError:
        # libyaml refuses some escapes the Python parser reads ("\ud800"): ask it too.
        try:
            _refuse_events(yaml.parse(text, Loader=_SLOW), line_offset, strict)
        except yaml.YAMLError:
            pass


def _refuse_events(events, line_offset: int, strict: bool) -> None:
    keys: list[bool] = []  # per open collection: True for a mapping whose next node is a key
    resolver = None
    anchor = None  # an anchor with no alias: refused at the end (an alias says more)
    for event in events:
        line, col = event.start_mark.line + 1 + line_offset, event.start_mark.column + 1
        if isinstance(event, yaml.CollectionEndEvent):
            keys.pop()
            continue
        if isinstance(event, yaml.AliasEvent):
            raise YamlSyntaxError(line, col, ALIAS_MESSAGE.format(name=event.anchor))
        if not isinstance(event, yaml.NodeEvent):
            continue
        is_key = bool(keys) and keys[-1]
        if keys and keys[-1] is not None:
            keys[-1] = not keys[-1]
        if event.anchor is not None and anchor is None:
            anchor = YamlSyntaxError(line, col, ANCHOR_MESSAGE.format(name=event.anchor))
        if event.tag is not None:
            raise YamlSyntaxError(line, col, TAG_MESSAGE.format(tag=event.tag.replace("tag:yaml.org,2002:", "!!")))
        if isinstance(event, yaml.CollectionStartEvent):
            keys.append(True if isinstance(event, yaml.MappingStartEvent) else None)
            if len(keys) > MAX_DEPTH:
                raise YamlSyntaxError(line, col, DEPTH_MESSAGE)
            continue
        value, plain = event.value, event.implicit[0]
        if plain and value == "<<":
            raise YamlSyntaxError(line, col, MERGE_MESSAGE)
        if plain and len(value) > MAX_NUMBER:
            resolver = resolver or _SLOW("")
            if resolver.resolve(yaml.ScalarNode, value, (True, False)) in (_INT, _FLOAT):
                raise YamlSyntaxError(line, col, NUMBER_MESSAGE.format(n=len(value)))
        bad = FORBIDDEN_OR_SURROGATE.search(value)
        if bad and (strict or is_key or 0xD800 <= ord(bad.group(0)) <= 0xDFFF):
            raise YamlSyntaxError(line, col, char_message(bad.group(0)))
    if anchor is not None:
        raise anchor


def load(text: str, line_offset: int = 0) -> Located:
    refuse_unsupported(text, line_offset)
    loader = _FAST(text)
    try:
        try:
            # Composed by libyaml, then converted here in one pass that refuses aliases and
            # deep nesting as it goes: an alias chain (a "billion laughs" bomb) is a handful of
            # shared nodes until something expands it, and nothing here does.
            node = loader.get_single_node()
        finally:
            loader.dispose()
        located = Located(data=None, line_offset=line_offset, _source=text)
        located.data = _convert(node, located.marks, text, line_offset)
    except (yaml.YAMLError, _NotPlain):
        return _load_slow(text, line_offset)  # the explained message; duplicate keys recorded
    except RecursionError:
        raise YamlSyntaxError(1 + line_offset, 1, DEPTH_MESSAGE) from None
    return located


SHALLOW = 2  # a bank's questions are two keys deep: ("questions", n)
_STR, _MAP, _SEQ = "tag:yaml.org,2002:str", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"


class _NotPlain(Exception):
    """Something only the slow path handles as YAML means it: a duplicate key, a merge key, a
    tagged collection."""


def _convert(root: yaml.Node | None, marks: dict, text: str, line_offset: int):
    """The data of a composed document, as ``yaml.safe_load`` gives it, with the positions of
    the values at most SHALLOW keys deep (each question's line, which every load records; the
    rest on demand).  One pass: an alias (a node reached twice) or nesting deeper than
    MAX_DEPTH is a YamlSyntaxError before anything is expanded."""
    if root is None:
        return None
    constructor = yaml.SafeLoader("")
    seen: set[int] = set()

    def convert(node: yaml.Node, path: tuple, depth: int):
        _admit(node, depth, seen, text, line_offset)
        if len(path) <= SHALLOW:
            marks[path] = _mark(node)
        if isinstance(node, yaml.MappingNode):
            if node.tag != _MAP:
                raise _NotPlain
            out = {}
            for key_node, value_node in node.value:
                if key_node.tag == _STR:
                    key = key_node.value
                elif isinstance(key_node, yaml.ScalarNode) and key_node.tag != "tag:yaml.org,2002:merge":
                    key = constructor.construct_object(key_node, deep=True)
                    key = key if isinstance(key, (str, int)) else str(key)
                else:
                    raise _NotPlain
                if key in out:
                    raise _NotPlain
                out[key] = convert(value_node, (*path, key), depth + 1)
            return out
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _SEQ:
                raise _NotPlain
            return [convert(child, (*path, i), depth + 1) for i, child in enumerate(node.value)]
        if node.tag == _STR:
            return node.value  # the common case, without the constructor's overhead
        return constructor.construct_object(node, deep=True)

    return convert(root, (), 1)


def _admit(node: yaml.Node, depth: int, seen: set[int], text: str, line_offset: int) -> None:
    """YamlSyntaxError for a node reached before (an alias) or nested deeper than MAX_DEPTH."""
    if id(node) in seen:
        raise _alias_error(text, line_offset)
    seen.add(id(node))
    if depth > MAX_DEPTH:
        line, col = _mark(node)
        raise YamlSyntaxError(line + line_offset, col, DEPTH_MESSAGE)


def _refuse_aliases_and_depth(root: yaml.Node | None, text: str, line_offset: int) -> None:
    """YamlSyntaxError at the first alias or at a node nested deeper than MAX_DEPTH.

    Iterative, over the composed nodes (an alias is a node reached twice), so neither a deep
    document nor an alias chain costs more than the nodes written in the file."""
    stack = [(root, 1)] if root is not None else []
    seen: set[int] = set()
    while stack:
        node, depth = stack.pop()
        _admit(node, depth, seen, text, line_offset)
        if isinstance(node, yaml.MappingNode):
            stack += [(n, depth + 1) for pair in reversed(node.value) for n in reversed(pair)]
        elif isinstance(node, yaml.SequenceNode):
            stack += [(n, depth + 1) for n in reversed(node.value)]


def _alias_error(text: str, line_offset: int) -> YamlSyntaxError:
    """The error at the first alias in the file (events: no node is built, nothing expanded)."""
    try:
        for event in yaml.parse(text, Loader=_SLOW):
            if isinstance(event, yaml.AliasEvent):
                line, col = event.start_mark.line + 1, event.start_mark.column + 1
                return YamlSyntaxError(line + line_offset, col, ALIAS_MESSAGE.format(name=event.anchor))
    except yaml.YAMLError:
        pass
    return YamlSyntaxError(1 + line_offset, 1, ALIAS_MESSAGE.format(name=""))


def _reader_error(e: yaml.reader.ReaderError, text: str, line_offset: int) -> YamlSyntaxError:
    """A character YAML refuses to read (control characters, U+FFFE): where it is, in Chinese."""
    before = text[: e.position]
    line = before.count("\n") + 1
    col = len(before) - (before.rfind("\n") + 1) + 1
    code = f"U+{e.character:04X}" if isinstance(e.character, int) else "（无法识别）"
    return YamlSyntaxError(line + line_offset, col, CONTROL_MESSAGE.format(code=code))


def _load_slow(text: str, line_offset: int) -> Located:
    try:
        root = yaml.compose(text, Loader=_SLOW)
    except yaml.reader.ReaderError as e:
        raise _reader_error(e, text, line_offset) from e
    except RecursionError:
        raise YamlSyntaxError(1 + line_offset, 1, DEPTH_MESSAGE) from None
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        if e.context_mark and "quoted scalar" in (e.context or ""):
            mark = e.context_mark  # point at the opening quote, not the end of the file
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        reason = explain(e.problem or e.context or "")
        raise YamlSyntaxError(line + line_offset, col, f"YAML 语法错误：{reason}") from e
    _refuse_aliases_and_depth(root, text, line_offset)
    located = Located(data=None, line_offset=line_offset)
    located.data = _walk(located, root)
    return located


def _walk(located: Located, root: yaml.Node | None):
    """Record every node's position and tag in ``located``; return the constructed data."""
    if root is None:
        return None
    constructor = yaml.SafeLoader("")

    def convert(node: yaml.Node, path: Path):
        located.marks[path] = _mark(node)
        located.tags[path] = node.tag
        if isinstance(node, yaml.MappingNode):
            out = {}
            for key_node, value_node in node.value:
                key = constructor.construct_object(key_node, deep=True)
                key = key if isinstance(key, (str, int)) else str(key)
                if key in out:
                    # safe_load silently keeps the last value; an author needs to know.
                    located.duplicate_keys.append((*path, key))
                    located.key_marks[(*path, key)] = _mark(key_node)
                located.key_marks.setdefault((*path, key), _mark(key_node))
                out[key] = convert(value_node, (*path, key))
            return out
        if isinstance(node, yaml.SequenceNode):
            return [convert(child, (*path, i)) for i, child in enumerate(node.value)]
        if node.tag == "tag:yaml.org,2002:str":
            return node.value  # the common case, without the constructor's overhead
        return constructor.construct_object(node, deep=True)

    return convert(root, ())


def compose_text(text: str, name: str):
    """(node tree, []) of YAML we accept, or (None, [the one problem that stops reading it]):
    not YAML, or YAML we do not accept (``refuse_unsupported``: an alias is refused here, before
    anything could expand it).  ``name``: how problems name the file."""
    from .problems import Problem

    try:
        refuse_unsupported(text, strict=True)
        return yaml.compose(text, Loader=_SLOW), []
    except YamlSyntaxError as e:
        return None, [Problem(name, e.line, e.col, e.message)]
    except RecursionError:
        return None, [Problem(name, 1, 1, DEPTH_MESSAGE)]
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        return None, [Problem(name, line, col, f"YAML 格式错误：{explain(getattr(e, 'problem', None) or str(e))}")]
