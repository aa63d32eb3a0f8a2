"""The 基层统战工作培训知识库 pipeline.  Stages of the build, in order:

sources/   the verbatim documents and their cleaning (registry, clean)
content/   reading pages: YAML with positions, the schemas, pages, sections, problems
quiz/      question banks: model, loading, the rules, item quality, shortfall coverage
check/     the whole site loaded and checked once (load_site), shared by CLI and hooks
render/    Markdown/HTML produced during the MkDocs build (dispatch, blocks, renderers)
search_index.py, search_keywords.py, search_dictionary.py
           the site search index written at build time, its keywords and word list
ship/      the atomic build, the deploy package, the build stamp, the live preview

Trainers' commands beside the build:

sheets/    spreadsheet and GIFT/Moodle import and export of question banks
paper/     printed papers (choice of questions, HTML for printing)
results/   class results from cadres' 成绩文件: regrading, the workbook, item analysis
authoring.py      files written for authors: the new-bank template, editor schemas
chromium.py       how Chromium is run (PDF papers, search evaluation, benchmarks, browser tests)

paths.py   where things are
"""
