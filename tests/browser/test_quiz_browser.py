"""What a cadre does with a quiz: answer, read the feedback and source, come back, retry."""

from __future__ import annotations

import json
import re
import uuid
from pathlib import Path

import pytest
from playwright.sync_api import expect

from helpers.browser import DESKTOP, free_port, pick, serve
from helpers.lenient import without_problems
from kb.render import dispatch
from kb.ship import build

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]
BANK = "quizzes/township-officer-duties.html"


def submit(form) -> str:
    form.locator(".kb-q__check").click()
    status = form.locator("[role=status]")
    expect(status).not_to_be_empty()
    return status.inner_text()


@pytest.fixture
def quiz_page(browser, site_url):
    context = browser.new_context(viewport=DESKTOP, locale="zh-CN")
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    yield page
    assert page.errors == []
    context.close()


def test_answer_each_type_right_and_wrong_then_progress_and_wrong_book(quiz_page, site_url):
    page = quiz_page
    page.goto(site_url + BANK)
    forms = page.locator("form.kb-q")
    expect(page.locator(".kb-quiz__summary")).to_contain_text("已答 0 题")
    answered = {}
    for kind in ("single", "multiple", "judge", "blank"):
        of_kind = page.locator(f'form.kb-q[data-type="{kind}"]')
        assert of_kind.count() >= 2, kind
        for right, form in ((True, of_kind.nth(0)), (False, of_kind.nth(1))):
            pick(form, right)
            text = submit(form)
            assert text.startswith("回答正确" if right else "回答错误"), (kind, text)
            if not right:
                assert "正确答案：" in text
            explanation = form.locator(".kb-q__explanation")
            expect(explanation).to_be_visible()
            link = explanation.locator("a")
            assert re.search(r"\.\./(duties|analyses|roles)/[\w-]+\.html#[\w-]+$", link.get_attribute("href"))
            answered[form.get_attribute("id")] = right
    expect(page.locator(".kb-quiz__summary")).to_contain_text("已答 8 题，答对 4 题")

    # The source link leads to the passage that proves the answer.
    first = forms.first
    target = first.locator(".kb-q__explanation a").get_attribute("href").split("#")[1]
    first.locator(".kb-q__explanation a").click()
    expect(page.locator(f"#{target}")).to_be_in_viewport()

    # Coming back later: progress is remembered, each question says how it went last time.
    page.goto(site_url + BANK)
    expect(page.locator(".kb-quiz__summary")).to_contain_text("已答 8 题，答对 4 题")
    for qid, right in answered.items():
        expect(page.locator(f"#{qid} .kb-q__previous")).to_contain_text("正确" if right else "错误")

    # The 错题本 gathers the four wrong answers; 重做 leads back to just those.
    page.goto(site_url + "quizzes/wrong-answers.html")
    entries = page.locator(".kb-wrongbook li")
    expect(entries).to_have_count(4)
    expect(page.locator(".kb-wrongbook")).to_contain_text("乡镇统战干事工作职责")
    entries.first.locator("a", has_text="重做").click()
    expect(page).to_have_url(re.compile(r"township-officer-duties\.html\?wrong#q-"))
    visible = page.locator("form.kb-q:visible")
    expect(visible).to_have_count(4)
    retry = visible.first
    pick(retry, True)
    assert submit(retry).startswith("回答正确")
    page.goto(site_url + "quizzes/wrong-answers.html")
    expect(page.locator(".kb-wrongbook li")).to_have_count(3)

    # Mastery per shortfall on the coverage page counts the right answers.
    page.goto(site_url + "quizzes/coverage.html")
    mastery = page.locator("[data-kb-mastery]").first
    expect(mastery).to_contain_text(re.compile(r"已掌握 \d+/\d+"))
    assert any(re.search(r"已掌握 [1-9]", t) for t in page.locator("[data-kb-mastery]").all_inner_texts())


def test_options_are_shuffled_and_letters_follow_the_shown_order(quiz_page, site_url):
    page = quiz_page
    orders = set()
    for _ in range(6):
        page.goto(site_url + BANK)
        form = page.locator('form.kb-q[data-type="single"]').first
        orders.add(tuple(form.locator(".kb-q__option").evaluate_all("els => els.map(e => e.dataset.key)")))
        letters = form.locator(".kb-q__letter").all_inner_texts()
        assert letters == [f"{c}." for c in "ABCDEFGH"[: len(letters)]]
    assert len(orders) > 1, "six loads gave the same option order"
    # The letter named in the feedback is the one shown beside the right option.
    pick(form, False)
    text = submit(form)
    answer = form.get_attribute("data-answer")
    shown = form.locator(f'.kb-q__option[data-key="{answer}"] .kb-q__letter').inner_text().rstrip(".")
    assert text.startswith(f"回答错误。正确答案：{shown}。")


def test_keyboard_only(quiz_page, site_url):
    page = quiz_page
    page.goto(site_url + BANK)
    form = page.locator('form.kb-q[data-type="single"]').first
    form.locator("input").first.focus()
    page.keyboard.press("Space")  # select the focused radio
    page.keyboard.press("Tab")  # to the submit button
    assert page.evaluate("document.activeElement.classList.contains('kb-q__check')")
    page.keyboard.press("Enter")
    expect(form.locator("[role=status]")).to_have_text(re.compile("^回答(正确|错误)"))


