#!/usr/bin/env python3
"""Time the live preview's rebuild after a trainer edits one bank, beside stock Material.

``mkdocs serve`` rebuilds in its own process: it reloads the configuration and builds the
whole site into its temporary folder.  This script does the same, in this process, the way
``build.py serve`` runs it: one warm-up build each, then for each run a change to one
question's stem (ours), to one page (ours, and stock) in a copy of the project and a timed
rebuild.  Stock: Material with its search plugin on the same pages (no banks: stock has
none), rebuilt the same way.  The three are timed in turn within each run, so a machine
shared with other work slows them alike.  A script, not a test.

    python scripts/bench/bench_preview.py [--runs 7] [--profile]

``--profile`` profiles one rebuild after a bank edit instead and prints where its time goes.
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
from kb import session

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


class Rebuilder:
    """One site rebuilt again and again, as ``mkdocs serve`` does after each change."""

    def __init__(self, config: Path) -> None:
        self.config = config
        self.site = Path(tempfile.mkdtemp(prefix="preview-"))
        self.times: list[float] = []
        self.cpu: list[float] = []

    def build(self, timed: bool = True) -> None:
        from mkdocs.commands.build import build
        from mkdocs.config import load_config

        t, c = time.perf_counter(), time.process_time()
        cfg = load_config(config_file=str(self.config), site_dir=str(self.site), strict=False)
        build(cfg, serve_url="http://127.0.0.1:8000/", dirty=False)
        if timed:  # the first build is the server's start, not a rebuild
            self.times.append(time.perf_counter() - t)
            self.cpu.append(time.process_time() - c)

    def close(self) -> None:
        shutil.rmtree(self.site, ignore_errors=True)


# Where a rebuild's time goes (--profile): cumulative time of these functions (file, name).
PARTS = [
    ("check pages and banks (load_site)", "kb/site.py", "load_site"),
    ("  of which near_duplicates", "kb/quiz/rules.py", "near_duplicates"),
    ("  of which loading banks", "kb/quiz/load.py", "load_quizzes"),
    ("Markdown to HTML (Page.render)", "mkdocs/structure/pages.py", "render"),
    ("our Markdown hook (kb blocks)", "mkdocs_hooks.py", "on_page_markdown"),
    ("our HTML hook (quizzes, tooltips)", "mkdocs_hooks.py", "on_page_content"),
    ("listing theme files", "mkdocs/structure/files.py", "add_files_from_theme"),
    ("page templates (_build_page)", "mkdocs/commands/build.py", "_build_page"),
    ("our files hook (generated files)", "mkdocs_hooks.py", "on_files"),
    ("loading mkdocs.yml (load_config)", "mkdocs/config/base.py", "load_config"),
]


def profile(rebuild: Rebuilder, edit) -> None:
    import cProfile
    import pstats

    edit(1)
    rebuild.build(timed=False)
    edit(2)
    profiler = cProfile.Profile()
    profiler.enable()
    rebuild.build(timed=False)
    profiler.disable()
    stats = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
    total = max(ct for (_, _, _, ct, _) in stats.values())
    click.echo(f"one rebuild after a bank edit, profiled: {total:.2f} s")
    for label, file, name in PARTS:
        ct = sum(v[3] for (f, _, n), v in stats.items() if n == name and f.replace("\\", "/").endswith(file))
        click.echo(f"  {label:<36} {ct:5.2f} s  {ct / total:4.0%}")


def _line(label: str, times: list[float]) -> str:
    return f"  {label:<18} {statistics.median(times):.2f} s ({min(times):.2f}–{max(times):.2f})"


@click.command()
@click.option("--runs", default=7, show_default=True)
@click.option("--profile", "profile_only", is_flag=True, help="Profile one rebuild after a bank edit instead.")
def main(runs: int, profile_only: bool) -> None:
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    session.start(previewing=True)  # what the on_startup hook starts under `serve`
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
            # Plain text: an HTML comment would be a problem for our checker (a banner on every page).
            page.write_text(page_text + f"\n第{n}次修改。\n", encoding="utf-8")

        os.chdir(project)
        ours, stock = Rebuilder(project / "mkdocs.yml"), Rebuilder(project / "stock.yml")
        ours_page = Rebuilder(project / "mkdocs.yml")
        ours_page.site = ours.site  # the same server: its page edits follow its bank edits
        if profile_only:
            ours.build(timed=False)
            profile(ours, edit_bank)
            ours.close()
            return
        ours.build(timed=False)
        stock.build(timed=False)
        for n in range(1, runs + 1):
            edit_bank(n)
            ours.build()
            edit_page(n)
            stock.build()
            ours_page.build()
        ours.close()
        stock.close()
    click.echo(f"rebuild after one edit, median of {runs} (min–max), wall clock:")
    click.echo(_line("ours  (bank edit):", ours.times))
    click.echo(_line("ours  (page edit):", ours_page.times))
    click.echo(_line("stock (page edit):", stock.times))
    click.echo(f"  ratio ours/stock: {statistics.median(ours.times) / statistics.median(stock.times):.2f} (bank edit)")
    click.echo(f"process CPU time, median: ours bank {statistics.median(ours.cpu):.2f} s, "
               f"page {statistics.median(ours_page.cpu):.2f} s, stock {statistics.median(stock.cpu):.2f} s")  # fmt: skip


if __name__ == "__main__":
    main()
