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
from kb import sources as kb_sources


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
    """Check, then build site/ atomically: a failed build leaves the previous site/ untouched."""
    if not kb_check.run(None, out=click.echo):
        sys.exit(1)
    sys.exit(kb_build.build_site())


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


if __name__ == "__main__":
    cli()
