"""Which questions a paper test holds: chosen from the banks with ``random.Random(seed)``.

The same banks, counts, role, forms and seed give the same paper on every machine; another
seed gives another choice or order.  Questions are never repeated (a question copied into two
banks, same type and stem, counts once), and a paper holds at most one question per
same-passage group (``group_key``: near-duplicates cite the same passage) unless asked
otherwise.  ``--role`` keeps the questions whose audience (``Bank.audience_of``) names the
role or is empty.  ``--forms 2`` draws an A and a B form (pre-test / post-test) that share no
question and no same-passage group.  On the paper questions are grouped by type in the order
单选、多选、判断、填空 and numbered on across the sections.

The options of choice questions are shuffled with the same generator, and the keys balanced
per paper: single-choice questions are taken in a seeded random order and each puts its key at
the letter used least so far (ties drawn at random), so no letter holds much more than its
share and the paper order shows no cycle; multiple-choice keys are shuffled and, if every one
of them came out as a leading run (A、AB、ABC), the last one is shuffled again.

Points per question (``POINTS``): 单选 2, 多选 3, 判断 1, 填空 2 (a blank question scores the
same whatever its number of blanks).
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, replace

from ..content.problems import rel
from ..quiz.load import role_names
from ..quiz.model import TYPE_SHORT, Bank, Question, bank_files, group_key
from ..site import Site

TYPES = ("single", "multiple", "judge", "blank")  # the order of the sections
POINTS = {"single": 2, "multiple": 3, "judge": 1, "blank": 2}
TYPE_EXAMPLE = "单选:10,多选:5,判断:5"
FORM_NAMES = "ABCD"  # --forms N: forms A, B, …
NUMBERS = "零一两三四"  # 两份试卷
# What a trainer may write for a type in --types: 单选, 单选题 or the bank's own word (single).
TYPE_NAMES = {
    **{short: t for t, short in TYPE_SHORT.items()},
    **{short + "题": t for t, short in TYPE_SHORT.items()},
    **{t: t for t in TYPES},
}
LIST_SEPARATORS = re.compile(r"[,，、;；]")


class PaperError(Exception):
    """A mistake in the command or the banks, in Chinese; one line each."""

    def __init__(self, *lines: str) -> None:
        super().__init__("\n".join(lines))
        self.lines = list(lines)


@dataclass(frozen=True)
class Picked:
    bank: Bank
    question: Question
    order: tuple[int, ...] = ()  # choice questions: the bank's option index shown at A, B, …

    @property
    def options(self) -> list[str]:
        """The options as printed (shuffled)."""
        q = self.question
        return [q.options[i] for i in self.order] if self.order else list(q.options)

    @property
    def answer(self) -> list:
        """The answer as printed: choice keys as positions on the paper, sorted; else the bank's."""
        q = self.question
        if q.type in ("single", "multiple") and self.order:
            return sorted(self.order.index(i) for i in q.answer)
        return q.answer


@dataclass
class Section:
    type: str
    questions: list[Picked]

    @property
    def points(self) -> int:
        return POINTS[self.type]

    @property
    def total(self) -> int:
        return self.points * len(self.questions)


@dataclass
class Paper:
    banks: list[Bank]
    sections: list[Section]
    seed: int
    form: str = ""  # A, B … with --forms; "" for a single paper
    role: str = ""

    @property
    def number(self) -> str:
        """The 卷号 printed on every page: the seed, and the form when there are several."""
        return f"{self.seed}-{self.form}" if self.form else str(self.seed)

    @property
    def count(self) -> int:
        return sum(len(s.questions) for s in self.sections)

    @property
    def total(self) -> int:
        return sum(s.total for s in self.sections)

    @property
    def title(self) -> str:
        return "、".join(b.title for b in self.banks)


def type_label(qtype: str) -> str:
    return TYPE_SHORT[qtype] + "题"


def parse_bank_ids(spec: str) -> list[str]:
    ids = list(dict.fromkeys(s.strip() for s in LIST_SEPARATORS.split(spec or "") if s.strip()))
    if not ids:
        raise PaperError("--banks 中没有题库 id，例如 --banks township-officer-duties,village-liaison-duties")
    return ids


