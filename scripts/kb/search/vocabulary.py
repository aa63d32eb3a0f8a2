"""The site's vocabulary, for splitting questions in the browser: the words jieba finds in
the pages at build time (the browser runs no jieba), and jieba's everyday words."""

from __future__ import annotations

import operator

from ..paths import SEARCH
from ..session import current
from . import dictionary
from .text import normalize

USERDICT = SEARCH / "userdict.txt"
MAX_WORD = 12  # longer "words" are phrases: the browser matches them as typed anyway


_WORDISH = dictionary.WORDISH


# What is kept between builds (the session's ``Preview``, kb.session): the dictionary read for
# the texts of the last build and the tokenizer made from it (the live preview rebuilds in one
# session: both are reused while they cover the texts and extra words), each chunk's words
# and each text's words.
def _tokenizer(texts, extra: tuple):
    """A jieba tokenizer that cuts ``texts`` as jieba's full dictionary would, with the user
    dictionary and ``extra`` added (in that order, as a clean build adds them)."""
    return _tokenizer_for(dictionary.bigrams(texts), extra)


def _tokenizer_for(grams: set[str], extra: tuple):
    """``_tokenizer`` for texts whose two-character pieces are ``grams``."""
    p = current().preview
    userdict = USERDICT.read_text(encoding="utf-8").split() if USERDICT.exists() else []
    grams = grams | dictionary.bigrams([*extra, *userdict])
    if p.dictionary is None or not p.dictionary.covers(grams):
        warm()
        p.dictionary, p.tokenizer = dictionary.Dictionary(grams, p.dictionary_index), None
    if p.tokenizer is None or p.tokenizer_extra != extra:
        p.tokenizer = p.dictionary.tokenizer(USERDICT)
        for word in extra:
            p.tokenizer.add_word(word)
        p.tokenizer_extra = extra
    return p.tokenizer


def _extra(extra) -> tuple:
    return tuple(w for w in extra if 2 <= len(w) <= MAX_WORD)


def _cut(tok, chunk: str) -> tuple[str, ...]:
    return tuple(
        w for w in map(normalize, tok.cut_for_search(chunk, HMM=True)) if 2 <= len(w) <= MAX_WORD and not w.isdigit()
    )


def _cut_cache(extra: tuple) -> dict:
    """Each chunk's words, kept while the extra words stay the same: the live preview rebuilds
    the whole index after every edit (segmentation is most of the index's cost), and the search
    worker cuts pages as they arrive.  A chunk's cut is the same with any dictionary that holds
    its two-character pieces (``dictionary``), so the cache outlives a dictionary."""
    p = current().preview
    if frozenset(extra) != p.cut_extra:
        p.cut_cache.clear()
        p.text_words.forget()
        p.cut_extra = frozenset(extra)
    return p.cut_cache


def start_dictionary(texts, extra=()) -> None:
    """Read jieba's dictionary for ``texts`` (the pages' sources) before the pages exist."""
    _tokenizer(list(texts), _extra(extra))


class Growing:
    """``vocabulary`` for texts that arrive a page at a time (the search worker, while MkDocs
    renders): a chunk is cut when it first arrives if the dictionary read so far holds its
    two-character pieces (``start_dictionary``: any dictionary that holds them cuts it as the
    full one does), else at the end with the dictionary read for every text.  ``result`` gives
    what ``vocabulary`` gives for all the texts seen, without going over them again."""

    def __init__(self, extra=(), ignore=()) -> None:
        self.extra = _extra(extra)
        self.skip = set(ignore)
        self.words: set[str] = set(self.extra)
        self.grams: set[str] = set()  # the pieces of every chunk seen
        self.seen: set[str] = set()
        self.pending: list[str] = []  # chunks the dictionary read so far does not hold

    def add(self, texts) -> None:
        p = current().preview
        tok = p.tokenizer if p.tokenizer is not None and p.tokenizer_extra == self.extra else None
        held = p.dictionary.grams if tok is not None else frozenset()
        for text in texts:
            for chunk in _WORDISH.findall(text):
                if chunk in self.seen:
                    continue
                self.seen.add(chunk)
                pieces = set(map(operator.add, chunk, chunk[1:]))
                self.grams |= pieces
                if tok is not None and pieces <= held:
                    self.words.update(_cut(tok, chunk))
                else:
                    self.pending.append(chunk)

    def result(self, texts=()) -> list[str]:
        self.add(texts)
        if self.pending:
            # A dictionary read for the pending chunks' own pieces cuts them as the full one
            # does (the argument above), and is made in a fraction of the time.
            tok = _tokenizer_for(dictionary.bigrams(self.pending), self.extra)
            for chunk in self.pending:
                self.words.update(_cut(tok, chunk))
            self.pending = []
        return sorted(self.words - self.skip)


def vocabulary(texts, extra=(), ignore=()) -> list[str]:
    """The words (2 to MAX_WORD characters, normalised) jieba finds in ``texts``, plus ``extra``.

    Search-engine mode (``cut_for_search``): a long word gives its shorter words too
    (统战干事 → 统战, 干事, 统战干事), so a question can be split where a reader splits it.
    """
    texts = list(texts)
    extra = _extra(extra)
    tok = _tokenizer(texts, extra)
    skip = set(ignore)
    words: set[str] = set(extra)
    cut_cache = _cut_cache(extra)
    p = current().preview

    def words_of(text: str) -> frozenset[str]:
        found: set[str] = set()
        for chunk in _WORDISH.findall(text):
            cut = cut_cache.get(chunk)
            if cut is None:
                cut = cut_cache[chunk] = _cut(tok, chunk)
            found.update(cut)
        return frozenset(found)

    for text in texts:
        words.update(p.text_words.get(text, words_of))
    return sorted(words - skip)


def warm() -> None:
    """Read jieba's dictionary index now (the search worker does it while pages arrive)."""
    p = current().preview
    if p.dictionary_index is None:
        p.dictionary_index = dictionary.read_index(normalize)


def general_words() -> tuple[frozenset[str], frozenset[str]]:
    """(filler words, other everyday words) of 2 to 4 characters, normalised, from jieba's
    dictionary (``dictionary`` says how they are told apart)."""
    p = current().preview
    if p.dictionary is None:
        warm()
        p.dictionary, p.tokenizer = dictionary.Dictionary(set(), p.dictionary_index), None
    return p.dictionary.light, p.dictionary.general