def test_corrupt_or_foreign_progress_is_discarded(quiz_page, site_url):
    page = quiz_page
    page.goto(site_url + BANK)
    for junk in ["{oops", '{"v": 99, "q": {}}', '["a"]', '{"v": 1, "q": {"x/y": {"ok": "yes"}}}']:
        page.evaluate("junk => localStorage.setItem('kb-quiz', junk)", junk)
        page.reload()
        expect(page.locator(".kb-quiz__summary")).to_contain_text("已答 0 题")
    form = page.locator("form.kb-q").first
    pick(form, True)
    submit(form)
    stored = json.loads(page.evaluate("localStorage.getItem('kb-quiz')"))
    assert stored["v"] == 2 and list(stored["q"]) == [f"township-officer-duties/{form.get_attribute('data-qid')}"]


@pytest.fixture(scope="module")
def evil_site(tmp_path_factory):
    """The site built with one more bank whose text carries HTML and script."""
    quizzes = tmp_path_factory.mktemp("quizzes")
    for f in (ROOT / "quizzes").glob("*.yml"):
        (quizzes / f.name).write_bytes(f.read_bytes())
    (quizzes / "evil.yml").write_text(
        """title: 安全测试题库
covers: [duties]
questions:
  - id: script
    type: single
    level: 识记
    stem: 题干<script>window.__pwned = 1</script>结束
    options: ['<img src=x onerror="window.__pwned = 2">', 统战委员]
    answer: B
    explanation: 解析<script>window.__pwned = 3</script>
    source: duties/township-officer.md#duty-1
""",
        encoding="utf-8",
    )
    config = ROOT / f".test-mkdocs-{uuid.uuid4().hex[:8]}.yml"
    config.write_text(f"INHERIT: mkdocs.yml\nextra:\n  quiz_dir: {quizzes}\n", encoding="utf-8")
    site = tmp_path_factory.mktemp("evil") / "site"
    try:
        # The checker refuses raw HTML in a bank, so the build stops on this one ...
        assert build.build_site(site_dir=site, config=config) != 0
        # ... and were a bank to get past it, the pages must still show its HTML as text:
        # build once more with the checker's verdict set aside (defence in depth).
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(dispatch, "load_site", without_problems(dispatch.load_site))
            assert build.build_site(site_dir=site, config=config) == 0
    finally:
        config.unlink()
    return site


def test_html_in_a_bank_is_shown_never_run(browser, evil_site):
    page = browser.new_page()
    page.goto((evil_site / "quizzes" / "evil.html").as_uri())
    form = page.locator("#q-script")
    expect(form.locator(".kb-q__stem")).to_have_text("题干<script>window.__pwned = 1</script>结束")
    expect(form).to_contain_text('<img src=x onerror="window.__pwned = 2">')
    pick(form, True)
    assert submit(form).startswith("回答正确")
    expect(form.locator(".kb-q__explanation")).to_contain_text("<script>")
    assert page.evaluate("window.__pwned") is None
    assert form.locator("script, img").count() == 0
    page.close()


def test_quiz_works_from_file_url_and_remembers(browser, built_site):
    context = browser.new_context()
    page = context.new_page()
    url = (built_site / BANK).as_uri()
    page.goto(url)
    form = page.locator("form.kb-q").first
    pick(form, False)
    assert submit(form).startswith("回答错误")
    page.goto((built_site / "quizzes" / "wrong-answers.html").as_uri())
    expect(page.locator(".kb-wrongbook li")).to_have_count(1)
    context.close()


def test_without_javascript_questions_are_readable_with_a_notice(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + BANK)
    expect(page.locator(".kb-quiz__notice")).to_contain_text("需要浏览器启用 JavaScript")
    expect(page.locator("form.kb-q legend").first).to_be_visible()
    context.close()


@pytest.fixture(scope="module")
def instant_site(tmp_path_factory):
    """The site built with Material's instant navigation on, served on loopback."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    config = ROOT / f".test-mkdocs-{uuid.uuid4().hex[:8]}.yml"
    config.write_text(
        f"INHERIT: mkdocs.yml\nsite_url: {url}\ntheme:\n  features: [navigation.instant, navigation.sections, navigation.indexes]\n",
        encoding="utf-8",
    )
    site = tmp_path_factory.mktemp("instant") / "site"
    try:
        assert build.build_site(site_dir=site, config=config) == 0
    finally:
        config.unlink()
    with serve(site, port) as served:
        assert served == url
        yield url


def test_quiz_works_with_instant_navigation(quiz_page, instant_site):
    page = quiz_page
    page.goto(instant_site + "quizzes/index.html")
    page.evaluate("window.__samePage = true")  # survives only if navigation stays in-page
    page.locator("article a", has_text="乡镇统战干事工作职责").first.click()
    expect(page).to_have_url(re.compile(r"township-officer-duties\.html$"))
    assert page.evaluate("window.__samePage") is True, "instant navigation did not take over"
    form = page.locator("form.kb-q").first
    pick(form, False)
    assert submit(form).startswith("回答错误")
    page.locator("nav.md-nav--primary a", has_text="错题本").first.click()
    expect(page.locator(".kb-wrongbook li")).to_have_count(1)
    assert page.evaluate("window.__samePage") is True
