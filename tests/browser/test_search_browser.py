"""Site search in a real browser: what a cadre types is found, nonsense is not, from file:// too."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from bench import search_eval
from helpers.browser import DESKTOP
from kb.search import index as search_index
from kb.search import text as search_text

pytestmark = pytest.mark.browser

DONE = re.compile(r"^(找到 \d+ 个结果|没有找到相关内容)$")


def engine_page(browser, site_url):
    """A page of the built site with the search index loaded, for calling the engine directly."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(site_url + "index.html")
    page.add_script_tag(url=site_url + "assets/javascripts/kb-search/engine.js")  # loaded on first use
    page.add_script_tag(url=site_url + search_index.INDEX_PATH)
    return context, page


def expected(q: str) -> list[str]:
    """The query set's answer for ``q`` (search/queries.yml), so tests and evaluation agree."""
    queries, _ = search_eval.load_queries()
    return next(query.expect for query in queries if query.q == q)


def search(page, q: str) -> None:
    """Open the search box as a reader does on this viewport, type ``q``, wait for the answer."""
    box = page.locator(".md-search__input")
    if getattr(page, "viewport_name", "desktop") == "phone":
        page.locator("label.md-header__button[for=__search]").click()  # the box is behind the icon
    else:
        box.click()
    expect(box).to_be_focused()
    box.fill("")
    page.keyboard.insert_text(q)
    expect(page.locator(".md-search-result__meta")).to_have_text(DONE)


def result_keys(page, base: str) -> list[str]:
    hrefs = page.locator("a.md-search-result__link").evaluate_all("els => els.map(a => a.href)")
    return [search_eval.url_key(h, base) for h in hrefs]


def test_committee_member_query_finds_the_right_section_first(page, site_url, built_site):
    # Stock Material searches 统战委员 as 统战* (every page) and shows “缺少: 统战” on pages with it.
    page.goto(site_url + "duties/township-officer.html")
    search(page, "统战委员")
    keys = result_keys(page, site_url)
    assert search_eval.hit(keys[0], expected("统战委员")), keys[:3]
    # Every result shown contains the phrase, and the results do not cover the whole site.
    texts = page.locator("a.md-search-result__link article").evaluate_all("els => els.map(e => e.textContent)")
    assert texts and all("统战委员" in search_text.normalize(t) for t in texts)
    last = page.evaluate("KB.search.ui.last")
    assert 0 < last["pages"] < search_eval.site_pages(built_site)
    expect(page.locator(".md-search-result__terms")).to_have_count(0)  # no “缺少”
    # The result opens its section; the searched words are marked there.
    page.locator("a.md-search-result__link").first.click()
    expect(page).to_have_url(re.compile(r"roles/township-committee-member\.html\?h=[^#]+$"))
    expect(page.locator("article mark[data-kb-highlight]").first).to_have_text("统战委员")
    assert page.recorder.outside() == []


def test_result_points_to_the_section_anchor(page, site_url):
    page.goto(site_url + "index.html")
    search(page, "干事 第八条")  # the duty is numbered 8．: 第八条 = 第8条
    first = page.locator("a.md-search-result__link").first
    assert search_eval.hit(search_eval.url_key(first.get_attribute("href"), site_url), expected("干事 第八条"))
    expect(first.locator("h2")).to_contain_text("完成交办的工作任务")
    first.click()
    expect(page).to_have_url(re.compile(r"duties/township-officer\.html\?h=.*#duty-8$"))
    expect(page.locator("#duty-8")).to_be_in_viewport()


@pytest.mark.parametrize("q", ["黄金", "区块链"])
def test_nonsense_query_finds_nothing(page, site_url, q):
    page.goto(site_url + "index.html")
    search(page, q)
    expect(page.locator(".md-search-result__meta")).to_have_text("没有找到相关内容")
    expect(page.locator("a.md-search-result__link")).to_have_count(0)


def test_search_from_file_url(browser, file_url):
    context = browser.new_context(viewport=DESKTOP, locale="zh-CN")
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(file_url + "analyses/index.html")
    search(page, "民办、民管、民受益")
    keys = result_keys(page, file_url)
    assert search_eval.hit(keys[0], expected("民办、民管、民受益")), keys[:3]
    page.keyboard.press("Enter")  # opens the first result
    expect(page).to_have_url(re.compile(r"^file://.*/principles\.html\?h=.*#principle-run-by-farmers$"))
    assert file_url + "search/index.js" in requests
    assert [u for u in requests if not u.startswith(("file:", "data:"))] == []
    context.close()


