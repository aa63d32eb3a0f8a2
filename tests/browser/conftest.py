"""Real-browser fixtures: Debian's chromium driven by Playwright, the built site on loopback."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers.browser import CHROMIUM, CHROMIUM_ARGS, DESKTOP, PHONE, Recorder, serve


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail("Debian chromium is missing: run ./run.sh test, which installs it")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="session")
def site_url(built_site):
    with serve(built_site) as url:
        yield url


@pytest.fixture(scope="session")
def file_url(built_site) -> str:
    """The built site opened from disk, as from a USB stick: file:///…/site/"""
    return built_site.resolve().as_uri() + "/"


@pytest.fixture(params=[DESKTOP, PHONE], ids=["desktop", "phone"])
def page(request, browser, site_url):
    context = browser.new_context(viewport=request.param, locale="zh-CN")
    p = context.new_page()
    p.recorder = Recorder(p, site_url)
    p.viewport_name = "phone" if request.param is PHONE else "desktop"
    yield p
    context.close()
