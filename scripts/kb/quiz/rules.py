"""The rules a bank must follow beyond its schema (``content.schema.BANK``), one function each.

Each rule returns its problems and never stops the others, so a trainer sees every mistake
in one run.  Rules on one question take a :class:`Q` (the question, its place in the file and
what it may refer to); rules across files take the loaded banks and the registry.
"""

from __future__ import annotations

import difflib
import marshal
import re
import unicodedata
from dataclasses import dataclass

from .. import disk_cache
from ..content import schema, sections, yamlpos
from ..content.pages import Page
from ..content.problems import Problem
from ..session import current
from . import quality
from .coverage import coverage, distinct_passages
from .model import (
    BLANK,
    GENERATED_QUIZ_FILES,
    LETTERS,
    MIN_PER_SHORTFALL,
    NEAR_DUPLICATE_RATIO,
    OPTION_COUNT,
    Bank,
    Question,
    Shortfall,
    bank_page_rel,
)


@dataclass
class Q:
    """One question of a bank being checked."""

    rel: str  # the bank file as reported
    doc: yamlpos.Located
    n: int  # index in ``questions``
    data: dict
    pages: dict[str, Page]
    shortfall_ids: set[str]
    roles: set = frozenset()  # the site's role names (a question's ``audience``); empty: unchecked

    def problem(self, path_tail: tuple, message: str) -> Problem:
        return Problem(self.rel, *self.doc.where(("questions", self.n, *path_tail)), message)


def _unregistered(c: str, shortfall_ids: set[str]) -> str:
    return f"培训短板 `{c}` 未在 quizzes/shortfalls.yml 中登记，可用的有：{'、'.join(sorted(shortfall_ids))}"


# --- the bank as a whole -----------------------------------------------------------------


def check_bank_covers(rel: str, doc: yamlpos.Located, covers: list, shortfall_ids: set[str]) -> list[Problem]:
    return [
        Problem(rel, *doc.where(("covers", k)), _unregistered(c, shortfall_ids))
        for k, c in enumerate(covers)
        if isinstance(c, str) and shortfall_ids and c not in shortfall_ids
    ]


def check_audience(rel: str, doc: yamlpos.Located, audience: list, roles: set, at: tuple = ()) -> list[Problem]:
    """``audience`` of a bank (``at`` empty) or of one question (``at`` its path in the file)."""
    return [
        Problem(
            rel,
            *doc.where((*at, "audience", k)),
            f"适用岗位“{a}”不是站内的岗位名称，应为以下之一：{'、'.join(sorted(roles))}",
        )
        for k, a in enumerate(audience)
        if roles and isinstance(a, str) and a not in roles
    ]


# A bank id names its page (site/quizzes/ID.html) and files trainers save (ID.xlsx): file
# systems take 255 bytes a name, and Windows 260 characters a whole path (a USB stick's folders).
MAX_BANK_ID = 100


def too_long_id_message(bank_id: str) -> str:
    return (
        f"题库 id 太长（{len(bank_id)} 个字符）：最多 {MAX_BANK_ID} 个字符，因为它也是网页和表格的文件名。"
        "请改用简短的名字，例如 township-officer-duties"
    )


def check_file_name(rel: str, name: str, stem: str) -> list[Problem]:
    if len(stem) > MAX_BANK_ID:
        return [Problem(rel, 1, 1, f"{too_long_id_message(stem)}：请给文件 {name[:40]}… 改名")]
    if re.fullmatch(schema.ID_PATTERN, stem):
        return []
    return [Problem(rel, 1, 1, f"题库文件名“{name}”应只用小写英文字母、数字和连字符，例如 township-officer-duties.yml")]


def reserved_id_message(bank_id: str) -> str:
    return f"题库 id“{bank_id}”是网站自带页面 quizzes/{bank_id} 的名字，用作题库会替换掉那个页面"