def test_index_loads_on_first_use(page, site_url):
    page.goto(site_url + "principles.html")
    page.wait_for_load_state("load")
    index = site_url + "search/index.js"
    # Opening a page costs nothing: neither the index nor the engine and its UI (boot.js loads them).
    for script in (
        index,
        site_url + "assets/javascripts/kb-search/engine.js",
        site_url + "assets/javascripts/kb-search/ui.js",
    ):
        assert script not in page.recorder.urls, script
    search(page, "“双思”")
    assert page.recorder.urls.count(index) == 1
    keys = result_keys(page, site_url)
    assert search_eval.hit(keys[0], expected("“双思”"))


def test_keyboard(page, site_url):
    page.goto(site_url + "glossary.html")
    page.keyboard.press("/")
    expect(page.locator(".md-search__input")).to_be_focused()
    assert page.locator("#__search").is_checked()
    page.keyboard.insert_text("来信来访")
    expect(page.locator(".md-search-result__meta")).to_have_text(DONE)
    page.keyboard.press("ArrowDown")
    expect(page.locator("a.md-search-result__link").first).to_be_focused()
    page.keyboard.press("Escape")
    assert not page.locator("#__search").is_checked()


def test_browser_and_build_normalise_alike(browser, site_url):
    # The index side (Python) and the query side (JavaScript) must agree character for character.
    samples = [
        "民办、民管、民受益",
        "“双思”教育",
        "ＡＢＣ１２３ｘ",
        "统战\u200b委员",
        "支部+协会",
        "商（协）会",
        "第５篇",
        "　全角 空格\t",
        "㈠…Ⅻ",
    ]
    context, page = engine_page(browser, site_url)
    js = page.evaluate("s => s.map(KB.search.normalize)", samples)
    context.close()
    assert js == [search_text.normalize(s) for s in samples]


ENGINE_CASES = """() => {
  const index = new KB.search.Index({vocab: "数据 安全 管理 制度 统战 委员 工作 加强", stop: ["怎么", "呢", "的", "了", "吗"], pages: [["a.html", "甲页", ""], ["b.html", "乙页", ""]], sections: [
    [0, "", "", "要加强数据安全管理，完善管理制度。"],
    [0, "x", "统战委员", "统战委员具体抓。"],
    [1, "", "", "统战工作由委员会负责；街区有块地，连着铁链。"],
    [1, "duty-8", "8．完成交办的工作任务", "完成领导交办的工作任务。", "第8条"],
  ]});
  const found = (q) => index.search(q).results.map((r) => r.page.url + "#" + r.section.anchor);
  return {
    inside: found("安全"), inside2: found("制度"), phrase: found("统战委员"),
    ordinal: found("第八条"), chars: found("区块链"), pieces: found("安全制度"),
    question: found("怎么加强安全制度呢"), particles: found("的了吗"),
  };
}"""


def test_engine_matches_inside_words_and_whole_phrases(browser, site_url):
    # Stock search's known failures (search/BENCHMARK.md), on a made-up index: a word inside a longer word
    # (安全 in 数据安全), a query's tail (统战委员 is not 统战*), single characters of nonsense.
    context, page = engine_page(browser, site_url)
    found = page.evaluate(ENGINE_CASES)
    context.close()
    assert found["inside"] == ["a.html#"] and found["inside2"] == ["a.html#"]
    assert found["phrase"] == ["a.html#x"]  # not b.html, which has 统战 and 委员 apart
    assert found["ordinal"] == ["b.html#duty-8"]
    assert found["chars"] == []  # 区, 块 and 链 each occur, but never as a piece of two
    assert found["pieces"] == ["a.html#"]  # 安全制度 is nowhere whole; 安全 + 制度 are in one section
    assert found["question"] == ["a.html#"]  # 怎么 … 呢 need not match
    assert found["particles"] == []


# --- Questions: natural language, passage kinds, 您是不是要找 ------------------------------


