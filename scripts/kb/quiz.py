"""Question banks: load ``quizzes/*.yml`` and the shortfall registry, and check them.

The schema of a bank is ``schema.BANK`` (one definition); this module adds the rules that
depend on a question's type or on other files: answer letters within the options, blanks
matching answers, the source page and anchor existing, the quote appearing in that section,
covers ids in the registry, and every shortfall having enough questions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from . import content, schema, sections, yamlpos
from .problems import Problem

LETTERS = "ABCDEFGH"
BLANK = re.compile(r"_{3,}")
REGISTRY = "shortfalls.yml"
MIN_PER_SHORTFALL = 5
OPTION_COUNT = {"single": (2, 8), "multiple": (3, 8)}


@dataclass
class Question:
    id: str
    type: str
    stem: str
    options: list[str]
    answer: list  # single/multiple: option indexes; judge: [True/False]; blank: list of alternatives lists
    explanation: str
    source: str
    quote: str = ""
    difficulty: str = ""
    tags: list[str] = field(default_factory=list)
    covers: list[str] = field(default_factory=list)  # empty: the bank's covers


@dataclass
class Bank:
    id: str
    path: Path
    title: str
    description: str
    audience: list[str]
    covers: list[str]
    questions: list[Question]


@dataclass
class Shortfall:
    id: str
    title: str
    passages: list[dict]
    line: int = 1


def bank_files(quiz_dir: Path) -> list[Path]:
    return sorted(p for p in quiz_dir.glob("*.yml") if p.name != REGISTRY)


def _load(path: Path, rel: str) -> tuple[yamlpos.Located | None, list[Problem]]:
    try:
        return yamlpos.load(path.read_text(encoding="utf-8")), []
    except yamlpos.YamlSyntaxError as e:
        return None, [Problem(rel, e.line, e.col, e.message)]
    except UnicodeDecodeError:
        return None, [Problem(rel, 1, 1, "文件不是 UTF-8 编码，请用 UTF-8 保存")]


def load_registry(quiz_dir: Path, rel: str) -> tuple[list[Shortfall], list[Problem]]:
    path = quiz_dir / REGISTRY
    if not path.exists():
        if not bank_files(quiz_dir):
            return [], []  # no banks, nothing to register
        return [], [Problem(rel, 1, 1, "缺少培训短板登记表 quizzes/shortfalls.yml：题库的 covers 要引用其中的短板 id")]
    doc, problems = _load(path, rel)
    if doc is None:
        return [], problems
    report = schema.Report(rel, doc)
    schema.validate(report, schema.SHORTFALL_REGISTRY)
    if report.problems:
        return [], report.problems
    out = []
    for n, s in enumerate(doc.data["shortfalls"]):
        out.append(Shortfall(s["id"], s["title"], s["passages"], doc.where(("shortfalls", n))[0]))
    return out, []


def check_registry_passages(
    shortfalls: list[Shortfall], doc_rel: str, pages: dict[str, content.Page], quiz_dir: Path
) -> list[Problem]:
    problems = []
    doc = yamlpos.load((quiz_dir / REGISTRY).read_text(encoding="utf-8"))
    seen = set()
    for n, s in enumerate(shortfalls):
        if s.id in seen:
            problems.append(Problem(doc_rel, *doc.where(("shortfalls", n, "id")), f"培训短板 id `{s.id}` 重复"))
        seen.add(s.id)
        for k, passage in enumerate(s.passages):
            reason = check_source(pages, passage["source"], passage["quote"])
            if reason:
                problems.append(Problem(doc_rel, *doc.where(("shortfalls", n, "passages", k, "source")), reason))
    return problems


def check_source(pages: dict[str, content.Page], source: str, quote: str | None) -> str | None:
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


def _answer_problems(q: dict, where, doc: yamlpos.Located, n: int) -> tuple[list, list[str]]:
    """(normalised answer, messages) for question ``q``."""
    qtype, answer = q.get("type"), q.get("answer")
    messages: list[str] = []
    # What YAML turned an unquoted answer into (only looked up for a problem: it costs a re-parse).
    implicit_of = lambda: schema.IMPLICIT.get(doc.tag(("questions", n, "answer")), "")  # noqa: E731
    if qtype in ("single", "multiple"):
        options = q.get("options") if isinstance(q.get("options"), list) else []
        if not isinstance(answer, str):
            implicit = implicit_of()
            return [], [f"答案应写选项字母（如 A），实际是 {answer!r}" + (f"：{implicit}" if implicit else "")]
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
    if qtype == "judge":
        if isinstance(answer, bool):
            return [], [f"判断题答案被 YAML 读成了 {answer}（{implicit_of()}）：请写 对 或 错"]
        if answer not in ("对", "错"):
            return [], [f"判断题答案应为“对”或“错”，实际是 {answer!r}"]
        return [answer == "对"], []
    if qtype == "blank":
        blanks = len(BLANK.findall(str(q.get("stem", ""))))
        if blanks == 0:
            messages.append("填空题的题干中没有空格：请用 ___（三个或以上下划线）标出每个空")
        if not isinstance(answer, list):
            implicit = implicit_of()
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
                    "：YAML 把它读成了数字、日期或布尔值，请加引号"
                    if bad is not None and not isinstance(bad, list)
                    else ""
                )
                messages.append(f"第 {k + 1} 个空的答案应为文本或文本列表，实际是 {entry!r}{why}")
            normalised.append([str(a) for a in alternatives])
        if blanks and len(answer) != blanks:
            messages.append(f"题干中有 {blanks} 个空，但答案有 {len(answer)} 项：两者数目要一致")
        return normalised, messages
    return [], []


def _roles(pages: dict[str, content.Page]) -> set:
    """Role names of the site's role pages (cached on the dict: the same for every bank)."""
    key = (id(pages), len(pages))
    if _ROLES_CACHE.get("key") != key:
        _ROLES_CACHE.update(key=key, roles={p.meta.get("role") for p in pages.values() if p.kind == "role"})
    return _ROLES_CACHE["roles"]


