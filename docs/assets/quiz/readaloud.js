/* 朗读 (kb-a11y.js loads it): the page's main text, or a question as shown, sentence by
 * sentence (Chrome drops long utterances). */
(function () {
  "use strict";
  var KB = window.KB = window.KB || {}, S = window.speechSynthesis, U = window.SpeechSynthesisUtterance, CH = window.CSS && CSS.highlights;
  var BLOCK = "h1,h2,h3,h4,h5,p,li,td,th,summary,blockquote";
  // Nor anything unshown (hidden answers).
  var SKIP = "form,button,input,nav,script,style,noscript,.headerlink,.kb-read";
  var list = [], at = -1, run = 0, paused, lost, owner, cur, voice;

  function $$(root, sel) { return Array.prototype.slice.call(root.querySelectorAll(sel)); }
  function shown(el) { return el.getClientRects().length > 0; }

  function pieces(block) {
    var segs = [], text = "";
    (function walk(node) {
      for (var c = node.firstChild; c; c = c.nextSibling) {
        if (c.nodeType === 3) { segs.push({ n: c, i: text.length }); text += c.data; }
        else if (c.nodeType !== 1) continue;
        else if (c.matches(".kb-q__blank")) { segs.push({ n: c, i: text.length, e: 1 }); text += "（空）"; }
        else if (!c.matches(SKIP) && !c.matches(BLOCK) && shown(c)) walk(c);
      }
    })(block);
    function find(k, end) {
      for (var j = segs.length - 1; j > 0 && (end ? segs[j].i >= k : segs[j].i > k); j--);
      return segs[j];
    }
    return { t: text, range: function (a, b) {
      var r = document.createRange(), x = find(a), y = find(b, 1);
      if (x.e) r.setStartBefore(x.n); else r.setStart(x.n, Math.min(a - x.i, x.n.length));
      if (y.e) r.setEndAfter(y.n); else r.setEnd(y.n, Math.min(b - y.i, y.n.length));
      return r;
    } };
  }
  // Over 50 characters (ten seconds): cut after a comma.
  function sentences(blocks) {
    var out = [];
    blocks.forEach(function (b) {
      var p = pieces(b), t = p.t, re = /[^。！？；\n]+[。！？；]*[”’」』）)]*/g, m;
      while ((m = re.exec(t))) {
        for (var a = m.index, e = a + m[0].length, c; a < e; a = c) {
          c = e - a > 50 ? a + 10 + (t.slice(a + 10, a + 50).search(/[，、：,][^，、：,]*$/) + 1 || 40) : e;
          var s = t.slice(a, c), x = a + s.search(/\S/), y = a + s.replace(/\s+$/, "").length;
          if (/[\u4e00-\u9fff\w]/.test(s)) out.push({ b: b, r: p.range(x, y), t: t.slice(x, y).replace(/\s*·\s*|^([A-Z])\.\s*/g, "$1，") });
        }
      }
    });
    return out;
  }
  function question(form) {
    var ex = form.querySelector(".kb-q__explanation");
    return $$(form, ".kb-q__no,.kb-q__stem,.kb-q__option,.kb-q__feedback").filter(shown).concat(ex && shown(ex) ? $$(ex, BLOCK) : []);
  }

  // Mainland and local first (no internet); voices may come a moment after the first call.
  function zh() {
    var v = S.getVoices().filter(function (x) { return /^(zh|cmn)/i.test(x.lang); }), cn = v.filter(function (x) { return /CN|Hans/i.test(x.lang); });
    return cn.filter(function (x) { return x.localService; })[0] || cn[0] || v[0];
  }
  function withVoice(then, n) {
    var v = S && U && zh();
    if (v || !S || !U || n > 5) then(v); else setTimeout(function () { withVoice(then, (n || 0) + 1); }, 250);
  }
  var MSG = '<span class="kb-read__msg" role="status"></span>';
  function note(b, text) {
    if (!b.parentNode.querySelector(".kb-read__msg")) b.insertAdjacentHTML("afterend", MSG);
    var m = b.parentNode.querySelector(".kb-read__msg");
    setTimeout(function () { m.textContent = text; }, 50);  // announced as a change
  }

  function mark(it) {
    unmark();
    cur = it;
    if (CH) CH.set("kb-read", new window.Highlight(it.r)); else it.b.classList.add("kb-read-on");
    keep();
  }
  function unmark() {
    if (cur) cur.b.classList.remove("kb-read-on");
    if (CH) CH.delete("kb-read");
    cur = null;
  }
  // Below the header and our bar; again after a 字号 change.
  function keep() {
    var r = cur && cur.r.getBoundingClientRect();
    if (r && r.height && (r.top < 120 || r.bottom > innerHeight - 80)) scrollBy(0, r.top - innerHeight / 3);
  }

  function speak(i) {
    var it = list[i], token = run, u;
    if (!it) return stop();
    at = i;
    mark(it);
    list.u = u = new U(it.t);  // Chrome loses the events of an unreferenced utterance
    u.lang = "zh-CN";
    u.voice = voice;
    u.onend = u.onerror = function () {
      if (token === run) { if (paused) lost = 1; else speak(i + 1); }  // Android's pause() ends it
    };
    S.speak(u);
  }
  function stop() {
    run++;
    paused = lost = owner = null;
    list = [];
    at = -1;
    if (S) S.cancel();
    unmark();
    sync();
  }
  function start(blocks, button) {
    withVoice(function (v) {
      if (!v) return note(button, "本机没有安装中文语音，无法朗读。");
      stop();
      voice = v;
      owner = button;
      list = sentences(blocks);
      at = 0;
      sync();
      var token = run;
      setTimeout(function () { if (token === run) speak(0); }, 50);  // lost just after cancel()
    });
  }

  function sync() {
    $$(document, "[data-kb-read]").forEach(function (b) {
      var w = b.getAttribute("data-kb-read"), mine = at >= 0 && b.parentNode.contains(owner);
      if (w === "q") b.textContent = mine && owner === b ? "停止朗读" : "朗读本题";
      else if (w === "play") b.parentNode.classList.toggle("kb-read--on", mine);
      else { b.disabled = !mine; if (w === "pause") b.textContent = paused ? "继续" : "暂停"; }
    });
  }
  function setup() {
    $$(document, ".kb-read").forEach(function (box) {
      if (!box.children[1]) box.insertAdjacentHTML("beforeend", '<button type="button" data-kb-read="pause" disabled>暂停</button><button type="button" data-kb-read="stop" disabled>停止</button>' + MSG);
    });
  }

  function act(b) {
    var w = b.getAttribute("data-kb-read");
    if (w === "play") start($$(document.querySelector("article"), BLOCK).filter(function (x) { return !x.closest(SKIP) && shown(x); }), b);
    else if (w === "q") { if (owner === b) stop(); else start(question(b.closest("form")), b); }
    else if (w === "stop") { stop(); b.parentNode.firstChild.focus(); }
    else if (at >= 0) {
      paused = !paused;
      if (paused) S.pause(); else { S.resume(); if (lost) { lost = 0; speak(at); } }
      sync();
    }
  }
  document.addEventListener("click", function (e) {
    var b = e.target.closest && e.target.closest("[data-kb-read],[data-kb-font-set]");
    if (b && b.hasAttribute("data-kb-read")) act(b); else if (b) setTimeout(keep, 100);
  });
  addEventListener("pagehide", stop);
  KB.read = stop;
  setup();
  if (KB.readFirst) act(KB.readFirst);
})();
