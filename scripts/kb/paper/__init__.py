"""Paper tests (试卷) from the question banks: ``python scripts/build.py paper``.

``select`` chooses the questions (seeded, no repeats, one per same-passage group, options
shuffled with balanced keys; for one role; A/B forms sharing nothing), ``render`` writes
试卷.html and 答案与解析.html (试卷-A.html … with ``--forms``): standalone, print-ready on A4,
the same bytes for the same seed.  ``write_pdf`` prints one of them to PDF with Chromium, for trainers who want files.
Points per question: 单选 2, 多选 3, 判断 1, 填空 2 (``select.POINTS``).
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

from ..chromium import CHROMIUM, CHROMIUM_ARGS
from ..output import OutputError, target_problem, write_files
from ..paths import DOCS, QUIZZES, show
from ..site import load_site
from .render import render_answers, render_paper
from .select import PaperError, banks_of, check_role, choose_forms, parse_bank_ids, parse_types

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
    role: str | None = None,
    forms: int = 1,
    allow_same_passage: bool = False,
    force: bool = False,
    docs_dir: Path = DOCS,
    quiz_dir: Path = QUIZZES,
) -> int:
    """Write the paper(s) and answer sheet(s) into ``output``; 0 on success, 1 (and why) if not.
    Nothing is written unless every form could be drawn."""
    try:
        ids = parse_bank_ids(banks)
        counts = parse_types(type_counts) if type_counts is not None else None
        site = load_site(docs_dir, quiz_dir)
        check_role(site, role)
        papers = choose_forms(
            banks_of(site, ids), count, counts, seed, role=role, forms=forms, one_per_group=not allow_same_passage
        )
        output = Path(output)
        files = {}
        for paper in papers:
            files[output / file_name(PAPER_FILE, paper.form)] = render_paper(paper)
            files[output / file_name(ANSWERS_FILE, paper.form)] = render_answers(paper, site.pages)
        # Never over an existing paper without --force, never through a symlink of that name
        # (kb.output, issue 24): every name is checked before anything is written.
        targets = [*files, *(p.with_suffix(".pdf") for p in files if pdf)]
        make_folder(output)
        taken = [problem for t in targets if (problem := target_problem(t, ELSEWHERE, force))]
        if taken:
            raise PaperError(*taken)
        write_files(files, force=force, elsewhere=ELSEWHERE)
        written = [show(p) for p in files]
        if pdf:
            for path in files:
                write_pdf(path, path.with_suffix(".pdf"), force=force)
                written.append(show(path.with_suffix(".pdf")))
    except PaperError as e:
        for line in e.lines:
            out(line)
        out("未生成试卷。")
        return 1
    except OutputError as e:
        out(str(e))
        out("未生成试卷。")
        return 1
    sizes = "，".join(f"{p.form + ' 卷' if p.form else ''}共 {p.count} 题，满分 {p.total} 分" for p in papers)
    what = f"{len(papers)} 份试卷，互不重题，不共用同一段原文：" if len(papers) > 1 else ""
    out(f"已生成 {'、'.join(written)}：{what}{sizes}，卷号 {seed}。")
    if not pdf:
        out("用浏览器打开后选择“打印”，即可打印或另存为 PDF（纸张选 A4）。")
    return 0


ELSEWHERE = "请用 -o 指定另一个文件夹"


def make_folder(output: Path) -> None:
    """The output folder, made if missing; a PaperError saying why it cannot be."""
    try:
        if (output.exists() or output.is_symlink()) and not output.is_dir():
            raise PaperError(f"{show(output)} 不是文件夹：请用 -o 指定一个文件夹")
        output.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        from ..output import why

        raise PaperError(f"无法建立文件夹 {show(output)}（{why(e, output)}）：{ELSEWHERE}") from None


def file_name(name: str, form: str) -> str:
    """试卷.html, or 试卷-A.html for form A."""
    return f"{Path(name).stem}-{form}{Path(name).suffix}" if form else name


def find_chromium() -> str | None:
    if Path(CHROMIUM).is_file():
        return CHROMIUM
    return next((found for name in CHROMIUM_NAMES if (found := shutil.which(name))), None)


def write_pdf(html_path: Path, pdf_path: Path, force: bool = False) -> None:
    """Print ``html_path`` to ``pdf_path`` (A4, from the file's own @page rule) with headless
    Chromium; a :class:`PaperError` in Chinese if Chromium is missing or fails.  Chromium prints
    into a temporary folder; the PDF is then placed by ``kb.output`` like every other file."""
    chromium = find_chromium()
    if chromium is None:
        raise PaperError(
            f"没有找到 Chromium 浏览器（{CHROMIUM}），无法生成 PDF。"
            "可以在 Debian/Ubuntu 上运行 sudo apt-get install chromium 后重试；"
            f"也可以用浏览器打开 {show(Path(html_path))}，选择“打印”→“另存为 PDF”。"
        )
    html_path, pdf_path = Path(html_path).resolve(), Path(pdf_path)
    with tempfile.TemporaryDirectory(prefix="kb-paper-") as work:
        printed = Path(work) / "paper.pdf"
        profile = Path(work) / "profile"
        command = [chromium, *PDF_ARGS, f"--user-data-dir={profile}", f"--print-to-pdf={printed}"]
        try:
            result = subprocess.run(
                [*command, html_path.as_uri()], capture_output=True, text=True, timeout=PDF_TIMEOUT, check=False
            )
        except (OSError, subprocess.TimeoutExpired) as e:
            raise PaperError(f"Chromium 没能生成 {show(pdf_path)}：{e}") from e
        if not printed.is_file() or printed.stat().st_size == 0:
            detail = (result.stderr or result.stdout).strip().splitlines()[-1:] or [f"退出码 {result.returncode}"]
            raise PaperError(f"Chromium 没能生成 {show(pdf_path)}：{detail[0]}")
        write_files({pdf_path: printed.read_bytes()}, force=force, elsewhere=ELSEWHERE)


__all__ = ["ANSWERS_FILE", "PAPER_FILE", "PaperError", "file_name", "run", "write_pdf"]
