"""Text as the search stores and compares it: ``clean_text`` (what readers see) and
``normalize`` (what matching compares, as ``normalize`` in engine.js does).  Shared by the
index, the synonyms and the keywords, which is why it is a module of its own."""

from __future__ import annotations

import re
import unicodedata

INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
CJK = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f"
# A space MkDocs leaves between two lines of one Chinese paragraph is not in the text.
CJK_GAP = re.compile(f"(?<=[{CJK}]) (?=[{CJK}])")
BREAK = "\x00"  # a block boundary while parsing; a space in the stored text


def clean_text(text: str) -> str:
    """Visible text as readers see it: no zero-width characters, single spaces, none between Han."""
    text = INVISIBLE.sub("", text)
    text = CJK_GAP.sub("", re.sub(r"\s+", " ", text))
    return re.sub(f"[\\s{BREAK}]*{BREAK}[\\s{BREAK}]*", " ", text).strip()


def normalize(text: str) -> str:
    """What matching compares (the same rules as ``normalize`` in engine.js).

    NFKC folds full-width letters and digits to half-width; case is folded; punctuation,
    symbols, spaces and format characters are dropped, so 民办、民管、民受益 and “双思” match
    民办民管民受益 and 双思.
    """
    text = unicodedata.normalize("NFKC", text).lower()
    return "".join(c for c in text if unicodedata.category(c)[0] not in "PSZC")
