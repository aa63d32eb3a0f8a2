"""Answer marks on the options themselves (issue 21, item 3).

After a question is answered, on a bank page, in 今日复习 and after 交卷, each option says in words
with an icon what it was: the correct answer, the cadre's choice, right or wrong; each blank says
✓ or ✗.  The words sit inside the option's label, so a screen reader reads them with the option.
The options are shuffled: the correct one is found from the page's own data (data-answer, and
each option's data-key), never by position.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from helpers.browser import PHONE, blank_in_any_order, let_storage_commit, pick

pytestmark = pytest.mark.browser
BANK = "quizzes/township-officer-duties.html"
EXAM = "quizzes/exam.html"
WRONG = "quizzes/wrong-answers.html"
KINDS = ("single", "multiple", "judge", "blank")

# One question as the page shows it after answering: its data, and what each option and blank says.
STATE = """f => ({
  type: f.dataset.type, answer: JSON.parse(f.dataset.answer), right: f.classList.contains('kb-q--right'),
  feedback: f.querySelector('.kb-q__feedback').innerText,
  options: [...f.querySelectorAll('.kb-q__option')].map(o => ({
    key: Number(o.dataset.key), chosen: o.querySelector('input').checked,
    marks: [...o.querySelectorAll('.kb-mark')].map(m => m.innerText.replace(/\\s+/g, ' ').trim()),
    hidden: [...o.querySelectorAll('.kb-mark')].some(m => m.closest('[aria-hidden=true]')),
    visible: [...o.querySelectorAll('.kb-mark')].every(m => m.checkVisibility())})),
  blanks: [...f.querySelectorAll('.kb-q__blank')].map(b => ({
    value: b.value,
    marks: [...b.parentNode.querySelectorAll('.kb-mark')].filter(m => m.previousElementSibling === b)
      .map(m => m.innerText.replace(/\\s+/g, ' ').trim())})),
  all: f.querySelectorAll('.kb-mark').length
})"""


# Options drawn with the coloured bar beside the mark (colour only adds to the words).
BARS = "els => els.filter(e => getComputedStyle(e).boxShadow !== 'none').length"


def norm(s: str) -> str:
    """The pages' blank comparison, enough for the answers typed here (exact or "不知道")."""
    return re.sub(r"\s", "", s).lower()


def option_mark(kind: str, correct: bool, chosen: bool) -> str | None:
    if chosen:
        return "✓ 您的选择（正确）" if correct else "✗ 您的选择（错误）"
    if correct:
        return "✓ 正确答案（未选）" if kind == "multiple" else "✓ 正确答案"
    return "○ 不是答案（未选）" if kind == "multiple" else None  # every option of a multiple choice


def problems_of(form) -> list[str]:
    """What is wrong with the marks of one answered question (empty: all as they should be)."""
    s = form.evaluate(STATE)
    name, kind, out = form.get_attribute("id"), s["type"], []
    if kind == "blank":
        for i, b in enumerate(s["blanks"]):
            fits = any(norm(alt) == norm(b["value"]) for alt in s["answer"][i])
            want = "✓ 正确" if fits else "✗ 未填" if not b["value"].strip() else "✗ 错误"
            if b["marks"] != [want]:
                out.append(f"{name} blank {i + 1} ({b['value']!r}): {b['marks']} instead of {want!r}")
            # The accepted answer is said once, in the feedback, not again beside the blank.
            if not fits and (s["answer"][i][0] not in s["feedback"] or s["answer"][i][0] in " ".join(b["marks"])):
                out.append(f"{name} blank {i + 1}: accepted answer not said exactly once: {s['feedback']!r}")
        n = len(s["blanks"])
    else:
        keys = s["answer"] if kind == "multiple" else [s["answer"]]
        for o in s["options"]:
            want = option_mark(kind, o["key"] in keys, o["chosen"])
            if o["marks"] != ([want] if want else []):
                out.append(f"{name} option {o['key']} (chosen {o['chosen']}): {o['marks']} instead of {want!r}")
            if o["marks"] and (o["hidden"] or not o["visible"]):
                out.append(f"{name} option {o['key']}: the mark is hidden")
        n = sum(1 for o in s["options"] if option_mark(kind, o["key"] in keys, o["chosen"]))
        # A screen reader hears the mark with the option: it is part of the control's name.
        role = "checkbox" if kind == "multiple" else "radio"
        named = form.get_by_role(role, name=re.compile("正确答案|您的选择（正确）"))
        if named.count() != len(keys):
            out.append(f"{name}: {named.count()} {role}s named as correct, {len(keys)} expected")
    if s["all"] != n:
        out.append(f"{name}: {s['all']} marks in the question, {n} expected")
    return out


