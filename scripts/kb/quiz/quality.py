"""Item-quality rules: what makes a question measure less than it seems to.

One error: a stem, option or explanation that refers to an option by its letter or position
(``C、D``, ``最后一项``), which the shuffled options on the web pages and on papers contradict.
And 提醒 (warnings, never failing a trainer's build), bank by bank: key letters piled on one
letter, multiple-choice keys that are always the first options, judge answers mostly one way,
the key as the uniquely longest option, a level-应用 stem that asks what the text says, and a
``group`` that neither joins nor splits anything.

Every rule is one pass over the questions with precompiled patterns (no pairwise work): the
checker must stay fast at 10,000 questions.
"""

from __future__ import annotations

import re
from collections import Counter

from ..content import yamlpos
from ..content.problems import Problem
from .model import LETTERS, Bank, Question

# --- letters and positions (an error) --------------------------------------------------------

_L = "A-HＡ-Ｈ"  # option letters, half and full width
_NOT_LATIN = r"(?<![A-Za-zＡ-Ｚａ-ｚ])"  # ``A级`` is a letter, ``CPU`` no option
_NO_LATIN_AFTER = r"(?![A-Za-zＡ-Ｚａ-ｚ])"
_N = "一二三四五六七八两1-8１-８"  # counts and ordinals of options
# What may follow a position word used on its own (前三项都对, 文中没有提到最后一项。): a noun
# after it (前三类对象, 最后一项职责) means the source's own list, not the options.
_ALONE = (
    r"(?=[都均皆也，,。；;：:、！!？?）)」”』\s]|$|是|为|正确|错误|不正确|不对|对[，,。；;、！!？?\s]|对$"
    r"|错[，,。；;、！!？?\s]|错$|说法|符合|不符合|属于|不属于|在其中|中的|则)"
)
LETTER_WORDS = re.compile(
    "|".join(
        [
            # 选项C / 选项 C、D / C选项 / A项 / （A）
            rf"选项\s*[{_L}](?:\s*[、，,和与及或/]\s*[{_L}])*{_NO_LATIN_AFTER}",
            rf"{_NOT_LATIN}[{_L}](?:\s*[、，,和与及或/]\s*[{_L}])*\s*(?:选项|项)",
            rf"[（(]\s*[{_L}]\s*[）)]",
            # C、D / A和B (two or more letters named together)
            rf"{_NOT_LATIN}[{_L}](?:\s*[、，,和与及或/]\s*[{_L}])+{_NO_LATIN_AFTER}",
            # AB两项 / ABC三项 / ABD都对 / 选AB / 答案是C
            rf"{_NOT_LATIN}[{_L}]{{2,8}}(?:[{_N}]项|都|均|正确|错误)",
            rf"(?:选|选择|答案(?:是|为|应为|应选)?)\s*[{_L}]{{1,8}}{_NO_LATIN_AFTER}",
            # A正确 / B说法错误
            rf"{_NOT_LATIN}[{_L}](?=正确|错误|不正确|说法|的说法|是正确|是错误|是对|是错){_NO_LATIN_AFTER}",
            # 第二个选项 / 第三项正确 / 最后一项 / 最后一个选项 / 前四类 / 后两项 (alone)
            rf"第[{_N}]个?选项",
            rf"第[{_N}]项(?=正确|错误|不正确|说法|是对|是错|选项)",
            rf"(?:最后|倒数第[{_N}])(?:[一{_N}]?个选项|[一{_N}]?项{_ALONE})",
            rf"[前后][{_N}]+(?:个选项|(?:项|类|个){_ALONE})",
        ]
    )
)
# 以上都对 / 以上都不是 / 上述选项 / 以上各项: only in an option (elsewhere 以上 is ordinary text)
ABOVE_WORDS = re.compile(
    r"(?:(?:以上|上述|上面|前面|前述)(?:各项|各选项|选项|几项|几个|说法|答案|所有|全部|都|均|皆|全)"
    r"|其余(?:各项|选项|几项)都)[^，,。；;！!？?、\s]{0,4}"
)
# A cheap first look, true for every text either pattern above can match (each of them needs an
# option letter, 选项, a numbered 第/前/后 …项/类/个, 最后, 倒数 or 以上-like words): most
# questions have none, and the full patterns cost ten times more (issue 22: 10,000 questions).
# Every alternative starts with one literal character, so the engine skips ahead by a set of them.
CANDIDATE = re.compile(
    "|".join(
        [
            *LETTERS,
            *(chr(ord(c) + 0xFEE0) for c in LETTERS),
            "选项",
            "最后",
            "倒数",
            "以上",
            "上述",
            "上面",
            "前面",
            "前述",
            "其余",
        ]
    )
    + "".join(f"|{c}[{_N}]+[个项类]" for c in "第前后")
)
FIELD_NAMES = {"stem": "题干", "explanation": "解析"}


