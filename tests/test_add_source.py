"""Issue 25: ``build.py add-source`` from file to registered source, cleaned text and draft pages,
``check`` holding each added source to the first source's bar, and the revision flow.

Each test runs in a minimal project under tmp_path (``root=``): the first source's registry
entry and files, an empty docs/ and quizzes/."""

from __future__ import annotations

import hashlib
import shutil
import time
from pathlib import Path

import pytest
import yaml

from kb.check.sources import check_sources
from kb.paths import SOURCES
from kb.sources import clean, registry
from kb.sources.add import AddError, add_source

FIXTURES = Path(__file__).parent / "fixtures" / "sources"
DOCUMENTS = [  # file, id, kind, anchors its page must carry
    ("regulation.docx", "demo-regulation", "policy", ["chapter-1", "article-12", "chapter-2-section-1", "annex-1"]),
    ("report.docx", "demo-report", "analysis", ["s1", "s1-2", "s1-2-1"]),
    ("notice-gbk.txt", "notice-gbk", "policy", ["s1", "s2"]),
    ("notice-utf16.txt", "notice-utf16", "policy", ["s1", "s2"]),
    ("article.html", "article", "analysis", ["s1", "s2"]),
    ("two-column.pdf", "two-column", "policy", ["article-1", "article-30"]),
]
EXPECTED = {"notice-gbk.txt": "notice.txt", "notice-utf16.txt": "notice.txt", "article.html": "article.txt"}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "sources" / "cleaned").mkdir(parents=True)
    (tmp_path / "docs").mkdir()
    (tmp_path / "quizzes").mkdir()
    for name in ("sources.yml", "000_770e6b70602032b3.txt", "000_770e6b70602032b3.errata.yml"):
        shutil.copy(SOURCES / name, tmp_path / "sources" / name)
    for path in (SOURCES / "cleaned").iterdir():
        shutil.copy(path, tmp_path / "sources" / "cleaned" / path.name)
    return tmp_path


def files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.mark.parametrize(("name", "doc_id", "kind", "anchors"), DOCUMENTS, ids=[d[0] for d in DOCUMENTS])
def test_document_becomes_a_checked_source(project, name, doc_id, kind, anchors, monkeypatch):
    monkeypatch.setenv("KB_TODAY", "2026-12-06")
    out = add_source(FIXTURES / name, doc_id, None, kind, root=project)
    original = (FIXTURES / name).read_bytes()
    kept = project / "sources" / f"{doc_id}{Path(name).suffix}"
    assert kept.read_bytes() == original
    digest = hashlib.sha256(original).hexdigest()
    assert f"已保存原文 sources/{kept.name}（SHA-256 {digest}）。" in out
    # The cleaned text: the reader's expected document text, broken lines joined in a .txt.
    cleaned = (project / "sources" / "cleaned" / f"{doc_id}.txt").read_text(encoding="utf-8")
    expected = (FIXTURES / "expected" / EXPECTED.get(name, Path(name).stem + ".txt")).read_text(encoding="utf-8")
    if name.endswith(".txt"):
        expected = expected.replace("认真组织，\n确保", "认真组织，确保")
    assert cleaned == expected
    page = (project / "docs" / "sources" / f"{doc_id}.md").read_text(encoding="utf-8")
    assert page.startswith("---\nkind: document\ntitle: ") and "draft: true" in page
    for anchor in anchors:
        assert f"{{#{anchor}}}" in page
    entry = next(s for s in registry.load_sources(project / "sources") if s.id == doc_id)
    assert (entry.file, entry.sha256, entry.category, entry.status) == (kept, digest, kind, "现行")
    assert (entry.added, entry.pages, entry.revisions) == ("2026-12-06", [f"sources/{doc_id}.md"], [])
    errata = (project / "sources" / f"{doc_id}.errata.yml").read_text(encoding="utf-8")
    assert "# 例如：" in errata and yaml.safe_load(errata) == []
    assert check_sources(project / "sources", project / "docs") == []


