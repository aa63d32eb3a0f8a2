"""``build.py results FILE…``: a class's 成绩文件 summed up in one workbook, no server needed.

Cadres save a 成绩文件 after 交卷 on 模拟考试 (``docs/assets/quiz/exam.js``); the trainer
collects them (USB stick, intranet mail) and runs this. ``fileformat`` reads and checks one
file (format, canonical form, checksum); this module decides which files count (one paper,
no file twice), adds up the class per question and per training shortfall, and prints the
summary; ``workbook`` writes the .xlsx (成绩, 薄弱环节, 题目分析, 说明).

Every counted file is regraded from its recorded answers against the banks today
(``grade``): its own ``correct`` flags and score only ever appear in a note when they disagree,
since anyone can recompute the checksum.  A question changed since the paper was taken is graded
as it is now, with a note; a question gone from the banks is named and not counted.
``analysis`` gives the 题目分析 (facility, discrimination, options chosen, flags).

No file is silently left out: each one not counted is reported by its name with the reason.
"""

from __future__ import annotations

import glob
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path

from ..paths import DOCS, QUIZZES
from .analysis import fixed2, item_stats
from .fileformat import BAD_CHAR, NOT_FOUND, Refused, ResultFile, read
from .grade import Key, chosen, grade, key_of
from .model import (
    Cadre,
    ClassResult,
    Label,
    QuestionResult,
    ShortfallResult,
    duration,
    half_up,
    percent,
    tenths,
)

DEFAULT_OUTPUT = "班级成绩.xlsx"
TOP = 3  # weakest shortfalls and questions in the terminal summary

OTHER_PAPER = "{file}：来自另一份试卷（{theirs}），本次汇总的试卷是：{ours}"
SAME_FILE = "{file}：同一个文件给了两次"
SAME_CONTENT = "{file}：与 {other} 内容完全相同（同一份成绩交了两次）"
SAME_CADRE = "{file}：与 {other} 是同一人同一次交卷（姓名、单位和交卷时间都相同）"
EMPTY_FOLDER = "{file}：文件夹中没有 .json 文件"
NO_FILES = "请给出成绩文件，例如：./run.sh build results 成绩/*.json（也可以只写文件夹名）"
NOTHING = "没有可以汇总的成绩文件，未生成表格。"
ALL_GONE = "试卷中的题目在题库中都已没有，无法评分，未生成表格。"
STEM_CHARS = 30  # of a stem, in the terminal


# --- which files count -------------------------------------------------------------------------


def display(name: str) -> str:
    """A file name as it can be printed and written: a control character, or a byte that is not
    UTF-8 (a lone surrogate here), shown as its code."""
    return BAD_CHAR.sub(lambda m: f"\\u{ord(m.group()):04x}", name)


def expand(args: list[str]) -> list[tuple[Path | None, str]]:
    """Each argument as (path, name to report): a folder gives its .json files, a pattern that is
    not a file (Windows' cmd does not expand 成绩\\*.json) the files it matches."""
    out: list[tuple[Path | None, str]] = []
    for arg in args:
        path = Path(arg)
        if path.is_dir():
            found = sorted(path.glob("*.json"))  # a FIFO or folder among them is named by read(), not left out
            out += [(p, display(str(p))) for p in found] or [(None, EMPTY_FOLDER.format(file=display(arg)))]
        elif not path.exists() and glob.has_magic(arg):
            found = sorted(Path(p) for p in glob.glob(arg) if Path(p).is_file())
            out += [(p, display(str(p))) for p in found] or [(None, NOT_FOUND.format(file=display(arg)))]
        else:
            out.append((path, display(arg)))
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


def questions_today(site, keys: list[str]) -> dict[str, tuple[Label, Key | None, tuple[str, ...]]]:
    """Each paper key as the site's banks have it today: its label, its grading key and the
    shortfalls it covers (no key and no covers when the question is gone)."""
    from ..quiz.coverage import covered_by
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
            label = Label(bank.title, i, TYPE_SHORT[q.type], q.stem, source_label(site.pages, q.source))
            out[key] = (label, key_of(q), tuple(covered_by(bank, q)))
        else:
            out[key] = (Label(bank.title if bank else bank_id, None, "", "", ""), None, ())
    return out


def regrade(f: ResultFile, keys: list[Key | None]) -> Cadre:
    marks = [grade(k, list(a.answer)) if k else None for a, k in zip(f.answers, keys, strict=True)]
    picked = [chosen(k, list(a.answer)) if k else [] for a, k in zip(f.answers, keys, strict=True)]
    return Cadre(f, marks, picked)


def numbers(ns: list[int]) -> str:
    return "、".join(str(n) for n in ns)


def grading_notes(cadres: list[Cadre], questions: list[QuestionResult], keys: list[Key | None]) -> list[str]:
    """What the trainer must know about how the files were graded: questions gone or changed,
    files too old to tell, files whose own marks disagree with the regrading."""
    notes = [
        f"注意：题库中已没有试卷第 {q.number} 题（{q.key}），这道题不计分，每人按其余 "
        f"{sum(not x.gone for x in questions)} 题计分。"
        for q in questions
        if q.gone
    ]
    notes += [
        f"注意：试卷第 {q.number} 题（{q.label.where}）在 {q.changed} 份成绩文件交卷后修改过，"
        "已按题库现在的题目和答案评分，请核对这道题。"
        for q in questions
        if q.changed
    ]
    old = [c.file for c in cadres if c.v < 2]
    if old:
        notes.append(
            f"注意：{'、'.join(old)} 是旧版成绩文件，没有记录题目版本，已按题库现在的答案评分；"
            "无法判断交卷后题目是否修改过。"
        )
    for c in cadres:
        # A changed question may well be marked differently now: only compare where the version
        # is the one the cadre saw (or unknown, in an old file).
        differ = [
            i
            for i, (a, m, k) in enumerate(zip(c.answers, c.marks, keys, strict=True), 1)
            if m is not None and m != a.correct and (a.version is None or a.version == k.version)
        ]
        if differ:
            notes.append(
                f"注意：{c.file} 中记录的对错与按题库重新评分的结果不符（第 {numbers(differ)} 题），"
                f"已按重新评分计入：{c.right}/{c.total}（文件中记为 {c.claimed}/{len(c.answers)}）。"
            )
    return notes


