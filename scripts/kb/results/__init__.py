"""``build.py results FILE…``: a class's 成绩文件 summed up in one workbook, no server needed.

Cadres save a 成绩文件 after 交卷 on 模拟考试 (``docs/assets/quiz/exam.js``); the trainer
collects them (USB stick, intranet mail) and runs this. ``fileformat`` reads and checks one
file (format, canonical form, checksum); this module decides which files count (one paper,
no file twice), adds up the class per question and per training shortfall, and prints the
summary; ``workbook`` writes the .xlsx (成绩, 薄弱环节, 说明).

No file is silently left out: each one not counted is reported by its name with the reason.
"""

from __future__ import annotations

import glob
from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

from ..paths import DOCS, QUIZZES
from .fileformat import NOT_FOUND, Refused, ResultFile, rate, read, tally_shortfalls

DEFAULT_OUTPUT = "班级成绩.xlsx"
TOP = 3  # weakest shortfalls and questions in the terminal summary

OTHER_PAPER = "{file}：来自另一份试卷（{theirs}），本次汇总的试卷是：{ours}"
SAME_FILE = "{file}：同一个文件给了两次"
SAME_CONTENT = "{file}：与 {other} 内容完全相同（同一份成绩交了两次）"
SAME_CADRE = "{file}：与 {other} 是同一人同一次交卷（姓名、单位和交卷时间都相同）"
EMPTY_FOLDER = "{file}：文件夹中没有 .json 文件"
NO_FILES = "请给出成绩文件，例如：python scripts/build.py results 成绩/*.json（也可以只写文件夹名）"
NOTHING = "没有可以汇总的成绩文件，未生成表格。"
STEM_CHARS = 30  # of a stem, in the terminal


@dataclass(frozen=True)
class Label:
    """A question as the trainer knows it, from the site's banks today."""

    bank: str  # bank title (its id when the bank is gone)
    number: int | None  # position in the bank, from 1; None when the question is gone
    type: str  # 单选, 多选, 判断, 填空; "" when gone
    stem: str
    source: str  # the page and section the question is drawn from

    @property
    def where(self) -> str:
        return f"{self.bank} 第 {self.number} 题" if self.number else f"{self.bank}（题库中已没有这道题）"


@dataclass
class QuestionResult:
    number: int  # in the paper, from 1
    key: str
    covers: tuple[str, ...]
    right: int  # cadres who answered it right
    cadres: int
    label: Label

    @property
    def rate(self) -> Fraction:
        return rate(self.right, self.cadres)


@dataclass
class ShortfallResult:
    id: str
    title: str
    right: int  # answers right, over every cadre and question covering it
    total: int
    questions: int  # questions of the paper covering it

    @property
    def rate(self) -> Fraction:
        return rate(self.right, self.total)


@dataclass
class ClassResult:
    paper: dict
    brief: str  # the paper in one line
    cadres: list[ResultFile]
    questions: list[QuestionResult]  # paper order
    shortfalls: list[ShortfallResult]  # registry order
    refused: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def weakest_shortfalls(self) -> list[ShortfallResult]:
        return sorted(self.shortfalls, key=lambda s: s.rate)  # stable: registry order on a tie

    @property
    def weakest_questions(self) -> list[QuestionResult]:
        return sorted(self.questions, key=lambda q: q.rate)  # stable: paper order on a tie

    @property
    def n(self) -> int:
        return len(self.questions)


# --- numbers as the site shows them ------------------------------------------------------------


def percent(r: Fraction) -> str:
    return f"{(r * 100 + Fraction(1, 2)).__floor__()}%"  # half up, as Math.round on the page


def duration(seconds: float) -> str:
    seconds = round(seconds)
    return f"{seconds // 60} 分 {seconds % 60:02d} 秒"


# --- which files count -------------------------------------------------------------------------


def expand(args: list[str]) -> list[tuple[Path | None, str]]:
    """Each argument as (path, name to report): a folder gives its .json files, a pattern that is
    not a file (Windows' cmd does not expand 成绩\\*.json) the files it matches."""
    out: list[tuple[Path | None, str]] = []
    for arg in args:
        path = Path(arg)
        if path.is_dir():
            found = sorted(p for p in path.glob("*.json") if p.is_file())
            out += [(p, str(p)) for p in found] or [(None, EMPTY_FOLDER.format(file=arg))]
        elif not path.exists() and glob.has_magic(arg):
            found = sorted(Path(p) for p in glob.glob(arg) if Path(p).is_file())
            out += [(p, str(p)) for p in found] or [(None, NOT_FOUND.format(file=arg))]
        else:
            out.append((path, arg))
    return out


