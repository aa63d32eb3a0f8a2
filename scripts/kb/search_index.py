"""Build-time half of the site search: a compact index of sections, written as a JS file.

The browser half (``overrides/assets/javascripts/kb-search/``) matches every query term as a
substring of the normalised text, which is what character n-gram phrase matching amounts to:
安全 finds 数据安全, 统战委员 matches only where that phrase occurs.  No word segmentation runs
on either side, so index and query cannot disagree about where a word ends (the failure of
stock Material's jieba + lunr search: search/BENCHMARK.md measures it).

The index is a classic script that sets ``window.__KB_SEARCH__``: a ``<script>`` tag loads it
from ``file://`` as well as over HTTP, with no fetch, no worker and so no iframe-worker shim.
Text is stored as UTF-8 (not ``\\uXXXX``), without U+200B, one entry per heading section.

For questions (a query found nowhere as typed) the browser splits the query into the site's
own words: ``vocab``, the words jieba finds in the pages at build time (the browser runs no
jieba), shipped in the same file as one space-separated string, with the synonym groups and
the ignored question words of ``search/synonyms.yml`` (``syn``, ``stop``) and the pages that
are quiz banks (``quiz``, for the passage kind 题目), and the sections that are mostly links
(``signs``: a list of where to read, such as a role page's 学习步骤, ranked below the passages
it points to).
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

from . import search_dictionary

INDEX_PATH = "search/index.js"
GLOBAL = "__KB_SEARCH__"
VERSION = 2
SYNONYMS = Path(__file__).resolve().parents[2] / "search" / "synonyms.yml"
USERDICT = SYNONYMS.with_name("userdict.txt")
SIGNPOST = 0.5  # a section whose text is at least this share link text lists where to read
MAX_WORD = 12  # longer "words" are phrases: the browser matches them as typed anyway
QUIZ_PAGE = re.compile(r'<div class="kb-quiz"[^>]* data-bank=')

BLOCK = {
    "address", "article", "aside", "blockquote", "br", "dd", "details", "div", "dl", "dt", "figcaption",
    "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav",
    "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
}  # fmt: skip
SKIP = {"script", "style", "template", "noscript", "svg", "button", "input", "select", "textarea"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
CJK = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f"
# A space MkDocs leaves between two lines of one Chinese paragraph is not in the text.
CJK_GAP = re.compile(f"(?<=[{CJK}]) (?=[{CJK}])")
DUTY_ANCHOR = re.compile(r"duty-(\d+)")
BREAK = "\x00"  # a block boundary while parsing; a space in the stored text


@dataclass
class Section:
    anchor: str  # "" for the top of the page (before its first heading)
    heading: str  # "" for the top of the page: the page title stands for it
    text: str
    alias: str = ""  # extra words that name the section, matched like the heading
    links: float = 0.0  # share of the text that is link text (a list of links is a signpost)
    level: int = 0  # 2 for an <h2> …; 0 for the top of the page and a quiz question
    items: int = 0  # a heading with no text of its own above its own headings (问题 above 一、
    # 二、 …): how many sections after it are its items, else 0


@dataclass
class PageEntry:
    url: str  # relative to the site root, as MkDocs writes it ("duties/township-officer.html")
    title: str
    order: int  # position in the nav, for ties
    path: str = ""  # the nav sections above the page ("工作职责"), shown with its results
    boost: float = 1.0  # front matter `search: {boost: 0.5}`, as with Material's plugin
    sections: list[Section] = field(default_factory=list)
    quiz: bool = False  # a quiz bank's page: its passages are 题目
    src: str = ""  # the page's file under docs/ ("duties/township-officer.md"), as keywords name it


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


DUTIES_ANCHORS = ("duties", "main-duties")  # a list of duties, whatever its heading says (我做什么)


def alias_for(anchor: str) -> str:
    """Words a cadre uses for a section that its own text lacks: duty-8 is 第8条; a role
    page's 我做什么 is its 职责 (the passage kind the search shows for it too)."""
    m = DUTY_ANCHOR.fullmatch(anchor)
    if m:
        return f"第{m.group(1)}条"
    return "职责" if anchor in DUTIES_ANCHORS else ""


