/*
 * Site search engine: normalisation, matching, ranking, snippets.  No DOM, no dependencies.
 *
 * Every query term is matched as a substring of the normalised text (character n-gram phrase
 * matching): 统战委员 matches only where that phrase occurs, 安全 finds 数据安全.  Terms are
 * ANDed; a title or heading hit outranks a body hit.  Variants count as the term: 第八条 =
 * 第8条, and the groups of search/synonyms.yml (撤销 = 撤消, 统战 = 统一战线).
 *
 * A term found nowhere as typed (a question: 统战委员的职责是什么) is split into the site's own
 * words — a vocabulary written at build time with jieba from the pages, shipped in the index —
 * dropping question words and particles (synonyms.yml `ignore`) and characters that are no
 * word of the site.  Sections are then ranked by how many of the words they hold and how rare
 * those are (BM25-like), heading hits first.  Nothing is found if too little of the query is
 * words of the site, or if its words are all common ones: nonsense still finds nothing.  Nor
 * does one known word beside a word the site lacks (统战部食堂怎么样: 食堂).
 * A long term found only rarely as typed (联络员职责: once, in a YAML example) may also match a
 * section holding all of its words (联络员 + 职责), at half the score.  A long query found as
 * typed on one or two pages only (an editor's heading quoting a reader's wording) is followed by
 * the sections holding its words.  The wording as typed counts more than its synonyms, and a
 * section that is mostly links (a list of where to read) less than the passages it points to.
 *
 * A classic script, not an ES module: Chromium refuses module scripts from file://.
 * The rules of `normalize` are those of kb.search_index.normalize (Python).
 */
