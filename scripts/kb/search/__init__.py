"""The site search written at build time (after render, before ship).

text (clean_text, normalize: what is stored and what matching compares), sections (a page's
HTML cut at its headings), synonyms (search/synonyms.yml), keywords (search/keywords.yml: each
passage's extra words), dictionary (jieba's dictionary read once per build, only what the texts
can use), vocabulary (the site's words for splitting questions in the browser), index (the
collector the build drives, writing search/index.js).
"""