class _SectionParser(HTMLParser):
    """Split a page's content HTML at headings that carry an id."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.sections: list[Section] = [Section("", "", "")]
        self._buf: list[str] = []
        self._skip = 0  # depth inside an element whose text is not indexed
        self._heading: tuple[str, str | None] | None = None  # (tag, id) while inside a heading
        self._heading_buf: list[str] = []
        self._in_link = 0  # depth inside <a> elements
        self._chars = [0, 0]  # visible characters of the current section: all, inside links

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if self._skip:
            if tag not in VOID:
                self._skip += 1
            return
        classes = (a.get("class") or "").split()
        # Hidden content (a quiz's explanation before it is answered) is not searchable either.
        hidden = "hidden" in a or a.get("aria-hidden") == "true"
        if tag in SKIP or hidden or "data-search-exclude" in a or "headerlink" in classes:
            if tag not in VOID:
                self._skip = 1
            return
        if tag in HEADINGS:
            self._heading = (tag, a.get("id"))
            self._heading_buf = []
        elif tag == "form" and "kb-q" in classes and a.get("id"):
            # One quiz question, one passage (its stem and options): a whole bank as one
            # passage held every word of 55 questions far apart (党员 … 发展 in different ones),
            # and its result could only open the top of the page.
            self._close()
            self.sections.append(Section(a["id"], "", ""))
        elif tag == "a":
            self._in_link += 1
        elif tag in BLOCK:
            self._out(BREAK)

    def handle_endtag(self, tag: str) -> None:
        if self._skip:
            self._skip -= 1
            return
        if self._heading and tag == self._heading[0]:
            level, anchor = self._heading
            text = clean_text("".join(self._heading_buf))
            self._heading = None
            if level == "h1":
                return  # the page title, indexed from the page's metadata
            if anchor:
                self._close()
                self.sections.append(Section(anchor, text, "", alias_for(anchor), level=int(level[1])))
            else:
                self._buf.append(f"{BREAK}{text}{BREAK}")
        elif tag == "a":
            self._in_link = max(0, self._in_link - 1)
        elif tag in BLOCK:
            self._out(BREAK)

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self._out(data)

    def _out(self, text: str) -> None:
        if self._heading:
            self._heading_buf.append(text)
            return
        self._buf.append(text)
        n = len(normalize(text))
        self._chars[0] += n
        if self._in_link:
            self._chars[1] += n

    def _close(self) -> None:
        self.sections[-1].text = clean_text("".join(self._buf))
        self.sections[-1].links = self._chars[1] / self._chars[0] if self._chars[0] else 0.0
        self._buf = []
        self._chars = [0, 0]

    def result(self) -> list[Section]:
        self.close()
        self._close()
        top, rest = self.sections[0], self.sections[1:]
        for n, s in enumerate(rest):
            if s.level and not s.text:
                below = 0
                while n + 1 + below < len(rest) and rest[n + 1 + below].level > s.level:
                    below += 1
                s.items = below
        return ([top] if top.text else []) + rest


# A tokenizer for the well-formed HTML that Python-Markdown and our renderers write: it calls
# the parser's handlers as html.parser would (names lowercased, entities decoded, <x/> as a
# start and an end tag, script/style content as raw text), at a fifth of html.parser's cost.
_TOKEN = re.compile(
    r"<!--.*?-->|<![^>]*>|<\?[^>]*>"
    r"|<([a-zA-Z][^\s/>]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>"
    r"|</([a-zA-Z][^\s>]*)\s*>"
    r"|([^<]+|<)",
    re.S,
)
_ATTR = re.compile(r"""([^\s/>"'=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?""")
_RAW = ("script", "style")
_ATTRS_READ = ("hidden", "data-search-exclude", "headerlink", "kb-q")


def _attrs(text: str) -> list[tuple[str, str | None]]:
    return [
        (
            m.group(1).lower(),
            unescape(next(v for v in m.group(2, 3, 4) if v is not None)) if "=" in m.group(0) else None,
        )
        for m in _ATTR.finditer(text)
    ]


def _feed(parser: _SectionParser, html: str) -> None:
    pos, end = 0, len(html)
    match = _TOKEN.match
    while pos < end:
        m = match(html, pos)
        pos = m.end()
        start, attrs, closing, data = m.group(1, 2, 3, 4)
        if data is not None:
            parser.handle_data(unescape(data) if "&" in data else data)
        elif closing is not None:
            parser.handle_endtag(closing.lower())
        elif start is not None:
            tag = start.lower()
            # Attributes matter only for what the parser looks at (heading ids, hiding, the
            # permalink); most tags have none of it, and reading them is the costly part.
            wanted = not parser._skip and (tag in HEADINGS or any(k in attrs for k in _ATTRS_READ))
            parser.handle_starttag(tag, _attrs(attrs) if wanted else [])
            if attrs.endswith("/"):
                parser.handle_endtag(tag)
            elif tag in _RAW:  # raw text up to the closing tag
                close = re.compile(f"</{tag}\\s*>", re.I).search(html, pos)
                stop = close.start() if close else end
                parser.handle_data(html[pos:stop])
                pos = stop


def sections_of(html: str) -> list[Section]:
    """The page's sections in document order; the top one only if it has text of its own."""
    parser = _SectionParser()
    _feed(parser, html)
    return parser.result()


# --- Synonyms and question words (search/synonyms.yml) --------------------------------------


# The kinds of passage the search shows (engine.js: KINDS and PAGE_KINDS give them to sections);
# an intent of search/synonyms.yml names some of them.
KINDS = ("职责", "问题", "对策", "原则", "术语", "题目", "情境", "清单", "岗位")


@dataclass
class Synonyms:
    groups: list[list[str]] = field(default_factory=list)  # normalised, each of 2+ distinct words
    ignore: list[str] = field(default_factory=list)  # normalised question words and particles
    # (question words, kinds): a query holding one of the words ranks passages of the kinds higher
    intents: list[tuple[list[str], list[str]]] = field(default_factory=list)
    lists: list[str] = field(default_factory=list)  # words asking for a whole list (有哪些)


def check_synonyms(path: Path = SYNONYMS, shown: str | None = None) -> list:
    """Problems in the synonyms file, as :class:`kb.content.problems.Problem` (path:line:col)."""
    import yaml

    from .content.problems import Problem
    from .content.yamlpos import compose_file

    name = shown or _shown(path)
    problems: list[Problem] = []

    def bad(node, message: str) -> None:
        mark = node.start_mark if node is not None else None
        problems.append(Problem(name, mark.line + 1 if mark else 1, mark.column + 1 if mark else 1, message))

    if not Path(path).exists():
        return [Problem(name, 1, 1, "找不到同义词文件")]
    root, unreadable = compose_file(path, name)
    if root is None:
        return unreadable
    if not isinstance(root, yaml.MappingNode):
        return [Problem(name, 1, 1, "应为键值表，只含 groups、ignore、intents 和 lists 四项")]
    owner: dict[str, int] = {}  # word -> line of its first group
    for key, value in root.value:
        if not isinstance(key, yaml.ScalarNode) or key.value not in ("groups", "ignore", "intents", "lists"):
            bad(
                key,
                f"未知字段 {key.value}：只能有 groups（同义词组）、ignore（可忽略的疑问词、虚词）、"
                "intents（疑问词所问的段落类型）和 lists（问整张清单的词）",
            )
            continue
        if not isinstance(value, yaml.SequenceNode):
            if not (isinstance(value, yaml.ScalarNode) and value.value in ("", "~", "null")):
                bad(value, f"{key.value} 应为列表")
            continue
        if key.value in ("ignore", "lists"):
            for item in value.value:
                if not isinstance(item, yaml.ScalarNode) or not normalize(item.value):
                    bad(item, f"{key.value} 的每一项应为一个词（文字）")
            continue
        if key.value == "intents":
            _check_intents(value, bad)
            continue
        for group in value.value:
            if not isinstance(group, yaml.SequenceNode):
                bad(group, "每个同义词组应写成方括号列表，如 [撤销, 撤消]")
                continue
            words: list[str] = []
            for item in group.value:
                word = normalize(item.value) if isinstance(item, yaml.ScalarNode) else ""
                if not word:
                    bad(item, "同义词组的每一项应为一个词（文字）")
                elif len(word) < 2:
                    bad(item, f"“{item.value}”只有一个字：单字几乎处处出现，不能作同义词")
                elif word in words:
                    bad(item, f"“{item.value}”在本组中重复")
                elif word in owner:
                    bad(item, f"“{item.value}”已在第 {owner[word]} 行的同义词组中：一个词只能属于一组")
                else:
                    words.append(word)
                    owner[word] = group.start_mark.line + 1
            if len(group.value) < 2 and isinstance(group, yaml.SequenceNode):
                bad(group, "同义词组至少要有两个词")
    return sorted(problems)


def _check_intents(value, bad) -> None:
    """Each intent: {words: [疑问词, …], kinds: [职责, …]} (problems go through ``bad``)."""
    import yaml

    for intent in value.value:
        mapping = isinstance(intent, yaml.MappingNode)
        fields = {k.value: v for k, v in intent.value if isinstance(k, yaml.ScalarNode)} if mapping else None
        if fields is None or set(fields) != {"words", "kinds"}:
            bad(intent, "intents 的每一项应写成 {words: [疑问词, …], kinds: [段落类型, …]}")
            continue
        for name, node in fields.items():
            if not isinstance(node, yaml.SequenceNode) or not node.value:
                bad(node, f"{name} 应为非空列表，如 [干什么, 做什么]")
                continue
            for item in node.value:
                text = item.value if isinstance(item, yaml.ScalarNode) else ""
                if name == "words" and not normalize(text):
                    bad(item, "words 的每一项应为一个词（文字）")
                elif name == "kinds" and text not in KINDS:
                    bad(item, f"未知的段落类型“{text}”：可用的有 {'、'.join(KINDS)}")


def _shown(path: Path) -> str:
    from .paths import show

    return show(Path(path))


@lru_cache(maxsize=4)
def _load_synonyms(path: str, mtime: float) -> Synonyms:
    from .content.yamlpos import load_file

    # Through the one reader: an alias bomb is refused, never expanded; a file that cannot be
    # read or has the wrong shape gives no synonyms (`check` and the preview's banner say why).
    data = load_file(path)
    if not isinstance(data, dict):
        return Synonyms()

    def items(value, kinds=(str, int, float)) -> list:
        return [x for x in value if isinstance(x, kinds)] if isinstance(value, list) else []

    groups = []
    for group in items(data.get("groups"), list):
        words = list(dict.fromkeys(normalize(str(w)) for w in items(group)))
        words = [w for w in words if len(w) >= 2]
        if len(words) >= 2:
            groups.append(words)
    ignore = list(dict.fromkeys(w for w in (normalize(str(x)) for x in items(data.get("ignore"))) if w))
    intents = []
    for intent in items(data.get("intents"), dict):
        if isinstance(intent, dict):
            words = [w for w in dict.fromkeys(normalize(str(x)) for x in items(intent.get("words"))) if w]
            kinds = [k for k in dict.fromkeys(str(x) for x in items(intent.get("kinds"))) if k in KINDS]
            if words and kinds:
                intents.append((words, kinds))
    lists = list(dict.fromkeys(w for w in (normalize(str(x)) for x in items(data.get("lists"))) if w))
    return Synonyms(groups, ignore, intents, lists)


def load_synonyms(path: Path = SYNONYMS) -> Synonyms:
    """The synonyms file, normalised (an absent file: none)."""
    path = Path(path)
    if not path.exists():
        return Synonyms()
    return _load_synonyms(str(path), path.stat().st_mtime)


# --- The site's vocabulary, for splitting questions in the browser ------------------------

_WORDISH = search_dictionary.WORDISH
# The dictionary read for the texts of the last build and the tokenizer made from it (the live
# preview rebuilds in this process: both are reused while they cover the texts and extra words).
_dictionary: search_dictionary.Dictionary | None = None
_tok = None
_tok_extra: tuple = ()


def _tokenizer(texts, extra: tuple):
    """A jieba tokenizer that cuts ``texts`` as jieba's full dictionary would, with the user
    dictionary and ``extra`` added (in that order, as a clean build adds them)."""
    global _dictionary, _tok, _tok_extra
    userdict = USERDICT.read_text(encoding="utf-8").split() if USERDICT.exists() else []
    grams = search_dictionary.bigrams([*texts, *extra, *userdict])
    if _dictionary is None or not _dictionary.covers(grams):
        _dictionary, _tok = search_dictionary.Dictionary(grams, normalize), None
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
        _text_words.forget()
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
        words.update(_text_words.get(text, words_of))
    return sorted(words - skip)


def general_words() -> tuple[frozenset[str], frozenset[str]]:
    """(filler words, other everyday words) of 2 to 4 characters, normalised, from jieba's
    dictionary (``search_dictionary`` says how they are told apart)."""
    global _dictionary
    if _dictionary is None:
        _dictionary, _ = search_dictionary.Dictionary(set(), normalize), None
    return _dictionary.light, _dictionary.general


class _Kept:
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
_text_words = _Kept()  # a section's text -> its words
_page_parts = _Kept()  # a page's content HTML -> (its sections, is it a quiz bank)


def _parse_page(html: str) -> tuple[tuple[Section, ...], bool]:
    return tuple(sections_of(html)), bool(QUIZ_PAGE.search(html))


class Collector:
    """Pages seen during one build, written out once at the end."""

    def __init__(self, synonyms: Synonyms | None = None, keywords: dict | None = None) -> None:
        self.pages: list[PageEntry] = []
        self.synonyms = synonyms or Synonyms()
        self.keywords = keywords or {}  # search/keywords.yml: (page, anchor) -> words

    def add(
        self, url: str, title: str, html: str, order: int = 0, path: str = "", boost: float = 1.0, src: str = ""
    ) -> None:
        parsed, quiz = _page_parts.get(html, _parse_page)
        sections = list(parsed)  # the kept sections are shared between builds: never changed
        if not sections or sections[0].anchor:
            sections.insert(0, Section("", "", ""))  # the page itself is always a result
        self.pages.append(PageEntry(url, clean_text(title), order, path, boost, sections, quiz, src))

    def data(self) -> dict:
        pages = sorted(self.pages, key=lambda p: (p.order, p.url))
        sections, signs, lists = [], [], []
        for n, page in enumerate(pages):
            for s in page.sections:
                if s.links >= SIGNPOST:
                    signs.append(len(sections))
                if s.items:
                    lists.append([len(sections), s.items])
                row: list = [n, s.anchor, s.heading, s.text]
                kw = self.keywords.get((page.src, s.anchor))
                if s.alias or kw:
                    row.append(s.alias)
                if kw:
                    row.append(" ".join(kw))  # each normalised: no spaces inside
                sections.append(row)
        rows = [[p.url, p.title, p.path] + ([p.boost] if p.boost != 1 else []) for p in pages]
        syn = self.synonyms
        texts = [p.title for p in pages] + [f"{s[2]} {s[3]}" for s in sections] + [s[5] for s in sections if len(s) > 5]
        # Keywords are segmented as the pages' text is (in `texts`), not made words whole: a
        # keyword 缺培训 must not turn 统战干部缺培训怎么办 into a word only two sections hold.
        words = vocabulary(texts, [w for g in syn.groups for w in g], syn.ignore)
        # Everyday words the site lacks: only those, and never a question word of synonyms.yml.
        own = set(words) | set(syn.ignore) | {w for g in syn.groups for w in g}
        light, general = general_words()
        return {
            "version": VERSION,
            "pages": rows,
            "sections": sections,
            "quiz": [n for n, p in enumerate(pages) if p.quiz],
            "signs": signs,
            "lists": lists,
            "syn": syn.groups,
            "stop": syn.ignore,
            "intents": [[words, kinds] for words, kinds in syn.intents],
            "listWords": syn.lists,
            "vocab": " ".join(words),
            "light": " ".join(sorted(light - own)),
            "general": " ".join(sorted(general - own)),
        }

    def write(self, site_dir: str | Path) -> Path:
        path = Path(site_dir) / INDEX_PATH
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(to_js(self.data()), encoding="utf-8")
        return path


def to_js(data: dict) -> str:
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return f"/* Site search index, generated by scripts/kb/search_index.py. */\nwindow.{GLOBAL}={body};\n"


def read_index(path: str | Path) -> dict:
    """The data in a written index file (for tests and the evaluation scripts)."""
    text = Path(path).read_text(encoding="utf-8")
    start = text.index(f"window.{GLOBAL}=") + len(f"window.{GLOBAL}=")
    return json.loads(text[start:].rstrip().rstrip(";"))


# --- One collector per build, driven by the hooks in scripts/mkdocs_hooks.py ---

_collector: Collector | None = None
_nav_order: dict[int, int] = {}
_boosts: dict[str, float] = {}  # extra.search_boost in mkdocs.yml: page path prefix -> factor


def enabled(config) -> bool:
    """Our search replaces Material's; with Material's search plugin on (the stock benchmark), step aside."""
    return not any(name in config.plugins for name in ("search", "material/search"))


def start_build(config) -> None:
    global _collector, _boosts
    # Under `mkdocs serve` (the live preview) each page's sections and each text's words are
    # kept for the next rebuild, which then parses and segments only what an edit changed.
    from .render import dispatch

    for kept in (_page_parts, _text_words):
        kept.next_build(keep=dispatch.previewing)
    from .search_keywords import load_keywords

    _collector = Collector(load_synonyms(), load_keywords()) if enabled(config) else None
    _nav_order.clear()
    _boosts = {str(k): float(v) for k, v in (config.extra.get("search_boost") or {}).items()}


def add_page(page, nav=None) -> None:
    if _collector is None or page.content is None:
        return
    meta_search = page.meta.get("search")
    meta_search = meta_search if isinstance(meta_search, dict) else {}
    if meta_search.get("exclude"):
        return  # front matter `search: {exclude: true}`, as with Material's plugin
    prefix = max((p for p in _boosts if page.file.src_uri.startswith(p)), key=len, default=None)
    try:
        boost = float(meta_search.get("boost", _boosts.get(prefix, 1.0)))
    except (TypeError, ValueError):
        boost = 1.0
    path = [clean_text(a.title) for a in reversed(page.ancestors) if a.title]
    if path and path[-1] == clean_text(page.title or ""):
        path.pop()  # a section's index page (navigation.indexes) is not inside itself
    if nav is not None and not _nav_order:
        _nav_order.update((id(p), n) for n, p in enumerate(nav.pages))
    order = _nav_order.get(id(page), len(_nav_order) + len(_collector.pages))
    _collector.add(page.url, page.title or "", page.content, order, " › ".join(path), boost, page.file.src_uri)


def finish_build(config) -> None:
    if _collector is not None:
        _collector.write(config.site_dir)
