"""Reading GIFT and Moodle XML the way Moodle reads them, to test our exports against.

Ports of Moodle's importers (moodle/moodle, ``question/format.php``,
``question/format/gift/format.php``, ``question/format/xml/format.php``,
``question/type/multianswer/questiontype.php``, ``question/type/shortanswer/question.php``),
kept to what decides how a question comes out: escapes and placeholders, ``::name::``,
``$CATEGORY``, the first ``{`` and first ``}``, ``####`` (last one), answer weights (Moodle's
own regular expression), ``#feedback``, ``[format]`` prefixes, ``{T}``/``{F}``/``{TRUE}``/``{FALSE}``,
the ``_____`` Moodle puts where the braces were when text follows them, the order in which
Moodle decides the question type, and PHP's ``trim`` (which keeps full-width spaces).  The
``// [id:…] [tag:…]`` comment reading is that of Moodle versions that have it.  XML goes
through ElementTree, then the same paths and defaults as Moodle's ``import_*`` functions;
cloze text through a port of ``qtype_multianswer_extract_question``.

No PyPI package does this: ``pygiftparser`` 1.1 (2017) finds the last ``{`` of a question,
not the first, and ignores ``\\\\``; ``pygiftparserrgmf`` 0.0.5 does not unescape ``\\\\`` either and
installs under the same module name.  Neither reads Moodle XML.
"""

from __future__ import annotations

import html
import re
import unicodedata
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from html.parser import HTMLParser

# question_bank::fraction_options_full() (as fractions) and match_grade_options's tolerance.
ALLOWED_FRACTIONS = [
    1.0, 0.9, 0.8333333, 0.8, 0.75, 0.7, 0.6666667, 0.6, 0.5, 0.4, 0.3333333, 0.3, 0.25, 0.2,
    0.1666667, 0.1428571, 0.125, 0.1111111, 0.1, 0.05, 0.0,
]  # fmt: skip
ALLOWED_FRACTIONS += [-f for f in ALLOWED_FRACTIONS if f]


def fraction_allowed(fraction: float) -> bool:
    """Moodle's import check (match_grade_options, 'error' mode)."""
    return any(abs(fraction - value) < 0.00001 for value in ALLOWED_FRACTIONS)


def php_trim(text: str) -> str:
    """PHP's trim(): only " \\t\\n\\r\\0\\x0B" (a full-width space stays)."""
    return text.strip(" \t\n\r\0\x0b")


@dataclass
class Answer:
    text: str
    fraction: float
    feedback: str = ""
    format: str = ""


@dataclass
class MoodleQuestion:
    qtype: str
    name: str = ""
    questiontext: str = ""
    questiontextformat: str = ""
    generalfeedback: str = ""
    answers: list[Answer] = field(default_factory=list)
    single: bool | None = None  # multichoice
    shuffleanswers: bool | None = None
    answernumbering: str = ""
    correctanswer: bool | None = None  # truefalse
    usecase: str = ""  # shortanswer
    penalty: str = ""
    defaultmark: str = ""
    idnumber: str | None = None
    tags: list[str] = field(default_factory=list)
    category: str = ""  # the category pseudo-question
    subquestions: dict[int, MoodleQuestion] = field(default_factory=dict)  # cloze, by position


def split_category_path(path: str) -> list[str]:
    """qformat_default::split_category_path (without PARAM_TEXT's tag stripping)."""
    return [php_trim(raw.replace("//", "/")) for raw in re.split(r"(?<!/)/(?!/)", path)]


# --- GIFT ---------------------------------------------------------------------------------

GIFT_WEIGHT = re.compile(r"^%\-*([0-9]{1,2})\.?([0-9]*)%")  # $giftanswerweightregex
_ESCAPED = [("\\:", "&&058;"), ("\\#", "&&035;"), ("\\=", "&&061;"), ("\\{", "&&123;"), ("\\}", "&&125;"), ("\\~", "&&126;"), ("\\n", "&&010")]  # fmt: skip
_FORMATS = {"moodle": "moodle", "html": "html", "plain": "plain", "markdown": "markdown"}


def _escapedchar_pre(text: str) -> str:
    text = text.replace("\\\\", "&&092;")
    for escaped, placeholder in _ESCAPED:
        text = text.replace(escaped, placeholder)
    return text.replace("&&092;", "\\")


def _escapedchar_post(text: str) -> str:
    for char, (_, placeholder) in zip(":#={}~\n", _ESCAPED, strict=True):
        text = text.replace(placeholder, char)
    return text