def test_check_names_a_missing_sentence_and_a_missing_page(project):
    add_source(FIXTURES / "regulation.docx", "demo-regulation", None, "policy", root=project)
    page = project / "docs" / "sources" / "demo-regulation.md"
    page.write_text(page.read_text(encoding="utf-8").replace("耐心解答居民的询问。", ""), encoding="utf-8")
    problems = [str(p) for p in check_sources(project / "sources", project / "docs")]
    line = (
        (project / "sources/cleaned/demo-regulation.txt")
        .read_text(encoding="utf-8")
        .split("\n")
        .index("第七条　服务人员应当使用规范用语，耐心解答居民的询问。")
    )
    assert problems == [
        f"sources/cleaned/demo-regulation.txt:{line + 1}:1: 这句原文不在页面上：“第七条　服务人员应当使用规范用语，耐心解答居民的询问”，"
        "应在 docs/sources/demo-regulation.md 中照录"
    ]
    page.unlink()
    assert [str(p) for p in check_sources(project / "sources", project / "docs")] == [
        "sources/sources.yml:9:1: 资料 demo-regulation 的页面 docs/sources/demo-regulation.md 不存在：请恢复它，或从 pages 中删去"
    ]


def test_stale_cleaned_text_is_reported(project):
    add_source(FIXTURES / "report.docx", "demo-report", None, "analysis", root=project)
    cleaned = project / "sources/cleaned/demo-report.txt"
    cleaned.write_text(cleaned.read_text(encoding="utf-8") + "多出的一行。\n", encoding="utf-8")
    assert [str(p) for p in check_sources(project / "sources", project / "docs")] == [
        "sources/cleaned/demo-report.txt:1:1: 清洗结果已过期，请运行 python scripts/build.py clean"
    ]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        (
            "scanned.pdf",
            "scanned.pdf：这个 PDF 没有文字层（可能是扫描件），无法读取文字；请找到原始的 Word 文件，或先用 OCR 软件转成文字后另存为 .txt",
        ),
        (
            "old.doc",
            "old.doc：这是旧版或其他格式的文字文件，只能读取 .docx、.pdf、.txt、.html 文件；请在 Word/WPS 中“另存为” .docx 或 .pdf 后再添加",
        ),
    ],
)
def test_unreadable_documents_are_refused_and_nothing_is_written(project, tmp_path, name, message):
    path = FIXTURES / name if (FIXTURES / name).exists() else tmp_path / name
    if not path.exists():
        path.write_bytes(b"\xd0\xcf\x11\xe0 an old Word file")
    before = files(project)
    with pytest.raises(AddError) as err:
        add_source(path, "demo", "标题", "policy", root=project)
    assert str(err.value) == message
    assert files(project) == before


def test_scanned_pdf_says_why(project):
    with pytest.raises(AddError) as err:
        add_source(FIXTURES / "scanned.pdf", "demo", "标题", "policy", root=project)
    assert "扫描" in str(err.value) or "图片" in str(err.value)


def test_an_existing_id_is_refused(project):
    add_source(FIXTURES / "report.docx", "demo-report", None, "analysis", root=project)
    before = files(project)
    with pytest.raises(AddError) as err:
        add_source(FIXTURES / "article.html", "demo-report", None, "analysis", root=project)
    assert str(err.value) == (
        "资料 id“demo-report”已经登记（sources/sources.yml 第 9 行）：添加新资料请换一个 id；这是它的修订版时加 --revision"
    )
    with pytest.raises(AddError) as err:
        add_source(FIXTURES / "article.html", "no-such", None, "analysis", revision=True, root=project)
    assert str(err.value) == "没有 id 为“no-such”的资料，无法添加修订版：请检查 id，或去掉 --revision 作为新资料添加"
    assert files(project) == before