def check_bank_id(rel: str, name: str, stem: str, pages: dict[str, Page]) -> list[Problem]:
    # The one page this id would take, looked up (reserved_bank_ids lists them all: per bank,
    # that is every page once for each bank — 400 banks × 1,000 pages in the benchmark).
    own = pages.get(bank_page_rel(stem))
    if stem not in GENERATED_QUIZ_FILES and (own is None or own.generated):
        return []
    return [Problem(rel, 1, 1, f"{reserved_id_message(stem)}：请给文件 {name} 改名，例如 {stem}-quiz.yml")]


# --- one question ----------------------------------------------------------------------


def check_unique_id(q: Q, seen: dict[str, int]) -> list[Problem]:
    """Ids unique within the bank; ``seen`` (id -> index) is filled as questions are checked."""
    qid = q.data.get("id")
    if not isinstance(qid, str):
        return []
    if qid in seen:
        first_line = q.doc.where(("questions", seen[qid], "id"))[0]
        return [q.problem(("id",), f"题目 id `{qid}` 与第 {first_line} 行的题目重复：每道题的 id 在题库内必须唯一")]
    seen[qid] = q.n
    return []


def check_options(q: Q) -> list[Problem]:
    qtype, options = q.data.get("type"), q.data.get("options")
    if qtype in ("judge", "blank"):
        if options is None:
            return []
        return [q.problem(("options",), f"{schema.QUESTION_TYPES[qtype]}不需要 options，请删除这一项")]
    if qtype not in OPTION_COUNT:
        return []
    lo, hi = OPTION_COUNT[qtype]
    if not isinstance(options, list):
        return [q.problem((), f"{schema.QUESTION_TYPES[qtype]}缺少 options（选项列表），请写 {lo}–{hi} 个选项")]
    problems = []
    if not lo <= len(options) <= hi:
        problems.append(
            q.problem(("options",), f"{schema.QUESTION_TYPES[qtype]}应有 {lo}–{hi} 个选项，实际有 {len(options)} 个")
        )
    firsts: dict[str, int] = {}
    for k, opt in enumerate(options):
        key = str(opt).strip()
        if key in firsts:
            letter = LETTERS[k] if k < 8 else k + 1
            problems.append(
                q.problem(("options", k), f"选项 {letter}“{key}”与选项 {LETTERS[firsts[key]]} 重复：选项不能相同")
            )
        else:
            firsts[key] = k
    return problems


def _implicit(q: Q) -> str:
    # What YAML turned an unquoted answer into (looked up only for a problem: it costs a re-parse).
    return schema.IMPLICIT.get(q.doc.tag(("questions", q.n, "answer")), "")


def parse_choice_answer(q: Q) -> tuple[list, list[str]]:
    qtype, answer = q.data.get("type"), q.data.get("answer")
    options = q.data.get("options") if isinstance(q.data.get("options"), list) else []
    if not isinstance(answer, str):
        implicit = _implicit(q)
        return [], [f"答案应写选项字母（如 A），实际是 {answer!r}" + (f"：{implicit}" if implicit else "")]
    messages = []
    letters = answer.strip().upper()
    if answer.strip() != letters:
        messages.append(f"答案字母请用大写：{letters}")
    if not re.fullmatch(r"[A-Z]+", letters):
        return [], [f"答案“{answer}”应只包含选项字母，例如 {'A' if qtype == 'single' else 'ACD'}"]
    if qtype == "single" and len(letters) != 1:
        messages.append(f"单选题只能有一个答案，实际写了 {letters}；如有多个正确选项请改为 type: multiple")
    if qtype == "multiple" and len(set(letters)) < 2:
        messages.append(f"多选题至少要有两个正确选项，实际只有 {letters}；只有一个时请改为 type: single")
    if len(set(letters)) != len(letters):
        messages.append(f"答案“{letters}”中有重复的字母")
    allowed = LETTERS[: len(options)]
    bad = [c for c in letters if c not in allowed]
    if bad and options:
        messages.append(
            f"答案中的 {'、'.join(bad)} 超出了选项范围：本题只有 {len(options)} 个选项（{allowed[0]}–{allowed[-1]}）"
        )
    return sorted({LETTERS.index(c) for c in letters if c in allowed}), messages


