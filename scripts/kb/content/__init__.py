"""Stage 2: reading content files: YAML with positions, the schemas, pages, sections, problems."""
