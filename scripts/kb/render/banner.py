"""The live preview's problem banner: every page says what is wrong until it is fixed.

Only ``build.py serve`` / ``mkdocs serve`` show it (a trainer editing a bank watches the
browser, not the terminal); ``build`` and the deploy package stop on a problem instead.
"""

from __future__ import annotations

import html
import json

from ..content.problems import Problem
from .inline_md import plain_md

STYLE = (
    "margin:0 0 1.5em;padding:.8em 1em;border:2px solid #b71c1c;border-radius:4px;"
    "background:#fdecea;color:#000;font-size:.75rem;line-height:1.6"
)


def render_banner(problems: list[Problem]) -> str:
    items = "".join(f"<li><code>{html.escape(str(p))}</code></li>" for p in problems)
    return (
        f'<div class="kb-preview-problems" role="alert" style="{STYLE}">'
        f"<p><strong>检查发现 {len(problems)} 个问题</strong>（仅在本机预览时显示，不会出现在正式网站中）：</p>"
        f'<ul style="margin:.4em 0">{items}</ul>'
        "<p>每条的格式是“文件:行:列: 说明”。请打开该文件，按说明逐条修改并保存；"
        "保存后页面会自动刷新，全部改好后本提示消失。</p></div>"
    )


def placeholder_bank_markdown(title: str, rel: str) -> str:
    """A bank that cannot be read keeps its page while previewing, so the trainer sees the banner."""
    # The file name is anything a trainer saved: plain text, never HTML or Markdown.
    meta = json.dumps({"title": html.escape(title, quote=False)}, ensure_ascii=False)
    bank = plain_md(rel.removesuffix(".md") + ".yml")
    return f"---\n{meta}\n---\n\n本题库有错误，暂时无法显示题目。请按上方提示修改 {bank}。\n"
