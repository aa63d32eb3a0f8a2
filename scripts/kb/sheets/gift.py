"""A bank as Moodle GIFT text (question/format/gift), for trainers who edit questions as text.

``$CATEGORY: $course$/基层统战/<bank title>``, then one block per question::

    // [id:bank-id/question-id] [tag:短板：duties] [tag:难度：易]
    ::question-id::[plain]题干{
        =right option
        ~wrong option
        ####general feedback
    }

- single: ``=`` before the right option, ``~`` before the others;
- multiple: every option carries a weight, ``~%33.33333%`` on the right ones and ``~%-50%`` on
  the wrong ones (the same allowed values as Moodle XML, ``moodle.share``);
- judge: ``{T}`` / ``{F}``;
- blank with one blank: ``{=alt1 =alt2}`` where the blank is, the rest of the stem after the
  closing brace (Moodle shows a line there; a blank at the very end puts the answer box after
  the question, which is how GIFT works).

GIFT cannot express a question with several blanks (Moodle's GIFT importer reads one answer
set per question; cloze is not part of GIFT), and any way of forcing it would change the
question.  Such questions are left out and reported in ``GiftExport.skipped`` and
``.warning``, and the file says so in a comment; Moodle XML carries them as cloze questions.
A one-blank question whose alternatives contain ``->`` is left out too: Moodle would read it
as a matching question, and GIFT has no escape for ``-`` or ``>``.

Texts: ``\\`` and ``~ = # { } :`` are escaped with a backslash and a line break is written as
``\\n`` (Moodle's repchar); full-width ``：`` needs nothing.  The question text starts with
``[plain]``, so Moodle shows the trainer's text as text (the default "Moodle auto-format" would
let ``<script>`` through as HTML); answers and feedback inherit that format.  A text that starts
with ``[`` gets its own ``[plain]`` so a leading ``[html]`` is not read as a format.  A text
that starts like a weight (``%50%``) gets an explicit weight, and short-answer ``*`` (Moodle's
wildcard) is written as ``\\*``.  The ``// [id:…] [tag:…]`` line is a comment: Moodle versions
that read ids and tags from GIFT comments take them, older ones ignore the line.
"""

from __future__ import annotations

import re

from ..content.pages import Page
from ..quiz.model import BLANK, Bank, Question
from .moodle import blanks, category_path, option_percents, question_tags, shortanswer_pattern, source_ref

# Moodle's $giftanswerweightregex: what would be read as a weight at the start of an answer.
WEIGHT_LIKE = re.compile(r"^%-*[0-9]{1,2}\.?[0-9]*%")
RESERVED = {"\\": "\\\\", "~": "\\~", "=": "\\=", "#": "\\#", "{": "\\{", "}": "\\}", ":": "\\:", "\n": "\\n", "\r": ""}


class GiftExport(str):
    """The GIFT text of a bank (it *is* the text: write it as it is), plus what it leaves out.

    ``skipped`` maps the id of each question GIFT cannot carry to the reason, in Chinese;
    ``warning`` is one Chinese line naming them ('' when none), for the command line.  The
    file itself starts with the same line as a GIFT comment.
    """

    skipped: dict[str, str]

    def __new__(cls, text: str, skipped: dict[str, str] | None = None) -> GiftExport:
        obj = super().__new__(cls, text)
        obj.skipped = dict(skipped or {})
        return obj

    @property
    def text(self) -> str:
        return str.__str__(self)

    @property
    def warning(self) -> str:
        return warning_line(self.skipped)


def warning_line(skipped: dict[str, str]) -> str:
    if not skipped:
        return ""
    reasons = "；".join(f"{qid}（{why}）" for qid, why in skipped.items())
    return (
        f"注意：以下 {len(skipped)} 道题 GIFT 格式无法表示，未导出：{reasons}。"
        "请改用 Moodle XML 格式导出（--format moodle-xml，多空填空题在其中为完形填空题）。"
    )


def escape(text: str) -> str:
    """Backslash-escape GIFT's reserved characters (Moodle's repchar)."""
    return "".join(RESERVED.get(ch, ch) for ch in text)


def plain(text: str) -> str:
    """An escaped text that Moodle will not read a format name (``[html]…``) from."""
    out = escape(text.strip())
    return "[plain]" + out if out.startswith("[") else out


def answer(mark: str, text: str, weight: str | None = None, *, guard: str | None = None) -> str:
    """One answer line: ``=text``, ``~text`` or ``~%w%text``.

    Where Moodle looks for a weight at the start of the text (after ``~``, and after ``=`` in a
    short-answer question), a text that looks like one gets the explicit weight ``guard``.
    """
    body = plain(text)
    if weight is None and guard is not None and WEIGHT_LIKE.match(body):
        weight = guard
    return f"\t{mark}{'%' + weight + '%' if weight is not None else ''}{body}\n"


def feedback(q: Question, pages: dict[str, Page]) -> str:
    label, href = source_ref(q, pages)
    parts = [q.explanation.strip()]
    if q.quote:
        parts.append(f"原文：{q.quote.strip()}")
    parts.append(f"出处：{label}（{href}）")
    return f"\t####{plain(chr(10).join(parts))}\n"


def why_not(q: Question) -> str:
    """Why GIFT cannot carry a question ('' when it can)."""
    if q.type != "blank":
        return ""
    if blanks(q) > 1:
        return f"有 {blanks(q)} 个空"
    if any("->" in escape(a) for a in q.answer[0]):
        return "答案含有“->”，Moodle 会误读为配对题"
    return ""


def comment(q: Question, bank: Bank) -> str:
    def token(kind: str, value: str) -> str:
        return f"[{kind}:{value.replace(']', chr(92) + ']')}]"

    tokens = [token("id", f"{bank.id}/{q.id}"), *(token("tag", t) for t in question_tags(q, bank))]
    return "// " + " ".join(tokens) + "\n"


def question_gift(q: Question, bank: Bank, pages: dict[str, Page]) -> str:
    head = comment(q, bank) + f"::{escape(q.id)}::[plain]"
    gf = feedback(q, pages)
    if q.type == "judge":
        return head + f"{escape(q.stem.strip())}{{{'T' if q.answer[0] else 'F'}\n{gf}}}\n"
    if q.type == "blank":
        before, after = BLANK.split(q.stem)
        answers = "".join(answer("=", shortanswer_pattern(a), guard="100") for a in q.answer[0])
        return head + f"{escape(before.lstrip())}{{\n{answers}{gf}}}{escape(after.rstrip())}\n"
    if q.type == "single":
        right = set(q.answer)
        options = "".join(answer("=", o) if i in right else answer("~", o, guard="0") for i, o in enumerate(q.options))
    else:
        percents = option_percents(q)
        options = "".join(answer("~", o, p) for o, p in zip(q.options, percents, strict=True))
    return head + f"{escape(q.stem.strip())}{{\n{options}{gf}}}\n"


def to_gift(bank: Bank, pages: dict[str, Page]) -> GiftExport:
    """The bank as GIFT text; questions GIFT cannot express are left out and listed."""
    skipped = {q.id: why_not(q) for q in bank.questions if why_not(q)}
    blocks = [f"$CATEGORY: {category_path(bank)}\n"]
    if skipped:
        blocks.insert(0, f"// {warning_line(skipped)}\n")
    blocks += [question_gift(q, bank, pages) for q in bank.questions if q.id not in skipped]
    return GiftExport("\n".join(blocks), skipped)
