"""A document page added by add-source (issue 25) on a phone, over HTTP: its anchors scroll into
view, its footnote link works, the 已废止 notice shows, axe finds nothing serious, and a phrase of
第十二条 found by the site search leads to its anchor."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from test_a11y_browser import axe_scan, new_page

from bench import search_eval
from helpers.browser import PHONE, serve
from helpers.source_project import HTML, publish_repealed

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def document_site(tmp_path_factory):
    _, site, _ = publish_repealed(tmp_path_factory.mktemp("document-site"))
    with serve(site) as url:
        yield url


def in_view(page, selector: str) -> bool:
    return page.evaluate(
        "s => { const r = document.querySelector(s).getBoundingClientRect();"
        " return r.top >= 0 && r.top < window.innerHeight; }",
        selector,
    )


def test_document_page_on_a_phone(browser, document_site):
    context, page = new_page(browser, document_site, PHONE)
    try:
        page.goto(document_site + HTML + "#article-12")
        page.wait_for_load_state("load")
        assert in_view(page, "#article-12")
        page.goto(document_site + HTML)
        notice = page.locator(".admonition.warning")
        expect(notice).to_be_visible()
        expect(notice).to_contain_text("本文件已于 2025-01-01 废止；现行版本：某某县社区服务条例（2025年修订）")
        failures: list[str] = []
        axe_scan(page, "document page (已废止)", failures, [])
        assert failures == []
        page.locator("a.footnote-ref").first.click()
        page.wait_for_function("location.hash === '#fn:1'")
        assert in_view(page, "[id='fn:1']")
        assert page.errors == []
    finally:
        context.close()


def test_a_phrase_of_article_12_is_found_at_its_anchor(browser, document_site):
    context, page = new_page(browser, document_site, PHONE)
    try:
        search_eval.open_search(page, document_site + "index.html")
        outcome = search_eval.run_query(page, "社区服务工作情况每年向居民公开", document_site)
        assert "sources/demo-regulation#article-12" in outcome.keys[:3], outcome.keys
        assert "〔已废止〕" in page.locator(".md-search-result__list").inner_text()
    finally:
        context.close()
