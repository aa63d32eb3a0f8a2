"""首页 as 今日学习 (issue 21, item 6): the role choice on a first visit, and for a returning cadre
继续学习, 今日复习 N 题, 错题本 N 题 and the chosen role's next 学习步骤; without JavaScript the
role choice as plain links.  On a phone, over HTTP and from file:// (a USB stick)."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

from helpers.browser import PHONE

pytestmark = pytest.mark.browser
DAY = 86_400_000
ROLES = {  # title shown -> (page, name stored: the role's `role`, as in ?role=)
    "乡镇统战干事": ("roles/township-officer.html", "乡镇统战干事"),
    "村（社区）统战联络员": ("roles/village-liaison.html", "村（社区）统战联络员"),
    "乡镇统战委员": ("roles/township-committee-member.html", "乡镇统战委员"),
    "县级统战部干部": ("roles/county-department.html", "县级统战部"),
}


@pytest.fixture(params=["http", "file"])
def home(request, browser, site_url, file_url):
    """make(js=True) -> a phone page in a fresh profile, with .base the site over HTTP or file://."""
    contexts = []

    def make(js: bool = True):
        context = browser.new_context(viewport=PHONE, locale="zh-CN", java_script_enabled=js)
        contexts.append(context)
        page = context.new_page()
        page.errors = []
        page.on("pageerror", lambda e: page.errors.append(str(e)))
        page.base = site_url if request.param == "http" else file_url
        return page

    yield make
    for c in contexts:
        c.close()


def panel_links(page) -> dict[str, str]:
    links = page.locator(".kb-today__choice a")
    return {a.inner_text().removeprefix("我是"): a.get_attribute("href") for a in links.all()}


def assert_large(locator) -> None:
    for box in [el.bounding_box() for el in locator.all()]:
        assert box["height"] >= 48 and box["width"] >= 48, box


def test_first_visit_offers_the_roles_and_remembers_the_one_picked(home):
    page = home()
    page.goto(page.base + "index.html")
    panel = page.locator(".kb-today")
    expect(panel.locator(".kb-today__choice")).to_contain_text("选择您的岗位")
    assert panel_links(page) == {title: href for title, (href, _) in ROLES.items()}
    assert_large(panel.locator(".kb-today__choice a"))
    # The sources' 编者按 come after the panel, not before it.
    notes = page.locator("article .admonition", has_text="编者按")
    assert panel.bounding_box()["y"] < notes.first.bounding_box()["y"]
    assert page.evaluate("localStorage.getItem('kb-role')") is None

    panel.get_by_role("link", name="我是村（社区）统战联络员").click()
    expect(page).to_have_url(re.compile(r"roles/village-liaison\.html$"))
    assert page.evaluate("localStorage.getItem('kb-role')") == "村（社区）统战联络员"

    # Back on the home page: the role, its first step, and no answers yet.
    page.goto(page.base + "index.html")
    expect(panel).to_contain_text("我的岗位：村（社区）统战联络员")
    expect(panel.locator(".kb-today__step")).to_have_text("下一步：第 1 步（共 7 步）")
    expect(panel.locator(".kb-today__next")).to_contain_text("村级（社区）统战联络员工作对象及职责")
    expect(panel.locator(".kb-continue")).to_have_text("还没有作答记录。可以从自测练习开始。")
    expect(panel.locator(".kb-today__choice")).to_be_hidden()
    assert page.errors == []


def seed(page, role: str | None, steps: dict) -> None:
    now = page.evaluate("Date.now()")

    def rec(ok, due, b):
        return {
            "ok": ok,
            "t": now - DAY,
            "s": "题干",
            "b": b,
            "a": 1,
            "c": int(ok),
            "w": 1,
            "r": 0,
            "i": 1,
            "e": 2.5,
            "d": due,
        }

    duties, liaison = "乡镇统战干事工作职责", "村（社区）统战联络员工作对象及职责"
    store = {
        "v": 2,
        "q": {
            "township-officer-duties/leader": rec(False, now - DAY, duties),  # due, wrong
            "village-liaison-duties/objects-list": rec(True, now - DAY, liaison),  # due, now right
            "village-liaison-duties/objects-focus": rec(False, now + 3 * DAY, liaison),  # wrong, not due
            "removed-bank/gone": rec(False, now - DAY, "已删除的题库"),  # no such bank: neither
        },
        "h": [],
        "l": {"k": "township-officer-duties/leader", "t": now - DAY, "b": duties},
    }
    page.evaluate("s => localStorage.setItem('kb-quiz', s)", json.dumps(store, ensure_ascii=False))
    if role:
        page.evaluate("r => localStorage.setItem('kb-role', r)", role)
    page.evaluate("s => localStorage.setItem('kb-steps', s)", json.dumps(steps, ensure_ascii=False))


