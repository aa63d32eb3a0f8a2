"""Quiz pages: one page per bank, rendered at build time as plain accessible HTML.

Each question is a <form> with a <fieldset>/<legend>; options are native radio or checkbox
inputs with labels; blanks are labelled text inputs; feedback goes to a role="status"
element.  The browser module ``assets/quiz/quiz.js`` adds checking, shuffling, scores and
progress; without JavaScript the questions stay readable and a notice says why nothing
happens.  All trainer text passes through ``inline_md`` (raw HTML is shown, not run).
"""

from __future__ import annotations

import html
import json

from ..content import schema
from ..content.pages import Page
from ..quiz.model import BLANK as BLANK_RE
from ..quiz.model import LETTERS, Bank, Question
from .backlinks import render_related
from .inline_md import render_inline
from .links import asset, url

ASSET_DIR = "assets/quiz"
BLANK_TOKEN = "\u2063{}\u2063"


def plain_title(title: str) -> str:
    """A trainer's title as the page title: escaped plain text.  The theme puts page and nav
    titles into <title>, <h1> and the nav as they are, so they must already be HTML text."""
    return html.escape(title, quote=False)


def bank_markdown(bank: Bank) -> str:
    """The generated page source: the title and the placeholder the HTML replaces.  Nothing a
    trainer wrote is Markdown for Python-Markdown: the description comes with the quiz HTML."""
    meta = json.dumps({"title": plain_title(bank.title)}, ensure_ascii=False)
    return f"---\n{meta}\n---\n\n<!-- kb:quiz {bank.id} -->\n"


def source_label(pages: dict[str, Page], source: str) -> str:
    rel, _, anchor = source.partition("#")
    page = pages.get(rel)
    if page is None:
        return source
    heading = page.heading(anchor) if anchor else None
    return f"{page.title} · {heading.text}" if heading else page.title


def render_stem(q: Question) -> str:
    if q.type != "blank":
        return render_inline(q.stem)
    parts = BLANK_RE.split(q.stem)
    tokens = "".join(p + (BLANK_TOKEN.format(i) if i < len(parts) - 1 else "") for i, p in enumerate(parts))
    out = render_inline(tokens)
    for i in range(len(parts) - 1):
        field = (
            f'<input type="text" class="kb-q__blank" name="q-{q.id}-{i}" autocomplete="off" '
            f'aria-label="第 {i + 1} 空" size="6">'
        )
        out = out.replace(BLANK_TOKEN.format(i), field)
    return out


def render_choices(q: Question) -> str:
    if q.type == "blank":
        return ""
    kind = "checkbox" if q.type == "multiple" else "radio"
    options = ["对", "错"] if q.type == "judge" else q.options
    items = []
    for i, opt in enumerate(options):
        letter = "" if q.type == "judge" else f'<span class="kb-q__letter">{LETTERS[i]}.</span> '
        items.append(
            f'<label class="kb-q__option" data-key="{i}"><input type="{kind}" name="q-{q.id}" value="{i}">'
            f"{letter}<span>{render_inline(opt)}</span></label>"
        )
    return f'<div class="kb-q__options">{"".join(items)}</div>'


def answer_data(q: Question) -> str:
    if q.type == "judge":
        return json.dumps(0 if q.answer[0] else 1)  # option 0 is 对
    if q.type == "single":
        return json.dumps(q.answer[0])
    return json.dumps(q.answer, ensure_ascii=False)


def _json_attr(data) -> str:
    return html.escape(json.dumps(data, ensure_ascii=False, separators=(",", ":")))


def render_question(n: int, q: Question, bank: Bank, here: str, pages: dict[str, Page]) -> str:
    rel, _, anchor = q.source.partition("#")
    source = (
        f'<p class="kb-q__source">出处：<a href="{html.escape(url(here, rel, anchor))}">'
        f"{html.escape(source_label(pages, q.source))}</a></p>"
    )
    quote = f'<blockquote class="kb-q__quote">{html.escape(q.quote)}</blockquote>' if q.quote else ""
    any_order = " data-any-order" if q.any_order else ""  # blanks answered in any order (quiz.js)
    # Its own roles, when it names them (else the bank's, on the page root): BANK.html?role=….
    audience = f' data-audience="{_json_attr(q.audience)}"' if q.audience else ""
    return (
        f'<form class="kb-q" id="q-{q.id}" data-qid="{q.id}" data-type="{q.type}" '
        f'data-answer="{html.escape(answer_data(q))}"{any_order}{audience} novalidate>'
        f"<fieldset><legend>"
        f'<span class="kb-q__no">第 {n} 题 · {schema.QUESTION_TYPES[q.type]}</span> '
        f'<span class="kb-q__stem">{render_stem(q)}</span></legend>'
        f"{render_choices(q)}"
        f'<button type="submit" class="md-button kb-q__check">提交答案</button>'
        # 朗读本题 after 提交答案: the keyboard path options → 提交答案 stays as it was; kb-a11y.js
        # loads the speech engine on its first press, so a bank page does not carry it.
        f'<button type="button" class="kb-read__q" data-kb-read="q">朗读本题</button>'
        f'<div class="kb-q__feedback" role="status"></div>'
        f'<div class="kb-q__explanation" hidden><p>{render_inline(q.explanation)}</p>{quote}{source}'
        # Shown with the explanation: the citing section quotes the deciding passage.
        f"{render_related(pages, bank.page_rel, q.id)}</div>"
        f"</fieldset></form>"
    )


def render_bank(bank: Bank, pages: dict[str, Page]) -> str:
    here = bank.page_rel
    base = asset(here, ASSET_DIR)
    questions = "".join(render_question(n, q, bank, here, pages) for n, q in enumerate(bank.questions, 1))
    audience = f' data-audience="{_json_attr(bank.audience)}"' if bank.audience else ""  # quiz.js: ?role=
    description = f'<p class="kb-quiz__description">{render_inline(bank.description)}</p>' if bank.description else ""
    return (
        f'<link rel="stylesheet" href="{base}/quiz.css">'
        f'<div class="kb-quiz" data-bank="{bank.id}" data-title="{html.escape(bank.title)}" data-total="{len(bank.questions)}"'
        f"{audience}>"
        '<noscript><p class="kb-quiz__notice">本页的自测功能需要浏览器启用 JavaScript。'
        "题目和选项仍可阅读；答案解析和出处在启用 JavaScript 后提交答案时显示。</p></noscript>"
        f"{description}"
        f'<p class="kb-quiz__summary" aria-live="polite">共 {len(bank.questions)} 题。</p>'
        '<p class="kb-quiz__controls" hidden>'
        '<button type="button" class="md-button" data-kb-action="wrong">只做错题</button> '
        '<button type="button" class="md-button" data-kb-action="all">全部重做</button></p>'
        f"{questions}</div>"
        f'<script src="{base}/quiz.js"></script>'
    )
