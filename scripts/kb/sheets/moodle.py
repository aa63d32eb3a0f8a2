"""A bank as Moodle XML (question/format/xml), the format Moodle imports with every detail.

One ``<quiz>``: a category question (``$course$/基层统战/<bank title>``), then per question

- single   → ``multichoice``, ``<single>true</single>``, fraction 100 on the right option, 0 elsewhere;
- multiple → ``multichoice``, ``<single>false</single>``, 100 split over the right options and
  -100 over the wrong ones (see ``share``);
- judge    → ``truefalse``, answers ``true``/``false``, fraction 100 on the right one;
- blank    → ``shortanswer`` when the stem has one blank (one answer per accepted alternative,
  fraction 100, ``<usecase>0</usecase>``), ``cloze`` when it has several: each blank becomes
  ``{1:SHORTANSWER:=alt1~=alt2}`` in the question text.

Texts are written the way Moodle reads them back (``format.php`` of qformat_xml and
qtype_multianswer): question text, options and feedback are HTML with the trainer's text
escaped (``<script>`` stays text); a text that needs it goes in CDATA, a ``]]>`` inside split
over two sections, as Moodle's own exporter does.  Short-answer alternatives escape ``*``
(Moodle's wildcard) as ``\\*``.

Cloze answers: Moodle's cloze parser runs on the HTML question text and ends an answer at an
unescaped ``~``, ``#`` or ``}``; it then decodes HTML entities and removes the backslash from
``\\}`` and ``\\#`` only.  A backslash escape for ``~``, ``/``, ``"`` or ``\\`` would therefore stay
in the accepted answer; a numeric character reference (``&#126;``) does not: its ``#`` cannot
end the answer (the parser's look-behind skips ``&#``) and the reference is decoded.  So every
ASCII character with a meaning there (``} # ~ / " \\ & < > ' = % { :``) is written as a
character reference, and a backslash right before ``}`` or ``#`` is doubled (``cloze_answer``).
``{`` in the text around the blanks is a reference too, so nothing the trainer wrote can start
a cloze field.  Moodle's cloze import reads neither ``<defaultgrade>`` (a cloze question is worth
one mark per blank) nor ``<idnumber>``; the id number is written all the same.
"""

from __future__ import annotations

import html
import re

from ..content.pages import Page
from ..quiz.model import BLANK, Bank, Question
from ..render.links import url
from ..render.quiz_page import source_label

COURSE_CATEGORY = "$course$/基层统战"
# question_bank::fraction_options_full(), as percentages (Moodle accepts a fraction within
# 0.00001 of one of these, and their negatives).
ALLOWED_PERCENTS = (
    "100", "90", "83.33333", "80", "75", "70", "66.66667", "60", "50", "40", "33.33333",
    "30", "25", "20", "16.66667", "14.28571", "12.5", "11.11111", "10", "5", "0",
)  # fmt: skip
PENALTY = {"single": "0.3333333", "multiple": "0.3333333", "judge": "1", "blank": "0.3333333"}
# Characters XML 1.0 cannot carry at all, not even as a character reference.
XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
CLOZE_SPECIAL = re.compile(r"""[}#~/"\\&<>'=%{:]""")


def share(count: int) -> str:
    """The percentage each of ``count`` options gets when 100 is split evenly between them.

    Returned as one of Moodle's allowed values (``33.33333`` for 3; within Moodle's tolerance of
    0.00001, and ``count`` of them round to 100 as Moodle's multiple-choice check requires).
    Only 1 to 10 and 20 options can share exactly; any other count raises ``ValueError``
    rather than rounding to a neighbouring value, which would leave right options that no
    longer add up to 100 (Moodle refuses such a question on import).  Banks have at most 8
    options, so every split they need is exact.
    """
    if count < 1:
        raise ValueError(f"无法把 100 分给 {count} 个选项")
    for value in ALLOWED_PERCENTS:
        if abs(float(value) / 100 - 1 / count) < 0.00001 and round(count * float(value) / 100, 2) == 1:
            return value
    raise ValueError(f"Moodle 的分值只能取固定的几档，100 平分给 {count} 个选项无法准确表示")


def option_percents(q: Question) -> list[str]:
    """Per option of a choice question, its fraction in percent (as written in the file)."""
    right = set(q.answer)
    if q.type == "single":
        return ["100" if i in right else "0" for i in range(len(q.options))]
    wrong = len(q.options) - len(right)
    plus = share(len(right))
    minus = f"-{share(wrong)}" if wrong else "0"
    return [plus if i in right else minus for i in range(len(q.options))]


def category_path(bank: Bank) -> str:
    """``$course$/基层统战/<title>``, the title escaped as Moodle's assemble_category_path does."""
    name = " ".join(bank.title.split()).replace("/", "//")
    if name.startswith("/"):
        name = " " + name
    if name.endswith("/"):
        name += " "
    return f"{COURSE_CATEGORY}/{name}"


def source_ref(q: Question, pages: dict[str, Page]) -> tuple[str, str]:
    """(label, site-relative link): ``页面标题 · 小标题`` and ``duties/x.html#duty-1``."""
    rel, _, anchor = q.source.partition("#")
    return source_label(pages, q.source), url("index.md", rel, anchor)


def question_tags(q: Question, bank: Bank) -> list[str]:
    """The question's own tags, the shortfalls it covers, its level and difficulty (one line each, no repeats)."""
    tags = [*q.tags, *(f"短板：{c}" for c in (q.covers or bank.covers))]
    if q.level:
        tags.append(f"层次：{q.level}")
    if q.difficulty:
        tags.append(f"难度：{q.difficulty}")
    return list(dict.fromkeys(" ".join(t.split()) for t in tags if t.strip()))