def parse_judge_answer(q: Q) -> tuple[list, list[str]]:
    answer = q.data.get("answer")
    if isinstance(answer, bool):
        return [], [f"判断题答案被 YAML 读成了 {answer}（{_implicit(q)}）：请写 对 或 错"]
    if answer not in ("对", "错"):
        return [], [f"判断题答案应为“对”或“错”，实际是 {answer!r}"]
    return [answer == "对"], []


def parse_blank_answer(q: Q) -> tuple[list, list[str]]:
    answer = q.data.get("answer")
    messages = []
    blanks = len(BLANK.findall(str(q.data.get("stem", ""))))
    if blanks == 0:
        messages.append("填空题的题干中没有空格：请用 ___（三个或以上下划线）标出每个空")
    if not isinstance(answer, list):
        implicit = _implicit(q)
        return [], [
            *messages,
            f"填空题答案应为列表，每个空一项，例如 [统战委员]；实际是 {answer!r}"
            + (f"：{implicit}" if implicit else ""),
        ]
    normalised = []
    for k, entry in enumerate(answer):
        alternatives = entry if isinstance(entry, list) else [entry]
        if not alternatives or not all(isinstance(a, str) and a.strip() for a in alternatives):
            bad = next((a for a in alternatives if not isinstance(a, str)), None)
            why = (
                "：YAML 把它读成了数字、日期或布尔值，请加引号" if bad is not None and not isinstance(bad, list) else ""
            )
            messages.append(f"第 {k + 1} 个空的答案应为文本或文本列表，实际是 {entry!r}{why}")
        normalised.append([str(a) for a in alternatives])
    if blanks and len(answer) != blanks:
        messages.append(f"题干中有 {blanks} 个空，但答案有 {len(answer)} 项：两者数目要一致")
    return normalised, messages


ANSWER_PARSERS = {
    "single": parse_choice_answer,
    "multiple": parse_choice_answer,
    "judge": parse_judge_answer,
    "blank": parse_blank_answer,
}


def check_answer(q: Q) -> tuple[list, list[Problem]]:
    """(the answer normalised for the page, problems) for a question of a known type."""
    parse = ANSWER_PARSERS.get(q.data.get("type"))
    if parse is None or "answer" not in q.data:
        return [], []
    answer, messages = parse(q)
    return answer, [q.problem(("answer",), m) for m in messages]


def check_question(q: Q, seen: dict[str, int]) -> tuple[object, list[Problem]]:
    """Every rule for one question, in order; the answer as parsed.  The one list, used by the
    bank loader and by the spreadsheet import, so a rule added here applies to both."""
    problems = check_unique_id(q, seen) + check_options(q)
    answer, answer_problems = check_answer(q)
    problems += answer_problems + check_question_covers(q) + check_question_source(q) + check_any_order(q)
    problems += quality.check_letter_references(q) + quality.check_applied_stem(q)
    audience = q.data.get("audience")
    problems += check_audience(
        q.rel, q.doc, audience if isinstance(audience, list) else [], q.roles, ("questions", q.n)
    )
    return answer, problems


def check_any_order(q: Q) -> list[Problem]:
    """``any_order`` only means something for a blank question with two or more blanks."""
    if q.data.get("any_order") is not True:
        return []
    if q.data.get("type") != "blank":
        return [q.problem(("any_order",), "只有填空题可以写 any_order（各空答案可互换顺序），请删除这一项")]
    if len(BLANK.findall(str(q.data.get("stem", "")))) < 2:
        return [q.problem(("any_order",), "any_order 只用于有两个或以上空格的填空题：本题只有一个空，请删除这一项")]
    return []


def check_question_covers(q: Q) -> list[Problem]:
    covers = q.data.get("covers")
    return [
        q.problem(("covers", k), _unregistered(c, q.shortfall_ids))
        for k, c in enumerate(covers if isinstance(covers, list) else [])
        if isinstance(c, str) and q.shortfall_ids and c not in q.shortfall_ids
    ]


