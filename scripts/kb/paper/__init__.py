"""Paper tests (试卷) from the question banks: ``python scripts/build.py paper``.

``select`` chooses the questions (seeded, no repeats, grouped by type), ``render`` writes
试卷.html and 答案与解析.html: standalone, print-ready on A4, the same bytes for the same
seed.  ``write_pdf`` prints one of them to PDF with Chromium, for trainers who want files.
Points per question: 单选 2, 多选 3, 判断 1, 填空 2 (``select.POINTS``).
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

from ..check.site import load_site
from ..chromium import CHROMIUM, CHROMIUM_ARGS
from ..paths import DOCS, QUIZZES, show
from .render import render_answers, render_paper
from .select import PaperError, banks_of, choose, parse_bank_ids, parse_types

PAPER_FILE = "试卷.html"
ANSWERS_FILE = "答案与解析.html"
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")  # on PATH
# Headless, no calls home (kb.chromium), no date/URL header on the sheets.
PDF_ARGS = ["--headless", *CHROMIUM_ARGS, "--no-pdf-header-footer"]
PDF_TIMEOUT = 120  # seconds


def run(
    banks: str,
    count: int | None,
    type_counts: str | None,
    seed: int,
    output: Path,
    out: Callable[[str], None] = print,
    *,
    pdf: bool = False,
    docs_dir: Path = DOCS,
    quiz_dir: Path = QUIZZES,
) -> int:
    """Write the paper and its answer sheet into ``output``; 0 on success, 1 (and why) if not."""
    try:
        ids = parse_bank_ids(banks)
        counts = parse_types(type_counts) if type_counts is not None else None
        site = load_site(docs_dir, quiz_dir)
        paper = choose(banks_of(site, ids), count, counts, seed)
        output = Path(output)
        output.mkdir(parents=True, exist_ok=True)
        files = {
            output / PAPER_FILE: render_paper(paper),
            output / ANSWERS_FILE: render_answers(paper, site.pages),
        }
        for path, text in files.items():
            path.write_bytes(text.encode("utf-8"))
        written = [show(p) for p in files]
        if pdf:
            for path in files:
                write_pdf(path, path.with_suffix(".pdf"))
                written.append(show(path.with_suffix(".pdf")))
    except PaperError as e:
        for line in e.lines:
            out(line)
        out("未生成试卷。")
        return 1
    out(f"已生成 {'、'.join(written)}：共 {paper.count} 题，满分 {paper.total} 分，卷号 {seed}。")
    if not pdf:
        out("用浏览器打开后选择“打印”，即可打印或另存为 PDF（纸张选 A4）。")
    return 0


def find_chromium() -> str | None:
    if Path(CHROMIUM).is_file():
        return CHROMIUM
    return next((found for name in CHROMIUM_NAMES if (found := shutil.which(name))), None)


def write_pdf(html_path: Path, pdf_path: Path) -> None:
    """Print ``html_path`` to ``pdf_path`` (A4, from the file's own @page rule) with headless
    Chromium; a :class:`PaperError` in Chinese if Chromium is missing or fails."""
    chromium = find_chromium()
    if chromium is None:
        raise PaperError(
            f"没有找到 Chromium 浏览器（{CHROMIUM}），无法生成 PDF。"
            "可以在 Debian/Ubuntu 上运行 sudo apt-get install chromium 后重试；"
            f"也可以用浏览器打开 {show(Path(html_path))}，选择“打印”→“另存为 PDF”。"
        )
    html_path, pdf_path = Path(html_path).resolve(), Path(pdf_path).resolve()
    pdf_path.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory(prefix="kb-paper-") as profile:
        command = [chromium, *PDF_ARGS, f"--user-data-dir={profile}", f"--print-to-pdf={pdf_path}"]
        try:
            result = subprocess.run(
                [*command, html_path.as_uri()], capture_output=True, text=True, timeout=PDF_TIMEOUT, check=False
            )
        except (OSError, subprocess.TimeoutExpired) as e:
            raise PaperError(f"Chromium 没能生成 {show(pdf_path)}：{e}") from e
    if not pdf_path.is_file() or pdf_path.stat().st_size == 0:
        detail = (result.stderr or result.stdout).strip().splitlines()[-1:] or [f"退出码 {result.returncode}"]
        raise PaperError(f"Chromium 没能生成 {show(pdf_path)}：{detail[0]}")


__all__ = ["ANSWERS_FILE", "PAPER_FILE", "PaperError", "run", "write_pdf"]