def _parse_text_with_format(text: str, default: str = "moodle") -> tuple[str, str]:
    """(text, format): a leading ``[html]``/``[plain]``/… sets the format and is removed."""
    fmt = default
    if text.startswith("["):
        end = text.find("]")
        name = text[1:end] if end >= 0 else text[1:-1]
        if name in _FORMATS:
            fmt = _FORMATS[name]
            text = text[end + 1 :]
    return php_trim(_escapedchar_post(text)), fmt


def _answer_weight(answer: str) -> tuple[float, str]:
    """answerweightparser: ``%w%rest`` → (w / 100, rest)."""
    answer = answer[1:]
    end = answer.find("%")
    return float(answer[:end]) / 100, answer[end + 1 :]


def _comment_parser(answer: str, fmt: str) -> tuple[tuple[str, str], str]:
    bits = answer.split("#", 1)
    text = _parse_text_with_format(php_trim(bits[0]), fmt)
    feedback = _parse_text_with_format(php_trim(bits[1]), fmt)[0] if len(bits) > 1 else ""
    return text, feedback


def _idnumber_and_tags(comments: str) -> tuple[str, list[str]]:
    """extract_idnumber_and_tags_from_comment."""
    idnumber = ""
    m = re.search(r"\[id:((?:\\\]|[^\]\x00-\x1f\x7f])+)\]", comments)
    if m:
        idnumber = php_trim(m.group(1)).replace("\\]", "]")
    tags = [php_trim(t).replace("\\]", "]") for t in re.findall(r"\[tag:((?:\\\]|[^\]<>\x00-\x1f\x7f])+)\]", comments)]
    return idnumber, tags


def read_gift_question(lines: list[str]) -> MoodleQuestion | None:
    """qformat_gift::readquestion for one block of non-blank lines."""
    comments = ""
    kept = []
    for line in lines:
        if php_trim(line).startswith("//"):
            comments += php_trim(line) + "\n"
            kept.append(" ")
        else:
            kept.append(line)
    text = php_trim("\n".join(kept))
    if text == "":
        return None
    text = _escapedchar_pre(text)
    if re.match(r"^\$CATEGORY:", text):
        return MoodleQuestion("category", category=php_trim(text[10:]))

    q = MoodleQuestion("")
    q.idnumber, q.tags = _idnumber_and_tags(comments)
    name: str | None = None
    if text.startswith("::"):
        text = text[2:]
        end = text.find("::")
        if end >= 0:
            name = php_trim(_escapedchar_post(text[:end]))
            text = php_trim(text[end + 2 :])

    start, finish = text.find("{"), text.find("}")
    description = start < 0 and finish < 0
    if description:
        answertext = ""
        questiontext = text
    elif start < 0 or finish < 0:
        raise ValueError(f"GIFT brace error: {text!r}")
    else:
        answertext = php_trim(text[start + 1 : finish])
        if text.endswith("}"):
            questiontext = text[:start] + text[finish + 1 :]
        else:
            questiontext = text[:start] + "_____" + text[finish + 1 :]

    separator = answertext.rfind("####")
    generalfeedback = ""
    if separator >= 0:
        generalfeedback = answertext[separator + 4 :]
        answertext = php_trim(answertext[:separator])

    q.questiontext, q.questiontextformat = _parse_text_with_format(questiontext)
    q.generalfeedback = _parse_text_with_format(generalfeedback, q.questiontextformat)[0]
    q.name = name if name is not None else q.questiontext[:80]
    fmt = q.questiontextformat

    if description:
        q.qtype = "description"
    elif answertext == "":
        q.qtype = "essay"
    elif answertext[0] == "#":
        q.qtype = "numerical"
    elif "~" in answertext:
        q.qtype = "multichoice"
    elif "=" in answertext and "->" in answertext:
        q.qtype = "match"
    else:
        check = answertext
        if answertext.find("#") > 0:
            check = php_trim(answertext[: answertext.find("#")])
        q.qtype = "truefalse" if check in ("T", "TRUE", "F", "FALSE") else "shortanswer"

    if q.qtype == "multichoice":
        q.single = "=" in answertext
        answers = answertext.replace("=", "~=").split("~")
        answers[0] = php_trim(answers[0])
        if answers[0] in ("", "0"):  # PHP empty()
            answers.pop(0)
        if len(answers) < 2:
            raise ValueError(f"GIFT: a multichoice question needs two answers: {text!r}")
        for raw in answers:
            raw = php_trim(raw)
            if raw[:1] == "=":
                weight, raw = 1.0, raw[1:]
            elif GIFT_WEIGHT.match(raw):
                weight, raw = _answer_weight(raw)
            else:
                weight = 0.0
            (atext, afmt), feedback = _comment_parser(raw, fmt)
            q.answers.append(Answer(atext, weight, feedback, afmt))
    elif q.qtype == "truefalse":
        bits = answertext.split("#", 2)
        q.correctanswer = _parse_text_with_format(php_trim(bits[0]), fmt)[0] in ("T", "TRUE")
        q.penalty = "1"
    elif q.qtype == "shortanswer":
        answers = answertext.split("=")
        answers[0] = php_trim(answers[0])
        if answers[0] in ("", "0"):
            answers.pop(0)
        if not answers:
            raise ValueError(f"GIFT: a short-answer question needs an answer: {text!r}")
        for raw in answers:
            raw = php_trim(raw)
            weight = 1.0
            if GIFT_WEIGHT.match(raw):
                weight, raw = _answer_weight(raw)
            (atext, afmt), feedback = _comment_parser(raw, fmt)
            q.answers.append(Answer(atext, weight, feedback, afmt))
    return q


