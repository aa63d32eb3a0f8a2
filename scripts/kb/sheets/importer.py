"""``build.py import FILE``: a trainer's spreadsheet -> ``quizzes/BANK_ID.yml``.

Three stages, every problem of all of them reported at once as ``FILE:ROW:COL: message``
(ROW as Excel numbers it, COL a letter), and nothing written if there is any:

1. read the cells (:mod:`.read`) and find the columns by name (:mod:`.columns`);
2. turn each row into a question as the bank format has it: answer spellings, blanks, option
   columns, the quote located on the site (:mod:`.locate`), ids kept stable across imports.
   What cannot be read is reported here, at its cell, in the spreadsheet's words;
3. check the bank so built with the same ``schema.validate`` and ``kb.quiz.rules`` functions
   as ``build.py check``, through :class:`SheetDoc`, which answers "where is this value?"
   with the cell it came from.  A cell already reported in stage 2 is not reported again in
   the YAML's words.

Ids: the 编号 column when filled (lower-cased; a bare number n becomes ``qn`` so the YAML
stays plain text), otherwise ``q-`` and ten hex digits of SHA-1 of the question type and the
stem without spaces: the same sheet, in any row order, gives the same ids.
"""

from __future__ import annotations

import difflib
import hashlib
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from openpyxl.utils import get_column_letter

from ..content import schema
from ..content.pages import Page, load_pages
from ..content.problems import Problem, rel
from ..content.problems import summary as check_summary
from ..output import OutputError, show, target_problem, write_files
from ..paths import DOCS, QUIZZES
from ..quiz import rules
from ..quiz.load import load_registry, role_names
from ..quiz.model import LETTERS, REGISTRY, Shortfall, reserved_bank_ids
from . import columns as C
from .locate import Locator, squeeze
from .read import ERROR_VALUES, SheetError, Table, read_table

HEADER_SEARCH_ROWS = 10  # title rows a template may have above its header


# --- problems and where they are ------------------------------------------------------


def render_problem(p: Problem) -> str:
    """``FILE:ROW:COL: message`` with the column as a spreadsheet letter."""
    return f"{p.path}:{p.line}:{get_column_letter(p.col)}: {p.message}"


@dataclass
class CellDoc:
    """A list read from one cell (a row's 适用岗位): every item of it is at that cell."""

    cell: tuple[int, int]

    def where(self, path: tuple) -> tuple[int, int]:
        return self.cell


@dataclass
class SheetDoc:
    """The bank built from a sheet, answering the questions ``yamlpos.Located`` answers, with
    cells instead of lines: ``where(("questions", n, "answer"))`` is the row of question n and
    the column of its answer.  So the one set of rules reports against the spreadsheet."""

    data: dict
    header_row: int
    rows: list[int] = field(default_factory=list)  # spreadsheet row of question n
    row_cols: list[int] = field(default_factory=list)  # column for a problem about question n as a whole
    cells: list[dict[tuple, tuple[int, int]]] = field(default_factory=list)  # question n: (field[, k]) -> cell
    bank_cells: dict[tuple, tuple[int, int]] = field(default_factory=dict)  # ("covers", k) -> first cell
    audience_cells: list[tuple[list[str], tuple[int, int]]] = field(default_factory=list)  # per row
    duplicate_keys: list = field(default_factory=list)  # a sheet has none: columns are checked on reading

    def where(self, path: tuple) -> tuple[int, int]:
        path = tuple(path)
        if len(path) >= 2 and path[0] == "questions" and isinstance(path[1], int):
            n, tail = path[1], path[2:]
            cells = self.cells[n]
            for key in (tail[:2], tail[:1]) if tail else ():
                if key in cells:
                    return cells[key]
            return self.rows[n], self.row_cols[n]
        return self.bank_cells.get(path[:2], (self.header_row, 1))

    def where_key(self, path: tuple) -> tuple[int, int]:
        return self.where(path)

    def tag(self, path: tuple) -> str:
        return ""  # values come from cells, already typed: no YAML implicit conversions to explain


