"""One build's state lives on one object (kb.session), started by the on_startup hook (issue 23)."""

from __future__ import annotations

import mkdocs_hooks
import pytest

from kb import session
from kb.paths import DOCS
from kb.render import dispatch, extension


@pytest.fixture(autouse=True)
def own_session(monkeypatch):
    monkeypatch.setattr(session, "_current", None)


def test_each_startup_starts_a_session_that_keeps_nothing_of_the_last():
    mkdocs_hooks.on_startup(command="serve", dirty=False)
    served = session.current()
    assert served.previewing
    dispatch.load(DOCS, dispatch.quiz_dir(None, {}))
    extension.begin_page("glossary.md", hook_does_it=True)
    dispatch.download("x.bin", lambda: b"made once")
    assert dispatch.download("x.bin", lambda: b"made again") == b"made once"  # kept while previewing
    mkdocs_hooks.on_startup(command="build", dirty=False)
    built = session.current()
    assert built is not served and not built.previewing
    assert built.site is None and built.hook_page is None and built.preview.downloads == {}
    with pytest.raises(RuntimeError):
        dispatch.site()  # a build never sees the site the preview loaded


def test_a_site_handed_over_is_used_once():
    site = dispatch.load(DOCS, dispatch.quiz_dir(None, {}))
    session.start()
    dispatch.preload(site)
    assert dispatch.load(DOCS, dispatch.quiz_dir(None, {})) is site
    assert session.current().preloaded is None
