"""A paper test as two standalone HTML files, print-ready on A4: 试卷 and 答案与解析.

Each file is one UTF-8 document with its CSS inline, system CJK fonts and no script: nothing
is requested from anywhere (a Content-Security-Policy says so to the browser too).  Trainer
text passes through ``inline_md.render_inline``, so raw HTML in a bank is shown, never run.
Nothing depends on the clock: the same paper gives the same bytes.
"""

from __future__ import annotations

import html
import re

from ..content.pages import Page
from ..quiz.model import BLANK, LETTERS, Question
from ..render.inline_md import render_inline
from ..render.links import url
from ..render.quiz_page import source_label
from .select import Paper, Picked, Section, type_label

SITE_NAME = "基层统战工作培训知识库"
SECTION_NUMBERS = "一二三四五六七八"
TOKEN = "\u2063{}\u2063"  # stands for a blank while the stem goes through Markdown
ANSWER_SLOT = re.compile(r"[（(][\s\u3000]*[)）]")  # the stem already has its （　）
NOTES = {
    "multiple": "每题有两个或两个以上正确选项",
    "judge": "正确的在括号内画“√”，错误的画“×”",
}

CSS = """
@page { size: A4; margin: 18mm 17mm 20mm; @bottom-center { content: "第 " counter(page) " 页，共 " counter(pages) " 页"; font-size: 9pt; color: #555; } @bottom-right { content: "卷号 @SEED@"; font-size: 8pt; color: #777; } }
* { box-sizing: border-box; }
html { background: #f3f3f3; }
body { margin: 0 auto; max-width: 210mm; padding: 16mm 17mm; background: #fff; color: #000;
  font-family: "Noto Serif CJK SC", "Source Han Serif SC", "Songti SC", "SimSun", "Noto Sans CJK SC",
    "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", "WenQuanYi Micro Hei", serif;
  font-size: 11pt; line-height: 1.75; }
h1, h2, .kicker, .subtitle, .no { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC",
  "Microsoft YaHei", "SimHei", "WenQuanYi Micro Hei", sans-serif; }
header { text-align: center; margin-bottom: 6mm; }
.kicker { margin: 0; font-size: 10pt; letter-spacing: 0.1em; color: #444; }
h1 { margin: 2mm 0 0; font-size: 16pt; line-height: 1.4; }
.title-part { display: inline-block; }
.subtitle { margin: 1mm 0 0; font-size: 14pt; font-weight: 700; letter-spacing: 0.5em; }
.candidate { margin: 6mm 0 0; font-size: 11pt; }
.candidate span { display: inline-block; border-bottom: 1px solid #000; height: 1.3em; vertical-align: bottom; margin: 0 1.2em 0 0.2em; }
.info { margin: 3mm 0 0; font-size: 10.5pt; }
.paper-no { font-size: 8.5pt; color: #555; margin-left: 1em; }
h2 { font-size: 12pt; margin: 6mm 0 2mm; break-after: avoid; page-break-after: avoid; }
.note { font-weight: 400; font-size: 10pt; margin-left: 0.5em; }
.q { margin: 0 0 3.5mm; break-inside: avoid; page-break-inside: avoid; }
.stem { margin: 0; }
.no { font-weight: 700; margin-right: 0.3em; }
.options { list-style: none; margin: 1mm 0 0 6mm; padding: 0; display: grid; grid-template-columns: 1fr; column-gap: 6mm; }
.options--2 { grid-template-columns: repeat(2, 1fr); }
.options--3 { grid-template-columns: repeat(3, 1fr); }
.options--4 { grid-template-columns: repeat(4, 1fr); }
.letter { margin-right: 0.3em; }
.blank { display: inline-block; min-width: 7em; border-bottom: 1px solid #000; height: 1.3em; vertical-align: bottom; margin: 0 0.2em; text-align: center; line-height: 1.3; }
.blank--long { min-width: 11em; }
.blank--filled { min-width: 3em; height: auto; padding: 0 0.4em; font-weight: 700; }
.key { display: grid; grid-template-columns: repeat(auto-fill, minmax(30mm, 1fr)); gap: 1mm 4mm; margin: 0 0 4mm; padding: 0; list-style: none; font-size: 10.5pt; }
.key li { break-inside: avoid; }
.key-no { font-weight: 700; }
.answer, .explanation, .quote, .source, .origin { margin: 0.5mm 0 0 6mm; }
.answer { font-weight: 700; }
.label { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", "SimHei", sans-serif; font-weight: 700; }
.quote { border-left: 2px solid #999; padding-left: 0.6em; color: #222; }
.source, .origin { font-size: 9.5pt; color: #333; }
.origin { margin-top: 0; color: #666; }
.path { font-family: "DejaVu Sans Mono", Consolas, monospace; font-size: 8.5pt; }
@media print { html { background: none; } body { max-width: none; padding: 0; } }
"""