# The rules speak of YAML fields; on a sheet the trainer sees columns.
SHEET_WORDING = [
    (re.compile(r"^第\d+题的 ?"), ""),  # the row is in the position already
    (re.compile(r" type: multiple"), "题型“多选题”"),
    (re.compile(r" type: single"), "题型“单选题”"),
    (re.compile(r"缺少 options（选项列表），请写 "), "缺少选项：请从选项A起填写 "),
    (re.compile(r"不需要 options，请删除这一项"), "不需要选项，请清空这一行的选项列"),
    (re.compile(r"引文 quote 在"), "引文在"),
    (re.compile(r"（三个或以上下划线）标出"), "（三个或以上下划线）或空括号（　　）标出"),
    (re.compile(r"^(只有填空题可以写) any_order（各空答案可互换顺序），请删除这一项"), r"\1“顺序不限”，请清空这一格"),
    (
        re.compile(r"^any_order (只用于有两个或以上空格的填空题：本题只有一个空)，请删除这一项"),
        r"“顺序不限”\1，请清空这一格",
    ),
    *[
        (re.compile(f"`{c.key}` ?"), c.name)
        for c in (C.ID, C.TYPE, C.STEM, C.ANSWER, C.EXPLANATION, C.QUOTE, C.SOURCE, C.COVERS, C.DIFFICULTY, C.LEVEL)
    ],
    (re.compile(r"`options` ?"), "选项"),
]


def sheet_wording(message: str) -> str:
    for pattern, words in SHEET_WORDING:
        message = pattern.sub(words, message)
    return message


# --- stage 1: the header -----------------------------------------------------------------


@dataclass
class Layout:
    header_row: int
    cols: dict[str, int]  # column key -> column number (1-based)
    options: list[int]  # column numbers of 选项A, 选项B … (contiguous from A)
    nameless: list[int]  # columns without a header: content there would be lost
    complete: bool  # every required column is there (otherwise no row can be read)


def find_header_row(table: Table) -> int:
    """Index in ``table.rows`` of the header: the first row naming a required column."""
    required = {k for k, c in C.HEADERS.items() if c.required}
    for i, (_, values) in enumerate(table.rows[:HEADER_SEARCH_ROWS]):
        if any(C.normalise_header(v) in required for v in values):
            return i
    return 0


def check_header(shown: str, row: int, values: list[str]) -> tuple[Layout, list[Problem]]:
    problems = []
    cols: dict[str, int] = {}
    letters: dict[int, int] = {}
    names = {C.normalise_header(n): n for c in (*C.COLUMNS, *C.READ_ONLY_COLUMNS) for n in (c.name, *c.aliases)}
    for col, text in enumerate(values, 1):
        if not text:
            continue
        column = C.HEADERS.get(C.normalise_header(text))
        if column is None:
            problems.append(Problem(shown, row, col, unknown_header(text, names)))
            continue
        is_option = column.key == "option"
        taken = letters.get(column.index) if is_option else cols.get(column.key)
        if taken:
            problems.append(
                Problem(
                    shown,
                    row,
                    col,
                    f"列“{text}”与 {get_column_letter(taken)} 列“{values[taken - 1]}”是同一列：请只保留一列",
                )
            )
        elif is_option:
            letters[column.index] = col
        else:
            cols[column.key] = col
    options = []
    for k in range(len(LETTERS)):
        if k not in letters:
            later = [j for j in letters if j > k]
            for j in later:
                problems.append(
                    Problem(
                        shown,
                        row,
                        letters[j],
                        f"有“{C.OPTIONS[j].name}”列，却没有“{C.OPTIONS[k].name}”列：选项列要从选项A起连续排列",
                    )
                )
            break
        options.append(letters[k])
    missing = [c.name for c in C.REQUIRED if c.key not in cols]
    if not any(c.key in cols for c in C.QUOTE_OR_SOURCE):
        missing.append("引文或出处")
    if missing:
        problems.append(
            Problem(
                shown,
                row,
                len(values) + 1,  # the first free header cell: where to add them
                f"缺少必填的列：{'、'.join(missing)}。请在第 {row} 行（表头）加上这些列名，可用的列名：{C.known_names()}",
            )
        )
    nameless = [col for col, text in enumerate(values, 1) if not text]
    return Layout(row, cols, options, nameless, not missing), problems


def unknown_header(text: str, names: dict[str, str]) -> str:
    guess = difflib.get_close_matches(C.normalise_header(text), list(names), n=1, cutoff=0.5)
    hint = f"，是否想写“{names[guess[0]]}”？" if guess else "。"
    return f"未知的列名“{text}”{hint}可用的列名：{C.known_names()}；不需要的列请删除"


# --- stage 2: one row, one question --------------------------------------------------------


@dataclass
class Context:
    """What rows are read against: the site's text, shortfalls and where to report."""

    shown: str
    locator: Locator
    shortfalls: list[Shortfall]

    def __post_init__(self) -> None:
        self.shortfall_ids = {s.id for s in self.shortfalls}
        # Titles may contain 、 (the list separator): replaced by their ids before splitting.
        self.titles = sorted(((s.title, s.id) for s in self.shortfalls), key=lambda t: -len(t[0]))


