"""Which questions address which training shortfall (the coverage page and its check)."""

from __future__ import annotations

from .model import Bank, Question, Shortfall

LEVEL_ORDER = ("识记", "理解", "应用")  # content.schema.LEVELS


def covered_by(bank: Bank, q: Question) -> list[str]:
    return q.covers or bank.covers


def _covering(banks: list[Bank], shortfalls: list[Shortfall]):
    """(shortfall id, bank, question) for every question addressing a registered shortfall."""
    ids = {s.id for s in shortfalls}
    for bank in banks:
        for q in bank.questions:
            for c in covered_by(bank, q):
                if c in ids:
                    yield c, bank, q


def coverage_keys(banks: list[Bank], shortfalls: list[Shortfall]) -> dict[str, list[str]]:
    """Shortfall id -> the "bank/question" keys of every question addressing it."""
    keys: dict[str, list[str]] = {s.id: [] for s in shortfalls}
    for c, bank, q in _covering(banks, shortfalls):
        keys[c].append(f"{bank.id}/{q.id}")
    return keys


def coverage(banks: list[Bank], shortfalls: list[Shortfall]) -> dict[str, int]:
    return {k: len(v) for k, v in coverage_keys(banks, shortfalls).items()}


def covering_questions(banks: list[Bank], shortfalls: list[Shortfall]) -> dict[str, list[Question]]:
    """Shortfall id -> the questions addressing it."""
    found: dict[str, list[Question]] = {s.id: [] for s in shortfalls}
    for c, _, q in _covering(banks, shortfalls):
        found[c].append(q)
    return found


def distinct_passages(banks: list[Bank], shortfalls: list[Shortfall]) -> dict[str, set[str]]:
    """Shortfall id -> the distinct cited passages (``source`` anchors) of its questions: ten
    questions on one sentence are one passage."""
    return {k: {q.source for q in qs} for k, qs in covering_questions(banks, shortfalls).items()}


def level_mix(questions: list[Question]) -> dict[str, int]:
    """识记/理解/应用 -> how many of ``questions`` are of that level (every level listed)."""
    return {level: sum(1 for q in questions if q.level == level) for level in LEVEL_ORDER}


def level_text(questions: list[Question]) -> str:
    return "、".join(f"{level} {n}" for level, n in level_mix(questions).items())
