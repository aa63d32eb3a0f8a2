"""Stage 4: what the MkDocs build adds to pages (``dispatch`` per event, ``blocks`` by name)."""
