"""The browser tests' one set of settings: Debian chromium, its flags, viewports, a loopback
server and a free port (defined once in ``bench.browser``, shared with the search evaluation),
and a recorder of every request a page makes."""

from __future__ import annotations

from urllib.parse import urlparse

from bench.browser import CHROMIUM, CHROMIUM_ARGS, DESKTOP, PHONE, free_port, serve

__all__ = ["CHROMIUM", "CHROMIUM_ARGS", "DESKTOP", "PHONE", "Recorder", "free_port", "serve"]


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
