"""The 成绩文件 a cadre saves after 交卷 on 模拟考试, read back and checked.

Written by ``docs/assets/quiz/exam.js`` (its header describes the fields). Version 2 is one JSON
object: ``app`` "jiceng-tongzhan-kb", ``kind`` "exam-result", ``v`` 2, ``paper`` {banks, n, seed,
roles, shortfalls, minutes, id}, ``questions`` [{key "bank/qid", v, covers, answer, correct}],
``score`` {right, total}, ``shortfalls`` {id: {right, total}}, ``started``/``finished`` (local ISO
8601 with the UTC offset), ``seconds``, ``name``, ``unit`` and ``checksum``.  A question's ``v`` is
the version of the question the cadre saw (``kb.quiz.model.question_version``, as in
quizzes/exam-data.js); ``answer`` holds the options chosen as indexes in the bank's order, so the
option content chosen is known whatever order the page showed.  Version 1 (before 2027) is the
same without the questions' ``v``; it is still read.

``correct``, ``score`` and ``shortfalls`` are what the cadre's page showed; ``build.py results``
checks them for consistency but counts only its own regrading of ``answer`` (kb.results.grade).

The checksum is ``"sha256:" + SHA-256`` of the *canonical form* of the object without
``checksum``; exam.js computes it in plain JS (``crypto.subtle`` is missing on a plain-HTTP
intranet server), this module the same way:

* JSON with no spaces; object keys sorted by UTF-16 code units (what JS's ``Array.prototype.sort``
  does; the same as code points for the ASCII keys the format uses);
* strings as ``JSON.stringify`` writes them: ``"`` and ``\\`` escaped, ``\\b \\f \\n \\r \\t``,
  other characters below U+0020 and lone surrogates as ``\\u00xx``/``\\udxxx`` (lower-case hex),
  every other character as itself;
* numbers as ECMAScript's ``Number.prototype.toString`` writes them (``30``, ``1.5``,
  ``0.000001``, ``1e-7``, ``1e+21``); ``true``, ``false``, ``null``;
* the text encoded as UTF-8.

Formatting (indentation, key order in the file) does not count, so a file re-saved by an editor
still passes; a changed value does not. It detects a hand-edited file, not a forgery: anyone who
reads this can recompute the checksum, which is why results never trust ``correct`` or ``score``.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import math
import re
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

from .. import regular

APP = "jiceng-tongzhan-kb"
KIND = "exam-result"
VERSION = 2  # written by exam.js
VERSIONS = (1, 2)  # read here: version 1 files lack the questions' ``v``
MAX_BYTES = 2 * 1024 * 1024  # a class result file is a few KB; anything bigger is not one

# Why a file is not counted: the one wording of each, shown to the trainer by file name.
NOT_FOUND = "{file}：找不到这个文件"
CANNOT_OPEN = "{file}：无法打开（{why}）"
UNREADABLE = "{file}：无法读取（不是 JSON 文件，或文件已损坏）"
NOT_OURS = "{file}：不是本站的成绩文件"
NEWER = "{file}：成绩文件版本 {v} 无法识别（本程序读取版本 1 和 2），请用最新版的知识库汇总"
TAMPERED = "{file}：校验码不符，文件保存后被改动过"
BROKEN = "{file}：内容不完整或前后不一致（{why}）"
NOT_REGULAR = "{file}：{why}，未读取：请给出学员保存的 .json 成绩文件"
TOO_DEEP = "{file}：不是本站的成绩文件（嵌套超过 {depth} 层）"
BAD_TEXT = "{file}：{what}中有控制字符或无效字符（{char}），无法写入表格：文件已损坏或被改动过，请让学员重新交卷"
MAX_DEPTH = 6  # record > questions > question > answer > text: anything deeper is not ours
# Characters no name, answer or key typed on the exam page can hold, and no workbook can: C0
# controls but tab and line breaks, DEL and C1, lone surrogates, bidi overrides.
BAD_CHAR = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069\ufffe\uffff]")


class Refused(Exception):
    """A file that is not counted; ``str()`` is the message for the trainer."""


# --- the canonical form ----------------------------------------------------------------------

_SURROGATE = re.compile("[\ud800-\udfff]")


def js_number(x: int | float) -> str:
    """``x`` as ECMAScript's Number::toString writes it (JSON.stringify uses it)."""
    if isinstance(x, int):
        return str(x)
    if not math.isfinite(x):
        return "null"  # JSON.stringify(NaN)
    if x == 0:
        return "0"
    sign = "-" if x < 0 else ""
    digits, exp = Decimal(repr(abs(x))).normalize().as_tuple()[1:]  # shortest round-trip digits
    s = "".join(map(str, digits))
    k, n = len(s), len(s) + exp  # value = 0.s × 10^n
    if k <= n <= 21:
        return sign + s + "0" * (n - k)
    if 0 < n <= 21:
        return sign + s[:n] + "." + s[n:]
    if -6 < n <= 0:
        return sign + "0." + "0" * -n + s
    e = f"e{'+' if n > 0 else '-'}{abs(n - 1)}"
    return sign + (s if k == 1 else s[0] + "." + s[1:]) + e


