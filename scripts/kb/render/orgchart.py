"""The organisation chart (组织关系图, block ``org-chart``): who the sources place where.

The chart is nested lists (a level's box, then the levels below it in its ``<ul>``), so it
reads top to bottom on a phone, prints as boxes and still makes sense with no CSS at all.  No
script, no diagram library: everything is decided here at build time.

The top row holds two boxes side by side, 市委 and 县委统战部, and the 乡镇党委 hangs below
both with one line from each: the sources' only words on the relation are 第四篇's
“在市委的正确领导和统战部门的具体指导下”, so 领导 (the Party committee) and 指导 (the 统战部门)
are two different lines, each naming where it comes from.  The 统战部门 is never drawn as the
parent box of a Party committee.

The data (nodes, the passages that establish them, the notes on what the sources leave
unclear) is the constants ``TOP`` and ``TOWNSHIP`` below and ``NOTES``; every quote in it is
verbatim from the cleaned source and every link must resolve (``render_org_chart`` refuses a
missing page or anchor, tests/test_new_pages.py checks the quotes).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .links import asset, url

if TYPE_CHECKING:
    from ..content.pages import Page
    from ..site import Site

STYLESHEET = "assets/css/orgchart.css"  # linked from this block only, like the quiz styles
UNCLEAR = "来源未明确"


@dataclass(frozen=True)
class Cite:
    """A passage that establishes a box or a line: its label, ``page.md#anchor``, the words."""

    label: str
    target: str
    quote: str = ""  # verbatim, shown in quotation marks; empty: the link alone
    proposal: bool = False  # from an article's countermeasures: shown as （该文提出）


@dataclass(frozen=True)
class Edge:
    """A line into a box: what the sources say about it, or that they do not."""

    label: str
    cite: Cite | None = None
    unclear: str = ""  # a note id: drawn dashed and marked 来源未明确
    origin: str = ""  # the box the line comes from when it is not simply the box above (市委 …)
    kind: str = ""  # "lead" (领导) or "guide" (指导): a class of its own, so the two never look alike


@dataclass(frozen=True)
class Node:
    id: str
    name: str
    cites: tuple[Cite, ...] = ()
    edges: tuple[Edge, ...] = ()  # the lines into this box from the level above
    members: tuple[Node, ...] = ()  # posts inside this box (the township's, the village's)
    members_unclear: tuple[str, str] = ("", "")  # (what is unclear about the members, note id)
    children: tuple[Node, ...] = ()  # the levels below
    unclear: tuple[tuple[str, str], ...] = ()  # (what is unclear, note id): dashed insets
    dashed: bool = False  # the box itself is unclear
    notes: tuple[str, ...] = ()  # further notes (not unclear marks) on this box


SURVEY = "analyses/township-survey-2004.md"
THIRD = "analyses/problems-and-countermeasures.md"
OFFICER_DUTIES = "duties/township-officer.md"
LIAISON_DUTIES = "duties/village-liaison.md"

FINDING_1 = "第四篇 · 党委重视，加强组织领导"

