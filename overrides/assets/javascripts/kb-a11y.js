/*
 * Accessibility on every page (a classic script, so it also runs from file://):
 *
 * - 字号: the header's buttons (partials/header.html) set data-kb-font on <html>, which kb.css
 *   turns into the content's font size; the choice is kept in localStorage and read again, before
 *   first paint, by the inline script of main.html.  Other open tabs follow (storage event).
 * - Tables: Material wraps each content table in .md-typeset__scrollwrap at run time.  A wrap that
 *   scrolls sideways becomes a labelled region in the tab order, so keyboard users can scroll it
 *   and screen readers announce it (WCAG 2.1.1, axe scrollable-region-focusable).  The same for
 *   code blocks (Material makes them focusable only on devices with a mouse).
 * - Landmarks: Material names the page's table of contents 目录 and each nested list of it after
 *   its heading, which can repeat another navigation's name (a section 工作职责, the handbook's
 *   own 目录).  Prefixing 本页目录 makes every navigation landmark's name unique.
 * - 朗读: a button under the title; its engine (../quiz/readaloud.js) loads on first use.
 */
(function () {
  "use strict";
  var KB = window.KB = window.KB || {};
  var KEY = "kb-font-size";
  var SIZES = ["s", "m", "l", "xl"];
  var root = document.documentElement;

  function syncButtons() {
    var size = root.getAttribute("data-kb-font") || "m";
    var buttons = document.querySelectorAll("[data-kb-font-set]");
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].setAttribute("aria-pressed", String(buttons[i].getAttribute("data-kb-font-set") === size));
    }
  }

  function setSize(size, remember) {
    if (SIZES.indexOf(size) < 0) return;
    root.setAttribute("data-kb-font", size);
    syncButtons();
    if (remember) {
      try { window.localStorage.setItem(KEY, size); } catch (e) { /* storage off: this page only */ }
    }
    markScrollers();
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-kb-font-set]") : null;
    if (button) setSize(button.getAttribute("data-kb-font-set"), true);
    if (event.target.closest && event.target.closest("[data-kb-print]")) window.print();  // 学习手册
  });
  window.addEventListener("storage", function (event) {
    if (event.key === KEY) setSize(event.newValue || "m", false);
  });

  function headingBefore(el) {
    // The nearest heading above the table in document order, without Material's ¶ link.
    for (var node = el; node && node !== document.body; node = node.parentElement) {
      for (var sib = node.previousElementSibling; sib; sib = sib.previousElementSibling) {
        if (/^H[1-6]$/.test(sib.tagName)) {
          var copy = sib.cloneNode(true);
          var links = copy.querySelectorAll(".headerlink");
          for (var i = 0; i < links.length; i++) links[i].remove();
          return copy.textContent.trim();
        }
      }
    }
    return "";
  }

  function markScrollers() {
    var wraps = document.querySelectorAll(".md-typeset__scrollwrap, .md-typeset pre > code");
    var names = {};
    for (var i = 0; i < wraps.length; i++) {
      var el = wraps[i];
      var scrolls = el.scrollWidth > el.clientWidth + 1;
      var isTable = el.classList.contains("md-typeset__scrollwrap");
      if (scrolls) {
        el.setAttribute("tabindex", "0");
        if (isTable) {
          var heading = headingBefore(el);
          var name = "表格（可左右滚动）" + (heading ? "：" + heading : "");
          names[name] = (names[name] || 0) + 1;
          el.setAttribute("role", "region");
          el.setAttribute("aria-label", names[name] > 1 ? name + " " + names[name] : name);
        }
      } else if (isTable) {
        // Code blocks are left to Material, which drops their tab stop itself.
        el.removeAttribute("tabindex");
        el.removeAttribute("role");
        el.removeAttribute("aria-label");
      }
    }
  }

  function nameLandmarks() {
    var tocs = document.querySelectorAll("nav.md-nav--secondary");
    for (var i = 0; i < tocs.length; i++) {
      tocs[i].setAttribute("aria-label", "本页目录");
      var nested = tocs[i].querySelectorAll("nav[aria-label]");
      for (var j = 0; j < nested.length; j++) {
        var label = nested[j].getAttribute("aria-label");
        if (label.indexOf("本页目录：") !== 0) nested[j].setAttribute("aria-label", "本页目录：" + label);
      }
    }
  }

  var pending = false;
  function later() {
    if (pending) return;
    pending = true;
    window.requestAnimationFrame(function () { pending = false; markScrollers(); });
  }

  var engine = ((document.currentScript || {}).src || "").replace(/javascripts\/kb-a11y.*/, "quiz/readaloud.js");
  function loadEngine() {
    if (!loadEngine.s) document.head.appendChild(loadEngine.s = document.createElement("script")).src = engine;
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-kb-read]") : null;
    if (button && !KB.read) { KB.readFirst = button; loadEngine(); }
  });
  function addReader() {
    var article = document.querySelector("article.md-content__inner"), title = article && article.querySelector("h1");
    if (!article || article.querySelector(".kb-read")) return;
    var box = article.insertBefore(document.createElement("div"), title ? title.nextSibling : article.firstChild);
    box.className = "kb-read";
    box.innerHTML = '<button type="button" data-kb-read="play">朗读</button>';
  }

  function init() {
    addReader();
    syncButtons();
    nameLandmarks();
    markScrollers();
  }

  window.addEventListener("resize", later);
  // Material's document$ emits once per page (and again after instant navigation); Material
  // wraps the tables in its own subscriber, which runs before this one.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else {
    init();
  }
  // Tables made or widened after load (quiz progress, exam results, opened details) change the
  // content's size: look again then.
  window.addEventListener("load", later);
  document.addEventListener("toggle", later, true);
  var content = document.querySelector(".md-content");
  if (content && window.ResizeObserver) new window.ResizeObserver(later).observe(content);
})();
