#!/usr/bin/env python3
"""Time the live preview's rebuild after a trainer edits one bank, beside stock Material.

``mkdocs serve`` rebuilds in its own process: it reloads the configuration and builds the
whole site into its temporary folder.  This script does the same, in this process, the way
``build.py serve`` runs it: one warm-up build, then for each run a change to one question's
stem in a copy of the project and a timed rebuild.  Stock: Material with its search plugin
on the same pages (no banks: stock has none), rebuilt the same way.  A script, not a test.

    python scripts/bench/bench_preview.py [--runs 7]
"""

from __future__ import annotations

import logging
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import click

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # scripts/: kb and bench

from bench.tree import copy_working_tree
from kb.render import dispatch

BANK = "quizzes/township-officer-duties.yml"
STOCK = """site_name: 基层统战工作培训知识库
docs_dir: docs
use_directory_urls: false
theme:
  name: material
  language: zh
plugins:
  - search
markdown_extensions: [abbr, admonition, attr_list, md_in_html, tables, toc, pymdownx.details, pymdownx.superfences]
"""


def rebuilds(config: Path, runs: int, edit) -> list[float]:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    site = Path(tempfile.mkdtemp(prefix="preview-"))
    times = []
    for n in range(runs + 1):
        edit(n)
        t = time.perf_counter()
        cfg = load_config(config_file=str(config), site_dir=str(site), strict=False)
        build(cfg, serve_url="http://127.0.0.1:8000/", dirty=False)
        if n:  # the first build is the server's start, not a rebuild
            times.append(time.perf_counter() - t)
    shutil.rmtree(site, ignore_errors=True)
    return times


@click.command()
@click.option("--runs", default=7, show_default=True)
def main(runs: int) -> None:
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    dispatch.previewing = True  # what the on_startup hook sets under `serve`
    with tempfile.TemporaryDirectory() as tmp:
        project = copy_working_tree(Path(tmp) / "project")
        bank = project / BANK
        text = bank.read_text(encoding="utf-8")
        stem = "stem: 乡镇统战干事在谁的领导下，"

        def edit_bank(n: int) -> None:
            bank.write_text(text.replace(stem, f"stem: （第{n}次修改）乡镇统战干事在谁的领导下，", 1), encoding="utf-8")

        (project / "stock.yml").write_text(STOCK, encoding="utf-8")
        page = project / "docs" / "duties" / "township-officer.md"
        page_text = page.read_text(encoding="utf-8")

        def edit_page(n: int) -> None:
            page.write_text(page_text + f"\n<!-- edit {n} -->\n", encoding="utf-8")

        os.chdir(project)
        ours = rebuilds(project / "mkdocs.yml", runs, edit_bank)
        stock = rebuilds(project / "stock.yml", runs, edit_page)
    med_o, med_s = statistics.median(ours), statistics.median(stock)
    click.echo(f"rebuild after one edit, median of {runs} (min–max):")
    click.echo(f"  ours  (bank edit): {med_o:.2f} s ({min(ours):.2f}–{max(ours):.2f})")
    click.echo(f"  stock (page edit): {med_s:.2f} s ({min(stock):.2f}–{max(stock):.2f})")
    click.echo(f"  ratio ours/stock: {med_o / med_s:.2f}")


if __name__ == "__main__":
    main()
