"""逐题作答 (issue 21, item 2): 模拟考试 and 今日复习 one question per screen, as a choice beside
the full paper: 第 3/5 题, 上一题/下一题, the 题目总览 to jump, the saved attempt and the timer,
交卷 asking in the page how many are still open, then every question with its feedback."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

from helpers.browser import DESKTOP, PHONE, Recorder, let_storage_commit, pick

pytestmark = pytest.mark.browser
EXAM = "quizzes/exam.html"
PAPER = "?banks=township-officer-duties,village-liaison-duties&n=5&seed=2024&minutes=15"
WRONG = "quizzes/wrong-answers.html"


def new_page(browser, base, viewport):
    context = browser.new_context(viewport=viewport, locale="zh-CN")
    page = context.new_page()
    page.errors, page.dialogs = [], []
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    page.recorder = Recorder(page, base)
    return context, page


def answers_of(page) -> list:
    return page.locator("form.kb-q").evaluate_all(
        "fs => fs.map(f => f.dataset.type === 'blank'"
        " ? [...f.querySelectorAll('.kb-q__blank')].map(b => b.value).filter(Boolean)"
        " : [...f.querySelectorAll('input:checked')].map(i => Number(i.value)))"
    )


def on_screen(page, n: int, total: int):
    """Question n of total is the one shown, its heading focused and clear of the sticky bars."""
    head = page.get_by_role("heading", name=f"第 {n}/{total} 题")
    expect(head).to_be_focused()
    visible = page.locator("form.kb-q:visible")
    expect(visible).to_have_count(1)
    expect(visible.locator(".kb-q__no")).to_have_text(re.compile(rf"^第 {n} 题"))
    top = head.bounding_box()["y"]
    timer = page.get_by_role("timer")
    bars = [page.locator(".md-header").bounding_box()]
    if timer.is_visible():
        bars.append(timer.bounding_box())
    assert all(top >= b["y"] + b["height"] - 1 for b in bars), (top, bars)
    assert 0 <= top < page.viewport_size["height"] / 2
    return visible


def big(locator) -> None:
    for box in (b.bounding_box() for b in locator.all()):
        assert box["width"] >= 48 and box["height"] >= 48, box


@pytest.mark.parametrize("where", ["http", "file"])
def test_exam_one_question_at_a_time_survives_a_reload(browser, site_url, file_url, where):
    base = site_url if where == "http" else file_url
    context, page = new_page(browser, base, PHONE)
    page.goto(base + EXAM + PAPER)
    page.get_by_role("button", name="开始考试").click()
    expect(page.locator("form.kb-q:visible")).to_have_count(5)  # the full paper, until asked
    one = page.get_by_role("button", name="逐题作答")
    expect(one).to_have_attribute("aria-pressed", "false")
    one.click()
    expect(one).to_have_attribute("aria-pressed", "true")
    expect(page.get_by_role("button", name="整卷作答")).to_have_attribute("aria-pressed", "false")
    prev, nxt = page.get_by_role("button", name="上一题"), page.get_by_role("button", name="下一题")
    form = on_screen(page, 1, 5)
    expect(prev).to_be_disabled()
    big(page.locator(".kb-one__nav button, .kb-one__all button, .kb-one__mode button"))
    expect(page.get_by_role("button", name=re.compile(r"^\d 未答$"))).to_have_count(5)

    pick(form, right=True)  # 1 right
    expect(page.get_by_role("button", name="1 已答")).to_be_visible()
    nxt.click()
    pick(on_screen(page, 2, 5), right=False)  # 2 wrong
    page.get_by_role("button", name="4 未答").click()  # the overview jumps
    pick(on_screen(page, 4, 5), right=True)  # 4 right
    expect(page.locator(".kb-one__all [aria-current]")).to_have_text("4 已答")
    nxt.click()
    on_screen(page, 5, 5)
    expect(nxt).to_be_disabled()
    prev.click()
    prev.click()
    on_screen(page, 3, 5)
    before = answers_of(page)
    assert [bool(a) for a in before] == [True, True, False, True, False]

    let_storage_commit(page)
    page.reload()  # the same question, the answers kept, the mode remembered
    expect(page.get_by_role("button", name="逐题作答")).to_have_attribute("aria-pressed", "true")
    expect(page.locator("form.kb-q:visible")).to_have_count(1)
    expect(page.get_by_role("heading", name="第 3/5 题")).to_be_visible()
    assert answers_of(page) == before
    expect(page.get_by_role("timer")).to_have_text(re.compile(r"^剩余时间 1[45]:\d\d$"))
    expect(page.locator(".kb-one__all button")).to_have_text(["1 已答", "2 已答", "3 未答", "4 已答", "5 未答"])

    page.get_by_role("button", name="交卷").click()
    ask = page.locator(".kb-one__ask")
    expect(ask).to_contain_text("还有 2 题未作答，仍要交卷吗？")
    expect(ask.locator("p").first).to_be_focused()
    page.get_by_role("button", name="继续作答").click()  # back to the first open question
    expect(ask).to_be_hidden()
    on_screen(page, 3, 5)
    expect(page.get_by_role("status").filter(has_text="得分")).to_have_count(0)
    page.get_by_role("button", name="交卷").click()
    ask.get_by_role("button", name="交卷").click()
    expect(page.get_by_role("status").filter(has_text="得分")).to_have_text(re.compile(r"^得分 2/5（"))
    # After 交卷 every question is shown with its feedback, as on the full paper.
    expect(page.locator("form.kb-q:visible")).to_have_count(5)
    expect(page.locator(".kb-q__feedback:visible", has_text="未作答。正确答案：")).to_have_count(2)
    expect(page.locator(".kb-one__nav, .kb-one__all, .kb-one__mode")).to_have_count(3)
    expect(page.locator(".kb-one__nav:visible, .kb-one__all:visible, .kb-one__mode:visible")).to_have_count(0)
    let_storage_commit(page)
    page.reload()
    expect(page.get_by_role("status").filter(has_text="得分")).to_have_text(re.compile(r"^得分 2/5（"))
    expect(page.locator("form.kb-q:visible")).to_have_count(5)
    assert page.dialogs == [], "asked in a browser dialog"
    assert page.errors == []
    assert page.recorder.outside() == []
    context.close()


def test_exam_switch_by_keyboard_on_the_desktop(browser, site_url):
    context, page = new_page(browser, site_url, DESKTOP)
    page.goto(site_url + EXAM + "?banks=principles-and-policies&n=5&seed=7")
    expect(page.locator("form.kb-q:visible")).to_have_count(5)
    page.get_by_role("button", name="逐题作答").focus()
    page.keyboard.press("Enter")
    on_screen(page, 1, 5)
    pick(page.locator("form.kb-q:visible"), right=True)
    page.get_by_role("button", name="下一题").focus()
    page.keyboard.press("Enter")
    on_screen(page, 2, 5)
    page.get_by_role("button", name="3 未答").focus()
    page.keyboard.press(" ")
    on_screen(page, 3, 5)
    page.get_by_role("button", name="整卷作答").focus()
    page.keyboard.press("Enter")  # back to the full paper, nothing lost
    expect(page.locator("form.kb-q:visible")).to_have_count(5)
    expect(page.locator(".kb-one__nav")).to_be_hidden()
    assert [bool(a) for a in answers_of(page)] == [True, False, False, False, False]
    assert page.evaluate("localStorage.getItem('kb-answer-mode')") == "all"
    assert page.errors == []
    context.close()


def test_storage_refusing_leaves_the_full_paper_and_the_switch_working(browser, site_url):
    context, page = new_page(browser, site_url, PHONE)
    page.add_init_script(
        "Storage.prototype.getItem = Storage.prototype.setItem = () => { throw new DOMException('denied') }"
    )
    page.goto(site_url + EXAM + "?banks=principles-and-policies&n=3&seed=7")
    expect(page.locator("form.kb-q:visible")).to_have_count(3)
    page.get_by_role("button", name="逐题作答").click()
    on_screen(page, 1, 3)
    assert page.errors == []
    context.close()


@pytest.mark.parametrize("where", ["http", "file"])
def test_review_one_question_at_a_time(browser, site_url, file_url, where):
    base = site_url if where == "http" else file_url
    context, page = new_page(browser, base, PHONE)
    page.goto(base + WRONG)
    keys = page.evaluate(
        "KB.examData.banks.filter(b => b.id === 'township-officer-duties')[0].questions"
        ".filter((q, i, all) => all.findIndex(o => o.group === q.group) === i).slice(0, 3)"
        ".map(q => 'township-officer-duties/' + q.id)"
    )
    now = page.evaluate("Date.now()")
    due = {"ok": False, "t": now, "s": "", "b": "", "w": 1, "r": 0, "i": 1, "e": 2.5, "d": now - 1000}
    store = {"v": 2, "q": {k: due for k in keys}, "h": [], "l": None}
    page.evaluate("s => localStorage.setItem('kb-quiz', s)", json.dumps(store))
    page.goto(base + WRONG + "?review#review")
    review = page.locator(".kb-review")
    expect(review.locator("form.kb-q:visible")).to_have_count(3)
    review.get_by_role("button", name="逐题作答").click()
    form = on_screen(page, 1, 3)
    pick(form, right=True)
    form.get_by_role("button", name="提交答案").click()
    expect(form.locator(".kb-q__feedback")).to_have_text(re.compile("^回答正确"))
    expect(review.locator(".kb-review__count")).to_have_text("今日复习：已完成 1/3 题。")
    expect(review.get_by_role("button", name="1 已答")).to_be_visible()
    review.get_by_role("button", name="下一题").click()
    form = on_screen(page, 2, 3)
    pick(form, right=False)
    form.get_by_role("button", name="提交答案").click()
    expect(form.locator(".kb-q__feedback")).to_have_text(re.compile("^回答错误"))
    review.get_by_role("button", name="上一题").click()
    on_screen(page, 1, 3)
    review.get_by_role("button", name="3 未答").click()
    on_screen(page, 3, 3)
    expect(review.get_by_role("button", name="下一题")).to_be_disabled()
    page.reload()  # the choice is remembered here too
    expect(review.locator("form.kb-q:visible")).to_have_count(1)
    expect(page.get_by_role("heading", name="第 1/2 题")).to_be_visible()  # 2 and 3 still due
    assert page.dialogs == [] and page.errors == []
    context.close()