def test_a_returning_cadre_sees_review_wrong_answers_and_the_next_step(home):
    page = home()
    page.goto(page.base + "index.html")
    seed(page, "乡镇统战干事", {"乡镇统战干事": [0, 1], "乡镇统战委员": [0, 1, 2, 3]})
    page.reload()
    panel = page.locator(".kb-today")
    expect(panel).to_contain_text("我的岗位：乡镇统战干事")
    expect(panel.locator(".kb-continue")).to_contain_text("继续学习：乡镇统战干事工作职责（上次作答于 ")
    review = panel.get_by_role("link", name="今日复习 2 题")
    wrong = panel.get_by_role("link", name="错题本 2 题")
    assert_large(review)
    assert_large(wrong)
    assert review.get_attribute("href").endswith("quizzes/wrong-answers.html?review#review")
    step = panel.locator(".kb-today__next")
    expect(step.locator(".kb-today__step")).to_have_text("下一步：第 3 步（共 8 步）")
    expect(step).to_contain_text("读第四篇中与干部培训和职责认识有关的认识上有差距")

    # Opening the step from the panel counts it done: the next visit shows step 4.
    step.get_by_role("link", name="认识上有差距").click()
    expect(page).to_have_url(re.compile(r"analyses/township-survey-2004\.html#problem-1$"))
    assert json.loads(page.evaluate("localStorage.getItem('kb-steps')"))["乡镇统战干事"] == [0, 1, 2]
    page.goto(page.base + "index.html")
    expect(step.locator(".kb-today__step")).to_have_text("下一步：第 4 步（共 8 步）")

    # The 错题本 the panel links to lists as many questions as it said.
    wrong.click()
    expect(page.locator(".kb-wrongbook li")).to_have_count(2)

    # 更换岗位: the four roles again; picking one remembers it and opens its page.
    page.goto(page.base + "index.html")
    change = panel.get_by_role("button", name="更换岗位")
    assert_large(change)
    expect(panel.locator(".kb-today__choice")).to_be_hidden()
    change.click()
    expect(change).to_have_attribute("aria-expanded", "true")
    assert_large(panel.locator(".kb-today__choice a"))
    panel.get_by_role("link", name="我是县级统战部干部").click()
    expect(page).to_have_url(re.compile(r"roles/county-department\.html$"))
    assert page.evaluate("localStorage.getItem('kb-role')") == "县级统战部"
    page.goto(page.base + "index.html")
    expect(step.locator(".kb-today__step")).to_have_text("下一步：第 1 步（共 9 步）")
    assert page.errors == []


def test_answers_without_a_role_show_the_counts_and_the_role_choice(home):
    page = home()
    page.goto(page.base + "index.html")
    seed(page, None, {})
    page.reload()
    panel = page.locator(".kb-today")
    expect(panel.get_by_role("link", name="今日复习 2 题")).to_be_visible()
    expect(panel.locator(".kb-today__choice")).to_contain_text("选择您的岗位，这里会提示下一步学什么")
    expect(panel.locator(".kb-today__choice a")).to_have_count(4)
    expect(panel.locator(".kb-today__next")).to_have_count(0)
    # Every step done: said so, with the way to the role page's full list.
    seed(page, "乡镇统战委员", {"乡镇统战委员": list(range(8))})
    page.reload()
    expect(panel.locator(".kb-today__step")).to_have_text("本岗位的 8 个学习步骤都已从这里打开过。")
    href = panel.get_by_role("link", name="全部学习步骤").get_attribute("href")
    assert href == "roles/township-committee-member.html#path"
    assert page.errors == []


def test_without_javascript_the_roles_are_plain_links(home):
    page = home(js=False)
    page.goto(page.base + "index.html")
    panel = page.locator(".kb-today")
    expect(panel).to_be_visible()
    assert panel_links(page) == {title: href for title, (href, _) in ROLES.items()}
    assert_large(panel.locator(".kb-today__choice a"))
    panel.get_by_role("link", name="我是乡镇统战委员").click()
    expect(page).to_have_url(re.compile(r"roles/township-committee-member\.html$"))
    expect(page.locator("h1")).to_have_text("乡镇统战委员")


def test_a_stored_role_or_step_list_not_from_this_site_is_ignored(home):
    # Any page of the same origin (any file:// page) can write these keys.
    page = home()
    page.goto(page.base + "index.html")
    page.evaluate("localStorage.setItem('kb-role', 'javascript:alert(1)')")
    page.evaluate("localStorage.setItem('kb-steps', '[[')")
    page.reload()
    expect(page.locator(".kb-today__choice a")).to_have_count(4)
    expect(page.locator(".kb-today")).not_to_contain_text("我的岗位")
    page.evaluate("localStorage.setItem('kb-role', '乡镇统战干事')")
    page.evaluate("""localStorage.setItem('kb-steps', '{"乡镇统战干事": "0,1"}')""")
    page.reload()
    expect(page.locator(".kb-today__step")).to_have_text("下一步：第 1 步（共 8 步）")
    assert page.errors == []


def test_when_storage_refuses_the_roles_still_lead_to_their_pages(home):
    page = home()
    page.add_init_script(
        "Storage.prototype.getItem = Storage.prototype.setItem = function () { throw new Error('denied'); };"
    )
    page.goto(page.base + "index.html")
    assert panel_links(page) == {title: href for title, (href, _) in ROLES.items()}
    page.locator(".kb-today__choice").get_by_role("link", name="我是县级统战部干部").click()
    expect(page).to_have_url(re.compile(r"roles/county-department\.html$"))
    assert page.errors == []
