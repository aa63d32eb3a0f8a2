/*
 * Site search UI: drives the header search box (overrides/partials/kb-search.html) with
 * Material's markup and classes, so it looks and behaves like Material's own search.
 *
 * The index (search/index.js, written by scripts/kb/search_index.py) is a classic script
 * loaded on first use — focus of the box, the search icon, or the / key — so opening a page
 * costs nothing; from file:// it loads the same way (no fetch, no worker).
 * A result link carries ?h=… and the target page marks those words, like Material's
 * search.highlight.
 */
(function () {
  "use strict";

  var KB = window.KBSearch;
  var rootEl = document.querySelector("[data-kb-search]");
  if (!KB || !rootEl) return;

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
  };
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
          index = new KB.Index(window.__KB_SEARCH__);
          window.__KB_SEARCH__ = undefined; // the Index keeps what it needs
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
    url.searchParams.set("h", result.needles.join(" "));
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
      art.appendChild(marked("h1", null, KB.snippet(result.page.title, result.needles, 0)));
    }
    if (s.heading) art.appendChild(marked("h2", null, KB.snippet(s.heading, result.needles, 0)));
    if (s.text) art.appendChild(marked("p", null, KB.snippet(s.text, result.needles, SNIPPET)));
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

  function update(force) {
    var query = input.value;
    if (!index || (query === shown && !force)) return;
    shown = query;
    var res = index.search(query), groups = KB.group(res.results);
    KB.ui.last = { query: query, sections: res.results.length, pages: groups.length };
    list.replaceChildren();
    if (!res.terms.length) {
      meta.textContent = TEXT.placeholder;
    } else if (!res.results.length) {
      meta.textContent = TEXT.none;
    } else {
      meta.textContent = TEXT.found(res.results.length);
      res.terms.forEach(function (t) {
        if (!t.whole) list.appendChild(el("li", "md-search-result__item", [
          el("p", "md-search-result__article md-typeset kb-search-result__note", [TEXT.pieces(t.text, t.pieces)]),
        ]));
      });
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

  function highlightPage() {
    var h = new URLSearchParams(location.search).get("h");
    var article = document.querySelector("article.md-content__inner");
    if (!h || !article) return;
    var sep = "[\\p{P}\\p{S}\\p{Z}\\s]*";
    var words = h.split(/\s+/).filter(Boolean).map(function (w) {
      return Array.from(w).map(function (c) { return c.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }).join(sep);
    });
    if (!words.length) return;
    var re = new RegExp(words.join("|"), "giu");
    var walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT, {
      acceptNode: function (n) {
        return n.parentElement.closest("script, style, mark, .headerlink") ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
      },
    });
    var nodes = [];
    while (walker.nextNode()) nodes.push(walker.currentNode);
    nodes.forEach(function (node) {
      var text = node.nodeValue, parts = [], last = 0, m;
      re.lastIndex = 0;
      while ((m = re.exec(text)) && m[0]) {
        if (m.index > last) parts.push(document.createTextNode(text.slice(last, m.index)));
        var mark = el("mark", null, [m[0]]);
        mark.setAttribute("data-kb-highlight", "");
        parts.push(mark);
        last = m.index + m[0].length;
      }
      if (!parts.length) return;
      if (last < text.length) parts.push(document.createTextNode(text.slice(last)));
      node.replaceWith.apply(node, parts);
    });
  }

  KB.ui = { load: load, last: null }; // last: counts of the results shown (for tests and scripts/search_eval.py)
  highlightPage();
  setState("idle");
})();
