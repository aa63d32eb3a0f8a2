"""Shared test helpers: reading built pages (``sitetext``) and driving a browser (``browser``)."""
