// quiz.js without a page: the store's migration and cleaning, FSRS-6 scheduling against
// ts-fsrs's own results (tests/fixtures/fsrs-vectors.json), and blank grading against Python's
// kb.results.grade (tests/js/fixtures/grading.json).  Run: node --test tests/js/
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const quiz = require("../../docs/assets/quiz/quiz.js");
const VECTORS = require("../fixtures/fsrs-vectors.json");
const OLD = require("../fixtures/quiz-store-v2.json");  // an SM-2 store (v2) of an older edition
const GRADING = require("./fixtures/grading.json");
const W = VECTORS.w;

function close(a, b, what) {
  assert.ok(Math.abs(a - b) <= 1e-6 * Math.abs(b), `${what}: ${a} != ${b}`);
}

test("requiring quiz.js without a page gives the cores and defines no global", () => {
  for (const f of ["migrate", "cleanRecord", "schedule", "nextState", "norm", "blanksOk"]) assert.equal(typeof quiz[f], "function", f);
  assert.equal(typeof globalThis.KB, "undefined");
});

test("a v1 store migrates: counts, wrong answers due now in the 错题本, the last answer", () => {
  const v1 = { v: 1, q: { "bank-a/q1": { ok: false, t: 1000, s: "题一", b: "甲" }, "bank-a/q2": { ok: true, t: 5000, s: "题二", b: "甲" } } };
  const s = quiz.migrate(v1);
  assert.equal(s.v, 2);
  assert.deepEqual(s.q["bank-a/q2"], { ok: true, t: 5000, s: "题二", b: "甲", a: 1, c: 1 });
  const wrong = s.q["bank-a/q1"];
  assert.deepEqual([wrong.a, wrong.c, wrong.w, wrong.d, wrong.p, wrong.S], [1, 0, 1, 1000, 1, W[0]]);
  close(wrong.D, W[4], "difficulty after no SM-2 history");
  assert.deepEqual(s.l, { k: "bank-a/q2", t: 5000, b: "甲" });
  assert.deepEqual(s.h, []);
});

test("an SM-2 store (v2) migrates without loss", () => {
  const old = OLD.store, now = quiz.migrate(JSON.parse(JSON.stringify(old)));
  assert.deepEqual(Object.keys(now.q).sort(), Object.keys(old.q).sort());
  assert.deepEqual([now.h, now.l], [old.h, old.l]);
  let scheduled = 0;
  for (const [key, was] of Object.entries(old.q)) {
    const r = now.q[key];
    for (const f of ["ok", "t", "s", "b", "a", "c", "w", "d"]) if (f in was) assert.deepEqual(r[f], was[f], `${key}.${f}`);
    for (const f of ["r", "i", "e"]) assert.ok(!(f in r), `${key} kept SM-2's ${f}`);
    if (!was.w) { assert.ok(!("S" in r), key); continue; }
    scheduled++;
    const review = was.r >= 1, k = Math.round((2.5 - was.e) / 0.54);
    assert.equal(r.p, review ? 2 : 1, key);
    assert.equal(r.S, review ? was.i : W[0], key);
    close(r.D, 10 - (10 - W[4]) * Math.pow(1 - 2 * W[6] / 9, Math.max(k - 1, 0)), key);
  }
  assert.ok(scheduled >= 3);
});

test("junk is discarded: not a store, bad records, bad keys, bad history", () => {
  for (const junk of [null, "x", 3, [], {}, { v: 3, q: {} }, { v: 2 }, { v: 2, q: [] }, { v: 2, q: "x" }]) {
    assert.equal(quiz.migrate(junk), null, JSON.stringify(junk));
  }
  const s = quiz.migrate({
    v: 2,
    q: {
      "b/ok": { ok: true, t: 1, s: 5, b: null, x: "dropped", a: "3", S: 2, D: 5, p: 2 },
      "b/no-ok": { ok: "yes", t: 1 }, "b/no-time": { ok: true, t: NaN }, "b/null": null,
      "/q": { ok: true, t: 1 }, "noslash": { ok: true, t: 1 },
      "b/bad-fsrs": { ok: false, t: 2, w: 1, d: 9, S: -1, D: 11, p: 9 },
    },
    h: [{ t: 1, s: 2, n: 3, p: "n=3" }, { t: "1", s: 2, n: 3 }, null],
    l: { k: 7, t: 1 },
  });
  assert.deepEqual(Object.keys(s.q).sort(), ["b/bad-fsrs", "b/ok"]);
  assert.deepEqual(s.q["b/ok"], { ok: true, t: 1, s: "", b: "", S: 2, D: 5, p: 2 });
  const bad = s.q["b/bad-fsrs"];  // its FSRS fields are junk: made again from (missing) SM-2 ones
  assert.deepEqual([bad.w, bad.d, bad.p, bad.S], [1, 9, 1, W[0]]);
  assert.deepEqual(s.h, [{ t: 1, s: 2, n: 3, p: "n=3" }]);
  assert.equal(s.l.k, "b/bad-fsrs");  // the bad l is replaced by the newest record
  assert.equal(quiz.cleanRecord({ ok: true, t: Infinity }), null);
});

test("FSRS-6 schedules as ts-fsrs does (every step of every sequence)", () => {
  let steps = 0;
  for (const seq of VECTORS.sequences) {
    let r = {};
    seq.steps.forEach((st, i) => {
      const n = quiz.schedule(r, st.grade === "good", st.at_ms), where = `${seq.name}, step ${i + 1}`;
      close(n.S, st.stability, where + " S");
      close(n.D, st.difficulty, where + " D");
      assert.deepEqual([n.p, n.d, n.w], [st.state, st.due_ms, 1], where);
      r = Object.assign({ t: st.at_ms }, n);
      steps++;
    });
  }
  assert.ok(steps >= 50 && W.length === 21);
});

test("norm and blanksOk agree with Python's kb.results.grade", () => {
  assert.ok(GRADING.norm.length >= 5 && GRADING.blanks.length >= 10);
  for (const [text, want] of GRADING.norm) assert.equal(quiz.norm(text), want, JSON.stringify(text));
  for (const [values, answer, anyOrder, want] of GRADING.blanks) {
    assert.equal(quiz.blanksOk(values, answer, anyOrder), want, JSON.stringify([values, answer, anyOrder]));
  }
});
