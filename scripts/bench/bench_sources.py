#!/usr/bin/env python3
"""What ten large source documents cost (issue 25's budgets): ``add-source`` of a 100-page
.docx, and the build of the site with ten of them against the site without.

Copies the working tree twice (``bench.tree``), generates ten .docx files of about 100 printed
pages each (a 条例 of 20 chapters and 600 articles, 100,000 characters), adds them to one copy
with ``add-source`` (timed), publishes their pages (``draft: true`` removed), then builds each
copy twice in a fresh process (the first fills the copy's cache; the second is timed) and
prints the per-page cost of the added pages next to the build benchmark's.  Not a test: run it
by hand (``python scripts/bench/bench_sources.py``).
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import click

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # scripts/: kb and bench

from bench.tree import copy_working_tree
from kb.ship.build import mkdocs_env
from kb.sources.structure import int_to_cn

SENTENCE = "社区服务站应当设置服务窗口，公布服务事项和办理时限，为居民提供政策咨询、证明材料的受理和转办等服务。"

BUILD = """
import sys, time
from pathlib import Path
root = Path(sys.argv[1])
sys.path.insert(0, str(root / "scripts"))
from kb.ship import build
t = time.perf_counter()
code = build.build_site(site_dir=root / "site-bench", dist_dir=root / "dist-bench")
print(time.perf_counter() - t, code)
"""


def make_docx(path: Path, n: int) -> int:
    import docx

    document = docx.Document()
    document.add_paragraph(f"某某县社区服务示范条例（第{n}部）", style="Title")
    article, chars = 0, 0
    for chapter in range(1, 21):
        document.add_paragraph(f"第{int_to_cn(chapter)}章　第{chapter}部分规定")
        for _ in range(30):
            article += 1
            text = f"第{int_to_cn(article)}条　第{n}部第{article}条。" + SENTENCE * 3
            chars += len(text)
            document.add_paragraph(text)
    document.save(path)
    return chars


def built(root: Path) -> tuple[float, int]:
    seconds = []
    for _ in range(2):  # the first fills the copy's cache
        out = subprocess.run(
            [sys.executable, "-c", BUILD, str(root)], capture_output=True, text=True, env=mkdocs_env(), cwd=root
        )
        took, code = out.stdout.split()[-2:]
        if code != "0":
            raise SystemExit(f"build failed in {root}:\n{out.stderr[-2000:]}")
        seconds.append(float(took))
    pages = sum(1 for _ in (root / "site-bench").rglob("*.html"))
    return seconds[-1], pages


@click.command()
@click.option("--documents", default=10, show_default=True)
def main(documents: int) -> None:
    with tempfile.TemporaryDirectory(prefix="kb-bench-sources-") as work:
        work = Path(work)
        plain = copy_working_tree(work / "plain")
        grown = copy_working_tree(work / "grown")
        adds = []
        for n in range(1, documents + 1):
            path = work / f"regulation-{n}.docx"
            chars = make_docx(path, n)
            t = time.perf_counter()
            out = subprocess.run(
                [sys.executable, str(grown / "scripts" / "build.py"), "add-source", str(path), "--id", f"big-{n}",
                 "--title", f"某某县社区服务示范条例（第{n}部）", "--kind", "policy"],
                capture_output=True, text=True, cwd=grown,
            )  # fmt: skip
            adds.append(time.perf_counter() - t)
            if out.returncode != 0:
                raise SystemExit(out.stdout + out.stderr)
        for page in (grown / "docs" / "sources").rglob("*.md"):
            page.write_text(re.sub(r"(?m)^draft: true\n", "", page.read_text(encoding="utf-8")), encoding="utf-8")
        plain_s, plain_pages = built(plain)
        grown_s, grown_pages = built(grown)
    added = grown_pages - plain_pages
    click.echo(
        f"add-source of a 100-page .docx ({chars:,} characters): {min(adds):.2f}–{max(adds):.2f} s (budget 10 s)"
    )
    click.echo(
        f"site without: {plain_pages} pages, {plain_s:.2f} s; with {documents} documents: {grown_pages} pages, {grown_s:.2f} s"
    )
    click.echo(f"per added page: {(grown_s - plain_s) / added * 1000:.1f} ms ({added} pages)")


if __name__ == "__main__":
    main()
