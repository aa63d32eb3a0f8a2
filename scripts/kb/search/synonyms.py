"""Synonyms and question words (search/synonyms.yml): read for the index, checked for
``build.py check``."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..content import schema
from ..paths import SEARCH
from .text import normalize

SYNONYMS = SEARCH / "synonyms.yml"


# The kinds of passage an intent may name (one list, in the schema).
KINDS = schema.SEARCH_KINDS


@dataclass
class Synonyms:
    groups: list[list[str]] = field(default_factory=list)  # normalised, each of 2+ distinct words
    ignore: list[str] = field(default_factory=list)  # normalised question words and particles
    # (question words, kinds): a query holding one of the words ranks passages of the kinds higher
    intents: list[tuple[list[str], list[str]]] = field(default_factory=list)
    lists: list[str] = field(default_factory=list)  # words asking for a whole list (有哪些)


def check_synonyms(path: Path = SYNONYMS, shown: str | None = None) -> list:
    """Problems in the synonyms file, as :class:`kb.content.problems.Problem` (path:line:col):
    its shape through the one schema (``schema.SYNONYMS``), then the rule across groups."""
    from ..content.problems import Problem

    name = shown or _shown(path)
    if not Path(path).exists() and not Path(path).is_symlink():  # a dangling link is read, and named
        return [Problem(name, 1, 1, "找不到同义词文件")]
    doc, problems = schema.validate_file(path, name, schema.SYNONYMS)
    if doc is not None and isinstance(doc.data, dict) and isinstance(doc.data.get("groups"), list):
        problems += _check_one_group_per_word(name, doc)
    return sorted(problems)


def _check_one_group_per_word(name: str, doc) -> list:
    """A word in two groups would join them: a query for one would find the other's words."""
    from ..content.problems import Problem

    owner: dict[str, int] = {}  # word -> its first group
    problems = []
    for g, group in enumerate(doc.data["groups"]):
        if not isinstance(group, list):
            continue
        words = [normalize(w) if isinstance(w, str) else "" for w in group]
        for w, word in enumerate(words):
            if len(word) < 2 or word in words[:w]:
                continue  # the schema's problem already
            if owner.setdefault(word, g) != g:
                where = ("groups", g, w)
                line = doc.where(("groups", owner[word]))[0]
                message = f"{schema._label(where)} “{group[w]}”已在第 {line} 行的同义词组中：一个词只能属于一组"
                problems.append(Problem(name, *doc.where(where), message))
    return problems


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