def parse_types(spec: str) -> dict[str, int]:
    """``单选:10,多选:5`` -> {"single": 10, "multiple": 5}; full-width ：and ，are accepted too."""
    counts: dict[str, int] = {}
    problems: list[str] = []
    items = [s.strip() for s in LIST_SEPARATORS.split(spec or "") if s.strip()]
    if not items:
        raise PaperError(f"--types 不能为空，例如 --types {TYPE_EXAMPLE}")
    for item in items:
        m = re.fullmatch(r"([^:：]+?)\s*[:：]\s*(\S+)", item)
        if not m:
            problems.append(f"--types 中的“{item}”格式不对：应写成 题型:题数，例如 {TYPE_EXAMPLE}")
            continue
        name, number = m.groups()
        qtype = TYPE_NAMES.get(name)
        if qtype is None:
            problems.append(f"--types 中的题型“{name}”无效，应为以下之一：{'、'.join(TYPE_SHORT.values())}")
            continue
        if not re.fullmatch(r"[0-9]+", number) or int(number) < 1:
            problems.append(f"--types 中“{item}”的题数应为正整数")
            continue
        if qtype in counts:
            problems.append(f"--types 中{type_label(qtype)}写了两次，只写一次")
            continue
        counts[qtype] = int(number)
    if problems:
        raise PaperError(*problems)
    return counts


def banks_of(site: Site, ids: list[str]) -> list[Bank]:
    """The banks asked for, in that order; unknown banks and banks with problems are refused."""
    quiz_dir = site.quiz_dir
    existing = [p.stem for p in bank_files(quiz_dir)] if quiz_dir else []
    loaded = {b.id: b for b in site.banks}
    problems: list[str] = []
    banks: list[Bank] = []
    for bank_id in ids:
        path = quiz_dir / f"{bank_id}.yml" if quiz_dir else None
        if bank_id not in existing:
            problems.append(
                f"没有题库“{bank_id}”（quizzes/{bank_id}.yml 不存在）。现有题库：{'、'.join(existing) or '无'}"
            )
            continue
        own = [p for p in site.problems if path is not None and p.path == rel(path)]
        if own or bank_id not in loaded:
            problems.append(
                f"题库“{bank_id}”有 {len(own)} 个问题，请先修改再出卷"
                f"（运行 python scripts/build.py check quizzes/{bank_id}.yml 查看）："
            )
            problems += [f"  {p}" for p in own]
            continue
        banks.append(loaded[bank_id])
    if problems:
        raise PaperError(*problems)
    return banks


def check_role(site: Site, role: str | None) -> None:
    """An unknown role is refused with the site's role names (those of the role pages)."""
    if role is None:
        return
    names = [p.meta.get("role") for _, p in sorted(site.pages.items()) if p.kind == "role"]
    names = [n for n in dict.fromkeys(names) if n] or sorted(role_names(site.pages))
    if role not in names:
        raise PaperError(f"--role 中的岗位“{role}”不存在，应为以下之一：{'、'.join(names)}")


def pool(banks: list[Bank], role: str | None = None) -> list[Picked]:
    """Every question of the banks once (for ``role`` only), in bank order then file order."""
    seen: set[tuple[str, str]] = set()
    out = []
    for bank in banks:
        for q in bank.questions:
            key = (q.type, re.sub(r"\s+", "", q.stem))
            if key not in seen and (role is None or bank.is_for(q, role)):
                seen.add(key)
                out.append(Picked(bank, q))
    return out


def _groups(picked: list[Picked]) -> int:
    return len({group_key(p.question) for p in picked})


def _draw(candidates: list[Picked], n: int, rng: random.Random, blocked: set[str], one_per_group: bool) -> list[Picked]:
    """Up to ``n`` questions in a seeded random order, none from a group in ``blocked`` (the
    other forms' groups, and this form's so far when ``one_per_group``)."""
    mine: set[str] = set()
    out = []
    for p in rng.sample(candidates, len(candidates)):
        if len(out) == n:
            break
        g = group_key(p.question)
        if g in blocked or (one_per_group and g in mine):
            continue
        out.append(p)
        mine.add(g)
    return out


