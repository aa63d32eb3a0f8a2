/* 基层统战工作培训知识库 — 模拟考试 (quizzes/exam.html) and 今日复习 (the 错题本 page).
 *
 * A classic script after quiz.js (KB.quiz: the store) and quizzes/exam-data.js (KB.examData:
 * every bank, written at build time; file:// forbids fetch).  Node's require() gets the paper's
 * draw and the 成绩文件 checksum (tests/js/).
 *
 * A fixed paper is a link: exam.html?banks=ID,ID&roles=岗位&shortfalls=ID&n=N&seed=S&minutes=M
 * (&same=1: allow several questions on one passage).  The draw, identical in every browser:
 *   1. banks: those in banks= (none → all), always in bank-id order (as in exam-data.js),
 *      whatever order the link names them;
 *   2. pool: their questions in bank order, only those for a role in roles= when it is given
 *      (each question's own audience, exam-data.js `audience`: empty = everyone) and only those
 *      covering a shortfall in shortfalls= when it is given (no question twice);
 *   3. rand = mulberry32(seed) (seed: a decimal integer mod 2^32, any other text its 32-bit
 *      FNV-1a hash); Fisher–Yates from the last index down: j = floor(rand() * (i + 1));
 *   4. the paper is the first n of the shuffled pool, skipping a question whose same-passage
 *      group (exam-data.js `group`) is already on the paper unless same=1; then, question by
 *      question, the options of single and multiple choice questions are shuffled with the
 *      same rand (same loop).
 * A paper changes only when its banks change.  今日复习 (the 错题本 page, ?review&roles=岗位)
 * takes the due questions for those roles, one per same-passage group (the rest stay due).
 *
 * 成绩文件 (saved after 交卷, summed up by `build.py results` and class-results.js; see
 * kb/results/fileformat.py): {app, kind: "exam-result", v: 2, paper: {banks, n, seed,
 * roles, shortfalls, minutes, id}, questions: [{key, v (exam-data.js `v`), covers, answer,
 * correct}], score: {right, total}, shortfalls: {id: {right, total}}, started, finished (local
 * time with its UTC offset), seconds, name, unit, checksum}.  answer: the options chosen as
 * indexes in the bank's order (判断: 0 对, 1 错), or the texts typed in the blanks ("" if left
 * open); results regrade it, never counting correct/score.  paper.id: the first 16 hex digits of
 * SHA-256 of the question keys ("bank/qid") joined by "\n".  checksum: "sha256:" + SHA-256 of
 * the canonical form of everything else.  Canonical form (the same in
 * scripts/kb/results/fileformat.py): JSON with object keys sorted by UTF-16 code units
 * (Array.prototype.sort), no spaces, strings and numbers as JSON.stringify writes them
 * (non-ASCII characters as themselves), encoded as UTF-8.
 * SHA-256 is computed here in plain JS, not crypto.subtle: that exists only in secure contexts,
 * and a plain-HTTP intranet server (http://10.x.x.x/) is not one.  The checksum detects a
 * hand-edited file, not a forgery: anyone can recompute it.
 */
