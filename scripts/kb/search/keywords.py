"""Search keywords (检索词): the everyday words cadres type for a passage that says it otherwise.

``search/keywords.yml`` maps a passage (``duties/township-officer.md#duty-3``, or a page alone
for its top) to words a cadre would type when looking for it and which its text lacks: 信访
for 来信来访, 存档 for 归档.  The site search matches them as a word of the passage of lower
weight than its own text (engine.js, ``W.keyword``); they are never shown as a statement of
the site, only as the reason a result was found (按检索词找到：信访).

Why per passage and not more synonym groups: a synonym group says two words mean the same
everywhere, while an everyday word often stands for a wording only one passage uses (人手
不够 for 身兼数职 in one finding).  Editors extend the file; ``build.py check`` checks it.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from ..paths import SEARCH, show
from .text import normalize

KEYWORDS = SEARCH / "keywords.yml"
MAX_KEYWORD = 12  # characters: a longer "keyword" is a sentence, which the passage would say itself


# (page path under docs/, anchor or "" for the page's top) -> its keywords, normalised.
Keywords = dict[tuple[str, str], tuple[str, ...]]


def _key(text: str) -> tuple[str, str]:
    page, _, anchor = text.strip().partition("#")
    return page.strip(), anchor.strip()


@lru_cache(maxsize=4)
def _load(path: str, mtime: float) -> Keywords:
    from ..content.safe_read import load_file

    # Through the one reader: an alias bomb, a FIFO or a huge file is refused, never expanded.
    data = load_file(path) or {}  # unreadable: `check` reports it with its position; the preview keeps running
    out: dict[tuple[str, str], list[str]] = {}
    if isinstance(data, dict):
        for key, words in data.items():
            if not isinstance(words, list):
                continue
            norm = [normalize(str(w)) for w in words if isinstance(w, (str, int, float))]
            kept = out.setdefault(_key(str(key)), [])
            kept += [w for w in norm if 2 <= len(w) <= MAX_KEYWORD and w not in kept]
    return {k: tuple(v) for k, v in sorted(out.items()) if v}


def load_keywords(path: Path = KEYWORDS) -> Keywords:
    """The keywords file, normalised (an absent file: none).  Only well-formed entries are
    kept: a build runs ``check`` first, which reports the others."""
    path = Path(path)
    if not path.exists():
        return {}
    return _load(str(path), path.stat().st_mtime)


def check_keywords(site, path: Path = KEYWORDS, shown: str | None = None) -> list:
    """Problems in the keywords file, as :class:`kb.content.problems.Problem` (path:line:col).

    ``site``: the loaded site (``kb.site.Site``), whose pages' anchors (headings' ids,
    glossary terms, quiz questions, the ids generated blocks write) the keys must name.
    """
    import yaml

    from ..content.problems import Problem
    from ..content.safe_read import compose_file
    from ..render.blocks import block_anchor_ids

    pages = site.pages
    generated: dict[str, set[str]] = {}

    def has_anchor(page: str, anchor: str) -> bool:
        if anchor in pages[page].anchors:
            return True
        if page not in generated:
            generated[page] = block_anchor_ids(site, pages[page])
        return anchor in generated[page]

    name = shown or show(Path(path))
    problems: list[Problem] = []

    def bad(node, message: str) -> None:
        mark = node.start_mark
        problems.append(Problem(name, mark.line + 1, mark.column + 1, message))

    if not Path(path).exists():
        return []  # no keywords: the search works without them
    root, unreadable = compose_file(path, name)
    if root is None:
        return unreadable
    if not isinstance(root, yaml.MappingNode):
        return [Problem(name, 1, 1, "应为键值表：每项是“页面.md#锚点: [检索词, …]”")]
    seen: dict[tuple[str, str], int] = {}
    for key, value in root.value:
        text = key.value if isinstance(key, yaml.ScalarNode) else ""
        page, anchor = _key(text)
        if not page.endswith(".md"):
            bad(key, f"“{text}”应写成 docs/ 下的页面加锚点，如 duties/township-officer.md#duty-3（页面以 .md 结尾）")
        elif page not in pages:
            bad(key, f"页面 {page} 不存在，请检查路径（相对于 docs/，以 .md 结尾）")
        elif anchor and not has_anchor(page, anchor):
            bad(key, f"页面 {page} 中没有锚点 #{anchor}，请检查拼写（锚点写在标题后的 {{#…}} 中）")
        elif (page, anchor) in seen:
            bad(key, f"“{text}”已在第 {seen[(page, anchor)]} 行写过：同一段落的检索词请写在一处")
        else:
            seen[(page, anchor)] = key.start_mark.line + 1
        if not isinstance(value, yaml.SequenceNode):
            bad(value, "检索词应写成列表，如 [信访, 群众来访]，或每行一个“- 词”")
            continue
        words: list[str] = []
        for item in value.value:
            word = normalize(item.value) if isinstance(item, yaml.ScalarNode) else ""
            if not word:
                bad(item, "每个检索词应为一个词（文字）")
            elif len(word) < 2:
                bad(item, f"“{item.value}”只有一个字：单字几乎处处出现，不能作检索词")
            elif len(word) > MAX_KEYWORD:
                bad(item, f"“{item.value}”太长（超过 {MAX_KEYWORD} 个字）：检索词应是读者会输入的词或短语")
            elif word in words:
                bad(item, f"“{item.value}”在本段落的检索词中重复")
            else:
                words.append(word)
    return sorted(problems)
