"""Find the structure of a document text (issue 25 §3): units, their numbers and anchors.

The input is the "document text" of the add-source contract: one paragraph a line, numbering
kept as text (第十二条, 一、, （一）, 1., 附件1), style-only headings as ``#`` lines, tables as
``| … |`` rows, footnote texts as ``[^N]: …`` lines at the end.

Anchors are ASCII and come from a unit's number, never from its position, so an amended
document keeps them for every unit whose number did not change:

- ``part-1`` (第一编 / 第一部分), ``chapter-3`` (第三章), ``chapter-3-section-2`` (第二节 in 第三章),
  ``article-12`` (articles are numbered through the whole document), ``supplementary`` (附则
  standing alone; a 第七章　附则 is ``chapter-7``), ``annex-1`` (附件 / 附件1 / 附件：…),
  ``preamble`` (the paragraphs before the first unit).
- Report-style items nest under their parent: 一、 ``s1``; （一） under it ``s1-2``; 1. under that
  ``s1-2-3``; （1） and ① go one level further.  Items inside an article, chapter, section, part
  or annex hang from that unit: ``article-5-item-1``, ``article-5-item-1-2``.
- A style-only heading (``## 标题``) has no number: ``heading-`` and six hex digits of its text.
- Units inside an annex are prefixed with the annex anchor (``annex-1-article-3``): an annex is
  a document of its own and restarts its numbering.
- Where two units would still get the same anchor (a number repeated by the source, two 一、 lists
  at the top level), every one of them is qualified by its nearest anchored ancestor
  (``chapter-2-article-5``), and what is left is made unique by ``-2``, ``-3`` in order.  Numbers
  that skip or repeat are reported as warnings, never renumbered.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

from .numerals import CN_NUM, chinese_counting, cn_to_int

# ---------------------------------------------------------------- Chinese numerals

def int_to_cn(n: int) -> str:
    """12 → 十二, 20 → 二十, 105 → 一百零五, 110 → 一百一十 (the inverse of cn_to_int, n > 0)."""
    return chinese_counting(n)


# ---------------------------------------------------------------- the units

# Rank: a unit nests under the nearest open unit of a smaller rank.
RANK = {"annex": 0.0, "part": 1.0, "chapter": 2.0, "supplementary": 2.0, "section": 3.0, "article": 4.0}
ITEM_RANK = 5.0  # + item level 0 (一、) … 4 (①)
SEP = "[ \u3000]"
NUM = rf"[{CN_NUM}0-9０-９]+"
STRUCTURAL = re.compile(rf"^第({NUM})(编|部分|章|节|条)(?:({SEP}+)(.*))?$")
STRUCT_KIND = {"编": "part", "部分": "part", "章": "chapter", "节": "section", "条": "article"}
SUPPLEMENTARY = re.compile(rf"^附{SEP}*则$")
ANNEX = re.compile(rf"^附件{SEP}*({NUM})?(?:({SEP}*[：:]{SEP}*|{SEP}+)(.*))?$")
ITEMS = (  # item level, pattern: (number text, separator, rest)
    (0, re.compile(rf"^([{CN_NUM}]+)(、{SEP}*)(.*)$")),
    (1, re.compile(rf"^[（(]([{CN_NUM}]+)([）)]{SEP}*)(.*)$")),
    (2, re.compile(rf"^([0-9０-９]+)((?:[.．](?![0-9０-９])|、){SEP}*)(.*)$")),
    (3, re.compile(rf"^[（(]([0-9０-９]+)([）)]{SEP}*)(.*)$")),
    (4, re.compile(rf"^([\u2460-\u2473])({SEP}*)(.*)$")),
)
MD_HEADING = re.compile(r"^(#{1,6}) +(.+)$")
TABLE_ROW = re.compile(r"^\|.*\|$")
FOOTNOTE_DEF = re.compile(r"^\[\^(\d+)\]:[ \u3000]?(.*)$")
FOOTNOTE_REF = re.compile(r"\[\^(\d+)\]")
# An item whose rest is short and one sentence at most (一、总体要求, （一）组织开展活动；) is shown
# whole as its heading; a longer one gets its number as the heading and the rest as a paragraph.
TITLE_LIKE = re.compile(r"^[^。；！？]{0,29}[。；！？：]?$")
LEAD = re.compile(r"^([^。；！？：]{1,20}[。；！？：])(.+)$")
ARTICLE_TITLE = re.compile(r"^[^，。；：！？、,.;:]{1,20}$")


@dataclass
class Block:
    """Paragraphs (one a line) or a table (its rows) of a unit, with their line numbers."""

    kind: str  # para | table
    lines: list[tuple[int, str]]


@dataclass
class Unit:
    kind: str  # part chapter section article item annex supplementary heading preamble
    number: int | None = None
    label: str = ""  # the numbering as written: 第十二条, （一）, 1., 附件1
    numtext: str = ""  # the number inside the label: 十二, 一, 1
    title: str = ""  # the rest of the heading line when it reads as a title
    rest: str = ""  # the rest of the heading line when it is body text
    line: int = 0  # the heading line (0 for the preamble)
    head: str = ""  # the heading line as written, without Markdown '#' marks
    level: int = 0  # item level (0 一、 … 4 ①) or Markdown heading level
    rank: float = 0.0
    body: list[Block | Unit] = field(default_factory=list)  # in document order
    anchor: str = ""
    parent: Unit | None = field(default=None, repr=False, compare=False)
    in_annex: bool = False
    shown: str = ""  # the heading's text when it is neither the whole line nor only the label
    loose: bool = False  # 第十二条正文 with no separator: a unit only if its number is the next one

    @property
    def children(self) -> list[Unit]:
        return [b for b in self.body if isinstance(b, Unit)]

    @property
    def blocks(self) -> list[Block]:
        return [b for b in self.body if isinstance(b, Block)]

    @property
    def heading_text(self) -> str:
        """What the page heading shows: the whole line, or only the number when the rest is body."""
        return self.shown or (self.head if not self.rest else self.label)

    @property
    def lines(self) -> list[tuple[int, str]]:
        """The unit's own lines (heading line, paragraphs, table rows), not its children's."""
        own = [(self.line, self.head)] if self.line else []
        return own + [ln for b in self.blocks for ln in b.lines]

    @property
    def text(self) -> str:
        """The unit's own words, without its number: what a revision compares."""
        words = [self.rest or self.title] if self.line else []
        return "\n".join(words + [t for b in self.blocks for _, t in b.lines])

    def walk(self) -> Iterator[Unit]:
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass
class Warning:
    line: int
    message: str

    def __str__(self) -> str:
        return f"第{self.line}行：{self.message}"

    def format(self, path: str) -> str:
        return f"{path}:{self.line}:1: {self.message}"


