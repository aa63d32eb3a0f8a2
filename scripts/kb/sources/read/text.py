"""Read a .txt: its encoding found from the bytes (a byte-order mark, UTF-8, UTF-16 by its NUL
bytes, else GB18030, which covers GBK and GB2312 as Chinese Windows saves them), line ends
normalised, every non-empty line one paragraph as it is (cleaning joins broken lines later)
but for its indentation: a line starts with its text, so ``　　一、`` reads as numbering."""

from __future__ import annotations

import codecs
import re

from .model import Block, Document, ReadError

BOMS = [(codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")]


def detect_encoding(data: bytes) -> str | None:
    for bom, encoding in BOMS:
        if data.startswith(bom):
            return encoding
    # UTF-16 without a mark: ASCII characters (digits, line ends) put NUL bytes in it, which
    # UTF-8 text never has.  The byte order is the one that reads as Chinese and ASCII; the
    # wrong one reads as scattered symbols from other scripts.
    if b"\x00" in data[:4096] and len(data) % 2 == 0:
        scores = {enc: _plausible(data[:4096].decode(enc, "replace")) for enc in ("utf-16-le", "utf-16-be")}
        best = max(scores, key=scores.get)
        if scores[best] > 0.9:
            return best
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        data.decode("gb18030")
        return "gb18030"
    except UnicodeDecodeError:
        return None


_USUAL = re.compile(r"[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef\x20-\x7e\r\n\t\u2018-\u201d]")


def _plausible(text: str) -> float:
    return len(_USUAL.findall(text)) / max(1, len(text))


def decode(data: bytes, name: str) -> str:
    encoding = detect_encoding(data)
    text = None
    if encoding:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            text = None
    if text is None or "\x00" in text:
        raise ReadError(
            f"{name}：无法识别这个文本文件的编码（不是 UTF-8、UTF-16 或 GBK）；请用记事本打开后“另存为”，编码选 UTF-8"
        )
    if encoding.startswith("utf-16") and text.startswith("\ufeff"):
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_text(data: bytes, name: str) -> Document:
    lines = [line.strip(" \t\u3000\xa0") for line in decode(data, name).split("\n")]
    blocks = [Block("paragraph", line) for line in lines if line.strip()]
    return Document(title=None, blocks=blocks)