_ROLES_CACHE: dict = {}


def check_bank(
    path: Path, rel: str, pages: dict[str, content.Page], shortfall_ids: set[str]
) -> tuple[Bank | None, list[Problem]]:
    doc, problems = _load(path, rel)
    if doc is None:
        return None, problems
    report = schema.Report(rel, doc)
    schema.validate(report, schema.BANK)
    problems = report.problems
    data = doc.data if isinstance(doc.data, dict) else {}
    covers = data.get("covers") if isinstance(data.get("covers"), list) else []
    for k, c in enumerate(covers):
        if isinstance(c, str) and shortfall_ids and c not in shortfall_ids:
            problems.append(
                Problem(
                    rel,
                    *doc.where(("covers", k)),
                    f"培训短板 `{c}` 未在 quizzes/shortfalls.yml 中登记，可用的有：{'、'.join(sorted(shortfall_ids))}",
                )
            )
    roles = _roles(pages)
    audience = data.get("audience") if isinstance(data.get("audience"), list) else []
    for k, a in enumerate(audience):
        if roles and isinstance(a, str) and a not in roles:
            problems.append(
                Problem(
                    rel,
                    *doc.where(("audience", k)),
                    f"适用岗位“{a}”不是站内的岗位名称，应为以下之一：{'、'.join(sorted(roles))}",
                )
            )
    questions: list[Question] = []
    seen: dict[str, int] = {}
    raw = data.get("questions") if isinstance(data.get("questions"), list) else []
    for n, q in enumerate(raw):
        if not isinstance(q, dict):
            continue
        here = ("questions", n)

        def add(path_tail: tuple, message: str, _here=here) -> None:
            problems.append(Problem(rel, *doc.where(_here + path_tail), message))

        qid, qtype = q.get("id"), q.get("type")
        if isinstance(qid, str):
            if qid in seen:
                first_line = doc.where(("questions", seen[qid], "id"))[0]
                add(("id",), f"题目 id `{qid}` 与第 {first_line} 行的题目重复：每道题的 id 在题库内必须唯一")
            else:
                seen[qid] = n
        options = q.get("options")
        if qtype in OPTION_COUNT:
            lo, hi = OPTION_COUNT[qtype]
            if not isinstance(options, list):
                add((), f"{schema.QUESTION_TYPES[qtype]}缺少 options（选项列表），请写 {lo}–{hi} 个选项")
            else:
                if not lo <= len(options) <= hi:
                    add(("options",), f"{schema.QUESTION_TYPES[qtype]}应有 {lo}–{hi} 个选项，实际有 {len(options)} 个")
                firsts: dict[str, int] = {}
                for k, opt in enumerate(options):
                    key = str(opt).strip()
                    if key in firsts:
                        add(
                            ("options", k),
                            f"选项 {LETTERS[k] if k < 8 else k + 1}“{key}”与选项 {LETTERS[firsts[key]]} 重复：选项不能相同",
                        )
                    else:
                        firsts[key] = k
        elif qtype in ("judge", "blank") and options is not None:
            add(("options",), f"{schema.QUESTION_TYPES[qtype]}不需要 options，请删除这一项")
        answer = []
        if "answer" in q and qtype in schema.QUESTION_TYPES:
            answer, messages = _answer_problems(q, here, doc, n)
            for m in messages:
                add(("answer",), m)
        for k, c in enumerate(q.get("covers") or [] if isinstance(q.get("covers"), list) else []):
            if isinstance(c, str) and shortfall_ids and c not in shortfall_ids:
                add(
                    ("covers", k),
                    f"培训短板 `{c}` 未在 quizzes/shortfalls.yml 中登记，可用的有：{'、'.join(sorted(shortfall_ids))}",
                )
        if isinstance(q.get("source"), str):
            reason = check_source(pages, q["source"], q.get("quote") if isinstance(q.get("quote"), str) else None)
            if reason:
                add(("quote",) if "引文" in reason else ("source",), reason)
        if all(isinstance(q.get(k), str) for k in ("id", "type", "stem", "explanation", "source")):
            questions.append(
                Question(
                    id=q["id"], type=q["type"], stem=q["stem"],
                    options=[str(o) for o in options] if isinstance(options, list) else [],
                    answer=answer, explanation=q["explanation"], source=q["source"],
                    quote=q.get("quote") or "", difficulty=q.get("difficulty") or "",
                    tags=[str(t) for t in q.get("tags") or []],
                    covers=[str(c) for c in q.get("covers") or [] if isinstance(c, str)],
                )
            )  # fmt: skip
    bank = Bank(
        id=path.stem, path=path, title=str(data.get("title", path.stem)), description=str(data.get("description", "")),
        audience=[str(a) for a in data.get("audience") or []], covers=[c for c in covers if isinstance(c, str)],
        questions=questions,
    )  # fmt: skip
    if not re.fullmatch(schema.ID_PATTERN, path.stem):
        problems.append(
            Problem(
                rel, 1, 1, f"题库文件名“{path.name}”应只用小写英文字母、数字和连字符，例如 township-officer-duties.yml"
            )
        )
    return bank, problems


