"""Stage 3: the whole site loaded and checked once (``site.load_site``), for the CLI and the hooks."""
