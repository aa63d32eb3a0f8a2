"""Stage 3: the page rules and `build.py check` over the site loaded once (``kb.site.load_site``)."""
