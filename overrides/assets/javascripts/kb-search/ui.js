/*
 * Site search UI: drives the header search box (overrides/partials/kb-search.html) with
 * Material's markup and classes, so it looks and behaves like Material's own search.
 *
 * This script and engine.js are loaded by boot.js on first use — focus of the box, the search
 * icon, or the / key — and this one loads the index (search/index.js, written by
 * scripts/kb/search/index.py) at once, so opening a page costs nothing; from file:// it loads
 * the same way (no fetch, no worker).
 * A result link carries ?h=… and the target page marks those words, like Material's
 * search.highlight (escaped and capped: no regular expression is built from it).
 * A result shows the kind of passage (职责, 问题, 对策, 原则, 术语, 题目, 条文 …); a query that finds
 * nothing offers the closest headings (您是不是要找) or a hint, never an empty box.
 */
(function () {
  "use strict";

  var KB = window.KB || {}, S = KB.search;
  var rootEl = document.querySelector("[data-kb-search]");
  if (!S || !rootEl) return;

  var TEXT = {
    placeholder: "键入以开始搜索",
    loading: "正在加载搜索索引…",
    failed: "搜索索引加载失败，请刷新页面重试",
    none: "没有找到相关内容",
    found: function (n) { return "找到 " + n + " 个结果"; },
    more: function (n) { return "在该页上还有 " + n + " 个结果"; },
    morePages: function (n) { return "显示更多结果（还有 " + n + " 个页面）"; },
    pieces: function (term, pieces) {
      return "没有找到完整的“" + term + "”，以下结果分别含有：" + pieces.join("、");
    },
    words: function (words) {
      return "没有找到与整句完全相同的内容，以下结果按所含词语排序：" + words.join("、");
    },
    dropped: function (words) { return "已忽略：" + words.join("、"); },
    keywords: function (words) { return "按检索词找到：" + words.join("、"); },
    truncated: function (n) { return "搜索词过长，只按前 " + n + " 个字搜索。"; },
    suggest: "您是不是要找：",
    hint: "请换个说法，或只输入关键词，例如：统战干事 职责、宗教管理、双思教育。",
  };
  var MAX_H = 200; // characters of ?h= that are read (a crafted link must not cost more)
  var MAX_H_WORDS = 20;
  var BATCH = 10; // pages rendered at a time
  var SNIPPET = 90; // characters of text around the first match

  var script = document.currentScript;
  var base = new URL("../../../", script ? script.src : location.href); // site root
  var toggle = document.getElementById("__search");
  var form = rootEl.querySelector("form");
  var input = rootEl.querySelector("[data-kb-search-query]");
  var meta = rootEl.querySelector(".md-search-result__meta");
  var list = rootEl.querySelector(".md-search-result__list");
  var scrollwrap = rootEl.querySelector(".md-search__scrollwrap");
  var index = null, loading = null, shown = "";

  function setState(state) { rootEl.setAttribute("data-kb-search-state", state); }

  function load() {
    if (loading) return loading;
    setState("loading");
    meta.textContent = TEXT.loading;
    loading = new Promise(function (resolve, reject) {
      var tag = document.createElement("script");
      tag.src = new URL("search/index.js", base).href;
      tag.onload = function () {
        try {
          index = new S.Index(window.KB.searchData);  // set by search/index.js
          window.KB.searchData = undefined; // the Index keeps what it needs
          resolve(index);
        } catch (e) { reject(e); }
      };
      tag.onerror = reject;
      document.head.appendChild(tag);
    }).then(function () {
      setState("ready");
      update(true);
    }, function () {
      setState("error");
      meta.textContent = TEXT.failed;
    });
    return loading;
  }

  function open() {
    if (!toggle.checked) toggle.click(); // click, so Material's listeners see the change
    load();
  }

  function close() {
    if (toggle.checked) toggle.click();
    input.blur();
  }

  // --- Rendering --------------------------------------------------------------

  function el(tag, cls, children) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    (children || []).forEach(function (c) { e.appendChild(typeof c === "string" ? document.createTextNode(c) : c); });
    return e;
  }

  function marked(tag, cls, parts) {
    return el(tag, cls, parts.map(function (p) { return p.mark ? el("mark", null, [p.text]) : p.text; }));
  }

  function href(result) {
    var url = new URL(result.page.url, base);
    url.searchParams.set("h", highlightWords(result.needles.join(" ")).join(" "));
    if (result.section.anchor) url.hash = result.section.anchor;
    return url.href;
  }

  function article(result, first) {
    var s = result.section, a = el("a", "md-search-result__link");
    a.href = href(result);
    a.tabIndex = -1;
    var art = el("article", "md-search-result__article md-typeset");
    art.setAttribute("data-md-score", result.score.toFixed(2));
    if (first) {
      art.appendChild(el("div", "md-search-result__icon md-icon"));
      if (result.page.path) art.appendChild(el("p", "kb-search-result__page", [result.page.path]));
      art.appendChild(marked("h1", null, S.snippet(result.page.title, result.needles, 0)));
    }
    var kind = index.kind(s);
    if (s.heading || kind) {
      var h2 = marked("h2", null, S.snippet(s.heading || "", result.needles, 0));
      if (kind) h2.insertBefore(el("span", "kb-search-result__kind", [kind]), h2.firstChild);
      art.appendChild(h2);
    }
    if (s.text) art.appendChild(marked("p", null, S.snippet(s.text, result.needles, SNIPPET)));
    // Found by a keyword of search/keywords.yml, which the passage's text does not hold: say
    // so, or the reader sees no reason for the result.
    var kws = Array.from(new Set(result.keywords || []));
    if (kws.length) art.appendChild(el("p", "kb-search-result__keywords", [TEXT.keywords(kws)]));
    a.appendChild(art);
    return a;
  }

  function item(group) {
    var li = el("li", "md-search-result__item"), best = group.results[0].score;
    var inline = group.results.filter(function (r, i) { return i === 0 || (i < 3 && r.score >= 0.6 * best); });
    var rest = group.results.slice(inline.length);
    inline.forEach(function (r, i) { li.appendChild(article(r, i === 0)); });
    if (rest.length) {
      var summary = el("summary", null, [el("div", null, [TEXT.more(rest.length)])]);
      summary.tabIndex = -1;
      var details = el("details", "md-search-result__more", [summary]);
      rest.forEach(function (r) { details.appendChild(article(r, false)); });
      li.appendChild(details);
    }
    return li;
  }

  function renderMore(groups, from) {
    var old = list.querySelector(".md-search-result__more-button");
    if (old) old.parentNode.remove();
    groups.slice(from, from + BATCH).forEach(function (g) { list.appendChild(item(g)); });
    var left = groups.length - from - BATCH;
    if (left > 0) {
      var button = el("button", "md-search-result__more-button", [TEXT.morePages(left)]);
      button.type = "button";
      button.tabIndex = -1;
      button.addEventListener("click", function () { renderMore(groups, from + BATCH); });
      list.appendChild(el("li", "md-search-result__item", [button]));
    }
  }

  function note(text) {
    list.appendChild(el("li", "md-search-result__item", [
      el("p", "md-search-result__article md-typeset kb-search-result__note", [text]),
    ]));
  }

  // Nothing found: the closest headings, as links to their passages, or a hint.
  function suggestions(query) {
    var found = index.suggest(query, 5);
    if (!found.length) return note(TEXT.hint);
    var p = el("p", "md-search-result__article md-typeset kb-search-suggest", [TEXT.suggest]);
    found.forEach(function (s, i) {
      var url = new URL(s.page.url, base);
      if (s.section.anchor) url.hash = s.section.anchor;
      var a = el("a", "kb-search-suggest__link", [s.label]);
      a.href = url.href;
      if (i) p.appendChild(document.createTextNode("、"));
      p.appendChild(a);
    });
    list.appendChild(el("li", "md-search-result__item", [p]));
  }

  function update(force) {
    var query = input.value;
    if (!index || (query === shown && !force)) return;
    shown = query;
    var res = index.search(query), groups = S.group(res.results);
    S.ui.last = { query: query, sections: res.results.length, pages: groups.length, mode: res.mode };
    list.replaceChildren();
    if (res.truncated) note(TEXT.truncated(S.MAX_QUERY));
    if (!res.terms.length) {
      meta.textContent = TEXT.placeholder;
    } else if (!res.results.length) {
      meta.textContent = TEXT.none;
      suggestions(query);
    } else {
      meta.textContent = TEXT.found(res.results.length);
      if (res.mode === "words") {
        note(TEXT.words(res.words.map(function (w) { return w.text; })));
      } else {
        if (res.dropped && res.dropped.length) note(TEXT.dropped(res.dropped));
        res.terms.forEach(function (t) { if (!t.whole && t.pieces) note(TEXT.pieces(t.text, t.pieces)); });
      }
      renderMore(groups, 0);
    }
  }

  // --- Events -------------------------------------------------------------------

  input.addEventListener("focus", open);
  input.addEventListener("input", function () { update(false); });
  toggle.addEventListener("change", function () {
    if (toggle.checked) {
      load();
      if (document.activeElement !== input) input.focus();
    }
  });
  form.addEventListener("reset", function () {
    setTimeout(function () { update(false); input.focus(); });
  });
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  list.addEventListener("click", function (e) {
    if (e.target.closest && e.target.closest("a")) close();
  });
  scrollwrap.addEventListener("scroll", function () {
    if (scrollwrap.scrollTop + scrollwrap.clientHeight >= scrollwrap.scrollHeight - 80) {
      var more = list.querySelector(".md-search-result__more-button");
      if (more) more.click();
    }
  });

  function focusables() {
    return Array.prototype.filter.call(
      list.querySelectorAll("a.md-search-result__link, summary, .md-search-result__more-button"),
      function (e) { return e.offsetParent !== null || e.tagName === "SUMMARY"; }
    ).filter(function (e) {
      var d = e.parentElement.closest("details");
      return !d || d.open || e.tagName === "SUMMARY";
    });
  }

  document.addEventListener("keydown", function (e) {
    if (e.metaKey || e.ctrlKey || e.altKey || e.isComposing) return;
    var active = document.activeElement;
    if (!toggle.checked) {
      var typing = active && (active.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(active.tagName));
      if (!typing && (e.key === "/" || e.key === "s" || e.key === "f")) {
        e.preventDefault();
        open();
        input.focus();
      }
      return;
    }
    if (e.key === "Escape" || (e.key === "Tab" && active === input)) {
      close();
      e.preventDefault();
    } else if (e.key === "Enter" && active === input) {
      // Enter opens the best result (no form submission: the box is `required` for Material's CSS).
      e.preventDefault();
      var first = list.querySelector("a.md-search-result__link");
      if (first) { close(); location.href = first.href; }
    } else if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      var items = [input].concat(focusables()), at = items.indexOf(active);
      var next = at < 0 ? 0 : Math.max(0, Math.min(items.length - 1, at + (e.key === "ArrowDown" ? 1 : -1)));
      items[next].focus();
      e.preventDefault();
    }
  });

  // --- Marking the words a reader searched for, on the page a result opened -------

  // The words of ?h=, normalised like the index; capped in length and number.
  function highlightWords(h) {
    var words = [], total = 0;
    String(h || "").slice(0, 4 * MAX_H).split(/\s+/).forEach(function (w) {
      w = S.normalize(w).slice(0, MAX_H);
      if (!w || words.indexOf(w) >= 0 || words.length >= MAX_H_WORDS || total + w.length > MAX_H) return;
      words.push(w);
      total += w.length;
    });
    return words;
  }

  function highlightPage() {
    var article = document.querySelector("article.md-content__inner");
    var words = highlightWords(new URLSearchParams(location.search).get("h"));
    if (!words.length || !article) return;
    var walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT, {
      acceptNode: function (n) {
        return n.parentElement.closest("script, style, mark, .headerlink") ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
      },
    });
    var nodes = [];
    while (walker.nextNode()) nodes.push(walker.currentNode);
    nodes.forEach(function (node) {
      // Matched on the normalised text (case, width, punctuation and spaces folded), by indexOf.
      var text = node.nodeValue, parts = [], last = 0;
      S.marks(text, words).forEach(function (r) {
        if (r[0] > last) parts.push(document.createTextNode(text.slice(last, r[0])));
        var mark = el("mark", null, [text.slice(r[0], r[1])]);
        mark.setAttribute("data-kb-highlight", "");
        parts.push(mark);
        last = r[1];
      });
      if (!parts.length) return;
      if (last < text.length) parts.push(document.createTextNode(text.slice(last)));
      node.replaceWith.apply(node, parts);
    });
  }

  S.ui = { load: load, last: null, highlightWords: highlightWords }; // last: counts of the results shown (for tests and scripts/search_eval.py)
  highlightPage();
  setState("idle");
  // boot.js loaded this script because the reader reached for the box (or opened a result):
  // what they did before it arrived (the box focused, opened, typed in) is carried on.
  if (toggle.checked || document.activeElement === input) open();
  else if (input.value) load();
})();
