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

// Document pages added by add-source (issue 25): their passages' kind from the page's category.
const docs = new search.Index({
  vocab: "社区 服务 经费 公开 人员 培训", stop: ["有什么规定"],
  intents: [[["规定"], ["条文"]], [["存在问题"], ["问题"]]],
  pages: [["law.html", "条例", ""], ["duty.html", "职责文件", ""], ["report.html", "调研报告", ""], ["note.html", "说明", ""]],
  sections: [
    [0, "", "", "某某县社区服务示范条例"],
    [0, "chapter-3", "第三章　保障措施", ""],
    [0, "article-12", "第十二条", "社区服务工作情况应当每年向居民公开。"],
    [0, "annex-1", "附件", "社区服务项目清单"],
    [1, "article-2", "第二条", "负责社区服务人员培训。"],
    [2, "", "", "调研报告"],
    [2, "s1", "一、基本情况", "社区服务人员逐步增加。"],
    [2, "s2", "二、存在的问题", ""],
    [2, "s2-1", "（一）服务内容有待丰富", "社区服务项目较少。"],
    [2, "s3", "三、工作建议", ""],
    [2, "s3-1", "（一）解决人员不足问题", "加强社区服务人员培训。"],
    [2, "s4", "四、问题和建议", "社区服务经费不足。"],
    [3, "", "", "社区服务工作情况每年公开。"],
  ],
  docs: { policy: [0], duties: [1], analysis: [2] },
});
const kindOf = (page, anchor) => docs.kind(docs.sections.find((s) => s.page === page && s.anchor === anchor));

test("a document's passages: 条文 of a policy (not its annex), 职责 of duties", () => {
  assert.equal(kindOf(0, "article-12"), "条文");
  assert.equal(kindOf(0, "chapter-3"), "条文");  // 保障措施 names no 对策 outside a report
  assert.equal(kindOf(0, ""), "条文");
  assert.equal(kindOf(0, "annex-1"), "");
  assert.equal(kindOf(1, "article-2"), "职责");
  assert.equal(kindOf(3, ""), "");  // a page that is no document
});

test("a report's passages: under its 问题 or 建议 part, the outermost heading deciding", () => {
  assert.equal(kindOf(2, "s1"), "");
  assert.equal(kindOf(2, "s2"), "问题");
  assert.equal(kindOf(2, "s2-1"), "问题");
  assert.equal(kindOf(2, "s3-1"), "对策");  // its own heading says 问题: the part it is in decides
  assert.equal(kindOf(2, "s4"), "");  // a heading naming both is neither
  assert.equal(kindOf(2, ""), "");
});

test("「…有什么规定」 ranks a policy's articles first", () => {
  const out = docs.search("社区服务工作情况有什么规定");
  assert.deepEqual(out.kinds, ["条文"]);
  assert.equal(out.results[0].page.url + "#" + out.results[0].section.anchor, "law.html#article-12");
  // Without the intent the page that is no document, saying much the same, came first.
  const plain = docs.search("社区服务工作情况");
  assert.notEqual(plain.results[0].section.anchor, "article-12");
});