@dataclass
class Row:
    """One row read into a question (the dict the bank format has), with where each value was."""

    row: int
    question: dict = field(default_factory=dict)
    cells: dict[tuple, tuple[int, int]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    audience: list[tuple[str, tuple[int, int]]] = field(default_factory=list)  # (role, cell)
    covers: list[str] = field(default_factory=list)
    id_given: bool = False
    row_col: int = 1

    def problem(self, ctx: Context, col: int, message: str) -> None:
        self.problems.append(Problem(ctx.shown, self.row, col, message))


def cell_of(layout: Layout, values: list[str], key: str) -> str:
    col = layout.cols.get(key)
    return values[col - 1] if col and col <= len(values) else ""


def read_row(ctx: Context, layout: Layout, row: int, values: list[str]) -> Row:
    def cell(key: str) -> str:
        return cell_of(layout, values, key)

    r = Row(row, row_col=layout.options[0] if layout.options else layout.cols.get("type", 1))
    qtype = read_type(ctx, layout, r, cell("type"))
    stem = read_stem(ctx, layout, r, cell("stem"), qtype)
    read_id(ctx, layout, r, cell("id"), qtype, stem)
    r.question["type"] = qtype
    read_level(ctx, layout, r, cell("level"))
    r.question["stem"] = stem
    options = read_options(ctx, layout, r, values)
    read_answer(ctx, layout, r, cell("answer"), qtype, options)
    read_explanation(ctx, layout, r, cell("explanation"))
    read_source(ctx, layout, r, cell("quote"), cell("source"))
    read_difficulty(ctx, layout, r, cell("difficulty"))
    read_audience(layout, r, cell("audience"))
    read_covers(ctx, layout, r, cell("covers"))
    read_any_order(ctx, layout, r, cell("any_order"))
    read_group(layout, r, cell("group"))
    return r


def place(layout: Layout, r: Row, key: str) -> None:
    """Record the cell a field came from."""
    r.cells[(key,)] = (r.row, layout.cols.get(key, r.row_col))


def read_type(ctx: Context, layout: Layout, r: Row, text: str) -> str:
    place(layout, r, "type")
    if not text:
        r.problem(ctx, layout.cols["type"], "题型为空：请填写单选题、多选题、判断题或填空题")
        return ""
    qtype = C.TYPE_SPELLINGS.get(C.normalise_token(text))
    if qtype is None:
        r.problem(
            ctx,
            layout.cols["type"],
            f"题型“{text}”无法识别：应为单选题、多选题、判断题或填空题（也可写 单选、多选、判断、填空）",
        )
        return text
    return qtype


# A blank as trainers type it: full-width underscores, or empty brackets （　　） ( ).
FULL_WIDTH_BLANK = re.compile(r"[_＿]*＿[_＿]*")
EMPTY_BRACKETS = re.compile(r"[（(][\s\u3000]*[）)]")


def read_stem(ctx: Context, layout: Layout, r: Row, text: str, qtype: str) -> str:
    place(layout, r, "stem")
    if not text:
        r.problem(ctx, layout.cols["stem"], "题干为空：请填写题目正文")
        return ""
    if qtype == "blank":
        # ASCII runs of three or more underscores are blanks already and stay as written.
        text = FULL_WIDTH_BLANK.sub(lambda m: "___" if len(m.group(0)) >= 2 else m.group(0), text)
        text = EMPTY_BRACKETS.sub("___", text)
    return text


def read_id(ctx: Context, layout: Layout, r: Row, text: str, qtype: str, stem: str) -> None:
    if text:
        r.id_given = True
        place(layout, r, "id")
        qid = unicodedata.normalize("NFKC", text).strip().lower()
        if qid.isdigit():
            qid = f"q{qid}"
        if not re.fullmatch(schema.ID_PATTERN, qid):
            r.problem(
                ctx,
                layout.cols["id"],
                f"编号“{text}”格式不对：只能用小写英文字母、数字和连字符，例如 leader-1"
                "（纯数字会自动加 q：12 → q12）；也可以清空，由导入程序生成",
            )
    else:
        # Derived from the content: a problem about the id is a problem about the stem.
        r.cells[("id",)] = (r.row, layout.cols["stem"])
        qid = content_id(qtype, stem)
    r.question["id"] = qid


def content_id(qtype: str, stem: str) -> str:
    digest = hashlib.sha1(f"{qtype}\n{squeeze(unicodedata.normalize('NFKC', stem))}".encode()).hexdigest()
    return f"q-{digest[:10]}"


def read_options(ctx: Context, layout: Layout, r: Row, values: list[str]) -> list[str]:
    texts = [values[col - 1] if col <= len(values) else "" for col in layout.options]
    while texts and not texts[-1]:
        texts.pop()
    for k, text in enumerate(texts):
        r.cells[("options", k)] = (r.row, layout.options[k])
        if not text:
            later = next(j for j in range(k + 1, len(texts)) if texts[j])
            r.problem(
                ctx,
                layout.options[k],
                f"选项{LETTERS[k]}为空，但后面的选项{LETTERS[later]}有内容：选项要从选项A起连续填写",
            )
    if texts:
        r.cells[("options",)] = (r.row, layout.options[0])
    return texts


def read_answer(ctx: Context, layout: Layout, r: Row, text: str, qtype: str, options: list[str]) -> None:
    place(layout, r, "answer")
    col = layout.cols["answer"]
    if qtype == "judge" and options and judge_pair(options):
        # Some exam systems export a judge question as options 正确/错误 with answer A or B.
        letter = C.normalise_token(text)
        if len(letter) == 1 and letter in LETTERS[: len(options)]:
            text = options[LETTERS.index(letter)]
        options = []
    if options:
        r.question["options"] = options
    if not text:
        r.problem(ctx, col, f"正确答案为空：{ANSWER_EXAMPLES.get(qtype, ANSWER_EXAMPLES[''])}")
        r.question["answer"] = ""
        return
    reader = ANSWER_READERS.get(qtype)
    r.question["answer"] = reader(ctx, r, col, text, options) if reader else text


def judge_pair(options: list[str]) -> bool:
    """Options that are just 对 and 错, in some spelling (正确/错误, √/× …)."""
    return sorted(str(C.JUDGE_SPELLINGS.get(C.normalise_token(o))) for o in options) == ["对", "错"]


ANSWER_EXAMPLES = {
    "single": "单选题写一个选项字母，例如 B",
    "multiple": "多选题写两个或以上选项字母，例如 ABD（也可写 A,B,D 或 A、B、D）",
    "judge": "判断题写 对 或 错（也可写 正确/错误、是/否、√/×、T/F）",
    "blank": "填空题写每个空的答案，空与空之间用 | 分隔，同一个空有几种答案时用 ; 分隔，例如 镇办;乡镇",
    "": "单选题写一个字母（B），多选题写几个字母（ABD），判断题写 对 或 错，填空题写每个空的答案",
}


def read_choice_answer(ctx: Context, r: Row, col: int, text: str, options: list[str]) -> str:
    letters = C.LETTER_SEPARATORS.sub("", C.normalise_token(text))
    if re.fullmatch(r"[A-Z]+", letters):
        return letters  # range, count and repeats: the rules check them
    same = [k for k, o in enumerate(options) if o == text]
    if same:
        r.problem(ctx, col, f"正确答案“{text}”应写选项字母：它是选项{LETTERS[same[0]]}的内容，请写 {LETTERS[same[0]]}")
    else:
        qtype = r.question.get("type")
        r.problem(ctx, col, f"正确答案“{text}”应写选项字母：{ANSWER_EXAMPLES[qtype]}")
    return text


def read_judge_answer(ctx: Context, r: Row, col: int, text: str, options: list[str]) -> str:
    word = C.JUDGE_SPELLINGS.get(C.normalise_token(text))
    if word is None:
        r.problem(ctx, col, f"判断题的正确答案“{text}”无法识别：{ANSWER_EXAMPLES['judge']}")
        return text
    return word


def read_blank_answer(ctx: Context, r: Row, col: int, text: str, options: list[str]) -> list:
    answer: list = []
    for k, blank in enumerate(C.BLANK_SEPARATOR.split(text), 1):
        alternatives = [a.strip() for a in C.ALTERNATIVE_SEPARATOR.split(blank) if a.strip()]
        if not alternatives:
            r.problem(
                ctx,
                col,
                f"正确答案的第 {k} 个空没有内容：空与空之间用 | 分隔，同一个空有几种答案时用 ; 分隔",
            )
            alternatives = [""]
        answer.append(alternatives[0] if len(alternatives) == 1 else alternatives)
    return answer


ANSWER_READERS: dict[str, Callable] = {
    "single": read_choice_answer,
    "multiple": read_choice_answer,
    "judge": read_judge_answer,
    "blank": read_blank_answer,
}


def read_explanation(ctx: Context, layout: Layout, r: Row, text: str) -> None:
    place(layout, r, "explanation")
    if not text:
        r.problem(ctx, layout.cols["explanation"], "答案解析为空：请说明为什么，最好引用原文")
    r.question["explanation"] = text


def read_source(ctx: Context, layout: Layout, r: Row, quote: str, source: str) -> None:
    quote_col = layout.cols.get("quote", layout.cols.get("source"))
    if source:
        # Given by the trainer: it wins, and the rules check it (and the quote in it).
        place(layout, r, "source")
        r.question["source"] = source
        if quote:
            place(layout, r, "quote")
            r.question["quote"] = quote
        return
    # Derived from the quote: a problem about the source is a problem about the quote.
    r.cells[("source",)] = r.cells[("quote",)] = (r.row, quote_col)
    if not quote:
        r.problem(
            ctx, quote_col, "引文和出处都为空：请从本站页面逐字复制一句证明答案的原文填入引文，导入时会自动找到出处"
        )
        r.question["source"] = ""
        return
    found = ctx.locator.find(quote)
    if found is None:
        r.problem(ctx, quote_col, quote_not_found(ctx, quote))
        r.question.update(source="", quote=quote)
        return
    r.question.update(source=found.source, quote=found.quote)


def quote_not_found(ctx: Context, quote: str) -> str:
    message = "引文在本站页面中找不到：请从网站上逐字复制（包括全角标点）"
    closest = ctx.locator.closest(quote)
    if closest is None:
        return f"{message}；网站上也没有相近的句子，请确认它出自本站收录的原文"
    source, sentence = closest
    return f"{message}。最接近的原文在 {source}：“{sentence}”"


def read_level(ctx: Context, layout: Layout, r: Row, text: str) -> None:
    """层次: the cell's value; an empty cell (or no such column) is the default, 识记."""
    place(layout, r, "level")
    if not text:
        r.question["level"] = C.DEFAULT_LEVEL
        return
    level = C.normalise_token(text)
    if level not in C.LEVELS:
        r.problem(ctx, layout.cols["level"], f"层次“{text}”无法识别：请写 {'、'.join(C.LEVELS)}")
        level = C.DEFAULT_LEVEL  # reported above (nothing is written): not reported again as missing
    r.question["level"] = level


def read_spelled(ctx: Context, layout: Layout, r: Row, column: C.Column, text: str, spellings: dict, how: str):
    """An optional cell written in one of ``spellings``: its value, or None (empty, or reported)."""
    if not text:
        return None
    place(layout, r, column.key)
    value = spellings.get(C.normalise_token(text))
    if value is None:
        r.problem(ctx, layout.cols[column.key], f"{column.name}“{text}”无法识别：{how}")
    return value


def read_difficulty(ctx: Context, layout: Layout, r: Row, text: str) -> None:
    how = "请写 易、中 或 难（也可写 简单、一般、较难、困难）"
    level = read_spelled(ctx, layout, r, C.DIFFICULTY, text, C.DIFFICULTY_SPELLINGS, how)
    if level is not None:
        r.question["difficulty"] = level


def read_group(layout: Layout, r: Row, text: str) -> None:
    """同组: written as given; its spelling is the schema's rule (reported at this cell)."""
    if text:
        place(layout, r, "group")
        r.question["group"] = text


def read_any_order(ctx: Context, layout: Layout, r: Row, text: str) -> None:
    """顺序不限: 是 sets ``any_order``; whether the question may have it is the checker's rule."""
    if read_spelled(ctx, layout, r, C.ANY_ORDER, text, C.ANY_ORDER_SPELLINGS, "请写 是，或者不填"):
        r.question["any_order"] = True


def split_list(text: str) -> list[str]:
    return [t.strip() for t in C.LIST_SEPARATORS.split(text) if t.strip()]


def read_audience(layout: Layout, r: Row, text: str) -> None:
    r.audience = [(a, (r.row, layout.cols["audience"])) for a in split_list(text)]


def read_covers(ctx: Context, layout: Layout, r: Row, text: str) -> None:
    if not text:
        return
    place(layout, r, "covers")
    for title, sid in ctx.titles:
        text = text.replace(title, f"、{sid}、")
    for token in split_list(text):
        sid = token.lower()
        if sid in ctx.shortfall_ids:
            if sid not in r.covers:
                r.covers.append(sid)
            continue
        known = "、".join(f"{s.id}（{s.title}）" for s in ctx.shortfalls)
        r.problem(
            ctx,
            layout.cols["covers"],
            f"培训短板“{token}”未在 quizzes/{REGISTRY} 中登记：请写短板的 id 或标题，可用的有：{known}",
        )


# --- the bank ------------------------------------------------------------------------------


def check_duplicate_ids(ctx: Context, rows: list[Row]) -> list[Problem]:
    """Each row of a repeated id is told the others (the rule names only the first)."""
    by_id: dict[str, list[Row]] = {}
    for r in rows:
        by_id.setdefault(r.question["id"], []).append(r)
    problems = []
    for same in by_id.values():
        for r in same if len(same) > 1 else ():
            others = "、".join(str(o.row) for o in same if o is not r)
            if r.id_given:
                message = f"编号“{r.question['id']}”与第 {others} 行重复：每道题的编号在表格内必须唯一"
            else:
                message = f"本题与第 {others} 行的题目重复（题型和题干相同）：请删除重复的题，或修改题干"
            problems.append(Problem(ctx.shown, *r.cells[("id",)], message))
    return problems


def build_bank(ctx: Context, rows: list[Row], title: str, description: str, header_row: int) -> SheetDoc:
    """The bank as the YAML will hold it, and where each of its values came from."""
    audience: dict[str, tuple[int, int]] = {}
    for r in rows:
        for a, cell in r.audience:
            audience.setdefault(a, cell)
    # Registry order: the bank's covers do not depend on the order of the rows.
    used = {c for r in rows for c in r.covers}
    covers = [s.id for s in ctx.shortfalls if s.id in used]
    data: dict = {"title": title}
    if description:
        data["description"] = description
    if audience:
        data["audience"] = list(audience)
    data["covers"] = covers
    doc = SheetDoc(data, header_row)
    doc.audience_cells = [([a for a, _ in r.audience], r.audience[0][1]) for r in rows if r.audience]
    first_cover = {}
    for r in rows:
        for c in r.covers:
            first_cover.setdefault(c, r.cells[("covers",)])
    for k, c in enumerate(covers):
        doc.bank_cells[("covers", k)] = first_cover[c]
    questions = []
    for r in rows:
        q = dict(r.question)
        # A row naming every shortfall of the bank says what the bank says: leave it to the bank.
        if r.covers and set(r.covers) != used:
            q["covers"] = list(r.covers)
        # Likewise a row naming every role of the bank; a row naming fewer is for those only.
        mine = [a for a, _ in r.audience]
        if mine and set(mine) != set(audience):
            q["audience"] = mine
        questions.append(ordered(q))
        doc.rows.append(r.row)
        doc.row_cols.append(r.row_col)
        doc.cells.append(r.cells)
    data["questions"] = questions
    return doc


# The order of the shipped banks (schema.QUESTION has covers before difficulty).
QUESTION_ORDER = (
    "id",
    "type",
    "level",
    "stem",
    "options",
    "answer",
    "explanation",
    "source",
    "quote",
    "difficulty",
    "covers",
    "audience",
    "group",
    "any_order",
)


def ordered(q: dict) -> dict:
    return {k: q[k] for k in QUESTION_ORDER if k in q}


def check_bank(ctx: Context, doc: SheetDoc, pages: dict[str, Page]) -> list[Problem]:
    """The checks of ``quiz.load.load_bank``, in the same order, on the sheet's bank."""
    report = schema.Report(ctx.shown, doc)
    schema.validate(report, schema.BANK)
    problems = report.problems
    data = doc.data
    problems += rules.check_bank_covers(ctx.shown, doc, data["covers"], ctx.shortfall_ids)
    roles = role_names(pages)
    for audience, cell in doc.audience_cells:  # per row, so that every cell naming a wrong role is shown
        problems += rules.check_audience(ctx.shown, CellDoc(cell), audience, roles)
    seen: dict[str, int] = {}
    for n, raw in enumerate(data["questions"]):
        q = rules.Q(ctx.shown, doc, n, raw, pages, ctx.shortfall_ids)
        problems += rules.check_question(q, seen)[1]
    return [Problem(p.path, p.line, p.col, sheet_wording(p.message), p.warning) for p in problems]


def merge(read_problems: list[Problem], rule_problems: list[Problem]) -> list[Problem]:
    """Every problem once, sorted; a cell reported while reading is not reported again by a
    rule (the reading message says the same thing in the spreadsheet's words)."""
    reported = {(p.line, p.col) for p in read_problems}
    kept = [p for p in rule_problems if (p.line, p.col) not in reported]
    return sorted(set(read_problems + kept))


# --- bank id and target file ---------------------------------------------------------------


def choose_bank_id(shown: str, file: Path, bank_id: str | None) -> tuple[str, list[Problem]]:
    given = bank_id if bank_id is not None else file.stem
    if len(given) > rules.MAX_BANK_ID:  # the checker's own limit: quizzes/ID.yml must stay a usable name
        return given, [Problem(shown, 1, 1, f"{rules.too_long_id_message(given)}：请用 --id 指定")]
    if bank_id is not None:
        if re.fullmatch(schema.ID_PATTERN, bank_id):
            return bank_id, []
        return bank_id, [
            Problem(
                shown, 1, 1, f"题库 id“{bank_id}”只能用小写英文字母、数字和连字符，例如 township-duties：请修改 --id"
            )
        ]
    if re.fullmatch(schema.ID_PATTERN, file.stem):
        return file.stem, []
    return file.stem, [
        Problem(
            shown,
            1,
            1,
            f"文件名“{file.stem}”不能直接用作题库 id（只能用小写英文字母、数字和连字符）："
            "请用 --id 指定，例如 --id township-duties",
        )
    ]


ELSEWHERE = "请用 --id 换一个题库 id"


def check_target(shown: str, target: Path, bank_id: str, pages: dict[str, Page], force: bool = False) -> list[Problem]:
    problem = target_problem(target, ELSEWHERE, force)
    if problem:
        return [Problem(shown, 1, 1, problem)]
    if bank_id in reserved_bank_ids(pages):
        return [Problem(shown, 1, 1, f"{rules.reserved_id_message(bank_id)}：请用 --id 换一个")]
    return []


# --- the YAML, in the shipped banks' style ---------------------------------------------------

# A plain scalar may not start with an indicator or a space, nor hold a line break, a
# control character, ": ", " #", a trailing ":" or trailing space; inside [ ] not , [ ] { } : ? either.
_NOT_PLAIN = re.compile(r"^[-?:,\[\]{}#&*!|>'\"%@`\s]|[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff]|: | #|:$|\s$")
_NOT_PLAIN_IN_FLOW = re.compile(_NOT_PLAIN.pattern + r"|[,\[\]{}:?]")
_IMPLICIT = yaml.resolver.Resolver.yaml_implicit_resolvers  # what YAML would read as a number, date, bool…


def scalar(text: str, flow: bool = False) -> str:
    """``text`` plain when YAML reads it back as the same string, else double-quoted."""
    plain = (
        text
        and not (_NOT_PLAIN_IN_FLOW if flow else _NOT_PLAIN).search(text)
        and not any(regexp.match(text) for _, regexp in _IMPLICIT.get(text[0], ()))
    )
    return text if plain else quoted(text)


def quoted(text: str) -> str:
    def escape(m: re.Match) -> str:
        c = m.group(0)
        return {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t"}.get(c) or f"\\u{ord(c):04x}"

    return '"' + re.sub(r'[\\"\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff]', escape, text) + '"'


def flow_list(items: list) -> str:
    return "[" + ", ".join(flow_list(i) if isinstance(i, list) else scalar(str(i), flow=True) for i in items) + "]"


def value_text(value) -> str:
    if isinstance(value, bool):  # any_order
        return "true" if value else "false"
    return flow_list(value) if isinstance(value, list) else scalar(value)


def render_bank(data: dict, origin: str) -> str:
    lines = [f"# 由表格 {origin} 导入（python scripts/build.py import）。"]
    lines += [f"{k}: {value_text(v)}" for k, v in data.items() if k != "questions"]
    lines.append("questions:")
    for n, q in enumerate(data["questions"]):
        if n:
            lines.append("")
        for k, (key, value) in enumerate(q.items()):
            lines.append(f"{'  - ' if k == 0 else '    '}{key}: {value_text(value)}")
    return "\n".join(lines) + "\n"


# --- the command -------------------------------------------------------------------------------


def read_rows(ctx: Context, table: Table) -> tuple[Layout | None, list[Row], list[Problem], list[str]]:
    """(layout, rows, problems, notes): stage 1 and 2 over the whole table."""
    if not table.rows:
        return None, [], [Problem(ctx.shown, 1, 1, "表格是空的：第一行写列名（见模板），以下每行一道题")], []
    h = find_header_row(table)
    header_row, header = table.rows[h]
    layout, problems = check_header(ctx.shown, header_row, header)
    notes = []
    if h:
        notes.append(f"注意：第 {header_row} 行是表头，它上面的 {h} 行未读取。")
    if not layout.complete:
        return None, [], problems, notes
    rows = []
    nameless_used: dict[int, int] = {}
    for row, values in table.rows[h + 1 :]:
        for col in layout.nameless:
            if col <= len(values) and values[col - 1]:
                nameless_used.setdefault(col, row)
        if len(values) > len(header):
            for col in range(len(header) + 1, len(values) + 1):
                if values[col - 1]:
                    nameless_used.setdefault(col, row)
        rows.append(read_row(ctx, layout, row, values))
    for col, row in sorted(nameless_used.items()):
        problems.append(
            Problem(ctx.shown, header_row, col, f"这一列没有列名，但第 {row} 行有内容：请填写列名，或删除这一列")
        )
    if not rows:
        problems.append(Problem(ctx.shown, header_row + 1, 1, "表格中没有题目：表头下面每行写一道题"))
    for r in rows:
        problems += r.problems
    return layout, rows, problems, notes


def named_causes(ctx: Context, table: Table, header_row: int, problems: list[Problem]) -> list[Problem]:
    """Excel error values and merged cells named as what they are (issue 24): each is one
    problem at its cell, and what the rules said of the empty cells they leave ("为空") is
    dropped, since the cause is the error or the merge.  Rows above the header are not read."""
    causes = []
    for (row, col), value in sorted(table.errors.items()):
        if row >= header_row:
            meaning = ERROR_VALUES.get(value, "公式出错")
            causes.append(
                Problem(
                    ctx.shown,
                    row,
                    col,
                    f"这一格是 Excel 的错误值 {value}（{meaning}），不是题目内容：请改正公式，"
                    "或复制后“选择性粘贴 → 数值”，再把这一格改成要导入的文字",
                )
            )
    merged = [m for m in table.merged if m.max_row >= header_row]
    for m in merged:
        causes.append(
            Problem(
                ctx.shown,
                m.min_row,
                m.min_col,
                f"{m.ref} 是合并单元格：导入要求每道题占一行、每一格单独填写，合并后只有左上角一格有内容。"
                "请选中这些单元格，点“合并后居中”取消合并，再把内容填到每一格",
            )
        )
    if not causes:
        return problems

    def caused(p: Problem) -> bool:
        cell = (p.line, p.col)
        return cell in table.errors or any(cell in m and cell != (m.min_row, m.min_col) for m in merged)

    return sorted(set(causes + [p for p in problems if not caused(p)]))


def summary(problems: list[Problem]) -> str:
    return f"导入未通过：发现 {len(problems)} 个问题，没有写入任何文件。请逐条修改表格后重新导入。"


def run(
    file: Path,
    bank_id: str | None,
    title: str | None,
    out: Callable[[str], None] = print,
    quiz_dir: Path = QUIZZES,
    docs_dir: Path = DOCS,
    sheet: str | None = None,
    force: bool = False,
) -> int:
    """Import ``file`` (the sheet named ``sheet``, else 题库 or the first visible one) into
    ``quiz_dir``; print problems (or what was written and the checker's verdict); exit status.
    An existing bank is replaced only with ``force``."""
    shown = rel(file)
    bank_id, problems = choose_bank_id(shown, file, bank_id)
    pages = load_pages(docs_dir)
    shortfalls, registry_problems = load_registry(quiz_dir, rel(quiz_dir / REGISTRY), pages)
    target = quiz_dir / f"{bank_id}.yml"
    if not problems:
        problems += check_target(shown, target, bank_id, pages, force)
    ctx = Context(shown, Locator(pages), shortfalls)
    try:
        table = read_table(file, sheet)
    except SheetError as e:
        table = None
        problems.append(Problem(shown, e.row, e.col, str(e)))
    notes: list[str] = []
    doc = None
    layout = None
    if table is not None:
        out_notes = list(table.notes)
        if sheet is not None and not table.sheet:
            out_notes.append("注意：CSV 文件只有一个表，--sheet 不起作用。")
        layout, rows, read_problems, notes = read_rows(ctx, table)
        notes = out_notes + notes
        problems += read_problems
        if layout is not None and rows:
            title = (title or "").strip() or table.title or file.stem
            problems += check_duplicate_ids(ctx, rows)
            doc = build_bank(ctx, rows, title, table.description, layout.header_row)
            problems = merge(problems, check_bank(ctx, doc, pages))
        header_row = layout.header_row if layout else (table.rows[find_header_row(table)][0] if table.rows else 1)
        problems = named_causes(ctx, table, header_row, problems)
    notes += [render_problem(p) for p in problems if p.warning]  # 提醒: shown, never refusing the import
    problems = [p for p in problems if not p.warning]
    for note in notes:
        out(note)
    problems = sorted(set(problems)) + registry_problems
    if problems:
        for p in problems:
            out(render_problem(p) if p.path == shown else str(p))
        out(summary(problems))
        return 1
    text = render_bank(doc.data, file.name)
    # The checker's own rules have just run on doc.data (through SheetDoc), so the site is not
    # loaded and checked again (at 10,000 rows that took longer than the whole import).  The
    # text says exactly what was checked: ``scalar`` quotes anything YAML would read as another
    # type or structure, and tests read every shipped bank back through export and import.
    try:
        write_files({target: text}, force=force, elsewhere=ELSEWHERE)
    except OutputError as e:
        out(f"{shown}:1:A: {e}")
        out("导入未完成：没有写入任何文件。")
        return 1
    if layout is not None and "level" not in layout.cols:
        out(f"注意：表格没有“{C.LEVEL.name}”列，所有题目的层次都按默认的“{C.DEFAULT_LEVEL}”导入，请在题库中逐题核对。")
    counts = "、".join(
        f"{name[:2]} {n}"
        for key, name in C.QUESTION_TYPES.items()
        if (n := sum(q["type"] == key for q in doc.data["questions"]))
    )
    out(f"已写入 {show(target)}：题库“{doc.data['title']}”，{len(doc.data['questions'])} 道题（{counts}）。")
    out(check_summary([], 1))
    return 0
