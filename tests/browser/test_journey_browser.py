"""What a cadre does: open the home page, follow their role's path, read their duties."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_township_officer_finds_duty_8(page, site_url):
    page.goto(site_url)
    expect(page.locator("h1")).to_be_visible()
    # The entry point in the page body (on a phone the navigation is in a closed drawer).
    page.locator("article").get_by_role("link", name="乡镇统战干事", exact=True).click()
    expect(page).to_have_url(re.compile(r"roles/township-officer\.html$"))
    expect(page.locator("h1")).to_have_text("乡镇统战干事")

    # The learning path's duties section links to the duties page; follow duty 8.
    page.locator('article a[href$="duties/township-officer.html#duty-8"]').first.click()
    expect(page).to_have_url(re.compile(r"duties/township-officer\.html#duty-8$"))
    duty8 = page.locator("#duty-8")
    expect(duty8).to_be_in_viewport()
    body = page.locator("article")
    expect(body).to_contain_text("8.完成领导和统战部门交办的工作任务。")
    # All eight duties are on the page, in order.
    ids = page.locator("article h3[id^=duty-]").evaluate_all("els => els.map(e => e.id)")
    assert ids == [f"duty-{n}" for n in range(1, 9)]
    assert page.recorder.outside() == []


def test_glossary_tooltip_in_running_text(page, site_url):
    page.goto(site_url + "analyses/three-worries.html")
    abbr = page.locator("article p abbr", has_text="统战").first
    expect(abbr).to_have_attribute("title", re.compile("统一战线"))
    # The term sits inside unbroken Chinese text (e.g. 统战 in 统战干部): no word boundary.
    after = abbr.evaluate("e => e.nextSibling && e.nextSibling.textContent.slice(0, 1)")
    assert re.match(r"[\u4e00-\u9fff]", after or ""), after
    abbr.hover()
    expect(page.locator(".md-tooltip2, .md-tooltip").filter(has_text="统一战线").first).to_be_visible()


def test_analysis_page_on_phone_has_no_horizontal_overflow(page, site_url):
    page.goto(site_url + "analyses/index.html")
    expect(page.locator("h1")).to_have_text("问题与对策")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"] + 1
    assert page.recorder.outside() == []