def _css(paper: Paper) -> str:
    return CSS.replace("@SEED@", paper.number)


def _document(title: str, css: str, body: str) -> str:
    return (
        "<!DOCTYPE html>\n"
        '<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        # Nothing may be fetched or run: the files are opened off a disk or a USB stick.
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(title)}</title>\n<style>{css}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n"
    )


def _header(paper: Paper, subtitle: str, candidate: bool) -> str:
    who = (
        '<p class="candidate">姓名<span style="width:28mm"></span>单位<span style="width:52mm"></span>'
        '得分<span style="width:20mm"></span></p>'
        if candidate
        else ""
    )
    # A line breaks between bank titles rather than inside one.
    title = "、".join(f'<span class="title-part">{html.escape(b.title)}</span>' for b in paper.banks)
    form = f"（{paper.form} 卷）" if paper.form else ""
    role = f'<p class="info">适用岗位：{html.escape(paper.role)}</p>' if paper.role else ""
    return (
        f'<header><p class="kicker">{SITE_NAME}</p><h1>{title}</h1>'
        f'<p class="subtitle">{subtitle}{form}</p>{who}{role}'
        f'<p class="info">共 {paper.count} 题，满分 {paper.total} 分。'
        f'<span class="paper-no">卷号 {paper.number}</span></p></header>'
    )


def _section_heading(n: int, section: Section, with_note: bool) -> str:
    note = NOTES.get(section.type) if with_note else None
    return (
        f"<h2>{SECTION_NUMBERS[n]}、{type_label(section.type)}"
        f"（每题 {section.points} 分，共 {section.total} 分）"
        + (f'<span class="note">{note}</span>' if note else "")
        + "</h2>"
    )


def _stem(q: Question, fill: bool) -> str:
    """The stem as HTML; blanks are long underlines (filled with the answer on the answer sheet)."""
    if q.type != "blank":
        return render_inline(q.stem)
    parts = BLANK.split(q.stem)
    out = render_inline("".join(p + (TOKEN.format(i) if i < len(parts) - 1 else "") for i, p in enumerate(parts)))
    for i in range(len(parts) - 1):
        alternatives = q.answer[i] if i < len(q.answer) else []
        if fill:
            span = f'<span class="blank blank--filled">{html.escape(alternatives[0] if alternatives else "")}</span>'
        else:
            long = max((len(a) for a in alternatives), default=0) > 5
            span = f'<span class="blank{" blank--long" if long else ""}"></span>'
        out = out.replace(TOKEN.format(i), span)
    return out


def _options_class(options: list[str]) -> str:
    """Short options share a line: four (or three, for five or six of them), else two, else one."""
    longest = max((len(o) for o in options), default=0)
    if longest <= 8:
        return "options options--3" if len(options) in (5, 6) else "options options--4"
    return "options options--2" if longest <= 18 else "options"


