"""朗读 (read aloud, issue 21 item 5) in the real Chromium on a phone, over HTTP and file://.

The browser's speech engine is replaced before the page loads (``SPEECH_STUB``): it records
every utterance (text, lang, voice) and every pause/resume/cancel, and ends each utterance on
its own after a moment, or only when the test says so (``__speechMs = 1e9`` then
``__speechEnd()``), so the sentence being read can be looked at.  A second variant offers no
Chinese voice, a third no speech synthesis at all: the button must say so.  Each test was seen
failing on the code before 朗读 (no button).
"""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

from helpers.browser import PHONE, Recorder, pick

pytestmark = pytest.mark.browser

DUTIES = "duties/township-officer.html"
BANK = "quizzes/township-officer-duties.html"
EXAM = "quizzes/exam.html?banks=township-officer-duties,village-liaison-duties&n=6&seed=2024"
ZH = [{"name": "Microsoft Huihui", "lang": "zh-CN"}, {"name": "David", "lang": "en-US"}]
NO_ZH = [{"name": "David", "lang": "en-US"}, {"name": "Hortense", "lang": "fr-FR"}]
NO_VOICE = "本机没有安装中文语音，无法朗读。"

SPEECH_STUB = """(() => {
  const voices = __VOICES__, log = [], queue = [];
  let current = null, timer = 0;
  window.__speech = log;
  window.__speechMs = 20;
  class Utterance { constructor(text) { this.text = text; this.lang = ""; this.voice = null; } }
  function pump() {
    if (current || synth.paused || !queue.length) return;
    const u = current = queue.shift();
    synth.speaking = true;
    setTimeout(() => u.onstart && u.onstart({}));
    timer = setTimeout(finish, window.__speechMs);
  }
  function finish() {
    const u = current;
    current = null;
    synth.speaking = false;
    if (u && u.onend) u.onend({});
    pump();
  }
  const synth = {
    speaking: false, pending: false, paused: false,
    getVoices: () => voices.map((v) => ({ name: v.name, lang: v.lang, voiceURI: v.name, localService: true, default: false })),
    speak(u) {
      log.push({ op: "speak", text: u.text, lang: u.lang, voice: u.voice && u.voice.lang });
      queue.push(u);
      pump();
    },
    cancel() {
      log.push({ op: "cancel" });
      const u = current;
      queue.length = 0;
      current = null;
      synth.speaking = false;
      clearTimeout(timer);
      if (u) setTimeout(() => u.onerror && u.onerror({ error: "interrupted" }));  // as Chrome does
    },
    pause() { log.push({ op: "pause" }); synth.paused = true; clearTimeout(timer); },
    resume() { log.push({ op: "resume" }); synth.paused = false; if (current) timer = setTimeout(finish, window.__speechMs); else pump(); },
    addEventListener() {}, removeEventListener() {},
  };
  window.__speechEnd = () => { clearTimeout(timer); finish(); };
  Object.defineProperty(window, "speechSynthesis", { value: synth, configurable: true });
  window.SpeechSynthesisUtterance = Utterance;
})();"""


def speech_stub(voices=ZH) -> str:
    return SPEECH_STUB.replace("__VOICES__", json.dumps(voices))


def open_page(browser, base: str, path: str, voices=ZH, stub: str | None = None):
    context = browser.new_context(viewport=PHONE, locale="zh-CN")
    context.add_init_script(stub if stub is not None else speech_stub(voices))
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.recorder = Recorder(page, base)
    page.goto(base + path)
    return context, page


def said(page) -> list[str]:
    return page.evaluate("__speech.filter(e => e.op === 'speak').map(e => e.text)")


def ops(page) -> list[str]:
    return page.evaluate("__speech.map(e => e.op)")


def wait_said(page, n: int) -> None:
    page.wait_for_function(f"__speech.filter(e => e.op === 'speak').length >= {n}")


def highlighted(page) -> list[str]:
    return page.evaluate("[...(CSS.highlights.get('kb-read') || [])].map(r => r.toString())")


def sentences(text: str) -> list[str]:
    # A sentence ends at 。！？； (with the closing quote after it) or a line end.
    return [s.strip() for s in re.findall(r"[^。！？；\n]+[。！？；]*[”’」』）)]*", text) if s.strip()]


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def read_button(page):
    return page.get_by_role("button", name="朗读", exact=True)


@pytest.fixture(params=["http", "file"])
def base(request, site_url, file_url):
    return site_url if request.param == "http" else file_url


