"""Compare two versions of a document unit by unit (issue 25 §6) and say what changed, in Chinese.

Units are paired in three passes, so that an article inserted before others reads as one
article added and the following ones renumbered, not as a cascade of rewordings:

1. same anchor and the same words: unchanged;
2. the same words under another number (same kind): renumbered;
3. what is left, by similarity of words (difflib, same kind, at least MIN_SIMILARITY), a shared
   anchor weighing a little more: reworded (same number) or renumbered and reworded.

Whatever is still unpaired was removed (old) or added (new).  A unit's words are its own text
without its number (``Unit.text``): its children are compared as units of their own.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from .structure import Outline, Unit

MIN_SIMILARITY = 0.5
WINDOW = 12  # candidates for pass 3 lie this many units apart at most, keeping it near-linear


@dataclass
class Change:
    kind: str  # unchanged | reworded | added | removed | renumbered
    old: Unit | None
    new: Unit | None

    @property
    def text_changed(self) -> bool:
        return self.old is not None and self.new is not None and self.old.text != self.new.text


@dataclass
class Revision:
    changes: list[Change] = field(default_factory=list)  # in the new document's order

    def count(self, kind: str) -> int:
        return sum(c.kind == kind for c in self.changes)

    @property
    def changed_anchors(self) -> list[str]:
        """Old anchors whose text changed or vanished, and their ancestors (a quote citing a
        chapter may span the changed article): the questions citing them need a look."""
        out: list[str] = []
        for c in self.changes:
            moved = c.kind == "renumbered" or c.kind == "removed"
            if c.old is not None and (moved or c.text_changed):
                unit: Unit | None = c.old
                while unit is not None:
                    if unit.anchor not in out:
                        out.append(unit.anchor)
                    unit = unit.parent
        # An anchor taken over by an added unit now points at other words.
        out += [c.new.anchor for c in self.changes if c.kind == "added" and c.new.anchor not in out]
        return out


def _units(outline: Outline) -> list[Unit]:
    return [u for u in outline.walk() if u.kind != "preamble" or u.text]


def compare(old: Outline, new: Outline) -> Revision:
    olds, news = _units(old), _units(new)
    pair: dict[int, int] = {}  # new index -> old index
    taken: set[int] = set()
    old_by_anchor = {u.anchor: i for i, u in enumerate(olds)}
    for j, u in enumerate(news):  # 1. same anchor, same words
        i = old_by_anchor.get(u.anchor)
        if i is not None and olds[i].text == u.text and olds[i].kind == u.kind:
            pair[j], _ = i, taken.add(i)
    by_words: dict[tuple[str, str], list[int]] = {}
    for i, u in enumerate(olds):
        if i not in taken:
            by_words.setdefault((u.kind, u.text), []).append(i)
    for j, u in enumerate(news):  # 2. same words elsewhere
        if j not in pair and by_words.get((u.kind, u.text)):
            i = by_words[(u.kind, u.text)].pop(0)
            pair[j], _ = i, taken.add(i)
    candidates = []
    free_old = [i for i in range(len(olds)) if i not in taken]
    free_new = [j for j in range(len(news)) if j not in pair]
    for a, i in enumerate(free_old):  # 3. similar words, nearby or under the same anchor
        for b, j in enumerate(free_new):
            same_anchor = olds[i].anchor == news[j].anchor
            if olds[i].kind != news[j].kind or (abs(a - b) > WINDOW and not same_anchor):
                continue
            matcher = difflib.SequenceMatcher(None, olds[i].text, news[j].text, autojunk=False)
            if matcher.quick_ratio() < MIN_SIMILARITY:
                continue
            ratio = matcher.ratio()
            if ratio >= MIN_SIMILARITY:
                candidates.append((ratio + (0.1 if same_anchor else 0), j, i))
    for _, j, i in sorted(candidates, reverse=True):
        if j not in pair and i not in taken:
            pair[j], _ = i, taken.add(i)
    return Revision(_ordered(olds, news, pair))


def _ordered(olds: list[Unit], news: list[Unit], pair: dict[int, int]) -> list[Change]:
    """Changes in the new order; a removed unit right after the unit that preceded it."""
    keyed: list[tuple[float, Change]] = []
    for j, u in enumerate(news):
        if j in pair:
            o = olds[pair[j]]
            if o.number == u.number and o.kind == u.kind and (o.anchor == u.anchor or o.number is None):
                kind = "unchanged" if o.text == u.text else "reworded"
            else:
                kind = "renumbered"
            keyed.append((j, Change(kind, o, u)))
        else:
            keyed.append((j, Change("added", None, u)))
    new_of_old = {i: j for j, i in pair.items()}
    for i, o in enumerate(olds):
        if i not in new_of_old:
            before = max((new_of_old[k] for k in range(i) if k in new_of_old), default=-1)
            keyed.append((before + 0.5 + i / (10 * len(olds) + 10), Change("removed", o, None)))
    return [c for _, c in sorted(keyed, key=lambda kc: kc[0])]


# ---------------------------------------------------------------- the report


def name(unit: Unit) -> str:
    """How a reader names a unit: 第十二条, 第五条（一）, 一、（二）1., 附件1, the heading's words."""
    if unit.kind == "heading":
        return f"“{unit.title}”"
    if unit.kind == "preamble":
        return "开头部分"
    parts = [unit.label]
    p = unit.parent
    while unit.kind == "item" and p is not None:
        parts.append(p.label)
        if p.kind != "item":
            break
        p = p.parent
    return "".join(reversed(parts))