def paper_brief(paper: dict, titles: dict[str, str]) -> str:
    banks = "、".join(titles.get(b, b) for b in paper["banks"])
    return f"{banks}，{paper['n']} 题，种子 {paper['seed']}，编号 {paper['id']}"


def choose(files: list[ResultFile]) -> str:
    """The class's paper: the one most files come from (each content once); on a tie, the first
    given."""
    counts: dict[str, set[str]] = {}
    for f in files:
        counts.setdefault(f.paper_id, set()).add(f.checksum)
    return max(counts, key=lambda pid: len(counts[pid]))  # max keeps the first of equals


def sort_out(
    args: list[str], titles: dict[str, str]
) -> tuple[list[ResultFile], list[str], str | None, dict[str, ResultFile]]:
    """(files counted, messages for those not counted in the order given, paper id, the first
    file of each paper)."""
    readable: list[tuple[int, Path, ResultFile]] = []
    refused: list[tuple[int, str]] = []
    for i, (path, name) in enumerate(expand(args)):
        if path is None:
            refused.append((i, name))
            continue
        try:
            readable.append((i, path, read(path, name)))
        except Refused as e:
            refused.append((i, str(e)))
    if not readable:
        return [], [m for _, m in refused], None, {}
    chosen = choose([f for _, _, f in readable])
    first = {}
    for _, _, f in readable:
        first.setdefault(f.paper_id, f)
    ours = paper_brief(first[chosen].paper, titles)
    counted: list[ResultFile] = []
    paths: set[Path] = set()
    by_content: dict[str, ResultFile] = {}
    by_cadre: dict[tuple, ResultFile] = {}
    for i, path, f in readable:
        real = path.resolve()
        cadre = (f.name, f.unit, f.finished)
        if real in paths:
            refused.append((i, SAME_FILE.format(file=f.file)))
        elif f.paper_id != chosen:
            refused.append((i, OTHER_PAPER.format(file=f.file, theirs=paper_brief(f.paper, titles), ours=ours)))
        elif f.checksum in by_content:
            refused.append((i, SAME_CONTENT.format(file=f.file, other=by_content[f.checksum].file)))
        elif cadre in by_cadre:
            refused.append((i, SAME_CADRE.format(file=f.file, other=by_cadre[cadre].file)))
        else:
            counted.append(f)
            by_content[f.checksum] = by_cadre[cadre] = f
        paths.add(real)
    return counted, [m for _, m in sorted(refused, key=lambda x: x[0])], chosen, first


# --- the class ---------------------------------------------------------------------------------


def labels(site, keys: list[str]) -> dict[str, Label]:
    from ..quiz.model import TYPE_SHORT
    from ..render.quiz_page import source_label

    banks = {b.id: b for b in site.banks}
    out = {}
    for key in keys:
        bank_id, _, qid = key.partition("/")
        bank = banks.get(bank_id)
        found = [(i, q) for i, q in enumerate(bank.questions, 1) if q.id == qid] if bank else []
        if found:
            i, q = found[0]
            out[key] = Label(bank.title, i, TYPE_SHORT[q.type], q.stem, source_label(site.pages, q.source))
        else:
            out[key] = Label(bank.title if bank else bank_id, None, "", "", "")
    return out


