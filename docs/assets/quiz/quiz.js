/* 基层统战工作培训知识库 — self-test quizzes, progress and 错题本.
 *
 * A classic script, not an ES module: Chrome refuses module scripts from file://, and the
 * site must work when opened from a USB stick.  No framework, no network: progress lives in
 * localStorage under one versioned key; anything unreadable there is discarded, never fatal.
 * Works with Material's instant navigation (document$) and without it.  Node's require() gets
 * KB.quiz (the DOM-free store, FSRS and grading: tests/js/); the page part then stays idle.
 */
(function (window) {
  "use strict";
  var KB = window.KB = window.KB || {};
  var KEY = "kb-quiz";
  var VERSION = 2;

  /* ---- storage ------------------------------------------------------------------------
   * v2: { v: 2, q: { "bank/qid": record }, h: [exam history], l: { k, t, b } (last answer) }.
   * record: ok, t (ms), s (stem), b (bank title), a/c (answers/right), and for questions ever
   * answered wrong w: 1, d (due, ms) and the FSRS state: S (stability, days), D (difficulty),
   * p (ts-fsrs State: 1 learning, 2 review, 3 relearning).  The store stays v2 on purpose: all
   * file:// pages share one storage, and an older edition of the site (SM-2: r, i, e) discards
   * a store of a version it does not know.  It keeps w and d and drops S, D, p; a record without
   * them is turned into FSRS state again here (fromSM2).  v1 (no schedule) is migrated too. */
  var DAY = 864e5;
  function emptyStore() { return { v: VERSION, q: {}, h: [], l: null }; }
  function isNum(x) { return typeof x === "number" && isFinite(x); }
  function cleanRecord(r) {
    if (!r || typeof r !== "object" || typeof r.ok !== "boolean" || !isNum(r.t)) return null;
    var c = { ok: r.ok, t: r.t, s: typeof r.s === "string" ? r.s : "", b: typeof r.b === "string" ? r.b : "" };
    ["a", "c", "d"].forEach(function (f) { if (isNum(r[f])) c[f] = r[f]; });
    if (r.w) c.w = 1;
    if (isNum(r.S) && isNum(r.D) && r.S > 0 && r.D >= 1 && r.D <= 10 && [1, 2, 3].indexOf(r.p) >= 0) { c.S = r.S; c.D = r.D; c.p = r.p; }
    return c;
  }
  /* SM-2 → FSRS; the due date stays.  Repetition ≥ 1: review, stability = the SM-2 interval
   * (FSRS's interval at 90 % retention), so it grows from there; else learning, S = w0 (one
   * Again).  k wrong answers cost 0.54 E-Factor each (right ones none); FSRS's difficulty after
   * k Agains is about 10 − (10 − w4)(1 − 2w6/9)^(k−1), and Good barely moves it. */
  function fromSM2(r, o) {
    var k = Math.round((2.5 - (isNum(o.e) ? o.e : 2.5)) / 0.54);
    r.D = r8(10 - (10 - W[4]) * Math.pow(1 - 2 * W[6] / 9, Math.max(k - 1, 0)));
    r.p = o.r > 0 && isNum(o.i) && o.i > 0 ? 2 : 1;
    r.S = r.p > 1 ? Math.min(o.i, 36500) : W[0];
  }
  // Accepts a v1 or v2 store object; returns a clean v2 store, or null when it is not one.
  function migrate(data) {
    if (!data || typeof data !== "object" || [1, 2].indexOf(data.v) < 0) return null;
    if (!data.q || typeof data.q !== "object" || Array.isArray(data.q)) return null;
    var clean = emptyStore();
    Object.keys(data.q).forEach(function (k) {
      var o = data.q[k], r = cleanRecord(o);
      if (!r || k.indexOf("/") < 1) return;
      if (data.v === 1) {
        r.a = 1; r.c = r.ok ? 1 : 0;
        if (!r.ok) { r.w = 1; r.d = r.t; }  // due for review now
      }
      if (r.w && !r.S) fromSM2(r, o);  // SM-2 fields, or none (an older edition saved it)
      clean.q[k] = r;
      if (!clean.l || r.t > clean.l.t) clean.l = { k: k, t: r.t, b: r.b };
    });
    if (data.v > 1) {
      if (Array.isArray(data.h)) clean.h = data.h.filter(function (e) { return e && isNum(e.t) && isNum(e.s) && isNum(e.n); });
      if (data.l && typeof data.l.k === "string" && isNum(data.l.t)) clean.l = { k: data.l.k, t: data.l.t, b: String(data.l.b || "") };
    }
    return clean;
  }
  function load() {
    var raw = null;
    try { raw = window.localStorage.getItem(KEY); } catch (e) { notice(NOTE_OFF); return emptyStore(); }
    if (!raw) return emptyStore();
    var store = null;
    try { store = migrate(JSON.parse(raw)); } catch (e) { /* corrupt: fall through and discard */ }
    if (store) return store;
    notice("本机保存的作答记录无法读取（数据已损坏或不是本站的），已重新开始记录。");
    try { window.localStorage.removeItem(KEY); } catch (e) { /* storage unavailable */ }
    return emptyStore();
  }
  function save(store) {
    try { window.localStorage.setItem(KEY, JSON.stringify(store)); return true; } catch (e) {
      var full = e && (e.name === "QuotaExceededError" || e.name === "NS_ERROR_DOM_QUOTA_REACHED" || e.code === 22);
      notice(full ? "本机浏览器的存储空间已满，这次的作答记录没有保存。页面仍可照常使用；可以先“导出学习记录”备份，再清理浏览器数据。" : NOTE_OFF);
      return false;
    }
  }
  var NOTE_OFF = "浏览器不允许本站保存数据，作答记录不会保留。页面仍可照常使用。";
  var noticed = {};
  // A polite, one-time (per page) notice at the top of the page; never an error.
  function notice(text) {
    if (noticed[text]) return;
    noticed[text] = 1;
    var box = document.querySelector("article") || document.body;
    if (!box) return;
    var p = document.createElement("p");
    p.className = "kb-quiz__notice kb-store-notice";
    p.setAttribute("aria-live", "polite");
    p.textContent = text;
    box.insertBefore(p, box.firstChild);
  }

  /*! FSRS-6 as ts-fsrs 5.4 computes it (MIT License, Copyright (c) 2026 Open Spaced Repetition):
   * default w0–w20, retention 0.9, no fuzz, its rounding, elapsed days between UTC dates.  Right = Good,
   * wrong = Again.  Its short-term scheduler with learning steps [1m] (a default 2nd step would
   * put a question straight back into the 今日复习 just finished) and relearning [10m]: wrong is
   * due today, one right answer moves it out.  Checked against the library's own results:
   * scripts/dev/fsrs_vectors.mjs, tests/browser/test_fsrs_browser.py. */
  var W = [0.212, 1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194, 0.001, 1.8722, 0.1666, 0.796,
    1.4835, 0.0614, 0.2629, 1.6483, 0.6014, 1.8729, 0.5425, 0.0912, 0.0658, 0.1542];
  var E = Math.exp, P = Math.pow, DECAY = -W[20], FACTOR = r8(P(0.9, 1 / DECAY) - 1);
  var IM = r8((P(0.9, 1 / DECAY) - 1) / FACTOR);  // days of interval per day of stability
  function r8(x) { return Math.round(x * 1e8) / 1e8; }
  function clamp(x, lo, hi) { return Math.min(Math.max(x, lo), hi); }
  function d0(g) { return r8(W[4] - E((g - 1) * W[5]) + 1); }
  function ivl(s) { return Math.min(Math.max(1, Math.round(s * IM)), 36500); }
  // Memory state after grade g (1 Again, 2 Hard, 3 Good) t days after the last answer.
  function nextState(S, D, t, g) {
    var R = r8(P(1 + FACTOR * t / S, DECAY)), s;
    if (!t) { s = P(S, -W[19]) * E(W[17] * (g - 3 + W[18])); s = S * (g > 1 ? Math.max(s, 1) : s); }
    else if (g < 2) s = Math.min(Math.max(r8(S / E(W[17] * W[18])), 1e-3), r8(clamp(W[11] * P(D, -W[12]) * (P(S + 1, W[13]) - 1) * E((1 - R) * W[14]), 1e-3, 36500)));
    else s = S * (1 + E(W[8]) * (11 - D) * P(S, -W[9]) * (E((1 - R) * W[10]) - 1) * (g < 3 ? W[15] : 1));
    return { S: r8(clamp(s, 1e-3, 36500)), D: clamp(r8(W[7] * d0(4) + (1 - W[7]) * (D + r8(-W[6] * (g - 3) * (10 - D) / 9))), 1, 10) };
  }
  // The review fields (w, S, D, p, d) after answering record r (or {}) at now (ms).
  function schedule(r, ok, now) {
    var g = ok ? 3 : 1, p = r.S > 0 ? r.p : 0, t = Math.max(0, Math.floor(now / DAY) - Math.floor(r.t / DAY)), n, m;
    n = p ? nextState(r.S, r.D, t, g) : { S: Math.max(W[g - 1], 0.1), D: clamp(d0(g), 1, 10) };
    if (!ok) { n.p = p > 1 ? 3 : 1; n.d = now + (p > 1 ? 10 : 1) * 6e4; }
    else {
      m = ivl(n.S);
      if (p === 2) m = Math.max(m, Math.min(ivl(nextState(r.S, r.D, t, 2).S), m) + 1);  // Hard < Good
      n.p = 2; n.d = now + m * DAY;
    }
    n.w = 1;
    return n;
  }
  // Record one answer (bank page, exam or review) and save; meta: { s: stem, b: bank title }.
  function record(store, key, ok, meta, noSave) {
    var r = store.q[key] || {}, now = Date.now();
    var n = { ok: ok, t: now, s: (meta.s || r.s || "").slice(0, 160), b: meta.b || r.b || "", a: (r.a || 0) + 1, c: (r.c || 0) + (ok ? 1 : 0) };
    if (!ok || r.w) { var f = schedule(r, ok, now); for (var x in f) n[x] = f[x]; }
    store.q[key] = n;
    store.l = { k: key, t: now, b: n.b };
    return noSave ? true : save(store);
  }
  function endOfToday() { var d = new Date(); d.setHours(23, 59, 59, 999); return d.getTime(); }
  function dueKeys(store) {
    var end = endOfToday();
    return Object.keys(store.q).filter(function (k) { var r = store.q[k]; return r.w && isNum(r.d) && r.d <= end; });
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
  // Blank i takes any of answer[i]; with anyOrder (点多、面广、线长 in any order) the typed
  // texts need only match the blanks one to one, in some order (tried by backtracking:
  // a question has a handful of blanks).
  function blanksOk(values, answer, anyOrder) {
    function fits(v, i) { return answer[i].some(function (alt) { return norm(alt) === norm(v); }); }
    if (!anyOrder) return values.every(fits);
    var used = [];
    function place(k) {
      if (k === values.length) return true;
      for (var i = 0; i < answer.length; i++) {
        if (!used[i] && fits(values[k], i)) { used[i] = true; if (place(k + 1)) return true; used[i] = false; }
      }
      return false;
    }
    return values.length === answer.length && place(0);
  }
  function fmtDate(t) {
    var d = new Date(t);
    return d.getFullYear() + "-" + (d.getMonth() + 1) + "-" + d.getDate();
  }

  /* ---- one question ------------------------------------------------------------------- */
  /* Answer marks (issue 21): icon and words on each option (in its label: read with it) and
   * blank; a wrong blank only ✗, as the feedback names the answers.  ok == null: clear. */
  function marks(form, ok, anyOrder) {
    $$(form, ".kb-mark").forEach(function (m) { m.remove(); });
    if (ok == null) return;
    var answer = JSON.parse(form.getAttribute("data-answer")), many = form.getAttribute("data-type") === "multiple", used = [];
    function put(node, k, text, after) {
      var m = el("span", null, "kb-mark kb-mark--" + ["ok", "bad", "no"][k]);
      m.appendChild(el("span", "✓✗○"[k])).setAttribute("aria-hidden", "true");
      m.appendChild(document.createTextNode(" " + text));
      if (after) node.parentNode.insertBefore(m, node.nextSibling); else node.lastElementChild.appendChild(m);
    }
    $$(form, ".kb-q__blank").forEach(function (x, i) {
      var j = -1;
      answer.forEach(function (alts, k) {
        if (j < 0 && !used[k] && (anyOrder || k === i) && alts.some(function (a) { return norm(a) === norm(x.value); })) used[j = k] = 1;
      });
      put(x, ok || j >= 0 ? 0 : 1, ok || j >= 0 ? "正确" : x.value.trim() ? "错误" : "未填", 1);
    });
    var keys = many ? answer : [answer];
    $$(form, ".kb-q__option").forEach(function (o) {
      var right = keys.indexOf(Number(o.getAttribute("data-key"))) >= 0;
      if (o.querySelector("input").checked) put(o, right ? 0 : 1, "您的选择（" + (right ? "正确）" : "错误）"));
      else if (right) put(o, 0, many ? "正确答案（未选）" : "正确答案");
      else if (many) put(o, 2, "不是答案（未选）");
    });
  }
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
      marks(form);
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
        ok = blanksOk(inputs.map(function (el) { return el.value; }), answer, form.hasAttribute("data-any-order"));
      } else {
        var chosen = $$(form, "input:checked").map(function (el) { return Number(el.value); }).sort();
        if (!chosen.length) { status.textContent = "请先选择答案。"; return; }
        if (type === "multiple") ok = JSON.stringify(chosen) === JSON.stringify(answer.slice().sort());
        else ok = chosen.length === 1 && chosen[0] === answer;
      }
      status.textContent = ok ? "回答正确。" : "回答错误。正确答案：" + correctText() + "。";
      form.classList.add(ok ? "kb-q--right" : "kb-q--wrong");
      marks(form, ok, form.hasAttribute("data-any-order"));
      explanation.hidden = false;
      button.hidden = true;
      $$(form, "input").forEach(function (el) { el.disabled = true; });
      var stem = form.querySelector(".kb-q__stem");
      record(store, key, ok, { s: stem ? stem.textContent : "", b: bank.title });
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
    var all = questions;
    function only(filter) {
      var shown = 0;
      all.forEach(function (q) {
        var show = questions.indexOf(q) >= 0 && filter(q);
        q.form.hidden = !show;
        if (show) { q.reset(); shown++; }
      });
      return shown;
    }
    roleFilter(root, all, function (mine) { questions = mine; only(function () { return true; }); bank.update(); });
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

  /* BANK.html?role=岗位 (the role pages' 给我的练习): only the questions for that role (their
   * data-audience, else the bank's; empty = everyone), numbered 1…n, with a note saying so and
   * a button to show all.  ``use(list)`` makes the bank page work on that list. */
  function roleFilter(root, all, use) {
    var role = "";
    try { role = new URLSearchParams(window.location.search).get("role") || ""; } catch (e) { /* old browser */ }
    if (!role) return;
    var bankAudience = json(root, "data-audience");
    var mine = all.filter(function (q) {
      var a = q.form.hasAttribute("data-audience") ? json(q.form, "data-audience") : bankAudience;
      return !a.length || a.indexOf(role) >= 0;
    });
    var note = el("p", null, "kb-quiz__notice kb-quiz__role");
    note.setAttribute("aria-live", "polite");
    var summary = root.querySelector(".kb-quiz__summary");
    summary.parentNode.insertBefore(note, summary.nextSibling);
    function number(list) {
      list.forEach(function (q, i) {
        var no = q.form.querySelector(".kb-q__no");
        if (!no.hasAttribute("data-text")) no.setAttribute("data-text", no.textContent);
        no.textContent = no.getAttribute("data-text").replace(/^第 \d+ 题/, "第 " + (i + 1) + " 题");
      });
    }
    function show(onlyMine) {
      note.textContent = "";
      var list = onlyMine ? mine : all;
      number(list);
      use(list);
      var b = el("button", onlyMine ? "显示全部 " + all.length + " 题" : "只看适用于“" + role + "”的 " + mine.length + " 题", "md-button");
      b.type = "button";
      b.addEventListener("click", function () { show(!onlyMine); });
      note.appendChild(document.createTextNode(onlyMine
        ? "本页只显示适用于“" + role + "”的 " + mine.length + " 题（本题库共 " + all.length + " 题）。"
        : "已显示本题库全部 " + all.length + " 题。"));
      note.appendChild(document.createTextNode(" "));
      note.appendChild(b);
    }
    if (!mine.length) { note.textContent = "本题库没有标明适用于“" + role + "”的题，下面是全部题目。"; return; }
    if (mine.length === all.length) { note.textContent = "本题库的 " + all.length + " 题都适用于“" + role + "”。"; return; }
    show(true);
  }

  /* ---- 错题本 ---------------------------------------------------------------------------- */
  // Bank ids the page was built with (data-banks): links are made only to these, never from
  // whatever another page of the same origin (any file:// page) wrote into the store.
  function knownBanks(root) {
    var known = {};
    (root.getAttribute("data-banks") || "").split(" ").forEach(function (id) {
      if (/^[a-z0-9]+(-[a-z0-9]+)*$/.test(id)) known[id] = 1;
    });
    return known;
  }
  function setupWrongBook(root) {
    var store = load(), known = knownBanks(root);
    var groups = {};
    Object.keys(store.q).forEach(function (k) {
      var r = store.q[k];
      if (r.ok) return;
      var bank = k.slice(0, k.indexOf("/"));
      if (!known.hasOwnProperty(bank) || !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(k.slice(bank.length + 1))) return;
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

  /* ---- learning record: progress per bank and shortfall, 今日复习, export/import ------- */
  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text != null) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  }
  function table(head, rows) {
    var t = el("table"), tr = el("tr");
    head.forEach(function (h) { tr.appendChild(el("th", h)); });
    t.appendChild(el("thead")).appendChild(tr);
    var body = t.appendChild(el("tbody"));
    rows.forEach(function (r) {
      var row = body.appendChild(el("tr"));
      r.forEach(function (c) { var td = row.appendChild(el("td")); if (c && c.nodeType) td.appendChild(c); else td.textContent = c; });
    });
    // Material's own wrapping of content tables, which it does not do for tables made later:
    // a wide table scrolls in its box (kb-a11y.js makes the box a focusable, labelled region).
    var wrap = el("div", null, "md-typeset__scrollwrap");
    wrap.appendChild(el("div", null, "md-typeset__table")).appendChild(t);
    return wrap;
  }
  function link(href, text) { var a = el("a", text); a.href = href; return a; }
  function tally(store, keys) {
    var done = 0, right = 0, last = 0;
    keys.forEach(function (k) { var r = store.q[k]; if (r) { done++; if (r.ok) right++; if (r.t > last) last = r.t; } });
    return { done: done, right: right, last: last };
  }
  function bankKeys(store, id) { return Object.keys(store.q).filter(function (k) { return k.indexOf(id + "/") === 0; }); }
  function json(node, name) { try { return JSON.parse(node.getAttribute(name) || "[]"); } catch (e) { return []; } }

  function setupProgress(root) {
    var store = load(), box = root.querySelector(".kb-progress__tables");
    if (!box) {
      root.textContent = "";
      box = root.appendChild(el("div", null, "kb-progress__tables"));
      if (root.hasAttribute("data-record")) setupRecord(root);
    }
    box.textContent = "";
    root = box;
    var host = box.parentNode;
    var review = host.getAttribute("data-review");
    if (review) {
      var n = dueKeys(store).length, p = el("p", null, "kb-due");
      p.appendChild(document.createTextNode(n ? "今日复习：有 " + n + " 道题到期。" : "今日复习：今天没有到期的题。"));
      if (n) p.appendChild(link(review, "开始今日复习"));
      root.appendChild(p);
    }
    var rows = json(host, "data-banks").map(function (b) {
      var t = tally(store, b.keys || bankKeys(store, b.id));  // keys: a role page's questions only
      return [link(b.href, b.title), t.done + "/" + b.n, String(t.right), t.last ? fmtDate(t.last) : "—"];
    });
    if (rows.length) root.appendChild(table(["题库", "已答", "答对", "最近作答"], rows));
    var sf = json(host, "data-shortfalls").map(function (s) {
      var t = tally(store, s.keys);
      return [s.title, t.done + "/" + s.keys.length, String(t.right)];
    });
    if (sf.length) root.appendChild(table(["培训短板", "已答", "答对"], sf));
  }

  var APP = "jiceng-tongzhan-kb", KIND = "learning-record";
  function setupRecord(root) {
    var box = el("p", null, "kb-record");
    var out = el("button", "导出学习记录", "md-button");
    out.type = "button";
    var label = el("label", "导入学习记录", "md-button kb-record__import");
    var file = el("input");
    file.type = "file";
    file.accept = ".json,application/json";
    label.appendChild(file);
    var status = el("p", null, "kb-record__status");
    status.setAttribute("role", "status");
    box.appendChild(out); box.appendChild(document.createTextNode(" ")); box.appendChild(label);
    root.appendChild(box); root.appendChild(status);
    out.addEventListener("click", function () {
      var rec = { app: APP, kind: KIND, v: VERSION, exported: new Date().toISOString(), data: load() };
      var a = link(URL.createObjectURL(new Blob([JSON.stringify(rec, null, 1)], { type: "application/json" })), "");
      a.download = "学习记录-" + fmtDate(Date.now()) + ".json";
      document.body.appendChild(a); a.click(); a.remove();
      status.textContent = "已导出学习记录（" + Object.keys(rec.data.q).length + " 道题的作答记录）。在另一台设备上用“导入学习记录”即可继续。";
    });
    file.addEventListener("change", function () {
      var f = file.files && file.files[0];
      if (!f) return;
      var reader = new FileReader();
      reader.onload = function () {
        status.textContent = importRecord(String(reader.result));
        file.value = "";
        setupProgress(root);
      };
      reader.onerror = function () { status.textContent = "无法读取所选文件，学习记录没有改动。"; };
      reader.readAsText(f);
    });
  }
  // Merge an exported file into the store: per question the newer record wins; nothing is deleted.
  function importRecord(text) {
    var NO = "学习记录没有改动。", rec, data;
    try { rec = JSON.parse(text); } catch (e) { return "导入失败：这个文件不是有效的学习记录文件（无法解析）。" + NO; }
    if (!rec || rec.app !== APP || rec.kind !== KIND) return "导入失败：这个文件不是本知识库导出的学习记录。" + NO;
    if (!isNum(rec.v) || rec.v > VERSION) return "导入失败：这个学习记录来自更新版本的知识库，请先更新本站。" + NO;
    data = migrate(rec.data);
    if (!data) return "导入失败：学习记录文件的内容不完整或已损坏。" + NO;
    var store = load(), added = 0, newer = 0, kept = 0;
    Object.keys(data.q).forEach(function (k) {
      var mine = store.q[k], theirs = data.q[k];
      if (!mine) { store.q[k] = theirs; added++; }
      else if (theirs.t > mine.t) { store.q[k] = theirs; newer++; }
      else kept++;
    });
    var seen = {};
    store.h.forEach(function (e) { seen[e.t + "/" + e.p] = 1; });
    data.h.forEach(function (e) { if (!seen[e.t + "/" + e.p]) store.h.push(e); });
    store.h.sort(function (x, y) { return x.t - y.t; });
    if (data.l && (!store.l || data.l.t > store.l.t)) store.l = data.l;
    if (!save(store)) return "导入失败：本机浏览器无法保存（存储空间已满或被禁止）。" + NO;
    return "已导入学习记录：新增 " + added + " 道题、更新 " + newer + " 道题的记录；本机较新的 " + kept + " 道题保持不变。";
  }

  /* 今日学习 on the home page.  First visit: the role choice as built (plain links, which also
   * work without JavaScript or storage); the role picked is kept under kb-role (its name, as in
   * ?role=).  A returning cadre (a role or an answer stored) gets 继续学习, today's review and
   * 错题本 counts and the role's next 学习步骤.  A step counts as done once opened from here
   * (kb-steps: {role: [step index]}): content pages run no script, so what was read is unknown,
   * and opening it is the one honest sign; the full list stays on the role page. */
  function getItem(k) { try { return window.localStorage.getItem(k); } catch (e) { return null; } }
  function setItem(k, v) { try { window.localStorage.setItem(k, v); } catch (e) { /* storage off: this visit only */ } }
  function setupContinue(root) {
    var store = load(), base = root.getAttribute("data-base") || "", known = knownBanks(root);
    var choice = root.querySelector(".kb-today__choice"), name = getItem("kb-role"), role = null, steps = null;
    json(root, "data-roles").forEach(function (r) { if (r.r === name) role = r; });
    try { steps = JSON.parse(getItem("kb-steps")); } catch (e) { /* unreadable: start again */ }
    if (!steps || typeof steps !== "object" || Array.isArray(steps)) steps = {};
    var done = role && Array.isArray(steps[role.r]) ? steps[role.r] : [];
    root.addEventListener("click", function (e) {
      var a = e.target.closest && e.target.closest("a[data-role], a[data-step]");
      if (!a) return;
      if (a.hasAttribute("data-role")) return setItem("kb-role", a.getAttribute("data-role"));
      done.push(Number(a.getAttribute("data-step")));
      steps[role.r] = done;
      setItem("kb-steps", JSON.stringify(steps));
    });
    var mine = Object.keys(store.q).filter(function (k) { return known.hasOwnProperty(k.slice(0, k.indexOf("/"))); });
    if (!role && !mine.length) return;
    root.textContent = "";
    if (role) {
      var me = root.appendChild(el("p", "我的岗位："));
      me.appendChild(link(role.h, role.t));
      var change = me.appendChild(el("button", "更换岗位", "md-button"));
      change.type = "button";
      change.setAttribute("aria-expanded", "false");
      change.addEventListener("click", function () {
        choice.hidden = !choice.hidden;
        change.setAttribute("aria-expanded", String(!choice.hidden));
      });
      choice.hidden = true;
    } else choice.firstChild.textContent = "选择您的岗位，这里会提示下一步学什么：";
    var p = root.appendChild(el("p", null, "kb-continue"));
    var last = store.l, slash = last ? last.k.indexOf("/") : -1;
    if (slash > 0 && !known.hasOwnProperty(last.k.slice(0, slash))) slash = -1;
    if (slash > 0) {
      p.appendChild(document.createTextNode("继续学习："));
      p.appendChild(link(base + last.k.slice(0, slash) + ".html#q-" + last.k.slice(slash + 1), last.b || last.k.slice(0, slash)));
      p.appendChild(document.createTextNode("（上次作答于 " + fmtDate(last.t) + "）"));
    } else {
      p.appendChild(document.createTextNode("还没有作答记录。可以从"));
      p.appendChild(link(base + "index.html", "自测练习"));
      p.appendChild(document.createTextNode("开始。"));
    }
    var due = dueKeys(store).filter(function (k) { return mine.indexOf(k) >= 0; }).length;
    var wrong = mine.filter(function (k) { return !store.q[k].ok; }).length;
    var tiles = root.appendChild(el("ul", null, "kb-today__roles kb-today__tiles"));
    tiles.appendChild(el("li")).appendChild(link(base + "wrong-answers.html?review#review", "今日复习 " + due + " 题"));
    tiles.appendChild(el("li")).appendChild(link(base + "wrong-answers.html", "错题本 " + wrong + " 题"));
    if (role) {
      var next = root.appendChild(el("div", null, "kb-today__next")), i = 0, n = role.s.length;
      while (i < n && done.indexOf(i) >= 0) i++;
      if (i < n) {
        next.appendChild(el("p", "下一步：第 " + (i + 1) + " 步（共 " + n + " 步）", "kb-today__step"));
        var s = next.appendChild(el("p"));
        role.s[i].forEach(function (part) {
          if (typeof part === "string") s.appendChild(document.createTextNode(part));
          else s.appendChild(link(part[1], part[0])).setAttribute("data-step", i);
        });
      } else next.appendChild(el("p", "本岗位的 " + n + " 个学习步骤都已从这里打开过。", "kb-today__step"));
      next.appendChild(link(role.h + "#path", "全部学习步骤"));
    }
    root.appendChild(choice);
  }

  KB.quiz = {
    migrate: migrate, cleanRecord: cleanRecord, nextState: nextState,
    load: load, save: save, answer: record, schedule: schedule, dueKeys: dueKeys, norm: norm, blanksOk: blanksOk, fmtDate: fmtDate,
    $$: $$, el: el, marks: marks, table: table, link: link, LETTERS: LETTERS, DAY: DAY, notice: notice
  };

  function init() {
    $$(document, ".kb-quiz").forEach(setupBank);
    $$(document, ".kb-wrongbook").forEach(setupWrongBook);
    $$(document, "[data-kb-mastery]").forEach(setupMastery);
    $$(document, ".kb-progress").forEach(setupProgress);
    $$(document, ".kb-today").forEach(setupContinue);
    if (KB.exam) KB.exam.init();
  }
  if (typeof module == "object" && module.exports) module.exports = KB.quiz;
  if (!window.document) return;
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(init);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})(typeof window == "object" ? window : {});