def test_the_page_is_read_sentence_by_sentence_main_text_only(browser, base):
    context, page = open_page(browser, base, DUTIES)
    engine = [u for u in page.recorder.urls if u.endswith("readaloud.js")]
    assert engine == [], "the engine must load on first use only (first-load budget)"
    read_button(page).click()
    wait_said(page, 1)
    page.wait_for_function("document.querySelector('[data-kb-read=stop]').disabled")  # read to the end
    text = said(page)
    article = page.locator("article")
    note = article.locator(".admonition").first
    first = [
        article.locator("h1").inner_text(),
        note.locator(".admonition-title").inner_text(),
        *sentences(note.locator("p:not(.admonition-title)").inner_text()),
    ]
    assert text[: len(first)] == first
    # The whole article and nothing else: its text less the ¶ links and the 朗读 bar.
    main = article.evaluate(
        "a => { const c = a.cloneNode(true); c.querySelectorAll('.headerlink, .kb-read').forEach(e => e.remove());"
        " return c.textContent; }"
    )
    assert squeeze("".join(text)) == squeeze(main)
    for chrome in ["基层统战工作培训知识库", "上一页", "下一页", "回到页面顶部", "字号", "本节链接", "¶"]:
        assert not any(chrome in t for t in text), chrome
    footer = page.locator(".md-footer__title .md-ellipsis").all_inner_texts()
    assert footer and not any(f.strip() in t for f in footer for t in text)
    assert all(len(t) <= 50 for t in text), max(text, key=len)
    langs = page.evaluate("__speech.filter(e => e.op === 'speak').map(e => e.lang + '/' + e.voice)")
    assert set(langs) == {"zh-CN/zh-CN"}
    assert highlighted(page) == []
    assert page.errors == [] and page.recorder.outside() == []
    context.close()


def test_pause_resume_stop_and_the_highlight_follows_the_sentence(browser, base):
    context, page = open_page(browser, base, "handbook.html")
    page.evaluate("window.__speechMs = 1e9")  # each sentence lasts until the test ends it
    read_button(page).click()
    wait_said(page, 1)
    pause, stop = (page.get_by_role("button", name=n, exact=True) for n in ("暂停", "停止"))
    expect(pause).to_be_enabled()
    for b in (read_button(page), pause, stop):
        box = b.bounding_box()
        assert box["width"] >= 48 and box["height"] >= 48
    assert highlighted(page) == said(page)[-1:]
    for n in range(2, 41):
        page.evaluate("__speechEnd()")
        wait_said(page, n)
        assert highlighted(page) == [said(page)[-1]]
    # The sentence read is scrolled to, below the header and the 朗读 bar, which stays on screen.
    view = page.evaluate(
        "(() => { const r = [...CSS.highlights.get('kb-read')][0].getBoundingClientRect();"
        " return [r.top, r.bottom, innerHeight, scrollY, document.querySelector('.kb-read').getBoundingClientRect().bottom]; })()"
    )
    top, bottom, height, scrolled, bar = view
    assert scrolled > 0 and bar < top and bottom <= height, view
    # 字号 keeps working while reading, and the sentence stays in view at the larger size.
    page.get_by_role("button", name="字号：特大").click()
    assert page.evaluate("document.documentElement.dataset.kbFont") == "xl"
    page.evaluate("__speechEnd()")
    wait_said(page, 41)
    page.wait_for_timeout(200)
    assert highlighted(page) == [said(page)[-1]]
    top, bottom, height, _, _ = page.evaluate(
        "(() => { const r = [...CSS.highlights.get('kb-read')][0].getBoundingClientRect();"
        " return [r.top, r.bottom, innerHeight, 0, 0]; })()"
    )
    assert 0 < top and bottom <= height
    # 暂停 / 继续 / 停止 call the engine; 停止 clears the highlight and nothing more is said.
    pause.click()
    assert ops(page)[-1] == "pause"
    resume = page.get_by_role("button", name="继续", exact=True)
    expect(resume).to_be_visible()
    resume.click()
    assert ops(page)[-1] == "resume"
    expect(pause).to_be_visible()
    count = len(said(page))
    stop.click()
    assert ops(page)[-1] == "cancel"
    assert highlighted(page) == []
    expect(pause).to_be_disabled()
    expect(stop).to_be_disabled()
    expect(read_button(page)).to_be_focused()
    page.wait_for_timeout(300)  # the cancelled utterance's error event must not read on
    assert len(said(page)) == count
    assert page.errors == []
    context.close()


def option_texts(form) -> list[str]:
    return [squeeze(re.sub(r"\W", "", t)) for t in form.locator(".kb-q__option").all_inner_texts()]


