"""How the project runs Chromium: Debian's browser and the flags that keep it quiet.

One definition for the paper's PDF printing (``kb.paper``), the search evaluation and the
benchmarks (``bench.browser``) and the browser tests (``tests/helpers/browser.py``).
"""

from __future__ import annotations

CHROMIUM = "/usr/bin/chromium"  # Debian's package: Playwright cannot download its own browser here
# No sandbox (root in CI), no GPU, and none of Chromium's own calls home: we judge the site.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