@dataclass
class Outline:
    title_block: list[tuple[int, str]] = field(default_factory=list)
    units: list[Unit] = field(default_factory=list)  # top level, in order
    footnotes: dict[str, tuple[int, str]] = field(default_factory=dict)  # "1" -> (line, text)
    meta: dict[str, str] = field(default_factory=dict)  # guesses: title issuer number date date_text
    warnings: list[Warning] = field(default_factory=list)

    def walk(self) -> Iterator[Unit]:
        for unit in self.units:
            yield from unit.walk()

    def unit(self, anchor: str) -> Unit | None:
        return next((u for u in self.walk() if u.anchor == anchor), None)


# ---------------------------------------------------------------- recognising a line


def classify(text: str) -> Unit | None:
    """The unit a line opens, or None for a plain paragraph (sequence checks come later)."""
    md = MD_HEADING.match(text)
    if md:
        inner = classify(md.group(2))
        if inner:
            return inner
        level = len(md.group(1))
        return Unit("heading", title=md.group(2), head=md.group(2), level=level, rank=level / 10)
    m = STRUCTURAL.match(text)
    loose = False
    if not m:
        m = _UNSEPARATED.match(text)
        loose = bool(m)
        if m and m.group(2) != "条" and not ARTICLE_TITLE.match(m.group(4)):
            m = None  # 第三章规定的…: a sentence, not a heading
    if m and cn_to_int(m.group(1)) is not None:
        kind = STRUCT_KIND[m.group(2)]
        rest = (m.group(4) or "").strip()
        unit = Unit(kind, cn_to_int(m.group(1)), f"第{m.group(1)}{m.group(2)}", m.group(1), head=text)
        unit.rank, unit.loose = RANK[kind], loose and kind == "article"
        if kind != "article" or ARTICLE_TITLE.match(rest):
            unit.title = rest
        else:
            unit.rest = rest
        return unit
    if SUPPLEMENTARY.match(text):
        return Unit("supplementary", label=text, head=text, rank=RANK["supplementary"])
    m = ANNEX.match(text)
    if m and not re.match(r"^[0-9０-９]+[.．、]", m.group(3) or ""):  # 附件：1．… lists the annexes
        number = cn_to_int(m.group(1)) if m.group(1) else 1
        label = f"附件{m.group(1) or ''}"
        return Unit("annex", number, label, m.group(1) or "", (m.group(3) or "").strip(), head=text)
    for level, pattern in ITEMS:
        m = pattern.match(text)
        if m:
            number = cn_to_int(m.group(1)) if level != 4 else ord(m.group(1)) - 0x2460 + 1
            if number is None:
                return None
            rest = m.group(3)
            label = text[: len(text) - len(rest)].rstrip(" \u3000")
            unit = Unit("item", number, label, m.group(1), head=text, level=level, rank=ITEM_RANK + level)
            lead = LEAD.match(rest)
            if not rest or TITLE_LIKE.match(rest):
                unit.title = rest
            elif lead:  # （二）服务开展。各服务站…: the lead phrase joins the heading
                unit.title, unit.rest = lead.group(1), lead.group(2)
                unit.shown = text[: len(text) - len(lead.group(2))]
            else:
                unit.rest = rest
            return unit
    return None


