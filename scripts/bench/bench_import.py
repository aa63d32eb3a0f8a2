#!/usr/bin/env python3
"""Time ``build.py import`` on a large spreadsheet made from the shipped banks.

The workbook repeats every shipped question (export's own row writer) until it has ROWS
rows; repeats get a numbered stem, so each row is a distinct question, and keep their real
quote with 出处 and 编号 left empty, so every row goes through the quote search and the
content-derived id, the importer's costliest steps.  Each run imports into a fresh
temporary quiz folder (the registry copied in) and includes writing the YAML.  Wall and CPU time are both shown (the machine is shared: CPU time is what this process
used); so are, timed on their own, reading the cells (openpyxl, read-only) and, for comparison,
what ``build.py check`` of the written bank costs (not part of the import, which runs the
same rules in memory).
Not a test: run it by hand; target under 5 s for 10,000 rows.
"""

from __future__ import annotations

import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import click

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # scripts/: kb and bench

from kb.check import run as check_run
from kb.paths import QUIZZES
from kb.quiz.model import REGISTRY
from kb.sheets import columns as C
from kb.sheets import importer
from kb.sheets.export import add_question_sheet, new_workbook, question_row, workbook_bytes
from kb.sheets.read import read_table
from kb.site import load_site


def generate_rows(count: int) -> list[list[str]]:
    site = load_site()
    pairs = [(bank, q) for bank in site.banks for q in bank.questions]
    stem, source, qid = (C.COLUMNS.index(c) for c in (C.STEM, C.SOURCE, C.ID))
    rows = []
    for n in range(count):
        bank, q = pairs[n % len(pairs)]
        row = question_row(q, bank)
        repeat = n // len(pairs)
        if repeat:
            row[stem] = f"{row[stem]}（第{repeat + 1}组）"
        row[source] = row[qid] = ""
        rows.append(row)
    return rows


def write_workbook(rows: list[list[str]], path: Path) -> None:
    workbook = new_workbook()
    add_question_sheet(workbook, rows)
    path.write_bytes(workbook_bytes(workbook))


class Clock:
    """Wall and CPU seconds since it was made."""

    def __init__(self) -> None:
        self.wall, self.cpu = time.perf_counter(), time.process_time()

    def read(self) -> tuple[float, float]:
        return time.perf_counter() - self.wall, time.process_time() - self.cpu


def import_once(sheet: Path) -> tuple[tuple[float, float], int, list[str], tuple[float, float]]:
    """(wall, cpu) of one import, its status and output, and (wall, cpu) of checking its bank again."""
    with tempfile.TemporaryDirectory() as tmp:
        quiz_dir = Path(tmp)
        shutil.copy(QUIZZES / REGISTRY, quiz_dir / REGISTRY)
        lines: list[str] = []
        clock = Clock()
        status = importer.run(sheet, "bench-import", "基准测试", out=lines.append, quiz_dir=quiz_dir)
        took = clock.read()
        clock = Clock()
        check_run.run([quiz_dir / "bench-import.yml"], out=lambda _: None, quiz_dir=quiz_dir)
        return took, status, lines, clock.read()


def median(pairs: list[tuple[float, float]]) -> tuple[float, float]:
    return statistics.median(p[0] for p in pairs), statistics.median(p[1] for p in pairs)


@click.command()
@click.option("--rows", default=10_000, show_default=True, help="rows in the generated workbook")
@click.option("--runs", default=3, show_default=True, help="imports timed; the median is reported")
def main(rows: int, runs: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        sheet = Path(tmp) / "bench-import.xlsx"
        clock = Clock()
        write_workbook(generate_rows(rows), sheet)
        click.echo(f"generated {rows:,} rows ({sheet.stat().st_size / 1024:.0f} KiB) in {clock.read()[0]:.2f} s")
        clock = Clock()
        read_table(sheet)
        reading = clock.read()
        totals, checks = [], []
        for k in range(runs):
            took, status, lines, check = import_once(sheet)
            if status != 0:
                click.echo("\n".join(lines[:20]))
                raise SystemExit(f"import failed (exit {status})")
            totals.append(took)
            checks.append(check)
            click.echo(f"run {k + 1}: wall {took[0]:.2f} s, cpu {took[1]:.2f} s  ({lines[-2]})")
        (wall, cpu), (check_wall, check_cpu) = median(totals), median(checks)
        click.echo(f"import of {rows:,} rows (read, check, write): median wall {wall:.2f} s, cpu {cpu:.2f} s")
        click.echo(f"  part: reading the cells (openpyxl, read-only): wall {reading[0]:.2f} s, cpu {reading[1]:.2f} s")
        click.echo(
            f"  for comparison, build.py check of the written bank (not part of the import): wall {check_wall:.2f} s, cpu {check_cpu:.2f} s"
        )
        click.echo(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()
