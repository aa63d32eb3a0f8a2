"""Navigation items rendered once per build instead of once per page (issue 22).

Material renders the visible navigation into every page: with ``navigation.prune`` the top
level and the current page's section, some forty items a page at the benchmark's 101 pages,
and that was half of all the time spent rendering pages.  An item that is a page, neither the
current one nor active, comes out the same on every page except for its link, which is relative
to the page.  So ``overrides/partials/nav-item.html`` hands such an item here: the first time it
is rendered by the template's own macro with a placeholder link, then every page gets that text
with its own link put in (the link as Material's ``url`` filter made it for this page).
"""

from __future__ import annotations

from collections.abc import Callable

# Cannot occur in a link made by MkDocs' url filter, nor in a title (control character).
PLACEHOLDER = "\x00kb-href\x00"


class ItemCache:
    """``kb_nav_item`` in the templates of one build (a new one per Jinja environment)."""

    def __init__(self) -> None:
        # id -> (item, its markup with the placeholder); the item is kept so its id is not reused.
        self._markup: dict[int, tuple[object, str]] = {}

    def __call__(self, item: object, href: str, render: Callable[[object, str], str]) -> str:
        known = self._markup.get(id(item))
        if known is None or known[0] is not item:
            known = (item, str(render(item, PLACEHOLDER)))
            self._markup[id(item)] = known
        return known[1].replace(PLACEHOLDER, href)