_UNSEPARATED = re.compile(rf"^第({NUM})(编|部分|章|节|条)()(.+)$")


# ---------------------------------------------------------------- title block and metadata

TITLE_WORDS = re.compile(
    r"(条例|办法|规定|细则|规则|意见|通知|决定|报告|方案|纲要|规划|制度|章程|公告|通报|批复|纪要|计划|总结|说明|指南|要点)$"
)
DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{0,12}[〔［\[【]\d{4}[〕］\]】]第?\d+号")
DATE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")
CN_DATE = re.compile(rf"([〇零一二三四五六七八九]{{4}})年([{CN_NUM}]{{1,3}})月([{CN_NUM}]{{1,3}})日")
ADOPTION = re.compile(r"^[（(].*(?:通过|公布|发布|修订|修正|施行|批准|印发).*[）)]$")
ISSUER = re.compile(
    r"^[\u4e00-\u9fff（）]{2,40}(?:人民代表大会常务委员会|人民政府|委员会|办公室|办公厅|政府|统战部|部|局|厅|委|会|院|中心|组)$"
)
ISSUER_IN = re.compile(r"日((?:[\u4e00-\u9fff]+?)(?:人民代表大会常务委员会|人民政府|委员会))")


def _date(text: str) -> tuple[str, str] | None:
    """(as written, ISO) of the first date in ``text``."""
    m = DATE.search(text)
    if m:
        return m.group(0), f"{int(m.group(1)):04d}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"
    m = CN_DATE.search(text)
    if m:
        y, mo, d = (cn_to_int(g) for g in m.groups())
        if y and mo and d:
            return m.group(0), f"{y:04d}-{mo:02d}-{d:02d}"
    return None


def _title_block(lines: list[tuple[int, str]], outline: Outline) -> int:
    """Take the title, 文号, 发文机关, date lines from the top; return where the rest starts."""
    i = 0
    meta = outline.meta
    if lines:
        text = lines[0][1]
        md = MD_HEADING.match(text)
        plain = md.group(2) if md and len(md.group(1)) == 1 else text
        if (md and len(md.group(1)) == 1) or (
            classify(text) is None and not re.search("[。；！？]", text) and len(text) <= 60
        ):
            meta["title"] = plain
            i = 1
    while i < len(lines):
        text = lines[i][1]
        number = DOC_NUMBER.search(text)
        if number and len(text) <= 40:
            meta.setdefault("number", number.group(0))
        elif ISSUER.match(text) and not TITLE_WORDS.search(text):
            meta.setdefault("issuer", text)
        elif _date(text) and (len(text) <= 20 or ADOPTION.match(text)):
            pass
        else:
            break
        if _date(text) and "date" not in meta:
            meta["date_text"], meta["date"] = _date(text)
        if ADOPTION.match(text) and ISSUER_IN.search(text):
            meta.setdefault("issuer", ISSUER_IN.search(text).group(1))
        i += 1
    outline.title_block = lines[:i]
    # A notice signs off at its end: 发文机关 and the date as the last short lines.
    for _, text in reversed(lines[i:][-4:]):
        if "issuer" not in meta and ISSUER.match(text):
            meta["issuer"] = text
        if "date" not in meta and _date(text) and len(text) <= 20:
            meta["date_text"], meta["date"] = _date(text)
    return i


