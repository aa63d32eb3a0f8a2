"""今日复习 (FSRS in the 错题本; tests/browser/test_fsrs_browser.py checks its numbers), the learning record (progress, 继续学习, export/import), storage."""

from __future__ import annotations

import json
import re
import time
from datetime import datetime

import pytest
from playwright.sync_api import expect

from helpers.browser import DESKTOP, PHONE, answer, pick

pytestmark = pytest.mark.browser
BANK = "quizzes/township-officer-duties.html"
WRONG = "quizzes/wrong-answers.html"
INDEX = "quizzes/index.html"
DAY = 86_400_000


@pytest.fixture
def fresh(browser):
    """A fresh browser profile (its own localStorage); more than one per test when asked."""
    contexts = []

    def make(viewport=DESKTOP):
        context = browser.new_context(viewport=viewport, locale="zh-CN", accept_downloads=True)
        contexts.append(context)
        page = context.new_page()
        page.errors = []
        page.on("pageerror", lambda e: page.errors.append(str(e)))
        return page

    yield make
    for c in contexts:
        c.close()


def stored(page) -> dict:
    return json.loads(page.evaluate("localStorage.getItem('kb-quiz')"))


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_review_is_due_after_a_wrong_answer_and_moves_out_when_right(fresh, site_url, viewport):
    page = fresh(viewport)
    page.clock.install(time=datetime(2025, 6, 2, 10))  # 10:00 here: 10 minutes never cross midnight
    page.goto(site_url + BANK)
    form = page.locator("form.kb-q").first
    key = "township-officer-duties/" + form.get_attribute("data-qid")
    assert answer(form, False).startswith("回答错误")
    assert stored(page)["q"][key]["d"] <= page.evaluate("Date.now()") + 60_000  # due in a minute: today

    page.goto(site_url + INDEX)
    expect(page.locator(".kb-due")).to_contain_text("今日复习：有 1 道题到期。")
    page.locator(".kb-due a", has_text="开始今日复习").click()
    expect(page).to_have_url(re.compile(r"wrong-answers\.html\?review#review$"))
    review = page.locator(".kb-review")
    redo = review.locator("form.kb-q")
    expect(redo).to_have_count(1)
    assert redo.get_attribute("data-qid") == key.split("/")[1]
    assert answer(redo, True).startswith("回答正确")
    expect(review.locator(".kb-review__count")).to_have_text("今日复习完成：1 道题都已复习。")
    record = stored(page)["q"][key]
    now = page.evaluate("Date.now()")
    assert record["p"] == 2 and abs(record["d"] - (now + DAY)) < 60_000  # FSRS: 1 day (stability 0.25)

    page.reload()
    expect(review.locator(".kb-review__count")).to_have_text("今天没有需要复习的题。")
    expect(page.locator(".kb-wrongbook li")).to_have_count(0)  # answered right: out of the 错题本

    # Two days later it is due again; right again → a longer interval.
    page.clock.fast_forward(2 * DAY)
    page.goto(site_url + WRONG)
    expect(review.locator(".kb-review__count")).to_have_text("今日有 1 道题需要复习。")
    review.get_by_role("button", name="开始今日复习").click()
    assert answer(review.locator("form.kb-q"), True).startswith("回答正确")
    record = stored(page)["q"][key]
    assert record["p"] == 2 and record["d"] - page.evaluate("Date.now()") > DAY + 60_000

    # Wrong in review: relearning, due again in 10 minutes (today).
    page.clock.fast_forward(7 * DAY)
    page.goto(site_url + WRONG + "?review")
    assert answer(review.locator("form.kb-q"), False).startswith("回答错误")
    record = stored(page)["q"][key]
    assert record["p"] == 3 and record["d"] <= page.evaluate("Date.now()") + 10 * 60_000
    page.reload()
    expect(review.locator(".kb-review__count")).to_have_text("今日有 1 道题需要复习。")
    expect(page.locator(".kb-wrongbook li")).to_have_count(1)
    assert page.errors == []


def test_a_v1_store_is_migrated_keeping_all_progress(fresh, site_url):
    page = fresh()
    page.goto(site_url + BANK)
    t = int(time.time() * 1000) - 3 * DAY
    v1 = {
        "v": 1,
        "q": {
            "township-officer-duties/leader": {
                "ok": False,
                "t": t,
                "s": "乡镇统战干事在谁的领导下",
                "b": "乡镇统战干事工作职责",
            },
            "township-officer-duties/daily-affairs": {
                "ok": True,
                "t": t,
                "s": "负责处理本乡镇的统战工作",
                "b": "乡镇统战干事工作职责",
            },
        },
    }
    page.evaluate("s => localStorage.setItem('kb-quiz', s)", json.dumps(v1, ensure_ascii=False))
    page.reload()
    expect(page.locator(".kb-quiz__summary")).to_contain_text("已答 2 题，答对 1 题")
    page.goto(site_url + WRONG)
    expect(page.locator(".kb-wrongbook li")).to_have_count(1)
    expect(page.locator(".kb-review__count")).to_have_text("今日有 1 道题需要复习。")
    page.get_by_role("button", name="开始今日复习").click()
    answer(page.locator(".kb-review form.kb-q"), True)
    data = stored(page)
    assert data["v"] == 2 and set(data["q"]) == set(v1["q"])
    assert data["q"]["township-officer-duties/daily-affairs"] == {
        **v1["q"]["township-officer-duties/daily-affairs"],
        "a": 1,
        "c": 1,
    }
    assert page.errors == []


