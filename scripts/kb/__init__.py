"""The 基层统战工作培训知识库 pipeline.  Stages of the build, in order:

sources/   the verbatim documents and their cleaning (registry, clean)
content/   reading pages: YAML with positions, the schemas, pages, sections, problems
quiz/      question banks: model, loading, the rules, item quality, shortfall coverage
check/     the page rules and `build.py check` (run), shared by CLI and hooks
render/    Markdown/HTML produced during the MkDocs build (dispatch, blocks, renderers)
search/    the site search index written at build time: text, sections, synonyms, keywords,
           dictionary, vocabulary, index
ship/      the atomic build, the deploy package, the build stamp, the live preview

Trainers' commands beside the build:

sheets/    spreadsheet and GIFT/Moodle import and export of question banks
paper/     printed papers (choice of questions, HTML for printing)
results/   class results from cadres' 成绩文件: regrading, the workbook, item analysis
authoring.py      files written for authors: the new-bank template, editor schemas
chromium.py       how Chromium is run (PDF papers, search evaluation, benchmarks, browser tests)

site.py    the site loaded once (load_site: pages, banks, registry, every problem), for every stage
           after check and every command
paths.py   where things are
"""

import sys

# Our modules' bytecode is kept (in __pycache__/, gitignored) even where PYTHONDONTWRITEBYTECODE is
# set, as it is in many containers and shells: without it every build, and its search worker,
# compiled some sixty modules from source, about a tenth of a 101-page build (issue 22).  Installed
# packages (MkDocs, Material) have theirs written by pip at install, whatever the variable says.
sys.dont_write_bytecode = False
