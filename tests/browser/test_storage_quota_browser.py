"""Issue 14 item 14: a browser whose localStorage quota is really full (junk written until it
throws, setItem left alone).  The cadre is told once per page, politely and in Chinese, that
the answers were not saved; every page keeps grading; no page error, no dialog."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from helpers.browser import DESKTOP, answer, pick

pytestmark = pytest.mark.browser
BANK = "quizzes/township-officer-duties.html"
REVIEW = "quizzes/wrong-answers.html?review#review"
EXAM = "quizzes/exam.html?banks=township-officer-duties&n=4&seed=1"
FULL = (
    "本机浏览器的存储空间已满，这次的作答记录没有保存。页面仍可照常使用；可以先“导出学习记录”备份，再清理浏览器数据。"
)

# Fill this origin's localStorage with junk keys, halving down to one character, until even
# a one-character value under a new key is refused; returns how many characters it took.
FILL = """() => {
  let stored = 0, i = 0;
  for (let size = 1 << 22; size >= 1; size = Math.floor(size / 2)) {
    const junk = "x".repeat(size);
    for (;;) {
      try { localStorage.setItem("junk-" + i, junk); i++; stored += size; }
      catch (e) { if (e.name !== "QuotaExceededError") throw e; break; }
    }
  }
  try { localStorage.setItem("junk-probe", "x"); return -1; } catch (e) { return stored; }
}"""


@pytest.fixture
def full(browser):
    """A fresh profile; ``open(path)`` goes to a page and records its errors and dialogs."""
    context = browser.new_context(viewport=DESKTOP, locale="zh-CN")
    page = context.new_page()
    page.errors, page.dialogs = [], []
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    yield page
    context.close()


def fill_storage(page) -> None:
    stored = page.evaluate(FILL)
    assert stored > 1_000_000, stored  # Chromium's quota is megabytes: it really filled


def said_once(page) -> None:
    notice = page.locator(".kb-store-notice")
    expect(notice).to_have_count(1)
    expect(notice).to_have_text(FULL)


def test_a_really_full_storage_is_said_once_per_page_and_every_page_keeps_working(full, site_url):
    page = full
    page.goto(site_url + BANK)
    forms = page.locator("form.kb-q")
    assert answer(forms.nth(0), False).startswith("回答错误")  # saved: due for 今日复习
    expect(page.locator(".kb-store-notice")).to_have_count(0)
    # A save that does not grow the store still fits (and is rightly not reported); with the
    # stored stem emptied, as an older record may have it, the review's save must grow it.
    page.evaluate(
        "const s = JSON.parse(localStorage.getItem('kb-quiz'));"
        "for (const k in s.q) s.q[k].s = '';"
        "localStorage.setItem('kb-quiz', JSON.stringify(s));"
    )
    fill_storage(page)
    saved = page.evaluate("localStorage.getItem('kb-quiz')")

    # The bank page: four more answers, four failed saves, one notice; all graded.
    for i in range(1, 5):
        feedback = answer(forms.nth(i), i % 2 == 1)
        assert feedback.startswith("回答正确" if i % 2 == 1 else "回答错误"), feedback
    said_once(page)
    expect(page.locator(".kb-store-notice")).to_have_attribute("aria-live", "polite")
    assert page.evaluate("localStorage.getItem('kb-quiz')") == saved  # the saved record intact

    # 今日复习 on the 错题本 page: the question saved before the storage filled up.
    page.goto(site_url + REVIEW)
    expect(page.locator(".kb-store-notice")).to_have_count(0)  # nothing failed yet: nothing said
    redo = page.locator(".kb-review form.kb-q")
    expect(redo).to_have_count(1)
    pick(redo, True)
    redo.locator(".kb-q__check").click()
    expect(redo.locator(".kb-q__feedback")).to_contain_text("回答正确")
    expect(page.locator(".kb-review__count")).to_have_text("今日复习完成：1 道题都已复习。")
    said_once(page)
    expect(page.locator(".kb-wrongbook li")).to_have_count(1)  # not saved: still in the 错题本

    # 模拟考试: graded and scored; the result could not be kept, and that is said once.
    page.goto(site_url + EXAM)
    exam = page.locator("form.kb-q")
    expect(exam).to_have_count(4)
    for i, form in enumerate(exam.all()):
        pick(form, i != 0)
    page.get_by_role("button", name="交卷").click()
    expect(page.get_by_role("status").filter(has_text="得分")).to_have_text(re.compile(r"^得分 3/4"))
    said_once(page)

    assert page.evaluate("localStorage.getItem('kb-quiz')") == saved
    assert page.errors == [] and page.dialogs == []


def test_the_exam_result_does_not_claim_a_save_that_failed(full, site_url):
    page = full
    page.goto(site_url + EXAM)
    fill_storage(page)
    exam = page.locator("form.kb-q")
    expect(exam).to_have_count(4)
    for form in exam.all():
        pick(form, False)
    page.get_by_role("button", name="交卷").click()
    status = page.get_by_role("status").filter(has_text="得分")
    expect(status).to_have_text(re.compile(r"^得分 0/4"))
    said_once(page)
    assert "已收入错题本" not in status.inner_text()
    assert page.errors == [] and page.dialogs == []