(function (root) {
  "use strict";

  // Punctuation, symbols, separators, control and format characters (U+200B …) are not matched.
  var STRIP = /[\p{P}\p{S}\p{Z}\p{C}]+/gu;
  // keyword: a word of search/keywords.yml (an everyday word for what the passage says
  // otherwise) counts less than one occurrence in the passage's own text (about 6).
  var W = { head: 20, title: 6, body: 3, page: 4, pieces: 0.5, keyword: 4 };
  var MIN_PIECE = 2; // a piece of a term is never a single character: 区块链 finds nothing
  var MAX_PIECE = 12; // nor longer than this: splitting stays linear in the query's length
  var RARE = 5; // a long phrase occurring fewer times than this may also be matched in pieces
  var LONG = 4;
  var PARTS = 4; // strings of a section in Index.all: heading, alias, text, keywords
  var MAX_QUERY = 100; // characters of a query that are searched (a pasted page is cut here)
  var MAX_VARIANTS = 12;
  var UNDERSTOOD = 0.6; // share of a question's characters that must be words of the site
  var COVER = 0.5; // share of a question's weight (idf) a section must hold
  var COMMON = 0.3; // a word in more than this share of sections is common
  var PART = 0.6; // a section holding a long word's parts only (统战 … 对象 for 统战对象)
  var LONG_SECTION = 2; // in words mode, a section longer than this many times the average counts less
  var SYNONYM = 0.7; // a section holding a term only as a synonym counts this much (the wording typed first)
  var SIGNPOST = 0.5; // a section that is mostly links (a list of where to read) counts this much
  var INTENT = 1.5; // a passage of the kind the question asks for (synonyms.yml intents) counts this much more
  var LIST = 1.05; // a list whose items were found, against its best item, for a question asking for a list
  // Characters that are no word of the site and stand together form a word the site does not
  // have (工资 in 村支书工资多少) unless they are a count (十六字, 三个), which names no topic.
  var COUNT = /^[\d零〇一二两三四五六七八九十百千万几]+[^\d零〇一二两三四五六七八九十百千万几]?$/;

  function normalize(s) {
    return String(s).normalize("NFKC").toLowerCase().replace(STRIP, "");
  }

  // 第八条 <-> 第8条: cadres write ordinals either way, the sources too.
  var DIGITS = "零一二三四五六七八九";
  var ORD_CN = /第([零〇一二两三四五六七八九十]+)([条篇项点章节款部])/g;
  var ORD_AR = /第(\d{1,2})([条篇项点章节款部])/g;

  function cnToInt(s) {
    s = s.replace(/〇/g, "零").replace(/两/g, "二");
    var m = /^([一二三四五六七八九]?)(十?)([一二三四五六七八九]?)$/.exec(s);
    if (!m || (!m[2] && m[1] && m[3])) return null;
    if (!m[2]) return m[1] ? DIGITS.indexOf(m[1]) : null;
    return (m[1] ? DIGITS.indexOf(m[1]) : 1) * 10 + (m[3] ? DIGITS.indexOf(m[3]) : 0);
  }

  function intToCn(n) {
    if (n < 1 || n > 99) return null;
    if (n < 10) return DIGITS[n];
    var tens = Math.floor(n / 10), ones = n % 10;
    return (tens > 1 ? DIGITS[tens] : "") + "十" + (ones ? DIGITS[ones] : "");
  }

  // The term as written, its ordinal variants and, for each word of a synonym group inside it,
  // the term with that word replaced by the others of its group (`syn`: word -> group).
  function variants(term, syn) {
    var out = [term];
    var a = term.replace(ORD_CN, function (m, n, u) { var v = cnToInt(n); return v == null ? m : "第" + v + u; });
    var b = term.replace(ORD_AR, function (m, n, u) { var c = intToCn(+n); return c ? "第" + c + u : m; });
    [a, b].forEach(function (v) { if (out.indexOf(v) < 0) out.push(v); });
    out.own = out.length; // the first `own` are the term as typed (and its ordinal forms)
    if (syn) {
      var group = syn.get(term);
      if (group) group.forEach(function (w) { if (out.indexOf(w) < 0) out.push(w); });
      syn.forEach(function (g, w) {
        if (out.length >= MAX_VARIANTS || w === term || term.indexOf(w) < 0) return;
        g.forEach(function (o) {
          var v = term.split(w).join(o);
          if (o !== w && out.length < MAX_VARIANTS && out.indexOf(v) < 0) out.push(v);
        });
      });
    }
    return out;
  }

  // Terms are what the reader separated with spaces; punctuation inside a term is dropped.
  function parseQuery(query, syn) {
    var terms = [];
    String(query).normalize("NFKC").split(/\s+/).forEach(function (part) {
      var t = normalize(part);
      if (t && terms.indexOf(t) < 0) terms.push(t);
    });
    // Under AND a term inside another adds nothing ("统战 统战委员").
    terms = terms.filter(function (t) {
      return !terms.some(function (o) { return o !== t && o.indexOf(t) >= 0; });
    });
    return terms.map(function (t) { return { text: t, variants: variants(t, syn), pieces: null }; });
  }

  function Index(data) {
    this.pages = data.pages.map(function (p) {
      return { url: p[0], title: p[1], path: p[2] || "", boost: p[3] || 1, kTitle: normalize(p[1]) };
    });
    this.sections = data.sections.map(function (s, i) {
      return {
        id: i, page: s[0], anchor: s[1], heading: s[2], text: s[3], alias: s[4] || "",
        kHead: normalize(s[2]), kAlias: normalize(s[4] || ""), kText: normalize(s[3]),
        // Keywords stay apart (U+0002 between them): a needle never spans two of them.
        kKw: String(s[5] || "").split(" ").map(normalize).filter(Boolean).join("\u0002"),
      };
    });
    var parts = [], pageSections = this.pages.map(function () { return []; });
    this.pages.forEach(function (p) { parts.push(p.kTitle); });
    this.sections.forEach(function (s) { parts.push(s.kHead, s.kAlias, s.kText, s.kKw); pageSections[s.page].push(s.id); });
    this.all = parts.join("\u0001"); // one string: "does this occur anywhere" is one indexOf
    // Where each part starts in `all`: a match found there belongs to one title or section (a
    // needle is normalised, so it never holds the separator and never spans two parts).
    this.starts = new Array(parts.length + 1);
    for (var i = 0, at = 0; i < parts.length; i++) { this.starts[i] = at; at += parts[i].length + 1; }
    this.starts[parts.length] = this.all.length + 1;
    this.pageSections = pageSections;
    var total = 0;
    this.sections.forEach(function (s) { total += s.kText.length; });
    this.avg = Math.max(1, total / Math.max(1, this.sections.length));
    // The site's words (built with jieba), question words to drop, synonym groups.
    var self = this;
    this.vocab = new Set(String(data.vocab || "").split(" ").filter(Boolean));
    this.stop = new Set(data.stop || []);
    // Everyday words the site lacks (jieba's dictionary): filler (回来, 知道), which need not
    // match, and other words (食堂, 住宿), each a topic the site does not treat.
    this.light = new Set(String(data.light || "").split(" ").filter(Boolean));
    this.general = new Set(String(data.general || "").split(" ").filter(Boolean));
    this.syn = new Map();
    (data.syn || []).forEach(function (g) { g.forEach(function (w) { self.syn.set(w, g); }); });
    this.maxWord = 1;
    [this.vocab, this.stop, this.syn, this.light, this.general].forEach(function (set) {
      set.forEach(function (v, w) { self.maxWord = Math.max(self.maxWord, Math.min(MAX_PIECE, String(w).length)); });
    });
    this.quiz = new Set(data.quiz || []); // pages of quiz questions
    // Document pages (add-source) by their front matter's category: page -> policy, duties, analysis.
    this.docs = new Map();
    this.docHeads = new Map();
    Object.keys(data.docs || {}).forEach(function (c) { data.docs[c].forEach(function (n) { self.docs.set(n, c); }); });
    // What question words ask for: [[words], [kinds]] (干什么 → 职责, 岗位).
    this.intents = (data.intents || []).map(function (i) { return { words: i[0].map(normalize), kinds: i[1] }; });
    // Sections that are mostly links: they point to the passages holding the same words.
    (data.signs || []).forEach(function (id) { if (self.sections[id]) self.sections[id].sign = true; });
    // Lists: a heading with no text of its own above its items (问题 above 一、二、…): [id, items].
    this.lists = (data.lists || []).filter(function (l) { return self.sections[l[0]]; });
    this.listWords = (data.listWords || []).map(normalize);
    this.dfCache = new Map();
  }

  Index.prototype.occurs = function (s) { return this.all.indexOf(s) >= 0; };

  // Ids of the sections holding any of the needles (in a title: every section of that page),
  // ascending.  One pass over `all` per needle, jumping past each section found: a cost of the
  // text's length, not of the number of sections times the needles (2 cores, 1,000 pages).
  Index.prototype.holding = function (needles) {
    var all = this.all, starts = this.starts, P = this.pages.length, self = this, ids = new Set();
    needles.forEach(function (v) {
      if (!v) return;
      for (var at = all.indexOf(v); at >= 0;) {
        var lo = 0, hi = starts.length - 2; // the part holding `at`: last start <= at
        while (lo < hi) { var mid = (lo + hi + 1) >> 1; if (starts[mid] <= at) lo = mid; else hi = mid - 1; }
        var next;
        if (lo < P) {
          self.pageSections[lo].forEach(function (id) { ids.add(id); });
          next = starts[lo + 1];
        } else {
          var id = ((lo - P) / PARTS) | 0;
          ids.add(id);
          next = starts[P + PARTS * id + PARTS];
        }
        at = next < all.length ? all.indexOf(v, next) : -1;
      }
    });
    return Array.from(ids).sort(function (a, b) { return a - b; });
  };

  function inSection(s, page, p) {
    return s.kText.indexOf(p) >= 0 || s.kHead.indexOf(p) >= 0 || s.kAlias.indexOf(p) >= 0 || page.kTitle.indexOf(p) >= 0 ||
      s.kKw.indexOf(p) >= 0;
  }

  // Fewest pieces (each of 2 to MAX_PIECE characters) covering `term` that all satisfy `has`,
  // or null.  At most MAX_PIECE - 1 candidates per position: linear in the term's length.
  function split(term, has) {
    var n = term.length, best = new Array(n + 1), next = new Array(n + 1);
    best[n] = 0;
    for (var i = n - MIN_PIECE; i >= 0; i--) {
      for (var j = Math.min(n, i + MAX_PIECE); j >= i + MIN_PIECE; j--) {
        if (best[j] !== undefined && (best[i] === undefined || best[j] + 1 < best[i]) && has(term.slice(i, j))) {
          best[i] = best[j] + 1;
          next[i] = j;
        }
      }
    }
    if (best[0] === undefined) return null;
    var pieces = [];
    for (var k = 0; k < n; k = next[k]) pieces.push(term.slice(k, next[k]));
    return pieces;
  }

  // How well `v` names a heading or title: 1 if it is the whole field, 0.5 + a share if inside it.
  function cover(field, v) {
    return field && field.indexOf(v) >= 0 ? 0.5 + 0.5 * v.length / field.length : 0;
  }

  // Where the needles occur in one section; the page title is the top section's heading.
  // `kw`: 1 if a needle is in the section's keywords; `kwOnly`: those needles found in no
  // text, heading or title of it (the reason shown with the result).
  function hit(s, page, needles) {
    var r = { head: 0, title: 0, count: 0, pos: -1, kw: 0, kwOnly: null }, top = s.anchor === "";
    needles.forEach(function (v) {
      r.head = Math.max(r.head, cover(s.kHead, v), cover(s.kAlias, v), top ? cover(page.kTitle, v) : 0);
      if (!top) r.title = Math.max(r.title, cover(page.kTitle, v));
      if (s.kKw && s.kKw.indexOf(v) >= 0) {
        r.kw = 1;
        if (s.kText.indexOf(v) < 0 && s.kHead.indexOf(v) < 0 && page.kTitle.indexOf(v) < 0) (r.kwOnly = r.kwOnly || []).push(v);
      }
      for (var at = s.kText.indexOf(v); at >= 0 && r.count < 50; at = s.kText.indexOf(v, at + v.length)) {
        if (r.pos < 0 || at < r.pos) r.pos = at;
        r.count++;
      }
    });
    return r;
  }

  function found(r) { return r.head > 0 || r.title > 0 || r.count > 0 || r.kw > 0; }

  // Heading and title hits outrank body hits; body hits saturate and count less in long
  // sections (as in BM25), and an early first hit counts a little more.
  function weigh(r, len, avg) {
    var body = 0;
    if (r.count) {
      var k = 1.2 * (0.25 + 0.75 * len / avg);
      body = W.body * (1 + 2 * r.count / (r.count + k)) + 1 / (1 + r.pos / 40);
    }
    return W.head * r.head + W.title * r.title + body + (r.count || r.head ? 0 : W.keyword * r.kw);
  }

  function countIn(text, v, max) {
    var n = 0;
    for (var at = text.indexOf(v); at >= 0 && n < max; at = text.indexOf(v, at + v.length)) n++;
    return n;
  }

  // `term` as the site's words: [{text, stop, word, general}] tokens, fewest uncovered
  // characters first, then fewest tokens.  A token is a word of the vocabulary or of a synonym
  // group (>= 2 characters, `word`), an ignored word (怎么, 的) or everyday filler (知道, `stop`),
  // another everyday word the site lacks (食堂, `general`: costs a little more, so the site's
  // own words are preferred), or a single character that is none of these (uncovered).  Linear.
  // `inner`: only words shorter than the term (the parts of a word).
  Index.prototype.segment = function (term, inner) {
    var n = term.length, cost = new Array(n + 1), next = new Array(n + 1), self = this;
    var longest = inner ? Math.min(this.maxWord, n - 1) : this.maxWord;
    cost[n] = 0;
    for (var i = n - 1; i >= 0; i--) {
      cost[i] = cost[i + 1] + (this.stop.has(term[i]) ? 1 : 100); // one character
      next[i] = i + 1;
      for (var j = Math.min(n, i + longest); j >= i + MIN_PIECE; j--) {
        var w = term.slice(i, j), own = this.vocab.has(w) || this.stop.has(w) || this.syn.has(w);
        var c = own || this.light.has(w) ? 1 : this.general.has(w) ? 1.5 : 0;
        if (c && cost[j] + c < cost[i]) {
          cost[i] = cost[j] + c;
          next[i] = j;
        }
      }
    }
    var tokens = [];
    for (var k = 0; k < n; k = next[k]) {
      var t = term.slice(k, next[k]), own = self.vocab.has(t) || self.syn.has(t);
      var stop = self.stop.has(t) || (!own && self.light.has(t));
      tokens.push({ text: t, stop: stop, word: t.length >= MIN_PIECE && !stop && (own || !self.general.has(t)), general: !own && !stop && self.general.has(t) });
    }
    return tokens;
  };

  // Per word (its needles: the word and its synonyms): the sections holding it, with the hits.
  Index.prototype.postings = function (needles) {
    var key = needles.join("\u0001"), cached = this.dfCache.get(key);
    if (cached) return cached;
    var out = new Map(), self = this;
    this.holding(needles).forEach(function (id) {
      var s = self.sections[id], r = hit(s, self.pages[s.page], needles);
      if (found(r)) out.set(id, r);
    });
    if (this.dfCache.size > 200) this.dfCache.clear();
    this.dfCache.set(key, out);
    return out;
  };

  // Sections that contain every term, best first: {terms, results: [{section, page, score, needles}]}.
  // A question (a term found nowhere as typed) is ranked by its words instead (`words`).
  Index.prototype.search = function (query) {
    query = String(query);
    var truncated = Array.from(query).length > MAX_QUERY;
    if (truncated) query = Array.from(query).slice(0, MAX_QUERY).join("");
    var self = this, terms = parseQuery(query, this.syn), out = this.phrases(terms);
    if (!out.results.length && terms.length) {
      // Without the question words and particles at its ends (统战工作是什么: 统战工作), as a
      // phrase; words dropped inside a term (联络员的工作对象) would join words never adjacent.
      var dropped = [], bare = terms.map(function (t) {
        var w = self.segment(t.text), a = 0, b = w.length;
        var drop = function (x) { if (dropped.indexOf(x.text) < 0) dropped.push(x.text); };
        while (a < b && w[a].stop) drop(w[a++]);
        while (b > a && w[b - 1].stop) drop(w[--b]);
        return w.slice(a, b).map(function (x) { return x.text; }).join("");
      }).filter(function (t) { return t.length >= MIN_PIECE; });
      if (dropped.length && bare.length) {
        out = this.phrases(parseQuery(bare.join(" "), this.syn));
        out.dropped = dropped;
      }
      if (!out.results.length) out = this.words(terms);
    } else if (out.results.length && this.few(out.results) && terms.some(function (t) { return t.text.length > LONG; })) {
      // A long query found as typed in one or two pages only (an editor's heading that quotes
      // a reader's wording): the passages holding its words follow, below every phrase hit.
      out = this.more(out, this.words(terms, true));
    }
    this.gather(query, out);
    this.prefer(query, out);
    out.truncated = truncated;
    return out;
  };

  // A question asking for a whole list (基层统战工作有哪些问题): where two or more items of one
  // list are results, the list itself is one too, just above its best item (its text is only
  // its items', so it was never found on its own).
  Index.prototype.gather = function (query, out) {
    var key = normalize(query), self = this;
    if (!out.results.length || !this.listWords.some(function (w) { return key.indexOf(w) >= 0; })) return;
    var byId = new Map(out.results.map(function (r) { return [r.section.id, r]; }));
    this.lists.forEach(function (l) {
      if (byId.has(l[0])) return;
      var items = [], needles = [];
      for (var id = l[0] + 1; id <= l[0] + l[1]; id++) if (byId.has(id)) items.push(byId.get(id));
      if (items.length < 2) return;
      var best = Math.max.apply(null, items.map(function (r) { return r.score; }));
      items.forEach(function (r) { needles.push.apply(needles, r.needles); });
      var s = self.sections[l[0]];
      out.results.push({ section: s, page: self.pages[s.page], score: best * LIST, needles: needles, whole: [], keywords: [] });
    });
    out.results.sort(function (a, b) { return b.score - a.score || a.section.id - b.section.id; });
  };

  // Passages of the kind the question asks for first (统战联络员干什么: 职责 and the role page):
  // their scores are raised by INTENT and the results sorted again.  out.kinds: the kinds asked.
  Index.prototype.prefer = function (query, out) {
    var key = normalize(query), kinds = [], self = this;
    this.intents.forEach(function (i) {
      if (i.words.some(function (w) { return key.indexOf(w) >= 0; })) {
        i.kinds.forEach(function (k) { if (kinds.indexOf(k) < 0) kinds.push(k); });
      }
    });
    out.kinds = kinds;
    if (!kinds.length || !out.results.length) return;
    out.results.forEach(function (r) { if (kinds.indexOf(self.kind(r.section)) >= 0) r.score *= INTENT; });
    if (kinds.indexOf("术语") >= 0) this.define(key, out);
    out.results.sort(function (a, b) { return b.score - a.score || a.section.id - b.section.id; });
  };

  // "What is X" (统战工作是什么, 什么是统一战线): the glossary entry of the longest term inside
  // the question (统战, or a word of its synonym group: 统一战线) comes first, found or not.
  Index.prototype.define = function (key, out) {
    var self = this, best = [], longest = 0;
    this.sections.forEach(function (s) {
      if (!s.kHead || self.kind(s) !== "术语") return;
      [s.kHead].concat(self.syn.get(s.kHead) || []).forEach(function (w) {
        if (key.indexOf(w) < 0 || w.length < longest) return;
        if (w.length > longest) { best = []; longest = w.length; }
        if (best.indexOf(s) < 0) best.push(s);
      });
    });
    if (!best.length) return;
    var top = Math.max.apply(null, out.results.map(function (r) { return r.score; }));
    best.forEach(function (s) {
      var r = out.results.find(function (x) { return x.section === s; });
      if (!r) {
        r = { section: s, page: self.pages[s.page], needles: [s.kHead], whole: [], keywords: [] };
        out.results.push(r);
      }
      r.score = Math.max(r.score || 0, top * 1.1);
    });
  };

  // Do the results fill fewer than three pages?
  Index.prototype.few = function (results) {
    var pages = new Set();
    for (var i = 0; i < results.length && pages.size < 3; i++) pages.add(results[i].section.page);
    return pages.size < 3;
  };

  // Phrase results, then the words mode's others, scaled below the last phrase result.
  Index.prototype.more = function (out, extra) {
    if (!extra.results.length) return out;
    var seen = new Set(out.results.map(function (r) { return r.section.id; }));
    var last = out.results[out.results.length - 1].score, top = extra.results[0].score;
    extra.results.forEach(function (r) {
      if (seen.has(r.section.id)) return;
      r.score = 0.9 * last * r.score / top;
      out.results.push(r);
    });
    out.words = extra.words;
    return out;
  };

  // Every term as a phrase (ANDed); a rare long one also as all of its words, at half the score.
  Index.prototype.phrases = function (terms) {
    var self = this, results = [];
    for (var t = 0; t < terms.length; t++) {
      var term = terms[t], n = 0;
      term.variants.forEach(function (v) { n += countIn(self.all, v, RARE); });
      term.phrase = n > 0;
      if (!term.phrase) return { terms: terms, results: [] };
      // Words for a term found rarely and long enough to be several words (联络员职责: once,
      // in a YAML example); a short one stays a phrase (统战委员 is not 统战 + 委员).
      if (n < RARE && term.text.length > LONG) {
        var words = this.segment(term.text).filter(function (w) { return w.word; }).map(function (w) { return w.text; });
        var whole = words.join("").length === term.text.replace(/./g, function (c) { return self.stop.has(c) ? "" : c; }).length;
        term.pieces = words.length > 1 && whole && words.every(function (p) { return self.occurs(p); }) ? words : null;
      }
    }
    // Every term must be in a result, whole or as all of its pieces: only the sections holding
    // the first term (or its first piece) need a look.
    var first = terms[0], candidates = terms.length
      ? this.holding(first.pieces ? first.variants.concat([first.pieces[0]]) : first.variants)
      : this.sections.map(function (s) { return s.id; });
    candidates.forEach(function (id) {
      var s = self.sections[id];
      var page = self.pages[s.page], score = 0, own = false, needles = [], whole = [], keywords = [];
      var top = s.anchor === "", named = top; // named: every term is in the page title (top section)
      for (var t = 0; t < terms.length; t++) {
        var term = terms[t], r = hit(s, page, term.variants);
        if (found(r)) {
          var typed = term.variants.length === term.variants.own || found(hit(s, page, term.variants.slice(0, term.variants.own)));
          score += weigh(r, s.kText.length, self.avg) * (typed ? 1 : SYNONYM);
          named = named && r.head > 0;
          own = own || r.head > 0 || r.count > 0 || r.kw > 0;
          if (r.kwOnly) keywords.push.apply(keywords, r.kwOnly);
          needles.push.apply(needles, term.variants);
          whole.push(true);
          continue;
        }
        if (!term.pieces || !term.pieces.every(function (p) { return inSection(s, page, p); })) return;
        var sub = 0;
        term.pieces.forEach(function (p) {
          var rp = hit(s, page, [p]);
          sub += weigh(rp, s.kText.length, self.avg);
          own = own || rp.head > 0 || rp.count > 0 || rp.kw > 0;
          if (rp.kwOnly) keywords.push.apply(keywords, rp.kwOnly);
        });
        score += W.pieces * sub / term.pieces.length;
        named = false;
        needles.push.apply(needles, term.pieces);
        whole.push(false);
      }
      if (!own && !top) return; // the page title alone does not make every section a result
      if (named) score += W.page; // the page itself is what was asked for
      // A page counting for less (search_boost) counts only half as much less when its title
      // is what was typed (统战委员: the role page): the boost is for what it repeats.
      score *= (named && page.boost < 1 ? Math.sqrt(page.boost) : page.boost) * (s.sign ? SIGNPOST : 1);
      results.push({ section: s, page: page, score: score, needles: needles, whole: whole, keywords: keywords });
    });
    results.sort(function (a, b) { return b.score - a.score || a.section.id - b.section.id; });
    terms.forEach(function (term, t) {
      term.whole = results.some(function (r) { return r.whole[t]; }); // found as a phrase at all?
    });
    return { terms: terms, results: results, mode: "phrase" };
  };

  // The query as the site's words, ranked BM25-like: {terms, words, results, mode: "words"}.
  // `split`: split even a term found as typed (the words after a long phrase's few hits).
  Index.prototype.words = function (terms, split) {
    var self = this, N = this.sections.length, words = [], seen = new Set();
    var chars = 0, covered = 0, unknown = 0;
    terms.forEach(function (term) {
      // A term found as typed stays one word; a question is split into the site's words.
      var typed = !split && term.variants.some(function (v) { return self.occurs(v); });
      var tokens = typed ? [{ text: term.text, word: true }] : self.segment(term.text);
      // Characters that are no word of the site, standing together (工资 in 村支书工资多少), are
      // a word the site does not have: the query asks about something else as well.
      var run = "", flush = function () { if (run.length >= MIN_PIECE && !COUNT.test(run)) unknown++; run = ""; };
      tokens.forEach(function (tok) {
        if (tok.stop) return flush();
        chars += tok.text.length;
        if (tok.general) { flush(); unknown++; return; } // an everyday word the site lacks: a topic it does not treat
        if (!tok.word) { run += tok.text; return; }
        flush();
        if (seen.has(tok.text)) return;
        seen.add(tok.text);
        var needles = tok.text === term.text ? term.variants : variants(tok.text, self.syn);
        var post = self.postings(needles);
        if (!post.size) { unknown++; return; }
        covered += tok.text.length;
        words.push({ text: tok.text, needles: needles, post: post, df: post.size, parts: self.parts(tok.text, post) });
      });
      flush();
    });
    // Words inside another word of the query add nothing (统战 in 统战委员).
    words = words.filter(function (w) {
      return !words.some(function (o) { return o !== w && o.text.indexOf(w.text) >= 0 && o.df > 0; });
    });
    var none = { terms: terms, words: words, results: [], mode: "words" };
    if (!words.length || covered < UNDERSTOOD * chars) return none;
    // Only common words (基层统战工作有哪些问题: each of 基层统战, 工作, 问题 is in a third of the
    // sections): together they still name something where all of them are in one heading or
    // page title (基层统战工作存在的问题及对策), and nothing anywhere else.
    var common = words.every(function (w) { return w.df > COMMON * N; });
    var total = 0;
    words.forEach(function (w) {
      w.idf = Math.log(1 + (N - w.df + 0.5) / (w.df + 0.5));
      total += w.idf;
    });
    // A word the site does not have weighs as a word in no section (the rarest there is): a
    // known word beside an unknown topic (统战部 + 食堂) no longer makes up enough of the query.
    total += unknown * Math.log(1 + (N + 0.5) / 0.5);
    var need = 0.5 * words.length;
    var scores = new Map();
    function add(w, id, rs, share, needles) {
      var s = self.sections[id], e = scores.get(id), sub = 0, head = 0;
      if (!e) { e = { weight: 0, score: 0, head: 0, needles: [], rare: false, words: 0, keywords: [], named: 0 }; scores.set(id, e); }
      e.words += share;
      if (share === 1 && rs[0].head + rs[0].title > 0) e.named++;
      rs.forEach(function (r) {
        sub += weigh(r, s.kText.length, self.avg) / rs.length;
        head += r.head > 0 ? 1 / rs.length : 0;
        if (r.kwOnly) e.keywords.push.apply(e.keywords, r.kwOnly);
      });
      e.weight += share * w.idf;
      e.score += share * w.idf * sub;
      e.head += share * w.idf * head;
      e.rare = e.rare || w.df <= COMMON * N;
      e.needles.push.apply(e.needles, needles);
    }
    words.forEach(function (w) {
      w.post.forEach(function (r, id) { add(w, id, [r], 1, w.needles); });
      if (w.parts) w.parts.hits.forEach(function (rs, id) { add(w, id, rs, PART, w.parts.needles); });
    });
    var results = [];
    scores.forEach(function (e, id) {
      // Enough of the query's weight, or half of its words (a rare everyday word such as 村里
      // must not hide every passage with the query's other words) and more of them than the
      // query has words unknown to the site: one known word beside one unknown (统战部 + 食堂)
      // is not an answer, two beside it may be (统战干部 + 工作 + 没劲头).
      var share = e.weight / total;
      if (common ? e.named < words.length || unknown : !e.rare || (share < COVER && (e.words < need || e.words <= unknown))) return;
      var s = self.sections[id], page = self.pages[s.page];
      // More of the query's weight first, then the usual weights, heading hits counting most.
      // A section far longer than most (a whole bank of 55 questions in one passage) holds
      // many words apart from each other: past twice the average length it counts less.
      var long = Math.min(1, LONG_SECTION * self.avg / Math.max(1, s.kText.length));
      var score = (share * share) * (e.score + 2 * W.head * e.head / total) * page.boost * long * (s.sign ? SIGNPOST : 1);
      results.push({ section: s, page: page, score: score, needles: e.needles, whole: [], keywords: e.keywords });
    });
    results.sort(function (a, b) { return b.score - a.score || a.section.id - b.section.id; });
    terms.forEach(function (term) {
      term.whole = false;
      term.pieces = words.map(function (w) { return w.text; });
    });
    return { terms: terms, words: words, results: results, mode: "words" };
  };

  // A long word's parts (统战对象: 统战 + 对象), for the sections holding all of them but not
  // the word (统战工作对象): {needles, hits: Map(section id -> [hit per part])}, or null.
  Index.prototype.parts = function (word, post) {
    if (word.length < 2 * MIN_PIECE) return null;
    var self = this, parts = this.segment(word, true);
    if (parts.length < 2 || !parts.every(function (p) { return p.word; })) return null;
    var posts = parts.map(function (p) { return self.postings(variants(p.text, self.syn)); });
    var needles = [], hits = new Map();
    parts.forEach(function (p) { needles.push.apply(needles, variants(p.text, self.syn)); });
    posts.reduce(function (a, b) { return a.size <= b.size ? a : b; }).forEach(function (_, id) {
      if (post.has(id) || !posts.every(function (m) { return m.has(id); })) return;
      hits.set(id, posts.map(function (m) { return m.get(id); }));
    });
    return hits.size ? { needles: needles, hits: hits } : null;
  };

  // Headings and titles closest to a query that found nothing (shared character pairs, rare
  // ones counting more): [{section, page, label}], at most `n`.
  Index.prototype.suggest = function (query, n) {
    var self = this, key = parseQuery(String(query).slice(0, MAX_QUERY * 2)).map(function (t) {
      return self.segment(t.text).filter(function (w) { return !w.stop; }).map(function (w) { return w.text; }).join("");
    }).join(" ");
    var pairs = new Set();
    for (var i = 0; i + 1 < key.length; i++) if (key[i] !== " " && key[i + 1] !== " ") pairs.add(key.slice(i, i + 2));
    if (!pairs.size) return [];
    if (!this.heads) {
      var seen = new Set();
      this.heads = [];
      this.sections.forEach(function (s) {
        var page = self.pages[s.page], label = s.heading || page.title, k = s.heading ? s.kHead : page.kTitle;
        if (!k || seen.has(page.url + "#" + s.anchor) || (!s.heading && s.anchor)) return;
        seen.add(page.url + "#" + s.anchor);
        self.heads.push({ section: s, page: page, label: label, key: k });
      });
      this.pairDf = new Map();
      this.heads.forEach(function (h) {
        new Set(Array.from({ length: Math.max(0, h.key.length - 1) }, function (_, i) { return h.key.slice(i, i + 2); }))
          .forEach(function (p) { self.pairDf.set(p, (self.pairDf.get(p) || 0) + 1); });
      });
    }
    var scored = [];
    this.heads.forEach(function (h) {
      var score = 0;
      pairs.forEach(function (p) { if (h.key.indexOf(p) >= 0) score += 1 / Math.log(2 + self.pairDf.get(p)); });
      if (score > 0) scored.push({ section: h.section, page: h.page, label: h.label, score: score / Math.sqrt(h.key.length) });
    });
    scored.sort(function (a, b) { return b.score - a.score || a.section.id - b.section.id; });
    return scored.slice(0, n || 5);
  };

  // What kind of passage a section is, from its anchor (see docs' heading ids) or its page.
  var KINDS = [
    [/^(duty-\d+|duties|main-duties|objects)$/, "职责"],
    [/^(problem-\d+|problems|problem-table|shortfall-.+)$/, "问题"],
    [/^(measure-\d+|measures)$/, "对策"],
    [/^principle-/, "原则"],
    [/^term-/, "术语"],
    [/^q-/, "题目"],
    [/^sit-/, "情境"], // docs/situations.md: 遇到……怎么办
  ];
  // Kinds given by the page (its URL, as MkDocs writes it: x.html or x/), for its sections.
  // The third value: whether the page's top (its introduction) is of that kind too.
  var PAGE_KINDS = [
    [/(^|\/)checklists(\.html|\/|$)/, "清单", false], // docs/checklists.md: the 工作清单
    [/(^|\/)roles\/(?!index)[^/]+(\.html|\/)?$/, "岗位", true], // docs/roles/*.md: 我的岗位 (not its index)
    [/(^|\/)duties\/(?!index)[^/]+(\.html|\/)?$/, "职责", true], // docs/duties/*.md: a role's duties, page and all
  ];
  // A document page's passages (add-source) by the page's category: a policy document's are its
  // articles (条文), what 「…有什么规定」 asks for; a duties document's are duties, page and all.
  // An annex (附件: a form, a list) is neither.  A report's (analysis) passage under a heading
  // naming problems or measures (二、存在的问题, 三、工作建议) is one of those: the outermost
  // heading naming only one of them decides, as a report's parts are its top headings.
  var DOC_KINDS = { policy: "条文", duties: "职责" };
  var REPORT_KINDS = [[/问题|不足|短板|困难|差距|弊端/, "问题"], [/对策|建议|措施|举措|思路|路径/, "对策"]];
  Index.prototype.docKind = function (section, category) {
    if (/^annex-/.test(section.anchor)) return "";
    if (category !== "analysis") return DOC_KINDS[category] || "";
    var self = this, parts = section.anchor.split("-"), heads = this.docHeads.get(section.page);
    if (!heads) { // the report's headings by anchor, once per page
      this.docHeads.set(section.page, heads = new Map());
      this.pageSections[section.page].forEach(function (id) { heads.set(self.sections[id].anchor, self.sections[id].heading); });
    }
    for (var i = 1; i <= parts.length; i++) { // s2 (二、存在的问题), then s2-1, s2-1-3 (anchors nest so)
      var head = heads.get(parts.slice(0, i).join("-")) || "";
      var named = REPORT_KINDS.filter(function (k) { return k[0].test(head); });
      if (named.length === 1) return named[0][1];
    }
    return "";
  };
  Index.prototype.kind = function (section) {
    if (this.quiz.has(section.page)) return "题目";
    if (this.docs.has(section.page)) return this.docKind(section, this.docs.get(section.page));
    for (var i = 0; i < KINDS.length; i++) if (KINDS[i][0].test(section.anchor)) return KINDS[i][1];
    var url = this.pages[section.page].url;
    for (var j = 0; j < PAGE_KINDS.length; j++) {
      if ((section.anchor || PAGE_KINDS[j][2]) && PAGE_KINDS[j][0].test(url)) return PAGE_KINDS[j][1];
    }
    return "";
  };

  // Results grouped by page, pages in order of their best section.
  function group(results) {
    var groups = [], byPage = new Map();
    results.forEach(function (r) {
      var g = byPage.get(r.section.page);
      if (!g) { g = { page: r.page, results: [] }; byPage.set(r.section.page, g); groups.push(g); }
      g.results.push(r);
    });
    return groups;
  }

  // The normalised key of `text` and, per key code unit, where it starts and ends in `text`.
  var charCache = new Map();
  function keyMap(text) {
    var key = "", start = [], end = [];
    for (var i = 0; i < text.length;) {
      var ch = String.fromCodePoint(text.codePointAt(i)), n = charCache.get(ch);
      if (n === undefined) { n = normalize(ch); charCache.set(ch, n); }
      for (var k = 0; k < n.length; k++) { start.push(i); end.push(i + ch.length); }
      key += n;
      i += ch.length;
    }
    return { key: key, start: start, end: end };
  }

  // Where the needles (normalised) occur in `text`: sorted, merged [start, end) ranges of
  // `text`, punctuation and spaces inside a match included.  No regular expression: linear
  // in the text for each needle, whatever the needles hold.
  function marks(text, needles) {
    var km = keyMap(text), ranges = [];
    needles.forEach(function (n) {
      if (!n) return;
      for (var at = km.key.indexOf(n); at >= 0; at = km.key.indexOf(n, at + n.length)) {
        ranges.push([km.start[at], km.end[at + n.length - 1]]);
      }
    });
    ranges.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; });
    var merged = [];
    ranges.forEach(function (r) {
      var last = merged[merged.length - 1];
      if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
      else merged.push(r.slice());
    });
    return merged;
  }

  // `text` cut to about `width` characters around the first match, as [{text, mark}] pieces.
  function snippet(text, needles, width) {
    var merged = marks(text, needles);
    var from = 0;
    if (width && merged.length && merged[0][0] > width / 4) {
      from = merged[0][0] - Math.floor(width / 5);
      // Start at a sentence or clause if one begins shortly before the match.
      var cut = text.slice(Math.max(0, from - 12), merged[0][0]).search(/[。；！？，：][^。；！？，：]*$/);
      if (cut >= 0) from = Math.max(0, from - 12) + cut + 1;
    }
    var to = width ? Math.min(text.length, from + width) : text.length, out = [], pos = from;
    merged.forEach(function (r) {
      var a = Math.max(r[0], from), b = Math.min(r[1], to);
      if (a >= b) return;
      if (a > pos) out.push({ text: text.slice(pos, a), mark: false });
      out.push({ text: text.slice(a, b), mark: true });
      pos = b;
    });
    if (pos < to) out.push({ text: text.slice(pos, to), mark: false });
    if (from > 0) out.unshift({ text: "…", mark: false });
    if (to < text.length) out.push({ text: "…", mark: false });
    return out;
  }

  var KB = root.KB = root.KB || {};
  KB.search = {
    normalize: normalize, parseQuery: parseQuery, variants: variants, split: split,
    Index: Index, group: group, snippet: snippet, marks: marks, MAX_QUERY: MAX_QUERY,
  };
  if (typeof module == "object" && module.exports) module.exports = KB.search;  // tests/js/
})(typeof window == "object" ? window : {});
