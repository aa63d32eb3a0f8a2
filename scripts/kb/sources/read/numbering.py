"""Word's automatic numbering turned into the text a reader sees (第一章, 第十一条, 一、, （一）, 1.).

In a .docx the number is not in the text: a paragraph names a list (``w:numPr``: numId, ilvl),
directly or through its style, and numbering.xml says how each level counts (``numFmt``), how
its label is written (``lvlText`` such as ``第%1条``), where it starts and when it restarts.
Counters are kept as Word keeps them: lists (``w:num``) that share one abstract definition
share one sequence unless the list overrides a start value, which is how Word's "restart
numbering" is stored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..numerals import DIGITS, chinese_counting

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

_LEGAL = "零壹贰叁肆伍陆柒捌玖"
_STEMS = "甲乙丙丁戊己庚辛壬癸"
_BRANCHES = "子丑寅卯辰巳午未申酉戌亥"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def format_number(n: int, fmt: str) -> str:
    """One level's counter in Word's ``numFmt``; unknown formats fall back to 1, 2, 3."""
    if fmt in ("chineseCounting", "chineseCountingThousand", "japaneseCounting", "taiwaneseCounting"):
        return chinese_counting(n)
    if fmt in ("chineseLegalSimplified", "ideographLegalTraditional"):
        return chinese_counting(n, _LEGAL, "拾佰仟")
    if fmt == "ideographTraditional":
        return _STEMS[(n - 1) % 10]
    if fmt == "ideographZodiac":
        return _BRANCHES[(n - 1) % 12]
    if fmt == "decimalEnclosedCircle" or fmt == "decimalEnclosedCircleChinese":
        return _CIRCLED[n - 1] if 0 < n <= 20 else str(n)
    if fmt == "decimalFullWidth" or fmt == "decimalFullWidth2":
        return str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("upperLetter", "lowerLetter"):
        letter = chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return letter if fmt == "upperLetter" else letter.lower()
    if fmt in ("upperRoman", "lowerRoman"):
        roman = _roman(n)
        return roman if fmt == "upperRoman" else roman.lower()
    if fmt == "decimalEnclosedParen":
        return f"({n})"
    return str(n)


def _roman(n: int) -> str:
    out = ""
    for value, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                           (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):  # fmt: skip
        while n >= value:
            out += letters
            n -= value
    return out


def render_label(lvl_text: str, counters: list[int], formats: list[str]) -> str:
    """``lvlText`` with each ``%k`` replaced by level k's counter in its own format."""
    return re.sub(
        r"%([1-9])",
        lambda m: format_number(counters[int(m.group(1)) - 1], formats[int(m.group(1)) - 1]),
        lvl_text,
    )


@dataclass
class Level:
    fmt: str = "decimal"
    text: str = ""
    start: int = 1
    restart: int | None = None  # w:lvlRestart: None = after any shallower level, 0 = never
    suffix: str = "tab"
    legal: bool = False  # w:isLgl: every level shown as decimal
    style: str | None = None  # w:pStyle: the paragraph style bound to this level


def _val(el, name: str, default=None):
    child = el.find(W + name) if el is not None else None
    return child.get(W + "val", default) if child is not None else default


def _level(lvl) -> Level:
    restart = _val(lvl, "lvlRestart")
    return Level(
        fmt=_val(lvl, "numFmt", "decimal"),
        text=_val(lvl, "lvlText", ""),
        start=int(_val(lvl, "start", "1")),
        restart=None if restart is None else int(restart),
        suffix=_val(lvl, "suff", "tab"),
        legal=lvl.find(W + "isLgl") is not None and _val(lvl, "isLgl", "1") not in ("0", "false"),
        style=_val(lvl, "pStyle"),
    )


@dataclass
class Numbering:
    """numbering.xml, with the counters of the paragraphs read so far."""

    abstract: dict[str, list[Level]] = field(default_factory=dict)
    nums: dict[str, tuple[str, dict[int, Level], dict[int, int]]] = field(default_factory=dict)
    counters: dict[str, list[int | None]] = field(default_factory=dict)
    links: dict[str, str] = field(default_factory=dict)  # abstractNumId -> numbering style id

    @classmethod
    def from_xml(cls, root) -> Numbering:
        numbering = cls()
        if root is None:
            return numbering
        for ab in root.findall(W + "abstractNum"):
            levels = [Level() for _ in range(9)]
            for lvl in ab.findall(W + "lvl"):
                levels[int(lvl.get(W + "ilvl", "0"))] = _level(lvl)
            numbering.abstract[ab.get(W + "abstractNumId")] = levels
            link = _val(ab, "numStyleLink")
            if link:
                numbering.links[ab.get(W + "abstractNumId")] = link
        for num in root.findall(W + "num"):
            overrides: dict[int, Level] = {}
            starts: dict[int, int] = {}
            for ov in num.findall(W + "lvlOverride"):
                ilvl = int(ov.get(W + "ilvl", "0"))
                if _val(ov, "startOverride") is not None:
                    starts[ilvl] = int(_val(ov, "startOverride"))
                if ov.find(W + "lvl") is not None:
                    overrides[ilvl] = _level(ov.find(W + "lvl"))
            numbering.nums[num.get(W + "numId")] = (_val(num, "abstractNumId"), overrides, starts)
        return numbering

    def resolve_links(self, style_num: dict[str, str]) -> None:
        """An abstract definition that only points at a numbering style (``numStyleLink``)
        takes its levels from the list that style names."""
        for ab_id, style in self.links.items():
            num = self.nums.get(style_num.get(style, ""))
            if num and num[0] in self.abstract and num[0] != ab_id:
                self.abstract[ab_id] = self.abstract[num[0]]

    def levels(self, num_id: str) -> list[Level] | None:
        num = self.nums.get(num_id)
        if not num or num[0] not in self.abstract:
            return None
        levels = list(self.abstract[num[0]])
        for ilvl, lvl in num[1].items():
            levels[ilvl] = lvl
        return levels

    def level_for_style(self, num_id: str, style_id: str) -> int:
        for i, lvl in enumerate(self.levels(num_id) or []):
            if lvl.style == style_id:
                return i
        return 0

    def label(self, num_id: str, ilvl: int) -> str:
        """Count one paragraph of list ``num_id`` at level ``ilvl``; its visible label,
        with what Word puts after it (a tab reads as a full-width space)."""
        levels = self.levels(num_id)
        if levels is None or not 0 <= ilvl < 9:
            return ""
        abstract_id, overrides, starts = self.nums[num_id]
        key = f"num:{num_id}" if starts or overrides else f"abstract:{abstract_id}"
        counters = self.counters.setdefault(key, [None] * 9)
        start = starts.get(ilvl, levels[ilvl].start)
        counters[ilvl] = start if counters[ilvl] is None else counters[ilvl] + 1
        for deeper in range(ilvl + 1, 9):
            restart = levels[deeper].restart
            # lvlRestart is 1-based: restart after a level at that depth or shallower.
            if restart is None or (restart and ilvl < restart):
                counters[deeper] = None
        level = levels[ilvl]
        if level.fmt in ("bullet", "none"):
            return ""
        shown = [c if c is not None else starts.get(i, levels[i].start) for i, c in enumerate(counters)]
        formats = ["decimal" if level.legal else lvl.fmt for lvl in levels]
        label = render_label(level.text, shown, formats)
        if not label:
            return ""
        return label + {"tab": "\u3000", "space": " "}.get(level.suffix, "")
