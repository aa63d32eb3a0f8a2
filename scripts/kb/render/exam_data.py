"""The data of every bank for the 模拟考试 and 今日复习 pages, as a classic script.

``quizzes/exam-data.js`` sets ``KB.examData`` (``window.KB``: our scripts' one namespace): a
fetch of JSON is refused from file://, a script is not.  Stems, options and explanations are rendered here through ``inline_md``
exactly as on the bank pages (raw HTML in a bank is shown as text, never run); the browser
inserts that HTML, and everything else (quote, labels, titles) as text.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from ..content.schema import QUESTION_TYPES
from ..quiz.coverage import covered_by
from ..quiz.model import Bank, Question, group_key, question_version
from .inline_md import render_inline
from .links import url
from .quiz_page import answer_data, render_stem, source_label

if TYPE_CHECKING:
    from ..site import Site

EXAM_DATA = "quizzes/exam-data.js"
HERE = "quizzes/exam.md"  # source links are written relative to quizzes/ (exam and 错题本 pages)


def _question(site: Site, bank: Bank, q: Question) -> dict:
    rel, _, anchor = q.source.partition("#")
    options = ["对", "错"] if q.type == "judge" else q.options
    return {
        "id": q.id,
        "type": q.type,
        "stem": render_stem(q),
        "options": [render_inline(o) for o in options] if q.type != "blank" else [],
        "answer": json.loads(answer_data(q)),
        "explanation": render_inline(q.explanation),
        "quote": q.quote,
        "href": url(HERE, rel, anchor),
        "label": source_label(site.pages, q.source),
        "covers": covered_by(bank, q),
        "v": question_version(q),  # recorded in the 成绩文件: results regrade against this version
        "group": group_key(q),  # one question per group in an exam or a review
        "audience": bank.audience_of(q),
        # Blanks that may be filled in any order (点多、面广、线长), graded as on the bank page.
        **({"anyOrder": True} if q.any_order else {}),
    }


def exam_data(site: Site) -> dict:
    return {
        "banks": [
            {
                "id": b.id,
                "title": b.title,
                "audience": b.audience,
                "covers": b.covers,
                "questions": [_question(site, b, q) for q in b.questions],
            }
            for b in sorted(site.banks, key=lambda b: b.id)
        ],
        "shortfalls": [{"id": s.id, "title": s.title} for s in site.shortfalls],
        "types": QUESTION_TYPES,
    }


def exam_data_js(site: Site) -> str:
    text = json.dumps(exam_data(site), ensure_ascii=False, separators=(",", ":"))
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029").replace("</", "<\\/")
    return f"/* Generated at build time by kb.render.exam_data: every question bank. */\n(window.KB = window.KB || {{}}).examData = {text};\n"
