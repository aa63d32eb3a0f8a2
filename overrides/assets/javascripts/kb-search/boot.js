/*
 * The search box's scripts load on first use, like its index: opening a page costs only this
 * file (issue 22: the first-load budget).  Focus of the box, the search icon, the / s f keys,
 * or a page opened from a result (?h=: its words are marked) load engine.js, then ui.js, which
 * loads the index and takes over.  Classic scripts added by <script> tags: works from file://.
 */
(function () {
  "use strict";
  var box = document.querySelector("[data-kb-search]");
  if (!box) return;
  var base = box.getAttribute("data-kb-search-src");
  var input = box.querySelector("[data-kb-search-query]");
  var toggle = document.getElementById("__search");
  var started = false;

  function add(name, then) {
    var tag = document.createElement("script");
    tag.src = base + name;
    tag.onload = then || null;
    tag.onerror = function () {
      var meta = box.querySelector(".md-search-result__meta");
      if (meta) meta.textContent = "搜索加载失败，请刷新页面重试";
    };
    document.head.appendChild(tag);
  }

  function start() {
    if (started) return;
    started = true;
    add("engine.js", function () { add("ui.js"); });
  }

  input.addEventListener("focus", start);
  if (toggle) {
    toggle.addEventListener("change", function () {
      // The search icon opened the box (on a phone the box is behind it): type at once.
      if (toggle.checked && !started) input.focus();
      start();
    });
  }
  document.addEventListener("keydown", function (e) {
    if (started || e.metaKey || e.ctrlKey || e.altKey || e.isComposing) return;
    var active = document.activeElement;
    if (active && (active.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(active.tagName))) return;
    if (e.key === "/" || e.key === "s" || e.key === "f") {
      e.preventDefault();
      if (toggle && !toggle.checked) toggle.click();
      input.focus();
    }
  });
  if (/[?&]h=/.test(location.search)) start();
})();