def _string(s: str) -> str:
    text = json.dumps(s, ensure_ascii=False)  # escapes exactly what JSON.stringify escapes …
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)  # … and lone surrogates


def _utf16(key: str) -> bytes:
    return key.encode("utf-16-be", "surrogatepass")


def canonical(value) -> str:
    """The canonical JSON text of ``value`` (see the module docstring)."""
    if isinstance(value, dict):
        items = sorted(value.items(), key=lambda kv: _utf16(kv[0]))
        return "{" + ",".join(_string(k) + ":" + canonical(v) for k, v in items) + "}"
    if isinstance(value, list):
        return "[" + ",".join(canonical(v) for v in value) + "]"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if value is None:
        return "null"
    if isinstance(value, int | float):
        return js_number(value)
    return _string(str(value))


def checksum(record: dict) -> str:
    body = {k: v for k, v in record.items() if k != "checksum"}
    return "sha256:" + hashlib.sha256(canonical(body).encode("utf-8", "surrogatepass")).hexdigest()


def paper_id(keys: list[str]) -> str:
    """A paper's id: the first 16 hex digits of SHA-256 of its question keys, in order."""
    return hashlib.sha256("\n".join(keys).encode("utf-8")).hexdigest()[:16]


# --- one file ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Answer:
    key: str  # "bank/qid"
    covers: tuple[str, ...]  # shortfall ids, as the site had them when the paper was taken
    answer: tuple  # option indexes in the bank's order, or the texts typed in the blanks
    correct: bool  # as the cadre's page graded it: shown, never counted
    version: str | None = None  # of the question the cadre saw; None in a version 1 file


@dataclass
class ResultFile:
    file: str  # as the trainer named it
    name: str
    unit: str
    paper: dict
    answers: list[Answer]
    started: datetime.datetime
    finished: datetime.datetime  # the cadre's local time, with its UTC offset
    seconds: int
    checksum: str
    v: int = VERSION

    @property
    def claimed(self) -> int:
        """The score the file claims (its ``correct`` flags): shown in a note, never counted."""
        return sum(a.correct for a in self.answers)

    @property
    def total(self) -> int:
        return len(self.answers)

    @property
    def paper_id(self) -> str:
        return self.paper["id"]


def _is_int(v) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _is_strs(v) -> bool:
    return isinstance(v, list) and all(isinstance(x, str) for x in v)


_SHAPES = {
    "str": lambda v: isinstance(v, str),
    "int": lambda v: _is_int(v) and v >= 0,
    "number": lambda v: (_is_int(v) or isinstance(v, float)) and v >= 0,
    "bool": lambda v: isinstance(v, bool),
    "strs": _is_strs,
    "list": lambda v: isinstance(v, list),
    "dict": lambda v: isinstance(v, dict),
}
PAPER = {"banks": "strs", "n": "int", "seed": "str", "roles": "strs", "shortfalls": "strs", "minutes": "number"}
PAPER["id"] = "str"
QUESTION = {"key": "str", "covers": "strs", "answer": "list", "correct": "bool"}
QUESTION_V2 = QUESTION | {"v": "str"}
TOP = {"paper": "dict", "questions": "list", "score": "dict", "shortfalls": "dict", "started": "str"}
TOP |= {"finished": "str", "seconds": "int", "name": "str", "unit": "str"}


def _shape(obj: dict, fields: dict[str, str], where: str) -> None:
    for key, shape in fields.items():
        if key not in obj or not _SHAPES[shape](obj[key]):
            raise ValueError(f"{where}{key} 缺少或格式不对")


def _time(text: str, what: str) -> datetime.datetime:
    try:
        t = datetime.datetime.fromisoformat(text)
    except ValueError:
        t = None
    if t is None or t.tzinfo is None:
        raise ValueError(f"{what}无法识别")
    return t


