/* 基层统战工作培训知识库 — self-test quizzes, progress and 错题本.
 *
 * A classic script, not an ES module: Chrome refuses module scripts from file://, and the
 * site must work when opened from a USB stick.  No framework, no network: progress lives in
 * localStorage under one versioned key; anything unreadable there is discarded, never fatal.
 * Works with Material's instant navigation (document$) and without it.
 */
(function () {
  "use strict";
  var KEY = "kb-quiz";
  var VERSION = 1;

  /* ---- storage ------------------------------------------------------------------------ */
  function emptyStore() { return { v: VERSION, q: {} }; }
  function load() {
    var raw = null;
    try { raw = window.localStorage.getItem(KEY); } catch (e) { return emptyStore(); }
    if (!raw) return emptyStore();
    try {
      var data = JSON.parse(raw);
      if (data && data.v === VERSION && data.q && typeof data.q === "object" && !Array.isArray(data.q)) {
        var clean = emptyStore();
        Object.keys(data.q).forEach(function (k) {
          var r = data.q[k];
          if (r && typeof r.ok === "boolean" && typeof r.t === "number") clean.q[k] = r;
        });
        return clean;
      }
    } catch (e) { /* corrupt: fall through and discard */ }
    try { window.localStorage.removeItem(KEY); } catch (e) { /* storage unavailable */ }
    return emptyStore();
  }
  function save(store) {
    try { window.localStorage.setItem(KEY, JSON.stringify(store)); } catch (e) { /* full or disabled */ }
  }

  /* ---- helpers ------------------------------------------------------------------------ */
  var LETTERS = "ABCDEFGH";
  function $$(root, sel) { return Array.prototype.slice.call(root.querySelectorAll(sel)); }
  function shuffle(list) {
    for (var i = list.length - 1; i > 0; i--) {
      var j = Math.floor(Math.random() * (i + 1));
      var t = list[i]; list[i] = list[j]; list[j] = t;
    }
    return list;
  }
  // Blank answers compare after NFKC (full/half width), case, spaces and punctuation.
  function norm(s) {
    s = String(s || "");
    if (s.normalize) s = s.normalize("NFKC");
    return s.toLowerCase().replace(/[\s\u3000.,;:!?'"()\[\]{}<>\-_/\\、，。；：！？“”‘’（）《》【】…—·]/g, "");
  }
  function fmtDate(t) {
    var d = new Date(t);
    return d.getFullYear() + "-" + (d.getMonth() + 1) + "-" + d.getDate();
  }

  /* ---- one question ------------------------------------------------------------------- */
  function setupQuestion(form, bank, store) {
    var type = form.getAttribute("data-type");
    var answer = JSON.parse(form.getAttribute("data-answer"));
    var status = form.querySelector("[role=status]");
    var explanation = form.querySelector(".kb-q__explanation");
    var button = form.querySelector(".kb-q__check");
    var box = form.querySelector(".kb-q__options");
    var key = bank.id + "/" + form.getAttribute("data-qid");

    function reset() {
      if (box && (type === "single" || type === "multiple")) {
        shuffle($$(box, ".kb-q__option")).forEach(function (label, i) {
          box.appendChild(label);
          label.querySelector(".kb-q__letter").textContent = LETTERS[i] + ".";
        });
      }
      $$(form, "input").forEach(function (el) { el.disabled = false; el.checked = false; if (el.type === "text") el.value = ""; });
      status.textContent = "";
      explanation.hidden = true;
      button.hidden = false;
      form.classList.remove("kb-q--right", "kb-q--wrong");
      var prev = store.q[key];
      var note = form.querySelector(".kb-q__previous");
      if (!note) { note = document.createElement("p"); note.className = "kb-q__previous"; button.parentNode.insertBefore(note, button); }
      note.textContent = prev ? "上次作答（" + fmtDate(prev.t) + "）：" + (prev.ok ? "正确" : "错误") : "";
    }
    function shownLetter(k) {
      var labels = $$(box, ".kb-q__option");
      for (var i = 0; i < labels.length; i++) if (labels[i].getAttribute("data-key") === String(k)) return LETTERS[i];
      return "";
    }
    function correctText() {
      if (type === "judge") return answer === 0 ? "对" : "错";
      if (type === "blank") return answer.map(function (alts) { return alts[0]; }).join("；");
      var keys = type === "single" ? [answer] : answer;
      return keys.map(shownLetter).sort().join("");
    }
    function check() {
      var ok;
      if (type === "blank") {
        var inputs = $$(form, ".kb-q__blank");
        if (inputs.every(function (el) { return !el.value.trim(); })) { status.textContent = "请先填写答案。"; return; }
        ok = inputs.every(function (el, i) {
          return answer[i].some(function (alt) { return norm(alt) === norm(el.value); });
        });
      } else {
        var chosen = $$(form, "input:checked").map(function (el) { return Number(el.value); }).sort();
        if (!chosen.length) { status.textContent = "请先选择答案。"; return; }
        if (type === "multiple") ok = JSON.stringify(chosen) === JSON.stringify(answer.slice().sort());
        else ok = chosen.length === 1 && chosen[0] === answer;
      }
      status.textContent = ok ? "回答正确。" : "回答错误。正确答案：" + correctText() + "。";
      form.classList.add(ok ? "kb-q--right" : "kb-q--wrong");
      explanation.hidden = false;
      button.hidden = true;
      $$(form, "input").forEach(function (el) { el.disabled = true; });
      var stem = form.querySelector(".kb-q__stem");
      store.q[key] = { ok: ok, t: Date.now(), s: (stem ? stem.textContent : "").slice(0, 160), b: bank.title };
      save(store);
      bank.update();
    }
    form.addEventListener("submit", function (e) { e.preventDefault(); check(); });
    reset();
    return { key: key, form: form, reset: reset };
  }

  /* ---- one bank page ------------------------------------------------------------------ */
  function setupBank(root) {
    if (root.getAttribute("data-kb-ready")) return;
    root.setAttribute("data-kb-ready", "1");
    var store = load();
    var bank = { id: root.getAttribute("data-bank"), title: root.getAttribute("data-title") };
    var summary = root.querySelector(".kb-quiz__summary");
    var questions = [];
    bank.update = function () {
      var done = 0, right = 0;
      questions.forEach(function (q) { var r = store.q[q.key]; if (r) { done++; if (r.ok) right++; } });
      summary.textContent = "共 " + questions.length + " 题，已答 " + done + " 题，答对 " + right + " 题" +
        (done ? "（正确率 " + Math.round(right * 100 / done) + "%）" : "") + "。";
    };
    questions = $$(root, "form.kb-q").map(function (f) { return setupQuestion(f, bank, store); });
    function only(filter) {
      var shown = 0;
      questions.forEach(function (q) {
        var show = filter(q);
        q.form.hidden = !show;
        if (show) { q.reset(); shown++; }
      });
      return shown;
    }
    var controls = root.querySelector(".kb-quiz__controls");
    controls.hidden = false;
    controls.addEventListener("click", function (e) {
      var action = e.target.getAttribute && e.target.getAttribute("data-kb-action");
      if (action === "all") only(function () { return true; });
      if (action === "wrong") {
        var n = only(function (q) { var r = store.q[q.key]; return r && !r.ok; });
        summary.textContent = n ? "错题重做：共 " + n + " 题。" : "本题库没有错题。";
      }
    });
    bank.update();
    if (/[?&]wrong\b/.test(window.location.search)) {
      only(function (q) { var r = store.q[q.key]; return (r && !r.ok) || ("#" + q.form.id) === window.location.hash; });
      var target = window.location.hash && document.getElementById(window.location.hash.slice(1));
      if (target && target.scrollIntoView) target.scrollIntoView();
    }
  }

  /* ---- 错题本 ---------------------------------------------------------------------------- */
  function setupWrongBook(root) {
    var store = load();
    var groups = {};
    Object.keys(store.q).forEach(function (k) {
      var r = store.q[k];
      if (r.ok) return;
      var bank = k.slice(0, k.indexOf("/"));
      (groups[bank] = groups[bank] || { title: r.b || bank, items: [] }).items.push({ qid: k.slice(k.indexOf("/") + 1), r: r });
    });
    root.textContent = "";
    var banks = Object.keys(groups).sort();
    if (!banks.length) {
      var p = document.createElement("p");
      p.textContent = "错题本是空的。在各题库中答错的题目会自动收录到这里，答对后自动移出。";
      root.appendChild(p);
      return;
    }
    var total = 0;
    banks.forEach(function (bank) {
      var g = groups[bank];
      var h = document.createElement("h2");
      var a = document.createElement("a");
      a.href = bank + ".html?wrong";
      a.textContent = g.title + "（" + g.items.length + " 题）";
      h.appendChild(a);
      root.appendChild(h);
      var ul = document.createElement("ul");
      g.items.sort(function (x, y) { return y.r.t - x.r.t; }).forEach(function (it) {
        var li = document.createElement("li");
        li.className = "kb-wrong";
        li.appendChild(document.createTextNode(it.r.s + "（" + fmtDate(it.r.t) + " 答错） "));
        var redo = document.createElement("a");
        redo.href = bank + ".html?wrong#q-" + it.qid;
        redo.textContent = "重做";
        li.appendChild(redo);
        ul.appendChild(li);
        total++;
      });
      root.appendChild(ul);
    });
    var intro = document.createElement("p");
    intro.className = "kb-quiz__summary";
    intro.textContent = "共 " + total + " 道错题。点击“重做”回到题库重新作答，答对后自动移出错题本。";
    root.insertBefore(intro, root.firstChild);
  }

  /* ---- mastery on the coverage page --------------------------------------------------- */
  function setupMastery(el) {
    var store = load();
    var keys = (el.getAttribute("data-keys") || "").split(" ").filter(Boolean);
    var right = keys.filter(function (k) { return store.q[k] && store.q[k].ok; }).length;
    el.textContent = "已掌握 " + right + "/" + keys.length + (keys.length ? "（" + Math.round(right * 100 / keys.length) + "%）" : "");
  }

  function init() {
    $$(document, ".kb-quiz").forEach(setupBank);
    $$(document, ".kb-wrongbook").forEach(setupWrongBook);
    $$(document, "[data-kb-mastery]").forEach(setupMastery);
  }
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(init);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
