"""A deterministic corpus of realistic Chinese pages, for benchmarks (search now, builds later).

Pages are made by recombining clauses of the cleaned sources (``sources/cleaned/*.txt``) into
new sentences, paragraphs, headed sections and titles, with a seeded random generator: the
same seed gives the same pages byte for byte.  Each page is valid content (``kind: guide``,
explicit ASCII anchors), about 2,000 characters long, so ``build.py check`` accepts it.

    from bench import corpus
    corpus.generate(Path("/tmp/corpus/docs/generated"), pages=985, seed=1)
"""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

from kb.paths import SOURCES

CLEANED = SOURCES / "cleaned"
SENTENCE_END = "。！？；"
PER_FOLDER = 50


def clauses(text: str) -> list[str]:
    """The clauses of ``text`` (split at Chinese sentence and clause punctuation), 4 to 40 characters."""
    out = []
    for line in text.splitlines():
        for part in re.split(r"[。！？；，：]", line):
            part = re.sub(r"^[（(]?[一二三四五六七八九十\d]+[)）、．.]", "", part.strip()).strip("“”‘’ ")
            if part.count("“") != part.count("”") or part.count("（") != part.count("）"):
                part = re.sub("[“”（）]", "", part)  # a quote or bracket cut in half
            if 4 <= len(part) <= 40 and not part.startswith(("第一篇", "第二篇", "第三篇", "第四篇", "第五篇")):
                out.append(part)
    return out


def load_clauses(directory: Path = CLEANED) -> list[str]:
    pool: list[str] = []
    for path in sorted(directory.glob("*.txt")):
        pool += clauses(path.read_text(encoding="utf-8"))
    return list(dict.fromkeys(pool))  # no repeats, stable order


class _Writer:
    def __init__(self, pool: list[str], rng: random.Random):
        self.pool, self.rng = pool, rng

    def clause(self, short: bool = False) -> str:
        while True:
            c = self.rng.choice(self.pool)
            if not short or len(c) <= 16:
                return c

    def sentence(self) -> str:
        n = self.rng.choice((1, 2, 2, 3, 3, 4))
        return "，".join(self.clause() for _ in range(n)) + self.rng.choice("。。。。；！")

    def paragraph(self) -> str:
        text = "".join(self.sentence() for _ in range(self.rng.randint(2, 4)))
        text = text[:-1] + "。" if text[-1] in SENTENCE_END else text
        # Markdown would turn a leading "1." into a list; the content rules escape it.
        return re.sub(r"^(\d+)\.", r"\1\\.", text)

    def page(self, title: str) -> str:
        lines = ["---", "kind: guide", f"title: {title}", "---", "", self.paragraph(), ""]
        for n in range(1, self.rng.randint(5, 9) + 1):
            lines += [f"## {self.clause(short=True)} {{#s-{n}}}", ""]
            for _ in range(self.rng.randint(1, 3)):
                lines += [self.paragraph(), ""]
            if self.rng.random() < 0.3:
                lines += [f"### {self.clause(short=True)} {{#s-{n}-1}}", "", self.paragraph(), ""]
        return "\n".join(lines)


def page_paths(pages: int) -> list[str]:
    """Where page ``n`` goes: ``topic-01/page-0001.md`` …, 50 pages a folder."""
    return [f"topic-{n // PER_FOLDER + 1:02d}/page-{n + 1:04d}.md" for n in range(pages)]


def generate(out_dir: Path, pages: int = 1000, seed: int = 1, pool: list[str] | None = None) -> list[Path]:
    """Write ``pages`` Markdown pages under ``out_dir``; returns their paths."""
    rng = random.Random(seed)
    writer = _Writer(pool or load_clauses(), rng)
    written = []
    for rel in page_paths(pages):
        title = writer.clause(short=True)
        path = out_dir / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(writer.page(title), encoding="utf-8")
        written.append(path)
    return written


# --- a whole project in our content model, for the build benchmark ---------------------------

SHORTFALL_IDS = ("theory", "duties", "methods")


