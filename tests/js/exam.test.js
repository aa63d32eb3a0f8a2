// exam.js and class-results.js without a page: the seeded paper, SHA-256 and the canonical form
// of the 成绩文件 against Python's kb.results.fileformat (tests/js/fixtures/result-file.json),
// and the class page reading that file.  Run: node --test tests/js/
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const crypto = require("node:crypto");
const exam = require("../../docs/assets/quiz/exam.js");
const classResults = require("../../docs/assets/quiz/class-results.js");
const FIXTURE = require("./fixtures/result-file.json");

// Three banks in bank-id order, as exam-data.js lists them; g1 and g2 are same-passage groups.
function q(id, extra) {
  return Object.assign({ id, type: "single", options: ["甲", "乙", "丙", "丁"], answer: 0, audience: [], covers: ["duties"] }, extra);
}
const DATA = {
  banks: [
    { id: "a-bank", title: "甲库", questions: [q("a1", { group: "g1" }), q("a2", { group: "g1" }), q("a3", { type: "judge", options: ["对", "错"] }), q("a4", { audience: ["乡镇统战干事"] })] },
    { id: "b-bank", title: "乙库", questions: [q("b1", { covers: ["theory"] }), q("b2", { group: "g2" }), q("b3", { group: "g2" }), q("b4", { type: "blank", options: [], answer: [["x"]] })] },
    { id: "c-bank", title: "丙库", questions: [q("c1"), q("c2", { audience: ["村（社区）统战联络员"] }), q("c3", { type: "multiple", answer: [0, 2] })] },
  ],
  shortfalls: [{ id: "duties", title: "职责" }, { id: "theory", title: "理论" }],
  types: { single: "单选题", multiple: "多选题", judge: "判断题", blank: "填空题" },
};
function paper(query) { return exam.paperOf(new URLSearchParams(query), DATA); }
function drawn(p) { return p.items.map((it) => `${it.bank.id}/${it.q.id}:${it.order.join("")}`); }

test("the same link gives the same paper, whatever order it names the banks in", () => {
  const one = paper("banks=a-bank,b-bank&n=4&seed=2024");
  assert.equal(one.items.length, 4);
  assert.deepEqual(drawn(paper("banks=a-bank,b-bank&n=4&seed=2024")), drawn(one));
  assert.deepEqual(drawn(paper("banks=b-bank,a-bank&n=4&seed=2024")), drawn(one));
  assert.equal(one.query, "banks=a-bank,b-bank&n=4&seed=2024");
  const others = ["1", "2", "3", "abc", "2025"].map((s) => drawn(paper("banks=a-bank,b-bank&n=4&seed=" + s)).join());
  assert.ok(others.some((d) => d !== drawn(one).join()), "every seed drew the same paper");
});

test("a paper handed out before stays the same (the draw is part of the link's meaning)", () => {
  // Pinned when the draw was made reachable from Node: a change here breaks every shared link.
  assert.deepEqual(drawn(paper("n=5&seed=2024")), ["c-bank/c2:1032", "a-bank/a3:01", "b-bank/b1:2310", "a-bank/a1:1203", "b-bank/b3:0132"]);
  assert.equal(exam.seedOf("2024"), 2024);
  assert.equal(exam.seedOf("4294967297"), 1);
  assert.equal(exam.seedOf("abc"), 0x1a47e90b);  // FNV-1a, 32 bits, as published
  const r = exam.mulberry32(1);  // the reference implementation's first two numbers for seed 1
  assert.deepEqual([r(), r()], [0.6270739405881613, 0.002735721180215478]);
});

