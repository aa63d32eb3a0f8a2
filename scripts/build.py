#!/usr/bin/env python3
"""基层统战工作培训知识库 — the one command that checks, cleans, builds and serves the site.

Run without a subcommand to check everything and build ``site/`` (strict).
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

sys.path.insert(0, str(Path(__file__).resolve().parent))

from kb import build as kb_build
from kb import check as kb_check
from kb import package as kb_package
from kb import sources as kb_sources
from kb import templates as kb_templates


@click.group(invoke_without_command=True)
@click.pass_context
def cli(ctx: click.Context) -> None:
    """Check the content, then build site/ with MkDocs (strict)."""
    if ctx.invoked_subcommand is None:
        ctx.invoke(build)


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--docs-dir", type=click.Path(file_okay=False, path_type=Path), default=kb_check.DOCS, hidden=True)
@click.option("--quiz-dir", type=click.Path(file_okay=False, path_type=Path), default=kb_check.QUIZZES, hidden=True)
def check(paths: tuple[Path, ...], docs_dir: Path, quiz_dir: Path) -> None:
    """Validate pages, question banks and the shortfall registry; print every problem as
    path:line:col: message; exit 1 on any."""
    ok = kb_check.run(list(paths) or None, out=click.echo, docs_dir=docs_dir.resolve(), quiz_dir=quiz_dir.resolve())
    sys.exit(0 if ok else 1)


@cli.command()
def build() -> None:
    """Check, then build site/ and the deploy package dist/ atomically (a failure changes neither)."""
    if not kb_check.run(None, out=click.echo):
        click.echo("检查未通过，未构建。原有的 site/ 和 dist/ 保持不变。")
        sys.exit(1)
    sys.exit(kb_build.build_site(dist_dir=kb_build.DIST))


@cli.command()
@click.option("--dev-addr", default="127.0.0.1:8000", show_default=True)
def serve(dev_addr: str) -> None:
    """Check, then serve a live preview on http://127.0.0.1:8000."""
    if not kb_check.run(None, out=click.echo):
        sys.exit(1)
    sys.exit(kb_build.serve(dev_addr))


@cli.command()
@click.option("--check-only", is_flag=True, help="Fail if the committed cleaned text is stale.")
def clean(check_only: bool) -> None:
    """Rebuild sources/cleaned/ from the verbatim sources and their errata files."""
    status = 0
    for source in kb_sources.load_sources():
        cleaned = kb_sources.clean_source(source)
        rel = source.cleaned_path.relative_to(kb_sources.ROOT)
        if check_only:
            current = source.cleaned_path.read_text(encoding="utf-8") if source.cleaned_path.exists() else ""
            if current != cleaned.text:
                click.echo(f"{rel}: 清洗结果与仓库中的文件不一致，请运行 python scripts/build.py clean")
                status = 1
            continue
        source.cleaned_path.parent.mkdir(parents=True, exist_ok=True)
        source.cleaned_path.write_text(cleaned.text, encoding="utf-8")
        for later, earlier, ratio in cleaned.duplicates:
            click.echo(f"{source.file.name}: {later} 与 {earlier} 重复（相似度 {ratio:.0%}），只发布一次")
        click.echo(f"wrote {rel}")
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
    sys.exit(1 if problems else 0)


@cli.command()
@click.argument("target", type=click.Path(file_okay=False, path_type=Path), default=Path("wheelhouse"))
@click.option("--platform", help="Target platform for binary wheels, e.g. win_amd64 or manylinux2014_x86_64.")
@click.option("--python-version", "python", help="Target Python version, e.g. 3.11 (with --platform).")
def wheelhouse(target: Path, platform: str | None, python: str | None) -> None:
    """Download every pinned dependency into TARGET (default wheelhouse/) to carry onto the
    intranet; install there with: pip install --no-index --find-links TARGET -r requirements.txt"""
    status = kb_build.wheelhouse(target, platform=platform, python=python)
    if status == 0:
        click.echo(
            f"已下载到 {target}/：在内网机器上运行 pip install --no-index --find-links {target} -r requirements.txt"
        )
    sys.exit(status)


@cli.command("new-quiz")
@click.argument("bank_id")
def new_quiz(bank_id: str) -> None:
    """Write a valid template quizzes/BANK_ID.yml with one example of each question type."""
    import re

    if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", bank_id):
        click.echo(f"题库 id“{bank_id}”只能用小写英文字母、数字和连字符，例如 township-officer-duties")
        sys.exit(2)
    path = kb_check.QUIZZES / f"{bank_id}.yml"
    if path.exists():
        click.echo(f"{path.relative_to(kb_sources.ROOT)} 已存在，未改动。请换一个 id。")
        sys.exit(1)
    path.write_text(kb_templates.new_bank(bank_id), encoding="utf-8")
    click.echo(
        f"已生成 {path.relative_to(kb_sources.ROOT)}：请修改标题和题目，然后运行 python scripts/build.py check {path.relative_to(kb_sources.ROOT)}"
    )


@cli.command("schemas")
def schemas() -> None:
    """Regenerate schemas/*.json (editor completion for banks) from scripts/kb/schema.py."""
    for rel, text in kb_templates.json_schemas().items():
        target = kb_sources.ROOT / rel
        target.parent.mkdir(exist_ok=True)
        target.write_text(text, encoding="utf-8")
        click.echo(f"wrote {rel}")


if __name__ == "__main__":
    cli()
