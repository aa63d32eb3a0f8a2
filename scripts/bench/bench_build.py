#!/usr/bin/env python3
"""Benchmark our full build against stock Material on the same generated pages, in one run.

For each size (pages, questions) it generates a project with ``bench.corpus.generate_project``
(duties, analyses and principles with anchors; banks whose questions cite them with quotes),
then builds it, alternating, several times each:

- **stock**: Material for MkDocs with its search plugin and nothing else (no hooks, no nav
  given, default ``use_directory_urls``), the same pages and Markdown extensions;
- **ours**: the full ``build.py`` pipeline: check (pages, banks, sources), MkDocs build with our
  hooks (quiz pages, tooltips, search index), both uses from one edition, the deploy package.

and reports median wall time, peak memory (largest process, from getrusage), site size,
per-page HTML bytes (median over the generated pages), first-load bytes (gzip -6) of a content
page and of a quiz page — the HTML plus every stylesheet and script it references; search
indexes excluded (search has its own benchmark) — the time to check the banks alone, and each as a ratio
to stock.  Not a test: run it by hand (``python scripts/bench/bench_build.py``); ``--json`` writes
the figures; the tests run one tiny size so the script cannot rot.
"""

from __future__ import annotations

import gzip
import json
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import click

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # scripts/: kb and bench

from bench import corpus
from kb import disk_cache, session
from kb.content.pages import load_pages
from kb.paths import ROOT
from kb.quiz.load import load_quizzes
from kb.ship.build import mkdocs_env

# Questions per bank: the shipped banks hold 16–29; a page per bank is what a cadre loads.
PER_BANK = 25

# Runs a command and prints its wall time and the peak RSS of its largest process (KiB).
MEASURE = """
import json, resource, subprocess, sys, time
t = time.perf_counter()
code = subprocess.call(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
wall = time.perf_counter() - t
rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"code": code, "wall": wall, "rss_kib": rss}))
"""

OURS = """
import sys
from pathlib import Path
sys.path.insert(0, {scripts!r})
from kb.check import run as check
from kb.site import load_site
from kb.ship import build
root = Path({root!r})
site = load_site(root / "docs", root / "quizzes")
if not check.run(None, out=lambda line: None, site=site):
    sys.exit(1)
sys.exit(build.build_site(site_dir=root / "site-ours", config=Path({config!r}), dist_dir=root / "dist-ours", site=site))
"""

STOCK_CONFIG = """site_name: 基层统战工作培训知识库
docs_dir: {docs}
theme:
  name: material
  language: zh
plugins:
  - search
markdown_extensions:
  - abbr
  - admonition
  - attr_list
  - md_in_html
  - tables
  - toc:
      permalink: true
"""


def measure(command: list[str], env: dict | None = None) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", MEASURE, *command],
        capture_output=True,
        text=True,
        env={**mkdocs_env(), **(env or {})},
        cwd=ROOT,
    )
    result = json.loads(out.stdout.strip().splitlines()[-1])
    if result["code"] != 0:
        raise SystemExit(f"build failed: {' '.join(command[:4])}…")
    return result


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def first_load(site: Path, page: Path) -> int:
    """gzip bytes of a page and every stylesheet and script it references (same site)."""
    html = page.read_text(encoding="utf-8")
    total = len(gzip.compress(html.encode(), 6))
    refs = re.findall(r'<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"', html)
    refs += re.findall(r'<script[^>]+src="([^"]+)"', html)
    for ref in dict.fromkeys(refs):
        if "://" in ref:
            continue
        target = (page.parent / ref.split("?")[0]).resolve()
        if target.is_file() and site.resolve() in target.parents:
            total += len(gzip.compress(target.read_bytes(), 6))
    return total


def generated_pages(site: Path, directory_urls: bool) -> list[Path]:
    pattern = "topic-*/page-*/index.html" if directory_urls else "topic-*/page-*.html"
    return sorted(site.glob(pattern))