def _model_page(writer: _Writer, kind: str, title: str) -> tuple[str, dict[str, str]]:
    """One page of ``kind`` (duty | analysis | principle): (Markdown, {anchor: section text})."""
    sections: dict[str, str] = {}
    body: list[str] = []

    def section(level: int, heading: str, anchor: str) -> None:
        text = writer.paragraph()
        sections[anchor] = text.replace("\\.", ".")
        body.extend([f"{'#' * level} {heading} {{#{anchor}}}", "", text, ""])

    if kind == "duty":
        front = ["kind: duty", f"title: {title}", "role: 乡镇统战干事", "source: 第五篇"]
        body += ["## 工作职责 {#duties}", ""]
        for n in range(1, writer.rng.randint(4, 8) + 1):
            section(3, f"{n}．{writer.clause(short=True)}", f"duty-{n}")
    elif kind == "analysis":
        problems = writer.rng.randint(2, 5)
        items = [f"  - {{id: problem-{n}, type: problem, theme: 队伍建设}}" for n in range(1, problems + 1)]
        items += [f"  - {{id: measure-{n}, type: measure, answers: [problem-{n}]}}" for n in range(1, problems + 1)]
        front = ["kind: analysis", f"title: {title}", "source: 第四篇", "items:", *items]
        body += ["## 问题 {#problems}", ""]
        for n in range(1, problems + 1):
            section(3, writer.clause(short=True), f"problem-{n}")
        body += ["## 对策 {#measures}", ""]
        for n in range(1, problems + 1):
            section(3, writer.clause(short=True), f"measure-{n}")
    else:
        front = ["kind: principle", f"title: {title}"]
        for n in range(1, writer.rng.randint(3, 6) + 1):
            section(2, writer.clause(short=True), f"principle-{n}")
    return "\n".join(["---", *front, "---", "", writer.paragraph(), "", *body]), sections


def _q(text: str) -> str:
    """A YAML scalar for any text (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _question(writer: _Writer, n: int, source: str, text: str) -> list[str]:
    """A valid question citing ``source`` whose quote is a clause of the section ``text``."""
    quote = max(re.split(r"[。！？；，]", text), key=len)
    kind = ("single", "multiple", "judge", "blank")[n % 4]
    lines = [f"  - id: q{n:05d}", f"    type: {kind}", "    level: 识记"]
    if kind == "blank":
        word = quote[:2]
        lines += [f"    stem: {_q('“___' + quote[2:] + '”的开头两个字是什么？')}", f"    answer: [{_q(word)}]"]
    else:
        lines.append(f"    stem: 根据原文，以下哪项表述出现在该段中？（{n}）")
        if kind == "judge":
            lines.append(f"    answer: {writer.rng.choice('对错')}")
        else:
            options = [quote] + [f"{writer.clause()}（{n}-{k}）" for k in range(1, 4)]
            keys = 1 if kind == "single" else 2  # the first one or two options are the key
            order = list(range(4))
            writer.rng.shuffle(order)  # keys spread over the letters, as a real bank's are
            lines.append("    options:")
            lines += [f"      - {_q(options[i])}" for i in order]
            lines.append(f"    answer: {''.join(sorted('ABCD'[order.index(i)] for i in range(keys)))}")
    lines += ["    explanation: 见原文。", f"    source: {source}", f"    quote: {_q(quote)}"]
    return lines


def generate_project(root: Path, pages: int = 1000, questions: int = 10000, seed: int = 1, per_bank: int = 100) -> dict:
    """A docs/ + quizzes/ project of ``pages`` content-model pages and ``questions`` questions.

    Deterministic by seed.  Pages are duties, analyses and principles with stable anchors;
    banks of ``per_bank`` questions cite them, each with a quote taken from the cited section,
    so ``build.py check`` does all its work (sources, anchors, quotes) and passes.
    """
    rng = random.Random(seed)
    writer = _Writer(load_clauses(), rng)
    docs, quizzes = root / "docs", root / "quizzes"
    cited: list[tuple[str, str, str]] = []  # (page#anchor, section text, page rel)
    for n, rel in enumerate(page_paths(pages)):
        kind = ("duty", "analysis", "principle")[n % 3]
        markdown, sections = _model_page(writer, kind, writer.clause(short=True))
        path = docs / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(markdown, encoding="utf-8")
        cited += [(f"{rel}#{a}", t, rel) for a, t in sections.items()]
    (docs / "index.md").write_text(
        "---\nkind: home\ntitle: 基准测试语料\n---\n\n" + writer.paragraph() + "\n", encoding="utf-8"
    )
    quizzes.mkdir(parents=True, exist_ok=True)
    first = cited[0]
    registry = ["shortfalls:"]
    for sid in SHORTFALL_IDS:
        quote = max(re.split(r"[。！？；，]", first[1]), key=len)
        registry += [
            f"  - id: {sid}",
            f"    title: 短板 {sid}",
            "    passages:",
            f"      - source: {first[0]}",
            f"        quote: {_q(quote)}",
        ]
    (quizzes / "shortfalls.yml").write_text("\n".join(registry) + "\n", encoding="utf-8")
    for b in range(0, questions, per_bank):
        lines = [f"title: 基准题库 {b // per_bank + 1}", f"covers: [{', '.join(SHORTFALL_IDS)}]", "questions:"]
        for n in range(b, min(b + per_bank, questions)):
            source, text, _ = rng.choice(cited)
            lines += _question(writer, n, source, text)
        (quizzes / f"bank-{b // per_bank + 1:04d}.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return {"pages": pages + 1, "questions": questions, "banks": -(-questions // per_bank)}
