"""Regrading a recorded answer against the bank today, exactly as the browser graded it.

The rules are those of ``docs/assets/quiz/exam.js`` (``grade``) and ``quiz.js`` (``norm``,
``blanksOk``), and the class page (``class-results.js``) calls those same functions, so the
trainer's page, the cadre's screen and ``build.py results`` agree:

* single and judge: exactly one option chosen, and it is the key (judge: 0 对, 1 错);
* multiple: the set chosen is the set of keys;
* blank: something typed, and each blank matches one of its alternatives after ``norm``
  (NFKC, lower case, spaces and punctuation removed); with ``any_order`` the typed texts need
  only match the blanks one to one in some order.

A recorded answer of the wrong shape (text for a choice question, an index out of range) is
wrong, never an error: the file has passed its checksum, so it is what the page wrote or a
forgery, and neither earns a mark.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from dataclasses import dataclass

from ..quiz.model import Question, question_version

# quiz.js norm(): JavaScript's \s (spelled out: Python's differs) and the punctuation it drops.
_JS_SPACE = "\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
_DROPPED = re.compile("[" + _JS_SPACE + r".,;:!?'\"()\[\]{}<>\-_/\\、，。；：！？“”‘’（）《》【】…—·]")
_TAG = re.compile(r"<[^>]*>")


def norm(text: str) -> str:
    return _DROPPED.sub("", unicodedata.normalize("NFKC", str(text)).lower())


def blanks_ok(values: list[str], answer: list[list[str]], any_order: bool) -> bool:
    def fits(v: str, i: int) -> bool:
        return i < len(answer) and any(norm(alt) == norm(v) for alt in answer[i])

    if not any_order:
        return len(values) == len(answer) and all(fits(v, i) for i, v in enumerate(values))
    used = [False] * len(answer)

    def place(k: int) -> bool:
        if k == len(values):
            return True
        for i in range(len(answer)):
            if not used[i] and fits(values[k], i):
                used[i] = True
                if place(k + 1):
                    return True
                used[i] = False
        return False

    return len(values) == len(answer) and place(0)


@dataclass(frozen=True)
class Key:
    """A question as the grader needs it: what the page shows and how it is marked."""

    type: str  # single, multiple, judge, blank
    answer: object  # as in exam-data.js: an index, a list of indexes, or the blanks' alternatives
    any_order: bool
    options: tuple[str, ...]  # plain text of each option, in the bank's order (judge: 对, 错)
    version: str  # kb.quiz.model.question_version


def option_text(markdown: str) -> str:
    """An option as the page shows it (its textContent), for the 题目分析 sheet."""
    from ..render.inline_md import render_inline

    return html.unescape(_TAG.sub("", render_inline(markdown)))


def key_of(q: Question) -> Key:
    from ..render.quiz_page import answer_data

    options = ["对", "错"] if q.type == "judge" else [option_text(o) for o in q.options]
    return Key(q.type, json.loads(answer_data(q)), q.any_order, tuple(options), question_version(q))


def _indexes(answer: list, count: int) -> list[int] | None:
    if not all(isinstance(k, int) and not isinstance(k, bool) and 0 <= k < count for k in answer):
        return None
    return sorted(answer)


def chosen(key: Key, answer: list) -> list[int]:
    """The options a recorded answer chose (bank order), for counting; [] for a blank question or
    an answer that is not a list of option indexes."""
    if key.type == "blank":
        return []
    return sorted(set(_indexes(answer, len(key.options)) or []))


def grade(key: Key, answer: list) -> bool:
    """Whether ``answer`` (as recorded in the 成绩文件) is right for ``key``."""
    if key.type == "blank":
        if not all(isinstance(v, str) for v in answer):
            return False
        values = [v.strip() for v in answer]
        return any(values) and blanks_ok(values, key.answer, key.any_order)
    picked = _indexes(answer, len(key.options))
    if picked is None:
        return False
    if key.type == "multiple":
        return picked == sorted(key.answer)
    return picked == [key.answer]
