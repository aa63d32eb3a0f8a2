"""题目分析: per question statistics of a class, as Moodle's quiz statistics report them.

* facility: the share of cadres who got the question right (left open counts as wrong);
* discrimination: the corrected item–total correlation, Pearson's r between the question's
  0/1 mark and each cadre's total on the *rest* of the paper (the question itself left out,
  so it does not correlate with itself); undefined (blank) when either varies not at all;
* how many chose each option, by the option's content (pages shuffle options per cadre, and
  the file records the bank's index, so content is what a trainer can read);
* flags: 太容易 (facility > 0.9), 太难 (< 0.2), 区分度为负 (< 0), 无人选择的选项 (a choice
  option nobody chose, judged only with ≥ 20 files: in a small class it says nothing).

Integers are summed exactly and r is one division and one square root of those sums, the same
operations in ``docs/assets/quiz/class-results.js``, so both give the same float.  Shown
figures are rounded as JavaScript's ``toFixed(2)`` rounds (half away from zero on the exact
binary value).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

EASY = Fraction(9, 10)
HARD = Fraction(1, 5)
MIN_FILES_FOR_OPTIONS = 20
TOO_EASY, TOO_HARD, NEGATIVE, UNCHOSEN = "太容易", "太难", "区分度为负", "无人选择的选项"
LOOK = 3  # items the summary names


@dataclass
class ItemStats:
    facility: Fraction
    discrimination: float | None
    options: list[tuple[str, int, bool]] = field(default_factory=list)  # (content, chosen by, is a key)
    unanswered: int = 0
    flags: list[str] = field(default_factory=list)


def discrimination(item: list[int], rest: list[int]) -> float | None:
    """Pearson's r of ``item`` (0/1 marks) against ``rest`` (each cadre's other marks)."""
    n = len(item)
    sx, sy = sum(item), sum(rest)
    sxy = sum(x * y for x, y in zip(item, rest, strict=True))
    dx = n * sum(x * x for x in item) - sx * sx
    dy = n * sum(y * y for y in rest) - sy * sy
    if n < 2 or dx == 0 or dy == 0:
        return None
    return (n * sxy - sx * sy) / math.sqrt(float(dx * dy))


def fixed2(x: float) -> str:
    """``x.toFixed(2)`` as JavaScript writes it."""
    return str(Decimal(x).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def flags(stats: ItemStats, files: int, choice: bool) -> list[str]:
    out = []
    if stats.facility > EASY:
        out.append(TOO_EASY)
    if stats.facility < HARD:
        out.append(TOO_HARD)
    if stats.discrimination is not None and stats.discrimination < 0:
        out.append(NEGATIVE)
    if choice and files >= MIN_FILES_FOR_OPTIONS and any(count == 0 for _, count, _ in stats.options):
        out.append(UNCHOSEN)
    return out


def item_stats(marks: list[int], rest: list[int], options: list[tuple[str, int, bool]], unanswered: int) -> ItemStats:
    stats = ItemStats(Fraction(sum(marks), len(marks)), discrimination(marks, rest), options, unanswered)
    stats.flags = flags(stats, len(marks), bool(options))
    return stats


def look_order(number: int, stats: ItemStats) -> tuple:
    """Which flagged items a trainer should look at first: a negative discrimination (the key
    may be wrong, or the question misleads those who know the material), then the most flags,
    then the lowest discrimination (undefined last), then paper order."""
    d = stats.discrimination
    return (NEGATIVE not in stats.flags, -len(stats.flags), d is None, d if d is not None else 0.0, number)


def worth_a_look(items: list[tuple[int, ItemStats]]) -> list[tuple[int, ItemStats]]:
    """Up to three (paper number, stats) of flagged items, most worth a look first."""
    flagged = [(n, s) for n, s in items if s.flags]
    return sorted(flagged, key=lambda it: look_order(*it))[:LOOK]