def letter_words(text: str, option: bool = False) -> list[str]:
    """The words in ``text`` that name options by letter or position, in order, once each."""
    found = [m.group(0).strip() for m in LETTER_WORDS.finditer(text)]
    if option:
        found += above_words(text)
    return list(dict.fromkeys(found))


def above_words(option: str) -> list[str]:
    return list(dict.fromkeys(m.group(0) for m in ABOVE_WORDS.finditer(option)))


def quoted(words: list[str]) -> str:
    """“A”“B”, with quotes inside a word made single (‘’) so that they do not nest."""
    return "".join("“" + w.replace("“", "‘").replace("”", "’") + "”" for w in words)


def letter_message(where: str, words: list[str]) -> str:
    return f"{where}中的{quoted(words)}指的是选项的字母或位置，但选项在网页和试卷上会打乱顺序：请直接写出选项的内容"


def above_message(where: str, words: list[str]) -> str:
    return (
        f"{where}中的{quoted(words)}要对照排在它前面的选项，但选项在网页和试卷上会打乱顺序，它可能排在第一个："
        "请改写成一个具体的说法（要考几项都对，请改为多选题）"
    )


def check_letter_references(q) -> list[Problem]:
    """Error: the stem, an option or the explanation names options by letter or position.
    ``q`` is a ``rules.Q`` (any document with ``where``: a bank file or a spreadsheet)."""
    data = q.data
    options = data.get("options")
    if not CANDIDATE.search(f"{data.get('stem')}\n{data.get('explanation')}\n{options}"):
        return []
    problems = []
    for key in ("stem", "explanation"):
        if isinstance(data.get(key), str):
            words = letter_words(data[key])
            if words:
                problems.append(q.problem((key,), letter_message(FIELD_NAMES[key], words)))
    if data.get("type") in ("single", "multiple") and isinstance(options, list):
        for k, option in enumerate(options):
            name = f"选项 {LETTERS[k]} " if k < len(LETTERS) else f"第 {k + 1} 个选项"
            above, words = above_words(str(option)), letter_words(str(option))
            if above:
                problems.append(q.problem(("options", k), above_message(name, above + words)))
            elif words:
                problems.append(q.problem(("options", k), letter_message(name, words)))
    return problems


# --- a level-应用 stem that asks what the text says (提醒) ----------------------------------

_NUM = "一二三四五六七八九十百零〇两0-9０-９"
RECALL_WORDS = re.compile(
    "|".join(
        [
            rf"第[{_NUM}]+[条款项篇章节]",
            rf"附件\s*[{_NUM}]+",
            rf"(?:建议|对策|措施)[{_NUM}]+(?![下些起律定直切样点般旦味])",
            r"在[“「『《][^”」』》\n]{1,40}[”」』》](?:一文|一节|一段|部分|这一部分|一条)?中",
            r"(?:按照|依照|根据|依据)[^，,。；;？?！!\n]{0,40}?规定",
            r"(?:调研组|调研报告|课题组|作者|该文|这篇文章|文章|原文|文中|报告)(?:中)?(?:所|明确|专门)?(?:提出|指出|认为|写道)",
            r"(?:提出|指出|认为|写道)的(?:是|有)",
            r"(?:提出|指出|认为|写道)了?(?:什么|哪些|哪一|哪个|哪项|哪种|哪几)",
        ]
    )
)


def recall_words(stem: str) -> list[str]:
    return list(dict.fromkeys(m.group(0) for m in RECALL_WORDS.finditer(stem)))


def check_applied_stem(q) -> list[Problem]:
    """提醒: a level-应用 stem names the clause, heading or article, or asks what someone wrote."""
    stem = q.data.get("stem")
    if q.data.get("level") != "应用" or not isinstance(stem, str):
        return []
    words = recall_words(stem)
    if not words:
        return []
    message = (
        f"提醒：这道应用题的题干用{quoted(words)}点明了原文的条目或出处、问原文怎么说："
        "这是识记题的写法：请描述一个工作情境、问应该怎么做，或把 level 改为 识记/理解"
    )
    return [Problem(q.rel, *q.doc.where(("questions", q.n, "stem")), message, warning=True)]


# --- the bank's keys as a whole (提醒) -----------------------------------------------------

MIN_SINGLE = 8  # single-choice questions in a bank before the key letters are judged
MAX_KEY_SHARE = 0.40  # of the single-choice keys on one letter, or on the uniquely longest option
MIN_MULTIPLE = 3
MIN_JUDGE = 8
JUDGE_TRUE_SHARE = (0.30, 0.70)


