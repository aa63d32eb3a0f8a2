"""jieba's dictionary as one build needs it: read in one pass, keeping only what the texts can use.

jieba's own ``Tokenizer`` loads all 349,046 entries of its dictionary, plus every prefix of
each, into one dict: about 100 MiB, more than the rest of a 1,000-page build.  Segmentation only
ever looks up substrings of the text it cuts (``get_DAG``, ``calc``, the 2- and 3-grams of
``cut_for_search``, ``suggest_freq`` on an added word), so a dictionary holding exactly the
entries whose every two-character piece occurs in the texts cuts those texts as the full one
does — provided the total frequency, the denominator of every word's probability, is the full
dictionary's.  ``tests/test_search_index.py`` compares both tokenizers on the site's texts.

The same pass sorts jieba's everyday words into filler and topics (``general_words``).
"""

from __future__ import annotations

import bisect
import io
import logging
import marshal
import operator
import re
import sys
from array import array
from collections.abc import Iterable
from pathlib import Path

from .. import disk_cache

WORDISH = re.compile(r"[\w]+")  # the chunks a text is cut in (punctuation never joins a word)

# Everyday Chinese beyond the site's own words, from jieba's dictionary (word, frequency in its
# corpus, part of speech).  A question's words the site lacks are either filler (回来, 知道,
# 完全: frequent words that are not names of things), which need not match, or a topic the
# site does not treat (食堂, 住宿, 村委会), which counts against every result.
LIGHT_FREQ = 4000  # a word that is no name of a thing and this frequent is filler
GENERAL_FREQ = 500  # less frequent words are left out (size); their characters stay unknown
NAMES = frozenset("n nr ns nt nz ng nrt nrfg vn an s j l i".split())  # parts of speech naming things


def bigrams(texts: Iterable[str]) -> set[str]:
    """Every two-character piece of the texts' chunks (what a dictionary entry must be made of)."""
    grams: set[str] = set()
    for text in texts:
        for chunk in WORDISH.findall(text):
            grams.update(map(operator.add, chunk, chunk[1:]))
    return grams


class Index:
    """jieba's dictionary sorted for one build's look-ups: its total frequency, the one-character
    entries, every longer entry filed under its first two characters, and the everyday words
    sorted into filler and topics.  Compact, as the search worker holds it whole: the longer
    entries are one string ("word freq" lines, grouped by first two characters) with a sorted
    array of those two characters' codes and one of where each group starts (8 MiB, where a
    dict of the groups took 40)."""

    def __init__(self, data: dict) -> None:
        self.total: int = data["total"]
        self.short: dict[str, int] = data["short"]
        self.light: str = data["light"]
        self.general: str = data["general"]
        self._text: str = data["text"]
        self._codes = array("Q", data["codes"])
        self._starts = array("Q", data["starts"])

    @staticmethod
    def code(gram: str) -> int:
        return ord(gram[0]) << 21 | ord(gram[1])

    def lookup(self, gram: str) -> str | None:
        """The "word freq" lines of the entries starting with ``gram``, or None."""
        code = self.code(gram)
        i = bisect.bisect_left(self._codes, code)
        if i == len(self._codes) or self._codes[i] != code:
            return None
        return self._text[self._starts[i] : self._starts[i + 1] - 1]  # without the last "\n"


