"""The browser tests' one set of settings: Debian chromium, its flags, viewports, a loopback
server and a free port (defined once in ``bench.browser``, shared with the search evaluation),
and a recorder of every request a page makes."""

from __future__ import annotations

import json
from urllib.parse import urlparse

from playwright.sync_api import expect

from bench.browser import CHROMIUM, CHROMIUM_ARGS, DESKTOP, PHONE, free_port, serve

__all__ = [
    "CHROMIUM",
    "CHROMIUM_ARGS",
    "DESKTOP",
    "PHONE",
    "Recorder",
    "answer",
    "blank_in_any_order",
    "free_port",
    "let_storage_commit",
    "pick",
    "serve",
]


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


def pick(form, right: bool) -> None:
    """Answer one question (a ``form.kb-q``) as a cadre would, knowing the answer or not."""
    kind = form.get_attribute("data-type")
    answer = json.loads(form.get_attribute("data-answer"))
    if kind == "blank":
        for i, field in enumerate(form.locator(".kb-q__blank").all()):
            field.fill(answer[i][0] if right else "不知道")
        return
    keys = {"single": [answer], "judge": [answer], "multiple": answer}[kind]
    if not right:
        all_keys = [int(lb.get_attribute("data-key")) for lb in form.locator(".kb-q__option").all()]
        keys = [k for k in all_keys if k not in keys][:1]
    for k in keys:
        form.locator(f'.kb-q__option[data-key="{k}"]').click()


def answer(form, right: bool) -> str:
    """Answer one question on a bank page and submit it; the feedback the cadre reads."""
    pick(form, right)
    form.locator(".kb-q__check").click()
    status = form.locator("[role=status]")
    expect(status).not_to_be_empty()
    return status.inner_text()


EXAM_DATA_GLOBAL = "(window.KB = window.KB || {}).examData = "


def blank_in_any_order(route) -> None:
    """A route handler for exam-data.js marking the blank question ``familiar-blank`` of
    township-officer-duties ``anyOrder`` as the build writes it for ``any_order: true`` (no
    shipped question uses it; tests/test_quiz.py checks the build's part)."""
    head, body = route.fetch().text().split(EXAM_DATA_GLOBAL, 1)
    data = json.loads(body.rstrip().rstrip(";"))
    bank = next(b for b in data["banks"] if b["id"] == "township-officer-duties")
    next(q for q in bank["questions"] if q["id"] == "familiar-blank")["anyOrder"] = True
    route.fulfill(
        body=head + EXAM_DATA_GLOBAL + json.dumps(data, ensure_ascii=False) + ";\n",
        content_type="text/javascript; charset=utf-8",
    )


def let_storage_commit(page) -> None:
    """Wait until Chromium has committed the page's localStorage writes.  In a test browser
    context (off the record) a file:// page reloaded or left within about a second of a write
    can lose it: the new document starts from the last committed copy (measured: 2 to 4 of 16
    reloads right after writing lost every key, none after waiting 1 s).  A cadre takes longer
    than that between answering and reloading; a test must wait for it, not for our code."""
    page.wait_for_timeout(1200)