def shortanswer_pattern(text: str) -> str:
    """A short-answer alternative as Moodle compares it: ``*`` is a wildcard there, ``\\*`` a star."""
    return text.replace("*", r"\*")


def blanks(q: Question) -> int:
    return len(BLANK.findall(q.stem))


def _check(text: str, where: str) -> str:
    bad = XML_INVALID.search(text)
    if bad:
        raise ValueError(f"{where} 含有 XML 不允许的控制字符 U+{ord(bad.group()):04X}，无法导出")
    return text


def _text(raw: str) -> str:
    """A ``<text>`` element: CDATA when the text needs escaping (as Moodle's xml_escape)."""
    if raw and html.escape(raw) != raw:
        raw = "<![CDATA[" + raw.replace("]]>", "]]]]><![CDATA[>") + "]]>"
    return f"<text>{raw}</text>"


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def cloze_answer(text: str) -> str:
    """A short-answer alternative inside a cloze field (see the module docstring).

    After decoding, Moodle also turns ``\\}`` and ``\\#`` into ``}`` and ``#``: a backslash the
    trainer wrote right before one of them is doubled so that it survives.
    """
    text = re.sub(r"(?<=\\)(?=[}#])", r"\\", shortanswer_pattern(text))
    return CLOZE_SPECIAL.sub(lambda m: f"&#{ord(m.group())};", text)


def feedback_html(q: Question, pages: dict[str, Page]) -> str:
    """General feedback: the explanation, the quote and where the answer is on the site."""
    label, href = source_ref(q, pages)
    quote = f"<blockquote><p>{_esc(q.quote)}</p></blockquote>" if q.quote else ""
    return f"<p>{_esc(q.explanation)}</p>{quote}<p>出处：{_esc(label)}（{_esc(href)}）</p>"


def cloze_text(q: Question) -> str:
    """The question text of a cloze question: the stem with a SHORTANSWER field per blank."""
    parts = [_esc(p).replace("{", "&#123;") for p in BLANK.split(q.stem)]
    out = parts[0]
    for i, alternatives in enumerate(q.answer):
        fields = "~".join("=" + cloze_answer(a) for a in alternatives)
        out += f"{{1:SHORTANSWER:{fields}}}" + parts[i + 1]
    return f"<p>{out}</p>"


def _answer(percent: str, text: str, fmt: str) -> str:
    return (
        f'    <answer fraction="{percent}" format="{fmt}">\n'
        f"      {_text(text)}\n"
        f'      <feedback format="html"><text></text></feedback>\n'
        f"    </answer>\n"
    )


def question_xml(q: Question, bank: Bank, pages: dict[str, Page]) -> str:
    n = blanks(q) if q.type == "blank" else 0
    qtype = {"single": "multichoice", "multiple": "multichoice", "judge": "truefalse"}.get(q.type)
    qtype = qtype or ("shortanswer" if n == 1 else "cloze")
    stem = cloze_text(q) if qtype == "cloze" else f"<p>{_esc(q.stem)}</p>"
    out = [
        f'  <question type="{qtype}">\n',
        f"    <name>{_text(q.id)}</name>\n",
        f'    <questiontext format="html">{_text(stem)}</questiontext>\n',
        f'    <generalfeedback format="html">{_text(feedback_html(q, pages))}</generalfeedback>\n',
    ]
    if qtype != "cloze":  # a cloze question is worth one mark per blank: Moodle ignores defaultgrade
        out.append("    <defaultgrade>1</defaultgrade>\n")
    out += [
        f"    <penalty>{PENALTY[q.type]}</penalty>\n",
        "    <hidden>0</hidden>\n",
        f"    <idnumber>{html.escape(f'{bank.id}/{q.id}', quote=False)}</idnumber>\n",
    ]
    if qtype == "multichoice":
        out += [
            f"    <single>{'true' if q.type == 'single' else 'false'}</single>\n",
            "    <shuffleanswers>true</shuffleanswers>\n",
            "    <answernumbering>ABCD</answernumbering>\n",
        ]
        for percent, option in zip(option_percents(q), q.options, strict=True):
            out.append(_answer(percent, _esc(option), "html"))
    elif qtype == "truefalse":
        right = bool(q.answer[0])
        out.append(_answer("100" if right else "0", "true", "moodle_auto_format"))
        out.append(_answer("0" if right else "100", "false", "moodle_auto_format"))
    elif qtype == "shortanswer":
        out.append("    <usecase>0</usecase>\n")
        for alternative in q.answer[0]:
            out.append(_answer("100", shortanswer_pattern(alternative), "moodle_auto_format"))
    tags = question_tags(q, bank)
    if tags:
        out.append("    <tags>\n")
        out += [f"      <tag>{_text(t)}</tag>\n" for t in tags]
        out.append("    </tags>\n")
    out.append("  </question>\n")
    return _check("".join(out), f"题目 {q.id}")


def to_moodle_xml(bank: Bank, pages: dict[str, Page]) -> str:
    """The whole bank as a Moodle XML file (UTF-8 text with its XML declaration)."""
    info = f"<p>{_esc(bank.description)}</p>" if bank.description else ""
    head = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<quiz>\n'
        '  <question type="category">\n'
        f"    <category>{_text(category_path(bank))}</category>\n"
        f'    <info format="html">{_text(info)}</info>\n'
        "  </question>\n"
    )
    body = "".join(question_xml(q, bank, pages) for q in bank.questions)
    return _check(head, f"题库 {bank.id}") + body + "</quiz>\n"