test("one question per same-passage group unless same=1; roles, shortfalls, unknown banks", () => {
  for (let seed = 0; seed < 30; seed++) {
    const keys = paper("n=20&seed=" + seed).items.map((it) => it.q.group || it.q.id);
    assert.equal(new Set(keys).size, keys.length, "seed " + seed);
    assert.equal(keys.length, 9);  // 11 questions, two groups of two
  }
  assert.equal(paper("n=20&seed=1&same=1").items.length, 11);
  const role = paper("roles=乡镇统战干事&n=20&seed=1&same=1");
  assert.ok(role.items.every((it) => it.q.id !== "c2") && role.items.some((it) => it.q.id === "a4"));
  assert.deepEqual(paper("shortfalls=theory&n=5&seed=1").items.map((it) => it.q.id), ["b1"]);
  assert.deepEqual(paper("banks=a-bank,nope&n=2&seed=1").unknown, ["nope"]);
  for (const it of paper("n=20&seed=9&same=1").items) {
    const n = it.q.type === "blank" ? 0 : it.q.options.length;
    assert.deepEqual(it.order.slice().sort(), [...Array(n).keys()], it.q.id);
  }
});

test("SHA-256 in plain JS is node:crypto's, at every padding boundary", () => {
  for (const text of ["", "abc", "统战工作", "😀", "x".repeat(55), "x".repeat(56), "x".repeat(64), "字".repeat(1000)]) {
    assert.equal(exam.sha256(text), crypto.createHash("sha256").update(text, "utf8").digest("hex"), text.slice(0, 20));
  }
});

test("the canonical form is Python's, and so are the 成绩文件's checksum and paper id", () => {
  assert.ok(FIXTURE.canonical.length >= 4);
  for (const [value, text] of FIXTURE.canonical) assert.equal(exam.canonical(value), text);
  const file = FIXTURE.file, body = Object.assign({}, file);
  delete body.checksum;
  assert.equal("sha256:" + exam.sha256(exam.canonical(body)), file.checksum);
  assert.equal(exam.sha256(file.questions.map((x) => x.key).join("\n")).slice(0, 16), file.paper.id);
});

test("the class page reads the file Python accepts, and refuses it edited", () => {
  const bytes = (o) => new TextEncoder().encode(JSON.stringify(o, null, 1));
  const got = classResults.read("成绩-张三.json", bytes(FIXTURE.file));
  assert.equal(got.name, "张三😀");
  assert.deepEqual(got.answers.map((a) => [a.key, a.correct]), FIXTURE.file.questions.map((x) => [x.key, x.correct]));
  const edited = Object.assign({}, FIXTURE.file, { name: "李四" });
  assert.throws(() => classResults.read("x.json", bytes(edited)), (e) => e === "x.json：校验码不符，文件保存后被改动过");
  assert.throws(() => classResults.read("y.json", new TextEncoder().encode("{")), (e) => /^y\.json：无法读取/.test(e));
});

test("the class page refuses what `build.py results` refuses: deep nesting, control and bidi characters", () => {
  const bytes = (o) => new TextEncoder().encode(JSON.stringify(o));
  const resealed = (changes) => {  // edited, then its checksum recomputed: only the content is wrong
    const body = Object.assign({}, FIXTURE.file, changes);
    delete body.checksum;
    return Object.assign(body, { checksum: "sha256:" + exam.sha256(exam.canonical(body)) });
  };
  assert.throws(() => classResults.read("a.json", bytes(resealed({ name: "王\u0001五" }))),
    (e) => e === "a.json：姓名中有控制字符或无效字符（U+0001），无法写入表格：文件已损坏或被改动过，请让学员重新交卷");
  assert.throws(() => classResults.read("b.json", bytes(resealed({ unit: "乡\u202e镇" }))), (e) => /^b\.json：单位中有.*（U\+202E）/.test(e));
  assert.throws(() => classResults.read("c.json", bytes(resealed({ name: "张\ud800三" }))), (e) => /（U\+D800）/.test(e));
  let deep = [];
  for (let i = 0; i < 900; i++) deep = [deep];
  assert.throws(() => classResults.read("d.json", bytes(Object.assign({}, FIXTURE.file, { extra: deep }))),
    (e) => e === "d.json：不是本站的成绩文件（嵌套超过 6 层）");
  // A valid surrogate pair (the fixture's 😀) is a character, not two bad halves.
  assert.equal(classResults.read("e.json", bytes(FIXTURE.file)).name, "张三😀");
});
