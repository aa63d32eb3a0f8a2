"""The live preview's caches (kb.ship.preview_cache, the parsed banks, the stem comparisons):
a rebuild after edits gives the same site, byte for byte, as a clean build of the same tree,
and each edit reaches every page that depends on it."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
from pathlib import Path

import pytest

from helpers.project import project_copy
from kb import session
from kb.paths import ROOT
from kb.ship import stamp

# The footer stamp is read from the checkout (git, content checksum), which other work may
# change between two builds: both builds get this one.
STAMP = {"name": "kb", "version": "0", "date": "2026-01-01", "commit": "test", "content_sha256": "0" * 64}
SERVE_URL = "http://127.0.0.1:8000/"

# A clean build: a new process, no cache, built the way the preview builds (previewing, serve_url).
CLEAN = """
import json, logging, os, sys
sys.path.insert(0, {scripts!r})
os.environ["NO_MKDOCS_2_WARNING"] = "1"
logging.getLogger("mkdocs").setLevel(logging.ERROR)
from kb import session
from kb.ship import stamp
session.current().previewing = True
stamp.build_stamp = lambda: json.loads({stamp!r})
from mkdocs.commands.build import build
from mkdocs.config import load_config
cfg = load_config(config_file="mkdocs.yml", site_dir={site!r}, strict=False)
build(cfg, serve_url={serve_url!r}, dirty=False)
"""


def preview_build(site: Path) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    cfg = load_config(config_file="mkdocs.yml", site_dir=str(site), strict=False)
    build(cfg, serve_url=SERVE_URL, dirty=False)


def clean_build(project: Path, site: Path) -> None:
    script = CLEAN.format(scripts=str(ROOT / "scripts"), stamp=json.dumps(STAMP), site=str(site), serve_url=SERVE_URL)
    subprocess.run([sys.executable, "-c", script], cwd=project, check=True)


def files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def assert_same_site(preview: Path, clean: Path) -> None:
    ours, theirs = files(preview), files(clean)
    assert sorted(ours) == sorted(theirs)
    differing = [name for name in ours if ours[name] != theirs[name]]
    assert differing == [], f"preview rebuild differs from a clean build in {differing}"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def project(tmp_path, monkeypatch):
    project = project_copy(tmp_path / "project")
    monkeypatch.chdir(project)
    monkeypatch.setattr(session, "_current", session.BuildSession(previewing=True))  # what `build.py serve` starts
    monkeypatch.setattr(stamp, "build_stamp", lambda: dict(STAMP))
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    logger = logging.getLogger("mkdocs")
    level = logger.level
    logger.setLevel(logging.ERROR)
    yield project
    logger.setLevel(level)


def page(site: Path, name: str) -> str:
    return (site / name).read_text(encoding="utf-8")


@pytest.mark.slow
def test_rebuild_after_bank_page_registry_and_glossary_edits_equals_a_clean_build(project, tmp_path):
    site = tmp_path / "preview"
    preview_build(site)  # the server's first build
    before = {name: page(site, name) for name in ("quizzes/index.html", "quizzes/coverage.html", "index.html")}

    # A bank (its title is listed on the quiz index and the coverage page) and a page.
    edit(
        project / "quizzes/township-officer-duties.yml", "title: 乡镇统战干事工作职责", "title: 乡镇统战干事职责测试改"
    )
    edit(
        project / "quizzes/township-officer-duties.yml",
        "stem: 乡镇统战干事在谁的领导下，",
        "stem: （改）乡镇统战干事在谁的领导下，",
    )
    edit(project / "docs/duties/township-officer.md", "\n## ", "\n测试新增的一段。\n\n## ")
    stats = session.current().preview.stats
    stats.clear()
    preview_build(site)
    # The rebuild did reuse renders (else this test would prove nothing about the cache) …
    assert stats["hit"] > 10 and stats["miss"] >= 3
    # … and the edits reached the pages that show them.
    for name in ("quizzes/index.html", "quizzes/coverage.html"):
        assert "乡镇统战干事职责测试改" in page(site, name) and "乡镇统战干事职责测试改" not in before[name]
    assert "（改）乡镇统战干事在谁的领导下" in page(site, "quizzes/township-officer-duties.html")
    assert "测试新增的一段" in page(site, "duties/township-officer.html")
    clean_build(project, tmp_path / "clean1")
    assert_same_site(site, tmp_path / "clean1")

    # The shortfall registry (titles on the coverage page) and the glossary (tooltips on others).
    edit(project / "quizzes/shortfalls.yml", "title: 统战理论和方针政策掌握不足", "title: 统战理论掌握不足测试改")
    edit(project / "docs/glossary.md", "    full: 统一战线\n", "    full: 统一战线测试改\n")
    preview_build(site)
    assert "统战理论掌握不足测试改" in page(site, "quizzes/coverage.html")
    assert 'title="统一战线测试改（编者按）"' in page(site, "duties/township-officer.html")
    assert 'title="统一战线测试改（编者按）"' not in before["index.html"]
    clean_build(project, tmp_path / "clean2")
    assert_same_site(site, tmp_path / "clean2")


def test_a_render_that_logged_a_warning_is_rendered_again_and_warns_again(project, tmp_path, caplog):
    site = tmp_path / "preview"
    edit(project / "docs/duties/township-officer.md", "\n## ", "\n[坏链接](no-such-page.md)\n\n## ")
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    with caplog.at_level(logging.WARNING, logger="mkdocs"):
        preview_build(site)
        first = [r.getMessage() for r in caplog.records if "no-such-page.md" in r.getMessage()]
        caplog.clear()
        preview_build(site)
        second = [r.getMessage() for r in caplog.records if "no-such-page.md" in r.getMessage()]
    assert first and first == second


def test_the_theme_listing_sees_a_new_override(project, tmp_path):
    site = tmp_path / "preview"
    preview_build(site)
    (project / "overrides/assets/kb-test-new.txt").parent.mkdir(parents=True, exist_ok=True)
    (project / "overrides/assets/kb-test-new.txt").write_text("新文件\n", encoding="utf-8")
    preview_build(site)
    assert (site / "assets/kb-test-new.txt").read_text(encoding="utf-8") == "新文件\n"


def test_an_edited_stem_is_compared_afresh_for_near_duplicates(tmp_path, monkeypatch):
    from kb import disk_cache
    from kb.content.pages import load_pages
    from kb.quiz import rules
    from kb.quiz.load import load_bank

    fixtures = Path(__file__).parent / "fixtures" / "quiz"
    pages = load_pages(fixtures / "_docs")
    for name in ("first", "second"):
        (tmp_path / f"{name}.yml").write_bytes((fixtures / "_near-duplicate" / f"{name}.yml").read_bytes())
    monkeypatch.setattr(disk_cache, "CACHE", tmp_path / "cache")  # verdicts kept between runs, here
    monkeypatch.setattr(session, "_current", session.BuildSession(previewing=True))

    def warnings() -> list[str]:
        banks = [load_bank(tmp_path / f"{n}.yml", f"{n}.yml", pages, {"demo"})[0] for n in ("first", "second")]
        return [str(w) for w in sorted(rules.near_duplicates(banks, rel_of=lambda p: p.name))]

    before = warnings()
    assert any("familiar-again" in w for w in before)
    # The near-duplicate stem becomes another question; the same stem elsewhere is unchanged.
    edit(tmp_path / "second.yml", "stem: 干事要熟悉统战工作的理论、方针和政策。", "stem: 村级联络员每年向谁报告工作？")
    after = warnings()
    assert not any("familiar-again" in w for w in after)
    session.start()  # no verdict kept in memory …
    with_cache = warnings()
    monkeypatch.setenv("KB_CACHE", "off")  # … nor on disk: what a first check of the same files says
    session.start()
    assert warnings() == with_cache == after
    monkeypatch.delenv("KB_CACHE")
    # And back: the earlier verdict holds again.
    edit(tmp_path / "second.yml", "stem: 村级联络员每年向谁报告工作？", "stem: 干事要熟悉统战工作的理论、方针和政策。")
    assert warnings() == before
