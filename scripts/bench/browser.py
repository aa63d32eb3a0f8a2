"""How the benchmarks and tests drive a browser and serve a folder on loopback.

Used by the search evaluation and benchmarks here and by the browser tests
(``tests/helpers/browser.py`` re-exports it), so the flags (``kb.chromium``), viewports and
server are the same everywhere.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

from kb.chromium import CHROMIUM, CHROMIUM_ARGS

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now (for servers that must be given a port)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serve(directory: Path, port: int = 0) -> Iterator[str]:
    """``directory`` over plain HTTP on loopback (no compression); yields the root URL."""
    handler = functools.partial(QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
