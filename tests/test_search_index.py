"""The build-time half of search: sections, text, normalisation, and the index on the built site."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import pytest

from bench import corpus
from kb.check import pages as check
from kb.content import pages as content
from kb.paths import ROOT
from kb.search import index as search_index
from kb.search import synonyms as search_synonyms
from kb.search import text as search_text
from kb.search import vocabulary as search_vocabulary

HTML = """
<div class="admonition note"><p class="admonition-title">编者按</p><p>本页内容出自第五篇。</p></div>
<h2 id="duties">工作职责<a class="headerlink" href="#duties" title="本节链接">&para;</a></h2>
<h3 id="duty-8">8．完成交办的工作任务<a class="headerlink" href="#duty-8">&para;</a></h3>
<p>8.完成领导和<abbr title="统一战线">统战</abbr>部门
交办的工作任务。</p>
<div class="kb-q__explanation" hidden><p>答案是统战委员。</p></div>
<p data-search-exclude>不要索引</p><script>var x = "脚本";</script>
<h4>没有锚点的小标题</h4><ul><li>甲</li><li>乙</li></ul>
"""


def test_sections_split_at_headings_with_ids():
    top, duties, duty8 = search_index.sections_of(HTML)
    assert (top.anchor, top.heading, top.text) == ("", "", "编者按 本页内容出自第五篇。")
    assert (duties.anchor, duties.heading, duties.text) == ("duties", "工作职责", "")
    assert (duty8.anchor, duty8.heading, duty8.alias) == ("duty-8", "8．完成交办的工作任务", "第8条")
    # Line breaks inside Chinese text vanish, block boundaries become one space, a heading
    # without an id stays in the text; hidden, excluded and script content is not indexed.
    assert duty8.text == "8.完成领导和统战部门交办的工作任务。 没有锚点的小标题 甲 乙"


def test_page_without_intro_text_still_has_a_top_entry():
    c = search_index.Collector()
    c.add("a.html", "标题", '<h2 id="x">小节</h2><p>正文</p>')
    data = c.data()
    assert data["pages"] == [["a.html", "标题", ""]]
    assert data["sections"] == [[0, "", "", ""], [0, "x", "小节", "正文"]]


def test_clean_text_drops_zero_width_and_cjk_line_breaks():
    assert search_text.clean_text("统战\u200b委员 \n 工作\u00ad  abc  def") == "统战委员工作 abc def"


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("民办、民管、民受益", "民办民管民受益"),
        ("“双思”教育", "双思教育"),
        ("ＡＢＣ１２３", "abc123"),
        ("支部+协会", "支部协会"),
        ("统战\u200b委员\u3000工作", "统战委员工作"),
    ],
)
def test_normalize(text, key):
    assert search_text.normalize(text) == key


def test_index_is_a_script_with_utf8_text(tmp_path):
    c = search_index.Collector()
    c.add("a.html", "统战委员", "<p>“双思”教育</p>")
    path = c.write(tmp_path)
    text = path.read_text(encoding="utf-8")
    assert text.startswith("/*") and "(window.KB=window.KB||{}).searchData={" in text
    assert "“双思”教育" in text and "\\u" not in text
    assert search_index.read_index(path) == c.data()


def test_pages_in_nav_order_with_path_and_boost():
    c = search_index.Collector()
    c.add("b.html", "乙", "<p>二</p>", order=2, path="工作职责")
    c.add("a.html", "甲", "<p>一</p>", order=1, boost=0.5)
    assert c.data()["pages"] == [["a.html", "甲", "", 0.5], ["b.html", "乙", "工作职责"]]


# --- The index of the built site --------------------------------------------------------


@pytest.fixture(scope="module")
def index(built_site: Path) -> dict:
    return search_index.read_index(built_site / search_index.INDEX_PATH)


def test_every_page_and_anchored_heading_is_indexed(built_site, index):
    pages = {p[0] for p in index["pages"]}
    built = {p.relative_to(built_site).as_posix() for p in built_site.rglob("*.html") if p.name != "404.html"}
    assert pages == built
    anchors: dict[str, set[str]] = {}
    for s in index["sections"]:
        anchors.setdefault(index["pages"][s[0]][0], set()).add(s[1])
    for url, found in anchors.items():
        html = (built_site / url).read_text(encoding="utf-8")
        # Content marked data-search-exclude (the handbook's copies of other pages) is found
        # on its own page, not twice.
        ids = set(re.findall(r'<h[2-6] id="([^"]+)"', html.split("data-search-exclude", 1)[0]))
        # and every quiz question is a passage of its own, opened at its anchor
        ids |= set(re.findall(r'<form class="kb-q" id="([^"]+)"', html))
        assert found - {""} == ids, url


def test_each_quiz_question_is_a_passage_of_its_own(index):
    # A bank as one passage held every word of 55 questions far apart: 党员 in one, 发展 in
    # another made 党员发展流程 a "result".  Each question is now a section, stem and options.
    page = next(n for n, p in enumerate(index["pages"]) if p[0] == "quizzes/situations.html")
    sections = [s for s in index["sections"] if s[0] == page]
    questions = [s for s in sections if s[1].startswith("q-")]
    assert len(questions) == 55
    retired = next(s for s in questions if s[1] == "q-liaison-retired-member")
    assert "某村一位退休的党外知识分子" in retired[3] and "只能由他退休前单位所在地的联络员" in retired[3]
    assert "附件4所列工作对象包括" not in retired[3]  # the explanation stays hidden until answered
    assert all("某村一位退休的党外知识分子" not in s[3] for s in sections if s is not retired)


def test_index_text_is_clean(built_site, index):
    raw = (built_site / search_index.INDEX_PATH).read_text(encoding="utf-8")
    assert "\u200b" not in raw and "\\u" not in raw and "¶" not in raw
    texts = " ".join(s[3] for s in index["sections"])
    assert "<abbr" not in texts and "&para;" not in texts and "&amp;" not in texts


def test_material_search_is_off(built_site):
    # Our index replaces Material's: no 15 MB search_index.json, no worker started by the page.
    assert not (built_site / "search" / "search_index.json").exists()
    html = (built_site / "index.html").read_text(encoding="utf-8")
    assert 'data-md-component="search"' not in html and 'name="search"' not in html
    # The engine and its UI load on first use (boot.js), from the site itself.
    assert "assets/javascripts/kb-search/boot.js" in html and "unpkg" not in html
    assert "kb-search/engine.js" not in html and (built_site / "assets/javascripts/kb-search/engine.js").is_file()


def test_index_is_small(built_site):
    data = (built_site / search_index.INDEX_PATH).read_bytes()
    # The whole site's index, a fraction of one page's weight: about 80 KB of sections, keywords
    # and the site's words, and 30 KB of everyday words the site lacks (search_vocabulary.general_words).
    assert len(gzip.compress(data)) < 130_000


def test_corpus_is_deterministic_and_passes_the_checker(tmp_path):
    a = corpus.generate(tmp_path / "a", pages=60, seed=7)
    b = corpus.generate(tmp_path / "b", pages=60, seed=7)
    assert [p.read_text(encoding="utf-8") for p in a] == [p.read_text(encoding="utf-8") for p in b]
    assert a[-1].relative_to(tmp_path / "a").as_posix() == "topic-02/page-0060.md"
    sizes = [len(p.read_text(encoding="utf-8")) for p in a]
    assert 1500 < sum(sizes) / len(sizes) < 3000
    assert check.check_pages(content.load_pages(tmp_path / "a")) == []


# --- Synonyms, question words and the vocabulary (search/synonyms.yml) -------------------------


def test_synonyms_file_is_valid():
    assert search_synonyms.check_synonyms() == []
    syn = search_synonyms.load_synonyms()
    assert ["撤销", "撤消"] in syn.groups and "怎么" in syn.ignore
    assert all(len(w) >= 2 for g in syn.groups for w in g)


def test_check_synonyms_points_at_the_line(tmp_path):
    bad = tmp_path / "synonyms.yml"
    bad.write_text(
        "groups:\n  - [撤销, 撤消]\n  - [撤销, 取消]\n  - [单]\n  - 考核\n  - [乙乙, 乙乙]\nignore: [怎么]\nextra: 1\n",
        encoding="utf-8",
    )
    found = [str(p) for p in search_synonyms.check_synonyms(bad, shown="search/synonyms.yml")]
    assert found == [
        "search/synonyms.yml:3:6: 第2个同义词组第1项 “撤销”已在第 2 行的同义词组中：一个词只能属于一组",
        "search/synonyms.yml:4:5: 第3个同义词组 至少要有 2 项，现在只有 1 项（两个或以上意思相同的词）",
        "search/synonyms.yml:4:6: 第3个同义词组第1项 “单”只有一个字：单字几乎处处出现，不能作同义词",
        "search/synonyms.yml:5:5: 第4个同义词组 应为列表，实际是 '考核'，请写成 [撤销, 撤消]",
        "search/synonyms.yml:6:10: 第5个同义词组第2项 “乙乙”与第1项重复，请删去一个",
        "search/synonyms.yml:8:1: 未知字段 `extra`。可用的字段：groups、ignore、intents、lists",
    ]
    broken = tmp_path / "broken.yml"
    broken.write_text("groups: [撤销\n", encoding="utf-8")
    (problem,) = search_synonyms.check_synonyms(broken, shown="b.yml")
    assert problem.path == "b.yml" and "YAML" in problem.message


def test_check_intents_points_at_the_line(tmp_path):
    bad = tmp_path / "synonyms.yml"
    bad.write_text(
        "intents:\n"
        "  - {words: [干什么], kinds: [职责, 岗位]}\n"
        "  - {words: [是什么], kinds: [名词]}\n"
        "  - {words: [], kinds: [术语]}\n"
        "  - {words: [怎么办]}\n"
        "  - 怎么办\n",
        encoding="utf-8",
    )
    found = [str(p) for p in search_synonyms.check_synonyms(bad, shown="s.yml")]
    assert found == [
        "s.yml:3:28: 第2个意图的`kinds`第1项 的值“名词”无效，应为以下之一：职责、问题、对策、原则、术语、题目、情境、清单、岗位、条文",
        "s.yml:4:13: 第3个意图的`words` 至少要有 1 项，现在只有 0 项（疑问词）",
        "s.yml:5:5: 缺少必填字段 `kinds`（段落类型），请补上",
        "s.yml:6:5: 第5个意图 应为键值表（key: value 的形式）",
    ]
    syn = search_synonyms.load_synonyms(bad)
    assert syn.intents == [(["干什么"], ["职责", "岗位"])]  # only the well-formed one is used


def test_engine_knows_every_kind_an_intent_may_name():
    # One list of passage kinds: the checker's (KINDS) must be the labels engine.js gives.
    engine = (Path(search_index.__file__).parents[3] / "overrides/assets/javascripts/kb-search/engine.js").read_text(
        encoding="utf-8"
    )
    block = engine[engine.index("var KINDS = [") : engine.index("Index.prototype.kind =")]
    assert set(re.findall(r'"([\u4e00-\u9fff]{2})"\]?', block)) == set(search_synonyms.KINDS)


def test_vocabulary_is_the_pages_words_with_synonyms():
    words = search_vocabulary.vocabulary(["乡镇统战干事负责接待处理来信来访。"], ["撤销"], ["怎么"])
    # 来信来访 is no word of jieba's dictionary: it was found only when an earlier test's build
    # had added synonyms.yml's words to a tokenizer shared by the whole test run.
    assert {"统战干事", "统战", "干事", "来信", "来访", "撤销"} <= set(words)
    assert all(2 <= len(w) <= search_vocabulary.MAX_WORD for w in words)


def test_built_index_ships_vocabulary_synonyms_and_quiz_pages(index):
    vocab = set(index["vocab"].split(" "))
    assert {"统战干事", "联络员", "归档", "撤销"} <= vocab and "怎么" not in vocab
    assert ["撤销", "撤消"] in index["syn"] and "是什么" in index["stop"]
    quiz = {index["pages"][n][0] for n in index["quiz"]}
    assert "quizzes/township-officer-duties.html" in quiz and "quizzes/index.html" not in quiz


def test_sections_record_their_share_of_link_text():
    # A list of links (a role page's 学习步骤) points to the passages holding the same words.
    html = (
        '<h2 id="path">学习步骤</h2><ol><li>读<a href="a.html">乡镇统战干事工作职责</a></li>'
        '<li>读<a href="b.html#x">网络作用发挥上有差距</a></li></ol>'
        '<h2 id="duty-1">1．处理日常事务</h2><p>处理统战工作日常事务，<a href="c.html">见附件</a>。</p>'
    )
    path, duty = search_index.sections_of(html)
    assert path.links == pytest.approx(20 / 22)
    assert duty.links == pytest.approx(3 / 13)  # punctuation and the heading are not counted
    c = search_index.Collector()
    c.add("a.html", "标题", html)
    assert c.data()["signs"] == [1]  # the top entry is 0; only 学习步骤 is a signpost


def test_built_index_marks_link_lists_as_signposts(index):
    where = {(index["pages"][s[0]][0], s[1]): n for n, s in enumerate(index["sections"])}
    signs = set(index["signs"])
    assert where[("roles/village-liaison.html", "quizzes")] in signs  # a list of links to 情境
    assert where[("duties/village-liaison.html", "objects")] not in signs
    assert where[("situations.html", "sit-work-objects")] not in signs  # quotes, with a link to each


# --- The live preview: unchanged pages are not parsed or segmented again -------------------


def test_preview_rebuild_reuses_unchanged_pages_and_writes_a_clean_builds_index(tmp_path, monkeypatch):
    # `mkdocs serve` rebuilds in-process after every edit (scripts/bench/bench_preview.py times
    # it); the search index keeps each page's sections and each text's words between rebuilds.
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from bench.tree import copy_working_tree
    from kb import session

    project = copy_working_tree(tmp_path / "project")
    monkeypatch.chdir(project)
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")

    def build_into(site: Path, previewing: bool) -> bytes:
        monkeypatch.setattr(session.current(), "previewing", previewing)
        build(load_config(config_file=str(project / "mkdocs.yml"), site_dir=str(site), strict=False), dirty=False)
        return (site / search_index.INDEX_PATH).read_bytes()

    build_into(tmp_path / "preview", True)  # the server's first build
    page = project / "docs" / "duties" / "township-officer.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n\n编辑新加的一段：鹦鹉螺花名册。\n", encoding="utf-8")
    bank = project / "quizzes" / "township-officer-duties.yml"
    bank.write_text(bank.read_text(encoding="utf-8").replace("stem: 乡镇统战干事在谁的领导下，", "stem: （改）乡镇统战干事在谁的领导下，", 1), encoding="utf-8")  # fmt: skip
    parsed: list[str] = []
    real = search_index.sections_of
    monkeypatch.setattr(search_index, "sections_of", lambda html: parsed.append(html) or real(html))
    rebuilt = build_into(tmp_path / "preview", True)
    pages = len(search_index.read_index(tmp_path / "preview" / search_index.INDEX_PATH)["pages"])
    # Only the edited page, the bank's page and the pages showing them are parsed again.
    assert 2 <= len(parsed) <= 6 < pages, len(parsed)
    assert "鹦鹉螺" in rebuilt.decode() and "（改）乡镇统战干事" in rebuilt.decode()
    monkeypatch.setattr(search_index, "sections_of", real)
    clean = build_into(tmp_path / "clean", False)
    assert rebuilt == clean  # the same bytes as a clean build


# --- Keywords: everyday words for one passage (search/keywords.yml) ----------------------------


@pytest.fixture(scope="module")
def loaded_site():
    from kb.site import load_site

    return load_site()


def test_keywords_file_is_valid(loaded_site):
    from kb.search import keywords as search_keywords

    assert search_keywords.check_keywords(loaded_site) == []
    kw = search_keywords.load_keywords()
    assert len(kw) >= 100  # the citable passages, each with its everyday words
    assert all(2 <= len(w) <= search_keywords.MAX_KEYWORD for words in kw.values() for w in words)


def test_check_keywords_points_at_the_line(tmp_path, loaded_site):
    from kb.search import keywords as search_keywords

    bad = tmp_path / "keywords.yml"
    bad.write_text(
        "duties/township-officer.md#duty-3: [信访, 信访, 访]\n"
        "duties/township-officer.md#duty-99: [存档]\n"
        "duties/nowhere.md: [存档]\n"
        "duties/township-officer: [存档]\n"
        "duties/township-officer.md# duty-3: [上访]\n"
        "glossary.md#term-tongzhan: 统一战线\n"
        "principles.md: [一二三四五六七八九十一二三]\n",
        encoding="utf-8",
    )
    found = [str(p) for p in search_keywords.check_keywords(loaded_site, bad, shown="search/keywords.yml")]
    assert found == [
        "search/keywords.yml:1:41: `duties/township-officer.md#duty-3`第2项 “信访”与第1项重复，请删去一个",
        "search/keywords.yml:1:45: `duties/township-officer.md#duty-3`第3项 “访”只有一个字：单字几乎处处出现，不能作检索词",
        "search/keywords.yml:2:1: 页面 duties/township-officer.md 中没有锚点 #duty-99，请检查拼写（锚点写在标题后的 {#…} 中）",
        "search/keywords.yml:3:1: 页面 duties/nowhere.md 不存在，请检查路径（相对于 docs/，以 .md 结尾）",
        "search/keywords.yml:4:1: “duties/township-officer”应写成 docs/ 下的页面加锚点，"
        "如 duties/township-officer.md#duty-3（页面以 .md 结尾）",
        "search/keywords.yml:5:1: “duties/township-officer.md# duty-3”与第 1 行指的是同一段落：同一段落的检索词请写在一处",
        "search/keywords.yml:6:28: `glossary.md#term-tongzhan` 应为列表，实际是 '统一战线'，请写成 [信访, 群众来访]",
        "search/keywords.yml:7:17: `principles.md`第1项 “一二三四五六七八九十一二三”太长（超过 12 个字）：检索词应是读者会输入的词或短语",
    ]
    broken = tmp_path / "broken.yml"
    broken.write_text("a.md: [信访\n", encoding="utf-8")
    (problem,) = search_keywords.check_keywords(loaded_site, broken, shown="k.yml")
    assert problem.path == "k.yml" and "YAML" in problem.message
    gbk = tmp_path / "gbk.yml"
    gbk.write_bytes("duties/township-officer.md#duty-3: [信访]\n".encode("gbk"))
    assert [str(p) for p in search_keywords.check_keywords(loaded_site, gbk, shown="k.yml")] == [
        "k.yml:1:37: 文件不是 UTF-8 编码（这里是第一个无法识别的字符），请用 UTF-8 保存（记事本：另存为 → 编码选 UTF-8）"
    ]


def test_index_ships_a_passage_keywords_and_their_words(tmp_path):
    from kb.search import keywords as search_keywords

    path = tmp_path / "keywords.yml"
    path.write_text("duties/a.md#duty-3: [信访, 群众反映问题]\nduties/a.md: [职责清单]\n", encoding="utf-8")
    c = search_index.Collector(keywords=search_keywords.load_keywords(path))
    html = '<h2 id="duty-3">3．接待来信来访</h2><p>负责接待处理来信来访。</p><h2 id="duty-4">4．起草</h2><p>起草。</p>'
    c.add("duties/a.html", "职责", html, src="duties/a.md")
    c.add("duties/b.html", "职责", html, src="duties/b.md")  # another page, same anchors: no keywords
    data = c.data()
    rows = {(data["pages"][s[0]][0], s[1]): s for s in data["sections"]}
    assert rows[("duties/a.html", "duty-3")][4:] == ["第3条", "信访 群众反映问题"]
    assert rows[("duties/a.html", "")][4:] == ["", "职责清单"]
    assert len(rows[("duties/b.html", "duty-3")]) == 5 and len(rows[("duties/a.html", "duty-4")]) == 5
    # The browser splits questions at the keywords' words, as jieba cuts them (群众反映问题 →
    # 群众, 反映, 问题), not at the keywords whole.
    vocab = set(data["vocab"].split(" "))
    assert {"信访", "群众", "反映"} <= vocab and "群众反映问题" not in vocab


def test_a_heading_with_only_headings_below_it_is_a_list():
    html = (
        '<h2 id="problems">问题</h2><h3 id="problem-1">一、人少</h3><p>甲</p><h3 id="problem-2">二、钱少</h3><p>乙</p>'
        '<h2 id="measures">对策</h2><p>丙</p><h3 id="measure-1">一、加人</h3><p>丁</p>'
    )
    c = search_index.Collector()
    c.add("a.html", "标题", html)
    data = c.data()
    anchors = [s[1] for s in data["sections"]]
    # 问题 has no text of its own: its two items follow.  对策 has text: a passage, not a list.
    assert data["lists"] == [[anchors.index("problems"), 2]]
    assert "有哪些" in search_synonyms.load_synonyms().lists


def test_the_dictionary_kept_for_a_build_cuts_as_jiebas_full_dictionary(tmp_path):
    # kb.search.dictionary keeps only the entries the texts can use (memory: issue 22); every
    # chunk of the site's pages, the synonyms and a text the site does not have must be cut
    # exactly as jieba's own tokenizer with its full dictionary, user dictionary and the same
    # added words cuts them.
    import jieba

    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "docs").rglob("*.md"))]
    texts += [p.read_text(encoding="utf-8") for p in sorted((ROOT / "quizzes").glob("*.yml"))]
    texts.append("食堂住宿村委会完全不知道从哪下手")
    syn = search_synonyms.load_synonyms()
    extra = tuple(w for g in syn.groups for w in g if 2 <= len(w) <= search_vocabulary.MAX_WORD)
    full = jieba.Tokenizer()
    full.tmp_dir = str(tmp_path)  # its cache file, not the shared one in /tmp
    full.load_userdict(str(search_vocabulary.USERDICT))
    for word in extra:
        full.add_word(word)
    kept = search_vocabulary._tokenizer(texts, extra)
    assert len(kept.FREQ) < len(full.FREQ) / 5, "the kept dictionary is not smaller"
    assert kept.total == full.total
    chunks = sorted({c for t in texts for c in search_vocabulary._WORDISH.findall(t)})
    assert len(chunks) > 1000
    differ = [c for c in chunks if list(kept.cut_for_search(c)) != list(full.cut_for_search(c))]
    assert not differ, differ[:5]
