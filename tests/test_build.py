"""The build: strict, atomic, equal to plain `mkdocs build`, nothing pointing outside."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from kb import build
from sitetext import tree

ROOT = Path(__file__).resolve().parents[1]


def test_plain_mkdocs_build_gives_the_same_site(built_site, tmp_path):
    out = tmp_path / "plain"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--quiet", "-d", str(out)], cwd=ROOT, env=env, check=True)
    ours, plain = tree(built_site), tree(out)
    # The gzip'd sitemap embeds its own timestamp; everything else must match byte for byte.
    ours.pop("sitemap.xml.gz"), plain.pop("sitemap.xml.gz")
    assert ours == plain


def test_failed_build_leaves_previous_site_untouched(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("previous good build", encoding="utf-8")
    before = tree(site)
    bad = tmp_path / "mkdocs.yml"
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    bad.write_text(
        text.replace("docs_dir: docs", f"docs_dir: {ROOT / 'docs'}")
        + "\nnot_in_nav: |\n  x\n".replace("not_in_nav", "nav_broken")
        + "\n",
        encoding="utf-8",
    )
    bad.write_text(
        bad.read_text(encoding="utf-8")
        .replace("- principles.md", "- missing-page.md")
        .replace("工作原则与方针: principles.md", "工作原则与方针: missing-page.md"),
        encoding="utf-8",
    )
    assert build.build_site(site_dir=site, config=bad) != 0
    assert tree(site) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mkdocs.yml", "site"], "no temporary folder left behind"


def test_successful_build_replaces_site(tmp_path, built_site):
    site = tmp_path / "site"
    site.mkdir()
    (site / "stale.html").write_text("old", encoding="utf-8")
    assert build.build_site(site_dir=site) == 0
    assert not (site / "stale.html").exists()
    assert (site / "duties" / "township-officer.html").exists()


def test_no_reference_outside_the_site(built_site):
    # Static check of every src/href in HTML, CSS and JS-loaded assets; the browser tests
    # record real requests.  Links to outside are not allowed in content either (check).
    attr = re.compile(r'(?:src|href)="(https?:)?//([^"]+)"')
    for path in built_site.rglob("*.html"):
        found = attr.findall(path.read_text(encoding="utf-8"))
        assert found == [], (path.name, found[:3])


def test_links_work_from_file_urls(built_site):
    # use_directory_urls is off so a USB copy opened from file:// navigates: links end in .html.
    html = (built_site / "index.html").read_text(encoding="utf-8")
    assert 'href="roles/township-officer.html"' in html