OFFICER = Node(
    "officer",
    "统战干事",
    edges=(Edge("领导关系", Cite("乡镇统战干事工作职责第1条", f"{OFFICER_DUTIES}#duty-1", "在统战委员的领导下")),),
    cites=(Cite("乡镇统战干事工作职责（八条）", f"{OFFICER_DUTIES}#duties"),),
    unclear=(("第三篇所说的“统战专干”是否就是统战干事", "specialist"),),
    notes=("officer-2004",),
)
MEMBER = Node(
    "member",
    "统战委员",
    cites=(
        Cite(FINDING_1, f"{SURVEY}#finding-1", "统战委员具体抓"),
        Cite("第四篇 · 队伍建设上有差距", f"{SURVEY}#problem-2", "乡镇统战委员都是身兼数职"),
    ),
    children=(OFFICER,),
)
GROUP = Node(
    "group",
    "组",
    edges=(
        Edge(
            "三级宗教管理网络",
            Cite(
                "第四篇 · 网络健全，民族宗教管理迈上新台阶", f"{SURVEY}#finding-5", "建立了乡、村、组三级宗教管理网络"
            ),
        ),
    ),
    cites=(Cite("第四篇 · 网络作用发挥上有差距", f"{SURVEY}#problem-5", "有的村组联络员却形同虚设"),),
    unclear=(("组由哪些人组成，组一级的联络员是否就是统战联络员", "group"),),
    dashed=True,
)
VILLAGE = Node(
    "village",
    "村（社区）",
    edges=(
        Edge(
            "联络员向镇办上报",
            Cite("村级（社区）统战联络员职责第3条", f"{LIAISON_DUTIES}#duty-3", "及时上报镇办"),
            unclear="report",
        ),
    ),
    cites=(Cite("第三篇 · 四是体制机制不顺", f"{THIRD}#problem-4", "村级设有统战联络员"),),
    members=(
        Node(
            "liaison",
            "统战联络员",
            cites=(
                Cite("村级（社区）统战联络员工作对象", f"{LIAISON_DUTIES}#objects"),
                Cite("主要职责（四条）", f"{LIAISON_DUTIES}#duties"),
            ),
        ),
    ),
    children=(GROUP,),
)
OVERVIEW = "第四篇 · 调研概况"
TOWNSHIP = Node(
    "township",
    "乡镇党委",
    edges=(
        Edge(
            "领导", Cite(OVERVIEW, f"{SURVEY}#overview", "全市基层统战工作在市委的正确领导"), origin="市委", kind="lead"
        ),
        Edge(
            "具体指导",
            Cite(OVERVIEW, f"{SURVEY}#overview", "统战部门的具体指导"),
            unclear="county",
            origin="统战部门",
            kind="guide",
        ),
    ),
    cites=(Cite(FINDING_1, f"{SURVEY}#finding-1", "各乡镇办事处党委都将统战工作列入议事日程"),),
    members=(
        Node("leader", "党委一把手", cites=(Cite(FINDING_1, f"{SURVEY}#finding-1", "党委一把手负总责"),)),
        Node("deputy", "党群副书记", cites=(Cite(FINDING_1, f"{SURVEY}#finding-1", "党群副书记亲自抓"),)),
        MEMBER,
    ),
    members_unclear=("三者之间的上下级关系", "mechanism"),
    children=(VILLAGE,),
)
CITY = Node(
    "city",
    "市委",
    cites=(Cite(OVERVIEW, f"{SURVEY}#overview", "在市委的正确领导"),),
    notes=("city",),
)
COUNTY = Node(
    "county",
    "县委统战部",
    cites=(
        Cite("第三篇 · 四是体制机制不顺", f"{THIRD}#problem-4", "在县一级的统战部门"),
        Cite("第三篇 · 四要构筑基层网络", f"{THIRD}#measure-4", "统一归口县委统战部统筹管理", proposal=True),
    ),
    unclear=(("县委统战部与乡镇党委、统战委员、统战干事之间的关系", "county"),),
)
TOP = (CITY, COUNTY)  # side by side: neither is drawn as the other's parent


def nodes() -> list[Node]:
    """Every box of the chart, top row first, then down the tree in reading order."""
    out: list[Node] = []

    def walk(node: Node) -> None:
        out.append(node)
        for below in node.members + node.children:
            walk(below)

    for node in (*TOP, TOWNSHIP):
        walk(node)
    return out


