"""学习手册: a 打印本手册 button opens the browser's print dialog (issue 21: the handbook had no
print button); the button itself is not printed."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from helpers.browser import PHONE

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("where", ["http", "file"])
def test_the_print_button_opens_the_print_dialog(browser, site_url, file_url, where):
    base = site_url if where == "http" else file_url
    context = browser.new_context(viewport=PHONE, locale="zh-CN")
    context.add_init_script("window.__printed = 0; window.print = () => { window.__printed += 1 }")
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(base + "handbook.html")
    button = page.get_by_role("button", name="打印本手册")
    expect(button).to_be_visible()
    button.click()
    assert page.evaluate("window.__printed") == 1
    page.emulate_media(media="print")
    expect(button).to_be_hidden()
    assert errors == []
    context.close()
