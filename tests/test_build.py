"""The build: strict, atomic, equal to plain `mkdocs build`, nothing pointing outside."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import uuid
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


def test_strict_warning_fails_the_build_and_leaves_previous_site_untouched(tmp_path):
    """A nav entry to a missing page is only a warning in MkDocs; strict mode must stop on it."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("previous good build", encoding="utf-8")
    before = tree(site)
    config = ROOT / f".test-mkdocs-{uuid.uuid4().hex[:8]}.yml"
    config.write_text("INHERIT: mkdocs.yml\nnav:\n  - 首页: index.md\n  - 缺失: missing-page.md\n", encoding="utf-8")
    try:
        assert build.build_site(site_dir=site, config=config) != 0
    finally:
        config.unlink()
    assert tree(site) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"], "no temporary folder left behind"


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
