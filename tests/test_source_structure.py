"""Issue 25 §3-4: the structure of a document text, its anchors, and the draft pages.

Golden files in tests/golden/sources/: an input text (``NAME.txt``, invented content) and the
pages rendered from it (``NAME.md``, every page under a ``<!-- page: PATH -->`` line).  A first
run writes a missing golden file for review and fails until it is committed; to regenerate one,
delete it and run the test again.
"""

from __future__ import annotations

import html
import itertools
import random
import re
import time
from pathlib import Path

import markdown
import pytest

from kb.sources import draft
from kb.sources.structure import cn_to_int, find_structure, int_to_cn

GOLDEN = Path(__file__).parent / "golden" / "sources"
META = {"category": "policy", "status": "现行"}


def pages_of(name: str) -> dict[str, str]:
    outline = find_structure((GOLDEN / f"{name}.txt").read_text(encoding="utf-8"))
    return draft.render_pages(outline, {**META, "id": f"demo-{name}", "title": outline.meta["title"]})


@pytest.mark.parametrize("name", ["ordinance", "report"])
def test_rendered_pages_match_golden_file(name):
    got = "".join(f"<!-- page: {path} -->\n{text}" for path, text in pages_of(name).items())
    golden = GOLDEN / f"{name}.md"
    if not golden.exists():  # a first run writes it for review, and fails until it is committed
        golden.write_text(got, encoding="utf-8")
        pytest.fail(f"wrote {golden}: review it and commit it")
    assert got == golden.read_text(encoding="utf-8")


def test_chinese_numerals_both_ways():
    assert [cn_to_int(t) for t in ("十", "十二", "二十", "一百零五", "一百一十", "二〇二四", "１２", "九百九十九")] == [
        10, 12, 20, 105, 110, 2024, 12, 999,
    ]  # fmt: skip
    assert cn_to_int("十二条") is None
    assert all(cn_to_int(int_to_cn(n)) == n for n in range(1, 3000))
    assert [int_to_cn(n) for n in (10, 12, 20, 105, 110, 1010)] == [
        "十",
        "十二",
        "二十",
        "一百零五",
        "一百一十",
        "一千零一十",
    ]


def anchors(text: str) -> dict[str, str]:
    return {u.anchor: u.head for u in find_structure(text).walk() if u.kind != "preamble"}


def test_regulation_anchors_and_metadata():
    outline = find_structure((GOLDEN / "ordinance.txt").read_text(encoding="utf-8"))
    got = {u.anchor for u in outline.walk()}
    assert {"chapter-1", "chapter-2-section-1", "article-10", "article-5-item-3", "article-8-item-1", "annex-1"} <= got
    assert outline.meta["date"] == "2024-03-01" and outline.meta["title"] == "某某县社区服务示范条例"
    assert outline.warnings == []
    article5 = outline.unit("article-5")
    assert [b.lines[0][1] for b in article5.blocks] == ["前款第三项所称其他服务项目，由社区服务站公示。"]
    table = outline.unit("article-6").blocks[0]
    assert table.kind == "table" and len(table.lines) == 3
    assert set(outline.footnotes) == {"1"}


def test_report_anchors_nest_and_title_block():
    outline = find_structure((GOLDEN / "report.txt").read_text(encoding="utf-8"))
    got = [u.anchor for u in outline.walk()]
    assert ["s1", "s1-1", "s1-1-1", "s1-1-2", "s1-2", "s2"] == got[1:7]
    assert "s3-1-2" in got and "annex-1" in got
    assert outline.meta == {
        "title": "关于某某县社区服务示范工作情况的报告",
        "issuer": "某某县民政局",
        "number": "某民发〔2024〕3号",
        "date_text": "2024年3月1日",
        "date": "2024-03-01",
    }


