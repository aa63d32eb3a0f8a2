#!/usr/bin/env python3
"""基层统战工作培训知识库 — the one command that checks, cleans, builds and serves the site.

Run without a subcommand to check everything and build ``site/`` (strict).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import click

sys.path.insert(0, str(Path(__file__).resolve().parent))

from kb import authoring
from kb.check import run as kb_check
from kb.content import schema
from kb.paths import DIST, DOCS, QUIZZES, ROOT, show
from kb.ship import build as kb_build
from kb.ship import package as kb_package
from kb.ship import preview as kb_preview
from kb.ship import wheelhouse as kb_wheelhouse
from kb.site import load_site
from kb.sources import registry


@click.group(invoke_without_command=True)
@click.pass_context
def cli(ctx: click.Context) -> None:
    """Check the content, then build site/ with MkDocs (strict)."""
    if ctx.invoked_subcommand is None:
        ctx.invoke(build)


@cli.command()
# exists=False: a missing path or a dangling link gets the checker's Chinese message, not click's.
@click.argument("paths", nargs=-1, type=click.Path(exists=False, path_type=Path))
@click.option("--docs-dir", type=click.Path(file_okay=False, path_type=Path), default=DOCS, hidden=True)
@click.option("--quiz-dir", type=click.Path(file_okay=False, path_type=Path), default=QUIZZES, hidden=True)
def check(paths: tuple[Path, ...], docs_dir: Path, quiz_dir: Path) -> None:
    """Validate pages, question banks and the shortfall registry; print every problem as
    path:line:col: message; exit 1 on any."""
    ok = kb_check.run(list(paths) or None, out=click.echo, docs_dir=docs_dir.resolve(), quiz_dir=quiz_dir.resolve())
    sys.exit(0 if ok else 1)


@cli.command()
def build() -> None:
    """Check, then build site/ and the deploy package dist/ atomically (a failure changes neither)."""
    site = load_site()
    if not kb_check.run(None, out=click.echo, site=site):
        click.echo("检查未通过，未构建。原有的 site/ 和 dist/ 保持不变。")
        sys.exit(1)
    sys.exit(kb_build.build_site(dist_dir=DIST, site=site))


@cli.command()
@click.option("--dev-addr", default="127.0.0.1:8000", show_default=True)
def serve(dev_addr: str) -> None:
    """Live preview on http://127.0.0.1:8000: rebuilds when pages, banks, overrides or sources
    change; problems are shown at the top of every page until they are fixed."""
    problem = kb_preview.address_problem(dev_addr)
    if problem:
        click.echo(problem, err=True)
        sys.exit(1)
    kb_check.run(None, out=click.echo)
    sys.exit(kb_preview.serve(dev_addr))


@cli.command()
@click.option("--check-only", is_flag=True, help="Fail if the committed cleaned text is stale.")
def clean(check_only: bool) -> None:
    """Rebuild sources/cleaned/ from the verbatim sources and their errata files."""
    status = 0
    for source in registry.load_sources():
        cleaned = registry.clean_source(source)
        for path, text in registry.outputs(source, cleaned).items():
            if check_only:
                current = path.read_text(encoding="utf-8") if path.exists() else ""
                if current != text:
                    click.echo(f"{show(path)}: 清洗结果与仓库中的文件不一致，请运行 python scripts/build.py clean")
                    status = 1
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            click.echo(f"wrote {show(path)}")
        if not check_only:
            for later, earlier, ratio in cleaned.duplicates:
                click.echo(f"{source.file.name}: {later} 与 {earlier} 重复（相似度 {ratio:.0%}），只发布一次")
    sys.exit(status)


@cli.command()
@click.argument("target", type=click.Path(exists=True, path_type=Path))
def verify(target: Path) -> None:
    """Check a package (dist/ or one archive in it) against SHA256SUMS, or a deployed site
    folder against its build-info.json; exit 1 on any difference."""
    problems = kb_package.verify(target)
    for p in problems:
        click.echo(p)
    click.echo("校验通过：与构建记录一致。" if not problems else f"校验未通过：{len(problems)} 处不一致。")
    if kb_package.is_site_folder(target):
        click.echo(kb_package.SITE_CHECK_SCOPE)
    sys.exit(1 if problems else 0)


@cli.command()
@click.argument("target", type=click.Path(file_okay=False, path_type=Path), default=Path("wheelhouse"))
@click.option("--platform", help="Target platform for binary wheels, e.g. win_amd64 or manylinux2014_x86_64.")
@click.option("--python-version", "python", help="Target Python version, e.g. 3.11 (with --platform).")
def wheelhouse(target: Path, platform: str | None, python: str | None) -> None:
    """Download every pinned dependency into TARGET (default wheelhouse/) to carry onto the
    intranet; install there with: pip install --no-index --find-links TARGET -r requirements.txt"""
    status = kb_wheelhouse.wheelhouse(target, platform=platform, python=python)
    if status == 0:
        click.echo(
            f"已下载到 {target}/：在内网机器上运行 pip install --no-index --find-links {target} -r requirements.txt"
        )
    sys.exit(status)


@cli.command("new-quiz")
@click.argument("bank_id")
def new_quiz(bank_id: str) -> None:
    """Write a valid template quizzes/BANK_ID.yml with one example of each question type."""
    from kb.content.pages import load_pages
    from kb.output import OutputError, write_new
    from kb.quiz import rules
    from kb.quiz.model import reserved_bank_ids

    if not re.fullmatch(schema.ID_PATTERN, bank_id):
        click.echo(f"题库 id“{bank_id}”只能用小写英文字母、数字和连字符，例如 township-officer-duties")
        sys.exit(2)
    if len(bank_id) > rules.MAX_BANK_ID:
        click.echo(rules.too_long_id_message(bank_id))
        sys.exit(2)
    if bank_id in reserved_bank_ids(load_pages(DOCS)):
        click.echo(f"{rules.reserved_id_message(bank_id)}：请换一个 id，例如 {bank_id}-quiz")
        sys.exit(2)
    path = QUIZZES / f"{bank_id}.yml"
    try:
        write_new(path, authoring.new_bank(bank_id), "请换一个 id")  # never replaces a file, never follows a link
    except OutputError as e:
        click.echo(str(e))
        sys.exit(1)
    click.echo(f"已生成 {show(path)}：请修改标题和题目，然后运行 python scripts/build.py check {show(path)}")


@cli.command("schemas")
def schemas() -> None:
    """Regenerate schemas/*.json (editor completion for banks) from scripts/kb/content/schema.py."""
    for rel, text in authoring.json_schemas().items():
        target = ROOT / rel
        target.parent.mkdir(exist_ok=True)
        target.write_text(text, encoding="utf-8")
        click.echo(f"wrote {rel}")


# --- Adding a source document (issue 25, kb.sources.add) --------------------------------------


def _iso_date(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is not None and (not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) or schema._real_date(value)):
        raise click.BadParameter(f"“{value}”不是有效的日期，请写成 2024-03-01 这样的年-月-日")
    return value


@cli.command("add-source")
@click.argument("file", type=click.Path(path_type=Path))  # missing, wrong format …: the reader's own message
@click.option(
    "--id", "doc_id", required=True, help="资料 id：小写英文字母、数字和连字符，例如 county-service-regulation"
)
@click.option("--title", help="资料标题，不写则从原文识别")
@click.option("--kind", "category", required=True, type=click.Choice(["policy", "duties", "analysis"]), help="资料类别")
@click.option("--issuer", help="发文机关，不写则从原文识别")
@click.option("--number", help="文号，例如 某发〔2024〕3号")
@click.option("--date", callback=_iso_date, help="成文日期 YYYY-MM-DD，不写则从原文识别")
@click.option("--status", type=click.Choice(["现行", "已修订", "已废止"]), help="效力状态，默认 现行")
@click.option("--revision", is_flag=True, help="这是已登记资料（同一 --id）的修订版：给出修订对照，提醒受影响的题目")
def add_source(
    file: Path,
    doc_id: str,
    title: str | None,
    category: str,
    issuer: str | None,
    number: str | None,
    date: str | None,
    status: str | None,
    revision: bool,
) -> None:
    """Add a document (.docx, .pdf, .txt, .html) as a source: the original kept verbatim in
    sources/, its cleaned text, draft pages under docs/sources/ and an entry in sources.yml;
    with --revision, a new version of a registered source, compared article by article."""
    from kb.sources import add

    try:
        lines = add.add_source(file, doc_id, title, category, issuer, number, date, status, revision=revision)
    except add.AddError as e:
        click.echo(str(e))
        sys.exit(1)
    for line in lines:
        click.echo(line)


# --- Trainers' spreadsheets, exchange formats and paper tests (kb.sheets, kb.paper) ----------


@cli.command("import")
@click.argument("file", type=click.Path(path_type=Path))  # missing, a FIFO …: the importer's own message
@click.option("--id", "bank_id", help="题库 id（文件名），默认取自表格文件名")
@click.option("--title", help="题库标题，默认取自表格文件名")
@click.option("--sheet", help="要导入的工作表名称（默认“题库”，没有时取第一个可见的工作表；隐藏的工作表须写明）")
@click.option("--force", is_flag=True, help="quizzes/BANK_ID.yml 已存在时替换它（符号链接仍不会写入）")
def import_sheet(file: Path, bank_id: str | None, title: str | None, sheet: str | None, force: bool) -> None:
    """Import a question bank from a spreadsheet (.xlsx or .csv) into quizzes/BANK_ID.yml; every
    mistake is reported as FILE:ROW:COL and nothing is written."""
    from kb.sheets import importer

    sys.exit(importer.run(file, bank_id=bank_id, title=title, out=click.echo, sheet=sheet, force=force))


@cli.command("template")
@click.argument("target", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="输出文件已存在时覆盖它（符号链接仍不会写入）")
def template(target: Path, force: bool) -> None:
    """Write the spreadsheet template for trainers (题库 and 说明 sheets) to TARGET.xlsx."""
    from kb.sheets import template as sheet_template

    sys.exit(sheet_template.run(target, out=click.echo, force=force))


@cli.command("export")
@click.argument("bank_id")
@click.option("--format", "fmt", type=click.Choice(["xlsx", "moodle-xml", "gift"]), default="xlsx", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="output file")
@click.option("--force", is_flag=True, help="输出文件已存在时覆盖它（符号链接仍不会写入）")
def export(bank_id: str, fmt: str, output: Path | None, force: bool) -> None:
    """Export quizzes/BANK_ID.yml as a spreadsheet (re-importable), Moodle XML or GIFT."""
    from kb.sheets import export as sheet_export

    sys.exit(sheet_export.run(bank_id, fmt, output, out=click.echo, force=force))


@cli.command("paper")
@click.option("--banks", required=True, help="题库 id，多个用逗号分隔")
@click.option("--count", type=int, help="题目总数（不写 --types 时）")
@click.option("--types", "type_counts", help="各题型题数，例如 单选:10,多选:5,判断:5")
@click.option("--seed", type=int, default=1, show_default=True, help="同一种子得到同一份试卷（选项顺序也相同）")
@click.option("--role", help="只抽适用于这个岗位的题（题目的 audience，未写则看题库的），例如 乡镇统战干事")
@click.option("--forms", type=int, default=1, show_default=True, help="几份互不重题的试卷：2 即 A、B 卷（前测、后测）")
@click.option(
    "--allow-same-passage", is_flag=True, help="允许一份试卷中出多道引用同一段原文的题（默认每段原文只出一道）"
)
@click.option("-o", "--output", type=click.Path(file_okay=False, path_type=Path), default=Path("paper"))
@click.option("--pdf", is_flag=True, help="同时用 Chromium 生成 试卷.pdf 和 答案与解析.pdf（需要 chromium）")
@click.option("--force", is_flag=True, help="输出文件已存在时覆盖它（符号链接仍不会写入）")
def paper(
    banks: str,
    count: int | None,
    type_counts: str | None,
    seed: int,
    role: str | None,
    forms: int,
    allow_same_passage: bool,
    output: Path,
    pdf: bool,
    force: bool,
) -> None:
    """Write a print-ready paper test (试卷) and its answer sheet (答案与解析) into OUTPUT/.

    Options are shuffled with the seed and the keys spread over the letters; at most one
    question per same-passage group; --forms 2 writes 试卷-A/-B with no shared question or
    passage, each with its 答案与解析."""
    from kb import paper as kb_paper

    options = {"pdf": pdf, "role": role, "forms": forms, "allow_same_passage": allow_same_passage, "force": force}
    sys.exit(kb_paper.run(banks, count, type_counts, seed, output, out=click.echo, **options))


@cli.command("results")
@click.argument("files", nargs=-1)
@click.option("-o", "--output", type=click.Path(path_type=Path), help="输出的表格，默认当前文件夹中的 班级成绩.xlsx")
@click.option("--force", is_flag=True, help="输出文件已存在时覆盖它（符号链接仍不会写入）")
def results(files: tuple[str, ...], output: Path | None, force: bool) -> None:
    """Sum up the 成绩文件 cadres saved after 模拟考试 (files, folders or patterns) into one
    workbook: a row per cadre, the class's weakest shortfalls and questions first, and the
    题目分析 (facility, discrimination, options chosen). Every file is regraded from its answers
    against the banks today, never by its own marks. Files from another paper, duplicates and
    changed files are reported by name, never counted."""
    from kb import results as kb_results

    sys.exit(kb_results.run(list(files), output, out=click.echo, force=force))


if __name__ == "__main__":
    cli()
