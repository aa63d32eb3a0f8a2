"""The site's vocabulary, for splitting questions in the browser: the words jieba finds in
the pages at build time (the browser runs no jieba), and jieba's everyday words."""

from __future__ import annotations

from ..paths import SEARCH
from . import dictionary
from .text import normalize

USERDICT = SEARCH / "userdict.txt"
MAX_WORD = 12  # longer "words" are phrases: the browser matches them as typed anyway


_WORDISH = dictionary.WORDISH
# The dictionary read for the texts of the last build and the tokenizer made from it (the live
# preview rebuilds in this process: both are reused while they cover the texts and extra words).
_dictionary: dictionary.Dictionary | None = None
_tok = None
_tok_extra: tuple = ()


class Kept:
    """Values computed during one build, offered to the next (the live preview rebuilds in
    this process after every edit).  Only what the last build used is kept, so memory stays at
    one build's worth whatever the number of rebuilds.  Every value is a pure function of its
    key (a page's HTML, a section's text): a kept value is what computing it again would give,
    and the index bytes are those of a clean build (tests/test_search_index.py checks it)."""

    def __init__(self) -> None:
        self.last: dict = {}  # the previous build's values
        self.now: dict = {}  # this build's
        self.keep = False  # a one-off build keeps nothing (a 1,000-page site's HTML is large)

    def get(self, key, make):
        if not self.keep:
            return make(key)
        value = self.now.get(key)
        if value is None:
            value = self.last.get(key)
            if value is None:
                value = make(key)
            self.now[key] = value
        return value

    def next_build(self, keep: bool) -> None:
        self.keep = keep
        self.last, self.now = (self.now if keep else {}), {}

    def forget(self) -> None:
        self.last, self.now = {}, {}


_cut_cache: dict[str, tuple[str, ...]] = {}
_cut_extra: frozenset = frozenset()
text_words = Kept()  # a section's text -> its words


def _tokenizer(texts, extra: tuple):
    """A jieba tokenizer that cuts ``texts`` as jieba's full dictionary would, with the user
    dictionary and ``extra`` added (in that order, as a clean build adds them)."""
    global _dictionary, _tok, _tok_extra
    userdict = USERDICT.read_text(encoding="utf-8").split() if USERDICT.exists() else []
    grams = dictionary.bigrams([*texts, *extra, *userdict])
    if _dictionary is None or not _dictionary.covers(grams):
        _dictionary, _tok = dictionary.Dictionary(grams, normalize), None
    if _tok is None or _tok_extra != extra:
        _tok = _dictionary.tokenizer(USERDICT)
        for word in extra:
            _tok.add_word(word)
        _tok_extra = extra
    return _tok


def vocabulary(texts, extra=(), ignore=()) -> list[str]:
    """The words (2 to MAX_WORD characters, normalised) jieba finds in ``texts``, plus ``extra``.

    Search-engine mode (``cut_for_search``): a long word gives its shorter words too
    (统战干事 → 统战, 干事, 统战干事), so a question can be split where a reader splits it.
    """
    texts = list(texts)
    extra = tuple(w for w in extra if 2 <= len(w) <= MAX_WORD)
    tok = _tokenizer(texts, extra)
    skip = set(ignore)
    words: set[str] = set(extra)
    # The live preview rebuilds the whole index after every edit: keep each chunk's words
    # (segmentation is most of the index's cost) while the extra words stay the same, and
    # each text's words, so an unchanged section costs one dictionary look-up.
    global _cut_extra
    if frozenset(extra) != _cut_extra:
        _cut_cache.clear()
        text_words.forget()
        _cut_extra = frozenset(extra)

    def words_of(text: str) -> frozenset[str]:
        found: set[str] = set()
        for chunk in _WORDISH.findall(text):
            cut = _cut_cache.get(chunk)
            if cut is None:
                cut = _cut_cache[chunk] = tuple(
                    w
                    for w in map(normalize, tok.cut_for_search(chunk, HMM=True))
                    if 2 <= len(w) <= MAX_WORD and not w.isdigit()
                )
            found.update(cut)
        return frozenset(found)

    for text in texts:
        words.update(text_words.get(text, words_of))
    return sorted(words - skip)


def general_words() -> tuple[frozenset[str], frozenset[str]]:
    """(filler words, other everyday words) of 2 to 4 characters, normalised, from jieba's
    dictionary (``dictionary`` says how they are told apart)."""
    global _dictionary
    if _dictionary is None:
        _dictionary, _ = dictionary.Dictionary(set(), normalize), None
    return _dictionary.light, _dictionary.general
