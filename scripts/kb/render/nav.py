"""Navigation items rendered once per build instead of once per page (issue 22).

Material renders the visible navigation into every page: with ``navigation.prune`` the top
level and the current page's section, some forty items a page at the benchmark's 101 pages,
and that was half of all the time spent rendering pages.  An item that is a page, neither the
current one nor active, comes out the same on every page except for its link, which is relative
to the page.  ``overrides/partials/nav-item.html`` makes its ``render`` the function
``ItemCache.dispatch`` returns: such an item is rendered the first time by the template's own
macro with a placeholder link, and every page gets that text with its own link put in (made as
Material's ``url`` filter makes it); any other item goes to Material's macro.  A Python function
rather than a macro in between, as Jinja's macro calls cost more than the rendering they save.
"""

from __future__ import annotations

from collections.abc import Callable

from markupsafe import Markup
from mkdocs.utils import normalize_url

# Cannot occur in a link made by MkDocs' url filter, nor in a title (control character).
PLACEHOLDER = "\x00kb-href\x00"


class ItemCache:
    """``kb_nav_item`` in the templates of one build (a new one per Jinja environment)."""

    def __init__(self) -> None:
        # id -> (item, its markup with the placeholder); the item is kept so its id is not reused.
        self._markup: dict[int, tuple[object, str]] = {}

    def leaf(self, item: object, href: str, render: Callable[[object, str], str]) -> str:
        """The item's markup from ``render(item, href)``, made once, with ``href`` put in."""
        known = self._markup.get(id(item))
        if known is None or known[0] is not item:
            known = (item, str(render(item, PLACEHOLDER)))
            self._markup[id(item)] = known
        return known[1].replace(PLACEHOLDER, href)

    def dispatch(self, material: Callable, leaf: Callable, page, base_url: str) -> Callable:
        """``render`` for the navigation of ``page``: arguments as Material's macro takes them."""

        def render(item, *rest):
            if getattr(item, "is_page", False) and not item.active and item != page:
                href = normalize_url(str(item.url), page=page, base=base_url)  # Material: `nav_item.url | url`
                return Markup(self.leaf(item, href, leaf))
            return material(item, *rest)

        return render
