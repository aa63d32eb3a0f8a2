"""A hostile learning record: any page of the same origin (from file://, any local page) can
write the kb-quiz store.  The 错题本 and 继续学习 link only to the site's own banks."""

from __future__ import annotations

import json
import time

import pytest
from playwright.sync_api import expect

from helpers.browser import DESKTOP

pytestmark = pytest.mark.browser

NOW = int(time.time() * 1000)
HOSTILE = {
    "v": 2,
    "q": {
        "javascript:alert(1)//x/q": {"ok": False, "t": NOW, "s": "恶意题目", "b": "恶意题库"},
        "javascript:alert(2)/q": {"ok": False, "t": NOW, "s": "恶意题目二", "b": "恶意题库二"},
        "township-officer-duties/duties-known": {
            "ok": False,
            "t": NOW - 1,
            "s": "真实的错题",
            "b": "乡镇统战干事工作职责",
        },
    },
    "h": [],
    "l": {"k": "javascript:alert(3)/q", "t": NOW, "b": "继续"},
}


@pytest.fixture(params=["http", "file"])
def hostile_page(request, browser, site_url, file_url):
    context = browser.new_context(viewport=DESKTOP, locale="zh-CN")
    page = context.new_page()
    page.dialogs = []
    page.errors = []
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.base = site_url if request.param == "http" else file_url
    page.goto(page.base + "quizzes/wrong-answers.html")
    page.evaluate("s => localStorage.setItem('kb-quiz', s)", json.dumps(HOSTILE))
    yield page
    assert page.dialogs == [], "a stored id ran script"
    assert page.errors == []
    context.close()


def _hrefs(page) -> list[str]:
    return page.locator("a").evaluate_all("els => els.map(a => a.getAttribute('href') || '')")


def test_wrong_book_links_only_to_known_banks(hostile_page):
    page = hostile_page
    page.goto(page.base + "quizzes/wrong-answers.html")
    book = page.locator(".kb-wrongbook")
    expect(book.locator("li")).to_have_count(1)  # the real wrong answer only
    expect(book).to_contain_text("真实的错题")
    assert "恶意" not in book.inner_text()
    hrefs = _hrefs(page)
    assert not [h for h in hrefs if "javascript" in h.lower()], hrefs
    for link in book.locator("a").all():  # following every link the page made runs nothing
        assert link.get_attribute("href").startswith("township-officer-duties.html?wrong")


def test_continue_ignores_an_unknown_last_bank(hostile_page):
    page = hostile_page
    page.goto(page.base + "index.html")
    box = page.locator(".kb-continue")
    expect(box).to_be_visible()
    expect(box).to_contain_text("还没有作答记录")
    hrefs = _hrefs(page)
    assert not [h for h in hrefs if "javascript" in h.lower()], hrefs
    assert box.locator("a").first.get_attribute("href").endswith("quizzes/index.html")
