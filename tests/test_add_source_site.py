"""Issue 25's "done when", end to end: each test document goes through the real
``build.py add-source`` into one copy of the project, is published (``draft: true`` removed as
an editor does), and the copy's own ``build.py`` builds the site: every sentence of each
cleaned text is on the built pages, each page carries the anchors its numbering gives, and the
search index holds those passages."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from bench.tree import copy_working_tree
from helpers.fidelity import missing_sentences
from kb.search.index import INDEX_PATH, read_index

pytestmark = pytest.mark.slow

FIXTURES = __import__("pathlib").Path(__file__).resolve().parent / "fixtures" / "sources"
DOCUMENTS = [  # file, id, kind, title, anchors its pages must carry
    ("regulation.docx", "demo-regulation", "policy", "某某县社区服务示范条例", ["chapter-1", "article-12", "annex-1"]),
    ("report.docx", "demo-report", "analysis", "某某县社区服务工作报告", ["s1", "s1-2"]),
    ("notice-gbk.txt", "notice-gbk", "policy", "某某县社区服务通知", ["s1", "s2"]),
    ("article.html", "web-article", "analysis", "社区服务网页文章", ["s1", "s2"]),
    ("two-column.pdf", "two-column", "policy", "某某县社区服务双栏条例", ["article-1", "article-30"]),
]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = copy_working_tree(tmp_path_factory.mktemp("grown") / "project")
    cli = [sys.executable, str(root / "scripts" / "build.py")]
    for name, doc_id, kind, title, _ in DOCUMENTS:
        out = subprocess.run(
            [*cli, "add-source", str(FIXTURES / name), "--id", doc_id, "--title", title, "--kind", kind],
            cwd=root, capture_output=True, text=True,
        )  # fmt: skip
        assert out.returncode == 0, out.stdout + out.stderr
    for page in (root / "docs" / "sources").rglob("*.md"):  # the editor publishes them
        page.write_text(re.sub(r"(?m)^draft: true\n", "", page.read_text(encoding="utf-8")), encoding="utf-8")
    out = subprocess.run([*cli, "build"], cwd=root, capture_output=True, text=True)
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-3000:]
    return root


@pytest.mark.parametrize(("name", "doc_id", "kind", "title", "anchors"), DOCUMENTS, ids=[d[0] for d in DOCUMENTS])
def test_a_document_becomes_built_searchable_pages(built, name, doc_id, kind, title, anchors):
    import yaml

    entry = next(
        s
        for s in yaml.safe_load((built / "sources" / "sources.yml").read_text("utf-8"))["sources"]
        if s.get("id") == doc_id
    )
    cleaned = (built / "sources" / entry["cleaned"]).read_text(encoding="utf-8")
    site = built / "site"
    assert not missing_sentences(cleaned, entry["pages"], site)
    html = "".join((site / p.removesuffix(".md")).with_suffix(".html").read_text("utf-8") for p in entry["pages"])
    for anchor in anchors:
        assert f'id="{anchor}"' in html, anchor
    index = read_index(site / INDEX_PATH)
    urls = {n: p[0] for n, p in enumerate(index["pages"])}
    found = {(urls[s[0]], s[1]) for s in index["sections"]}
    page_urls = {p.removesuffix(".md") + ".html" for p in entry["pages"]}
    for anchor in anchors:
        assert any((u, anchor) in found for u in page_urls), anchor
    assert title in {p[1] for p in index["pages"]} or any(title in p[1] for p in index["pages"])