def _make_index(raw: bytes, normalize) -> dict:
    """Made once per machine (then read from the cache), by the search worker: kept lean, as
    its peak is the worker's on a first build.  The file is read line by line; each longer
    entry is remembered by where its "word freq" is in the file, and the text is assembled from
    there in the order of the entries' first two characters (no string per entry is kept)."""
    total, short, light, general = 0, {}, set(), set()
    codes, starts, ends = array("Q"), array("Q"), array("Q")
    at = 0
    for line in io.BytesIO(raw):
        parts = line.split()
        word, freq = parts[0].decode("utf-8"), int(parts[1])
        total += freq
        if len(word) < 2:
            short[word] = freq
        else:
            codes.append(Index.code(word))
            starts.append(at)
            ends.append(at + len(parts[0]) + 1 + len(parts[1]))  # "word freq", without the tag
        at += len(line)
        if freq >= GENERAL_FREQ and len(parts) >= 3 and 2 <= len(word) <= 4:
            norm = normalize(word)
            if len(norm) < 2:
                continue
            if parts[2].decode() not in NAMES and freq >= LIGHT_FREQ:
                light.add(norm)
            else:
                general.add(norm)
    order = sorted(range(len(codes)), key=codes.__getitem__)  # stable: file order within a group
    text, group_codes, group_starts, last = bytearray(), array("Q"), array("Q"), None
    chars = 0
    for i in order:
        if codes[i] != last:
            group_codes.append(codes[i])
            group_starts.append(chars)
            last = codes[i]
        entry = raw[starts[i] : ends[i]]
        text += entry
        text += b"\n"
        chars += len(entry.decode("utf-8")) + 1
    group_starts.append(chars)
    return {
        "total": total,
        "short": short,
        "text": text.decode("utf-8"),
        "codes": group_codes.tobytes(),
        "starts": group_starts.tobytes(),
        "light": "\n".join(sorted(light)),
        "general": "\n".join(sorted(general - light)),
    }


def import_jieba():
    """jieba, imported without pkg_resources.  jieba 0.42 imports it (0.1 s, and deprecated by
    setuptools) only to open its own data files, and opens them by path when it is missing."""
    if "jieba" in sys.modules:
        return sys.modules["jieba"]
    blocked = "pkg_resources" not in sys.modules
    if blocked:
        sys.modules["pkg_resources"] = None  # makes `import pkg_resources` raise ImportError
    try:
        import jieba
    finally:
        if blocked:
            del sys.modules["pkg_resources"]
    return jieba


def _dictionary_file() -> Path:
    jieba = import_jieba()
    return Path(jieba.__file__).parent / jieba.DEFAULT_DICT_NAME


def read_index(normalize) -> Index:
    """jieba's dictionary as an ``Index``.  Reading and sorting its 349,046 lines took 0.3 s of
    every build; the result depends only on the file and this code, so it is kept in the
    project's cache (``kb.disk_cache``) and read back in a few milliseconds.  The file is named
    in the key by its path, size and time (it changes only when jieba is installed), so a build
    that finds the entry does not read the 5 MB file at all."""
    path = _dictionary_file()
    st = path.stat()
    k = disk_cache.key(
        str(path), str(st.st_size), str(st.st_mtime_ns), disk_cache.code_key("search/dictionary", "search/text")
    )
    data = disk_cache.load("jieba-index", k)
    if data is not None:
        try:
            return Index(marshal.loads(data))
        except (EOFError, ValueError, TypeError, KeyError):
            pass  # a damaged entry: read the dictionary afresh
    made = _make_index(path.read_bytes(), normalize)
    disk_cache.store("jieba-index", k, marshal.dumps(made))
    return Index(made)


class Dictionary:
    """jieba's dictionary for one build: the total, the entries ``grams`` can use, the everyday
    words, from ``read_index``'s index."""

    def __init__(self, grams: set[str], index: Index) -> None:
        self.grams = frozenset(grams)
        self.total = index.total
        self.freq: dict[str, int] = dict(index.short)
        for gram in grams:
            lines = index.lookup(gram)
            if lines is None:
                continue
            for line in lines.split("\n"):
                word, freq = line.rsplit(" ", 1)
                if all(word[i : i + 2] in grams for i in range(1, len(word) - 1)):
                    self.freq[word] = int(freq)
        self.light = frozenset(index.light.split("\n")) if index.light else frozenset()
        self.general = frozenset(index.general.split("\n")) if index.general else frozenset()

    def covers(self, grams: set[str]) -> bool:
        return grams <= self.grams

    def tokenizer(self, userdict: Path | None = None):
        """A jieba ``Tokenizer`` on the kept entries (with their prefixes, as jieba builds them)."""
        jieba = import_jieba()
        jieba.setLogLevel(logging.WARNING)
        tok = jieba.Tokenizer()
        pfdict = dict(self.freq)
        for word in self.freq:
            for end in range(1, len(word)):
                pfdict.setdefault(word[:end], 0)
        tok.FREQ, tok.total, tok.initialized = pfdict, self.total, True
        if userdict and userdict.exists():
            tok.load_userdict(str(userdict))
        return tok