def question_results(cadres: list[Cadre], keys: list[str], today: dict) -> list[QuestionResult]:
    out = []
    for i, key in enumerate(keys):
        label, k, covers = today[key]
        if k is None:
            out.append(QuestionResult(i + 1, key, covers, 0, len(cadres), label))
            continue
        marks = [int(bool(c.marks[i])) for c in cadres]
        rest = [c.right - m for c, m in zip(cadres, marks, strict=True)]
        options = []
        if k.type != "blank":
            keyset = set(k.answer) if isinstance(k.answer, list) else {k.answer}
            options = [(text, sum(j in c.chosen[i] for c in cadres), j in keyset) for j, text in enumerate(k.options)]
        open_ = sum(1 for c in cadres if not [v for v in c.answers[i].answer if v not in ("", None)])
        stats = item_stats(marks, rest, options, open_)
        changed = sum(1 for c in cadres if c.answers[i].version not in (None, k.version))
        out.append(QuestionResult(i + 1, key, covers, sum(marks), len(cadres), label, stats, changed))
    return out


def tally(files: list[ResultFile], site, refused: list[str], brief: str) -> ClassResult:
    first = files[0]
    keys = [a.key for a in first.answers]
    today = questions_today(site, keys)
    grading = [today[k][1] for k in keys]
    cadres = [regrade(f, grading) for f in files]
    questions = question_results(cadres, keys, today)
    sums: dict[str, list[int]] = {}
    for c in cadres:
        for q in questions:
            for sid in q.covers:  # the banks' covers today: a file's own list is not trusted
                s = sums.setdefault(sid, [0, 0])
                s[0] += bool(c.marks[q.number - 1])
                s[1] += 1
    registry = {s.id: s.title for s in site.shortfalls}
    order = [s for s in registry if s in sums] + sorted(s for s in sums if s not in registry)
    shortfalls = [
        ShortfallResult(sid, registry.get(sid, sid), *sums[sid], sum(sid in q.covers for q in questions))
        for sid in order
    ]
    notes = grading_notes(cadres, questions, grading)
    same: dict[tuple[str, str], list[Cadre]] = {}
    for c in cadres:
        same.setdefault((c.name, c.unit), []).append(c)
    for (name, unit), group in same.items():
        if len(group) > 1:
            who = f"{name}（{unit}）" if unit else name
            notes.append(f"注意：{who}有 {len(group)} 份成绩（{'、'.join(f.file for f in group)}），都已计入。")
    sessions: dict[tuple, list[Cadre]] = {}
    for c in cadres:  # one sitting saved under two names: the same start and hand-in to the millisecond
        sessions.setdefault((c.started, c.finished), []).append(c)
    for group in sessions.values():
        if len(group) > 1:
            names = "、".join(f.file for f in group)
            notes.append(f"注意：{names} 的开始和交卷时间完全相同，却是不同的姓名或单位，都已计入，请核实。")
    return ClassResult(first.paper, brief, cadres, questions, shortfalls, refused, notes)


# --- the terminal summary ----------------------------------------------------------------------


def stem_start(stem: str) -> str:
    stem = " ".join(stem.split())
    return stem if len(stem) <= STEM_CHARS else stem[:STEM_CHARS] + "…"


def summary(result: ClassResult) -> list[str]:
    cadres, n = result.cadres, result.n
    scores = [c.right for c in cadres]
    people = len(scores)
    mean = Fraction(sum(scores), people)
    seconds = Fraction(sum(c.seconds for c in cadres), people)
    lines = [
        f"班级成绩汇总：{people} 人。试卷：{result.brief}。",
        f"人数 {people}，平均分 {tenths(mean)}/{n}（正确率 {percent(mean / n)}），"
        f"最高 {max(scores)}/{n}，最低 {min(scores)}/{n}，"
        f"平均用时 {duration(half_up(seconds))}。",
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
    look = result.worth_a_look
    if look:
        lines.append("最值得检查的题目（见“题目分析”表）：")
    for k, q in enumerate(look, 1):
        d = q.stats.discrimination
        lines.append(
            f"  {k}. 第 {q.number} 题（{q.label.where}）{'、'.join(q.stats.flags)}："
            f"正确率 {percent(q.stats.facility)}，区分度 {fixed2(d) if d is not None else '无法计算'}"
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
    force: bool = False,
) -> int:
    from ..output import OutputError, show, target_problem, write_files
    from ..site import load_site
    from .workbook import class_workbook

    if not args:
        out(NO_FILES)
        return 2
    target = output or Path.cwd() / DEFAULT_OUTPUT
    if target.suffix.lower() != ".xlsx":
        target = target.with_name(target.name + ".xlsx")
    elsewhere = "请用 -o 指定另一个文件名"
    problem = target_problem(target, elsewhere, force)
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
    if not result.n:
        out(ALL_GONE)
        return 1
    for line in summary(result):
        out(line)
    try:
        write_files({target: class_workbook(result)}, force=force, elsewhere=elsewhere)
    except OutputError as e:
        out(f"未生成表格：{e}")
        return 1
    out(f"已写入 {show(target)}（工作表：成绩、薄弱环节、题目分析、说明）。")
    return 0
