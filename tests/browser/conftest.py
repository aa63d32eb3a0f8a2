"""Real-browser fixtures: Debian's chromium driven by Playwright, the built site on loopback."""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path
from urllib.parse import urlparse

import pytest

from kb.search_eval import CHROMIUM as _CHROMIUM
from kb.search_eval import CHROMIUM_ARGS as ARGS  # one definition of the browser flags

CHROMIUM = Path(_CHROMIUM)
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        pytest.fail("Debian chromium is missing: run ./run.sh test, which installs it")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def site_url(built_site):
    handler = functools.partial(_QuietHandler, directory=str(built_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture(scope="session")
def file_url(built_site) -> str:
    """The built site opened from disk, as from a USB stick: file:///…/site/"""
    return built_site.resolve().as_uri() + "/"


class Recorder:
    """Every request a page makes, so a test can prove none leaves the site."""

    def __init__(self, page, base: str):
        self.base = base
        self.urls: list[str] = []
        page.on("request", lambda r: self.urls.append(r.url))

    def outside(self) -> list[str]:
        base = urlparse(self.base)
        out = []
        for url in self.urls:
            u = urlparse(url)
            if u.scheme in ("data", "blob", "about"):
                continue
            if base.scheme == "file" and u.scheme == "file":
                continue
            if (u.scheme, u.netloc) != (base.scheme, base.netloc):
                out.append(url)
        return out


@pytest.fixture(params=[DESKTOP, PHONE], ids=["desktop", "phone"])
def page(request, browser, site_url):
    context = browser.new_context(viewport=request.param, locale="zh-CN")
    p = context.new_page()
    p.recorder = Recorder(p, site_url)
    p.viewport_name = "phone" if request.param is PHONE else "desktop"
    yield p
    context.close()
