"""Clean a raw source document into the text cadres read.

The raw documents carry known artifacts (see ``sources/README.md``): pinyin inserted after
traditional characters, lines broken mid-word, garbled spans, OpenCC leftovers and ASCII
punctuation. Every repair that is specific to one document lives in that document's errata
file as data with a reason, so the provenance page can show it and a new source with the
same artifacts only needs a new errata file, not new code.

Pipeline, in this order (each step sees the output of the previous one):
strip pinyin -> convert to simplified (OpenCC t2s) -> join broken lines -> split glued lines ->
garbled spans ->
wording fixes -> normalise punctuation.  Errata are written against the text as it is just
before they apply, i.e. simplified and without pinyin, which is how a reader sees them.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

# A pinyin group: lower-case Latin letters (at least one carrying a tone mark or ü) inside
# ASCII parentheses, e.g. ``(tǒng)``.  Requiring a marked vowel keeps real parentheses
# such as ``(协)`` or a hypothetical ``(a)`` intact; neutral-tone syllables without a mark
# are also accepted when they are a known toneless syllable.
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ"
PINYIN_GROUP = re.compile(rf"\((?=[a-z{_TONED}]*[{_TONED}]|(?:de|le|me|ne|zi|men|ma|ba)\))[a-z{_TONED}]+\)")
PIECE_LABEL = re.compile(r"^第([一二三四五六七八九十]+)篇[:：]")
CJK = r"\u3400-\u9fff"
CJK_PUNCT = "，。、；：？！“”‘’（）《》—…"

# ASCII punctuation the sources use where Chinese text needs full-width (GB/T 15834).
_FULL_WIDTH = {",": "，", ";": "；", ":": "：", "!": "！", "?": "？", "(": "（", ")": "）"}


class ErrataError(ValueError):
    """An errata entry that no longer matches its source: the source or the errata changed."""


@dataclass
class Piece:
    label: str  # e.g. 第一篇
    lines: list[str]

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


@dataclass
class Cleaned:
    pieces: list[Piece]
    duplicates: list[tuple[str, str, float]] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(p.text for p in self.pieces) + "\n"


def strip_pinyin(text: str) -> str:
    return PINYIN_GROUP.sub("", text)


@lru_cache(maxsize=1)
def _t2s():
    import opencc  # the ``opencc`` wheel; ``opencc-python-reimplemented`` clashes with it

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    return _t2s().convert(text)


def split_pieces(lines: list[str]) -> list[Piece]:
    pieces: list[Piece] = []
    for line in lines:
        m = PIECE_LABEL.match(line)
        if m:
            pieces.append(Piece(label=f"第{m.group(1)}篇", lines=[line]))
        elif pieces:
            pieces[-1].lines.append(line)
        elif line.strip():
            pieces.append(Piece(label="正文", lines=[line]))
    return pieces


def load_errata(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    for key in ("joins", "splits", "garbled", "wording"):
        data.setdefault(key, [])
    return data


def _piece(pieces: list[Piece], label: str) -> Piece:
    for p in pieces:
        if p.label == label:
            return p
    raise ErrataError(f"errata names {label}, which the source does not have")


def apply_joins(pieces: list[Piece], joins: list[dict]) -> None:
    for j in joins:
        piece = _piece(pieces, j["piece"])
        for i, line in enumerate(piece.lines[:-1]):
            if line.endswith(j["before"]) and piece.lines[i + 1].startswith(j["after"]):
                piece.lines[i : i + 2] = [line + piece.lines[i + 1]]
                break
        else:
            raise ErrataError(f"{j['piece']}: no line break between {j['before']!r} and {j['after']!r}")


def apply_splits(pieces: list[Piece], splits: list[dict]) -> None:
    """Break a line where a heading ran into the body text (the reverse of a join)."""
    for j in splits:
        piece = _piece(pieces, j["piece"])
        glued = j["before"] + j["after"]
        hits = [i for i, line in enumerate(piece.lines) if glued in line]
        if len(hits) != 1:
            raise ErrataError(f"{j['piece']}: {glued!r} occurs on {len(hits)} lines, errata expects 1")
        i = hits[0]
        head, _, tail = piece.lines[i].partition(glued)
        piece.lines[i : i + 1] = [head + j["before"], j["after"] + tail]


def apply_replacements(pieces: list[Piece], entries: list[dict], old: str, new: str) -> None:
    """Replace each entry's ``old`` text by its ``new`` text, exactly ``count`` times (default 1)."""
    for e in entries:
        piece = _piece(pieces, e["piece"])
        text = piece.text
        want = e.get("count", 1)
        found = text.count(e[old])
        if found != want:
            raise ErrataError(f"{e['piece']}: {e[old]!r} occurs {found} times, errata expects {want}")
        piece.lines = text.replace(e[old], e[new]).split("\n")


def normalise_punctuation(line: str) -> str:
    # "." is not converted: in these sources it only follows list numbers ("5.") and digits.
    line = line.translate(str.maketrans(_FULL_WIDTH))
    # Spaces next to Chinese punctuation are typesetting noise in these sources.
    line = re.sub(rf"\s+(?=[{CJK_PUNCT}])|(?<=[{CJK_PUNCT}])\s+", "", line)
    return line.strip()


def find_duplicates(pieces: list[Piece], threshold: float = 0.95) -> list[tuple[str, str, float]]:
    """Pairs (later, earlier, similarity) of pieces whose bodies (label line excluded) match."""
    found = []
    bodies = [(p.label, "".join(p.lines[1:])) for p in pieces]
    for i, (label, body) in enumerate(bodies):
        for earlier, other in bodies[:i]:
            ratio = 1.0 if body == other else difflib.SequenceMatcher(None, body, other).ratio()
            if ratio >= threshold:
                found.append((label, earlier, round(ratio, 4)))
                break
    return found


def clean_text(raw: str, errata: dict) -> Cleaned:
    text = to_simplified(strip_pinyin(raw))
    pieces = split_pieces([ln.rstrip() for ln in text.split("\n") if ln.strip()])
    apply_joins(pieces, errata["joins"])
    apply_splits(pieces, errata["splits"])
    apply_replacements(pieces, errata["garbled"], "garbled", "reading")
    apply_replacements(pieces, errata["wording"], "wrong", "right")
    for p in pieces:
        p.lines = [normalise_punctuation(ln) for ln in p.lines]
    return Cleaned(pieces=pieces, duplicates=find_duplicates(pieces))


def find_residue(text: str) -> list[tuple[int, int, str]]:
    """Spans that look like leftover artifacts: (line, col, description), 1-based."""
    checks = [
        (PINYIN_GROUP, "拼音注音"),
        (re.compile(r"[?？]"), "问号（可能是乱码）"),
        (re.compile(r"[a-zA-Z]+"), "拉丁字母（可能是拼音或乱码）"),
        (re.compile(r"[\ufffd]"), "替换字符（编码错误）"),
    ]
    found = []
    for n, line in enumerate(text.split("\n"), 1):
        for pattern, what in checks:
            for m in pattern.finditer(line):
                found.append((n, m.start() + 1, f"{what}：{m.group(0)}"))
        conv = to_simplified(line)
        if conv != line:
            for col, (a, b) in enumerate(zip(line, conv, strict=False), 1):
                if a != b:
                    found.append((n, col, f"繁体字：{a} → {b}"))
    return found