def test_a_question_is_read_as_shown_and_its_explanation_only_once_answered(browser, base):
    context, page = open_page(browser, base, BANK)
    page.evaluate("window.__speechMs = 150")
    forms = page.locator("form.kb-q")
    expect(page.locator(".kb-read__q")).to_have_count(forms.count())
    form = page.locator('form.kb-q[data-type="single"]').first
    form.get_by_role("button", name="朗读本题").click()
    expect(form.get_by_role("button", name="停止朗读")).to_be_visible()
    expect(form.get_by_role("button", name="朗读本题")).to_be_visible()  # read to the end
    text = said(page)
    stem = form.locator(".kb-q__stem").inner_text()
    assert squeeze(text[1]) == squeeze(stem)
    # The options in the order shown (shuffled on this load), each with its shown letter.
    assert [re.sub(r"\W", "", t) for t in text[2:]] == option_texts(form)
    assert [t[0] for t in text[2:]] == list("ABCD")[: len(text) - 2]
    explanation = form.locator(".kb-q__explanation p").first.text_content()
    assert explanation and not any(s in t for s in sentences(explanation) for t in text)
    assert not any("回答" in t or "正确答案" in t for t in text)

    # Answered: the feedback and the explanation, now on screen, are read after the options.
    pick(form, right=False)
    form.locator(".kb-q__check").click()
    form.get_by_role("button", name="朗读本题").click()
    wait_said(page, len(text) + 3)
    expect(form.get_by_role("button", name="朗读本题")).to_be_visible()
    after = said(page)[len(text) :]
    assert after[1] == text[1]
    assert any(t.startswith("回答错误") for t in after)
    assert sentences(explanation)[0] in after
    assert page.errors == []
    context.close()


def test_exam_questions_get_a_read_button_and_hide_the_answer(browser, base):
    context, page = open_page(browser, base, EXAM)
    forms = page.locator("form.kb-q")
    expect(forms).to_have_count(6)
    expect(page.get_by_role("button", name="朗读本题")).to_have_count(6)
    form = forms.nth(1)
    page.evaluate("window.__speechMs = 1e9")
    form.get_by_role("button", name="朗读本题").click()
    wait_said(page, 1)
    form.get_by_role("button", name="停止朗读").click()  # stops at once
    assert ops(page)[-1] == "cancel"
    assert highlighted(page) == []
    page.evaluate("window.__speechMs = 150")
    form.get_by_role("button", name="朗读本题").click()
    expect(form.get_by_role("button", name="停止朗读")).to_be_visible()
    expect(form.get_by_role("button", name="朗读本题")).to_be_visible()
    text = said(page)
    last = text[len(text) - 2 - form.locator(".kb-q__option").count() :]
    assert squeeze(last[1]) == squeeze(form.locator(".kb-q__stem").inner_text().replace("\u3000", ""))
    assert [re.sub(r"\W", "", t) for t in last[2:]] == option_texts(form)
    hidden = form.locator(".kb-q__explanation").text_content()
    assert hidden and not any(s in t for s in sentences(hidden) for t in text)
    assert page.errors == []
    context.close()


@pytest.mark.parametrize("engine", ["no Chinese voice", "no speech synthesis"])
def test_without_a_chinese_voice_the_button_says_so(browser, base, engine):
    stub = (
        speech_stub(NO_ZH)
        if engine == "no Chinese voice"
        else "Object.defineProperty(window, 'speechSynthesis', { value: undefined })"
    )
    context, page = open_page(browser, base, BANK, stub=stub)
    assert page.evaluate("!window.speechSynthesis") == (engine == "no speech synthesis")
    read_button(page).click()
    expect(page.locator(".kb-read").get_by_role("status")).to_have_text(NO_VOICE)
    form = page.locator("form.kb-q").first
    form.get_by_role("button", name="朗读本题").click()
    expect(form.get_by_role("status").filter(has_text="中文语音")).to_have_text(NO_VOICE)
    if engine == "no Chinese voice":
        assert said(page) == []
    assert page.errors == []
    context.close()


@pytest.mark.parametrize("path", ["roles/township-officer.html", "situations.html", "handbook.html", "index.html"])
def test_the_read_button_is_on_every_reading_page(browser, site_url, path):
    context, page = open_page(browser, site_url, path)
    button = read_button(page)
    expect(button).to_be_visible()
    box = button.bounding_box()
    assert box["width"] >= 48 and box["height"] >= 48
    # Under the page title, before the text.
    assert page.evaluate("document.querySelector('article h1').nextElementSibling.className") == "kb-read"
    button.click()
    wait_said(page, 2)
    assert said(page)[0] == page.locator("article h1").inner_text()
    assert page.errors == []
    context.close()