def read_gift(text: str) -> list[MoodleQuestion]:
    """qformat_default::readquestions: blocks of lines between blank lines, each read as above."""
    lines = text.lstrip("\ufeff").split("\n")
    questions, block = [], []
    for line in [*lines, ""]:
        line = php_trim(line)
        if line in ("", "0"):  # PHP empty()
            if block:
                q = read_gift_question(block)
                if q is not None:
                    questions.append(q)
                block = []
        else:
            block.append(line)
    return questions


# --- Moodle XML ---------------------------------------------------------------------------


def _path(el: ET.Element | None, *names: str) -> ET.Element | None:
    for name in names:
        if el is None:
            return None
        el = el.find(name)
    return el


def _text_of(el: ET.Element | None, default: str = "") -> str:
    """getpath(…, ['#', 'text', 0, '#'], default, true): the first <text>, trimmed."""
    text = _path(el, "text")
    return php_trim(text.text or "") if text is not None else default


def _trans_single(value: str) -> bool:
    value = php_trim(value)
    return not (value == "false" or value in ("", "0"))


def _headers(qx: ET.Element, q: MoodleQuestion) -> None:
    q.name = _text_of(qx.find("name"))
    questiontext = qx.find("questiontext")
    q.questiontext = _text_of(questiontext)
    q.questiontextformat = questiontext.get("format", "html") if questiontext is not None else "html"
    idnumber = qx.find("idnumber")
    q.idnumber = idnumber.text if idnumber is not None else None
    q.generalfeedback = _text_of(qx.find("generalfeedback"))
    q.defaultmark = (qx.findtext("defaultgrade") or "").strip()
    q.penalty = (qx.findtext("penalty") or "").strip()
    q.tags = [_text_of(t) for t in qx.findall("tags/tag")]


def _answers(qx: ET.Element) -> list[Answer]:
    return [
        Answer(_text_of(a), float(a.get("fraction", "0")) / 100, _text_of(a.find("feedback")), a.get("format", ""))
        for a in qx.findall("answer")
    ]


# qtype_multianswer's regular expressions (PCRE look-behinds split into fixed-width ones).
_FRACTION = r"=|%(-?[0-9]+(?:[.,][0-9]*)?)%"
_ALT_ANSWER = r".+?(?<!\\)(?<!&)(?<!&amp;)(?=[~#}]|$)"
_ALT_FEEDBACK = r".*?(?<!\\)(?=[~}]|$)"
_ALT = f"({_FRACTION})?({_ALT_ANSWER})(#({_ALT_FEEDBACK}))?"
_TYPES = (
    r"(NUMERICAL|NM)|(MULTICHOICE|MC)|(MULTICHOICE_V|MCV)|(MULTICHOICE_H|MCH)|"
    r"(SHORTANSWER|SA|MW)|(SHORTANSWER_C|SAC|MWC)|"
    r"(MULTICHOICE_S|MCS)|(MULTICHOICE_VS|MCVS)|(MULTICHOICE_HS|MCHS)|"
    r"(MULTIRESPONSE|MR)|(MULTIRESPONSE_H|MRH)|(MULTIRESPONSE_S|MRS)|(MULTIRESPONSE_HS|MRHS)"
)
_CLOZE = re.compile(r"\{([0-9]*):(" + _TYPES + r"):(" + _ALT + "(~" + _ALT + r")*)\}", re.S)
_CLOZE_ALT = re.compile("~?" + _ALT, re.S)


