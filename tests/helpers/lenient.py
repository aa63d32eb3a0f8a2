"""Setting the checker's verdict aside, to test the defence behind it.

The checker refuses raw HTML in trainer text; rendering must still show such text as text.
Tests that prove the second line of defence patch a module's ``load_site`` with this.
"""

from __future__ import annotations


def without_problems(load_site):
    """``load_site`` whose sites report no problems (so banks with HTML are rendered)."""

    def lenient(*args, **kwargs):
        site = load_site(*args, **kwargs)
        site.problems = []
        return site

    return lenient
