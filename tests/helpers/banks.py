"""Loading the cross-bank quiz fixtures (near-duplicates, groups): two banks side by side."""

from __future__ import annotations

from pathlib import Path

from kb.quiz.load import load_bank


def fixture_banks(folder: Path, pages: dict) -> list:
    """The banks first.yml and second.yml of ``folder``, each loaded without problems."""
    banks = []
    for name in ("first", "second"):
        bank, problems = load_bank(folder / f"{name}.yml", f"{name}.yml", pages, {"demo"})
        assert problems == []
        banks.append(bank)
    return banks