def new_page(browser, viewport=PHONE, font: str | None = "xl"):
    context = browser.new_context(viewport=viewport, locale="zh-CN")
    if font:
        context.add_init_script(f"try {{ localStorage.setItem('kb-font-size', '{font}') }} catch (e) {{}}")
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    return context, page


def sideways(page) -> list[str]:
    """Marks that reach past their question's box or the window (a 390 px phone at 特大)."""
    return page.evaluate(
        """() => [...document.querySelectorAll('.kb-mark')].filter(m => {
             const r = m.getBoundingClientRect(), box = m.closest('fieldset').getBoundingClientRect();
             return r.right > Math.min(box.right, window.innerWidth) + 1 || r.left < box.left - 1;
           }).map(m => m.closest('form').id + ': ' + m.innerText)"""
    ) + (["page scrolls sideways"] if page.evaluate("document.documentElement.scrollWidth > innerWidth") else [])


@pytest.mark.parametrize("where", ["http", "file"])
def test_bank_page_marks_the_options_of_every_kind_and_clears_them_on_retry(browser, site_url, file_url, where):
    base = site_url if where == "http" else file_url
    context, page = new_page(browser)
    page.goto(base + BANK)
    forms = page.locator("form.kb-q")
    expect(forms.first).to_be_visible()
    assert page.locator(".kb-mark").count() == 0  # nothing before answering
    problems, answered = [], []
    for kind in KINDS:
        of_kind = page.locator(f'form.kb-q[data-type="{kind}"]')
        for right, form in ((True, of_kind.nth(0)), (False, of_kind.nth(1))):
            pick(form, right)
            form.locator(".kb-q__check").click()
            expect(form).to_have_class(re.compile("kb-q--right" if right else "kb-q--wrong"))
            problems += problems_of(form)
            answered.append(form)
    assert not problems, "\n".join(problems)
    assert page.locator(".kb-mark").count() > 8
    assert sideways(page) == []
    assert page.locator(".kb-q__option").evaluate_all(BARS) > 0

    # 全部重做: the marks go with the feedback; answered again, one fresh set, no leftovers.
    page.get_by_role("button", name="全部重做").click()
    expect(page.locator(".kb-mark")).to_have_count(0)
    assert page.locator(".kb-q__option").evaluate_all(BARS) == 0  # the coloured bars go with them
    for form, right in zip(answered[:4], (False, True, False, True), strict=True):
        pick(form, right)
        form.locator(".kb-q__check").click()
        assert problems_of(form) == []
    assert page.errors == []
    context.close()