def test_a_page_in_the_way_is_not_overwritten(project):
    page = project / "docs" / "sources" / "demo-report.md"
    page.parent.mkdir()
    page.write_text("编辑写的页面\n", encoding="utf-8")
    with pytest.raises(AddError) as err:
        add_source(FIXTURES / "report.docx", "demo-report", None, "analysis", root=project)
    assert str(err.value).startswith(
        "docs/sources/demo-report.md 已存在，未覆盖"
    ) or "demo-report.md 已存在，未覆盖" in str(err.value)
    assert page.read_text(encoding="utf-8") == "编辑写的页面\n"
    assert not (project / "sources" / "demo-report.docx").exists()


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (
            {"doc_id": "Demo_1"},
            "资料 id“Demo_1”无效：只能用小写英文字母、数字和连字符，例如 county-service-regulation",
        ),
        ({"date": "2024-02-30"}, "--date“2024-02-30”不是有效的日期，请写成 2024-03-01 这样的年-月-日"),
        ({"status": "有效"}, "--status 应为以下之一：现行、已修订、已废止"),
        ({"category": "law"}, "--kind 应为以下之一：policy、duties、analysis"),
    ],
)
def test_bad_options_are_refused(project, options, message):
    args = {"doc_id": "demo", "category": "policy", "date": None, "status": None} | options
    with pytest.raises(AddError) as err:
        add_source(FIXTURES / "report.docx", args["doc_id"], None, args["category"], date=args["date"],
                   status=args["status"], root=project)  # fmt: skip
    assert str(err.value) == message


BANK = """\
title: 测试题库
covers: [x]
questions:
  - id: q-reworded
    type: judge
    level: 识记
    stem: 测试
    answer: 对
    explanation: 测试
    source: sources/demo-regulation.md#article-12
  - id: q-unchanged
    type: judge
    level: 识记
    stem: 测试
    answer: 对
    explanation: 测试
    source: sources/demo-regulation.md#article-1
"""


def test_revision_reports_changes_flags_questions_and_keeps_the_old_original(project, monkeypatch):
    monkeypatch.setenv("KB_TODAY", "2026-12-06")
    add_source(FIXTURES / "regulation.docx", "demo-regulation", None, "policy", date="2024-03-01", root=project)
    (project / "quizzes" / "demo.yml").write_text(BANK, encoding="utf-8")
    old_page = (project / "docs/sources/demo-regulation.md").read_text(encoding="utf-8")
    monkeypatch.setenv("KB_TODAY", "2027-01-15")
    out = add_source(
        FIXTURES / "regulation-revised.docx", "demo-regulation", None, "policy", revision=True, root=project
    )
    report = (project / "sources" / "demo-regulation.revision-1.txt").read_text(encoding="utf-8")
    assert report.startswith("修订对照：改写1处，新增1处，删除1处")
    assert "第六条 新增：" in report and "原第九条 删除：" in report and "第十二条 改写：" in report
    assert "\n".join(out).count(report.rstrip("\n")) == 1
    flags = [line for line in out if "提醒：题目" in line]
    assert flags == [
        "quizzes/demo.yml:10:13: 提醒：题目 q-reworded 引用的 #article-12 在修订中改写，请按新文核对引文和答案"
    ]
    # Anchors of unchanged articles kept; the page is a draft again.
    page = (project / "docs/sources/demo-regulation.md").read_text(encoding="utf-8")
    for anchor in ("article-1", "article-12", "chapter-1", "annex-1"):
        assert f"{{#{anchor}}}" in old_page and f"{{#{anchor}}}" in page
    assert "draft: true" in page
    kept = project / "sources" / "demo-regulation.2024-03-01.docx"
    assert kept.read_bytes() == (FIXTURES / "regulation.docx").read_bytes()
    assert (project / "sources/demo-regulation.docx").read_bytes() == (
        FIXTURES / "regulation-revised.docx"
    ).read_bytes()
    entry = next(s for s in registry.load_sources(project / "sources") if s.id == "demo-regulation")
    assert entry.revisions == [
        {
            "file": kept.name,
            "sha256": hashlib.sha256(kept.read_bytes()).hexdigest(),
            "title": "某某县社区服务示范条例",
            "date": "2024-03-01",
            "replaced": "2027-01-15",
            "report": "demo-regulation.revision-1.txt",
        }
    ]
    assert entry.added == "2027-01-15" and entry.date is None
    # The registry was edited as text: the first entry and the file's comments are untouched.
    text = (project / "sources/sources.yml").read_text(encoding="utf-8")
    assert text.startswith((SOURCES / "sources.yml").read_text(encoding="utf-8"))
    assert check_sources(project / "sources", project / "docs") == []


