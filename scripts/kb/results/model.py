"""What ``build.py results`` adds up, as the summary and the workbook both read it: the
class, its cadres (regraded), its questions and shortfalls, and numbers as the site shows them.

Apart from the command (``kb.results``) so the workbook writer imports the model, not the command
that calls it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

from .analysis import ItemStats, worth_a_look
from .fileformat import ResultFile, rate


@dataclass(frozen=True)
class Label:
    """A question as the trainer knows it, from the site's banks today."""

    bank: str  # bank title (its id when the bank is gone)
    number: int | None  # position in the bank, from 1; None when the question is gone
    type: str  # 单选, 多选, 判断, 填空; "" when gone
    stem: str
    source: str  # the page and section the question is drawn from

    @property
    def where(self) -> str:
        return f"{self.bank} 第 {self.number} 题" if self.number else f"{self.bank}（题库中已没有这道题）"


@dataclass
class Cadre:
    """One counted file, regraded: what it earns, not what it claims."""

    record: ResultFile
    marks: list[bool | None]  # per paper question, regraded; None when the question is gone
    chosen: list[list[int]]  # per paper question, the options chosen (bank order)

    def __getattr__(self, name):  # file, name, unit, seconds, finished, answers … of the record
        if name == "record":
            raise AttributeError(name)
        return getattr(self.record, name)

    @property
    def right(self) -> int:
        return sum(1 for m in self.marks if m)

    @property
    def total(self) -> int:
        return sum(1 for m in self.marks if m is not None)


@dataclass
class QuestionResult:
    number: int  # in the paper, from 1
    key: str
    covers: tuple[str, ...]
    right: int  # cadres who answered it right (regraded)
    cadres: int
    label: Label
    stats: ItemStats | None = None  # None when the question is gone from the banks
    changed: int = 0  # files that saw another version of it

    @property
    def rate(self) -> Fraction:
        return rate(self.right, self.cadres)

    @property
    def gone(self) -> bool:
        return self.stats is None


@dataclass
class ShortfallResult:
    id: str
    title: str
    right: int  # answers right, over every cadre and question covering it
    total: int
    questions: int  # questions of the paper covering it

    @property
    def rate(self) -> Fraction:
        return rate(self.right, self.total)


@dataclass
class ClassResult:
    paper: dict
    brief: str  # the paper in one line
    cadres: list[Cadre]
    questions: list[QuestionResult]  # paper order, gone ones included
    shortfalls: list[ShortfallResult]  # registry order
    refused: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def counted(self) -> list[QuestionResult]:
        return [q for q in self.questions if not q.gone]

    @property
    def weakest_shortfalls(self) -> list[ShortfallResult]:
        return sorted(self.shortfalls, key=lambda s: s.rate)  # stable: registry order on a tie

    @property
    def weakest_questions(self) -> list[QuestionResult]:
        return sorted(self.counted, key=lambda q: q.rate)  # stable: paper order on a tie

    @property
    def worth_a_look(self) -> list[QuestionResult]:
        by_number = {q.number: q for q in self.counted}
        return [by_number[n] for n, _ in worth_a_look([(q.number, q.stats) for q in self.counted])]

    @property
    def n(self) -> int:
        """Questions counted: the paper less those gone from the banks."""
        return len(self.counted)


# --- numbers as the site shows them ------------------------------------------------------------


def half_up(r: Fraction) -> int:
    """Rounded half up, exactly (the 班级成绩 page does the same on integers)."""
    return (r + Fraction(1, 2)).__floor__()


def percent(r: Fraction) -> str:
    return f"{half_up(r * 100)}%"


def tenths(r: Fraction) -> str:
    t = half_up(r * 10)
    return f"{t // 10}.{t % 10}"


def duration(seconds: float) -> str:
    seconds = round(seconds)
    return f"{seconds // 60} 分 {seconds % 60:02d} 秒"