def tally(cadres: list[ResultFile], site, refused: list[str], brief: str) -> ClassResult:
    first = cadres[0]
    keys = [a.key for a in first.answers]
    named = labels(site, keys)
    questions = [
        QuestionResult(i, a.key, a.covers, sum(c.answers[i - 1].correct for c in cadres), len(cadres), named[a.key])
        for i, a in enumerate(first.answers, 1)
    ]
    sums: dict[str, list[int]] = {}
    for c in cadres:
        for sid, (r, t) in tally_shortfalls(c.answers).items():
            s = sums.setdefault(sid, [0, 0])
            s[0] += r
            s[1] += t
    registry = {s.id: s.title for s in site.shortfalls}
    order = [s for s in registry if s in sums] + sorted(s for s in sums if s not in registry)
    shortfalls = [
        ShortfallResult(sid, registry.get(sid, sid), *sums[sid], sum(sid in a.covers for a in first.answers))
        for sid in order
    ]
    notes = [
        f"注意：题库中已没有试卷第 {q.number} 题（{q.key}），按成绩文件中的对错计入。"
        for q in questions
        if q.label.number is None
    ]
    same: dict[tuple[str, str], list[ResultFile]] = {}
    for c in cadres:
        same.setdefault((c.name, c.unit), []).append(c)
    for (name, unit), files in same.items():
        if len(files) > 1:
            who = f"{name}（{unit}）" if unit else name
            notes.append(f"注意：{who}有 {len(files)} 份成绩（{'、'.join(f.file for f in files)}），都已计入。")
    sessions: dict[tuple, list[ResultFile]] = {}
    for c in cadres:  # one sitting saved under two names: the same start and hand-in to the millisecond
        sessions.setdefault((c.started, c.finished), []).append(c)
    for files in sessions.values():
        if len(files) > 1:
            names = "、".join(f.file for f in files)
            notes.append(f"注意：{names} 的开始和交卷时间完全相同，却是不同的姓名或单位，都已计入，请核实。")
    return ClassResult(first.paper, brief, cadres, questions, shortfalls, refused, notes)


# --- the terminal summary ----------------------------------------------------------------------


def stem_start(stem: str) -> str:
    stem = " ".join(stem.split())
    return stem if len(stem) <= STEM_CHARS else stem[:STEM_CHARS] + "…"


def summary(result: ClassResult) -> list[str]:
    cadres, n = result.cadres, result.n
    scores = [c.right for c in cadres]
    mean = Fraction(sum(scores), len(scores))
    lines = [
        f"班级成绩汇总：{len(cadres)} 人。试卷：{result.brief}。",
        f"人数 {len(cadres)}，平均分 {float(mean):.1f}/{n}（正确率 {percent(mean / n)}），"
        f"最高 {max(scores)}/{n}，最低 {min(scores)}/{n}，"
        f"平均用时 {duration(sum(c.seconds for c in cadres) / len(cadres))}。",
    ]
    weak = [s for s in result.weakest_shortfalls if s.rate < 1][:TOP]
    if weak:
        lines.append("最薄弱的培训短板（全班正确率从低到高）：")
        for k, s in enumerate(weak, 1):
            lines.append(f"  {k}. {s.title}：正确率 {percent(s.rate)}（{s.right}/{s.total}）")
    wrong = [q for q in result.weakest_questions if q.rate < 1][:TOP]
    if wrong:
        lines.append("错得最多的题目（全班正确率从低到高）：")
    else:
        lines.append("全班每道题都答对了。")
    for k, q in enumerate(wrong, 1):
        stem = f"：{stem_start(q.label.stem)}" if q.label.stem else ""
        lines.append(
            f"  {k}. 第 {q.number} 题（{q.label.where}）正确率 {percent(q.rate)}（{q.right}/{q.cadres} 人答对）{stem}"
        )
    if result.refused:
        lines.append(f"未计入的文件（{len(result.refused)} 个）：")
        lines += [f"  {m}" for m in result.refused]
    return lines + result.notes


# --- the command -------------------------------------------------------------------------------


def run(
    args: list[str],
    output: Path | None = None,
    out: Callable[[str], None] = print,
    docs_dir: Path = DOCS,
    quiz_dir: Path = QUIZZES,
) -> int:
    from ..check.site import load_site
    from ..sheets.importer import output_problem, show, write_new
    from .workbook import class_workbook

    if not args:
        out(NO_FILES)
        return 2
    target = output or Path.cwd() / DEFAULT_OUTPUT
    if target.suffix.lower() != ".xlsx":
        target = target.with_name(target.name + ".xlsx")
    problem = output_problem(target, "请用 -o 指定另一个文件名")
    if problem:
        out(problem)
        return 1
    site = load_site(docs_dir, quiz_dir)
    titles = {b.id: b.title for b in site.banks}
    cadres, refused, chosen, first = sort_out(args, titles)
    if not cadres:
        if refused:
            out(f"未计入的文件（{len(refused)} 个）：")
            for m in refused:
                out(f"  {m}")
        out(NOTHING)
        return 1
    result = tally(cadres, site, refused, paper_brief(first[chosen].paper, titles))
    for line in summary(result):
        out(line)
    write_new(target, class_workbook(result))
    out(f"已写入 {show(target)}（工作表：成绩、薄弱环节、说明）。")
    return 0
