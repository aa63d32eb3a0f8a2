"""Synonyms and question words (search/synonyms.yml): read for the index, checked for
``build.py check``."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..paths import SEARCH
from .text import normalize

SYNONYMS = SEARCH / "synonyms.yml"


# The kinds of passage the search shows (engine.js: KINDS and PAGE_KINDS give them to sections);
# an intent of search/synonyms.yml names some of them.
KINDS = ("职责", "问题", "对策", "原则", "术语", "题目", "情境", "清单", "岗位")


@dataclass
class Synonyms:
    groups: list[list[str]] = field(default_factory=list)  # normalised, each of 2+ distinct words
    ignore: list[str] = field(default_factory=list)  # normalised question words and particles
    # (question words, kinds): a query holding one of the words ranks passages of the kinds higher
    intents: list[tuple[list[str], list[str]]] = field(default_factory=list)
    lists: list[str] = field(default_factory=list)  # words asking for a whole list (有哪些)


def check_synonyms(path: Path = SYNONYMS, shown: str | None = None) -> list:
    """Problems in the synonyms file, as :class:`kb.content.problems.Problem` (path:line:col)."""
    import yaml

    from ..content.problems import Problem
    from ..content.safe_read import compose_file

    name = shown or _shown(path)
    problems: list[Problem] = []

    def bad(node, message: str) -> None:
        mark = node.start_mark if node is not None else None
        problems.append(Problem(name, mark.line + 1 if mark else 1, mark.column + 1 if mark else 1, message))

    if not Path(path).exists():
        return [Problem(name, 1, 1, "找不到同义词文件")]
    root, unreadable = compose_file(path, name)
    if root is None:
        return unreadable
    if not isinstance(root, yaml.MappingNode):
        return [Problem(name, 1, 1, "应为键值表，只含 groups、ignore、intents 和 lists 四项")]
    owner: dict[str, int] = {}  # word -> line of its first group
    for key, value in root.value:
        if not isinstance(key, yaml.ScalarNode) or key.value not in ("groups", "ignore", "intents", "lists"):
            bad(
                key,
                f"未知字段 {key.value}：只能有 groups（同义词组）、ignore（可忽略的疑问词、虚词）、"
                "intents（疑问词所问的段落类型）和 lists（问整张清单的词）",
            )
            continue
        if not isinstance(value, yaml.SequenceNode):
            if not (isinstance(value, yaml.ScalarNode) and value.value in ("", "~", "null")):
                bad(value, f"{key.value} 应为列表")
            continue
        if key.value in ("ignore", "lists"):
            for item in value.value:
                if not isinstance(item, yaml.ScalarNode) or not normalize(item.value):
                    bad(item, f"{key.value} 的每一项应为一个词（文字）")
            continue
        if key.value == "intents":
            _check_intents(value, bad)
            continue
        for group in value.value:
            if not isinstance(group, yaml.SequenceNode):
                bad(group, "每个同义词组应写成方括号列表，如 [撤销, 撤消]")
                continue
            words: list[str] = []
            for item in group.value:
                word = normalize(item.value) if isinstance(item, yaml.ScalarNode) else ""
                if not word:
                    bad(item, "同义词组的每一项应为一个词（文字）")
                elif len(word) < 2:
                    bad(item, f"“{item.value}”只有一个字：单字几乎处处出现，不能作同义词")
                elif word in words:
                    bad(item, f"“{item.value}”在本组中重复")
                elif word in owner:
                    bad(item, f"“{item.value}”已在第 {owner[word]} 行的同义词组中：一个词只能属于一组")
                else:
                    words.append(word)
                    owner[word] = group.start_mark.line + 1
            if len(group.value) < 2 and isinstance(group, yaml.SequenceNode):
                bad(group, "同义词组至少要有两个词")
    return sorted(problems)


def _check_intents(value, bad) -> None:
    """Each intent: {words: [疑问词, …], kinds: [职责, …]} (problems go through ``bad``)."""
    import yaml

    for intent in value.value:
        mapping = isinstance(intent, yaml.MappingNode)
        fields = {k.value: v for k, v in intent.value if isinstance(k, yaml.ScalarNode)} if mapping else None
        if fields is None or set(fields) != {"words", "kinds"}:
            bad(intent, "intents 的每一项应写成 {words: [疑问词, …], kinds: [段落类型, …]}")
            continue
        for name, node in fields.items():
            if not isinstance(node, yaml.SequenceNode) or not node.value:
                bad(node, f"{name} 应为非空列表，如 [干什么, 做什么]")
                continue
            for item in node.value:
                text = item.value if isinstance(item, yaml.ScalarNode) else ""
                if name == "words" and not normalize(text):
                    bad(item, "words 的每一项应为一个词（文字）")
                elif name == "kinds" and text not in KINDS:
                    bad(item, f"未知的段落类型“{text}”：可用的有 {'、'.join(KINDS)}")


def _shown(path: Path) -> str:
    from ..paths import show

    return show(Path(path))


@lru_cache(maxsize=4)
def _load_synonyms(path: str, mtime: float) -> Synonyms:
    from ..content.safe_read import load_file

    # Through the one reader: an alias bomb is refused, never expanded; a file that cannot be
    # read or has the wrong shape gives no synonyms (`check` and the preview's banner say why).
    data = load_file(path)
    if not isinstance(data, dict):
        return Synonyms()

    def items(value, kinds=(str, int, float)) -> list:
        return [x for x in value if isinstance(x, kinds)] if isinstance(value, list) else []

    groups = []
    for group in items(data.get("groups"), list):
        words = list(dict.fromkeys(normalize(str(w)) for w in items(group)))
        words = [w for w in words if len(w) >= 2]
        if len(words) >= 2:
            groups.append(words)
    ignore = list(dict.fromkeys(w for w in (normalize(str(x)) for x in items(data.get("ignore"))) if w))
    intents = []
    for intent in items(data.get("intents"), dict):
        if isinstance(intent, dict):
            words = [w for w in dict.fromkeys(normalize(str(x)) for x in items(intent.get("words"))) if w]
            kinds = [k for k in dict.fromkeys(str(x) for x in items(intent.get("kinds"))) if k in KINDS]
            if words and kinds:
                intents.append((words, kinds))
    lists = list(dict.fromkeys(w for w in (normalize(str(x)) for x in items(data.get("lists"))) if w))
    return Synonyms(groups, ignore, intents, lists)


def load_synonyms(path: Path = SYNONYMS) -> Synonyms:
    """The synonyms file, normalised (an absent file: none)."""
    path = Path(path)
    if not path.exists():
        return Synonyms()
    return _load_synonyms(str(path), path.stat().st_mtime)