@pytest.mark.parametrize(
    ("line", "kind", "number", "shown"),
    [
        ("第十二条　本条例所称社区服务，是指公益性服务。", "article", 12, "第十二条"),
        ("第12条 本条例所称社区服务。", "article", 12, "第12条"),
        ("第三章　监督管理", "chapter", 3, "第三章　监督管理"),
        ("第三章", "chapter", 3, "第三章"),
        ("第二编 分则", "part", 2, "第二编 分则"),
        ("第二节　运行", "section", 2, "第二节　运行"),
        ("附　则", "supplementary", None, "附　则"),
        ("附件", "annex", 1, "附件"),
        ("附件2　名单", "annex", 2, "附件2　名单"),
        ("附件：名单", "annex", 1, "附件：名单"),
        ("一、总体要求", "item", 1, "一、总体要求"),
        ("（三）便民利民；", "item", 3, "（三）便民利民；"),
        ("(3)便民", "item", 3, "(3)便民"),
        ("4.乡镇初审；", "item", 4, "4.乡镇初审；"),
        ("4、乡镇初审；", "item", 4, "4、乡镇初审；"),
        ("③建立制度。", "item", 3, "③建立制度。"),
        ("## 说明", "heading", None, "说明"),
        ("## 二、存在的问题", "item", 2, "二、存在的问题"),
    ],
)
def test_each_numbering_form_is_recognised(line, kind, number, shown):
    unit = next(u for u in find_structure("前言。\n" + line).walk() if u.kind != "preamble")
    assert (unit.kind, unit.number, unit.heading_text) == (kind, number, shown)


@pytest.mark.parametrize(
    "line",
    [
        "第三章规定的事项，由县人民政府负责。",
        "1.5万人参加了活动。",
        "附件：1．社区名单",
        "三是加强培训。",
        "第九条规定的内容。",
    ],
)
def test_sentences_that_only_look_numbered_stay_paragraphs(line):
    outline = find_structure("第一条　总则。\n" + line)
    assert [u.anchor for u in outline.walk()] == ["article-1"]
    assert outline.unit("article-1").blocks[0].lines[0][1] == line


def test_an_unseparated_article_is_taken_when_its_number_is_next():
    assert list(anchors("第一条　总则。\n第二条本条例所称服务。")) == ["article-1", "article-2"]


def test_duplicate_lists_under_articles_get_distinct_anchors():
    text = "第五条　包括：\n一、甲；\n二、乙。\n第六条　包括：\n一、丙；\n二、丁。"
    assert list(anchors(text)) == [
        "article-5",
        "article-5-item-1",
        "article-5-item-2",
        "article-6",
        "article-6-item-1",
        "article-6-item-2",
    ]


def test_duplicate_top_level_lists_are_qualified_by_their_heading():
    text = "## 甲\n一、一\n二、二\n## 乙\n一、三"
    got = list(anchors(text))
    assert len(set(got)) == len(got) == 5
    assert got[1].startswith(got[0] + "-s1") and got[4] == got[3] + "-s1"


def test_annex_restarts_numbering_under_its_own_prefix():
    text = "第一条　甲。\n第二条　乙。\n附件1\n第一条　丙。\n附件2\n第一条　丁。"
    assert list(anchors(text)) == [
        "article-1",
        "article-2",
        "annex-1",
        "annex-1-article-1",
        "annex-2",
        "annex-2-article-1",
    ]
    assert find_structure(text).warnings == []


WARNINGS = [
    ("第一条　甲。\n第三条　丙。", "第2行：第三条前面缺少第二条（上一个是第1行的第一条）；已按原文保留，请核对原文。"),
    (
        "第一条　甲。\n第五条　丙。",
        "第2行：第五条前面缺少第二条至第四条（上一个是第1行的第一条）；已按原文保留，请核对原文。",
    ),
    (
        "第一条　甲。\n第一条　乙。",
        "第2行：第一条与第1行的编号重复；已按原文保留，这一处的锚点是 #article-1-r2，请核对原文。",
    ),
    ("第二条　甲。\n第一条　乙。", "第2行：第一条排在第1行的第二条之后，编号倒退；已按原文保留，请核对原文。"),
    ("（二）甲", "第1行：（二）是这一级的第一个编号，不是从（一）开始；已按原文保留，请核对原文。"),
    ("甲[^1]。", "第1行：正文引用了脚注 [^1]，文末没有它的内容；请核对原文。"),
    ("甲。\n[^1]: 注。", "第2行：脚注 [^1] 的内容在文末，正文中没有引用它；页面上照录在文末，请核对原文。"),
]


