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


# --- documents added by add-source (issue 25) ------------------------------------------------
#
# A document an editor adds arrives as the "document text" of the add-source contract (one
# paragraph a line, tables as ``| … |`` rows, footnotes as ``[^N]: …`` lines, style-only
# headings as ``#`` lines).  Its cleaning is generic: none of the first source's artifacts
# (pinyin, garbled GBK) are assumed, and what one document needs repaired goes in its errata
# file as a list of {wrong, right, reason, count?}, applied last, to the text as the editor
# sees it in sources/cleaned/ID.txt.

# Share of a text's Chinese characters that OpenCC t2s changes above which the text is taken as
# traditional.  Simplified texts measure 0 % (the five test documents and the first source's
# cleaned text); the first source's traditional original 36 %.  t2s also rewrites a few
# characters that are correct in simplified text (乾 in 乾坤, 著 in 著作), so converting a
# simplified document would corrupt it: 5 % sits far from both, and a simplified text quoting a
# traditional name or two stays below it.
TRADITIONAL_SHARE = 0.05

_HAN = re.compile(f"[{CJK}]")
_TABLE_ROW = re.compile(r"^\|.*\|$")
_FOOTNOTE_DEF = re.compile(r"^(\[\^\d+\]:[ \u3000]?)(.*)$")
_MD_HEADING = re.compile(r"^#{1,6} ")
# A line that starts a unit of its own (the structure finder's numbering, kept as text).
_NUMERAL = "〇零一二三四五六七八九十百千两0-9０-９"
_UNIT_START = re.compile(
    rf"^(第[{_NUMERAL}]+[编章节条款部分]|[{_NUMERAL}]+[、.．]|[（(][{_NUMERAL}]+[)）]|[\u2460-\u2473]|附件|附[ \u3000]*则)"
)
_DATE_LINE = re.compile(rf"^[{_NUMERAL}]{{4}}年[{_NUMERAL}]{{1,2}}月[{_NUMERAL}]{{1,3}}日$")
# How a sentence (or a clause that may stand at a line's end) finishes.
_SENTENCE_END = "。！？；：…”’）》】」』"
# Ends that cannot finish a line of written Chinese: the sentence goes on on the next line.
_MID_SENTENCE = "，、（“‘《【「『—"


def is_traditional(text: str) -> bool:
    han = _HAN.findall(text)
    if not han:
        return False
    converted = to_simplified("".join(han))
    changed = sum(a != b for a, b in zip(han, converted, strict=False))
    return changed / len(han) > TRADITIONAL_SHARE


def _structural(line: str) -> bool:
    """Table rows, footnote texts and headings are never joined to anything."""
    return bool(_TABLE_ROW.match(line) or _FOOTNOTE_DEF.match(line) or _MD_HEADING.match(line))


def _wrap_width(lines: list[str]) -> int:
    """The width at which a hard-wrapped text broke its lines: the commonest length of the long
    lines, when at least three share it; 0 when the text does not look wrapped."""
    lengths = [len(ln) for ln in lines if len(ln) >= 15 and not _structural(ln)]
    if not lengths:
        return 0
    width, count = max(((n, lengths.count(n)) for n in set(lengths)), key=lambda x: (x[1], x[0]))
    return width if count >= 3 else 0


def join_broken_lines(lines: list[str]) -> tuple[list[str], int]:
    """Lines a .txt or .pdf broke mid-sentence, joined; (lines, how many joins).

    A line is joined to the next when it cannot end a sentence: it ends with a comma-like mark
    (，、“《…), or it ends with a character and is as long as the text's wrap width (a title, a
    signature or a heading is shorter).  Never when the next line starts a numbered unit, a
    table, a footnote, a heading or is a date (the signature block), nor from a table row,
    footnote or heading.
    """
    width = _wrap_width(lines)
    out: list[str] = []
    joins = 0
    for line in lines:
        prev = out[-1] if out else ""
        if (
            prev
            and line
            and not _structural(prev)
            and not _structural(line)
            and not _UNIT_START.match(line)
            and not _DATE_LINE.match(line)
            and prev[-1] not in _SENTENCE_END
            and (prev[-1] in _MID_SENTENCE or (width and len(prev) >= width - 1 and not _UNIT_START.match(prev)))
        ):
            latin = re.match(r"[A-Za-z0-9]", prev[-1]) and re.match(r"[A-Za-z0-9]", line[0])
            out[-1] = prev + (" " if latin else "") + line
            joins += 1
        else:
            out.append(line)
    return out, joins