def marked_diff(old: str, new: str) -> str:
    """``new`` with what was cut and added marked inline: 【删：…】【增：…】."""
    out = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out.append(old[i1:i2])
        if op in ("delete", "replace"):
            out.append(f"【删：{old[i1:i2]}】")
        if op in ("insert", "replace"):
            out.append(f"【增：{new[j1:j2]}】")
    return "".join(out)


def _indent(text: str) -> str:
    return "\n".join("    " + line for line in text.split("\n"))


def render_revision(rev: Revision) -> str:
    """A report readable in a terminal and as Markdown: a count line, then unit by unit."""
    counts = "，".join(
        f"{label}{rev.count(kind)}处"
        for kind, label in (
            ("reworded", "改写"),
            ("added", "新增"),
            ("removed", "删除"),
            ("renumbered", "重新编号"),
            ("unchanged", "未变"),
        )
    )
    out = [f"修订对照：{counts}。"]
    moved = {id(c.old) for c in rev.changes if c.kind == "renumbered"}
    for c in rev.changes:
        if c.kind == "unchanged":
            continue
        # 第五条（一） moves with 第五条: saying so once, for the article, is enough.
        if c.kind == "renumbered" and not c.text_changed and id(c.old.parent) in moved and c.old.number == c.new.number:
            continue
        if c.kind == "reworded":
            out += ["", f"{name(c.new)} 改写：", _indent(marked_diff(c.old.text, c.new.text))]
        elif c.kind == "added":
            out += ["", f"{name(c.new)} 新增：", _indent(c.new.text)]
        elif c.kind == "removed":
            out += ["", f"原{name(c.old)} 删除：", _indent(c.old.text)]
        elif c.text_changed:
            out += ["", f"原{name(c.old)} 改为{name(c.new)}，并改写：", _indent(marked_diff(c.old.text, c.new.text))]
        else:
            out += ["", f"原{name(c.old)} 改为{name(c.new)}，文字未变。"]
    anchors = rev.changed_anchors
    out += ["", "文字有变或已不在原处的锚点（引用这些位置的题目要核对）："]
    out.append("    " + ("、".join(f"#{a}" for a in anchors) if anchors else "无"))
    return "\n".join(out) + "\n"
