"""A tiny run of the build benchmark, so the script cannot rot (figures are not judged here)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_bench_build_runs_on_a_tiny_corpus(tmp_path):
    out = tmp_path / "bench.json"
    result = subprocess.run(
        [sys.executable, "scripts/bench/bench_build.py", "--sizes", "4:30", "--runs", "1", "--json", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    assert "| pages / questions |" in result.stdout
    row = json.loads(out.read_text(encoding="utf-8"))["rows"][0]
    assert row["pages"] == 5 and row["questions"] == 30
    for key in ("wall_s", "peak_rss_mib", "site_bytes", "page_html_bytes", "first_load_gzip"):
        assert row[key]["stock"] > 0 and row[key]["ours"] > 0, key
    assert row["quiz_first_load_gzip"] > 0 and row["check_banks_s"] >= 0