(function (window) {
  "use strict";
  var KB = window.KB = window.KB || {};
  var K, D, LETTERS, $$, el;
  var script = window.document && document.currentScript;
  var BASE = script ? script.src.replace(/[^/]*$/, "") : "";

  function mulberry32(a) {
    return function () {
      a = (a + 0x6d2b79f5) | 0;
      var t = Math.imul(a ^ (a >>> 15), 1 | a);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }
  function seedOf(s) {
    if (/^\d+$/.test(s)) return Number(s) % 4294967296;
    var h = 0x811c9dc5;
    for (var i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
    return h >>> 0;
  }
  function ror(x, n) { return (x >>> n) | (x << (32 - n)); }
  function sha256(text) {
    var b = new TextEncoder().encode(text), len = b.length, K = [], H = [], x = 2, d, i, j;
    function frac(v) { return (v - Math.floor(v)) * 4294967296 | 0; }
    while (K.length < 64) {  // the first 64 primes: H from square roots, K from cube roots
      for (d = 2; d * d <= x && x % d; d++);
      if (d * d > x) { if (H.length < 8) H.push(frac(Math.sqrt(x))); K.push(frac(Math.pow(x, 1 / 3))); }
      x++;
    }
    var w = [], n = ((len + 8) >> 6) * 16 + 16;
    for (i = 0; i < n; i++) w[i] = 0;
    for (i = 0; i < len; i++) w[i >> 2] |= b[i] << (24 - (i & 3) * 8);
    w[len >> 2] |= 0x80 << (24 - (len & 3) * 8);
    w[n - 2] = len / 536870912 | 0; w[n - 1] = len << 3;
    for (j = 0; j < n; j += 16) {
      var m = w.slice(j, j + 16), a = H.slice();
      for (i = 0; i < 64; i++) {
        if (i > 15) {
          var u = m[i - 15], v = m[i - 2];
          m[i] = (m[i - 16] + (ror(u, 7) ^ ror(u, 18) ^ (u >>> 3)) + m[i - 7] + (ror(v, 17) ^ ror(v, 19) ^ (v >>> 10))) | 0;
        }
        var e = a[4], s = a[0];
        var t1 = a[7] + (ror(e, 6) ^ ror(e, 11) ^ ror(e, 25)) + ((e & a[5]) ^ (~e & a[6])) + K[i] + m[i];
        var t2 = (ror(s, 2) ^ ror(s, 13) ^ ror(s, 22)) + ((s & a[1]) ^ (s & a[2]) ^ (a[1] & a[2]));
        a = [(t1 + t2) | 0].concat(a.slice(0, 7));
        a[4] = (a[4] + t1) | 0;
      }
      for (i = 0; i < 8; i++) H[i] = (H[i] + a[i]) | 0;
    }
    return H.map(function (h) { return ("0000000" + (h >>> 0).toString(16)).slice(-8); }).join("");
  }
  function canonical(v) {
    if (Array.isArray(v)) return "[" + v.map(canonical).join(",") + "]";
    if (v && typeof v === "object") {
      return "{" + Object.keys(v).sort().filter(function (k) { return v[k] !== undefined; })
        .map(function (k) { return JSON.stringify(k) + ":" + canonical(v[k]); }).join(",") + "}";
    }
    return JSON.stringify(v);
  }
  function shuffle(list, rand) {
    for (var i = list.length - 1; i > 0; i--) {
      var j = Math.floor(rand() * (i + 1));
      var t = list[i]; list[i] = list[j]; list[j] = t;
    }
    return list;
  }
  function range(n) { for (var a = [], i = 0; i < n; i++) a.push(i); return a; }
  function list(p, name) { return (p.get(name) || "").split(",").map(function (x) { return x.trim(); }).filter(Boolean); }
  function byKey() {
    var m = {};
    D.banks.forEach(function (b) { b.questions.forEach(function (q) { m[b.id + "/" + q.id] = { bank: b, q: q }; }); });
    return m;
  }
  // A question is for the roles asked (none asked: everyone) when its audience names one of
  // them or is empty (a bank for everyone).
  function forRole(q, roles) {
    return !roles.length || !q.audience || !q.audience.length || q.audience.some(function (a) { return roles.indexOf(a) >= 0; });
  }
  function groupOf(it) { return it.q.group || it.bank.id + "/" + it.q.id; }
  // The first n items, at most one per same-passage group (the order decides which one).
  function onePerGroup(items, n) {
    var seen = {}, out = [];
    items.forEach(function (it) {
      var g = groupOf(it);
      if (out.length < n && !seen[g]) { seen[g] = 1; out.push(it); }
    });
    return out;
  }
  function sfTitle(id) { for (var i = 0; i < D.shortfalls.length; i++) if (D.shortfalls[i].id === id) return D.shortfalls[i].title; return id; }

  /* ---- the paper ------------------------------------------------------------------------ */
  function paperOf(p) {
    var ids = list(p, "banks"), roles = list(p, "roles"), sfs = list(p, "shortfalls");
    var known = {}, unknown = [];
    D.banks.forEach(function (b) { known[b.id] = 1; });
    ids.forEach(function (id) { if (!known[id]) unknown.push(id); });
    var from = ids.length ? D.banks.filter(function (b) { return ids.indexOf(b.id) >= 0; }) : D.banks;
    var pool = [], groups = {}, nGroups = 0;
    from.forEach(function (b) {
      b.questions.forEach(function (q) {
        if (!forRole(q, roles)) return;
        if (sfs.length && !q.covers.some(function (c) { return sfs.indexOf(c) >= 0; })) return;
        var it = { bank: b, q: q };
        pool.push(it);
        if (!groups[groupOf(it)]) { groups[groupOf(it)] = 1; nGroups++; }
      });
    });
    var banks = from.filter(function (b) { return pool.some(function (it) { return it.bank === b; }); });
    var same = p.get("same") === "1";
    var seed = p.get("seed") || String(100000 + Math.floor(Math.random() * 900000));
    var asked = parseInt(p.get("n"), 10);
    var n = Math.min(asked > 0 ? asked : 10, same ? pool.length : nGroups);
    var rand = mulberry32(seedOf(seed));
    var items = shuffle(pool, rand);
    items = same ? items.slice(0, n) : onePerGroup(items, n);
    items.forEach(function (it) {
      var k = it.q.type === "blank" ? 0 : it.q.options.length;
      it.order = it.q.type === "single" || it.q.type === "multiple" ? shuffle(range(k), rand) : range(k);
    });
    var minutes = parseFloat(p.get("minutes"));
    if (!(minutes <= 1440)) minutes = 0; // a day at most: minutes=1e308 showed 剩余时间 Infinity:NaN
    var query = [];
    if (ids.length) query.push("banks=" + ids.map(encodeURIComponent).join(","));
    if (roles.length) query.push("roles=" + roles.map(encodeURIComponent).join(","));
    if (sfs.length) query.push("shortfalls=" + sfs.map(encodeURIComponent).join(","));
    query.push("n=" + n, "seed=" + encodeURIComponent(seed));
    if (minutes > 0) query.push("minutes=" + minutes);
    if (same) query.push("same=1");
    var names = banks.map(function (b) { return b.title; });
    if (roles.length) names.push("岗位：" + roles.join("、"));
    if (sfs.length) names.push("培训短板：" + sfs.map(sfTitle).join("、"));
    return {
      items: items, asked: asked, pool: pool.length, groups: nGroups, same: same, minutes: minutes > 0 ? minutes : 0, seed: seed, unknown: unknown,
      query: query.join("&"), title: names.join("、"), banks: banks.map(function (b) { return b.id; }), roles: roles, shortfalls: sfs
    };
  }

  /* ---- one question, in the bank pages' markup -------------------------------------------- */
  function buildForm(it, n, review) {
    var q = it.q, form = el("form", null, "kb-q");
    form.id = (review ? "r-" : "e-") + n;
    form.noValidate = true;
    form.setAttribute("data-qid", q.id);
    form.setAttribute("data-bank", it.bank.id);
    form.setAttribute("data-type", q.type);
    form.setAttribute("data-answer", JSON.stringify(q.answer));
    var fs = form.appendChild(el("fieldset")), legend = fs.appendChild(el("legend"));
    legend.appendChild(el("span", "第 " + n + " 题 · " + D.types[q.type] + " · " + it.bank.title, "kb-q__no"));
    legend.appendChild(document.createTextNode(" "));
    var stem = legend.appendChild(el("span", null, "kb-q__stem"));
    stem.innerHTML = q.stem;  // rendered and escaped at build time (kb.render.inline_md)
    $$(stem, ".kb-q__blank").forEach(function (b, i) { b.name = form.id + "-" + i; });
    if (q.type !== "blank") {
      var box = fs.appendChild(el("div", null, "kb-q__options"));
      it.order.forEach(function (k, i) {
        var label = box.appendChild(el("label", null, "kb-q__option"));
        label.setAttribute("data-key", k);
        var input = label.appendChild(el("input"));
        input.type = q.type === "multiple" ? "checkbox" : "radio";
        input.name = form.id;
        input.value = k;
        if (q.type !== "judge") { label.appendChild(el("span", LETTERS[i] + ".", "kb-q__letter")); label.appendChild(document.createTextNode(" ")); }
        label.appendChild(el("span")).innerHTML = q.options[k];
      });
    }
    if (review) { var b = fs.appendChild(el("button", "提交答案", "md-button kb-q__check")); b.type = "submit"; }
    var rd = fs.appendChild(el("button", "朗读本题", "kb-read__q"));  // readaloud.js, loaded on first press
    rd.type = "button"; rd.setAttribute("data-kb-read", "q");
    var fb = fs.appendChild(el("div", null, "kb-q__feedback"));
    if (review) fb.setAttribute("role", "status");
    var ex = fs.appendChild(el("div", null, "kb-q__explanation"));
    ex.hidden = true;
    ex.appendChild(el("p")).innerHTML = q.explanation;
    if (q.quote) ex.appendChild(el("blockquote", q.quote, "kb-q__quote"));
    var src = ex.appendChild(el("p", "出处：", "kb-q__source"));
    src.appendChild(K.link(q.href, q.label));
    return form;
  }
  function letter(it, k) { var i = it.order.indexOf(k); return i < 0 ? "" : LETTERS[i]; }
  function show(it, keys) {
    if (it.q.type === "judge") return keys.map(function (k) { return k === 0 ? "对" : "错"; }).join("");
    return keys.map(function (k) { return letter(it, k); }).sort().join("");
  }
  function grade(form, it) {
    var q = it.q, a = q.answer, ok, given, answered;
    if (q.type === "blank") {
      var vals = $$(form, ".kb-q__blank").map(function (x) { return x.value.trim(); });
      answered = vals.some(Boolean);
      ok = answered && K.blanksOk(vals, a, !!q.anyOrder);  // the bank page's rule, any_order included
      return { answered: answered, ok: ok, given: vals.join("；"), right: a.map(function (x) { return x[0]; }).join("；"), raw: vals, any: !!q.anyOrder };
    }
    var chosen = $$(form, "input:checked").map(function (x) { return Number(x.value); }).sort();
    answered = chosen.length > 0;
    if (q.type === "multiple") ok = JSON.stringify(chosen) === JSON.stringify(a.slice().sort());
    else ok = chosen.length === 1 && chosen[0] === a;
    given = show(it, chosen);
    return { answered: answered, ok: ok, given: given, right: show(it, q.type === "multiple" ? a : [a]), raw: chosen };
  }
  function reveal(form, g) {
    var fb = form.querySelector(".kb-q__feedback");
    fb.textContent = g.ok ? "回答正确。" : g.answered ? "回答错误。你的答案：" + g.given + "；正确答案：" + g.right + "。" : "未作答。正确答案：" + g.right + "。";
    form.classList.add(g.ok ? "kb-q--right" : "kb-q--wrong");
    K.marks(form, g.ok, g.any);  // icon and words on each option and blank (quiz.js)
    form.querySelector(".kb-q__explanation").hidden = false;
    $$(form, "input").forEach(function (x) { x.disabled = true; });
    var b = form.querySelector(".kb-q__check");
    if (b) b.hidden = true;
  }
  function stemText(form) { var s = form.querySelector(".kb-q__stem"); return s ? s.textContent : ""; }
  function button(text, cls) { var b = el("button", text, "md-button" + (cls ? " " + cls : "")); b.type = "button"; return b; }
  function two(n) { return (n < 10 ? "0" : "") + n; }
  function duration(sec) { return Math.floor(sec / 60) + " 分 " + two(sec % 60) + " 秒"; }
  // A time as local ISO 8601 with its UTC offset: 2026-03-01T09:30:05.123+08:00.
  function iso(t) {
    var o = -new Date(t).getTimezoneOffset(), a = Math.abs(o);
    return new Date(t + o * 60000).toISOString().slice(0, 23) + (o < 0 ? "-" : "+") + two(a / 60 | 0) + ":" + two(a % 60);
  }

  /* ---- the exam page --------------------------------------------------------------------- */
  // The attempt in progress (and, after 交卷, its result) survives a reload, a closed tab or a
  // phone evicting the page: one attempt at a time, for the paper whose link it was started on.
  // {q: paper query, t: start (ms), a: each question's raw answer, end: hand-in time once handed in,
  // auto: handed in by the timer, i: the question shown in 逐题作答}.  Storage off or full: the
  // exam still works, as before.

  var ATTEMPT = "kb-exam-attempt";
  function loadAttempt(query) {
    try {
      var a = JSON.parse(window.localStorage.getItem(ATTEMPT) || "null");
      return a && a.q === query && typeof a.t === "number" && Array.isArray(a.a) ? a : null;
    } catch (e) { return null; }
  }
  function saveAttempt(a) {
    try { window.localStorage.setItem(ATTEMPT, JSON.stringify(a)); } catch (e) { /* storage off or full */ }
  }
  function dropAttempt() {
    try { window.localStorage.removeItem(ATTEMPT); } catch (e) { /* storage off */ }
  }
  function setAnswer(form, it, raw) {
    if (!Array.isArray(raw)) return;
    if (it.q.type === "blank") {
      $$(form, ".kb-q__blank").forEach(function (x, i) { if (typeof raw[i] === "string") x.value = raw[i]; });
    } else {
      $$(form, "input").forEach(function (x) { x.checked = raw.indexOf(Number(x.value)) >= 0; });
    }
  }
  function clock(t) { var d = new Date(t); return two(d.getHours()) + ":" + two(d.getMinutes()); }

  function setupExam(root) {
    root.textContent = "";
    var p = new URLSearchParams(window.location.search);
    var fixed = ["banks", "roles", "shortfalls", "n", "seed"].some(function (k) { return p.has(k); });
    if (fixed) paperPage(root, paperOf(p)); else setupForm(root);
    history(root);
  }
  function pageUrl() { return window.location.href.split(/[?#]/)[0]; }

  function setupForm(root) {
    var form = root.appendChild(el("form", null, "kb-exam__setup"));
    function group(legend, items, name) {
      var fs = form.appendChild(el("fieldset")), lg = fs.appendChild(el("legend", legend));
      lg.className = "kb-exam__legend";
      items.forEach(function (it) {
        var label = fs.appendChild(el("label", null, "kb-q__option"));
        var box = label.appendChild(el("input"));
        box.type = "checkbox"; box.name = name; box.value = it[0];
        label.appendChild(el("span", it[1]));
      });
    }
    group("题库（不选则从全部题库中抽题）", D.banks.map(function (b) { return [b.id, b.title + "（" + b.questions.length + " 题）"]; }), "banks");
    var roles = [];
    D.banks.forEach(function (b) {
      b.questions.forEach(function (q) { (q.audience || []).forEach(function (a) { if (roles.indexOf(a) < 0) roles.push(a); }); });
    });
    var rp = form.appendChild(el("p")), rl = rp.appendChild(el("label", "只出适用于这个岗位的题："));
    var sel = rl.appendChild(el("select"));
    sel.name = "roles";
    sel.appendChild(el("option", "（不按岗位）")).value = "";
    roles.forEach(function (r) { sel.appendChild(el("option", r)).value = r; });
    group("培训短板（可不选）", D.shortfalls.map(function (s) { return [s.id, s.title]; }), "shortfalls");
    var np = form.appendChild(el("p", null, "kb-exam__numbers"));
    var nl = np.appendChild(el("label", "题数：")), ni = nl.appendChild(el("input"));
    ni.type = "number"; ni.name = "n"; ni.min = "1"; ni.value = "10"; ni.required = true;
    np.appendChild(document.createTextNode(" "));
    var ml = np.appendChild(el("label", "限时（分钟，不填则不限时）：")), mi = ml.appendChild(el("input"));
    mi.type = "number"; mi.name = "minutes"; mi.min = "1"; mi.max = "1440";
    var go = form.appendChild(el("button", "生成试卷", "md-button md-button--primary"));
    go.type = "submit";
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var q = [];
      function checked(name) { return $$(form, "input[name=" + name + "]:checked").map(function (x) { return encodeURIComponent(x.value); }).join(","); }
      if (checked("banks")) q.push("banks=" + checked("banks"));
      if (sel.value) q.push("roles=" + encodeURIComponent(sel.value));
      if (checked("shortfalls")) q.push("shortfalls=" + checked("shortfalls"));
      q.push("n=" + Math.max(1, parseInt(ni.value, 10) || 10), "seed=" + (100000 + Math.floor(Math.random() * 900000)));
      if (parseFloat(mi.value) > 0) q.push("minutes=" + parseFloat(mi.value));
      window.location.href = pageUrl() + "?" + q.join("&");
    });
  }

  function paperPage(root, paper) {
    var link = pageUrl() + "?" + paper.query;
    try { if (window.location.search.slice(1) !== paper.query) window.history.replaceState(null, "", link); } catch (e) { /* file:// may refuse */ }
    var info = root.appendChild(el("div", null, "kb-exam__info"));
    if (paper.unknown.length) info.appendChild(el("p", "链接中的题库不存在，已忽略：" + paper.unknown.join("、") + "。", "kb-quiz__notice"));
    if (!paper.items.length) {
      info.appendChild(el("p", "所选范围内没有题目。", "kb-quiz__notice"));
      info.appendChild(K.link(pageUrl(), "重新选题"));
      return;
    }
    var n = paper.items.length;
    info.appendChild(el("p", "本卷共 " + n + " 题，" + (paper.minutes ? "限时 " + paper.minutes + " 分钟" : "不限时") + "。范围：" + paper.title + "。", "kb-exam__about"));
    if (paper.asked > n) {
      info.appendChild(el("p", paper.pool > n ? "所选范围有 " + paper.pool + " 道题，出自 " + paper.groups +
        " 段不同的原文；同一段原文只出一道题，本卷共 " + n + " 题。" : "所选范围只有 " + n + " 道题，本卷共 " + n + " 题。"));
    }
    shareBox(info, link);
    var again = info.appendChild(el("p"));
    again.appendChild(K.link(pageUrl(), "重新选题组卷"));

    var result = root.appendChild(el("div", null, "kb-exam__result"));
    var status = result.appendChild(el("p", null, "kb-exam__score"));
    status.setAttribute("role", "status");
    status.tabIndex = -1;
    var timer = root.appendChild(el("p", null, "kb-exam__timer"));
    timer.setAttribute("role", "timer");
    timer.hidden = true;
    var warn = root.appendChild(el("p", null, "kb-exam__warn"));
    warn.setAttribute("aria-live", "polite");
    var sheet = paperSheet(root, paper);
    var body = root.appendChild(el("div", null, "kb-exam__paper"));
    var actions = root.appendChild(el("p", null, "kb-exam__actions"));
    var submit = actions.appendChild(button("交卷", "md-button--primary kb-exam__submit"));
    var forms = [], started = 0, deadline = 0, tick = null, done = false, pg = null;

    function start(resumed) {
      paper.items.forEach(function (it, i) { forms.push(body.appendChild(buildForm(it, i + 1, false))); });
      forms.forEach(function (f) { f.addEventListener("submit", function (e) { e.preventDefault(); }); });
      started = resumed ? resumed.t : Date.now();
      if (resumed) forms.forEach(function (f, i) { setAnswer(f, paper.items[i], resumed.a[i]); });
      var keep = function () {
        if (!done) saveAttempt({ q: paper.query, t: started, a: paper.items.map(function (it, i) { return grade(forms[i], it).raw; }), i: pg ? pg.at() : 0 });
      };
      pg = pager(body, forms, "h2", function (i) { return grade(forms[i], paper.items[i]).answered; }, keep);
      if (resumed) pg.jump(resumed.i);
      body.addEventListener("change", keep);
      body.addEventListener("input", keep);
      if (resumed && resumed.end) return handIn(resumed.auto, resumed.end);  // shown again, not redone
      keep();
      if (resumed) warn.textContent = "已恢复上次未交卷的考试（" + clock(started) + " 开始），可以接着作答" + (paper.minutes ? "，时间从开始时算起。" : "。");
      actions.hidden = false;
      if (paper.minutes) {
        deadline = started + paper.minutes * 60000;
        timer.hidden = false;
        var warned = false;
        var update = function () {
          var left = Math.max(0, Math.ceil((deadline - Date.now()) / 1000));
          timer.textContent = "剩余时间 " + two(Math.floor(left / 60)) + ":" + two(left % 60);
          if (left <= 60 && !warned && paper.minutes > 1) { warned = true; warn.textContent = "还剩 1 分钟，到时将自动交卷。"; }
          if (left <= 0) handIn(true, deadline);  // also when it ran out while the page was closed
        };
        update();
        tick = window.setInterval(update, 1000);
      }
      var first = body.querySelector("input");
      if (first && startBtn) first.focus();
    }
    function handIn(auto, at, sure) {
      if (done) return;
      var graded = paper.items.map(function (it, i) { return grade(forms[i], it); });
      var open = graded.filter(function (g) { return !g.answered; }).length;
      // A result shown again after a reload was counted when it was handed in: not twice.
      var attempt = loadAttempt(paper.query), replay = !!(attempt && attempt.end);
      if (!auto && !sure && !replay && open && !window.confirm("还有 " + open + " 道题没有作答，确定交卷吗？")) return;
      done = true;
      if (tick) window.clearInterval(tick);
      timer.hidden = true;
      warn.textContent = "";
      actions.hidden = true;
      var ask = root.querySelector(".kb-one__ask");
      if (ask) ask.remove();
      if (pg) pg.end();
      var end = Math.min(at || Date.now(), Date.now()), sec = Math.round((end - started) / 1000), right = 0, store = K.load(), per = {};
      if (!replay) {
        saveAttempt({ q: paper.query, t: started, a: graded.map(function (g) { return g.raw; }), end: end, auto: !!auto });
      }
      graded.forEach(function (g, i) {
        var it = paper.items[i];
        reveal(forms[i], g);
        if (g.ok) right++;
        if (g.answered && !replay) K.answer(store, it.bank.id + "/" + it.q.id, g.ok, { s: stemText(forms[i]), b: it.bank.title }, true);
        it.q.covers.forEach(function (c) { var s = per[c] = per[c] || { right: 0, total: 0 }; s.total++; if (g.ok) s.right++; });
      });
      var shortfalls = D.shortfalls.filter(function (s) { return per[s.id]; }).map(function (s) {
        return { id: s.id, title: s.title, right: per[s.id].right, total: per[s.id].total };
      });
      if (!replay) {
        store.h.push({ t: started, p: paper.query, d: paper.title, s: right, n: n, sec: sec });
        if (store.h.length > 50) store.h = store.h.slice(-50);
      }
      // Claim the 错题本 only when the record was saved (a full storage quota refuses it).
      var kept = replay || K.save(store);
      status.textContent = "得分 " + right + "/" + n + "（答对 " + right + " 题，共 " + n + " 题，正确率 " +
        Math.round(right * 100 / n) + "%），用时 " + duration(sec) + "。" + (auto ? "时间到，已自动交卷。" : "") +
        (kept && graded.some(function (g) { return g.answered && !g.ok; }) ? "答错的题已收入错题本。" : "");
      if (shortfalls.length) {
        result.appendChild(el("h2", "各培训短板答题情况"));
        result.appendChild(K.table(["培训短板", "答对", "题数"], shortfalls.map(function (s) { return [s.title, String(s.right), String(s.total)]; })));
      }
      var more = result.appendChild(el("p", null, "kb-exam__after"));
      more.appendChild(button("打印成绩单", "kb-exam__print")).addEventListener("click", function () { window.print(); });
      more.appendChild(document.createTextNode(" "));
      more.appendChild(K.link(pageUrl(), "重新组卷")).addEventListener("click", dropAttempt);
      more.appendChild(document.createTextNode(" "));
      more.appendChild(button("重做本卷")).addEventListener("click", function () { dropAttempt(); window.location.reload(); });
      var keys = paper.items.map(function (it) { return it.bank.id + "/" + it.q.id; });
      sheet.fill(right, n, sec, {
        app: "jiceng-tongzhan-kb", kind: "exam-result", v: 2,
        paper: { banks: paper.banks, n: n, seed: paper.seed, roles: paper.roles, shortfalls: paper.shortfalls,
          minutes: paper.minutes, id: sha256(keys.join("\n")).slice(0, 16) },
        questions: graded.map(function (g, i) { var q = paper.items[i].q; return { key: keys[i], v: q.v, covers: q.covers, answer: g.raw, correct: g.ok }; }),
        score: { right: right, total: n }, shortfalls: per, started: iso(started), finished: iso(end), seconds: sec
      });
      history(root);
      status.focus();
      if (status.scrollIntoView) status.scrollIntoView();
    }
    // 逐题作答 asks in the page, then shows the first open question if the cadre goes on.
    submit.addEventListener("click", function () {
      var open = forms.filter(function (f, i) { return !grade(f, paper.items[i]).answered; });
      if (!pg || !pg.on() || !open.length) return handIn(false);
      actions.hidden = true;
      askBox(actions, open.length, function () { handIn(false, 0, true); }, function () { actions.hidden = false; pg.go(forms.indexOf(open[0])); });
    });

    var startBtn = null, resumed = loadAttempt(paper.query);
    if (resumed) start(resumed);
    else if (paper.minutes) {
      actions.hidden = true;
      var sp = root.insertBefore(el("p", null, "kb-exam__start"), body);
      startBtn = sp.appendChild(button("开始考试", "md-button--primary"));
      startBtn.addEventListener("click", function () { sp.remove(); start(); });
    } else start();
  }

  function paperSheet(root, paper) {
    var s = root.appendChild(el("section", null, "kb-exam__sheet"));
    s.hidden = true;
    s.appendChild(el("h2", "成绩单"));
    var fields = ["姓名", "单位"].map(function (f) {
      var p = s.appendChild(el("p")), l = p.appendChild(el("label", f + "："));
      var i = l.appendChild(el("input", null, "kb-exam__field"));
      i.type = "text"; i.autocomplete = "off"; i.maxLength = 40;
      return i;
    });
    var facts = s.appendChild(el("p"));
    var box = s.appendChild(el("p", null, "kb-exam__save")), save = box.appendChild(button("保存成绩文件"));
    box.appendChild(document.createTextNode(" 填写姓名和单位后保存，交给培训老师汇总全班成绩。"));
    var saved = s.appendChild(el("p", null, "kb-exam__save"));
    saved.setAttribute("aria-live", "polite");
    return {
      fill: function (right, n, sec, record) {
        facts.textContent = "日期：" + K.fmtDate(Date.now()) + "　试卷：" + paper.title + "（卷号 " + paper.seed + "）　得分：" + right + "/" + n + "　用时：" + duration(sec);
        s.hidden = false;
        save.addEventListener("click", function () {
          var rec = JSON.parse(JSON.stringify(record));
          rec.name = fields[0].value.trim(); rec.unit = fields[1].value.trim();
          if (!rec.name) { saved.textContent = "请先填写姓名。"; return fields[0].focus(); }
          rec.checksum = "sha256:" + sha256(canonical(rec));
          // Name, date and time, paper: two attempts on one day, or two papers, never share a name.
          var file = "成绩-" + rec.name.replace(/[\\/:*?"<>|\s]+/g, "_") + "-" + rec.finished.slice(0, 10) + "-" +
            rec.finished.slice(11, 16).replace(":", "") + "-" + rec.paper.id.slice(0, 6) + ".json";
          var a = K.link(URL.createObjectURL(new Blob([JSON.stringify(rec, null, 1) + "\n"], { type: "application/json" })), "");
          a.download = file;
          document.body.appendChild(a); a.click(); a.remove();
          window.setTimeout(function () { URL.revokeObjectURL(a.href); }, 60000);
          saved.textContent = "已保存成绩文件“" + file + "”（在浏览器的下载文件夹中），请交给培训老师。";
        });
      }
    };
  }

  /* A link made on this computer (file://, 127.0.0.1, localhost) opens nowhere else.  With
   * site_url set in mkdocs.yml, Material writes the page's own address as <link rel=canonical>:
   * the link is made on that address instead.  Without it, the box says the link is local and
   * how to get a shareable one, and offers no QR code of a local address. */
  function shareBox(info, link) {
    var local = window.location.protocol === "file:" || /^(127\.|localhost$|0\.0\.0\.0$|\[::1\]$)/.test(window.location.hostname);
    var canon = document.querySelector('link[rel="canonical"]');
    canon = canon && /^https?:/.test(canon.href) ? canon.href.split(/[?#]/)[0] : "";
    if (local && canon) link = canon + link.slice(link.indexOf("?"));
    var box = info.appendChild(el("div", null, "kb-exam__link"));
    var l = box.appendChild(el("label", "试卷链接（打开同一链接，题目和顺序相同）："));
    var input = l.appendChild(el("input", null, "kb-exam__url"));
    input.readOnly = true; input.value = link;
    var p = box.appendChild(el("p"));
    var copy = p.appendChild(button("复制链接"));
    if (local) box.appendChild(el("p", canon
      ? "本页是在本机打开的，上面的链接已改用网站的正式地址（mkdocs.yml 中的 site_url），学员可以打开。"
      : "注意：这是本机地址（" + (window.location.protocol === "file:" ? "从文件夹或 U 盘打开" : window.location.host) + "），别人打不开这个链接。要发给学员，请在内网服务器上打开本站再生成试卷链接；或由维护人员在 mkdocs.yml 中填写 site_url（本站的内网地址）后重新构建。", "kb-exam__local"));
    var msg = box.appendChild(el("p", null, "kb-exam__copied"));
    msg.setAttribute("aria-live", "polite");
    copy.addEventListener("click", function () {
      function fallback() {
        input.select();
        var ok = false;
        try { ok = document.execCommand("copy"); } catch (e) { /* unsupported */ }
        msg.textContent = ok ? "已复制试卷链接。" : "请手动复制上面的链接。";
      }
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(link).then(function () { msg.textContent = "已复制试卷链接。"; }, fallback);
      } else fallback();
    });
    if (!local || canon) {
      p.appendChild(document.createTextNode(" "));
      var show = p.appendChild(button("显示二维码"));
      var qr = box.appendChild(el("div", null, "kb-exam__qr"));
      show.addEventListener("click", function () {
        function draw() {
          var code = window.qrcode(0, "M");
          code.addData(link);
          code.make();
          qr.innerHTML = code.createSvgTag({ cellSize: 6, margin: 4, scalable: true, alt: "试卷链接二维码" });
          show.hidden = true;
        }
        if (window.qrcode) return draw();
        // Loaded on demand only (not part of the quiz budget): vendored qrcode-generator, MIT.
        var s = document.createElement("script");
        s.src = BASE + "vendor/qrcode.js";
        s.onload = draw;
        s.onerror = function () { msg.textContent = "二维码生成失败，请改用复制链接。"; };
        document.head.appendChild(s);
      });
    }
  }

  function history(root) {
    if (!root) return;
    var old = root.querySelector(".kb-exam__history");
    if (old) old.remove();
    var h = K.load().h;
    if (!h.length) return;
    var s = root.appendChild(el("section", null, "kb-exam__history"));
    s.appendChild(el("h2", "考试记录（本机）"));
    s.appendChild(K.table(["日期", "试卷", "得分", "用时"], h.slice().reverse().slice(0, 20).map(function (e) {
      return [K.fmtDate(e.t), K.link(pageUrl() + "?" + e.p, e.d || e.p), e.s + "/" + e.n, duration(e.sec || 0)];
    })));
  }

  /* ---- 逐题作答: one question per screen (模拟考试, 今日复习) ----------------------------------- */
  // A choice beside the full paper, remembered for both pages.  The full paper stays the default on
  // every screen: it reads like the printed paper, a shared link opens alike for everyone, and
  // 逐题作答 is one tap away, then kept.  Storage off: the full paper, the switch still works.
  var MODE = "kb-answer-mode";
  // The switch, the 第 i/n 题 heading, 上一题/下一题 and the 题目总览 around body (the forms'
  // parent); done(i): question i answered; moved(): the position changed (to keep it).
  function pager(body, forms, level, done, moved) {
    var on = false, at = 0, n = forms.length, parent = body.parentNode;
    try { on = window.localStorage.getItem(MODE) === "one"; } catch (e) { /* storage off */ }
    function put(e, after) { return parent.insertBefore(e, after ? body.nextSibling : body); }
    var bar = put(el("p", "作答方式：", "kb-one__mode"));
    bar.setAttribute("role", "group");
    bar.setAttribute("aria-label", "作答方式");
    var modes = ["逐题作答", "整卷作答"].map(function (t, i) {
      var b = bar.appendChild(button(t));
      b.addEventListener("click", function () {
        on = !i;
        try { window.localStorage.setItem(MODE, on ? "one" : "all"); } catch (e) { /* storage off */ }
        if (on) go(at); else draw();
      });
      return b;
    });
    var head = put(el(level, null, "kb-one__head"));
    head.tabIndex = -1;
    var all = put(el("div", "题目总览：", "kb-one__all"), true);
    all.setAttribute("role", "group");
    all.setAttribute("aria-label", "题目总览");
    var marks = forms.map(function (f, i) {
      var b = all.appendChild(el("button"));
      b.type = "button";
      b.addEventListener("click", function () { go(i); });
      return b;
    });
    var nav = put(el("p", null, "kb-one__nav"), true);
    var prev = nav.appendChild(button("上一题")), next = nav.appendChild(button("下一题"));
    prev.addEventListener("click", function () { go(at - 1); });
    next.addEventListener("click", function () { go(at + 1); });
    // Answered or not in words ("3 已答"), not by colour alone.
    function sync() {
      marks.forEach(function (b, i) {
        b.textContent = i + 1 + (done(i) ? " 已答" : " 未答");
        if (i === at) b.setAttribute("aria-current", "step"); else b.removeAttribute("aria-current");
      });
    }
    function draw() {
      modes.forEach(function (b, i) { b.setAttribute("aria-pressed", on === !i); b.classList.toggle("md-button--primary", on === !i); });
      head.hidden = nav.hidden = all.hidden = !on;
      forms.forEach(function (f, i) { f.hidden = on && i !== at; });
      head.textContent = "第 " + (at + 1) + "/" + n + " 题";
      prev.disabled = !at;
      next.disabled = at === n - 1;
      sync();
    }
    // Focus on the heading (read out by screen readers), scrolled to below the sticky bars.
    function go(i) {
      at = i; draw();
      if (moved) moved();
      head.focus({ preventScroll: true });
      head.scrollIntoView();
    }
    body.addEventListener("change", sync);
    body.addEventListener("input", sync);
    draw();
    return {
      at: function () { return at; }, on: function () { return on; }, go: go, sync: sync,
      jump: function (i) { at = Math.min(Math.max(i | 0, 0), n - 1); draw(); },
      end: function () { on = false; draw(); bar.hidden = true; }
    };
  }
  // 交卷 with questions open, asked in the page: a browser dialog is easily missed on a phone.
  function askBox(after, open, yes, no) {
    var box = after.parentNode.insertBefore(el("div", null, "kb-one__ask"), after.nextSibling);
    var msg = box.appendChild(el("p", "还有 " + open + " 题未作答，仍要交卷吗？"));
    var p = box.appendChild(el("p"));
    [["继续作答", no], ["交卷", yes, "md-button--primary"]].forEach(function (b) {
      p.appendChild(button(b[0], b[2])).addEventListener("click", function () { box.remove(); b[1](); });
      p.appendChild(document.createTextNode(" "));
    });
    msg.tabIndex = -1;
    msg.focus();
  }

  /* ---- 今日复习 on the 错题本 page ---
--------------------------------------------------------- */
  function setupReview(root) {
    var keys = byKey(), roles = list(new URLSearchParams(window.location.search), "roles");
    var all = K.dueKeys(K.load()).filter(function (k) { return keys[k]; });
    var mine = all.filter(function (k) { return forRole(keys[k].q, roles); });
    var due = onePerGroup(mine.map(function (k) { return { bank: keys[k].bank, q: keys[k].q, k: k }; }), mine.length)
      .map(function (it) { return it.k; });
    root.textContent = "";
    root.appendChild(el("h2", "今日复习"));
    var count = root.appendChild(el("p", null, "kb-review__count"));
    count.setAttribute("aria-live", "polite");
    root.appendChild(el("p", "答错的题当天复习；答对后由 FSRS 记忆算法按掌握程度安排下次复习（先隔一两天，之后逐次拉长），再答错则当天重新复习。", "kb-review__about"));
    count.textContent = due.length ? "今日有 " + due.length + " 道题需要复习。" : "今天没有需要复习的题。";
    var scope = [];
    if (roles.length) scope.push("只复习适用于“" + roles.join("、") + "”的题" + (all.length > mine.length ? "，另有 " + (all.length - mine.length) + " 道其他岗位的题到期" : "") + "。");
    if (mine.length > due.length) scope.push("同一段原文的题一次只复习一道，另外 " + (mine.length - due.length) + " 道留到下次。");
    if (scope.length) {
      var sp = root.appendChild(el("p", scope.join(""), "kb-review__scope"));
      if (roles.length && all.length > mine.length) { sp.appendChild(document.createTextNode(" ")); sp.appendChild(K.link(pageUrl() + "?review#review", "复习全部到期的题")); }
    }
    if (!due.length) return;
    var go = root.appendChild(button("开始今日复习", "md-button--primary"));
    var body = root.appendChild(el("div"));
    function run() {
      go.remove();
      var done = 0, forms = [], pg;
      due.forEach(function (k, i) {
        var it = { bank: keys[k].bank, q: keys[k].q };
        var n = it.q.type === "blank" ? 0 : it.q.options.length;
        it.order = it.q.type === "single" || it.q.type === "multiple" ? shuffle(range(n), Math.random) : range(n);
        var form = body.appendChild(buildForm(it, i + 1, true));
        forms.push(form);
        form.addEventListener("submit", function (e) {
          e.preventDefault();
          var g = grade(form, it);
          if (!g.answered) { form.querySelector(".kb-q__feedback").textContent = "请先作答。"; return; }
          reveal(form, g);
          K.answer(K.load(), k, g.ok, { s: stemText(form), b: it.bank.title });
          done++;
          pg.sync();
          count.textContent = done < due.length ? "今日复习：已完成 " + done + "/" + due.length + " 题。" : "今日复习完成：" + due.length + " 道题都已复习。";
        });
      });
      pg = pager(body, forms, "h3", function (i) { return /kb-q--/.test(forms[i].className); });
      var first = body.querySelector("input");
      if (first) first.focus();
    }
    go.addEventListener("click", run);
    if (/[?&]review\b/.test(window.location.search)) run();
  }

  function init() {
    K = KB.quiz; D = KB.examData;
    if (!K || !D) return;
    LETTERS = K.LETTERS; $$ = K.$$; el = K.el;
    $$(document, ".kb-exam, .kb-review").forEach(function (root) {
      if (root.getAttribute("data-kb-ready")) return;
      root.setAttribute("data-kb-ready", "1");
      if (root.classList.contains("kb-exam")) setupExam(root); else setupReview(root);
    });
  }
  KB.exam = { init: init, canonical: canonical, sha256: sha256 };  // the 成绩文件 checksum: class-results.js
  if (typeof module == "object" && module.exports) {
    module.exports = { mulberry32: mulberry32, seedOf: seedOf, shuffle: shuffle, sha256: sha256, canonical: canonical,
      paperOf: function (p, data) { D = data; return paperOf(p); } };
  }
  init();
})(typeof window == "object" ? window : {});