class _Words:
    """How the messages name what was drawn from: the banks, or the banks' questions for a role."""

    def __init__(self, role: str | None, forms: int) -> None:
        self.scope = f"所选题库中适用于“{role}”的" if role else "所选题库中"
        self.all = f"所选题库中适用于“{role}”的题共有" if role else "所选题库共有"
        self.forms = forms
        self.papers = f"{NUMBERS[forms] if forms < len(NUMBERS) else forms}份试卷"
        self.each = f"{self.papers}各抽" if forms > 1 else "抽"

    def need(self, n: int) -> str:
        return f"{self.each} {n} 道" + (f"共需 {n * self.forms} 道" if self.forms > 1 else "")

    def groups(self, g: int) -> str:
        rule = "同一段原文一份试卷只出一道题" + (f"，{self.papers}之间也不共用" if self.forms > 1 else "")
        return f"出自 {g} 段不同的原文（{rule}）"


def choose_forms(
    banks: list[Bank],
    count: int | None,
    type_counts: dict[str, int] | None,
    seed: int,
    *,
    role: str | None = None,
    forms: int = 1,
    one_per_group: bool = True,
) -> list[Paper]:
    """``forms`` papers (A, B …) sharing no question and no same-passage group: by type counts,
    or ``count`` questions of any type (drawn for all forms at once and dealt out by type, so
    the forms' mixes of types differ by one question at most)."""
    if type_counts is None and count is None:
        raise PaperError(f"请用 --count 指定题目总数，或用 --types 指定各题型题数，例如 --types {TYPE_EXAMPLE}")
    if count is not None and count < 1:
        raise PaperError(f"--count 应为正整数，实际是 {count}")
    if not 1 <= forms <= len(FORM_NAMES):
        raise PaperError(f"--forms 应为 1 到 {len(FORM_NAMES)} 之间的整数，实际是 {forms}")
    questions = pool(banks, role)
    words = _Words(role, forms)
    if not questions:
        raise PaperError(f"{words.scope}题目为 0 道：请换一个岗位或增加题库")
    by_type = {t: [p for p in questions if p.question.type == t] for t in TYPES}
    rng = random.Random(seed)
    if type_counts is not None:
        wanted = sum(type_counts.values())
        if count is not None and count != wanted:
            raise PaperError(f"--count {count} 与 --types 合计的 {wanted} 题不一致：只写其中一个即可")
        _check_counts(by_type, type_counts, words, forms, one_per_group)
    else:
        if count * forms > len(questions):
            raise PaperError(f"{words.all} {len(questions)} 道题，不够{words.need(count)}：请减少 --count 或增加题库")
        groups = _groups(questions)
        if (one_per_group or forms > 1) and count * forms > groups:
            raise PaperError(
                f"{words.all} {len(questions)} 道题，{words.groups(groups)}，不够{words.need(count)}："
                + _advice("--count", forms)
            )
        # All forms at once, then dealt out type by type: the forms' mixes differ by one at most.
        joint = _draw(questions, count * forms, rng, set(), one_per_group or forms > 1)
        by_kind = [p for t in TYPES for p in joint if p.question.type == t]
        dealt = [by_kind[f::forms] for f in range(forms)]
    other_forms: set[str] = set()  # groups of the forms drawn before: never shared
    papers = []
    for f in range(forms):
        if type_counts is None:
            drawn = dealt[f]
        else:
            drawn = []
            # Scarce types first, so a group asked in two types goes where it is needed.
            for t in sorted((t for t in TYPES if type_counts.get(t)), key=lambda t: (_groups(by_type[t]), t)):
                blocked = other_forms | ({group_key(p.question) for p in drawn} if one_per_group else set())
                drawn += _draw(by_type[t], type_counts[t], rng, blocked, one_per_group)
            if len(drawn) < sum(type_counts.values()):
                raise PaperError(_short_after_draw(questions, words, forms, f, type_counts))
        other_forms |= {group_key(p.question) for p in drawn}
        chosen = {t: [p for p in drawn if p.question.type == t] for t in TYPES}
        sections = [Section(t, chosen[t]) for t in TYPES if chosen[t]]
        papers.append(Paper(banks, sections, seed, FORM_NAMES[f] if forms > 1 else "", role or ""))
    for paper in papers:
        shuffle_options(paper, rng)
    return papers