def _full_width(text: str) -> str:
    """ASCII , ; : ! ? ( ) as full-width where they touch Chinese (GB/T 15834); a pair of
    parentheses changes together, so ``(1)`` before Chinese becomes ``（1）``, never ``(1）``."""

    def han(c: str) -> bool:
        return bool(c) and (bool(_HAN.match(c)) or c in CJK_PUNCT)

    def pair(m: re.Match) -> str:
        before = text[m.start() - 1] if m.start() else ""
        after = text[m.end()] if m.end() < len(text) else ""
        if han(before) or han(after) or _HAN.search(m.group(1)):
            return f"（{m.group(1)}）"
        return m.group(0)

    text = re.sub(r"\(([^()\n]*)\)", pair, text)
    out = []
    for i, c in enumerate(text):
        if c in ",;:!?" and (han(text[i - 1] if i else "") or han(text[i + 1] if i + 1 < len(text) else "")):
            c = _FULL_WIDTH[c]
        out.append(c)
    return "".join(out)


def _squeeze(text: str) -> str:
    # Spaces next to Chinese punctuation are typesetting noise (as in normalise_punctuation).
    return re.sub(rf"[ \t\u3000]+(?=[{CJK_PUNCT}])|(?<=[{CJK_PUNCT}])[ \t\u3000]+", "", text).strip()


def punctuate_line(line: str) -> str:
    """One line of a document text with full-width punctuation; table cells one by one and a
    footnote's ``[^N]: `` left as the format writes them."""
    if _TABLE_ROW.match(line):
        cells = re.split(r"(?<!\\) \| ", line[2:-2])
        return "| " + " | ".join(_squeeze(_full_width(c)) or c for c in cells) + " |"
    m = _FOOTNOTE_DEF.match(line)
    if m:
        return m.group(1) + _squeeze(_full_width(m.group(2)))
    heading = _MD_HEADING.match(line)
    if heading:
        return heading.group(0) + _squeeze(_full_width(line[heading.end() :]))
    return _squeeze(_full_width(line))


@dataclass
class CleanedDocument:
    text: str
    traditional: bool
    joins: int
    punctuation: int  # lines whose punctuation changed


def load_document_errata(path: Path) -> list[dict]:
    """An added document's errata: a list of {wrong, right, reason, count?} (None: no file)."""
    if not path.exists():
        return []
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data or []


def apply_document_errata(text: str, errata: list[dict]) -> str:
    for e in errata:
        want = e.get("count", 1)
        found = text.count(e["wrong"])
        if found != want:
            raise ErrataError(f"勘误 {e['wrong']!r} 在清洗后的文本中出现 {found} 次，勘误表写的是 {want} 次")
        text = text.replace(e["wrong"], e["right"])
    return text


def clean_document(text: str, errata: list[dict] = (), join_lines: bool = False) -> CleanedDocument:
    """The cleaned text of a document text: simplified (only when traditional), lines broken
    mid-sentence joined (``join_lines``: .txt and .pdf, whose lines are not paragraphs), full-width
    punctuation in Chinese context, then the errata.  Blank lines (around tables) are kept."""
    traditional = is_traditional(text)
    if traditional:
        text = to_simplified(text)
    lines = [ln.rstrip() for ln in text.split("\n")]
    joins = 0
    if join_lines:
        # Joined within each run of non-blank lines: a blank line always separates.
        runs, run = [], []
        for ln in [*lines, ""]:
            if ln:
                run.append(ln)
                continue
            if run:
                joined, n = join_broken_lines(run)
                runs += joined
                joins += n
                run = []
            runs.append("")
        lines = runs[:-1]
    punctuated = [punctuate_line(ln) if ln else "" for ln in lines]
    changed = sum(a != b for a, b in zip(lines, punctuated, strict=True))
    out = "\n".join(punctuated).strip("\n")
    out = re.sub(r"\n{3,}", "\n\n", out) + "\n"
    return CleanedDocument(apply_document_errata(out, list(errata)), traditional, joins, changed)