@pytest.mark.parametrize("where", ["http", "file"])
def test_exam_marks_every_question_after_hand_in(browser, site_url, file_url, where):
    base = site_url if where == "http" else file_url
    context, page = new_page(browser)
    page.goto(base + EXAM + "?banks=township-officer-duties,principles-and-policies&n=8&seed=14")
    forms = page.locator("form.kb-q")
    expect(forms).to_have_count(8)
    kinds = forms.evaluate_all("fs => fs.map(f => f.dataset.type)")
    assert set(kinds) == set(KINDS), kinds  # the paper has every kind of question
    for i in range(8):
        if i % 3 < 2:  # right, wrong, and every third left open
            pick(forms.nth(i), right=i % 3 == 0)
    expect(page.locator(".kb-mark")).to_have_count(0)  # no feedback before 交卷
    page.once("dialog", lambda d: d.accept())
    page.get_by_role("button", name="交卷").click()
    expect(page.get_by_role("status").filter(has_text="得分")).to_be_visible()
    problems = [p for i in range(8) for p in problems_of(forms.nth(i))]
    assert not problems, "\n".join(problems)
    assert sideways(page) == []

    # Shown again after a reload (the result stays until a new exam): the same marks.  Over
    # HTTP only: from file:// a test context's Chromium loses localStorage written just before
    # a reload too often to test there (see let_storage_commit; CI lost it even after 1.2 s);
    # test_exam_browser's reload test covers the result surviving a reload from file://.
    if where == "file":
        assert page.errors == []
        context.close()
        return
    let_storage_commit(page)
    page.reload()
    expect(page.get_by_role("status").filter(has_text="得分")).to_be_visible()
    problems = [p for i in range(8) for p in problems_of(forms.nth(i))]
    assert not problems, "\n".join(problems)
    assert page.errors == []
    context.close()


# Over HTTP only: from file:// a test context's Chromium lost the bank page's store before the
# review page read it, even after waiting (CI, three times; see let_storage_commit).  今日复习
# from file:// stays covered by test_one_by_one_browser and test_review_browser.
@pytest.mark.parametrize("where", ["http"])
def test_review_marks_each_question_when_submitted(browser, site_url, file_url, where):
    base = site_url if where == "http" else file_url
    context, page = new_page(browser)
    page.goto(base + BANK)
    for kind in KINDS:  # one wrong answer of each kind: due today
        form = page.locator(f'form.kb-q[data-type="{kind}"]').first
        pick(form, False)
        form.locator(".kb-q__check").click()
        expect(form).to_have_class(re.compile("kb-q--wrong"))
    let_storage_commit(page)  # CI saw an empty 错题本 twice from file:// without it
    page.reload()
    expect(page.locator(".kb-quiz__summary")).to_contain_text(f"已答 {len(KINDS)} 题")
    page.goto(base + WRONG + "?review")
    forms = page.locator(".kb-review form.kb-q")
    expect(forms.first).to_be_visible()
    # One question per source passage is reviewed at a time: at least three kinds are here.
    assert len(set(forms.evaluate_all("fs => fs.map(f => f.dataset.type)"))) >= 3
    for i in range(forms.count()):
        form = forms.nth(i)
        assert form.locator(".kb-mark").count() == 0
        pick(form, right=i % 2 == 0)
        form.locator(".kb-q__check").click()
        expect(form.locator(".kb-q__feedback")).to_have_text(re.compile("^回答(正确|错误)"))
        assert problems_of(form) == []
    assert sideways(page) == []
    assert page.errors == []
    context.close()


def test_blanks_in_any_order_are_marked_by_what_was_typed(browser, site_url):
    """An any_order blank (a trainer's 点多、面广、线长 in any order): a right word in another
    blank's place is ✓, the wrong one beside it ✗.  No shipped question uses it, so the test
    marks one in the exam data as the build writes it (as test_exam_browser.py does)."""

    for any_order, want in ((True, ["✓ 正确", "✗ 错误"]), (False, ["✗ 错误", "✗ 错误"])):
        context, page = new_page(browser)
        if any_order:
            page.route("**/exam-data.js", blank_in_any_order)
        page.goto(site_url + EXAM + "?banks=township-officer-duties&n=100&seed=1")
        form = page.locator("form.kb-q[data-qid=familiar-blank]")
        blanks = form.locator(".kb-q__blank")
        expect(blanks).to_have_count(2)
        blanks.nth(0).fill("基本情况")  # the second blank's answer, typed in the first
        blanks.nth(1).fill("不知道")
        page.once("dialog", lambda d: d.accept())
        page.get_by_role("button", name="交卷").click()
        expect(form).to_have_class(re.compile("kb-q--wrong"))
        assert form.locator(".kb-mark").all_inner_texts() == want, any_order
        assert page.errors == []
        context.close()
