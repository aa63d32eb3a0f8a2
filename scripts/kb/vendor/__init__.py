"""Third-party modules kept in the project, unchanged, with their licences beside them.

rjsmin.py and rcssmin.py 1.3.0 (André Malo, Apache License 2.0, LICENSE-rjsmin-rcssmin): the
pure-Python versions of the packages of those names, which minify JavaScript and CSS (comments
and whitespace only).  Vendored rather than pinned because PyPI has no Windows wheels for them
and the site must build on python.org's Windows Pythons from wheels only
(tests/test_python_versions.py); the packages' optional C speedups are not needed for the
site's ~100 KB of scripts.
"""
