#!/usr/bin/env python3
"""Build a benchmark corpus in this process and print the figures tests/test_budgets.py holds.

Run by the test in a fresh interpreter (so nothing another test loaded counts): generates the
corpus (``bench.corpus``, seeded), checks and builds it as ``build.py`` does with tracemalloc
on, and prints one JSON object: the traced peaks (MiB), the gzip bytes of a content page and of
a bank page with everything they load first (``bench_build.first_load``), and the search index
bytes.  ``python scripts/bench/budget_probe.py DIR [PAGES QUESTIONS]``.

Memory is traced for the whole build in this one process: the search worker is off (its work
is done here, so it is traced too) and the project's cache is a new folder under DIR.  Two
builds: the first fills the cache (``first_build_traced_peak_mib``: jieba's dictionary index is
made then), the second is every later build (``build_traced_peak_mib``).
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tracemalloc
import uuid
from pathlib import Path

if __name__ == "__main__":  # before kb is imported: it reads both when it loads
    os.environ["KB_SEARCH_WORKER"] = "off"
    os.environ["KB_CACHE_DIR"] = str(Path(sys.argv[1]) / "cache")

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # scripts/: kb and bench

from bench import corpus
from bench.bench_build import PER_BANK, first_load, generated_pages
from kb.paths import ROOT
from kb.search.index import INDEX_PATH


def probe(root: Path, pages: int, questions: int) -> dict:
    corpus.generate_project(root, pages=pages, questions=questions, seed=1, per_bank=PER_BANK)
    shutil.copytree(ROOT / "docs" / "assets", root / "docs" / "assets")
    config = ROOT / f".bench-{uuid.uuid4().hex[:8]}.yml"
    config.write_text(
        f"INHERIT: mkdocs.yml\ndocs_dir: {root / 'docs'}\nnav: null\nextra:\n  quiz_dir: {root / 'quizzes'}\n",
        encoding="utf-8",
    )
    site = root / "site"
    peaks = []
    try:
        for _ in range(2):
            tracemalloc.start()
            from kb.check import run as check
            from kb.ship import build
            from kb.site import load_site

            loaded = load_site(root / "docs", root / "quizzes")
            if not check.run(None, out=lambda line: None, site=loaded):
                raise SystemExit("the corpus does not pass check")
            if build.build_site(site_dir=site, config=config, dist_dir=root / "dist", site=loaded) != 0:
                raise SystemExit("the corpus does not build")
            peaks.append(tracemalloc.get_traced_memory()[1])
            tracemalloc.stop()
            del loaded
    finally:
        config.unlink()
    content = generated_pages(site, False)
    return {
        "first_build_traced_peak_mib": round(peaks[0] / 2**20, 1),
        "build_traced_peak_mib": round(peaks[1] / 2**20, 1),
        "first_load_gzip": first_load(site, content[len(content) // 2]),
        "quiz_page_gzip": first_load(site, sorted((site / "quizzes").glob("bank-*.html"))[0]),
        "search_index_bytes": (site / INDEX_PATH).stat().st_size,
    }


if __name__ == "__main__":
    pages, questions = (int(sys.argv[2]), int(sys.argv[3])) if len(sys.argv) > 3 else (100, 1000)
    print(json.dumps(probe(Path(sys.argv[1]), pages, questions)))
