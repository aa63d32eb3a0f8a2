/* 基层统战工作培训知识库 — 班级成绩 (quizzes/class-results.html): the trainer drops or picks the
 * class's 成绩文件 and sees what `build.py results` writes in its workbook (成绩, 薄弱环节,
 * 题目分析, the notes), with each table downloadable as CSV.  Nothing leaves the browser: the
 * files are read with FileReader, the banks come from quizzes/exam-data.js (KB.examData).
 *
 * A classic script after quiz.js (KB.quiz: norm, blanksOk, table …), exam-data.js and
 * exam.js (KB.exam: the canonical form and SHA-256 of the 成绩文件).  Every rule here
 * is the one of scripts/kb/results/ (fileformat: reading and checking a file; __init__: which
 * files count, regrading, notes, the summary; grade: marking an answer; analysis: facility,
 * discrimination, flags), with the same Chinese messages; tests/browser/test_results_browser.py
 * feeds the same files to both and compares every figure.  Rounding is done on integers (or as
 * toFixed, which analysis.fixed2 mirrors) so that both give the same digits.
 */
(function (window) {
  "use strict";
  var KB = window.KB = window.KB || {};
  var K, D, F;
  var APP = "jiceng-tongzhan-kb", KIND = "exam-result", VERSIONS = [1, 2], MAX_BYTES = 2 * 1024 * 1024;
  var TYPES = { single: "单选", multiple: "多选", judge: "判断", blank: "填空" };  // kb.quiz.model.TYPE_SHORT
  var MSG = {
    unreadable: "{file}：无法读取（不是 JSON 文件，或文件已损坏）",
    notOurs: "{file}：不是本站的成绩文件",
    tooDeep: "{file}：不是本站的成绩文件（嵌套超过 {depth} 层）",
    badText: "{file}：{what}中有控制字符或无效字符（{char}），无法写入表格：文件已损坏或被改动过，请让学员重新交卷",
    newer: "{file}：成绩文件版本 {v} 无法识别（本程序读取版本 1 和 2），请用最新版的知识库汇总",
    tampered: "{file}：校验码不符，文件保存后被改动过",
    broken: "{file}：内容不完整或前后不一致（{why}）",
    otherPaper: "{file}：来自另一份试卷（{theirs}），本次汇总的试卷是：{ours}",
    sameContent: "{file}：与 {other} 内容完全相同（同一份成绩交了两次）",
    sameCadre: "{file}：与 {other} 是同一人同一次交卷（姓名、单位和交卷时间都相同）"
  };
  var EASY = [9, 10], HARD = [1, 5], MIN_FILES_FOR_OPTIONS = 20, LOOK = 3, TOP = 3;

  function fmt(s, v) { return s.replace(/\{(\w+)\}/g, function (_, k) { return v[k]; }); }
  function text(html) { return new DOMParser().parseFromString(html, "text/html").body.textContent; }  // inert
  function isInt(v) { return typeof v === "number" && Math.floor(v) === v && isFinite(v); }
  function isStrs(v) { return Array.isArray(v) && v.every(function (x) { return typeof x === "string"; }); }
  // Rounding on integers: the same digits as Python's Fraction arithmetic.
  function pct(a, b) { return (b ? Math.floor((200 * a + b) / (2 * b)) : 0) + "%"; }
  function two(n) { return (n < 10 ? "0" : "") + n; }
  function duration(sec) { return Math.floor(sec / 60) + " 分 " + two(sec % 60) + " 秒"; }
  function tenths(a, b) { var t = Math.floor((20 * a + b) / (2 * b)); return Math.floor(t / 10) + "." + (t % 10); }

  /* ---- one file (kb.results.fileformat) ------------------------------------------------- */
  var SHAPES = {
    str: function (v) { return typeof v === "string"; },
    int: function (v) { return isInt(v) && v >= 0; },
    number: function (v) { return typeof v === "number" && isFinite(v) && v >= 0; },
    bool: function (v) { return typeof v === "boolean"; },
    strs: isStrs,
    list: Array.isArray,
    dict: function (v) { return v !== null && typeof v === "object" && !Array.isArray(v); }
  };
  var PAPER = { banks: "strs", n: "int", seed: "str", roles: "strs", shortfalls: "strs", minutes: "number", id: "str" };
  var QUESTION = { key: "str", covers: "strs", answer: "list", correct: "bool" };
  var QUESTION_V2 = { key: "str", covers: "strs", answer: "list", correct: "bool", v: "str" };
  var TOPF = { paper: "dict", questions: "list", score: "dict", shortfalls: "dict", started: "str", finished: "str",
    seconds: "int", name: "str", unit: "str" };
  function shape(obj, fields, where) {
    Object.keys(fields).forEach(function (k) {
      if (!(k in obj) || !SHAPES[fields[k]](obj[k])) throw new Error(where + k + " 缺少或格式不对");
    });
  }
  var ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d{1,6})?)?([+-]\d\d:\d\d|Z)$/;
  function time(s, what) {
    var t = ISO.test(s) ? Date.parse(s.replace(/(\.\d{3})\d+/, "$1")) : NaN;
    if (isNaN(t)) throw new Error(what + "无法识别");
    return t;
  }
  function tallyFlags(qs) {
    var out = {};
    qs.forEach(function (q) {
      q.covers.forEach(function (s) { var o = out[s] = out[s] || { right: 0, total: 0 }; o.total++; if (q.correct) o.right++; });
    });
    return out;
  }
  function sameShortfalls(a, b) {
    var ka = Object.keys(a).sort(), kb = Object.keys(b).sort();
    return JSON.stringify(ka) === JSON.stringify(kb) && ka.every(function (k) {
      var x = a[k], y = b[k];
      return SHAPES.dict(x) && Object.keys(x).length === 2 && x.right === y.right && x.total === y.total;
    });
  }
  function parse(rec, file) {
    shape(rec, TOPF, "");
    shape(rec.paper, PAPER, "paper.");
    var answers = rec.questions.map(function (q, i) {
      if (!SHAPES.dict(q)) throw new Error("第 " + (i + 1) + " 题格式不对");
      shape(q, rec.v >= 2 ? QUESTION_V2 : QUESTION, "第 " + (i + 1) + " 题的 ");
      if (!/^[^/\s]+\/[^/\s]+$/.test(q.key)) throw new Error("第 " + (i + 1) + " 题的题目编号“" + q.key + "”格式不对");
      return { key: q.key, covers: q.covers, answer: q.answer, correct: q.correct, version: rec.v >= 2 ? q.v : null };
    });
    var keys = answers.map(function (a) { return a.key; });
    var unique = keys.filter(function (k, i) { return keys.indexOf(k) === i; });
    if (!answers.length || unique.length !== keys.length || rec.paper.n !== answers.length) throw new Error("题数与题目列表不符");
    if (rec.paper.id !== F.sha256(keys.join("\n")).slice(0, 16)) throw new Error("试卷编号与题目不符");
    var right = answers.filter(function (a) { return a.correct; }).length, sc = rec.score;
    if (!(SHAPES.dict(sc) && Object.keys(sc).length === 2 && sc.right === right && sc.total === answers.length)) throw new Error("得分与逐题结果不符");
    if (!sameShortfalls(rec.shortfalls, tallyFlags(answers))) throw new Error("各培训短板的结果与逐题结果不符");
    var started = time(rec.started, "开始时间"), finished = time(rec.finished, "交卷时间");
    if (finished < started) throw new Error("交卷时间早于开始时间");
    if (!rec.name.trim()) throw new Error("没有姓名");
    return { file: file, name: rec.name.trim(), unit: rec.unit.trim(), paper: rec.paper, answers: answers,
      started: started, finished: finished, finishedText: rec.finished, seconds: rec.seconds, checksum: rec.checksum, v: rec.v };
  }
  /* As kb.results.fileformat refuses them, so the page and `build.py results` count the same
   * files: nesting deeper than a result file has (checked without recursion), and characters no
   * name or answer typed on the exam page can hold (C0/C1 controls but tab and line breaks, lone
   * surrogates — the u flag keeps valid pairs whole —, bidi overrides, U+FFFE/FFFF). */
  var MAX_DEPTH = 6, BAD = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069\ufffe\uffff]/u;
  function depth(v) {
    var deepest = 0, stack = [[v, 1]], top, d;
    while (stack.length) {
      top = stack.pop(); v = top[0]; d = top[1];
      if (v && typeof v === "object") {
        deepest = Math.max(deepest, d);
        if (d <= MAX_DEPTH) Object.keys(v).forEach(function (k) { stack.push([v[k], d + 1]); });
      }
    }
    return deepest;
  }
  function badText(v, where) {
    var m, found = null;
    if (typeof v === "string") return (m = BAD.exec(v)) ? [{ name: "姓名", unit: "单位" }[where] || "文件内容", m[0]] : null;
    if (v && typeof v === "object") Object.keys(v).some(function (k) {
      return (found = (Array.isArray(v) ? null : badText(k)) || badText(v[k], Array.isArray(v) || where ? where : k));
    });
    return found;
  }
  function read(file, bytes) {
    var m = { file: file };
    if (bytes.byteLength > MAX_BYTES) throw fmt(MSG.notOurs, m);
    var rec;
    try {
      rec = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes).replace(/^\ufeff/, ""));
    } catch (e) { throw fmt(MSG.unreadable, m); }
    if (depth(rec) > MAX_DEPTH) throw fmt(MSG.tooDeep, { file: file, depth: MAX_DEPTH });
    var bad = badText(rec, "");
    if (bad) throw fmt(MSG.badText, { file: file, what: bad[0], char: "U+" + ("000" + bad[1].codePointAt(0).toString(16).toUpperCase()).slice(-4) });
    if (!SHAPES.dict(rec) || rec.app !== APP || rec.kind !== KIND) throw fmt(MSG.notOurs, m);
    if (!isInt(rec.v) || VERSIONS.indexOf(rec.v) < 0) throw fmt(isInt(rec.v) && rec.v > 2 ? MSG.newer : MSG.notOurs, { file: file, v: rec.v });
    var body = {};
    Object.keys(rec).forEach(function (k) { if (k !== "checksum") body[k] = rec[k]; });
    if (rec.checksum !== "sha256:" + F.sha256(F.canonical(body))) throw fmt(MSG.tampered, m);
    try { return parse(rec, file); } catch (e) { throw fmt(MSG.broken, { file: file, why: e.message }); }
  }

  /* ---- which files count (kb.results.sort_out) -------------------------------------------- */
  function brief(paper) {
    var titles = {};
    D.banks.forEach(function (b) { titles[b.id] = b.title; });
    return paper.banks.map(function (b) { return titles[b] || b; }).join("、") + "，" + paper.n + " 题，种子 " + paper.seed + "，编号 " + paper.id;
  }
  function sortOut(readable) {
    var counts = {}, order = [];
    readable.forEach(function (f) {
      if (!counts[f.paper.id]) { counts[f.paper.id] = {}; order.push(f.paper.id); }
      counts[f.paper.id][f.checksum] = 1;
    });
    var chosen = order[0];
    order.forEach(function (id) { if (Object.keys(counts[id]).length > Object.keys(counts[chosen]).length) chosen = id; });
    var first = readable.filter(function (f) { return f.paper.id === chosen; })[0];
    var ours = brief(first.paper), counted = [], refused = [], byContent = {}, byCadre = {};
    readable.forEach(function (f) {
      var cadre = JSON.stringify([f.name, f.unit, f.finished]);
      if (f.paper.id !== chosen) refused.push({ i: f.i, m: fmt(MSG.otherPaper, { file: f.file, theirs: brief(f.paper), ours: ours }) });
      else if (byContent[f.checksum]) refused.push({ i: f.i, m: fmt(MSG.sameContent, { file: f.file, other: byContent[f.checksum].file }) });
      else if (byCadre[cadre]) refused.push({ i: f.i, m: fmt(MSG.sameCadre, { file: f.file, other: byCadre[cadre].file }) });
      else { counted.push(f); byContent[f.checksum] = byCadre[cadre] = f; }
    });
    return { counted: counted, refused: refused, brief: ours };
  }

  /* ---- regrading (kb.results.grade, as exam.js grades) ------------------------------------ */
  function indexes(answer, count) {
    if (!answer.every(function (k) { return isInt(k) && k >= 0 && k < count; })) return null;
    return answer.slice().sort(function (a, b) { return a - b; });
  }
  function grade(q, answer) {
    if (q.type === "blank") {
      if (!answer.every(function (v) { return typeof v === "string"; })) return false;
      var vals = answer.map(function (v) { return v.trim(); });
      return vals.some(Boolean) && vals.length === q.answer.length && K.blanksOk(vals, q.answer, !!q.anyOrder);
    }
    var picked = indexes(answer, q.options.length);
    if (!picked) return false;
    var keys = q.type === "multiple" ? q.answer.slice().sort(function (a, b) { return a - b; }) : [q.answer];
    return JSON.stringify(picked) === JSON.stringify(keys);
  }
  function chosen(q, answer) {
    if (q.type === "blank") return [];
    var picked = indexes(answer, q.options.length) || [];
    return picked.filter(function (k, i) { return picked.indexOf(k) === i; });
  }

  /* ---- the class (kb.results.tally, kb.results.analysis) ---------------------------------- */
  function today(keys) {
    var out = {};
    keys.forEach(function (key) {
      var slash = key.indexOf("/"), bankId = key.slice(0, slash), qid = key.slice(slash + 1), found = null;
      D.banks.forEach(function (b) {
        if (b.id !== bankId) return;
        b.questions.forEach(function (q, i) { if (!found && q.id === qid) found = { bank: b, q: q, number: i + 1 }; });
        if (!found) found = { bank: b };
      });
      var title = found && found.bank ? found.bank.title : bankId;
      out[key] = found && found.q ? {
        q: found.q, covers: found.q.covers, type: TYPES[found.q.type], stem: text(found.q.stem), source: found.q.label,
        where: title + " 第 " + found.number + " 题",
        options: found.q.type === "blank" ? [] : found.q.options.map(text)
      } : { q: null, covers: [], where: title + "（题库中已没有这道题）" };
    });
    return out;
  }
  function discrimination(x, y) {
    var n = x.length, sx = 0, sy = 0, sxy = 0, sxx = 0, syy = 0;
    for (var i = 0; i < n; i++) { sx += x[i]; sy += y[i]; sxy += x[i] * y[i]; sxx += x[i] * x[i]; syy += y[i] * y[i]; }
    var dx = n * sxx - sx * sx, dy = n * syy - sy * sy;
    if (n < 2 || dx === 0 || dy === 0) return null;
    return (n * sxy - sx * sy) / Math.sqrt(dx * dy);
  }
  function fixed2(d) { return d === null ? "" : d.toFixed(2); }
  function lookOrder(a, b) {
    function key(q) {
      var d = q.stats.d;
      return [q.stats.flags.indexOf("区分度为负") < 0 ? 1 : 0, -q.stats.flags.length, d === null ? 1 : 0, d === null ? 0 : d, q.number];
    }
    var ka = key(a), kb = key(b);
    for (var i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return ka[i] < kb[i] ? -1 : 1;
    return 0;
  }
  function stable(list, cmp) {
    return list.map(function (x, i) { return [x, i]; }).sort(function (a, b) { return cmp(a[0], b[0]) || a[1] - b[1]; })
      .map(function (p) { return p[0]; });
  }
  function rateCmp(a, b) { return a.right * b.total - b.right * a.total; }  // a.right/a.total vs b's, exactly

  function tally(files, refused, brief) {
    var first = files[0], keys = first.answers.map(function (a) { return a.key; }), now = today(keys);
    var cadres = files.map(function (f) {
      var marks = keys.map(function (k, i) { var t = now[k]; return t.q ? grade(t.q, f.answers[i].answer) : null; });
      var picks = keys.map(function (k, i) { var t = now[k]; return t.q ? chosen(t.q, f.answers[i].answer) : []; });
      var right = marks.filter(function (m) { return m; }).length, total = marks.filter(function (m) { return m !== null; }).length;
      return { f: f, marks: marks, chosen: picks, right: right, total: total };
    });
    var questions = keys.map(function (key, i) {
      var t = now[key], q = { number: i + 1, key: key, t: t, covers: t.covers, total: cadres.length, changed: 0 };
      if (!t.q) { q.right = 0; q.gone = true; return q; }
      var x = cadres.map(function (c) { return c.marks[i] ? 1 : 0; });
      var y = cadres.map(function (c, k) { return c.right - x[k]; });
      q.right = x.reduce(function (a, b) { return a + b; }, 0);
      var keyset = t.q.type === "multiple" ? t.q.answer : [t.q.answer];
      var options = t.options.map(function (content, j) {
        return { text: content, n: cadres.filter(function (c) { return c.chosen[i].indexOf(j) >= 0; }).length, key: keyset.indexOf(j) >= 0 };
      });
      var open = cadres.filter(function (c) {
        return !c.f.answers[i].answer.some(function (v) { return v !== "" && v !== null; });
      }).length;
      var d = discrimination(x, y), flags = [];
      if (q.right * EASY[1] > EASY[0] * cadres.length) flags.push("太容易");  // exact: right/n > 9/10
      if (q.right * HARD[1] < HARD[0] * cadres.length) flags.push("太难");
      if (d !== null && d < 0) flags.push("区分度为负");
      if (options.length && cadres.length >= MIN_FILES_FOR_OPTIONS && options.some(function (o) { return o.n === 0; })) flags.push("无人选择的选项");
      q.stats = { d: d, options: options, open: open, flags: flags };
      q.changed = cadres.filter(function (c) { var v = c.f.answers[i].version; return v !== null && v !== t.q.v; }).length;
      return q;
    });
    var sums = {};
    cadres.forEach(function (c) {
      questions.forEach(function (q) {
        q.covers.forEach(function (sid) { var s = sums[sid] = sums[sid] || { right: 0, total: 0 }; if (c.marks[q.number - 1]) s.right++; s.total++; });
      });
    });
    var registry = D.shortfalls.map(function (s) { return s.id; }), titles = {};
    D.shortfalls.forEach(function (s) { titles[s.id] = s.title; });
    var order = registry.filter(function (s) { return sums[s]; }).concat(Object.keys(sums).filter(function (s) { return registry.indexOf(s) < 0; }).sort());
    var shortfalls = order.map(function (sid) {
      return { id: sid, title: titles[sid] || sid, right: sums[sid].right, total: sums[sid].total,
        questions: questions.filter(function (q) { return q.covers.indexOf(sid) >= 0; }).length };
    });
    return { paper: first.paper, brief: brief, cadres: cadres, questions: questions, shortfalls: shortfalls,
      refused: refused, notes: notes(cadres, questions) };
  }

  function notes(cadres, questions) {
    var counted = questions.filter(function (q) { return !q.gone; }).length, out = [];
    questions.forEach(function (q) {
      if (q.gone) out.push("注意：题库中已没有试卷第 " + q.number + " 题（" + q.key + "），这道题不计分，每人按其余 " + counted + " 题计分。");
    });
    questions.forEach(function (q) {
      if (q.changed) out.push("注意：试卷第 " + q.number + " 题（" + q.t.where + "）在 " + q.changed + " 份成绩文件交卷后修改过，已按题库现在的题目和答案评分，请核对这道题。");
    });
    var old = cadres.filter(function (c) { return c.f.v < 2; }).map(function (c) { return c.f.file; });
    if (old.length) out.push("注意：" + old.join("、") + " 是旧版成绩文件，没有记录题目版本，已按题库现在的答案评分；无法判断交卷后题目是否修改过。");
    cadres.forEach(function (c) {
      var differ = [];
      c.f.answers.forEach(function (a, i) {
        var t = questions[i].t;
        if (c.marks[i] !== null && c.marks[i] !== a.correct && (a.version === null || a.version === t.q.v)) differ.push(i + 1);
      });
      var claimed = c.f.answers.filter(function (a) { return a.correct; }).length;
      if (differ.length) out.push("注意：" + c.f.file + " 中记录的对错与按题库重新评分的结果不符（第 " + differ.join("、") + " 题），已按重新评分计入：" +
        c.right + "/" + c.total + "（文件中记为 " + claimed + "/" + c.f.answers.length + "）。");
    });
    var same = {}, sameOrder = [];
    cadres.forEach(function (c) {
      var k = JSON.stringify([c.f.name, c.f.unit]);
      if (!same[k]) { same[k] = []; sameOrder.push(k); }
      same[k].push(c);
    });
    sameOrder.forEach(function (k) {
      var group = same[k];
      if (group.length < 2) return;
      var who = group[0].f.unit ? group[0].f.name + "（" + group[0].f.unit + "）" : group[0].f.name;
      out.push("注意：" + who + "有 " + group.length + " 份成绩（" + group.map(function (c) { return c.f.file; }).join("、") + "），都已计入。");
    });
    var sessions = {}, sOrder = [];
    cadres.forEach(function (c) {
      var k = c.f.started + "/" + c.f.finished;
      if (!sessions[k]) { sessions[k] = []; sOrder.push(k); }
      sessions[k].push(c);
    });
    sOrder.forEach(function (k) {
      if (sessions[k].length > 1) out.push("注意：" + sessions[k].map(function (c) { return c.f.file; }).join("、") + " 的开始和交卷时间完全相同，却是不同的姓名或单位，都已计入，请核实。");
    });
    return out;
  }

  /* ---- what the trainer sees: the workbook's sheets as tables ------------------------------ */
  function counted(r) { return r.questions.filter(function (q) { return !q.gone; }); }
  function worthALook(r) { return stable(counted(r).filter(function (q) { return q.stats.flags.length; }), lookOrder).slice(0, LOOK); }
  function weakestShortfalls(r) { return stable(r.shortfalls, rateCmp); }
  function weakestQuestions(r) { return stable(counted(r), rateCmp); }
  function where(q) { return q.t.where; }

  function summary(r) {
    var n = counted(r).length, scores = r.cadres.map(function (c) { return c.right; });
    var sum = scores.reduce(function (a, b) { return a + b; }, 0), people = scores.length;
    var secs = r.cadres.reduce(function (a, c) { return a + c.f.seconds; }, 0);
    var lines = [
      "班级成绩汇总：" + people + " 人。试卷：" + r.brief + "。",
      "人数 " + people + "，平均分 " + tenths(sum, people) + "/" + n + "（正确率 " + pct(sum, people * n) + "），" +
        "最高 " + Math.max.apply(null, scores) + "/" + n + "，最低 " + Math.min.apply(null, scores) + "/" + n + "，" +
        "平均用时 " + duration(Math.floor((2 * secs + people) / (2 * people))) + "。"
    ];
    var weak = weakestShortfalls(r).filter(function (s) { return s.right < s.total; }).slice(0, TOP);
    if (weak.length) lines.push("最薄弱的培训短板（全班正确率从低到高）：");
    weak.forEach(function (s, k) { lines.push("  " + (k + 1) + ". " + s.title + "：正确率 " + pct(s.right, s.total) + "（" + s.right + "/" + s.total + "）"); });
    var wrong = weakestQuestions(r).filter(function (q) { return q.right < q.total; }).slice(0, TOP);
    lines.push(wrong.length ? "错得最多的题目（全班正确率从低到高）：" : "全班每道题都答对了。");
    wrong.forEach(function (q, k) {
      var stem = q.t.stem.split(/\s+/).join(" ").trim();
      lines.push("  " + (k + 1) + ". 第 " + q.number + " 题（" + where(q) + "）正确率 " + pct(q.right, q.total) + "（" + q.right + "/" + q.total + " 人答对）" +
        (stem ? "：" + (stem.length > 30 ? stem.slice(0, 30) + "…" : stem) : ""));
    });
    var look = worthALook(r);
    if (look.length) lines.push("最值得检查的题目（见“题目分析”表）：");
    look.forEach(function (q, k) {
      lines.push("  " + (k + 1) + ". 第 " + q.number + " 题（" + where(q) + "）" + q.stats.flags.join("、") + "：正确率 " +
        pct(q.right, q.total) + "，区分度 " + (q.stats.d === null ? "无法计算" : fixed2(q.stats.d)));
    });
    if (r.refused.length) {
      lines.push("未计入的文件（" + r.refused.length + " 个）：");
      r.refused.forEach(function (m) { lines.push("  " + m); });
    }
    return lines.concat(r.notes);
  }

  function sheets(r) {
    var qs = r.questions, sfs = r.shortfalls;
    var scores = {
      name: "成绩",
      head: ["姓名", "单位", "得分", "正确率", "用时", "交卷时间"].concat(qs.map(function (q) { return "第 " + q.number + " 题"; }),
        sfs.map(function (s) { return s.title; }), ["成绩文件"]),
      rows: r.cadres.map(function (c) {
        var per = {};
        qs.forEach(function (q) {
          q.covers.forEach(function (sid) { var p = per[sid] = per[sid] || [0, 0]; if (c.marks[q.number - 1]) p[0]++; p[1]++; });
        });
        return [c.f.name, c.f.unit, String(c.right), pct(c.right, c.total), duration(c.f.seconds), c.f.finishedText.slice(0, 19).replace("T", " ")]
          .concat(c.marks.map(function (m) { return m === null ? "" : m ? "1" : "0"; }),
            sfs.map(function (s) { return per[s.id] ? per[s.id][0] + "/" + per[s.id][1] : ""; }), [c.f.file]);
      })
    };
    var weak = {
      name: "薄弱环节（培训短板）",
      head: ["顺序", "培训短板", "全班正确率", "答对/作答（人次）", "涉及题数"],
      rows: weakestShortfalls(r).map(function (s, k) { return [String(k + 1), s.title, pct(s.right, s.total), s.right + "/" + s.total, String(s.questions)]; })
    };
    var titles = {};
    sfs.forEach(function (s) { titles[s.id] = s.title; });
    var weakQ = {
      name: "薄弱环节（题目）",
      head: ["顺序", "试卷题号", "全班正确率", "答对人数", "题型", "题干", "来源题库", "出处", "培训短板"],
      rows: weakestQuestions(r).map(function (q, k) {
        return [String(k + 1), "第 " + q.number + " 题", pct(q.right, q.total), q.right + "/" + q.total, q.t.type, q.t.stem, where(q), q.t.source,
          q.covers.map(function (c) { return titles[c] || c; }).join("、")];
      })
    };
    var items = {
      name: "题目分析",
      head: ["试卷题号", "题型", "题干", "来源题库", "正确率", "区分度", "答对人数", "未作答人数", "各选项人数（★为正确选项）", "提示"],
      rows: qs.map(function (q) {
        if (q.gone) return ["第 " + q.number + " 题", "", "", where(q), "", "", "", "", "", "题库中已没有这道题，不计分"];
        var s = q.stats;
        return ["第 " + q.number + " 题", q.t.type, q.t.stem, where(q), pct(q.right, q.total), fixed2(s.d), String(q.right), String(s.open),
          s.options.map(function (o) { return (o.key ? "★" : "") + o.text + "：" + o.n; }).join("；"),
          s.flags.concat(q.changed ? ["交卷后修改过"] : []).join("、")];
      })
    };
    return [scores, weak, weakQ, items];
  }

  /* ---- CSV (UTF-8 with BOM, for Excel) ------------------------------------------------------ */
  function csvCell(v) {
    v = String(v);
    // A text Excel would run as a formula (=, +, -, @, tab, CR first) is written as text; numbers stay numbers.
    if (/^[=+\-@\t\r]/.test(v) && !/^-?\d+(\.\d+)?%?$/.test(v)) v = "'" + v;
    return /[",\r\n]/.test(v) ? '"' + v.replace(/"/g, '""') + '"' : v;
  }
  function csv(sheet) {
    return "\ufeff" + [sheet.head].concat(sheet.rows).map(function (row) { return row.map(csvCell).join(","); }).join("\r\n") + "\r\n";
  }
  function download(name, content) {
    var a = K.link(URL.createObjectURL(new Blob([content], { type: "text/csv;charset=utf-8" })), "");
    a.download = name;
    document.body.appendChild(a); a.click(); a.remove();
    window.setTimeout(function () { URL.revokeObjectURL(a.href); }, 60000);
  }

  /* ---- the page ------------------------------------------------------------------------ */
  function readAll(list, done) {
    var out = new Array(list.length), left = list.length;
    if (!left) return done(out);
    list.forEach(function (file, i) {
      var fr = new FileReader();
      fr.onload = function () { out[i] = { name: file.name, bytes: new Uint8Array(fr.result) }; if (!--left) done(out); };
      fr.onerror = function () { out[i] = { name: file.name, error: true }; if (!--left) done(out); };
      fr.readAsArrayBuffer(file);
    });
  }

  function show(root, out, files) {
    out.textContent = "";
    var readable = [], refused = [];
    files.forEach(function (x, i) {
      if (x.error) { refused.push({ i: i, m: x.name + "：无法打开（浏览器无法读取这个文件）" }); return; }
      try { var f = read(x.name, x.bytes); f.i = i; readable.push(f); } catch (e) { refused.push({ i: i, m: typeof e === "string" ? e : String(e) }); }
    });
    var sorted = readable.length ? sortOut(readable) : { counted: [], refused: [] };
    var messages = refused.concat(sorted.refused).sort(function (a, b) { return a.i - b.i; }).map(function (x) { return x.m; });
    var status = out.appendChild(K.el("p", null, "kb-class__status"));
    status.setAttribute("role", "status");
    if (!sorted.counted.length) {
      status.textContent = "没有可以汇总的成绩文件。";
      if (messages.length) {
        out.appendChild(K.el("p", "未计入的文件（" + messages.length + " 个）："));
        var ul = out.appendChild(K.el("ul", null, "kb-class__refused"));
        messages.forEach(function (m) { ul.appendChild(K.el("li", m)); });
      }
      return;
    }
    var r = tally(sorted.counted, messages, sorted.brief);
    if (!counted(r).length) { status.textContent = "试卷中的题目在题库中都已没有，无法评分。"; return; }
    status.textContent = "已汇总 " + r.cadres.length + " 份成绩文件" + (messages.length ? "，另有 " + messages.length + " 个文件未计入（见下）" : "") + "。";
    var pre = out.appendChild(K.el("div", null, "kb-class__summary"));
    summary(r).forEach(function (line) { pre.appendChild(K.el("p", line)); });
    var buttons = out.appendChild(K.el("p", null, "kb-class__downloads"));
    sheets(r).forEach(function (sheet) {
      var h = out.appendChild(K.el("h2", sheet.name));
      h.id = "sheet-" + sheet.name;
      var wrap = out.appendChild(K.table(sheet.head, sheet.rows));
      wrap.querySelector("table").setAttribute("data-sheet", sheet.name);
      var b = buttons.appendChild(K.el("button", "下载“" + sheet.name + "”（CSV）", "md-button"));
      b.type = "button";
      b.addEventListener("click", function () { download("班级成绩-" + sheet.name + ".csv", csv(sheet)); });
      buttons.appendChild(document.createTextNode(" "));
    });
    KB.classResults = { summary: summary(r), sheets: sheets(r), csv: sheets(r).map(csv) };  // for tests
  }

  function setup(root) {
    K = KB.quiz; D = KB.examData; F = KB.exam;
    root.textContent = "";
    var drop = root.appendChild(K.el("div", null, "kb-class__drop"));
    var label = drop.appendChild(K.el("label", "选择成绩文件（可以一次选多个）："));
    var input = label.appendChild(K.el("input"));
    input.type = "file"; input.multiple = true; input.accept = ".json,application/json";
    drop.appendChild(K.el("p", "也可以把成绩文件（或整个文件夹中的文件）拖到这里。文件只在本机浏览器中读取，不会上传。"));
    var out = root.appendChild(K.el("div", null, "kb-class__out"));
    function take(list) { readAll(Array.prototype.slice.call(list), function (files) { show(root, out, files); }); }
    input.addEventListener("change", function () { take(input.files); });
    drop.addEventListener("dragover", function (e) { e.preventDefault(); drop.classList.add("kb-class__drop--over"); });
    drop.addEventListener("dragleave", function () { drop.classList.remove("kb-class__drop--over"); });
    drop.addEventListener("drop", function (e) {
      e.preventDefault();
      drop.classList.remove("kb-class__drop--over");
      if (e.dataTransfer && e.dataTransfer.files) take(e.dataTransfer.files);
    });
    root.setAttribute("data-ready", "1");
  }
  function init() { K = KB.quiz; Array.prototype.forEach.call(document.querySelectorAll(".kb-class"), setup); }
  // Node (tests/js/): reading a file and regrading an answer, with quiz.js and exam.js beside it.
  if (typeof module == "object" && module.exports) {
    K = require("./quiz.js"); F = require("./exam.js");
    module.exports = { read: read, grade: grade };
    return;
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})(typeof window == "object" ? window : {});
