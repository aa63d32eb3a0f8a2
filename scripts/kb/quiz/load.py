"""Load ``quizzes/*.yml`` and the shortfall registry, checking every rule as they are read.

The schema of a bank is ``content.schema.BANK`` (one definition); ``rules`` adds what
depends on a question's type or on other files.  Problems from all files come back at once.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..content import parse_cache, schema, yamlpos
from ..content.pages import Page, read_utf8
from ..content.problems import Problem
from ..session import current
from . import quality, rules
from .model import REGISTRY, Bank, Question, Shortfall, bank_files


def load_yaml(path: Path, rel: str) -> tuple[yamlpos.Located | None, list[Problem]]:
    """A bank file parsed: kept by its text for the live preview's next rebuild (the session's
    ``banks_parsed``: only the last load's files, only while previewing, so a one-off build
    does not hold every bank's parse to the end), else from the project's cache of clean parses
    (``parse_cache``), else parsed.  Callers only read a Located (checks; to_question copies)."""
    try:
        text = read_utf8(path)
        return current().preview.banks_parsed.get(text, _parse), []
    except yamlpos.YamlSyntaxError as e:
        return None, [Problem(rel, e.line, e.col, e.message)]


def _parse(text: str) -> yamlpos.Located:
    p = current().preview
    if p.parse_cache is None:
        p.parse_cache = parse_cache.ParseCache()
    return p.parse_cache.load(text)


def load_registry(quiz_dir: Path, rel: str, pages: dict[str, Page]) -> tuple[list[Shortfall], list[Problem]]:
    """The shortfall registry, parsed once, with its passages checked against the pages."""
    path = quiz_dir / REGISTRY
    if not path.exists() and not path.is_symlink():  # a dangling link is read, and named
        if not bank_files(quiz_dir):
            return [], []  # no banks, nothing to register
        return [], [Problem(rel, 1, 1, "缺少培训短板登记表 quizzes/shortfalls.yml：题库的 covers 要引用其中的短板 id")]
    doc, problems = load_yaml(path, rel)
    if doc is None:
        return [], problems
    report = schema.Report(rel, doc)
    schema.validate(report, schema.SHORTFALL_REGISTRY)
    if report.problems:
        return [], report.problems
    shortfalls = [
        Shortfall(s["id"], s["title"], s["passages"], doc.where(("shortfalls", n))[0])
        for n, s in enumerate(doc.data["shortfalls"])
    ]
    return shortfalls, rules.check_registry_passages(shortfalls, rel, doc, pages)


def role_names(pages: dict[str, Page]) -> set:
    """Role names of the site's role pages: the values a bank's ``audience`` may take."""
    return {p.meta.get("role") for p in pages.values() if p.kind == "role"}


def _list(data: dict, key: str) -> list:
    value = data.get(key)
    return value if isinstance(value, list) else []


def load_bank(
    path: Path, rel: str, pages: dict[str, Page], shortfall_ids: set[str], roles: set | None = None
) -> tuple[Bank | None, list[Problem]]:
    """One bank, checked against the pages, the registered shortfalls and the site's roles."""
    roles = role_names(pages) if roles is None else roles
    doc, problems = load_yaml(path, rel)
    if doc is None:
        return None, problems
    report = schema.Report(rel, doc)
    schema.validate(report, schema.BANK)
    problems = report.problems
    data = doc.data if isinstance(doc.data, dict) else {}
    covers = _list(data, "covers")
    problems += rules.check_bank_covers(rel, doc, covers, shortfall_ids)
    problems += rules.check_audience(rel, doc, _list(data, "audience"), roles)
    questions: list[Question] = []
    seen: dict[str, int] = {}
    for n, raw in enumerate(_list(data, "questions")):
        if not isinstance(raw, dict):
            continue
        q = rules.Q(rel, doc, n, raw, pages, shortfall_ids, roles)
        answer, question_problems = rules.check_question(q, seen)
        problems += question_problems
        question = to_question(raw, answer)
        if question:
            question.line, question.col = doc.where(("questions", n))
            questions.append(question)
    bank = Bank(
        id=path.stem, path=path, title=str(data.get("title", path.stem)), description=str(data.get("description", "")),
        audience=[str(a) for a in data.get("audience") or []], covers=[c for c in covers if isinstance(c, str)],
        questions=questions,
    )  # fmt: skip
    problems += quality.check_key_balance(rel, doc, questions)  # 提醒 only
    problems += rules.check_file_name(rel, path.name, path.stem)
    problems += rules.check_bank_id(rel, path.name, path.stem, pages)
    return bank, problems


def to_question(q: dict, answer: list) -> Question | None:
    """The page's view of a question, when its required text fields are there."""
    if not all(isinstance(q.get(k), str) for k in ("id", "type", "stem", "explanation", "source")):
        return None
    options = q.get("options")
    return Question(
        id=q["id"], type=q["type"], stem=q["stem"],
        options=[str(o) for o in options] if isinstance(options, list) else [],
        answer=answer, explanation=q["explanation"], source=q["source"],
        quote=q.get("quote") or "", difficulty=q.get("difficulty") or "",
        level=q.get("level") if isinstance(q.get("level"), str) else "", any_order=q.get("any_order") is True,
        tags=[str(t) for t in q.get("tags") or []],
        covers=[str(c) for c in q.get("covers") or [] if isinstance(c, str)],
        audience=[str(a) for a in q.get("audience") or [] if isinstance(a, str)],
        group=q.get("group") if isinstance(q.get("group"), str) else "",
    )  # fmt: skip


def load_quizzes(
    quiz_dir: Path, pages: dict[str, Page], rel_of: Callable[[Path], str] = lambda p: p.as_posix()
) -> tuple[list[Bank], list[Shortfall], list[Problem]]:
    """Every bank and the registry, checked; problems from all of them at once."""
    s = current()
    s.preview.banks_parsed.next_build(keep=s.previewing)  # what the last load parsed, while previewing
    registry_rel = rel_of(quiz_dir / REGISTRY)
    shortfalls, problems = load_registry(quiz_dir, registry_rel, pages)
    ids = {s.id for s in shortfalls}
    roles = role_names(pages)
    banks = []
    for path in bank_files(quiz_dir):
        bank, bank_problems = load_bank(path, rel_of(path), pages, ids, roles)
        problems += bank_problems
        if bank:
            banks.append(bank)
    if shortfalls:
        problems += rules.check_coverage(banks, shortfalls, registry_rel)
    if s.preview.parse_cache is not None:
        s.preview.parse_cache.save()
    for path in sorted(quiz_dir.glob("*.yaml")):  # never loaded: bank_files reads *.yml only
        problems.append(
            Problem(rel_of(path), 1, 1, f"题库文件的扩展名应为 .yml，这个文件不会被读取：请改名为 {path.stem}.yml")
        )
    return banks, shortfalls, problems