def parse(record: dict, file: str) -> ResultFile:
    """A checked record (app, kind, version and checksum already right) as a ResultFile; raises
    ValueError saying in Chinese what is missing or inconsistent."""
    _shape(record, TOP, "")
    paper = record["paper"]
    _shape(paper, PAPER, "paper.")
    answers = []
    for i, q in enumerate(record["questions"], 1):
        if not isinstance(q, dict):
            raise ValueError(f"第 {i} 题格式不对")
        _shape(q, QUESTION_V2 if record["v"] >= 2 else QUESTION, f"第 {i} 题的 ")
        if not re.fullmatch(r"[^/\s]+/[^/\s]+", q["key"]):
            raise ValueError(f"第 {i} 题的题目编号“{q['key']}”格式不对")
        answers.append(Answer(q["key"], tuple(q["covers"]), tuple(q["answer"]), q["correct"], q.get("v")))
    keys = [a.key for a in answers]
    if not answers or len(set(keys)) != len(keys) or paper["n"] != len(answers):
        raise ValueError("题数与题目列表不符")
    if paper["id"] != paper_id(keys):
        raise ValueError("试卷编号与题目不符")
    score = record["score"]
    right = sum(a.correct for a in answers)
    if score != {"right": right, "total": len(answers)}:
        raise ValueError("得分与逐题结果不符")
    if record["shortfalls"] != {s: {"right": r, "total": t} for s, (r, t) in tally_shortfalls(answers).items()}:
        raise ValueError("各培训短板的结果与逐题结果不符")
    started, finished = _time(record["started"], "开始时间"), _time(record["finished"], "交卷时间")
    if finished < started:
        raise ValueError("交卷时间早于开始时间")
    if not record["name"].strip():
        raise ValueError("没有姓名")
    return ResultFile(
        file,
        record["name"].strip(),
        record["unit"].strip(),
        paper,
        answers,
        started,
        finished,
        record["seconds"],
        record["checksum"],
        record["v"],
    )


def tally_shortfalls(answers: list[Answer]) -> dict[str, tuple[int, int]]:
    """Shortfall id -> (questions answered right, questions) over ``answers``."""
    out: dict[str, tuple[int, int]] = {}
    for a in answers:
        for s in a.covers:
            r, t = out.get(s, (0, 0))
            out[s] = (r + a.correct, t + 1)
    return out


def rate(right: int, total: int) -> Fraction:
    return Fraction(right, total) if total else Fraction(0)


def read(path: Path, file: str) -> ResultFile:
    """The result file at ``path`` (named ``file`` in messages), or raises Refused."""
    if not path.exists() and not path.is_symlink():
        raise Refused(NOT_FOUND.format(file=file))
    try:
        with regular.open_regular(path, MAX_BYTES) as f:
            data = f.read(MAX_BYTES + 1)
    except regular.NotRegular as e:
        if e.too_big:
            raise Refused(NOT_OURS.format(file=file)) from None
        raise Refused(NOT_REGULAR.format(file=file, why=e)) from None
    except OSError as e:
        raise Refused(CANNOT_OPEN.format(file=file, why=e.strerror or type(e).__name__)) from e
    if len(data) > MAX_BYTES:
        raise Refused(NOT_OURS.format(file=file))
    try:
        record = json.loads(data.decode("utf-8-sig"), parse_constant=_no_constant)
    except (UnicodeDecodeError, ValueError, RecursionError) as e:
        raise Refused(UNREADABLE.format(file=file)) from e
    if depth(record) > MAX_DEPTH:  # before anything recursive walks it (a 900-deep array)
        raise Refused(TOO_DEEP.format(file=file, depth=MAX_DEPTH))
    bad = bad_text(record)
    if bad:
        raise Refused(BAD_TEXT.format(file=file, what=bad[0], char=f"U+{ord(bad[1]):04X}"))
    if not isinstance(record, dict) or record.get("app") != APP or record.get("kind") != KIND:
        raise Refused(NOT_OURS.format(file=file))
    v = record.get("v")
    if not _is_int(v) or v not in VERSIONS:
        newer = _is_int(v) and v > VERSION
        raise Refused(NEWER.format(file=file, v=v) if newer else NOT_OURS.format(file=file))
    if record.get("checksum") != checksum(record):
        raise Refused(TAMPERED.format(file=file))
    try:
        return parse(record, file)
    except ValueError as e:
        raise Refused(BROKEN.format(file=file, why=e)) from e


def depth(value) -> int:
    """How deeply ``value`` nests lists and objects, without recursion."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        v, d = stack.pop()
        if isinstance(v, dict | list):
            deepest = max(deepest, d)
            if d <= MAX_DEPTH:  # deeper is refused anyway: no need to walk all of it
                stack += [(x, d + 1) for x in (v.values() if isinstance(v, dict) else v)]
    return deepest


FIELD_NAMES = {"name": "姓名", "unit": "单位"}


def bad_text(value, where: str = "") -> tuple[str, str] | None:
    """(field, character) of the first text in ``value`` (keys included) with a character no
    result file can hold, or None."""
    if isinstance(value, str):
        m = BAD_CHAR.search(value)
        return (FIELD_NAMES.get(where, "文件内容"), m.group()) if m else None
    if isinstance(value, dict):
        for k, v in value.items():
            found = bad_text(k) or bad_text(v, k if not where else where)
            if found:
                return found
    elif isinstance(value, list):
        for v in value:
            found = bad_text(v, where)
            if found:
                return found
    return None


def _no_constant(name: str):
    raise ValueError(name)  # NaN, Infinity: not JSON
