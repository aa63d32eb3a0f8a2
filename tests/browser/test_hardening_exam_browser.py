"""Issue 24, row 15: an exam link's ``minutes`` beyond a day (1e308, Infinity) gives an untimed
paper, never 剩余时间 Infinity:NaN; a sane limit is kept."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from helpers.browser import PHONE

pytestmark = pytest.mark.browser
EXAM = "quizzes/exam.html?banks=township-officer-duties&n=3&seed=11&minutes="


@pytest.mark.parametrize("where", ["http", "file"])
@pytest.mark.parametrize("minutes", ["1e308", "Infinity", "100000"])
def test_an_absurd_time_limit_in_the_link_gives_an_untimed_paper(browser, site_url, file_url, where, minutes):
    base = site_url if where == "http" else file_url
    context = browser.new_context(viewport=PHONE, locale="zh-CN")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(base + EXAM + minutes)
    expect(page.locator(".kb-exam__about")).to_have_text(re.compile("本卷共 3 题，不限时。"))
    expect(page.locator("form.kb-q")).to_have_count(3)  # untimed: no 开始考试 step
    expect(page.get_by_role("button", name="开始考试")).to_have_count(0)
    expect(page.get_by_role("timer")).to_have_count(0)
    assert "NaN" not in page.locator("body").inner_text() and "Infinity" not in page.locator("body").inner_text()
    assert errors == []
    context.close()


def test_a_day_is_still_a_time_limit(browser, site_url):
    context = browser.new_context(viewport=PHONE, locale="zh-CN")
    page = context.new_page()
    page.goto(site_url + EXAM + "1440")
    expect(page.locator(".kb-exam__about")).to_have_text(re.compile("限时 1440 分钟"))
    page.get_by_role("button", name="开始考试").click()
    expect(page.get_by_role("timer")).to_have_text("剩余时间 1440:00")
    context.close()
