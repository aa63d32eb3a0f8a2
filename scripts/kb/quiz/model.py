"""What a question bank is once loaded: questions, banks, training shortfalls."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

LETTERS = "ABCDEFGH"
BLANK = re.compile(r"_{3,}")  # a blank in a fill-in stem: three or more underscores
REGISTRY = "shortfalls.yml"
NEAR_DUPLICATE_RATIO = 0.85  # stems this similar (difflib, punctuation removed) are near-duplicates
MIN_PER_SHORTFALL = 5  # distinct cited passages (``source`` anchors) per shortfall, not questions
OPTION_COUNT = {"single": (2, 8), "multiple": (3, 8)}
# Files the build writes into quizzes/ besides the bank pages (kb.render.exam_data.EXAM_DATA):
# with the site's own pages docs/quizzes/*.md, names a bank id may not take.
GENERATED_QUIZ_FILES = ("exam-data",)
TYPE_SHORT = {"single": "单选", "multiple": "多选", "judge": "判断", "blank": "填空"}


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
    level: str = ""  # 识记 / 理解 / 应用 (schema.LEVELS; required by the schema)
    any_order: bool = False  # blank questions: the blanks' answers may be given in any order
    difficulty: str = ""
    tags: list[str] = field(default_factory=list)
    covers: list[str] = field(default_factory=list)  # empty: the bank's covers
    audience: list[str] = field(default_factory=list)  # empty: the bank's audience
    group: str = ""  # empty: the group is the cited passage (see group_key)
    line: int = 0  # where the question starts in its bank file (for warnings across banks)
    col: int = 0


@dataclass
class Bank:
    id: str
    path: Path
    title: str
    description: str
    audience: list[str]
    covers: list[str]
    questions: list[Question]

    @property
    def page_rel(self) -> str:
        return bank_page_rel(self.id)

    def audience_of(self, q: Question) -> list[str]:
        """The roles a question is for: its own ``audience``, else the bank's (empty: everyone)."""
        return q.audience or self.audience

    def is_for(self, q: Question, role: str) -> bool:
        """Whether a question is for ``role``: its audience names it, or is empty (everyone)."""
        audience = self.audience_of(q)
        return not audience or role in audience

    def covers_of(self, q: Question) -> list[str]:
        return q.covers or self.covers


@dataclass
class Shortfall:
    id: str
    title: str
    passages: list[dict]
    line: int = 1


def group_key(q: Question) -> str:
    """The same-passage group of a question: an explicit ``group`` (shared across banks), else
    the passage it cites.  Papers, exams and review draw at most one question per group."""
    return f"group:{q.group}" if q.group else f"source:{q.source}"


def question_version(q: Question) -> str:
    """A short hash of what a cadre answers and how it is graded (type, stem, options, answer,
    order rule): a result file records it per question, so results can tell an answer given to
    an older wording of the question.  Explanations and citations do not change it."""
    data = [q.type, q.stem, q.options, q.answer, q.any_order]
    canonical = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:12]


def bank_page_rel(bank_id: str) -> str:
    """The generated page of a bank, as a docs/-relative path (the one place it is built)."""
    return f"quizzes/{bank_id}.md"


def reserved_bank_ids(pages: dict) -> set[str]:
    """Bank ids that would take a page of the site: docs/quizzes/*.md and generated files.
    ``pages`` maps docs/-relative paths to pages (only their keys and ``generated`` are used)."""
    own = {
        rel[len("quizzes/") : -len(".md")]
        for rel, page in pages.items()
        if rel.startswith("quizzes/") and rel.endswith(".md") and rel.count("/") == 1 and not page.generated
    }
    return own | set(GENERATED_QUIZ_FILES)


def bank_files(quiz_dir: Path) -> list[Path]:
    return sorted(p for p in quiz_dir.glob("*.yml") if p.name != REGISTRY)
