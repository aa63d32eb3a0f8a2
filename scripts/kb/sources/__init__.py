"""Stage 1: the verbatim source documents (``registry``) and their cleaning (``clean``)."""