# ---------------------------------------------------------------- the tree


def find_structure(text: str) -> Outline:
    """The outline of a document text: title block, units with anchors, footnotes, warnings."""
    outline = Outline()
    body: list[tuple[int, str]] = []
    for n, line in enumerate(text.split("\n"), 1):
        fn = FOOTNOTE_DEF.match(line)
        if fn:
            outline.footnotes[fn.group(1)] = (n, fn.group(2))
        elif line.strip():
            body.append((n, line))
    start = _title_block(body, outline)
    _build_tree(body[start:], outline)
    _assign_anchors(outline)
    check_numbers(outline)
    check_footnotes(outline, body)
    return outline


def _add_block(unit: Unit, kind: str, line: tuple[int, str]) -> None:
    last = unit.body[-1] if unit.body else None
    if isinstance(last, Block) and last.kind == kind == "para":
        last.lines.append(line)
    else:
        unit.body.append(Block(kind, [line]))


def _paragraph_home(stack: list[Unit]) -> Unit:
    """Where a plain paragraph goes: the open unit, except after an article's last item.

    In a 条例 an article's items end with 。 on the last one; a paragraph after it is the article's
    next 款 (前款规定…), not more of the item.
    """
    top = stack[-1]
    if top.kind == "item":
        article = next((u for u in reversed(stack) if u.kind != "item"), None)
        own = top.lines
        if article is not None and article.kind == "article" and own and own[-1][1].endswith("。"):
            while stack[-1] is not article:
                stack.pop()
            return article
    return top


def _build_tree(lines: list[tuple[int, str]], outline: Outline) -> None:
    stack: list[Unit] = []
    last_article: dict[int, int] = {}  # id of the annex (0: the document) -> last article number
    in_table = False
    for n, text in lines:
        if TABLE_ROW.match(text):
            home = stack[-1] if stack else _preamble(outline, stack)
            if in_table:
                home.body[-1].lines.append((n, text))
            else:
                home.body.append(Block("table", [(n, text)]))
            in_table = True
            continue
        in_table = False
        unit = classify(text)
        if unit and unit.loose:
            annex = next((u for u in reversed(stack) if u.kind == "annex"), None)
            if unit.number != last_article.get(id(annex) if annex else 0, 0) + 1:
                unit = None
        if unit is None:
            _add_block(_paragraph_home(stack) if stack else _preamble(outline, stack), "para", (n, text))
            continue
        unit.line = n
        while stack and stack[-1].rank >= unit.rank:
            stack.pop()
        if stack and stack[-1].kind == "preamble":
            stack.pop()
        parent = stack[-1] if stack else None
        unit.parent = parent
        unit.in_annex = parent is not None and (parent.kind == "annex" or parent.in_annex)
        (parent.body if parent else outline.units).append(unit)
        stack.append(unit)
        if unit.kind == "article":
            annex = next((u for u in reversed(stack) if u.kind == "annex"), None)
            last_article[id(annex) if annex else 0] = unit.number


def _preamble(outline: Outline, stack: list[Unit]) -> Unit:
    unit = Unit("preamble", label="", rank=-1.0)
    outline.units.append(unit)
    stack.append(unit)
    return unit


# ---------------------------------------------------------------- anchors

GLOBAL = {"part", "chapter", "article", "annex", "supplementary", "heading", "preamble"}


def _base(unit: Unit) -> tuple[str, bool]:
    """(anchor from the unit's own number, whether it is unique only within its parent)."""
    parent, n = unit.parent, unit.number
    if unit.kind == "item":
        if parent is None or parent.kind == "heading":
            return f"s{n}", False
        return (f"{parent.anchor}-{n}" if parent.kind == "item" else f"{parent.anchor}-item-{n}"), True
    if unit.kind == "section":
        return (f"{parent.anchor}-section-{n}", True) if parent else (f"section-{n}", False)
    if unit.kind == "heading":
        return "heading-" + hashlib.sha1(unit.title.encode("utf-8")).hexdigest()[:6], False
    if unit.kind in ("supplementary", "preamble"):
        return unit.kind, False
    return f"{unit.kind}-{n}", False


