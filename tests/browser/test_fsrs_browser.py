"""今日复习 on FSRS-6 (issue 21, item 7): quiz.js's scheduler against ts-fsrs's own results
(tests/fixtures/fsrs-vectors.json, written by scripts/dev/fsrs_vectors.mjs), answers on a bank
page and in review storing the library's state, and a store or learning-record file of the
SM-2 format (v2) migrating without loss."""

from __future__ import annotations

import json
import math
from datetime import UTC, datetime
from pathlib import Path

import pytest
from playwright.sync_api import expect

from helpers.browser import PHONE, answer

pytestmark = pytest.mark.browser
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
VECTORS = json.loads((FIXTURES / "fsrs-vectors.json").read_text(encoding="utf-8"))
OLD = json.loads((FIXTURES / "quiz-store-v2.json").read_text(encoding="utf-8"))  # SM-2, v2
BANK = "quizzes/township-officer-duties.html"
WRONG = "quizzes/wrong-answers.html"
INDEX = "quizzes/index.html"
W = VECTORS["w"]


@pytest.fixture
def fresh(browser):
    """A phone in a fresh profile (its own localStorage), its errors kept."""
    contexts = []

    def make():
        context = browser.new_context(viewport=PHONE, locale="zh-CN")
        contexts.append(context)
        page = context.new_page()
        page.errors = []
        page.on("pageerror", lambda e: page.errors.append(str(e)))
        return page

    yield make
    for c in contexts:
        c.close()


