#!/usr/bin/env python3
"""Run the search query set (search/queries.yml) in headless Chromium against the built site.

Builds the site into a temporary folder (or uses --site), then, over HTTP and from file://,
types every query into the header search box and prints recall@1, recall@3, the number of
results per query and the latency.  Exit status 1 if a quality bar is missed: recall@3 below
0.95, a nonsense query with results, or a multi-character query whose results cover every page.
"""

from __future__ import annotations

import functools
import sys
import tempfile
from pathlib import Path

import click

sys.path.insert(0, str(Path(__file__).resolve().parent))

from kb import build as kb_build
from kb import search_eval as ev

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def record_outside(outside: list[str], base: str, request) -> None:
    if not request.url.startswith((base, "data:", "blob:")):
        outside.append(request.url)


def run(site: Path, show_details: bool, phone: bool) -> bool:
    queries, nonsense = ev.load_queries()
    total = ev.site_pages(site)
    ok = True
    with ev.chromium() as browser, ev.serve(site) as http_url:
        for label, base in (("HTTP", http_url), ("file://", site.resolve().as_uri() + "/")):
            context = browser.new_context(viewport=PHONE if phone else DESKTOP, locale="zh-CN")
            page = context.new_page()
            outside: list[str] = []
            page.on("request", functools.partial(record_outside, outside, base))
            ev.open_search(page, base + "index.html")
            report = ev.evaluate(page, base, queries, nonsense, label, total)
            context.close()
            if show_details:
                click.echo(ev.details(report))
            click.echo(report.summary())
            for o in report.outcomes:
                if not o.rank or o.rank > 3:
                    click.echo(
                        f"  not in top 3: {o.q} (rank {o.rank}); expected {', '.join(o.expect)}; got {o.keys[:3]}"
                    )
            for o in report.nonsense_found + report.every_page:
                click.echo(f"  FAIL: {o.q} has {o.count} results")
            if outside:
                click.echo(f"  FAIL: requests outside the site: {sorted(set(outside))[:5]}")
            ok = ok and report.recall(3) >= 0.95 and not report.nonsense_found and not report.every_page and not outside
    return ok


@click.command()
@click.option(
    "--site", type=click.Path(file_okay=False, exists=True, path_type=Path), help="A built site (default: build one)."
)
@click.option("--details", "show_details", is_flag=True, help="One line per query: rank, results, ms, first result.")
@click.option("--phone", is_flag=True, help="Use a phone-width viewport (390 px).")
def main(site: Path | None, show_details: bool, phone: bool) -> None:
    """Evaluate the site search on the query set, over HTTP and from file://."""
    if site is not None:
        sys.exit(0 if run(site, show_details, phone) else 1)
    with tempfile.TemporaryDirectory() as tmp:
        built = Path(tmp) / "site"
        if kb_build.build_site(site_dir=built) != 0:
            sys.exit(2)
        sys.exit(0 if run(built, show_details, phone) else 1)


if __name__ == "__main__":
    main()
