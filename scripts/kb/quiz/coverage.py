"""Which questions address which training shortfall (the coverage page and its check)."""

from __future__ import annotations

from .model import Bank, Question, Shortfall


def covered_by(bank: Bank, q: Question) -> list[str]:
    return q.covers or bank.covers


def coverage_keys(banks: list[Bank], shortfalls: list[Shortfall]) -> dict[str, list[str]]:
    """Shortfall id -> the "bank/question" keys of every question addressing it."""
    keys: dict[str, list[str]] = {s.id: [] for s in shortfalls}
    for bank in banks:
        for q in bank.questions:
            for c in covered_by(bank, q):
                if c in keys:
                    keys[c].append(f"{bank.id}/{q.id}")
    return keys


def coverage(banks: list[Bank], shortfalls: list[Shortfall]) -> dict[str, int]:
    return {k: len(v) for k, v in coverage_keys(banks, shortfalls).items()}