def test_question_finds_the_passage_with_its_kind_and_marks(page, site_url):
    page.goto(site_url + "index.html")
    search(page, "统战资料怎么整理归档")
    first = page.locator("a.md-search-result__link").first
    assert search_eval.hit(search_eval.url_key(first.get_attribute("href"), site_url), expected("统战资料怎么整理归档"))
    expect(first.locator(".kb-search-result__kind")).to_have_text("职责")
    expect(first.locator("mark").first).to_be_visible()  # the matched words, in heading or snippet
    expect(page.locator(".kb-search-result__note").first).to_contain_text("按所含词语排序")
    first.click()
    expect(page).to_have_url(re.compile(r"duties/township-officer\.html\?h=[^#]+#duty-6$"))
    expect(page.locator("#duty-6 ~ p mark[data-kb-highlight]").first).to_be_visible()


def test_synonym_finds_the_sources_wording(page, site_url):
    page.goto(site_url + "index.html")
    search(page, "顺德为什么撤销统战部")  # the sources write 撤消
    keys = result_keys(page, site_url)
    assert search_eval.hit(keys[0], expected("顺德为什么撤销统战部")), keys[:3]
    expect(page.locator("a.md-search-result__link").first.locator("mark").first).to_be_visible()


@pytest.mark.parametrize("q", ["怎么炒股", "宗教管理条例细则"])
def test_nothing_found_is_never_an_empty_box(page, site_url, q):
    page.goto(site_url + "index.html")
    search(page, q)
    expect(page.locator(".md-search-result__meta")).to_have_text("没有找到相关内容")
    expect(page.locator("a.md-search-result__link")).to_have_count(0)
    offer = page.locator(".kb-search-suggest, .kb-search-result__note")
    expect(offer).to_have_count(1)
    if q == "宗教管理条例细则":  # close to headings: offered as links
        expect(page.locator(".kb-search-suggest")).to_contain_text("您是不是要找")
        assert page.locator("a.kb-search-suggest__link").count() >= 1


def test_situations_and_checklists_show_their_kind(browser, site_url):
    # A cadre must tell a 情境 (docs/situations.md) and a 清单 item (docs/checklists.md) from
    # the duty or analysis they quote.
    context, page = engine_page(browser, site_url)
    kinds = page.evaluate(
        """(wanted) => {
      const index = new KB.search.Index(KB.searchData);
      return wanted.map(([url, anchor]) => {
        const s = index.sections.find((s) => index.pages[s.page].url === url && s.anchor === anchor);
        return s ? index.kind(s) : null;
      });
    }""",
        [
            ["situations.html", "sit-work-objects"],
            ["checklists.html", "officer-documents"],
            ["checklists.html", ""],
            ["duties/township-officer.html", "duty-4"],
        ],
    )
    context.close()
    assert kinds == ["情境", "清单", "", "职责"]


def test_long_phrase_found_only_in_editor_headings_is_followed_by_the_passages(page, site_url):
    # 非法宗教聚会屡禁不止 is a heading of docs/situations.md (and a link to it on a role page);
    # the sources say it in other words.  The situation comes first, the source passages
    # holding the query's words follow (before, only the two editor's pages were found).
    page.goto(site_url + "index.html")
    search(page, "非法宗教聚会屡禁不止")
    # In the order a reader sees them: a page's further sections under a closed 更多 are not.
    hrefs = page.locator("a.md-search-result__link").evaluate_all(
        "els => els.filter((a) => !a.closest('details:not([open])')).map((a) => a.href)"
    )
    keys = [search_eval.url_key(h, site_url) for h in hrefs]
    assert keys[0] == "situations#sit-illegal-gatherings", keys[:3]
    sources = ["principles#principle-protect-legal", "analyses/township-survey-2004#measure-5"]
    assert set(sources) & set(keys[:4]), keys[:4]
    expect(page.locator("a.md-search-result__link").first.locator(".kb-search-result__kind")).to_have_text("情境")


def test_wording_as_typed_comes_before_its_synonyms(browser, site_url):
    # 有名无实 is the sources' wording (第三篇); 形同虚设 (第四篇) is its synonym.  Both are found,
    # the passage with the wording typed first.
    context, page = engine_page(browser, site_url)
    texts = page.evaluate(
        "q => new KB.search.Index(KB.searchData).search(q).results.map((r) => r.section.kText)", "有名无实"
    )
    context.close()
    assert "有名无实" in texts[0]
    assert any("有名无实" not in t and "形同虚设" in t for t in texts)


# --- Hardening: pasted text, crafted ?h= ------------------------------------------------------