# Notes under the chart, in the order first referred to.  ``[label](page.md#anchor)`` is a
# link; quotes in “…” are verbatim from the source.
NOTES: dict[str, str] = {
    "city": (
        "第四篇（市一级的调研）说全市基层统战工作“在市委的正确领导和统战部门的具体指导下”"
        f"（[{OVERVIEW}]({SURVEY}#overview)）：党委是领导，统战部门是具体指导，是两种不同的关系，图中分两条线画出，"
        "统战部门不画成乡镇党委的上级框。第四篇没有写明是哪个市；第三篇说的是“县一级的统战部门”。"
    ),
    "county": (
        "“县委统战部”出自第三篇。第四篇说的是全市的情况（市一级的调研），“统战部门的具体指导”"
        f"（[{OVERVIEW}]({SURVEY}#overview)）没有说明是哪一级的统战部门，是否就是县委统战部，所以图中这条指导线画成虚线。"
        "县委统战部与乡镇党委、统战委员、统战干事之间的关系，来源没有进一步说明。"
        "相关的原文还有：乡镇统战干事要“完成领导和统战部门交办的工作任务”"
        f"（[乡镇统战干事工作职责第8条]({OFFICER_DUTIES}#duty-8)，没有说明是哪一级的统战部门）；"
        "第三篇提出基层统战团体“统一归口县委统战部统筹管理”"
        f"（[第三篇 · 四要构筑基层网络]({THIRD}#measure-4)，该文提出）。"
    ),
    "mechanism": (
        "第四篇说各乡镇办事处党委“普遍建立了党委一把手负总责、党群副书记亲自抓、统战委员具体抓的工作机制”"
        f"（[{FINDING_1}]({SURVEY}#finding-1)）。三者之间的上下级关系，原文没有进一步说明，图中并列画出。"
    ),
    "specialist": (
        "第三篇说“基层统战工作已设有乡镇分管领导、统战专干以及村级设有统战联络员”"
        f"（[第三篇 · 四是体制机制不顺]({THIRD}#problem-4)），并提出“配备统战专干和统战工作联络员”"
        f"（[第三篇 · 四要构筑基层网络]({THIRD}#measure-4)，该文提出）；第五篇用的是“乡镇统战干事”。"
        "原文没有说明统战专干是否就是统战干事。"
    ),
    "officer-2004": (
        "第四篇（2004年12月的调研）说“过去配备的统战干事也因乡镇机构改革而不复存在”"
        f"（[第四篇 · 队伍建设上有差距]({SURVEY}#problem-2)）；第五篇没有注明时间，"
        "来源也没有说明两篇说的是否同一地方。图中的统战干事依据第五篇画出。"
    ),
    "report": (
        f"附件4要求联络员“及时上报镇办”（[村级（社区）统战联络员职责第3条]({LIAISON_DUTIES}#duty-3)）。"
        "镇办中由哪个岗位接收，来源未明确；图中这条线只表示上报。"
    ),
    "group": (
        f"“组”只出现在第四篇：“建立了乡、村、组三级宗教管理网络，并且配备了联络员”（[第四篇 · 网络健全，民族宗教管理迈上新台阶]({SURVEY}#finding-5)），"
        f"“有的村组联络员却形同虚设”（[第四篇 · 网络作用发挥上有差距]({SURVEY}#problem-5)）。"
        "组由哪些人组成，组一级的联络员是否就是统战联络员，这一网络与附件4所说的村（社区）统战联络员是什么关系，来源未明确。"
    ),
    "not-drawn": (
        f"图中没有画出：第三篇说“乡镇一级已设有‘统战办’”（[第三篇 · 四是体制机制不顺]({THIRD}#problem-4)），"
        f"以及该文提出成立的“统战工作领导小组”（[第三篇 · 四要构筑基层网络]({THIRD}#measure-4)，该文提出）。"
        "它们与图中各岗位的关系，来源没有说明。"
    ),
}
NOTE_LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")


