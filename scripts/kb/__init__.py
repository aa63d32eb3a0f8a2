"""The 基层统战工作培训知识库 pipeline, one folder per stage.

sources/   the verbatim documents and their cleaning (registry, clean)
content/   reading pages: YAML with positions, the schemas, pages, sections, problems
quiz/      question banks: model, loading, the rules, shortfall coverage
check/     the whole site loaded and checked once (load_site), shared by CLI and hooks
render/    Markdown/HTML produced during the MkDocs build (dispatch, blocks, renderers)
search_index.py   the site search index written at build time
ship/      the atomic build, the deploy package, the build stamp, the live preview
authoring.py      files written for authors: the new-bank template, editor schemas
paths.py   where things are
"""
