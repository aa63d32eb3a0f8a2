"""A deterministic corpus of realistic Chinese pages, for benchmarks (search now, builds later).

Pages are made by recombining clauses of the cleaned sources (``sources/cleaned/*.txt``) into
new sentences, paragraphs, headed sections and titles, with a seeded random generator: the
same seed gives the same pages byte for byte.  Each page is valid content (``kind: guide``,
explicit ASCII anchors), about 2,000 characters long, so ``build.py check`` accepts it.

    from kb import corpus
    corpus.generate(Path("/tmp/corpus/docs/generated"), pages=985, seed=1)
"""

from __future__ import annotations

import random
import re
from pathlib import Path

from .sources import ROOT

CLEANED = ROOT / "sources" / "cleaned"
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
