"""Budgets that do not swing with the machine (scripts/bench/budgets.yml): page weight, the
search index's bytes and the build's traced memory.  Timings are the benchmark's business."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
BUDGETS = yaml.safe_load((ROOT / "scripts" / "bench" / "budgets.yml").read_text(encoding="utf-8"))


def over(figures: dict) -> list[str]:
    """Each figure above its budget, named with both numbers."""
    return [f"{k}: {figures[k]} > {BUDGETS[k]}" for k in figures if figures[k] > BUDGETS[k]]


def test_quiz_scripts_and_styles_within_budget():
    """Every quiz script and style together (vendor/ is loaded on demand only: the QR code;
    class-results.js only on the trainers' 班级成绩 page)."""
    assets = ROOT / "docs" / "assets" / "quiz"
    files = sorted(
        p
        for p in assets.rglob("*")
        if p.is_file() and "vendor" not in p.relative_to(assets).parts and p.name != "class-results.js"
    )
    assert {p.name for p in files} >= {"quiz.js", "quiz.css", "exam.js"}
    size = len(gzip.compress(b"".join(p.read_bytes() for p in files), 9))
    assert not over({"quiz_assets_gzip": size})


@pytest.mark.slow
def test_the_101_page_corpus_stays_within_its_budgets(tmp_path):
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "bench" / "budget_probe.py"), str(tmp_path / "corpus")],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    assert set(figures) == {
        "build_traced_peak_mib",
        "first_build_traced_peak_mib",
        "first_load_gzip",
        "quiz_page_gzip",
        "search_index_bytes",
    }
    assert not over(figures), over(figures)


def test_an_exceeded_budget_is_named_with_both_figures():
    assert over({"first_load_gzip": BUDGETS["first_load_gzip"] + 1}) == [
        f"first_load_gzip: {BUDGETS['first_load_gzip'] + 1} > {BUDGETS['first_load_gzip']}"
    ]
    assert over({"first_load_gzip": BUDGETS["first_load_gzip"]}) == []
