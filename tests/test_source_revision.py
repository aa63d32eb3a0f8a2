"""Issue 25 §6: comparing two versions of a document, unit by unit, and the report in Chinese.

tests/golden/sources/ordinance-revised.txt is ordinance.txt with one article inserted (第四条,
the old 第四条 to 第六条 renumbered), one removed (old 第七条) and one reworded (第八条);
ordinance-revision.txt is the report.  Delete a golden file and run again to regenerate it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.sources.revision import compare, marked_diff, render_revision
from kb.sources.structure import find_structure

GOLDEN = Path(__file__).parent / "golden" / "sources"


def outline(name: str):
    return find_structure((GOLDEN / f"{name}.txt").read_text(encoding="utf-8"))


def kinds(rev) -> dict[str, str]:
    return {(c.new or c.old).anchor + ("" if c.new else " (old)"): c.kind for c in rev.changes}


def test_revision_report_matches_golden_file():
    got = render_revision(compare(outline("ordinance"), outline("ordinance-revised")))
    golden = GOLDEN / "ordinance-revision.txt"
    if not golden.exists():  # a first run writes it for review, and fails until it is committed
        golden.write_text(got, encoding="utf-8")
        pytest.fail(f"wrote {golden}: review it and commit it")
    assert got == golden.read_text(encoding="utf-8")


def test_insert_removal_and_rewording_are_told_apart():
    rev = compare(outline("ordinance"), outline("ordinance-revised"))
    by = {}
    for c in rev.changes:
        by.setdefault(c.kind, []).append((c.old.anchor if c.old else None, c.new.anchor if c.new else None))
    assert by["added"] == [(None, "article-4")]
    assert by["removed"] == [("article-7", None)]
    assert by["reworded"] == [("article-8", "article-8")]
    assert ("article-4", "article-5") in by["renumbered"] and ("article-6", "article-7") in by["renumbered"]
    assert ("article-1", "article-1") in by["unchanged"] and ("article-9", "article-9") in by["unchanged"]


def test_an_inserted_article_changes_only_its_own_and_the_renumbered_anchors():
    old = "第一条　甲。\n第二条　乙。\n第三条　丙。\n第四条　丁。"
    new = "第一条　甲。\n第二条　新增的条文。\n第三条　乙。\n第四条　丙。\n第五条　丁。"
    a, b = find_structure(old), find_structure(new)
    assert [u.anchor for u in b.walk()] == ["article-1", "article-2", "article-3", "article-4", "article-5"]
    rev = compare(a, b)
    assert [(c.kind, c.old and c.old.anchor, c.new and c.new.anchor) for c in rev.changes] == [
        ("unchanged", "article-1", "article-1"),
        ("added", None, "article-2"),
        ("renumbered", "article-2", "article-3"),
        ("renumbered", "article-3", "article-4"),
        ("renumbered", "article-4", "article-5"),
    ]
    assert rev.changed_anchors == ["article-2", "article-3", "article-4"]
    report = render_revision(rev)
    assert "原第二条 改为第三条，文字未变。" in report and "第二条 新增：\n    新增的条文。" in report


def test_a_moved_and_reworded_article_is_renumbered_with_its_diff():
    a = find_structure("第一条　甲。\n第二条　社区服务站每周开放五天。")
    b = find_structure("第一条　甲。\n第二条　新的。\n第三条　社区服务站每周开放六天。")
    report = render_revision(compare(a, b))
    assert "原第二条 改为第三条，并改写：\n    社区服务站每周开放【删：五】【增：六】天。" in report


def test_an_unrelated_rewrite_is_removed_and_added_not_reworded():
    a = find_structure("第一条　社区服务站每周开放五天。")
    b = find_structure("第一条　县人民政府负责指导和监督。")
    assert [c.kind for c in compare(a, b).changes] == ["removed", "added"]


def test_marked_diff():
    assert marked_diff("每两年评定一次", "每三年评定一次") == "每【删：两】【增：三】年评定一次"
    assert marked_diff("甲乙", "甲乙丙") == "甲乙【增：丙】"
    assert marked_diff("甲乙丙", "甲丙") == "甲【删：乙】丙"


def test_identical_documents_report_nothing_changed():
    rev = compare(outline("report"), outline("report"))
    assert {c.kind for c in rev.changes} == {"unchanged"} and rev.changed_anchors == []
    assert render_revision(rev).endswith("引用这些位置的题目要核对）：\n    无\n")


def test_revision_of_a_long_ordinance_stays_quick():
    from test_source_structure import long_ordinance

    text = long_ordinance()
    changed = text.replace("第三百条　社区服务站应当按照规定开展第300项", "第三百条　社区服务站可以开展第300项", 1)
    rev = compare(find_structure(text), find_structure(changed))
    assert [c.new.anchor for c in rev.changes if c.kind != "unchanged"] == ["article-300"]
