"""Our own scripts and styles ship without comments and indentation.

The sources in docs/assets/ and overrides/assets/ are written to be read: a third of quiz.js is
comments saying why.  Cadres on a phone should not download them (issue 22: a bank page had
grown past its 85 KB budget, a content page close to its 75 KB).  rjsmin and rcssmin remove only
comments and whitespace, never rename anything, and keep ``/*! … */`` comments (licences);
they are vendored in kb/vendor/ (no Windows wheels on PyPI).
Material's own bundle and vendored files (``vendor/``: qrcode-generator, already as published)
are left as they are.
"""

from __future__ import annotations

import re

from mkdocs.structure.files import File, Files

from .. import disk_cache
from ..vendor import rcssmin, rjsmin

# Site paths of the files this project writes (docs/assets/… and overrides/assets/…).
OURS = re.compile(
    r"^assets/(quiz/(?!vendor/)[^/]+|css/[^/]+|javascripts/kb-[^/]+|javascripts/kb-search/[^/]+)\.(js|css)$"
)


def minify(text: str, kind: str) -> str:
    if kind == "js":
        return rjsmin.jsmin(text, keep_bang_comments=True)
    return rcssmin.cssmin(text, keep_bang_comments=True)


def _minified(src_uri: str, text: str) -> str:
    """``minify``, from the project's cache when this text was minified before (rjsmin and
    rcssmin are pure Python: a build spent 0.03 s on them; one entry per file, keyed on its text
    and their code)."""
    kind = src_uri.rsplit(".", 1)[1]
    k = disk_cache.key(text, kind, disk_cache.code_key("vendor", "ship/minify"))
    name = "minified-" + re.sub(r"[^A-Za-z0-9.-]", "_", src_uri)
    return disk_cache.cached(name, k, lambda: minify(text, kind).encode()).decode()


def minified(files: Files, config) -> None:
    """Replace each of our static scripts and styles in ``files`` by its minified content."""
    for file in [f for f in files if OURS.match(f.src_uri) and not f.generated_by]:
        text = file.content_string
        files.remove(file)
        files.append(File.generated(config, file.src_uri, content=_minified(file.src_uri, text)))
