"""The page transformations as a Python-Markdown extension, run without MkDocs (issue 23):
what a runner without hooks (Zensical, MkDocs 2) would get from `markdown_extensions`."""

from __future__ import annotations

import html

import markdown
import pytest

from kb import session
from kb.paths import DOCS
from kb.render import dispatch, extension
from kb.render.extension import KbExtension

EXTENSIONS = ["abbr", "admonition", "attr_list", "md_in_html", "tables", "toc"]


@pytest.fixture
def fresh(monkeypatch):
    """No site loaded and no page named by a hook: the extension finds both itself."""
    monkeypatch.setattr(session, "_current", session.BuildSession())


def glossary_terms() -> list[dict]:
    return dispatch.load(DOCS, dispatch.quiz_dir(None, {})).glossary


def test_a_block_and_a_glossary_term_are_rendered_by_plain_markdown(fresh):
    text = "统战干部要做好统战工作。\n\n<!-- kb:glossary -->\n"
    out = markdown.markdown(text, extensions=[*EXTENSIONS, KbExtension(src_uri="glossary.md", docs_dir=str(DOCS))])
    terms = glossary_terms()
    assert len(terms) > 3
    assert "kb:glossary" not in out, "the block is replaced"
    for t in terms:  # one heading per term, with its anchor (attr_list parsed the block's Markdown)
        assert f'id="{t["id"]}"' in out, t["id"]
    tongzhan = next(t for t in terms if t["term"] == "统战")
    title = html.escape(f"{tongzhan['full']}（编者按）" if tongzhan.get("editor") else tongzhan["full"], quote=True)
    # The first 统战 of the section is marked, the second is not; headings are never marked.
    assert f'<p><abbr title="{title}">统战</abbr>干部要做好统战工作。</p>' in out


def test_without_a_named_page_the_page_is_found_by_its_text(fresh):
    body = dispatch.load(DOCS, dispatch.quiz_dir(None, {})).pages["glossary.md"].body
    session.current().site = None  # the extension loads it again itself
    out = markdown.markdown(body, extensions=[*EXTENSIONS, KbExtension(docs_dir=str(DOCS))])
    assert "kb:glossary" not in out and 'id="term-tongzhan"' in out


def test_an_unknown_text_is_left_as_written(fresh):
    text = "统战工作\n\n<!-- kb:glossary -->\n"
    plain = markdown.markdown(text, extensions=EXTENSIONS)
    assert markdown.markdown(text, extensions=[*EXTENSIONS, KbExtension(docs_dir=str(DOCS))]) == plain


def test_while_the_hook_does_the_work_the_extension_does_nothing(fresh):
    """The live preview expands pages in its hooks (its render cache is keyed on their Markdown)."""
    text = "统战工作\n\n<!-- kb:glossary -->\n"
    glossary_terms()
    extension.begin_page("glossary.md", hook_does_it=True)
    assert markdown.markdown(text, extensions=[*EXTENSIONS, KbExtension()]) == markdown.markdown(
        text, extensions=EXTENSIONS
    )
    extension.begin_page("glossary.md")
    assert 'id="term-tongzhan"' in markdown.markdown(text, extensions=[*EXTENSIONS, KbExtension()])