def at(ms: int) -> str:
    """A time for page.clock, to the millisecond (a Python number there means seconds)."""
    return (
        datetime.fromtimestamp(ms // 1000, UTC).replace(microsecond=ms % 1000 * 1000).isoformat(timespec="milliseconds")
    )


def base_of(request, where: str) -> str:
    return request.getfixturevalue("site_url" if where == "http" else "file_url")


def same(ours: dict, step: dict, where: str) -> None:
    """Our state after one answer is the library's: S and D to 1e-6 relative, due to the ms."""
    assert math.isclose(ours["S"], step["stability"], rel_tol=1e-6), (where, ours, step)
    assert math.isclose(ours["D"], step["difficulty"], rel_tol=1e-6), (where, ours, step)
    assert (ours["p"], ours["d"], ours["w"]) == (step["state"], step["due_ms"], 1), (where, ours, step)


@pytest.mark.parametrize("where", ["http", "file"])
def test_the_page_schedules_as_ts_fsrs_does(fresh, request, where):
    page = fresh()
    page.goto(base_of(request, where) + BANK)
    got = page.evaluate(
        """seqs => seqs.map(seq => {
          let r = {};
          return seq.steps.map(st => {
            const n = KB.quiz.schedule(r, st.grade === "good", st.at_ms);
            r = Object.assign({t: st.at_ms}, n);
            return n;
          });
        })""",
        VECTORS["sequences"],
    )
    steps = 0
    for seq, ours in zip(VECTORS["sequences"], got, strict=True):
        for i, (mine, step) in enumerate(zip(ours, seq["steps"], strict=True)):
            same(mine, step, f"{seq['name']}, step {i + 1}")
            steps += 1
    assert steps >= 50 and len(W) == 21  # FSRS-6: w0..w20
    assert page.errors == []


@pytest.mark.parametrize("where", ["http", "file"])
def test_answers_on_a_bank_page_and_in_review_store_the_library_state(fresh, request, where):
    """Wrong, right the same day (bank page), then right on each due day (今日复习)."""
    base = base_of(request, where)
    seq = next(s for s in VECTORS["sequences"] if s["name"].startswith("wrong, right the same day"))
    steps = seq["steps"]
    assert [s["grade"] for s in steps[:4]] == ["again", "good", "good", "good"]
    page = fresh()

    def stored():
        return json.loads(page.evaluate("localStorage.getItem('kb-quiz')"))

    page.clock.set_fixed_time(at(steps[0]["at_ms"]))
    page.goto(base + BANK)
    form = page.locator("form.kb-q").first
    key = "township-officer-duties/" + form.get_attribute("data-qid")
    assert answer(form, False).startswith("回答错误")
    assert stored()["v"] == 2
    same(stored()["q"][key], steps[0], "wrong on the bank page")

    page.clock.set_fixed_time(at(steps[1]["at_ms"]))
    page.reload()
    assert answer(page.locator("form.kb-q").first, True).startswith("回答正确")
    same(stored()["q"][key], steps[1], "right on the bank page, the same day")

    review = page.locator(".kb-review")
    for i in (2, 3):
        page.clock.set_fixed_time(at(steps[i]["at_ms"]))  # the day it falls due
        page.goto(base + WRONG + "?review")  # no #fragment: the same URL again loads anew
        forms = review.locator("form.kb-q")
        expect(forms).to_have_count(1)
        assert answer(forms.first, True).startswith("回答正确")
        same(stored()["q"][key], steps[i], f"right in review, step {i + 1}")
    page.goto(base + WRONG)
    expect(review.locator(".kb-review__count")).to_have_text("今天没有需要复习的题。")
    assert page.errors == []


def shifted_difficulty(e: float) -> float:
    """The documented SM-2 → FSRS difficulty: k wrong answers cost 0.54 of E-Factor each."""
    k = round((2.5 - e) / 0.54)
    return 10 - (10 - W[4]) * (1 - 2 * W[6] / 9) ** max(k - 1, 0)


def check_migrated(new: dict) -> None:
    """Every v2 record kept with its history, 错题本 flag and due date; SM-2 turned into FSRS."""
    old = OLD["store"]
    assert new["v"] == 2 and set(new["q"]) == set(old["q"])
    assert (new["h"], new["l"]) == (old["h"], old["l"])
    for key, was in old["q"].items():
        now = new["q"][key]
        kept = {f: was[f] for f in ("ok", "t", "s", "b", "a", "c", "w", "d") if f in was}
        assert {f: now[f] for f in kept} == kept, key
        assert not {"r", "i", "e"} & set(now), key
        if "w" not in was:
            assert set(now) == set(kept), key  # never scheduled: nothing added
            continue
        review = was["r"] >= 1
        assert now["p"] == (2 if review else 1), key
        assert now["S"] == (was["i"] if review else W[0]), key
        assert math.isclose(now["D"], shifted_difficulty(was["e"]), rel_tol=1e-6), key


@pytest.mark.parametrize("where", ["http", "file"])
def test_a_store_of_the_sm2_format_migrates_without_loss(fresh, request, where):
    base = base_of(request, where)
    page = fresh()
    page.clock.set_fixed_time(at(OLD["anchor_ms"]))  # the moment the store was written for
    page.goto(base + WRONG)
    page.evaluate("s => localStorage.setItem('kb-quiz', s)", json.dumps(OLD["store"], ensure_ascii=False))
    page.reload()
    migrated = page.evaluate("KB.quiz.load()")
    check_migrated(migrated)
    old = OLD["store"]["q"]
    due = sorted(k for k, r in old.items() if "w" in r and r["d"] <= OLD["anchor_ms"])
    assert len(due) == 5  # the fixture: overdue, due today, and one not yet due
    review = page.locator(".kb-review")
    expect(review.locator(".kb-review__count")).to_have_text(f"今日有 {len(due)} 道题需要复习。")
    expect(page.locator(".kb-wrongbook li")).to_have_count(sum(not r["ok"] for r in old.values()))
    review.get_by_role("button", name="开始今日复习").click()
    forms = review.locator("form.kb-q")
    expect(forms).to_have_count(len(due))
    listed = sorted(f"{f.get_attribute('data-bank')}/{f.get_attribute('data-qid')}" for f in forms.all())
    assert listed == due
    # One answer saves the migrated store; the question answered moves out, the rest stay due.
    first = forms.first
    key = f"{first.get_attribute('data-bank')}/{first.get_attribute('data-qid')}"
    assert answer(first, True).startswith("回答正确")
    saved = json.loads(page.evaluate("localStorage.getItem('kb-quiz')"))
    assert saved["q"][key]["d"] > OLD["anchor_ms"] + 86_400_000 // 2 and saved["q"][key]["p"] == 2
    assert {k: v for k, v in saved["q"].items() if k != key} == {k: v for k, v in migrated["q"].items() if k != key}
    page.goto(base + INDEX)
    expect(page.locator(".kb-due")).to_contain_text(f"今日复习：有 {len(due) - 1} 道题到期。")
    assert page.errors == []


def test_a_learning_record_file_of_the_sm2_format_still_imports(fresh, site_url, tmp_path):
    page = fresh()
    page.clock.set_fixed_time(at(OLD["anchor_ms"]))
    old = {"app": "jiceng-tongzhan-kb", "kind": "learning-record", "v": 2, "exported": "2025-06-01T04:00:00.000Z"}
    path = tmp_path / "学习记录-2025-6-1.json"
    path.write_text(json.dumps(old | {"data": OLD["store"]}, ensure_ascii=False), encoding="utf-8")
    page.goto(site_url + INDEX)
    page.locator(".kb-record input[type=file]").set_input_files(str(path))
    n = len(OLD["store"]["q"])
    expect(page.locator(".kb-record__status")).to_have_text(
        f"已导入学习记录：新增 {n} 道题、更新 0 道题的记录；本机较新的 0 道题保持不变。"
    )
    check_migrated(json.loads(page.evaluate("localStorage.getItem('kb-quiz')")))
    expect(page.locator(".kb-due")).to_contain_text("今日复习：有 5 道题到期。")
    assert page.errors == []


# quiz.js as released before FSRS (SM-2, store v2): what an old USB edition runs.  All file://
# pages share one storage, so a cadre may open an old edition with the new one's records.
SM2_EDITION = (FIXTURES / "quiz-js-sm2-edition.js").read_text(encoding="utf-8")


def test_an_older_edition_keeps_the_new_records_and_the_new_one_takes_them_back(fresh, site_url):
    page = fresh()

    def stored():
        return json.loads(page.evaluate("localStorage.getItem('kb-quiz')"))

    page.goto(site_url + BANK)
    forms = page.locator("form.kb-q")
    keys = ["township-officer-duties/" + forms.nth(i).get_attribute("data-qid") for i in range(3)]
    for i in range(2):
        assert answer(forms.nth(i), False).startswith("回答错误")
    new = stored()
    assert all(new["q"][k]["S"] > 0 and new["q"][k]["w"] == 1 for k in keys[:2])

    # The older edition reads the store (no 已损坏 notice, nothing removed) and adds an answer.
    page.route("**/assets/quiz/quiz.js", lambda r: r.fulfill(body=SM2_EDITION, content_type="text/javascript"))
    page.reload()
    expect(page.locator(".kb-store-notice")).to_have_count(0)
    old = stored()
    assert set(old["q"]) == set(keys[:2])
    assert all(old["q"][k]["d"] == new["q"][k]["d"] and old["q"][k]["w"] == 1 for k in keys[:2])
    assert answer(page.locator("form.kb-q").nth(2), False).startswith("回答错误")
    assert "r" in stored()["q"][keys[2]]  # written by SM-2

    # Back in this edition: all three kept, due dates unchanged, each with FSRS state again.
    page.unroute("**/assets/quiz/quiz.js")
    page.goto(site_url + WRONG)
    expect(page.locator(".kb-wrongbook li")).to_have_count(3)
    page.goto(site_url + WRONG + "?review")
    assert answer(page.locator(".kb-review form.kb-q").first, True)  # one review answer saves the store
    back = stored()
    assert set(back["q"]) == set(keys) and back["v"] == 2
    for k in keys:
        assert back["q"][k]["w"] == 1 and back["q"][k]["S"] > 0 and 1 <= back["q"][k]["D"] <= 10, k
        assert not {"r", "i", "e"} & set(back["q"][k]), k
    assert page.errors == []
