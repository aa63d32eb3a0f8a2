"""The trainer's live preview: `build.py serve` rebuilds on a bank edit, shows problems on the
page itself (path:line:col), and drops the banner once they are fixed.  Runs in a private
copy of the project, so the real banks are never touched."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import expect

from helpers.browser import DESKTOP, free_port
from helpers.project import project_copy

pytestmark = pytest.mark.browser
BANK = "quizzes/township-officer-duties.yml"


@pytest.fixture
def preview(tmp_path):
    project = project_copy(tmp_path / "project")
    port = free_port()
    log = (tmp_path / "serve.log").open("w")
    proc = subprocess.Popen(
        [sys.executable, "scripts/build.py", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 120
    while True:
        try:
            urllib.request.urlopen(url + "index.html", timeout=2).close()
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail("preview did not start:\n" + (tmp_path / "serve.log").read_text(encoding="utf-8"))
            time.sleep(0.3)
    yield project, url
    proc.terminate()
    proc.wait(timeout=30)
    log.close()
    assert processes_in(project) == [], "stopping the preview must stop everything it started"


def processes_in(folder) -> list[str]:
    """Command lines of running processes working in ``folder`` or naming it (Linux /proc)."""
    found = []
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            text = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            cwd = os.readlink(proc / "cwd")
        except OSError:
            continue
        if str(folder) in text or cwd.startswith(str(folder)):
            found.append(text)
    return found


@pytest.fixture
def bank_page(preview, browser):
    """(bank file, its text, the open bank page, the preview's URL) with the page showing the bank."""
    project, url = preview
    bank = project / BANK
    context = browser.new_context(viewport=DESKTOP, locale="zh-CN")
    page = context.new_page()
    page.goto(url + "quizzes/township-officer-duties.html")
    expect(page.locator("form.kb-q").first).to_be_visible()
    yield bank, bank.read_text(encoding="utf-8"), page, url
    context.close()


def test_bank_edit_shows_then_problem_banner_then_fixed(bank_page):
    bank, original, page, url = bank_page
    first_stem = page.locator("form.kb-q .kb-q__stem").first
    expect(first_stem).to_have_text("乡镇统战干事在谁的领导下，负责处理本乡镇的统战工作日常事务？")
    expect(page.locator(".kb-preview-problems")).to_have_count(0)

    # 1. An edit appears without the trainer reloading (MkDocs' live reload).
    edited = original.replace("stem: 乡镇统战干事在谁的领导下，", "stem: （修改后）乡镇统战干事在谁的领导下，", 1)
    bank.write_text(edited, encoding="utf-8")
    expect(first_stem).to_contain_text("（修改后）", timeout=30_000)

    # 2. A mistake: the banner names the file, line and column, on this page and on others.
    at = edited.index("    answer: B\n")
    line = edited[:at].count("\n") + 1
    bank.write_text(edited.replace("    answer: B\n", "    answer: Z\n", 1), encoding="utf-8")
    banner = page.locator(".kb-preview-problems")
    expected = f"{BANK}:{line}:13: 答案中的 Z 超出了选项范围：本题只有 4 个选项（A–D）"
    expect(banner).to_contain_text(expected, timeout=30_000)
    expect(banner).to_have_attribute("role", "alert")
    other = page.context.new_page()
    other.goto(url + "duties/township-officer.html")
    expect(other.locator(".kb-preview-problems")).to_contain_text(expected)

    # 3. Fixed: the banner is gone and the questions are back.
    bank.write_text(edited, encoding="utf-8")
    expect(page.locator(".kb-preview-problems")).to_have_count(0, timeout=30_000)
    expect(page.locator("form.kb-q").first).to_be_visible()


def test_broken_yaml_keeps_the_bank_page_with_the_banner(bank_page):
    bank, text, page, _ = bank_page
    bank.write_text(
        text.replace("options: [村党支部书记,", "options: [村党支部书记", 1).replace(
            "县委统战部部长]", "县委统战部部长", 1
        ),
        encoding="utf-8",
    )
    banner = page.locator(".kb-preview-problems")
    expect(banner).to_contain_text(f"{BANK}:", timeout=30_000)
    expect(banner).to_contain_text("YAML 语法错误")
    expect(page.locator("article")).to_contain_text("本题库有错误，暂时无法显示题目")
    bank.write_text(text, encoding="utf-8")
    expect(banner).to_have_count(0, timeout=30_000)


def test_build_never_shows_the_banner(built_site):
    # The banner is for the preview only: a good build has none, and a bad one is refused.
    assert not any("kb-preview-problems" in p.read_text(encoding="utf-8") for p in built_site.rglob("*.html"))