@dataclass
class _Render:
    site: Site
    here: Page
    numbers: dict[str, int] = field(default_factory=dict)

    def href(self, target: str) -> str:
        rel, _, anchor = target.partition("#")
        page = self.site.pages.get(rel)
        # The chart's data is code: a wrong target is a programming error, so the build stops.
        if page is None or (anchor and anchor not in page.anchors):
            raise ValueError(f"org-chart: link target {target} does not exist in docs/")
        return url(self.here.rel, rel, anchor)

    def mark(self, note: str) -> str:
        if note not in NOTES:
            raise ValueError(f"org-chart: no note {note!r} in NOTES")
        n = self.numbers.setdefault(note, len(self.numbers) + 1)
        return f'<a class="kb-org__mark" href="#org-note-{note}" aria-label="见注{n}">注{n}</a>'

    def unclear(self, what: str, note: str) -> str:
        return (
            f'<p class="kb-org__unclear"><span class="kb-org__flag">{UNCLEAR}</span>'
            f"{html.escape(what)} {self.mark(note)}</p>"
        )

    def cite(self, c: Cite) -> str:
        quote = f"“{html.escape(c.quote)}”" if c.quote else ""
        link = f'<a href="{self.href(c.target)}">{html.escape(c.label)}</a>'
        return f"<li>{quote}{'——' if quote else ''}{link}{'（该文提出）' if c.proposal else ''}</li>"

    def edge(self, e: Edge) -> str:
        cls = " ".join(
            ["kb-org__edge"]
            + ([f"kb-org__edge--{e.kind}"] if e.kind else [])
            + (["kb-org__edge--unclear"] if e.unclear else [])
        )
        # The words say where the line comes from and what it is (领导 / 具体指导), never the line alone.
        label = f"{e.origin}：{e.label}" if e.origin else e.label
        parts = [f'<span class="kb-org__edge-label">{html.escape(label)}</span>']
        if e.cite:
            parts.append(
                f'“{html.escape(e.cite.quote)}”（<a href="{self.href(e.cite.target)}">{html.escape(e.cite.label)}</a>）'
            )
        if e.unclear:
            parts.append(f'<span class="kb-org__flag">{UNCLEAR}</span>{self.mark(e.unclear)}')
        return f'<p class="{cls}">{"".join(parts)}</p>'

    def box(self, node: Node) -> str:
        cls = "kb-org__box kb-org__box--unclear" if node.dashed else "kb-org__box"
        # The name links to the first passage that establishes the post (a link also keeps the
        # glossary tooltip out of the name, as in a heading).
        name = html.escape(node.name)
        if node.cites:
            name = f'<a href="{self.href(node.cites[0].target)}">{name}</a>'
        out = [f'<div class="{cls}" id="org-{node.id}">', f'<p class="kb-org__name">{name}</p>']
        if node.cites:
            out.append('<ul class="kb-org__cites">' + "".join(self.cite(c) for c in node.cites) + "</ul>")
        out += [self.unclear(what, note) for what, note in node.unclear]
        if node.notes:
            out.append('<p class="kb-org__notes-ref">另见' + "、".join(self.mark(n) for n in node.notes) + "</p>")
        if node.members:
            out.append('<ul class="kb-org__members">' + "".join(self.level(m) for m in node.members) + "</ul>")
            if node.members_unclear[1]:
                out.append(self.unclear(*node.members_unclear))
        out.append("</div>")
        return "".join(out)

    def level(self, node: Node) -> str:
        # A post with posts under it (统战委员 → 统战干事) takes a whole row of its level's grid.
        out = ['<li class="kb-org__level kb-org__level--parent">' if node.children else '<li class="kb-org__level">']
        out += [self.edge(e) for e in node.edges]
        out.append(self.box(node))
        if node.children:
            out.append('<ul class="kb-org__below">' + "".join(self.level(c) for c in node.children) + "</ul>")
        out.append("</li>")
        return "".join(out)

    def note_text(self, text: str) -> str:
        pieces, last = [], 0
        for m in NOTE_LINK.finditer(text):
            pieces += [
                html.escape(text[last : m.start()]),
                f'<a href="{self.href(m.group(2))}">{html.escape(m.group(1))}</a>',
            ]
            last = m.end()
        return "".join(pieces) + html.escape(text[last:])

    def notes(self) -> str:
        # Notes never referred to from a box (what is not drawn) come last, still numbered.
        for note in NOTES:
            self.numbers.setdefault(note, len(self.numbers) + 1)
        items = sorted(self.numbers.items(), key=lambda item: item[1])
        return (
            '<ol class="kb-org__notes">'
            + "".join(f'<li id="org-note-{note}" value="{n}">{self.note_text(NOTES[note])}</li>' for note, n in items)
            + "</ol>"
        )


def render_org_chart(site: Site, here: Page) -> str:
    """The chart as one raw-HTML figure, then its notes under a heading of their own."""
    r = _Render(site, here)
    top = '<ul class="kb-org__members kb-org__top">' + "".join(
        f'<li class="kb-org__level">{r.box(n)}</li>' for n in TOP
    )
    below = '<ul class="kb-org__below">' + r.level(TOWNSHIP) + "</ul>"
    tree = f'<ul class="kb-org__tree"><li class="kb-org__level kb-org__level--parent">{top}</ul>{below}</li></ul>'
    caption = (
        '<figcaption class="kb-org__caption">实线框、实线：来源有明确说法，并链接到原文。'
        f"虚线框、虚线，标“{UNCLEAR}”：来源没有说清楚，见图下注释。"
        "连线上的文字说明它从哪里来、是什么关系：“领导”和“具体指导”是两种不同的关系。</figcaption>"
    )
    stylesheet = f'<link rel="stylesheet" href="{asset(here.rel, STYLESHEET)}">'
    figure = f'<figure class="kb-org" aria-label="组织关系图">{stylesheet}{caption}{tree}</figure>'
    return "\n".join([figure, "", "## 注释 {#org-notes}", "", r.notes(), ""])