def _percent(part: int, whole: int) -> str:
    share = 100 * part / whole
    text = f"{share:.0f}"
    # 40.4 % is over 40 %: do not print it as 40 %
    return f"{share:.1f}%" if text in ("30", "40", "70") and share not in (30, 40, 70) else f"{text}%"


def _single_keys(questions: list[Question]) -> list[Question]:
    return [q for q in questions if q.type == "single" and len(q.answer) == 1 and 0 <= q.answer[0] < len(q.options)]


def check_single_letters(questions: list[Question]) -> str | None:
    singles = _single_keys(questions)
    if len(singles) < MIN_SINGLE:
        return None
    counts = Counter(LETTERS[q.answer[0]] for q in singles)
    letter, top = min(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    if top <= MAX_KEY_SHARE * len(singles):
        return None
    return (
        f"提醒：单选题答案中 {letter} 占 {len(singles)} 题中的 {top} 题（{_percent(top, len(singles))}），"
        f"超过 {MAX_KEY_SHARE:.0%}：请调整选项顺序，使答案分布在各个字母上"
    )


def check_multiple_runs(questions: list[Question]) -> str | None:
    multiples = [q for q in questions if q.type == "multiple" and q.answer]
    if len(multiples) < MIN_MULTIPLE:
        return None
    if any(q.answer != list(range(len(q.answer))) for q in multiples):
        return None
    keys = Counter("".join(LETTERS[i] for i in q.answer) for q in multiples)
    listed = "、".join(f"{key} {n} 题" for key, n in sorted(keys.items()))
    return (
        f"提醒：{len(multiples)} 道多选题的答案全都是从 A 开始连续的前几个选项（{listed}），"
        "错误选项总排在最后：请调整选项顺序，把正确选项分散到各个位置"
    )


def check_judge_share(questions: list[Question]) -> str | None:
    judges = [q for q in questions if q.type == "judge" and q.answer in ([True], [False])]
    if len(judges) < MIN_JUDGE:
        return None
    true = sum(q.answer == [True] for q in judges)
    lo, hi = JUDGE_TRUE_SHARE
    if lo * len(judges) <= true <= hi * len(judges):
        return None
    return (
        f"提醒：判断题中答案为“对”的占 {len(judges)} 题中的 {true} 题（{_percent(true, len(judges))}），"
        f"不在 {lo:.0%}–{hi:.0%} 之间：请改写几道题，使答案为“对”和“错”的题目大致各占一半"
    )


def _uniquely_longest(q: Question) -> bool:
    lengths = [len(o.strip()) for o in q.options]
    key = lengths[q.answer[0]]
    return all(n < key for k, n in enumerate(lengths) if k != q.answer[0])


def check_longest_key(questions: list[Question]) -> str | None:
    singles = _single_keys(questions)
    if len(singles) < MIN_SINGLE:
        return None
    longest = sum(_uniquely_longest(q) for q in singles)
    if longest <= MAX_KEY_SHARE * len(singles):
        return None
    return (
        f"提醒：单选题中正确选项是唯一最长选项的占 {len(singles)} 题中的 {longest} 题"
        f"（{_percent(longest, len(singles))}），超过 {MAX_KEY_SHARE:.0%}，不读原文也能猜中："
        "请把干扰项写得和正确选项一样具体，或把正确选项写得简短些"
    )


BANK_RULES = (check_single_letters, check_multiple_runs, check_judge_share, check_longest_key)


def check_key_balance(rel: str, doc: yamlpos.Located, questions: list[Question]) -> list[Problem]:
    """提醒 about the bank's keys as a whole, each at the bank's ``questions:`` key."""
    messages = [m for rule in BANK_RULES if (m := rule(questions))]
    if not messages:
        return []
    line, col = doc.where_key(("questions",))
    return [Problem(rel, line, col, m, warning=True) for m in messages]


# --- groups across banks (提醒) ------------------------------------------------------------


def check_groups(banks: list[Bank], rel_of=lambda p: p.as_posix()) -> list[Problem]:
    """提醒 for a ``group`` that does nothing: no other question has it (it joins nothing) and no
    other question cites the same passage (it splits nothing) -- most likely its twin's group is
    spelt differently, and a paper may then hold both."""
    groups = Counter(q.group for b in banks for q in b.questions if q.group)
    sources = Counter(q.source for b in banks for q in b.questions)
    return [
        Problem(
            rel_of(b.path),
            q.line,
            q.col,
            f"提醒：本题 `{q.id}` 的 group“{q.group}”没有别的题目使用，本题出处也没有别的题目引用，"
            "这个 group 不起作用：如要与另一道题同组（试卷和考试只抽其一），请在两道题上写相同的 group",
            warning=True,
        )
        for b in banks
        for q in b.questions
        if q.group and groups[q.group] == 1 and sources[q.source] == 1
    ]
