"""Files the build adds to the site besides pages, for readers to download (site path -> bytes).

Pages may link to them like any file under docs/: the checker knows their names from
content/names.py (``DOWNLOAD_NAMES``), which a test holds equal to this table's.
"""

from __future__ import annotations

from collections.abc import Callable

from .. import disk_cache


def _quiz_template() -> bytes:
    """Made from the code alone (deterministic bytes), so kept in the project's cache between
    builds: making it took 0.1 s of every build."""
    from importlib.metadata import version

    def make() -> bytes:
        from ..sheets.template import workbook_bytes  # openpyxl only when the file is made

        return workbook_bytes()

    return disk_cache.cached("quiz-template", disk_cache.key(disk_cache.code_key(""), version("openpyxl")), make)


DOWNLOADS: dict[str, Callable[[], bytes]] = {
    "assets/quiz-template.xlsx": _quiz_template,  # the trainers' spreadsheet template (出题指南)
}
