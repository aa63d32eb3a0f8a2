"""The deploy package: contents, checksums, verify, atomic and reproducible builds, stamp."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tarfile
import uuid
import zipfile
from pathlib import Path

import pytest

from helpers.sitetext import tree
from kb.ship import build, package

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("pkg")
    assert build.build_site(site_dir=out / "site", dist_dir=out / "dist") == 0
    return out


def test_package_contents_and_names(built):
    dist, site = built / "dist", built / "site"
    info = json.loads((site / "build-info.json").read_text(encoding="utf-8"))
    base = f"jiceng-tongzhan-kb-{info['version']}-{info['date'].replace('-', '')}"
    assert sorted(p.name for p in dist.iterdir()) == sorted(
        [f"{base}.zip", f"{base}.tar.gz", "SHA256SUMS", "build-info.json"]
    )
    site_names = {f"{base}/{rel}" for rel in tree(site)}
    with zipfile.ZipFile(dist / f"{base}.zip") as z:
        assert set(z.namelist()) == site_names
        assert z.read(f"{base}/index.html") == (site / "index.html").read_bytes()
    with tarfile.open(dist / f"{base}.tar.gz") as t:
        assert {m.name for m in t.getmembers()} == site_names
    # The manifest covers every file of the site but itself.
    assert set(info["files"]) == set(tree(site)) - {"build-info.json"}
    assert re.fullmatch(r"[0-9a-f]{64}", info["content_sha256"])


def test_stamp_in_every_page_footer(built):
    info = json.loads((built / "site/build-info.json").read_text(encoding="utf-8"))
    for page in (built / "site").rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert f"版本 {info['version']} · 构建日期 {info['date']} · 源版本 {info['commit']}" in html, page.name
        assert info["content_sha256"][:12] in html


def test_verify_accepts_fresh_package_and_rejects_one_changed_byte(built, tmp_path):
    dist = tmp_path / "dist"
    shutil.copytree(built / "dist", dist)
    assert package.verify(dist) == []
    archive = next(dist.glob("*.zip"))
    assert package.verify(archive) == []
    data = bytearray(archive.read_bytes())
    data[len(data) // 2] ^= 0x01
    archive.write_bytes(bytes(data))
    problems = package.verify(dist)
    assert len(problems) == 1 and archive.name in problems[0] and "SHA-256 不符" in problems[0]


def test_verify_a_deployed_folder(built, tmp_path):
    site = tmp_path / "www"
    shutil.copytree(built / "site", site)
    assert package.verify(site) == []
    page = site / "duties" / "township-officer.html"
    page.write_bytes(page.read_bytes().replace("统战委员".encode(), "统战部长".encode(), 1))
    (site / "extra.html").write_text("not built", encoding="utf-8")
    (site / "glossary.html").unlink()
    problems = package.verify(site)
    assert any("township-officer.html" in p and "SHA-256 不符" in p for p in problems)
    assert any("extra.html" in p and "多出的文件" in p for p in problems)
    assert any("glossary.html" in p and "文件缺失" in p for p in problems)


def test_two_builds_are_byte_identical(built, tmp_path):
    assert build.build_site(site_dir=tmp_path / "site", dist_dir=tmp_path / "dist") == 0
    assert tree(tmp_path / "site") == tree(built / "site")
    assert tree(tmp_path / "dist") == tree(built / "dist")


def test_failed_build_leaves_site_and_dist_byte_identical(built, tmp_path):
    site, dist = tmp_path / "site", tmp_path / "dist"
    shutil.copytree(built / "site", site)
    shutil.copytree(built / "dist", dist)
    before = (tree(site), tree(dist))
    # A trainer's broken bank: the build must stop before touching anything.
    quizzes = tmp_path / "quizzes"
    shutil.copytree(ROOT / "quizzes", quizzes)
    (quizzes / "broken.yml").write_text(
        "title: 坏题库\ncovers: [duties]\nquestions:\n  - id: a\n    type: judge\n    stem: 题\n    answer: no\n    explanation: 解析\n    source: duties/township-officer.md#duty-1\n",
        encoding="utf-8",
    )
    config = ROOT / f".test-mkdocs-{uuid.uuid4().hex[:8]}.yml"
    config.write_text(f"INHERIT: mkdocs.yml\nextra:\n  quiz_dir: {quizzes}\n", encoding="utf-8")
    try:
        assert build.build_site(site_dir=site, config=config, dist_dir=dist) != 0
    finally:
        config.unlink()
    assert (tree(site), tree(dist)) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [build.LOCK_NAME, "dist", "quizzes", "site"], (
        "temporary folders left behind"
    )


# --- verify against packages and folders that lie (hardening) ------------------------------


@pytest.fixture
def dist_copy(built, tmp_path):
    dist = tmp_path / "dist"
    shutil.copytree(built / "dist", dist)
    return dist


def flip_one_byte(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))


@pytest.mark.parametrize(
    ("sums", "message"),
    [
        ("", "是空的，没有可核对的文件"),
        ("only-build-info", "没有列出 .zip 压缩包、.tar.gz 压缩包"),
        ("not-utf8", "不是 UTF-8 文本"),
        ("absolute-path", "不是发布包中的文件：只能写同一文件夹中的文件名"),
    ],
)
def test_verify_refuses_sums_that_prove_nothing(dist_copy, sums, message):
    archive = next(dist_copy.glob("*.zip"))
    flip_one_byte(archive)
    lines = (dist_copy / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    text = {
        "": "",
        "only-build-info": "\n".join(ln for ln in lines if ln.endswith("build-info.json")) + "\n",
        "not-utf8": None,
        "absolute-path": "0" * 64 + "  /etc/hostname\n",
    }[sums]
    if text is None:
        (dist_copy / "SHA256SUMS").write_bytes(b"\xff\xfe" + "校验".encode("gbk"))
    else:
        (dist_copy / "SHA256SUMS").write_text(text, encoding="utf-8")
    problems = package.verify(dist_copy)
    assert problems and any(message in p for p in problems), problems


def test_verify_accepts_windows_style_sums_and_reports_extra_files(dist_copy):
    sums = dist_copy / "SHA256SUMS"
    # Binary-mode marker and upper-case digests, as Windows tools write them.
    sums.write_text(
        "".join(f"{ln[:64].upper()} *{ln[66:]}\n" for ln in sums.read_text(encoding="utf-8").splitlines()),
        encoding="utf-8",
    )
    assert package.verify(dist_copy) == []
    (dist_copy / "notes.txt").write_text("extra", encoding="utf-8")
    problems = package.verify(dist_copy)
    assert len(problems) == 1 and "notes.txt" in problems[0] and "不在 SHA256SUMS 中" in problems[0]


def test_verify_never_reads_a_fifo_or_a_symlink(dist_copy):
    import os

    archive = next(dist_copy.glob("*.zip"))
    archive.unlink()
    os.symlink("/dev/zero", archive)
    problems = package.verify(dist_copy)  # must return, not hang reading /dev/zero
    assert any(archive.name in p and "符号链接" in p for p in problems), problems
    archive.unlink()
    os.mkfifo(archive)
    problems = package.verify(dist_copy)
    assert any(archive.name in p and "不是普通文件" in p for p in problems), problems


@pytest.mark.parametrize("content", ["{", "[]", '{"files": []}', '{"files": {}}', '{"files": {"/etc/hostname": "x"}}'])
def test_verify_a_folder_with_a_broken_manifest_says_so(built, tmp_path, content):
    site = tmp_path / "www"
    shutil.copytree(built / "site", site)
    (site / "build-info.json").write_text(content, encoding="utf-8")
    problems = package.verify(site)
    assert len(problems) == 1 and "build-info.json" in problems[0], problems


def test_verify_of_a_folder_says_what_it_proves(built, tmp_path):
    site = tmp_path / "www"
    shutil.copytree(built / "site", site)
    result = subprocess.run(
        [sys.executable, "scripts/build.py", "verify", str(site)], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0
    assert result.stdout.splitlines()[-1] == package.SITE_CHECK_SCOPE