def test_progress_on_index_and_role_page_and_continue_on_home(fresh, site_url):
    page = fresh(PHONE)
    page.goto(site_url)
    expect(page.locator(".kb-today__choice a")).to_have_count(4)  # a first visit: the role choice only
    expect(page.locator(".kb-continue")).to_have_count(0)
    page.goto(site_url + BANK)
    forms = page.locator("form.kb-q")
    answer(forms.nth(0), True)
    answer(forms.nth(2), False)
    last = forms.nth(2).get_attribute("id")

    page.goto(site_url)
    cont = page.locator(".kb-continue a").first
    expect(page.locator(".kb-continue")).to_contain_text("继续学习：乡镇统战干事工作职责（上次作答于 ")
    cont.click()
    expect(page).to_have_url(re.compile(re.escape(BANK) + "#" + last + "$"))

    page.goto(site_url + INDEX)
    row = page.locator(".kb-progress tr", has_text="乡镇统战干事工作职责")
    expect(row.locator("td").nth(1)).to_have_text(re.compile(r"^2/\d+$"))
    expect(row.locator("td").nth(2)).to_have_text("1")
    expect(row.locator("td").nth(3)).to_have_text(re.compile(r"^\d{4}-\d{1,2}-\d{1,2}$"))
    expect(page.locator(".kb-progress table").nth(1)).to_contain_text("对本岗位工作职责知之不多")

    page.goto(site_url + "roles/township-officer.html")
    row = page.locator(".kb-progress tr", has_text="乡镇统战干事工作职责")
    expect(row.locator("td").nth(1)).to_have_text(re.compile(r"^2/\d+$"))
    # ... and per training shortfall, over this role's banks.
    expect(page.locator(".kb-progress table").nth(1)).to_contain_text("对本岗位工作职责知之不多")
    assert page.errors == []


def export_record(page, tmp_path):
    page.goto(page.base + INDEX)
    with page.expect_download() as info:
        page.get_by_role("button", name="导出学习记录").click()
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    return path


def test_export_then_import_on_a_fresh_profile_merges_keeping_newer(fresh, site_url, tmp_path):
    a = fresh()
    a.base = site_url
    a.goto(site_url + BANK)
    forms = a.locator("form.kb-q")
    answer(forms.nth(0), False)
    answer(forms.nth(1), True)
    answer(forms.nth(2), False)
    path = export_record(a, tmp_path)
    assert re.fullmatch(r"学习记录-\d{4}-\d{1,2}-\d{1,2}\.json", path.name)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert (data["app"], data["kind"], data["v"]) == ("jiceng-tongzhan-kb", "learning-record", 2)
    assert len(data["data"]["q"]) == 3

    b = fresh(PHONE)  # another device: it answered question 3 later (right this time)
    b.goto(site_url + BANK)
    answer(b.locator("form.kb-q").nth(2), True)
    b.goto(site_url + INDEX)
    b.locator(".kb-record input[type=file]").set_input_files(str(path))
    status = b.locator(".kb-record__status")
    expect(status).to_have_text("已导入学习记录：新增 2 道题、更新 0 道题的记录；本机较新的 1 道题保持不变。")
    assert status.get_attribute("role") == "status"
    row = b.locator(".kb-progress tr", has_text="乡镇统战干事工作职责")
    expect(row.locator("td").nth(1)).to_have_text(re.compile(r"^3/"))
    expect(row.locator("td").nth(2)).to_have_text("2")  # question 3 stays right (the newer record)
    b.goto(site_url + WRONG)
    expect(b.locator(".kb-wrongbook li")).to_have_count(1)

    # Importing the same file again changes nothing (never a loss, never a duplicate).
    before = stored(b)
    b.goto(site_url + INDEX)
    b.locator(".kb-record input[type=file]").set_input_files(str(path))
    expect(b.locator(".kb-record__status")).to_contain_text("新增 0 道题、更新 0 道题")
    assert stored(b)["q"] == before["q"]
    assert a.errors == [] and b.errors == []


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{oops", "导入失败：这个文件不是有效的学习记录文件（无法解析）。学习记录没有改动。"),
        (
            '{"app": "other", "kind": "learning-record", "v": 2, "data": {}}',
            "导入失败：这个文件不是本知识库导出的学习记录。学习记录没有改动。",
        ),
        (
            '{"app": "jiceng-tongzhan-kb", "kind": "learning-record", "v": 2, "data": {"v": 2, "q": []}}',
            "导入失败：学习记录文件的内容不完整或已损坏。学习记录没有改动。",
        ),
        (
            '{"app": "jiceng-tongzhan-kb", "kind": "learning-record", "v": 9, "data": {}}',
            "导入失败：这个学习记录来自更新版本的知识库，请先更新本站。学习记录没有改动。",
        ),
    ],
    ids=["not-json", "foreign", "broken", "newer"],
)
def test_a_corrupt_or_foreign_import_file_changes_nothing(fresh, file_url, tmp_path, content, message):
    page = fresh()
    page.goto(file_url + BANK)
    answer(page.locator("form.kb-q").first, False)
    before = page.evaluate("localStorage.getItem('kb-quiz')")
    bad = tmp_path / "record.json"
    bad.write_text(content, encoding="utf-8")
    page.goto(file_url + INDEX)
    page.locator(".kb-record input[type=file]").set_input_files(str(bad))
    expect(page.locator(".kb-record__status")).to_have_text(message)
    assert page.evaluate("localStorage.getItem('kb-quiz')") == before
    assert page.errors == []


