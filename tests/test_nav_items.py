"""The navigation rendered once per build (issue 22, kb/render/nav.py) is Material's navigation.

overrides/partials/nav-item.html is Material's template with one macro renamed and a fast path
added; these tests hold it to the installed Material and the built pages to Material's markup.
"""

from __future__ import annotations

import re
from pathlib import Path

import jinja2
import material
import pytest

from kb.paths import ROOT
from kb.render import nav
from kb.ship import build

OURS = ROOT / "overrides" / "partials" / "nav-item.html"
MATERIALS = Path(material.__file__).parent / "templates" / "partials" / "nav-item.html"
RENDER = "{% macro render(nav_item, path, level, parent) %}"


def test_the_override_is_materials_template_with_render_renamed():
    ours, theirs = OURS.read_text(encoding="utf-8"), MATERIALS.read_text(encoding="utf-8")
    assert theirs.count(RENDER) == 1
    renamed = theirs.replace(RENDER, "{% macro render_material(nav_item, path, level, parent) %}")
    # Our note before it, our macros after it: Material's text in between, untouched.  When this
    # fails after an upgrade of Material, copy its new nav-item.html and make the same change.
    assert renamed in ours, f"{MATERIALS} changed: make {OURS} from it again (see the note at its top)"
    head, tail = ours.split(renamed)
    assert head.startswith("{#-") and head.rstrip().endswith("-#}")
    assert "{% set render = kb_nav_item.dispatch(render_material, render_leaf, page, base_url)" in tail


class Item:
    pass


def test_an_item_is_rendered_once_and_each_page_gets_its_own_link():
    cache, calls = nav.ItemCache(), []

    def render(item, href):
        calls.append(item)
        return f'<li><a href="{href}">{item.title}</a></li>'

    a, b = Item(), Item()
    a.title, b.title = "甲", "乙"
    assert cache.leaf(a, "../a/", render) == '<li><a href="../a/">甲</a></li>'
    assert cache.leaf(a, "../../x/a/", render) == '<li><a href="../../x/a/">甲</a></li>'
    assert cache.leaf(b, "b/", render) == '<li><a href="b/">乙</a></li>'
    assert calls == [a, b]


def _normalised_pages(site: Path) -> dict[str, str]:
    def norm(html: str) -> str:
        html = re.sub(r"\s+", " ", html)
        return re.sub(r">\s+<", "><", html)

    return {p.relative_to(site).as_posix(): norm(p.read_text(encoding="utf-8")) for p in site.rglob("*.html")}


@pytest.mark.slow
def test_pages_have_the_navigation_materials_macro_renders(tmp_path, monkeypatch):
    made = []

    class Counted(nav.ItemCache):
        def leaf(self, item, href, render):
            made.append(href)
            return super().leaf(item, href, render)

    def site(name: str) -> dict[str, str]:
        assert build.build_site(site_dir=tmp_path / name, dist_dir=tmp_path / f"dist-{name}") == 0
        return _normalised_pages(tmp_path / name)

    monkeypatch.setattr(nav, "ItemCache", Counted)
    ours = site("ours")
    # Without kb_nav_item every item goes through Material's own macro (as for plain runners).
    monkeypatch.setattr(nav, "ItemCache", lambda: jinja2.Undefined(name="kb_nav_item"))
    theirs = site("theirs")
    assert len(made) > 5 * len(ours)  # the fast path made most items (about 9 a page)
    assert ours.keys() == theirs.keys()
    differ = [name for name in ours if ours[name] != theirs[name]]
    assert not differ, differ[:5]