def test_long_query_is_cut_and_splitting_is_linear(browser, site_url):
    context = browser.new_context()
    page = context.new_page()
    page.goto(site_url + "index.html")
    search(page, "统战工作" + "怎么样啊" * 30)
    expect(page.locator(".kb-search-result__note").first).to_contain_text("只按前 100 个字搜索")
    ms = page.evaluate("""() => {
      const index = new KB.search.Index({vocab: "统战 工作", pages: [["a.html", "甲", ""]], sections: [[0, "", "", "统战工作"]]});
      const t0 = performance.now();
      const res = index.search("统战工作" + "乙丙".repeat(20000));
      KB.search.split("统".repeat(20000), () => true);
      index.segment("统战".repeat(20000));
      return {ms: performance.now() - t0, truncated: res.truncated};
    }""")
    context.close()
    assert ms["truncated"] and ms["ms"] < 1000, ms


@pytest.mark.parametrize("h", ["统" * 3000, "(a+)+" * 50 + "统战委员", "a" * 8000 + "!"])
def test_crafted_highlight_is_escaped_and_capped(browser, site_url, h):
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(site_url + "roles/township-committee-member.html?h=" + quote(h + " 统战委员"))
    page.wait_for_load_state("load")
    words = page.evaluate("h => KB.search.ui.highlightWords(h)", h)
    context.close()
    assert errors == []
    assert sum(map(len, words)) <= 200 and len(words) <= 20


def test_highlight_marks_across_punctuation_without_regex(page, site_url):
    page.goto(site_url + "principles.html?h=" + quote("民办民管民受益 .*"))
    expect(page.locator("article mark[data-kb-highlight]").first).to_have_text("民办、民管、民受益")


# --- The query sets, through the real engine and page, over HTTP and from file:// ---------------

QUERY_SETS = {
    # search/queries.yml: phrases (bar 0.95) and the questions the engine was tuned on (0.90).
    "tuned": (search_eval.QUERIES, None, search_eval.BARS),
    # search/queries-dev.yml: questions written without seeing the engine, then tuned on.
    "dev": (search_eval.DEV, "question", {"question": search_eval.DEV_BAR}),
    # search/queries-dev-2.yml: round 2's held-out set, tuned on in rounds 2 and 3.
    "dev-2": (search_eval.DEV_2, "question", {"question": search_eval.DEV_2_BAR}),
    # search/queries-heldout.yml: round 3's fresh questions, written without seeing the engine,
    # measured once; one general change was made after looking at it (search/BENCHMARK.md).
    "held-out": (search_eval.HELDOUT, "question", {"question": search_eval.HELDOUT_BAR}),
    # round 4's fresh sets, each measured once before it was looked at
    "dev-3": (search_eval.DEV_3, "question", {"question": search_eval.DEV_3_BAR}),
    "dev-4": (search_eval.DEV_4, "question", {"question": search_eval.DEV_4_BAR}),
    # round 4's held-out set: measured once after the work, never tuned on
    "held-out-2": (search_eval.HELDOUT_2, "question", {"question": search_eval.HELDOUT_2_BAR}),
    # near-domain nonsense only: none may find anything but the known few
    "nonsense": (search_eval.NONSENSE, None, {}),
}


@pytest.mark.parametrize("name", list(QUERY_SETS))
def test_query_set_recall_stays_above_the_recorded_bars(browser, site_url, file_url, built_site, name):
    path, kind, bars = QUERY_SETS[name]
    queries, nonsense = search_eval.load_queries(path, kind)
    total = search_eval.site_pages(built_site)
    for base in (site_url, file_url):
        context = browser.new_context(viewport=DESKTOP, locale="zh-CN")
        page = context.new_page()
        search_eval.open_search(page, base + "index.html")
        report = search_eval.evaluate(page, base, queries, nonsense, name, total)
        context.close()
        missed = [f"{o.q} (rank {o.rank})" for o in report.outcomes if not o.rank or o.rank > 3]
        for k, bar in bars.items():
            assert report.recall(3, k) >= bar, f"{base}: {k} recall@3 {report.recall(3, k):.2f} < {bar}; {missed}"
        known = search_eval.NONSENSE_KNOWN if path == search_eval.NONSENSE else set()
        assert [o.q for o in report.nonsense_found if o.q not in known] == [], base
        assert report.every_page == [], base


