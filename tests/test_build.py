"""The build: strict, atomic, equal to plain `mkdocs build`, nothing pointing outside."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

from helpers.project import project_copy
from helpers.sitetext import tree
from kb.ship import build

ROOT = Path(__file__).resolve().parents[1]


def test_plain_mkdocs_build_gives_the_same_site_byte_for_byte(tmp_path):
    """Plain `mkdocs build` and build.py agree on every byte, sitemap.xml.gz and build-info.json
    included, with SOURCE_DATE_EPOCH unset, a commit dated long before today and the two builds
    more than a second apart: nothing may depend on the clock."""
    project = project_copy(tmp_path / "project", "2001-02-03T04:05:06+00:00")
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"} | {"NO_MKDOCS_2_WARNING": "1"}
    subprocess.run([sys.executable, "scripts/build.py"], cwd=project, env=env, check=True, capture_output=True)
    time.sleep(1.1)
    out = tmp_path / "plain"
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-d", str(out)], cwd=project, env=env, check=True)
    ours, plain = tree(project / "site"), tree(out)
    assert ours == plain
    info = json.loads((out / "build-info.json").read_text(encoding="utf-8"))
    assert info["date"] == "2001-02-03", info


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
    # Only the build lock (an empty file, reused by the next build) stays beside site/.
    assert sorted(p.name for p in tmp_path.iterdir()) == [build.LOCK_NAME, "site"], "no temporary folder left behind"


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


def test_preview_on_a_busy_port_says_so_in_one_line():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "scripts/build.py", "serve", "--dev-addr", f"127.0.0.1:{port}"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"端口 {port} 已被占用（可能已有一个预览在运行）：请换一个端口，"
        f"例如 python scripts/build.py serve --dev-addr 127.0.0.1:{port + 1}"
    ]


def test_a_second_build_waits_its_turn_and_stale_folders_go(tmp_path):
    """Issue 14: one build at a time (a clear message for the second), and the temporary
    folders a killed build leaves behind are cleaned by the next one."""
    import fcntl

    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("previous good build", encoding="utf-8")
    with (tmp_path / build.LOCK_NAME).open("a") as held:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)  # another build is running
        assert build.build_site(site_dir=site) == 1
        assert (site / "index.html").read_text(encoding="utf-8") == "previous good build"
        fcntl.flock(held, fcntl.LOCK_UN)
    stale = tmp_path / ".site-new-killed"
    stale.mkdir()
    (stale / "half.html").write_text("half", encoding="utf-8")
    assert build.build_site(site_dir=site) == 0
    assert not stale.exists()
    assert (site / "duties" / "township-officer.html").exists()