def check_question_source(q: Q) -> list[Problem]:
    if not isinstance(q.data.get("source"), str):
        return []
    quote = q.data.get("quote") if isinstance(q.data.get("quote"), str) else None
    reason = check_source(q.pages, q.data["source"], quote)
    if not reason:
        return []
    return [q.problem(("quote",) if "引文" in reason else ("source",), reason)]


def check_source(pages: dict[str, Page], source: str, quote: str | None) -> str | None:
    """None if ``source`` (page.md#anchor under docs/) exists and contains ``quote``."""
    rel, _, anchor = source.partition("#")
    page = pages.get(rel)
    if page is None:
        return f"出处页面 {rel} 不存在：请写 docs/ 下的页面路径，例如 duties/township-officer.md#duty-1"
    if anchor and anchor not in page.anchors:
        near = [a for a in page.anchors if a.split("-")[0] == anchor.split("-")[0]][:8]
        hint = f"，该页面有：{'、'.join(near)}" if near else ""
        return f"出处页面 {rel} 中没有锚点 #{anchor}{hint}"
    if quote:
        text = sections.section_text(page, anchor or None) or ""
        if quote not in text and quote not in text.replace("\n", ""):
            where = f"#{anchor} 段落" if anchor else "页面"
            return f"引文 quote 在 {rel} 的{where}中找不到：请从该段原文逐字复制（包括全角标点）"
    return None


# --- across files ----------------------------------------------------------------------


def check_registry_passages(
    shortfalls: list[Shortfall], rel: str, doc: yamlpos.Located, pages: dict[str, Page]
) -> list[Problem]:
    problems = []
    seen = set()
    for n, s in enumerate(shortfalls):
        if s.id in seen:
            problems.append(Problem(rel, *doc.where(("shortfalls", n, "id")), f"培训短板 id `{s.id}` 重复"))
        seen.add(s.id)
        for k, passage in enumerate(s.passages):
            reason = check_source(pages, passage["source"], passage["quote"])
            if reason:
                problems.append(Problem(rel, *doc.where(("shortfalls", n, "passages", k, "source")), reason))
    return problems


def check_coverage(banks: list[Bank], shortfalls: list[Shortfall], registry_rel: str) -> list[Problem]:
    """Each shortfall asked from at least MIN_PER_SHORTFALL distinct passages (``source`` anchors):
    many questions on one sentence do not cover a shortfall."""
    counts = coverage(banks, shortfalls)
    passages = distinct_passages(banks, shortfalls)
    return [
        Problem(
            registry_rel,
            s.line,
            5,
            f"培训短板 `{s.id}`（{s.title}）的题目只引用了 {len(passages[s.id])} 段不同的原文（共 {counts[s.id]} 道题），"
            f"至少需要 {MIN_PER_SHORTFALL} 段：请为引用其他原文段落、确实针对这一短板的题目加上 covers: [{s.id}]，或补充题目",
        )
        for s in shortfalls
        if len(passages[s.id]) < MIN_PER_SHORTFALL
    ]


# --- warnings (reported, never failing the check) ------------------------------------------


RARE_BIGRAM_STEMS = 50  # at most; a bigram in more stems (or in over 5 %) is too common to pick candidates


def _bare(text: str) -> str:
    """A stem without punctuation, spaces or blanks, for comparing wordings."""
    return "".join(ch for ch in text if unicodedata.category(ch)[0] in "LN")


def _answer_key(q: Question) -> str:
    if q.type in ("single", "multiple"):
        return "|".join(sorted(q.options[i] for i in q.answer if i < len(q.options)))
    return repr(q.answer)


# Comparing two stems is most of the checker's time, and the live preview checks every bank
# again after each edit: the verdict for a pair of stems is kept, in memory for the session and
# in the project's disk cache between runs (a build of 1,000 questions spent 0.05 s on it, every
# time, for stems that had not changed).  It is a pure function of the two texts and of this
# code, so an edited stem is simply a new pair; only the pairs the last check compared are
# written back, so the entry holds one project's pairs.