def test_registry_problems_have_positions(project):
    path = project / "sources" / "sources.yml"
    path.write_text(
        path.read_text(encoding="utf-8")
        + "  - id: bad\n    file: missing.docx\n    sha256: abc\n    title: 标题\n    category: law\n"
        "    date: 2024-13-01\n    errata: bad.errata.yml\n    cleaned: cleaned/bad.txt\n",
        encoding="utf-8",
    )
    _, problems = registry.load_registry(project / "sources")
    assert [str(p) for p in problems] == [
        "sources/sources.yml:11:13: 第2份资料的`sha256` 的值“abc”格式不对：应为 64 位小写十六进制数",
        "sources/sources.yml:13:15: 第2份资料的`category` 的值“law”无效，应为以下之一：policy、duties、analysis",
        "sources/sources.yml:14:11: 第2份资料的`date` “2024-13-01”不是有效的日期，请写成 2024-03-01 这样的年-月-日",
    ]
    with pytest.raises(registry.RegistryError):
        registry.load_sources(project / "sources")


def test_traditional_text_is_converted_and_simplified_text_is_not():
    assert clean.is_traditional("社區服務應當遵循下列原則：以居民需求為導向。")
    assert not clean.is_traditional("社区服务应当遵循下列原则：以居民需求为导向。乾坤")
    assert clean.clean_document("社區服務應當遵循下列原則。\n").text == "社区服务应当遵循下列原则。\n"
    # 乾 is right in simplified text (乾坤); t2s would change it, so a simplified text is left alone.
    assert clean.clean_document("天地乾坤，社区服务。\n").text == "天地乾坤，社区服务。\n"


def test_punctuation_and_broken_lines():
    text = "第一条 社区服务(含便民服务),应当公开:\n| 项目 | (一)费用 |\n[^1]: 注释,见上文\n"
    assert (
        clean.clean_document(text).text
        == "第一条 社区服务（含便民服务），应当公开：\n| 项目 | （一）费用 |\n[^1]: 注释，见上文\n"
    )
    lines = [
        "各单位要按照本通知要求，认真组织，",
        "确保创建工作有序开展。",
        "某某县民政局",
        "2030年1月1日",
        "一、标题",
        "正文。",
    ]
    assert clean.join_broken_lines(lines) == (
        [
            "各单位要按照本通知要求，认真组织，确保创建工作有序开展。",
            "某某县民政局",
            "2030年1月1日",
            "一、标题",
            "正文。",
        ],
        1,
    )


def test_add_source_of_a_100_page_docx(project, tmp_path, capsys):
    """The issue's budget is 10 s; the figure is printed, not asserted (the machine is shared)."""
    import docx

    document = docx.Document()
    document.add_paragraph("某某县社区服务大型示范条例", style="Title")
    sentence = "社区服务站应当设置服务窗口，公布服务事项和办理时限，为居民提供政策咨询、证明材料的受理和转办等服务。"
    article = 0
    for chapter in range(1, 21):
        document.add_paragraph(f"第{_cn(chapter)}章　第{chapter}部分规定")
        for _ in range(25):
            article += 1
            document.add_paragraph(f"第{_cn(article)}条　{sentence * 2}")
    path = tmp_path / "big.docx"
    document.save(path)
    start = time.perf_counter()
    add_source(path, "big", None, "policy", root=project)
    took = time.perf_counter() - start
    with capsys.disabled():
        print(f"\nadd-source of a 500-article (about 100-page) .docx: {took:.2f} s")
    assert check_sources(project / "sources", project / "docs") == []


def _cn(n: int) -> str:
    from kb.sources.structure import int_to_cn

    return int_to_cn(n)