def choose(banks: list[Bank], count: int | None, type_counts: dict[str, int] | None, seed: int, **kw) -> Paper:
    """One paper (see ``choose_forms``)."""
    return choose_forms(banks, count, type_counts, seed, **kw)[0]


def _advice(option: str, forms: int) -> str:
    fewer = f"请减少 {option}" if option == "--count" else "请减少题数"
    if forms > 1:
        return f"{fewer}或增加题库"
    return f"{fewer}、增加题库，或加上 --allow-same-passage 允许同一段原文出多道题"


def _check_counts(by_type: dict, type_counts: dict, words: _Words, forms: int, one_per_group: bool) -> None:
    """Every type has enough questions, and enough passages, for the forms asked for."""
    short = []
    for t in TYPES:
        n = type_counts.get(t, 0)
        have = len(by_type[t])
        if not n:
            continue
        if n * forms > have:
            if forms == 1:
                short.append(f"{words.scope}{type_label(t)}只有 {have} 道，不够抽 {n} 道：请减少题数或增加题库")
            else:
                short.append(f"{words.scope}{type_label(t)}只有 {have} 道，不够{words.need(n)}：请减少题数或增加题库")
            continue
        groups = _groups(by_type[t])
        if n * forms > groups if one_per_group else forms > groups:
            short.append(
                f"{words.scope}{type_label(t)}有 {have} 道，{words.groups(groups)}，不够{words.need(n)}："
                + _advice("--types", forms)
            )
    if short:
        raise PaperError(*short)


def _short_after_draw(questions: list[Picked], words: _Words, forms: int, f: int, mix: dict) -> str:
    """Enough per type, yet the types compete for the same passages (a passage asked as a single
    choice and as a judge question): say how many passages there are in all."""
    asked = "、".join(f"{type_label(t)} {n} 道" for t, n in mix.items() if n)
    what = f"第 {f + 1} 份试卷（{FORM_NAMES[f]} 卷）" if forms > 1 else "这份试卷"
    return (
        f"{words.all} {len(questions)} 道题，{words.groups(_groups(questions))}，"
        f"不同题型的题常出自同一段原文，按 {asked} 抽不出{what}：请减少题数或增加题库"
    )


def shuffle_options(paper: Paper, rng: random.Random) -> None:
    """Shuffle each choice question's options and balance the paper's keys (module docstring)."""
    pickeds = [(s, i) for s in paper.sections for i in range(len(s.questions))]
    singles = [(s, i) for s, i in pickeds if s.type == "single"]
    multiples = [(s, i) for s, i in pickeds if s.type == "multiple"]
    used = [0] * 8
    for s, i in rng.sample(singles, len(singles)):
        q = s.questions[i].question
        k = len(q.options)
        low = min(used[:k])
        target = rng.choice([j for j in range(k) if used[j] == low])
        used[target] += 1
        others = [j for j in range(k) if j != q.answer[0]]
        rng.shuffle(others)
        s.questions[i] = replace(s.questions[i], order=(*others[:target], q.answer[0], *others[target:]))
    for s, i in multiples:
        order = list(range(len(s.questions[i].question.options)))
        rng.shuffle(order)
        s.questions[i] = replace(s.questions[i], order=tuple(order))
    leading = [(s, i) for s, i in multiples if _leading(s.questions[i])]
    if multiples and len(leading) == len(multiples):
        # Every key a leading run: shuffle the last question that can be otherwise again.
        for s, i in reversed(leading):
            picked = s.questions[i]
            if len(picked.question.answer) < len(picked.question.options):
                order = list(picked.order)
                while _leading(picked):
                    rng.shuffle(order)
                    picked = replace(picked, order=tuple(order))
                s.questions[i] = picked
                break


def _leading(picked: Picked) -> bool:
    return picked.answer == list(range(len(picked.answer)))