class StemRatios:
    NAME = "stem-ratios"

    def __init__(self) -> None:
        self._key = disk_cache.key(disk_cache.code_key("quiz/rules"), str(NEAR_DUPLICATE_RATIO))
        self.known: dict[tuple[str, str], float | None] = {}
        raw = disk_cache.load(self.NAME, self._key)
        if raw is not None:
            try:
                self.known = marshal.loads(raw)
            except (EOFError, ValueError, TypeError):
                pass  # a damaged entry: compare afresh
        self.used: dict[tuple[str, str], float | None] = {}

    def ratio(self, stem: str, other_stem: str) -> float | None:
        key = (stem, other_stem)
        if key in self.used:
            return self.used[key]
        value = self.known[key] if key in self.known else _stem_ratio(stem, other_stem)
        self.used[key] = value
        return value

    def save(self) -> None:
        if self.used.keys() != self.known.keys():
            disk_cache.store(self.NAME, self._key, marshal.dumps(self.used))
        self.known, self.used = self.used, {}


def _stem_ratio(stem: str, other_stem: str) -> float | None:
    """difflib's ratio of two bare stems, or None when below NEAR_DUPLICATE_RATIO."""
    matcher = difflib.SequenceMatcher(None, stem, other_stem, autojunk=False)
    ratio: float | None = None
    if matcher.real_quick_ratio() >= NEAR_DUPLICATE_RATIO and matcher.quick_ratio() >= NEAR_DUPLICATE_RATIO:
        ratio = matcher.ratio()
        if ratio < NEAR_DUPLICATE_RATIO:
            ratio = None
    return ratio


def near_duplicates(banks: list[Bank], rel_of=lambda p: p.as_posix()) -> list[Problem]:
    """提醒 for pairs of questions, across all banks, that ask the same thing: the same quote and
    the same answer, or stems whose wording is at least NEAR_DUPLICATE_RATIO alike.  One warning
    per pair, at the later question, naming the earlier one."""
    rels = [rel_of(b.path) for b in banks]  # once per bank: resolving a path is not free
    items = [(path, q, _bare(q.stem)) for b, path in zip(banks, rels, strict=True) for q in b.questions]
    # Comparing every pair is quadratic (at 10,000 questions, hours): only questions sharing the
    # same quote and answer, or a bigram of the stem that few stems have, are compared.
    # Stems alike at NEAR_DUPLICATE_RATIO share most of their bigrams, rare ones among them.
    same: dict[tuple, int] = {}
    postings: dict[str, list[int]] = {}
    for j, (_, _, stem) in enumerate(items):
        for bigram in {stem[i : i + 2] for i in range(len(stem) - 1)}:
            postings.setdefault(bigram, []).append(j)
    limit = max(3, min(RARE_BIGRAM_STEMS, len(items) // 20))
    rare = [js for js in postings.values() if len(js) <= limit]
    neighbours: dict[int, set[int]] = {}
    for js in rare:
        for j in js:
            neighbours.setdefault(j, set()).update(js)
    p = current().preview
    if p.stem_ratios is None:
        p.stem_ratios = StemRatios()
    ratios = p.stem_ratios
    warnings = []
    for j, (path, q, stem) in enumerate(items):
        key = (q.quote, q.type, _answer_key(q)) if q.quote else None
        candidates = {i for i in neighbours.get(j, ()) if i < j}
        if key in same:
            candidates.add(same[key])
        elif key:
            same[key] = j
        for i in sorted(candidates):
            other_path, other, other_stem = items[i]
            same_quote = (
                q.quote and q.quote == other.quote and q.type == other.type and _answer_key(q) == _answer_key(other)
            )
            if same_quote:
                why = "引文和答案相同"
            else:
                ratio = ratios.ratio(stem, other_stem)
                if ratio is None:
                    continue
                why = f"题干相似度 {ratio:.2f}"
            warnings.append(
                Problem(
                    path,
                    q.line,
                    q.col,
                    f"提醒：本题 `{q.id}` 与 {other_path}:{other.line} 的题目相近（`{other.id}`，{why}），"
                    "请确认是否重复，保留一道即可",
                )
            )
            break
    ratios.save()
    return warnings