def _assign_anchors(outline: Outline) -> None:
    counts: Counter = Counter()
    for unit in outline.walk():
        if unit.kind in GLOBAL or (unit.kind == "item" and (unit.parent is None or unit.parent.kind == "heading")):
            counts[(id(_annex_of(unit)), _base(unit)[0])] += 1
    seen: set[str] = set()
    for unit in outline.walk():  # top-down: a parent's anchor is final before its children's
        base, derived = _base(unit)
        if not derived:
            annex = _annex_of(unit)
            if counts[(id(annex), base)] > 1 and unit.parent is not None:
                base = f"{unit.parent.anchor}-{base}"
            elif annex is not None and unit.kind != "annex":
                base = f"{annex.anchor}-{base}"
        anchor, k = base, 2
        while anchor in seen:
            anchor, k = f"{base}-r{k}", k + 1
        unit.anchor = anchor
        seen.add(anchor)


def _annex_of(unit: Unit) -> Unit | None:
    p = unit.parent
    while p is not None and p.kind != "annex":
        p = p.parent
    return p


# ---------------------------------------------------------------- warnings


def relabel(unit: Unit, number: int) -> str:
    """``unit``'s label with another number written the same way: 第十二条 → 第十三条, （1） → （2）."""
    if not unit.numtext:
        return unit.label
    if unit.kind == "item" and unit.level == 4:
        new = chr(0x2460 + number - 1) if 0 < number <= 20 else str(number)
    elif unit.numtext.isdigit():
        new = str(number)
    else:
        new = int_to_cn(number)
    return unit.label.replace(unit.numtext, new, 1)


def _sequence_key(unit: Unit) -> tuple | None:
    """Units of one numbering sequence share a key: articles run through the document (or annex)."""
    if unit.number is None or (unit.kind == "annex" and not unit.numtext):
        return None
    if unit.kind in ("article", "part", "annex"):
        return (unit.kind, id(_annex_of(unit)) if unit.kind != "annex" else 0)
    return (unit.kind, unit.level, id(unit.parent))


def check_numbers(outline: Outline) -> None:
    """Warn where numbers skip, repeat, go back or do not start at one (nothing is renumbered)."""
    last: dict[tuple, Unit] = {}
    last_chapter: dict[int, Unit] = {}  # chapters may also run on through the parts (刑法 style)
    for unit in outline.walk():
        key = _sequence_key(unit)
        if key is None:
            continue
        prev = last.get(key)
        last[key] = unit
        n = unit.number
        if unit.kind == "chapter":
            scope = id(_annex_of(unit))
            running = last_chapter.get(scope)
            last_chapter[scope] = unit
            if prev is None and running is not None and n == running.number + 1:
                continue
        expected = prev.number + 1 if prev else 1
        if n == expected:
            continue
        if prev is None:
            message = f"{unit.label}是这一级的第一个编号，不是从{relabel(unit, 1)}开始；已按原文保留，请核对原文。"
        elif n == prev.number:
            message = (
                f"{unit.label}与第{prev.line}行的编号重复；已按原文保留，这一处的锚点是 #{unit.anchor}，请核对原文。"
            )
        elif n < prev.number:
            message = f"{unit.label}排在第{prev.line}行的{prev.label}之后，编号倒退；已按原文保留，请核对原文。"
        else:
            missing = relabel(unit, expected)
            if n - 1 > expected:
                missing += f"至{relabel(unit, n - 1)}"
            message = (
                f"{unit.label}前面缺少{missing}（上一个是第{prev.line}行的{prev.label}）；已按原文保留，请核对原文。"
            )
        outline.warnings.append(Warning(unit.line, message))


def check_footnotes(outline: Outline, lines: list[tuple[int, str]]) -> None:
    """A footnote referenced with no text, or a text never referenced."""
    used: dict[str, int] = {}
    for n, text in lines:
        for key in FOOTNOTE_REF.findall(text):
            used.setdefault(key, n)
    for key, n in used.items():
        if key not in outline.footnotes:
            outline.warnings.append(Warning(n, f"正文引用了脚注 [^{key}]，文末没有它的内容；请核对原文。"))
    for key, (n, _) in outline.footnotes.items():
        if key not in used:
            outline.warnings.append(
                Warning(n, f"脚注 [^{key}] 的内容在文末，正文中没有引用它；页面上照录在文末，请核对原文。")
            )
    outline.warnings.sort(key=lambda w: w.line)
