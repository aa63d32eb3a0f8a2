"""特大 on a phone, as the age-friendly web rules ask (issue 21, item 4): no running text below
18 pt (24 CSS px), every control a finger aims at at least 48 x 48 CSS px, and a table wider
than the screen scrolls in its own box with a visible hint instead of squeezing its columns."""

from __future__ import annotations

import pytest

from helpers.browser import PHONE

pytestmark = pytest.mark.browser

NARROW = {"width": 320, "height": 640}
TEXT_PX = 24  # 18 pt
TARGET_PX = 48


def xl_page(browser, base, viewport):
    context = browser.new_context(viewport=viewport, locale="zh-CN")
    context.add_init_script("try { localStorage.setItem('kb-font-size', 'xl') } catch (e) {}")
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    return context, page


SMALLEST_TEXT = """() => {
  // Every visible text node in the content and the navigation drawer, with its font size.
  const out = [];
  for (const root of document.querySelectorAll('.md-content .md-typeset, .md-sidebar--primary .md-nav')) {
    const walk = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = walk.nextNode(); n; n = walk.nextNode()) {
      const el = n.parentElement;
      if (!n.textContent.trim() || !el.getClientRects().length) continue;
      if (el.closest('.headerlink, sup')) continue;  // the ¶ mark and footnote numbers
      out.push([parseFloat(getComputedStyle(el).fontSize), el.tagName, n.textContent.trim().slice(0, 20)]);
    }
  }
  out.sort((a, b) => a[0] - b[0]);
  return out.slice(0, 3);
}"""


@pytest.mark.parametrize("where", ["http", "file"])
@pytest.mark.parametrize("viewport", [PHONE, NARROW], ids=["390px", "320px"])
@pytest.mark.parametrize(
    "path", ["index.html", "analyses/index.html", "duties/village-liaison.html", "quizzes/township-officer-duties.html"]
)
def test_text_is_at_least_18pt_at_xl_on_a_phone(browser, site_url, file_url, where, viewport, path):
    base = site_url if where == "http" else file_url
    context, page = xl_page(browser, base, viewport)
    page.goto(base + path)
    smallest = page.evaluate(SMALLEST_TEXT)
    assert smallest and smallest[0][0] >= TEXT_PX, smallest
    assert page.errors == []
    context.close()


TARGETS = """sel => [...document.querySelectorAll(sel)].filter(e => e.getClientRects().length)
  .map(e => { const r = e.getBoundingClientRect(); return [Math.round(r.width), Math.round(r.height), e.textContent.trim().slice(0, 12)]; })"""


@pytest.mark.parametrize("where", ["http", "file"])
def test_controls_are_at_least_48px_at_xl_on_a_phone(browser, site_url, file_url, where):
    base = site_url if where == "http" else file_url
    context, page = xl_page(browser, base, PHONE)
    page.goto(base + "quizzes/township-officer-duties.html")
    buttons = page.evaluate(TARGETS, ".kb-fontsize__button")
    assert len(buttons) == 4 and all(w >= TARGET_PX and h >= TARGET_PX for w, h, _ in buttons), buttons
    options = page.evaluate(TARGETS, ".kb-q__option")
    assert options and all(w >= TARGET_PX and h >= TARGET_PX for w, h, _ in options), min(options, key=lambda o: o[1])
    # The navigation drawer, opened as a cadre does with the menu button.
    page.locator("label.md-header__button[for=__drawer]").click()
    page.wait_for_timeout(300)  # the drawer slides in
    links = page.evaluate(TARGETS, ".md-sidebar--primary .md-nav__link")
    assert len(links) > 5 and all(h >= TARGET_PX for _, h, _ in links), min(links, key=lambda o: o[1])
    # The header still fits on one line: nothing scrolls sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert page.errors == []
    context.close()


@pytest.mark.parametrize("where", ["http", "file"])
def test_a_wide_table_scrolls_with_a_hint_instead_of_squeezing(browser, site_url, file_url, where):
    base = site_url if where == "http" else file_url
    context, page = xl_page(browser, base, NARROW)
    page.goto(base + "analyses/index.html")
    region = page.locator(".md-typeset__scrollwrap[role=region]").first
    region.evaluate("e => e.scrollIntoView()")
    hint = region.evaluate("e => getComputedStyle(e, '::before').content")
    assert "左右滑动" in hint, hint
    # Columns keep a readable width: no cell narrower than four characters.
    narrowest = region.evaluate(
        "e => Math.min(...[...e.querySelectorAll('td, th')].map(c => c.getBoundingClientRect().width"
        " / parseFloat(getComputedStyle(c).fontSize)))"
    )
    assert narrowest >= 4, narrowest
    # The table moves inside its box, not the page.
    region.evaluate("e => { e.scrollLeft = 150 }")
    assert region.evaluate("e => e.scrollLeft") > 0
    assert page.evaluate("document.documentElement.scrollWidth") <= NARROW["width"]
    assert page.errors == []
    context.close()
