"""Which questions a paper test holds: chosen from the banks with ``random.Random(seed)``.

The same banks, counts and seed give the same paper on every machine; another seed gives
another choice or order.  Questions are never repeated (a question copied into two banks,
same type and stem, counts once).  On the paper they are grouped by type in the order
单选、多选、判断、填空 and numbered on across the sections.

Points per question (``POINTS``): 单选 2, 多选 3, 判断 1, 填空 2 (a blank question scores the
same whatever its number of blanks).
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

from ..check.site import Site, rel
from ..quiz.model import TYPE_SHORT, Bank, Question, bank_files

TYPES = ("single", "multiple", "judge", "blank")  # the order of the sections
POINTS = {"single": 2, "multiple": 3, "judge": 1, "blank": 2}
TYPE_EXAMPLE = "单选:10,多选:5,判断:5"
# What a trainer may write for a type in --types: 单选, 单选题 or the bank's own word (single).
TYPE_NAMES = {
    **{short: t for t, short in TYPE_SHORT.items()},
    **{short + "题": t for t, short in TYPE_SHORT.items()},
    **{t: t for t in TYPES},
}
LIST_SEPARATORS = re.compile(r"[,，、;；]")


class PaperError(Exception):
    """A mistake in the command or the banks, in Chinese; one line each."""

    def __init__(self, *lines: str) -> None:
        super().__init__("\n".join(lines))
        self.lines = list(lines)


@dataclass(frozen=True)
class Picked:
    bank: Bank
    question: Question


@dataclass
class Section:
    type: str
    questions: list[Picked]

    @property
    def points(self) -> int:
        return POINTS[self.type]

    @property
    def total(self) -> int:
        return self.points * len(self.questions)


@dataclass
class Paper:
    banks: list[Bank]
    sections: list[Section]
    seed: int

    @property
    def count(self) -> int:
        return sum(len(s.questions) for s in self.sections)

    @property
    def total(self) -> int:
        return sum(s.total for s in self.sections)

    @property
    def title(self) -> str:
        return "、".join(b.title for b in self.banks)


def type_label(qtype: str) -> str:
    return TYPE_SHORT[qtype] + "题"


def parse_bank_ids(spec: str) -> list[str]:
    ids = list(dict.fromkeys(s.strip() for s in LIST_SEPARATORS.split(spec or "") if s.strip()))
    if not ids:
        raise PaperError("--banks 中没有题库 id，例如 --banks township-officer-duties,village-liaison-duties")
    return ids


def parse_types(spec: str) -> dict[str, int]:
    """``单选:10,多选:5`` -> {"single": 10, "multiple": 5}; full-width ：and ，are accepted too."""
    counts: dict[str, int] = {}
    problems: list[str] = []
    items = [s.strip() for s in LIST_SEPARATORS.split(spec or "") if s.strip()]
    if not items:
        raise PaperError(f"--types 不能为空，例如 --types {TYPE_EXAMPLE}")
    for item in items:
        m = re.fullmatch(r"([^:：]+?)\s*[:：]\s*(\S+)", item)
        if not m:
            problems.append(f"--types 中的“{item}”格式不对：应写成 题型:题数，例如 {TYPE_EXAMPLE}")
            continue
        name, number = m.groups()
        qtype = TYPE_NAMES.get(name)
        if qtype is None:
            problems.append(f"--types 中的题型“{name}”无效，应为以下之一：{'、'.join(TYPE_SHORT.values())}")
            continue
        if not re.fullmatch(r"[0-9]+", number) or int(number) < 1:
            problems.append(f"--types 中“{item}”的题数应为正整数")
            continue
        if qtype in counts:
            problems.append(f"--types 中{type_label(qtype)}写了两次，只写一次")
            continue
        counts[qtype] = int(number)
    if problems:
        raise PaperError(*problems)
    return counts


def banks_of(site: Site, ids: list[str]) -> list[Bank]:
    """The banks asked for, in that order; unknown banks and banks with problems are refused."""
    quiz_dir = site.quiz_dir
    existing = [p.stem for p in bank_files(quiz_dir)] if quiz_dir else []
    loaded = {b.id: b for b in site.banks}
    problems: list[str] = []
    banks: list[Bank] = []
    for bank_id in ids:
        path = quiz_dir / f"{bank_id}.yml" if quiz_dir else None
        if bank_id not in existing:
            problems.append(
                f"没有题库“{bank_id}”（quizzes/{bank_id}.yml 不存在）。现有题库：{'、'.join(existing) or '无'}"
            )
            continue
        own = [p for p in site.problems if path is not None and p.path == rel(path)]
        if own or bank_id not in loaded:
            problems.append(
                f"题库“{bank_id}”有 {len(own)} 个问题，请先修改再出卷"
                f"（运行 python scripts/build.py check quizzes/{bank_id}.yml 查看）："
            )
            problems += [f"  {p}" for p in own]
            continue
        banks.append(loaded[bank_id])
    if problems:
        raise PaperError(*problems)
    return banks


def pool(banks: list[Bank]) -> list[Picked]:
    """Every question of the banks once, in bank order then file order."""
    seen: set[tuple[str, str]] = set()
    out = []
    for bank in banks:
        for q in bank.questions:
            key = (q.type, re.sub(r"\s+", "", q.stem))
            if key not in seen:
                seen.add(key)
                out.append(Picked(bank, q))
    return out


def choose(banks: list[Bank], count: int | None, type_counts: dict[str, int] | None, seed: int) -> Paper:
    """The paper: by type counts, or ``count`` questions of any type; seeded, no repeats."""
    questions = pool(banks)
    by_type = {t: [p for p in questions if p.question.type == t] for t in TYPES}
    rng = random.Random(seed)
    if type_counts is None and count is None:
        raise PaperError(f"请用 --count 指定题目总数，或用 --types 指定各题型题数，例如 --types {TYPE_EXAMPLE}")
    if count is not None and count < 1:
        raise PaperError(f"--count 应为正整数，实际是 {count}")
    if type_counts is not None:
        wanted = sum(type_counts.values())
        if count is not None and count != wanted:
            raise PaperError(f"--count {count} 与 --types 合计的 {wanted} 题不一致：只写其中一个即可")
        short = [
            f"所选题库中{type_label(t)}只有 {len(by_type[t])} 道，不够抽 {n} 道：请减少题数或增加题库"
            for t, n in ((t, type_counts.get(t, 0)) for t in TYPES)
            if n > len(by_type[t])
        ]
        if short:
            raise PaperError(*short)
        chosen = {t: rng.sample(by_type[t], type_counts[t]) for t in TYPES if type_counts.get(t)}
    else:
        if count > len(questions):
            raise PaperError(f"所选题库共有 {len(questions)} 道题，不够抽 {count} 道：请减少 --count 或增加题库")
        drawn = rng.sample(questions, count)
        chosen = {t: [p for p in drawn if p.question.type == t] for t in TYPES}
    sections = [Section(t, chosen[t]) for t in TYPES if chosen.get(t)]
    return Paper(banks, sections, seed)
