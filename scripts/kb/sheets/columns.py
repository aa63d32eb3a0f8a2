"""The one definition of a bank spreadsheet's columns and of the spellings its cells may use.

Import finds columns by these names (and aliases), the template and the export write them,
and the template's 说明 sheet explains them from the same definitions.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

from ..quiz.model import LETTERS


@dataclass(frozen=True)
class Column:
    key: str  # the bank field it fills: id, type, stem, option, answer, level, …
    name: str  # the header written by the template and the export
    aliases: tuple[str, ...] = ()
    required: bool = False
    width: int = 12  # template and export column width, in characters
    help: str = ""  # one line for the 说明 sheet
    index: int = 0  # options only: 0 for A, 1 for B …


CHINESE_NUMBERS = "一二三四五六七八九十"


def _option(k: int) -> Column:
    letter = LETTERS[k]
    return Column(
        "option",
        f"选项{letter}",
        (letter, f"选项{CHINESE_NUMBERS[k]}", f"选项{k + 1}"),
        width=18,
        help="单选题、多选题的选项，从选项A起连续填写（单选 2–8 个，多选 3–8 个）；判断题、填空题不填"
        if k == 0
        else "",
        index=k,
    )


ID = Column(
    "id",
    "编号",
    ("题号", "序号", "ID"),
    width=16,
    help="小写英文字母、数字和连字符，在表格内唯一；纯数字会加上 q（12 → q12）。"
    "不填时由题型和题干生成（q- 加一串字母数字），同一道题每次导入都得到同一个编号",
)
TYPE = Column(
    "type", "题型", ("类型",), required=True, width=10, help="单选题、多选题、判断题或填空题（可从下拉列表中选）"
)
STEM = Column(
    "stem",
    "题干",
    ("题目", "试题内容"),
    required=True,
    width=48,
    help="题目正文。填空题的每个空写成 ___（三个下划线）或空括号（　　）",
)
OPTIONS = tuple(_option(k) for k in range(len(LETTERS)))
ANSWER = Column(
    "answer",
    "正确答案",
    ("答案", "标准答案"),
    required=True,
    width=14,
    help="单选题写一个字母（B）；多选题写两个或以上字母（ABD，也可写 A,B,D 或 A、B、D）；"
    "判断题写 对 或 错；填空题写每个空的答案，空与空之间用 | 分隔，同一个空有几种答案时用 ; 分隔",
)
EXPLANATION = Column("explanation", "答案解析", ("解析",), required=True, width=40, help="说明为什么，最好引用原文")
QUOTE = Column(
    "quote",
    "引文",
    ("原文",),
    width=36,
    help="从本站页面逐字复制一句证明答案的原文（包括全角标点）。导入时自动查找它所在的页面和段落，写入出处",
)
SOURCE = Column(
    "source",
    "出处",
    (),
    width=34,
    help="页面路径加锚点，例如 duties/township-officer.md#duty-1；填了就以它为准，并核对引文在该段落中",
)
AUDIENCE = Column(
    "audience",
    "适用岗位",
    ("适用对象",),
    width=16,
    help="站内的岗位名称，多个用 、 分隔；整个题库的适用岗位是各行的合并，与之不同的行只给所写的岗位练习",
)
COVERS = Column(
    "covers",
    "培训短板",
    ("知识点",),
    width=16,
    help="本题针对的培训短板：写 id 或标题，多个用 、 分隔；整个题库针对的短板是各行的合并",
)
DIFFICULTY = Column("difficulty", "难度", (), width=8, help="易、中或难（也可写 简单、一般、较难、困难）")
LEVEL = Column(
    "level",
    "层次",
    ("认知层次",),
    width=8,
    help="识记、理解或应用（见出题指南）；表格没有这一列时，所有题目按 识记 导入",
)
GROUP = Column(
    "group",
    "同组",
    (),
    width=12,
    help="可不填：引用同一段原文的题自动成为一组，考试和试卷每组只抽一题；想让引用不同原文的几道题也只抽一题时，给它们写同一个组名（小写英文字母、数字和连字符）",
)
ANY_ORDER = Column(
    "any_order",
    "顺序不限",
    ("不限顺序", "任意顺序"),
    width=8,
    help="只用于有两个或以上空的填空题：各空的答案可以互换顺序时写 是（如 点多、面广、线长）；其他题不填",
)

# In the order the template and the export write them.
COLUMNS: tuple[Column, ...] = (
    ID,
    TYPE,
    STEM,
    *OPTIONS,
    ANSWER,
    EXPLANATION,
    QUOTE,
    SOURCE,
    AUDIENCE,
    COVERS,
    DIFFICULTY,
    LEVEL,
    ANY_ORDER,
    GROUP,
)
# Recognised on import only (none at present).
READ_ONLY_COLUMNS: tuple[Column, ...] = ()
# Columns without which no row can be read; 引文 or 出处 is required too (one of them).
REQUIRED = tuple(c for c in COLUMNS if c.required)
QUOTE_OR_SOURCE = (QUOTE, SOURCE)

_NOTE = re.compile(r"[(\[【][^()\[\]【】]*[)\]】]$")  # a trailing note: （必填）, (选填), 【必填】


def normalise_header(text: str) -> str:
    """A header as written, reduced to what identifies it: no spaces, notes or * marks."""
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
    text = _NOTE.sub("", text).strip("*")
    return text.upper()


HEADERS: dict[str, Column] = {
    normalise_header(name): column
    for column in (*COLUMNS, *READ_ONLY_COLUMNS)
    for name in (column.name, *column.aliases)
}


def known_names() -> str:
    """The header names a trainer may use, for messages: 编号、题型、…、选项A–选项H、…"""
    names = [c.name for c in (*COLUMNS, *READ_ONLY_COLUMNS) if c.key != "option"]
    names.insert(names.index(STEM.name) + 1, f"{OPTIONS[0].name}–{OPTIONS[-1].name}")
    return "、".join(names)


# --- what a cell may say ----------------------------------------------------------------

QUESTION_TYPES = {"single": "单选题", "multiple": "多选题", "judge": "判断题", "blank": "填空题"}
TYPE_SPELLINGS = {
    **{name: key for key, name in QUESTION_TYPES.items()},
    "单选": "single",
    "单项选择": "single",
    "单项选择题": "single",
    "多选": "multiple",
    "多项选择": "multiple",
    "多项选择题": "multiple",
    "判断": "judge",
    "填空": "blank",
}
JUDGE_SPELLINGS = {
    **dict.fromkeys(["对", "正确", "是", "√", "✓", "✔", "T", "TRUE"], "对"),
    **dict.fromkeys(["错", "错误", "否", "×", "✗", "✘", "✕", "F", "FALSE"], "错"),
}
DIFFICULTY_SPELLINGS = {
    **dict.fromkeys(["易", "简单", "容易"], "易"),
    **dict.fromkeys(["中", "一般", "中等"], "中"),
    **dict.fromkeys(["难", "较难", "困难"], "难"),
}
# 顺序不限: 是 (or 对, √ …) sets any_order; 否 or an empty cell leaves it out.
ANY_ORDER_SPELLINGS = {
    **dict.fromkeys(["是", "对", "√", "✓", "✔", "Y", "YES", "T", "TRUE", "1"], True),
    **dict.fromkeys(["否", "错", "×", "✗", "N", "NO", "F", "FALSE", "0"], False),
}
LEVELS = ("识记", "理解", "应用")  # the same as content.schema.LEVELS (a test keeps them equal)
DEFAULT_LEVEL = "识记"  # for a sheet without the 层次 column

# Separators inside a cell.
LIST_SEPARATORS = re.compile(r"[、,，;；]")  # 适用岗位, 培训短板
LETTER_SEPARATORS = re.compile(r"[\s,，、;；/]+")  # 多选 A,B,D
BLANK_SEPARATOR = re.compile(r"[|｜]")  # 填空: one blank from the next
ALTERNATIVE_SEPARATOR = re.compile(r"[;；]")  # 填空: accepted answers of one blank

# What the export writes; the importer reads back exactly these.
WRITE_LIST_SEPARATOR = "、"
WRITE_BLANK_SEPARATOR = " | "
WRITE_ALTERNATIVE_SEPARATOR = "; "


_SPACES = re.compile(r"\s+")


@functools.lru_cache(maxsize=4096)  # types, answers and difficulties repeat on every row
def normalise_token(text: str) -> str:
    """A short cell value as compared with the spellings above: NFKC, no spaces, upper case."""
    return _SPACES.sub("", unicodedata.normalize("NFKC", text)).upper()
