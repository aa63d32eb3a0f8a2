"""The build: strict, atomic, equal to plain `mkdocs build`, nothing pointing outside."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import pytest

from helpers.project import project_copy
from helpers.sitetext import tree
from kb.ship import build
from kb.ship import package as kb_package

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
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


# --- Issue 14: a complete site/ + dist/ pair at every instant, permission problems said ------

# Runs scripts/build.py build with switch.step replaced: SIGKILL at the step named in
# KB_KILL_AT (as `kill -9` would), and the no-link fallback when KB_NO_LINKS is set.
KILLABLE_BUILD = """
import os, runpy, signal, sys
sys.path.insert(0, os.path.abspath("scripts"))
from kb.ship import package as kb_package
from kb.ship import switch

def step(name):
    if name == os.environ.get("KB_KILL_AT"):
        os.kill(os.getpid(), signal.SIGKILL)

switch.step = step
if os.environ.get("KB_NO_LINKS"):
    switch.links_supported = lambda folder: False
sys.argv = ["scripts/build.py", "build"]
runpy.run_path("scripts/build.py", run_name="__main__")
"""


def run_build(project: Path, kill_at: str = "", links: bool = True, user: list[str] | None = None):
    env = {**os.environ, "KB_KILL_AT": kill_at, "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop("KB_NO_LINKS", None)
    if user:  # jieba's cache in the shared /tmp belongs to root: nobody gets a temporary folder of its own
        env["TMPDIR"] = str(project.parent / "tmp")
    if not links:
        env["KB_NO_LINKS"] = "1"
    return subprocess.run(
        [*(user or []), sys.executable, "-c", KILLABLE_BUILD],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def mark_build(project: Path, n: int) -> None:
    """Make the next build differ from the last one (builds are otherwise byte-identical)."""
    page = project / "docs" / "guide" / "deploy.md"
    text = re.sub(r"\n\n构建标记 \d+\n$", "\n", page.read_text(encoding="utf-8"))
    page.write_text(f"{text}\n\n构建标记 {n}\n", encoding="utf-8")


def pair_marker(project: Path) -> int:
    """The build marker shown by site/, after checking that site/ and dist/ are one build:
    `build.py verify` passes on both, and site/build-info.json is the one SHA256SUMS lists."""
    assert (project / "site" / "index.html").is_file(), "no site/index.html"
    for folder in ("site", "dist"):
        # In-process: the same function `build.py verify` calls (its CLI has tests of its own).
        assert kb_package.verify(project / folder) == [], folder
    sums = {
        name: digest
        for digest, name in (ln.split("  ", 1) for ln in (project / "dist/SHA256SUMS").read_text().splitlines())
    }
    info = project / "site" / "build-info.json"
    assert sums["build-info.json"] == hashlib.sha256(info.read_bytes()).hexdigest(), "site/ and dist/ differ"
    html = (project / "site" / "guide" / "deploy.html").read_text(encoding="utf-8")
    return int(re.search(r"构建标记 (\d+)", html).group(1))


@pytest.mark.slow
def test_a_kill_at_any_step_of_the_swap_leaves_a_complete_matching_pair(tmp_path):
    """Issue 14: `kill -9` at each step (the first build with links over real folders, the
    switch of a later build, the clean-up) leaves site/index.html and a dist/ whose SHA256SUMS
    matches site/, from the last build or the new one, never a mix."""
    project = project_copy(tmp_path / "project")
    mark_build(project, 0)
    # Real folders, as older versions of build.py and the no-link fallback make them.
    assert run_build(project, links=False).returncode == 0
    assert not (project / "site").is_symlink() and pair_marker(project) == 0
    shown = 0
    steps = [
        # (kill at, build marker site/ shows afterwards: the old build or the new one)
        ("adopted", "old"),  # the real folders copied into a build folder of their own
        ("adopted-site", "old"),  # site/ a link to that copy, dist/ still the real folder
        ("adopted-dist", "old"),
        ("dist-built", "old"),  # a complete new build, not switched to yet
        ("link-made", "old"),
        ("switched", "new"),  # the one rename
        ("linked", "new"),
        ("cleaned", "new"),
    ]
    for n, (step, expected) in enumerate(steps, 1):
        mark_build(project, n)
        result = run_build(project, kill_at=step)
        assert result.returncode == -9, (step, result.stderr[-2000:])
        assert pair_marker(project) == (shown if expected == "old" else n), step
        shown = pair_marker(project)
    mark_build(project, 99)
    result = run_build(project)
    assert result.returncode == 0, result.stderr[-2000:]
    assert pair_marker(project) == 99
    assert os.readlink(project / "site") == ".site-builds/current/site"
    assert os.readlink(project / "dist") == ".site-builds/current/dist"
    # What the killed builds left is gone: the current build and the one before it stay.
    builds = project / ".site-builds"
    assert len([p for p in builds.iterdir() if p.name != "current"]) == 2, sorted(builds.iterdir())
    assert not list(project.glob(".site-*-*")) and not list(project.glob(".dist-*")), sorted(project.iterdir())


@pytest.mark.slow
def test_without_links_a_kill_between_the_renames_is_repaired_by_the_next_build(tmp_path):
    """The fallback where links cannot be made (Windows without the privilege): a kill between
    the two renames leaves site/ aside as .site-old-*, and the next build puts it back first."""
    project = project_copy(tmp_path / "project")
    mark_build(project, 1)
    assert run_build(project, links=False).returncode == 0
    mark_build(project, 2)
    assert run_build(project, kill_at="aside-site", links=False).returncode == -9
    assert not (project / "site").exists() and list(project.glob(".site-old-*"))
    mark_build(project, 3)
    assert run_build(project, kill_at="site-built", links=False).returncode == -9
    assert pair_marker(project) == 1  # put back, before the build that was then killed
    assert run_build(project, links=False).returncode == 0
    assert pair_marker(project) == 3 and not (project / "site").is_symlink()
    assert not list(project.glob(".site-old-*")) and not list(project.glob(".dist-old-*"))


@pytest.fixture
def as_builder(tmp_path):
    """(command prefix, folder) to run builds as a user whom file modes bind.

    Root ignores file modes, and CI may run as root: then the build runs as `nobody` (through
    setpriv) in a folder nobody owns, so the permission problems below are real ones.
    """
    if os.geteuid() != 0:
        yield [], tmp_path
        return
    if not shutil.which("setpriv"):
        pytest.skip("running as root without setpriv: no user that file modes bind")
    nobody = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
    probe = subprocess.run(
        [*nobody, sys.executable, "-c", "import markdown, mkdocs, yaml"], capture_output=True, cwd="/"
    )
    if probe.returncode != 0:
        # A clone inside a folder others cannot enter (root's home is 0700 on Debian): the
        # project's Python and packages are out of nobody's reach, so no build can run as nobody.
        pytest.skip(
            f"nobody cannot run this checkout's Python ({sys.executable}): clone outside a 0700 folder to run it"
        )
    folder = Path(tempfile.mkdtemp(prefix="kb-perm-"))
    folder.chmod(0o755)  # tmp_path's parents are root's own (0700)
    yield nobody, folder
    subprocess.run(["chmod", "-R", "u+rwX", str(folder)], check=False)
    shutil.rmtree(folder, ignore_errors=True)


def builder_project(as_builder) -> tuple[list[str], Path]:
    user, folder = as_builder
    project = project_copy(folder / "project")
    if user:
        (folder / "tmp").mkdir()
        subprocess.run(["chown", "nobody:nogroup", str(folder), str(folder / "tmp")], check=True)
        subprocess.run(["chown", "-R", "nobody:nogroup", str(project)], check=True)
    return user, project


@pytest.mark.slow
def test_a_read_only_project_or_builds_folder_is_said_and_the_site_stays(as_builder):
    """Issue 14: a folder the build may not write: one Chinese line naming it and saying what to
    do, exit 1, no traceback, the previous site/ and dist/ unchanged."""
    user, project = builder_project(as_builder)
    mark_build(project, 1)
    assert run_build(project, links=False, user=user).returncode == 0  # real folders, as before links
    project.chmod(0o555)  # the first build with links must make .site-builds/ here
    try:
        result = run_build(project, user=user)
    finally:
        project.chmod(0o755)
    assert result.returncode == 1, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    message = result.stderr.strip().splitlines()[-1]
    assert message == (
        "构建失败：无法写入、改名或删除 .site-builds（权限不足）。请检查文件夹权限：运行构建的用户要能在 "
        f"{project} 中新建、改名和删除文件（或换一个有权限的用户运行）。原有的 site/ 保持不变。"
    )
    assert pair_marker(project) == 1 and not (project / "site").is_symlink()
    # With links: the build writes only in .site-builds/; make that read-only.
    mark_build(project, 2)
    assert run_build(project, user=user).returncode == 0
    mark_build(project, 3)
    (project / ".site-builds").chmod(0o555)
    try:
        result = run_build(project, user=user)
    finally:
        (project / ".site-builds").chmod(0o755)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr[-2000:]
    assert re.search(
        r"构建失败：无法写入、改名或删除 \.site-builds/b-\w+（权限不足）。请检查文件夹权限：运行构建的用户要能在 "
        r"\.site-builds 中新建、改名和删除文件（或换一个有权限的用户运行）。原有的 site/ 保持不变。",
        result.stderr,
    ), result.stderr[-2000:]
    assert pair_marker(project) == 2


@pytest.mark.slow
def test_an_undeletable_old_site_is_said_and_later_builds_still_work(as_builder):
    """Issue 14: a read-only site/ with a read-only subfolder (its file cannot be deleted) made
    every later build fail with `OSError: Directory not empty`.  Now the new site goes in,
    what could not be deleted is named with what to do, and the next build works too."""
    user, project = builder_project(as_builder)
    site = project / "site"
    (site / "locked").mkdir(parents=True)
    (site / "index.html").write_text("previous build", encoding="utf-8")
    (site / "locked" / "page.html").write_text("cannot be deleted", encoding="utf-8")
    if user:
        subprocess.run(["chown", "-R", "nobody:nogroup", str(site)], check=True)
    (site / "locked").chmod(0o555)
    site.chmod(0o555)
    for n in (1, 2):
        mark_build(project, n)
        result = run_build(project, user=user)
        assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr[-2000:]
        assert pair_marker(project) == n
        assert "无法删除（权限不足）" in result.stderr and "请检查文件夹权限" in result.stderr, result.stderr[-2000:]
        assert "旧的构建文件夹" in result.stderr and "下次构建会再删一次" in result.stderr