def extract_cloze(text: str) -> tuple[str, dict[int, MoodleQuestion]]:
    """qtype_multianswer_extract_question: the text with {#n} markers, and the subquestions."""
    subquestions: dict[int, MoodleQuestion] = {}
    position = 1
    while m := _CLOZE.search(text):
        if m.group(7):
            sub = MoodleQuestion("shortanswer", usecase="0")
        elif m.group(8):
            sub = MoodleQuestion("shortanswer", usecase="1")
        elif m.group(3):
            sub = MoodleQuestion("numerical")
        else:
            sub = MoodleQuestion("multichoice")
        sub.defaultmark = m.group(1) or "1"
        remaining = m.group(16)
        while alt := _CLOZE_ALT.search(remaining):
            if alt.group(1) == "=":
                fraction = 1.0
            elif alt.group(2):
                fraction = 0.01 * float(alt.group(2).replace(",", "."))
            else:
                fraction = 0.0
            feedback = ""
            if alt.group(5) is not None:
                feedback = html.unescape(alt.group(5)).replace("\\}", "}").replace("\\#", "#")
            answer = html.unescape(alt.group(3)).replace("\\}", "}").replace("\\#", "#")
            sub.answers.append(Answer(answer, fraction, feedback))
            remaining = remaining.split(alt.group(0), 1)[1]
        subquestions[position] = sub
        text = text.replace(m.group(0), f"{{#{position}}}", 1)
        position += 1
    return text, subquestions


def read_moodle_xml(data: str | bytes) -> list[MoodleQuestion]:
    """qformat_xml::readquestions + import_question, for the question types we write."""
    root = ET.fromstring(data.encode("utf-8") if isinstance(data, str) else data)
    if root.tag != "quiz":
        raise ValueError(f"not a Moodle XML quiz: <{root.tag}>")
    questions = []
    for qx in root.findall("question"):
        qtype = qx.get("type", "")
        q = MoodleQuestion(qtype)
        if qtype == "category":
            q.category = _text_of(qx.find("category"))
        elif qtype == "multichoice":
            _headers(qx, q)
            q.single = _trans_single(qx.findtext("single", "true"))
            q.shuffleanswers = _trans_single(qx.findtext("shuffleanswers", "false"))
            q.answernumbering = qx.findtext("answernumbering") or "abc"
            q.answers = _answers(qx)
        elif qtype == "truefalse":
            _headers(qx, q)
            first = True
            for a in qx.findall("answer"):
                text = _text_of(a)
                if text not in ("true", "false"):
                    text = "true" if first else "false"
                right = float(a.get("fraction", "0")) == 100
                q.correctanswer = right if text == "true" else not right
                first = False
        elif qtype == "shortanswer":
            _headers(qx, q)
            q.usecase = qx.findtext("usecase", "0")
            q.answers = _answers(qx)
        elif qtype in ("cloze", "multianswer"):
            q.qtype = "cloze"
            text = _text_of(qx.find("questiontext"))
            q.questiontext, q.subquestions = extract_cloze(text)
            q.questiontextformat = qx.find("questiontext").get("format", "html")
            q.name = _text_of(qx.find("name"))
            q.generalfeedback = _text_of(qx.find("generalfeedback"))
            q.penalty = (qx.findtext("penalty") or "").strip()
            q.defaultmark = str(sum(int(s.defaultmark) for s in q.subquestions.values()))
            q.tags = [_text_of(t) for t in qx.findall("tags/tag")]
            # import_multianswer reads no idnumber: q.idnumber stays None, as in Moodle.
        else:
            raise ValueError(f"question type we do not write: {qtype}")
        questions.append(q)
    return questions


# --- what Moodle shows and accepts ---------------------------------------------------------


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        self.parts.append(data)


def html_text(fragment: str) -> tuple[str, list[str]]:
    """(the text a browser shows for an HTML fragment, the element names in it)."""
    parser = _Text()
    parser.feed(fragment)
    parser.close()
    return "".join(parser.parts), parser.tags


def shortanswer_matches(pattern: str, response: str, ignorecase: bool = True) -> bool:
    """qtype_shortanswer_question::compare_string_with_wildcard."""
    pattern = unicodedata.normalize("NFC", pattern)
    response = unicodedata.normalize("NFC", response)
    bits = re.split(r"(?<!\\)\*+", pattern)
    regexp = "^" + ".*".join(re.escape(bit.replace("\\*", "*")) for bit in bits) + "$"
    return re.match(regexp, php_trim(response), re.I if ignorecase else 0) is not None


def shortanswer_literal(pattern: str) -> str | None:
    """The one response a short-answer pattern stands for (None if it has a wildcard)."""
    if re.search(r"(?<!\\)\*", pattern):
        return None
    return pattern.replace("\\*", "*")