def _question(n: int, picked: Picked) -> str:
    q = picked.question
    stem = _stem(q, fill=False)
    if q.type == "judge" or (q.type in ("single", "multiple") and not ANSWER_SLOT.search(q.stem)):
        stem += "（\u3000\u3000）"
    options = ""
    if q.type in ("single", "multiple"):
        shown = picked.options  # shuffled with the seed; the answer sheet uses the same letters
        items = "".join(
            f'<li><span class="letter">{LETTERS[i]}.</span>{render_inline(o)}</li>' for i, o in enumerate(shown)
        )
        options = f'<ol class="{_options_class(shown)}">{items}</ol>'
    return f'<div class="q"><p class="stem"><span class="no">{n}.</span>{stem}</p>{options}</div>'


def _numbered(paper: Paper):
    n = 0
    for s, section in enumerate(paper.sections):
        yield s, section, None, None
        for picked in section.questions:
            n += 1
            yield s, section, n, picked


def render_paper(paper: Paper) -> str:
    body = [_header(paper, "试\u3000卷", candidate=True)]
    for s, section, n, picked in _numbered(paper):
        body.append(_question(n, picked) if picked else _section_heading(s, section, with_note=True))
    return _document(f"{paper.title} 试卷（卷号 {paper.number}）", _css(paper), "\n".join(body))


def answer_text(picked: Picked) -> str:
    """The right answer as HTML: letters (with the options), 对/错, or each blank's accepted words.
    Letters and options are those printed on the paper (shuffled)."""
    q = picked.question
    if q.type == "judge":
        return "对（√）" if q.answer and q.answer[0] else "错（×）"
    if q.type == "blank":
        words = ["或".join(f"“{html.escape(a)}”" for a in alternatives) for alternatives in q.answer]
        if len(words) == 1:
            return words[0]
        return "；".join(f"第 {i} 空 {w}" for i, w in enumerate(words, 1))
    shown, answer = picked.options, picked.answer
    letters = "".join(LETTERS[i] for i in answer)
    if q.type == "single":
        chosen = render_inline(shown[answer[0]])
    else:
        chosen = "；".join(f"{LETTERS[i]}. {render_inline(shown[i])}" for i in answer)
    return f'{letters}<span class="note">（{chosen}）</span>'


def _key(paper: Paper) -> str:
    items = []
    for _, _, n, picked in _numbered(paper):
        if picked:
            q = picked.question
            short = (
                ("√" if q.answer and q.answer[0] else "×")
                if q.type == "judge"
                else "／".join(html.escape(a[0]) for a in q.answer)
                if q.type == "blank"
                else "".join(LETTERS[i] for i in picked.answer)
            )
            items.append(f'<li><span class="key-no">{n}.</span> {short}</li>')
    return f'<h2>答案速查</h2><ol class="key">{"".join(items)}</ol>'


def _answer(n: int, picked: Picked, pages: dict[str, Page]) -> str:
    q = picked.question
    rel, _, anchor = q.source.partition("#")
    path = url("index.md", rel, anchor) if rel.endswith(".md") else q.source
    quote = f'<p class="quote"><span class="label">原文：</span>{html.escape(q.quote)}</p>' if q.quote else ""
    return (
        f'<div class="q"><p class="stem"><span class="no">{n}.</span>{_stem(q, fill=True)}</p>'
        f'<p class="answer"><span class="label">答案：</span>{answer_text(picked)}</p>'
        f'<p class="explanation"><span class="label">解析：</span>{render_inline(q.explanation)}</p>'
        f"{quote}"
        f'<p class="source"><span class="label">出处：</span>{html.escape(source_label(pages, q.source))}'
        f'（<span class="path">{html.escape(path)}</span>）</p>'
        f'<p class="origin">题库 {html.escape(picked.bank.id)} · 题目 {html.escape(q.id)}</p></div>'
    )


def render_answers(paper: Paper, pages: dict[str, Page]) -> str:
    body = [_header(paper, "答案与解析", candidate=False), _key(paper)]
    for s, section, n, picked in _numbered(paper):
        body.append(_answer(n, picked, pages) if picked else _section_heading(s, section, with_note=False))
    return _document(f"{paper.title} 答案与解析（卷号 {paper.number}）", _css(paper), "\n".join(body))