def test_sections_holding_a_word_found_in_one_pass_match_a_scan_of_every_section(browser, built_site, site_url):
    # Index.holding (one pass over the index text) must give exactly the sections a scan of
    # every section's heading, text, alias and page title gives, on the real index.
    context, page = engine_page(browser, site_url)
    differ = page.evaluate(
        """(words) => {
      const index = new KB.search.Index(KB.searchData);
      const scan = (v) => index.sections.filter((s) => {
        const t = index.pages[s.page].kTitle;
        return s.kText.includes(v) || s.kHead.includes(v) || s.kAlias.includes(v) || s.kKw.includes(v) || t.includes(v);
      }).map((s) => s.id);
      return words.filter((w) => JSON.stringify(index.holding([w])) !== JSON.stringify(scan(w)));
    }""",
        # 信访 and 养老 are keywords (search/keywords.yml) of passages that do not hold them
        ["统战", "统战委员", "第8条", "职责", "三忧", "术语", "区块链", "的", "乡镇统战干事", "信访", "养老"],
    )
    context.close()
    assert differ == []


# --- Keywords (search/keywords.yml) and intents (search/synonyms.yml) --------------------------


def test_keyword_finds_a_passage_that_says_it_otherwise_and_says_why(page, site_url):
    # 养老 is nowhere in the sources (they say 安排老干部的场所, 老弱病残集聚地): the
    # passages that say so are found through their keywords, and the result tells the reader.
    from kb.search import keywords as search_keywords

    keywords = search_keywords.load_keywords()
    holding = [f"{p.removesuffix('.md')}#{a}" for (p, a), words in keywords.items() if any("养老" in w for w in words)]
    assert holding, "no passage has the keyword 养老 any more: pick another for this test"
    page.goto(site_url + "index.html")
    search(page, "统战部成了养老的地方")
    keys = result_keys(page, site_url)
    assert set(keys[:3]) & set(holding), (keys[:3], holding)
    first = page.locator("a.md-search-result__link").first
    expect(first.locator(".kb-search-result__keywords")).to_have_text(re.compile(r"^按检索词找到：.*养老"))


def test_intent_ranks_the_role_and_its_duties_first(browser, site_url):
    # 干啥 asks for duties: the county department's role page (岗位) comes before the
    # situations that merely mention 县委统战部.  Without the intent it ranked 6th.
    context, page = engine_page(browser, site_url)
    got = page.evaluate(
        """(q) => {
      const index = new KB.search.Index(KB.searchData);
      const out = index.search(q);
      return { kinds: out.kinds, top: out.results.slice(0, 3).map((r) => [index.pages[r.section.page].url, index.kind(r.section)]) };
    }""",
        "县委统战部干啥的",
    )
    context.close()
    assert got["kinds"] == ["职责", "岗位"]
    assert ["roles/county-department.html", "岗位"] in got["top"], got["top"]


def test_question_asking_for_a_list_finds_the_list(browser, site_url):
    # 有哪些问题 asks for the whole list: the 问题 heading above an article's problems (no text
    # of its own, so never found before) comes with its items; without a list word it does not.
    context, page = engine_page(browser, site_url)
    got = page.evaluate(
        """(qs) => {
      const index = new KB.search.Index(KB.searchData);
      return qs.map((q) => index.search(q).results.map((r) => [r.section.anchor, index.kind(r.section)]));
    }""",
        ["基层统战工作存在哪些问题", "基层统战工作存在的问题"],
    )
    context.close()
    asked, plain = got
    assert ["problems", "问题"] in asked[:4], asked[:4]
    assert not any(anchor == "problems" for anchor, _ in plain)


def test_what_is_questions_open_the_glossary_entry_and_common_words_together_still_answer(browser, site_url):
    # 是什么 asks for a term: the glossary entry of the longest term inside the question comes
    # first, also through its synonym group (统一战线 = 统战).  A question of common words only
    # finds the passages whose heading or title holds all of them (it found nothing before).
    context, page = engine_page(browser, site_url)
    got = page.evaluate(
        """(qs) => {
      const index = new KB.search.Index(KB.searchData);
      return qs.map((q) => index.search(q).results.slice(0, 3).map((r) => index.pages[r.section.page].url + "#" + r.section.anchor));
    }""",
        ["什么是统一战线", "统战委员是什么", "基层统战工作有哪些问题"],
    )
    context.close()
    united, member, problems = got
    assert united[0] == "glossary.html#term-tongzhan", united
    assert member[0] == "glossary.html#term-tongzhan-weiyuan", member
    assert any(k.endswith("#problems") for k in problems), problems
