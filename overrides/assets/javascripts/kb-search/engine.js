/*
 * Site search engine: normalisation, matching, ranking, snippets.  No DOM, no dependencies.
 *
 * Every query term is matched as a substring of the normalised text (character n-gram phrase
 * matching): 统战委员 matches only where that phrase occurs, 安全 finds 数据安全.  Terms are
 * ANDed; a title or heading hit outranks a body hit.  A term found nowhere as a phrase (or
 * rarely, if longer than four characters: 联络员职责) may also match a section holding all of
 * its pieces of two or more characters (联络员 + 职责), at half the score; single characters
 * never match on their own, so nonsense finds nothing.
 *
 * A classic script, not an ES module: Chromium refuses module scripts from file://.
 * The rules of `normalize` are those of kb.search_index.normalize (Python).
 */
(function (root) {
  "use strict";

  // Punctuation, symbols, separators, control and format characters (U+200B …) are not matched.
  var STRIP = /[\p{P}\p{S}\p{Z}\p{C}]+/gu;
  var W = { head: 20, title: 6, body: 3, page: 4, pieces: 0.5 };
  var MIN_PIECE = 2; // a piece of a term is never a single character: 区块链 finds nothing
  var RARE = 5; // a long phrase occurring fewer times than this may also be matched in pieces
  var LONG = 4;

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

  function variants(term) {
    var out = [term];
    var a = term.replace(ORD_CN, function (m, n, u) { var v = cnToInt(n); return v == null ? m : "第" + v + u; });
    var b = term.replace(ORD_AR, function (m, n, u) { var c = intToCn(+n); return c ? "第" + c + u : m; });
    [a, b].forEach(function (v) { if (out.indexOf(v) < 0) out.push(v); });
    return out;
  }

  // Terms are what the reader separated with spaces; punctuation inside a term is dropped.
  function parseQuery(query) {
    var terms = [];
    String(query).normalize("NFKC").split(/\s+/).forEach(function (part) {
      var t = normalize(part);
      if (t && terms.indexOf(t) < 0) terms.push(t);
    });
    // Under AND a term inside another adds nothing ("统战 统战委员").
    terms = terms.filter(function (t) {
      return !terms.some(function (o) { return o !== t && o.indexOf(t) >= 0; });
    });
    return terms.map(function (t) { return { text: t, variants: variants(t), pieces: null }; });
  }

  function Index(data) {
    this.pages = data.pages.map(function (p) {
      return { url: p[0], title: p[1], path: p[2] || "", boost: p[3] || 1, kTitle: normalize(p[1]) };
    });
    this.sections = data.sections.map(function (s, i) {
      return {
        id: i, page: s[0], anchor: s[1], heading: s[2], text: s[3], alias: s[4] || "",
        kHead: normalize(s[2]), kAlias: normalize(s[4] || ""), kText: normalize(s[3]),
      };
    });
    var parts = [];
    this.pages.forEach(function (p) { parts.push(p.kTitle); });
    this.sections.forEach(function (s) { parts.push(s.kHead, s.kAlias, s.kText); });
    this.all = parts.join("\u0001"); // one string: "does this occur anywhere" is one indexOf
    var total = 0;
    this.sections.forEach(function (s) { total += s.kText.length; });
    this.avg = Math.max(1, total / Math.max(1, this.sections.length));
  }

  Index.prototype.occurs = function (s) { return this.all.indexOf(s) >= 0; };

  function inSection(s, page, p) {
    return s.kText.indexOf(p) >= 0 || s.kHead.indexOf(p) >= 0 || s.kAlias.indexOf(p) >= 0 || page.kTitle.indexOf(p) >= 0;
  }

  // Fewest pieces (each >= 2 characters) covering `term` that all satisfy `has`, or null.
  function split(term, has) {
    var n = term.length, best = new Array(n + 1), next = new Array(n + 1);
    best[n] = 0;
    for (var i = n - MIN_PIECE; i >= 0; i--) {
      for (var j = n; j >= i + MIN_PIECE; j--) {
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
  function hit(s, page, needles) {
    var r = { head: 0, title: 0, count: 0, pos: -1 }, top = s.anchor === "";
    needles.forEach(function (v) {
      r.head = Math.max(r.head, cover(s.kHead, v), cover(s.kAlias, v), top ? cover(page.kTitle, v) : 0);
      if (!top) r.title = Math.max(r.title, cover(page.kTitle, v));
      for (var at = s.kText.indexOf(v); at >= 0 && r.count < 50; at = s.kText.indexOf(v, at + v.length)) {
        if (r.pos < 0 || at < r.pos) r.pos = at;
        r.count++;
      }
    });
    return r;
  }

  function found(r) { return r.head > 0 || r.title > 0 || r.count > 0; }

  // Heading and title hits outrank body hits; body hits saturate and count less in long
  // sections (as in BM25), and an early first hit counts a little more.
  function weigh(r, len, avg) {
    var body = 0;
    if (r.count) {
      var k = 1.2 * (0.25 + 0.75 * len / avg);
      body = W.body * (1 + 2 * r.count / (r.count + k)) + 1 / (1 + r.pos / 40);
    }
    return W.head * r.head + W.title * r.title + body;
  }

  function countIn(text, v, max) {
    var n = 0;
    for (var at = text.indexOf(v); at >= 0 && n < max; at = text.indexOf(v, at + v.length)) n++;
    return n;
  }

  // Sections that contain every term, best first: {terms, results: [{section, page, score, needles}]}.
  // A section holding a term only in pieces (联络员 … 职责 for 联络员职责) scores half of what
  // the same hits would score whole.
  Index.prototype.search = function (query) {
    var self = this, terms = parseQuery(query), results = [];
    for (var t = 0; t < terms.length; t++) {
      var term = terms[t], n = 0;
      term.variants.forEach(function (v) { n += countIn(self.all, v, RARE); });
      term.phrase = n > 0;
      // Pieces for a term found nowhere whole, or rarely and long enough to be several words
      // (联络员职责: once, in a YAML example); a short one stays a phrase (统战委员 is not 统战 + 委员).
      if (term.text.length >= 2 * MIN_PIECE && (n === 0 || (n < RARE && term.text.length > LONG))) {
        term.pieces = split(term.text, function (p) { return self.occurs(p); });
      }
      if (!term.phrase && !term.pieces) return { terms: terms, results: [] };
    }
    this.sections.forEach(function (s) {
      var page = self.pages[s.page], score = 0, own = false, needles = [], whole = [];
      var top = s.anchor === "", named = top; // named: every term is in the page title (top section)
      for (var t = 0; t < terms.length; t++) {
        var term = terms[t], r = term.phrase ? hit(s, page, term.variants) : null;
        if (r && found(r)) {
          score += weigh(r, s.kText.length, self.avg);
          named = named && r.head > 0;
          own = own || r.head > 0 || r.count > 0;
          needles.push.apply(needles, term.variants);
          whole.push(true);
          continue;
        }
        if (!term.pieces) return;
        var ends = [term.text.slice(0, MIN_PIECE), term.text.slice(-MIN_PIECE)];
        if (!ends.every(function (p) { return inSection(s, page, p); })) return;
        var pieces = split(term.text, function (p) { return inSection(s, page, p); });
        if (!pieces) return;
        var sub = 0;
        pieces.forEach(function (p) {
          var rp = hit(s, page, [p]);
          sub += weigh(rp, s.kText.length, self.avg);
          own = own || rp.head > 0 || rp.count > 0;
        });
        score += W.pieces * sub / pieces.length;
        named = false;
        needles.push.apply(needles, pieces);
        whole.push(false);
      }
      if (!own && !top) return; // the page title alone does not make every section a result
      if (named) score += W.page; // the page itself is what was asked for
      score *= page.boost;
      results.push({ section: s, page: page, score: score, needles: needles, whole: whole });
    });
    results.sort(function (a, b) { return b.score - a.score || a.section.id - b.section.id; });
    terms.forEach(function (term, t) {
      term.whole = results.some(function (r) { return r.whole[t]; }); // found as a phrase at all?
    });
    return { terms: terms, results: results };
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

  // `text` cut to about `width` characters around the first match, as [{text, mark}] pieces.
  function snippet(text, needles, width) {
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

  root.KBSearch = Object.assign(root.KBSearch || {}, {
    normalize: normalize, parseQuery: parseQuery, variants: variants, split: split,
    Index: Index, group: group, snippet: snippet,
  });
})(typeof window !== "undefined" ? window : globalThis);
