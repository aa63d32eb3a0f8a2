"""Rules on every string an author writes in YAML: bank, registry, front matter (one walk).

``schema.validate`` applies ``check_strings`` to every document it validates, whatever the
field, so a field added later is covered too.  Problems: raw HTML, links leaving the site,
control and text-direction characters; 提醒 (warnings): zero-width characters.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from .chars import FORBIDDEN_OR_SURROGATE, char_message

# Raw HTML as the page checker sees it (a tag, a closing tag or a comment).
RAW_HTML = re.compile(r"<(?:[a-zA-Z][a-zA-Z0-9-]*(?:\s[^<>]*)?/?|/[a-zA-Z][a-zA-Z0-9-]*\s*|!--(?:.|\n)*?--)>")
MD_LINK = re.compile(r"(?<!!)\[(?:[^\]\\]|\\.)*\]\(\s*<?((?:[^()\s<>]|\([^()\s]*\))*)")
# Control characters (tab and line break excepted), text-direction controls (U+202E shows
# the rest of a stem reversed), line separators, non-characters and lone surrogates: the
# reader's one rule (chars), applied again to strings that come from elsewhere (cells).
CONTROL = FORBIDDEN_OR_SURROGATE
# Zero-width characters: invisible, but they change nothing of what is shown (提醒 only).
INVISIBLE = re.compile(r"[\u200b-\u200d\u2060-\u2064\ufeff]")

RAW_HTML_MESSAGE = "不能使用原始 HTML（{tag}）：请删除，或改用 Markdown 写法（如 **加粗**、[链接文字](页面.md#锚点)）"
LINK_MESSAGE = (
    "链接 {target} 指向站外或不是站内相对链接：只能链接站内页面（如 duties/township-officer.md#duty-1），请修改或删除"
)
INVISIBLE_MESSAGE = (
    "提醒：{label} 含有看不见的字符 U+{code:04X}（零宽字符），显示出来的文字可能与实际保存的不同：请删除这个字符"
)


def strings(data, path: tuple = ()) -> Iterator[tuple[tuple, str]]:
    """Every string value in ``data`` with its path (iterative: any depth the loader accepts)."""
    stack = [(path, data)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, str):
            yield path, value
        elif isinstance(value, dict):
            stack += [((*path, k), v) for k, v in reversed(value.items())]
        elif isinstance(value, list):
            stack += [((*path, i), v) for i, v in reversed(list(enumerate(value)))]


def check_strings(data, problem: Callable[[tuple, str], None], warn: Callable[[tuple, str], None], label) -> None:
    """Report, through ``problem``/``warn`` (path, message), what no author text may hold."""
    from ..render.inline_md import safe_url  # the renderer's own decision on a link

    for path, text in strings(data):
        tag = RAW_HTML.search(text)
        if tag:
            problem(path, f"{label(path)} {RAW_HTML_MESSAGE.format(tag=tag.group(0)[:30])}")
        for link in MD_LINK.finditer(text):
            if safe_url(link.group(1)) is None:
                problem(path, f"{label(path)} 中的{LINK_MESSAGE.format(target=link.group(1)[:60])}")
        bad = CONTROL.search(text)
        if bad:
            problem(path, f"{label(path)} {char_message(bad.group(0))}")
        odd = INVISIBLE.search(text)
        if odd:
            warn(path, INVISIBLE_MESSAGE.format(label=label(path), code=ord(odd.group(0))))