def check_coverage(banks: list[Bank], shortfalls: list[Shortfall], registry_rel: str) -> list[Problem]:
    counts = coverage(banks, shortfalls)
    return [
        Problem(
            registry_rel,
            s.line,
            5,
            f"培训短板 `{s.id}`（{s.title}）只有 {counts[s.id]} 道题，至少需要 {MIN_PER_SHORTFALL} 道：请在题库的 covers 中加入 {s.id} 并补充题目",
        )
        for s in shortfalls
        if counts[s.id] < MIN_PER_SHORTFALL
    ]


def covered_by(bank: Bank, q: Question) -> list[str]:
    return q.covers or bank.covers


def coverage_keys(banks: list[Bank], shortfalls: list[Shortfall]) -> dict[str, list[str]]:
    """Shortfall id -> the "bank/question" keys of every question addressing it."""
    keys: dict[str, list[str]] = {s.id: [] for s in shortfalls}
    for bank in banks:
        for q in bank.questions:
            for c in covered_by(bank, q):
                if c in keys:
                    keys[c].append(f"{bank.id}/{q.id}")
    return keys


def coverage(banks: list[Bank], shortfalls: list[Shortfall]) -> dict[str, int]:
    return {k: len(v) for k, v in coverage_keys(banks, shortfalls).items()}


def load_quizzes(
    quiz_dir: Path, pages: dict[str, content.Page], rel_of=lambda p: p.as_posix()
) -> tuple[list[Bank], list[Shortfall], list[Problem]]:
    """Every bank and the registry, checked; problems from all of them at once."""
    registry_rel = rel_of(quiz_dir / REGISTRY)
    shortfalls, problems = load_registry(quiz_dir, registry_rel)
    if shortfalls:
        problems += check_registry_passages(shortfalls, registry_rel, pages, quiz_dir)
    ids = {s.id for s in shortfalls}
    banks = []
    for path in bank_files(quiz_dir):
        bank, bank_problems = check_bank(path, rel_of(path), pages, ids)
        problems += bank_problems
        if bank:
            banks.append(bank)
    if shortfalls:
        problems += check_coverage(banks, shortfalls, registry_rel)
    return banks, shortfalls, problems