def test_a_full_local_storage_is_said_and_the_page_keeps_working(fresh, site_url):
    page = fresh()
    page.add_init_script(
        "Storage.prototype.setItem = function () { throw new DOMException('full', 'QuotaExceededError'); };"
    )
    page.goto(site_url + BANK)
    forms = page.locator("form.kb-q")
    assert answer(forms.nth(0), True).startswith("回答正确")
    assert answer(forms.nth(1), False).startswith("回答错误")
    notice = page.locator(".kb-store-notice")
    expect(notice).to_have_count(1)  # said once, not per answer
    expect(notice).to_contain_text("本机浏览器的存储空间已满")
    page.goto(site_url + "quizzes/exam.html?banks=township-officer-duties&n=2&seed=1")
    for f in page.locator("form.kb-q").all():
        pick(f, True)
    page.get_by_role("button", name="交卷").click()
    expect(page.get_by_role("status").filter(has_text="得分")).to_have_text(re.compile(r"^得分 2/2"))
    expect(page.locator(".kb-store-notice")).to_have_count(1)
    assert page.errors == []


def test_corrupt_local_data_is_said_once_and_replaced(fresh, site_url):
    page = fresh()
    page.goto(site_url + WRONG)
    page.evaluate("localStorage.setItem('kb-quiz', '{broken')")
    page.reload()
    expect(page.locator(".kb-store-notice")).to_have_text(
        "本机保存的作答记录无法读取（数据已损坏或不是本站的），已重新开始记录。"
    )
    expect(page.locator(".kb-wrongbook")).to_contain_text("错题本是空的")
    page.reload()
    expect(page.locator(".kb-store-notice")).to_have_count(0)
    assert page.errors == []


@pytest.mark.parametrize("where", ["http", "file"])
def test_review_for_a_role_takes_its_due_questions_one_per_passage(fresh, site_url, file_url, where):
    """wrong-answers.html?review&roles=… (the role page's 本岗位今日复习): due questions for the
    role only (per-question audience), one per same-passage group; the rest stay due."""
    base = site_url if where == "http" else file_url
    page = fresh(PHONE)
    page.goto(base + WRONG)
    role = "村（社区）统战联络员"
    picked = page.evaluate(
        """role => {
          const items = KB.examData.banks.flatMap(b => b.questions.map(q => ({key: b.id + "/" + q.id, q})));
          const mine = items.filter(it => !it.q.audience.length || it.q.audience.includes(role));
          const byGroup = {};
          mine.forEach(it => (byGroup[it.q.group] = byGroup[it.q.group] || []).push(it.key));
          const pair = Object.values(byGroup).find(keys => keys.length > 1);
          const other = items.find(it => it.q.audience.length && !it.q.audience.includes(role));
          return {pair: pair.slice(0, 2), other: other.key};
        }""",
        role,
    )
    now = page.evaluate("Date.now()")
    due = {"ok": False, "t": now, "s": "", "b": "", "w": 1, "r": 0, "i": 1, "e": 2.5, "d": now - 1000}
    store = {"v": 2, "q": {k: due for k in [*picked["pair"], picked["other"]]}, "h": [], "l": None}
    page.evaluate("s => localStorage.setItem('kb-quiz', s)", json.dumps(store))
    page.goto(base + WRONG + f"?review&roles={role}#review")
    review = page.locator(".kb-review")
    expect(review.locator(".kb-review__count")).to_have_text("今日有 1 道题需要复习。")
    expect(review.locator(".kb-review__scope")).to_have_text(
        f"只复习适用于“{role}”的题，另有 1 道其他岗位的题到期。同一段原文的题一次只复习一道，另外 1 道留到下次。"
        " 复习全部到期的题"
    )
    forms = review.locator("form.kb-q")
    expect(forms).to_have_count(1)
    assert f"{forms.get_attribute('data-bank')}/{forms.get_attribute('data-qid')}" == picked["pair"][0]
    # Without a role: every due question, still one per passage.
    review.get_by_role("link", name="复习全部到期的题").click()
    expect(review.locator("form.kb-q")).to_have_count(2)
    assert page.errors == []