@pytest.mark.parametrize(("text", "message"), WARNINGS, ids=[m[:12] for _, m in WARNINGS])
def test_each_warning_message(text, message):
    assert [str(w) for w in find_structure(text).warnings][-1:] == [message]


def test_warning_formats_as_path_line_col():
    warning = find_structure("第一条　甲。\n第三条　丙。").warnings[0]
    assert warning.format("sources/cleaned/x.txt").startswith("sources/cleaned/x.txt:2:1: 第三条前面缺少")


def test_chapters_restart_per_part_or_run_on_without_warnings():
    restart = "第一编\n第一章\n第一条　甲。\n第二编\n第一章\n第二条　乙。"
    run_on = "第一编\n第一章\n第一条　甲。\n第二编\n第二章\n第二条　乙。"
    assert find_structure(restart).warnings == find_structure(run_on).warnings == []
    assert list(anchors(restart))[:2] == ["part-1", "part-1-chapter-1"]


# ---------------------------------------------------------------- every line, verbatim

HEADING = re.compile(r"^#{1,6} (.*) \{#[a-z0-9-]+\}$")


def unescape(line: str) -> str:
    return re.sub(r"\\(.)", r"\1", html.unescape(line))


def page_lines(pages: dict[str, str]) -> list[str]:
    out = []
    for text in pages.values():
        for line in text.split("---\n", 2)[2].split("\n"):
            m = HEADING.match(line)
            if line.startswith("| ") and line.endswith(" |"):
                out.append(" | ".join(unescape(c).replace("|", "\\|") for c in draft.table_cells(line)))
            else:
                out.append(unescape(m.group(1) if m else line))
    return out


def assert_every_line_verbatim(text: str, pages: dict[str, str]) -> None:
    lines = page_lines(pages)
    shown = "\n".join(x for x in lines if x)
    for n, line in enumerate(text.split("\n"), 1):
        line = line.strip(" \t")
        if not line:
            continue
        if line.startswith("| "):
            assert line[2:-2] in lines, (n, line)
            continue
        line = re.sub(r"^#{1,6} +", "", line)
        # A heading that shows only the number (第十二条) is followed by the rest of its line.
        split = [re.escape(line[:k]) + r"\n" + re.escape(line[k:].lstrip(" \u3000")) for k in range(1, len(line))]
        assert line in lines or any(re.search(rf"(?m)^{s}$", shown) for s in split), (n, line)


def test_every_line_of_the_golden_inputs_is_on_the_pages():
    for name in ("ordinance", "report", "ordinance-revised"):
        assert_every_line_verbatim((GOLDEN / f"{name}.txt").read_text(encoding="utf-8"), pages_of(name))


HOSTILE = [
    "<script>alert(1)</script>",
    "1. 不是列表",
    "- 不是列表",
    "+ 也不是",
    "> 不是引用",
    "# 不是标题 {#x}",
    "!!! note 不是提示",
    "??? note 不是折叠",
    "*强调* _下划线_ `代码` [链接](http://x) ![图](y.png)",
    "A&B &amp; &lt; \\ 反斜杠",
    "<!-- kb:quiz-bank -->",
    "---",
    "===",
    "[TOC]",
    "*[HTML]: 缩写",
    "    四个空格",
    "第十二条　<b>粗体</b>与 **星号**",
    "（一）加强培训。<i>斜体</i>之后",
    "| 甲 | <b>乙</b> \\| 丙 |",
]


