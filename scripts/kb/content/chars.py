"""The characters no text we accept may hold, and how a message names one.

Shared by the file reader (``safe_read``: raw text) and the YAML loader (``yamlpos``: the same
characters written as escapes, "\\u202e"), which is why neither holds them.
"""

from __future__ import annotations

import re

# C0/C1 controls but tab, LF and CR; bidirectional marks, embeddings, overrides and isolates;
# the line and paragraph separators (a line break the editor does not show); non-characters.
FORBIDDEN = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufffe\uffff]"
)
FORBIDDEN_OR_SURROGATE = re.compile(f"{FORBIDDEN.pattern[:-1]}\ud800-\udfff]")

WHY = "从 Word 等处复制的文字常带有这种看不见的字符"
SURROGATE_MESSAGE = "含有单独的代理码元 {code}（无法保存为 UTF-8，多由 \\ud800 这样的转义写法造成）：请删除它，或在编辑器中重新输入这一处"


def describe(char: str) -> tuple[str, str]:
    """(U+XXXX, what kind of character it is) for a message."""
    code = ord(char)
    if code in (0x2028, 0x2029):
        what = "行分隔符"
    elif code < 0xA0 or code in (0xFFFE, 0xFFFF):
        what = "控制字符"
    else:
        what = "文字方向控制符"
    return f"U+{code:04X}", what


def char_message(char: str, more: str = "") -> str:
    """Why ``char`` is refused and what to do (``more``: where else it occurs)."""
    code, what = describe(char)
    if 0xD800 <= ord(char) <= 0xDFFF:
        return SURROGATE_MESSAGE.format(code=code) + (f"（{more.lstrip('；')}）" if more else "")
    shows = "；它会让显示出来的文字与实际保存的不同" if what == "文字方向控制符" else ""
    return f"含有不允许的{what} {code}（{WHY}{shows}{more}）：请删除这个字符，或在编辑器中重新输入这一处"