def bench_size(work: Path, pages: int, questions: int, runs: int, seed: int) -> dict:
    root = work / f"p{pages}-q{questions}"
    corpus.generate_project(root, pages=pages, questions=questions, seed=seed, per_bank=PER_BANK)
    shutil.copytree(ROOT / "docs" / "assets", root / "docs" / "assets")
    (root / "stock.yml").write_text(STOCK_CONFIG.format(docs=root / "docs"), encoding="utf-8")
    # Our configuration as shipped, on these pages: only the nav (auto) and folders differ.
    ours_config = ROOT / f".bench-{uuid.uuid4().hex[:8]}.yml"
    ours_config.write_text(
        f"INHERIT: mkdocs.yml\ndocs_dir: {root / 'docs'}\nnav: null\nextra:\n  quiz_dir: {root / 'quizzes'}\n",
        encoding="utf-8",
    )
    stock_cmd = [
        sys.executable,
        "-m",
        "mkdocs",
        "build",
        "-q",
        "-f",
        str(root / "stock.yml"),
        "-d",
        str(root / "site-stock"),
    ]
    ours_cmd = [
        sys.executable,
        "-c",
        OURS.format(scripts=str(ROOT / "scripts"), root=str(root), config=str(ours_config)),
    ]
    results: dict[str, list[dict]] = {"stock": [], "ours": []}
    # Our build keeps what depends on code alone in a cache (kb/disk_cache.py: jieba's
    # dictionary index, compiled templates, parsed banks …).  It starts empty here: the first
    # build fills it and is reported on its own ("first build"); the timed runs are the builds
    # that follow, as on any machine after its first build.
    cache = {"KB_CACHE_DIR": str(root / "cache")}
    try:
        first = measure(ours_cmd, cache)
        for _ in range(runs):  # alternate, so drift on the machine hits both alike
            shutil.rmtree(root / "site-stock", ignore_errors=True)
            results["stock"].append(measure(stock_cmd))
            results["ours"].append(measure(ours_cmd, cache))
    finally:
        ours_config.unlink()

    page_set = load_pages(root / "docs")
    disk_cache.CACHE = root / "cache"  # as the timed builds had it
    session.current().preview.parse_cache = None  # this process's view of it: read from this corpus's cache
    check_times = []
    for _ in range(runs):
        t = time.perf_counter()
        _, _, problems = load_quizzes(root / "quizzes", page_set)
        check_times.append(time.perf_counter() - t)
        # 提醒 (warnings) are part of the check's work; errors would mean a broken corpus.
        assert not [p for p in problems if not p.warning], problems[:3]

    site_stock, site_ours = root / "site-stock", root / "site-ours"
    html_stock = [p.stat().st_size for p in generated_pages(site_stock, True)]
    html_ours = [p.stat().st_size for p in generated_pages(site_ours, False)]
    probe_stock = generated_pages(site_stock, True)[len(html_stock) // 2]
    probe_ours = generated_pages(site_ours, False)[len(html_ours) // 2]
    quiz_page = sorted((site_ours / "quizzes").glob("bank-*.html"))[0]
    out = {
        "pages": pages + 1,
        "questions": questions,
        "wall_s": {k: statistics.median(r["wall"] for r in v) for k, v in results.items()},
        "first_build": {"wall_s": first["wall"], "peak_rss_mib": first["rss_kib"] / 1024},
        "peak_rss_mib": {k: max(r["rss_kib"] for r in v) / 1024 for k, v in results.items()},
        "site_bytes": {"stock": folder_bytes(site_stock), "ours": folder_bytes(site_ours)},
        "page_html_bytes": {"stock": statistics.median(html_stock), "ours": statistics.median(html_ours)},
        "first_load_gzip": {"stock": first_load(site_stock, probe_stock), "ours": first_load(site_ours, probe_ours)},
        "quiz_first_load_gzip": first_load(site_ours, quiz_page),
        "check_banks_s": statistics.median(check_times),
        "dist_bytes": folder_bytes(root / "dist-ours"),
    }
    shutil.rmtree(root)
    return out


def ratio(d: dict) -> float:
    return d["ours"] / d["stock"] if d["stock"] else float("nan")


def table(rows: list[dict]) -> str:
    lines = [
        "| pages / questions | build s, stock | build s, ours | ratio | peak MiB stock / ours | page HTML KB stock / ours | ratio "
        "| first load gzip KB stock / ours | quiz page gzip KB | check banks s |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['pages']:,} / {r['questions']:,} | {r['wall_s']['stock']:.2f} | {r['wall_s']['ours']:.2f} | {ratio(r['wall_s']):.2f} "
            f"| {r['peak_rss_mib']['stock']:.0f} / {r['peak_rss_mib']['ours']:.0f} "
            f"| {r['page_html_bytes']['stock'] / 1024:.1f} / {r['page_html_bytes']['ours'] / 1024:.1f} | {ratio(r['page_html_bytes']):.2f} "
            f"| {r['first_load_gzip']['stock'] / 1024:.1f} / {r['first_load_gzip']['ours'] / 1024:.1f} "
            f"| {r['quiz_first_load_gzip'] / 1024:.1f} | {r['check_banks_s']:.2f} |"
        )
    lines.append("")
    for r in rows:
        f = r["first_build"]
        lines.append(
            f"First build of ours at {r['pages']:,} pages (cache empty): {f['wall_s']:.2f} s, "
            f"peak {f['peak_rss_mib']:.0f} MiB ({f['wall_s'] / r['wall_s']['stock']:.2f} and "
            f"{f['peak_rss_mib'] / r['peak_rss_mib']['stock']:.2f} of stock)"
        )
    if len(rows) >= 2:
        a, b = rows[-2], rows[-1]
        for who in ("stock", "ours"):
            per_page = (b["wall_s"][who] - a["wall_s"][who]) / (b["pages"] - a["pages"]) * 1000
            lines.append(
                f"\nPer-page cost between {a['pages']:,} and {b['pages']:,} pages, {who}: {per_page:.1f} ms/page"
            )
    return "\n".join(lines)


@click.command()
@click.option(
    "--sizes", default="10:100,100:1000,1000:10000", show_default=True, help="pages:questions, comma-separated"
)
@click.option("--runs", default=3, show_default=True, help="builds of each kind per size")
@click.option("--seed", default=1, show_default=True)
@click.option(
    "--json", "json_path", type=click.Path(dir_okay=False, path_type=Path), help="also write the figures as JSON"
)
def main(sizes: str, runs: int, seed: int, json_path: Path | None) -> None:
    """Build generated corpora with stock Material and with our full build; print a table."""
    rows = []
    with tempfile.TemporaryDirectory(prefix="kb-bench-") as work:
        for size in sizes.split(","):
            pages, questions = (int(x) for x in size.split(":"))
            click.echo(f"… {pages} pages, {questions} questions, {runs} runs each", err=True)
            rows.append(bench_size(Path(work), pages, questions, runs, seed))
    machine = f"{platform.machine()}, {platform.python_implementation()} {platform.python_version()}, {time.strftime('%Y-%m-%d')}"
    click.echo(f"Machine: {machine}; runs: {runs}; seed: {seed}\n")
    click.echo(table(rows))
    if json_path:
        json_path.write_text(json.dumps({"machine": machine, "runs": runs, "rows": rows}, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