def random_document(rng: random.Random, n: int) -> str:
    forms = [
        "第{c}章　标题",
        "第{c}条　条文{t}。",
        "第{c}条　{t}",
        "{c}、标题",
        "（{c}）项目{t}；",
        "{d}.细目{t}",
        "（{d}）细目",
        "附件{d}",
    ]
    lines = []
    for _ in range(n):
        if rng.random() < 0.4:
            lines.append(rng.choice(HOSTILE))
        else:
            k = rng.randint(1, 30)
            lines.append(rng.choice(forms).format(c=int_to_cn(k), d=k, t=rng.choice(HOSTILE)))
    return "\n".join(lines)


@pytest.mark.parametrize("seed", range(20))
def test_every_line_verbatim_in_random_documents(seed):
    text = random_document(random.Random(seed), 60)
    pages = draft.render_pages(find_structure(text), {**META, "id": "x", "title": "标题"})
    assert_every_line_verbatim(text, pages)


@pytest.mark.parametrize("seed", range(5))
def test_pages_render_as_text_never_as_html(seed):
    """Through Python-Markdown with the site's extensions: no element the source did not ask for."""
    text = random_document(random.Random(seed), 80)
    md = markdown.Markdown(extensions=["admonition", "attr_list", "tables", "footnotes", "toc", "pymdownx.details"])
    for page in draft.render_pages(find_structure(text), {**META, "id": "x", "title": "标题"}).values():
        # Our own blocks (the 编者按, the metadata list, links to chapter pages) are the only lines
        # starting with "!!! ", four spaces or "- ": a source line never does once escaped.
        ours = re.compile(r"^(!!! |    |- )")
        body = "\n".join(x for x in page.split("---\n", 2)[2].split("\n") if not ours.match(x))
        out = md.reset().convert(body)
        assert not re.search(r"<(script|b|i|em|strong|code|a|img|blockquote|ol|ul|hr|details|pre|div)\b", out)
        assert "alert(1)" not in out or "&lt;script&gt;alert(1)" in out


def test_heading_levels_never_skip():
    for name in ("ordinance", "report"):
        for page in pages_of(name).values():
            levels = [len(m.group(1)) for m in re.finditer(r"(?m)^(#+) ", page)]
            assert levels[0] == 2 and all(b <= a + 1 for a, b in itertools.pairwise(levels)), name


# ---------------------------------------------------------------- a long 条例


def long_ordinance(chapters: int = 20, articles: int = 30) -> str:
    lines, n = ["某某县社区服务示范条例（长篇）"], 0
    for c in range(1, chapters + 1):
        lines.append(f"第{int_to_cn(c)}章　第{c}部分规定")
        for _ in range(articles):
            n += 1
            lines.append(f"第{int_to_cn(n)}条　社区服务站应当按照规定开展第{n}项服务，并公示服务的内容、时间和地点。")
            lines += [f"（{int_to_cn(k)}）第{n}条的第{k}项内容；" for k in range(1, 4)]
    return "\n".join(lines)


def test_long_ordinance_is_split_into_chapter_pages():
    text = long_ordinance(chapters=12, articles=5)
    pages = draft.render_pages(find_structure(text), {**META, "id": "long", "title": "长篇"})
    assert list(pages)[:3] == ["sources/long/index.md", "sources/long/chapter-1.md", "sources/long/chapter-2.md"]
    assert len(pages) == 13
    assert "- [第一章　第1部分规定](chapter-1.md)" in pages["sources/long/index.md"]
    assert "### 第六条 {#article-6}" in pages["sources/long/chapter-2.md"]
    assert_every_line_verbatim(text, pages)


def test_hundred_page_ordinance_is_fast(capsys):
    text = long_ordinance()  # 600 articles, 2,400 units: about 100 printed pages
    start = time.perf_counter()
    outline = find_structure(text)
    pages = draft.render_pages(outline, {**META, "id": "long", "title": "长篇"})
    elapsed = time.perf_counter() - start
    with capsys.disabled():
        print(f"\n600-article 条例 ({len(text):,} characters): structure + pages in {elapsed:.2f} s")
    assert sum(u.kind == "article" for u in outline.walk()) == 600 and len(pages) == 21
