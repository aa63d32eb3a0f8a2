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

from ..content import schema
from ..paths import SEARCH, show
from .text import normalize

KEYWORDS = SEARCH / "keywords.yml"
MAX_KEYWORD = schema.MAX_KEYWORD


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
    """Problems in the keywords file, as :class:`kb.content.problems.Problem` (path:line:col):
    its shape through the one schema (``schema.KEYWORDS``), then each key against the site.

    ``site``: the loaded site (``kb.site.Site``), whose pages' anchors (headings' ids,
    glossary terms, quiz questions, the ids generated blocks write) the keys must name.
    """
    from ..content import schema
    from ..content.problems import Problem
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
    if not Path(path).exists() and not Path(path).is_symlink():
        return []  # no keywords: the search works without them
    doc, problems = schema.validate_file(path, name, schema.KEYWORDS)
    if doc is None or not isinstance(doc.data, dict):
        return sorted(problems)
    seen: dict[tuple[str, str], int] = {}
    for text in doc.data:
        page, anchor = _key(str(text))
        line, col = doc.where_key((text,))

        def bad(message: str) -> None:
            problems.append(Problem(name, line, col, message))  # noqa: B023 (called at once)

        if not page.endswith(".md"):
            bad(f"“{text}”应写成 docs/ 下的页面加锚点，如 duties/township-officer.md#duty-3（页面以 .md 结尾）")
        elif page not in pages:
            bad(f"页面 {page} 不存在，请检查路径（相对于 docs/，以 .md 结尾）")
        elif anchor and not has_anchor(page, anchor):
            bad(f"页面 {page} 中没有锚点 #{anchor}，请检查拼写（锚点写在标题后的 {{#…}} 中）")
        elif (page, anchor) in seen:  # written apart by spaces only (the same text is a duplicate key)
            bad(f"“{text}”与第 {seen[(page, anchor)]} 行指的是同一段落：同一段落的检索词请写在一处")
        else:
            seen[(page, anchor)] = line
    return sorted(problems)
