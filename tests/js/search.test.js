// The search engine (overrides/assets/javascripts/kb-search/engine.js) without a page, on a
// made-up index: the basics tests/browser/test_search_browser.py checks in Chromium, fast.
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const search = require("../../overrides/assets/javascripts/kb-search/engine.js");

const index = new search.Index({
  vocab: "数据 安全 管理 制度 统战 委员 工作 加强", stop: ["怎么", "呢", "的", "了", "吗"],
  pages: [["a.html", "甲页", ""], ["b.html", "乙页", ""]],
  sections: [
    [0, "", "", "要加强数据安全管理，完善管理制度。"],
    [0, "x", "统战委员", "统战委员具体抓。"],
    [1, "", "", "统战工作由委员会负责；街区有块地，连着铁链。"],
    [1, "duty-8", "8．完成交办的工作任务", "完成领导交办的工作任务。", "第8条"],
  ],
});
const found = (q) => index.search(q).results.map((r) => r.page.url + "#" + r.section.anchor);

test("normalize: width, case, punctuation and spaces", () => {
  assert.equal(search.normalize("　全角 ＡＢ，统战！"), "全角ab统战");
});

test("words inside longer words, whole phrases, ordinals", () => {
  assert.deepEqual(found("安全"), ["a.html#"]);
  assert.deepEqual(found("统战委员"), ["a.html#x"]);  // not b.html, which has 统战 and 委员 apart
  assert.deepEqual(found("第八条"), ["b.html#duty-8"]);
});

test("a question is split into the site's words; nonsense finds nothing", () => {
  assert.deepEqual(found("安全制度"), ["a.html#"]);
  assert.deepEqual(found("怎么加强安全制度呢"), ["a.html#"]);
  assert.deepEqual(found("区块链"), []);
  assert.deepEqual(found("的了吗"), []);
});

test("a long query is cut", () => {
  assert.ok(index.search("统战工作" + "乙丙".repeat(200)).truncated);
});
