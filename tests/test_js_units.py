"""The browser scripts' DOM-free cores under Node's own test runner (tests/js/, no npm package):
storage migration, FSRS, grading, the seeded paper, the 成绩文件, the search engine.

The fixtures tests/js/fixtures/*.json are written by Python (kb.results) and read by Node, so the
two implementations of one rule meet in a file; the first test fails when Python's answer has
changed and the fixture was not rewritten (``.venv/bin/python tests/test_js_units.py`` does it).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from kb.results import fileformat  # noqa: E402
from kb.results.grade import blanks_ok, norm  # noqa: E402

FIXTURES = ROOT / "tests" / "js" / "fixtures"

# (values typed, the blanks' alternatives, any order): NFKC, case, spaces, punctuation, order.
BLANKS = [
    (["法律法规"], [["法律法规"]], False),
    (["ＡＢＣ　统战"], [["abc统战"]], False),
    (["“双思”。"], [["双思"]], False),
    (["点多", "线长", "面广"], [["点多"], ["面广"], ["线长"]], False),
    (["点多", "线长", "面广"], [["点多"], ["面广"], ["线长"]], True),
    (["点多", "点多", "面广"], [["点多"], ["面广"], ["线长"]], True),
    (["点多"], [["点多"], ["面广"]], True),
    (["台 账"], [["台账", "名册"]], False),
    (["名册"], [["台账", "名册"]], False),
    (["①"], [["1"]], False),
    ([""], [[""]], False),
]
NORM = ["  ＡＢ　c ", "（第八条）", "统战-工作_a/b\\c", "“双思”…—·", "Ⅻ ﬁ", "\u00a0x\u2028y\ufeff"]
# The canonical form's traps: key order by UTF-16 code units (😀 before \ue000), numbers as
# JavaScript writes them, escapes, non-ASCII as itself, lone surrogates escaped.
CANONICAL = [
    {"\ue000": 1, "😀": 2, "b": 3, "B": 4, "é": 5},
    [1e21, 1e-7, 0.1, 123456789012, -0.0, 2.5, 100.0],
    ["\u2028\u2029", '"\\/\b\f\n\r\t\x00\x1f\x7f', "统战", "\ud800", "x\udc00"],
    {"nested": {"z": [], "a": {}}, "t": True, "f": False, "n": None},
]


def result_file() -> dict:
    """A 成绩文件 as exam.js writes it, with traps in the strings and shortfall ids."""
    questions = [
        {"key": "township-officer-duties/leader", "v": "0123456789ab", "covers": ["a😀", "duties"], "answer": [2], "correct": True},
        {"key": "village-liaison-duties/law-blank", "v": "ba9876543210", "covers": ["a\ue000"], "answer": ["法律法规"], "correct": True},
        {"key": "principles-and-policies/x-1", "v": "00000000ffff", "covers": ["duties"], "answer": [], "correct": False},
    ]  # fmt: skip
    keys = [q["key"] for q in questions]
    record = {
        "app": fileformat.APP,
        "kind": fileformat.KIND,
        "v": fileformat.VERSION,
        "paper": {
            "banks": ["principles-and-policies", "township-officer-duties", "village-liaison-duties"],
            "n": 3,
            "seed": "2024",
            "roles": ["乡镇统战干事"],
            "shortfalls": [],
            "minutes": 0.5,
            "id": fileformat.paper_id(keys),
        },
        "questions": questions,
        "score": {"right": 2, "total": 3},
        "shortfalls": {
            "a😀": {"right": 1, "total": 1},
            "duties": {"right": 1, "total": 2},
            "a\ue000": {"right": 1, "total": 1},
        },
        "started": "2026-03-01T09:30:05.123+08:00",
        "finished": "2026-03-01T09:41:17.004+08:00",
        "seconds": 672,
        "name": "张三😀",
        "unit": "城关镇“党委”\u2028",
    }
    record["checksum"] = fileformat.checksum(record)
    fileformat.parse(record, "fixture")  # a file Python accepts
    return record


def python_fixtures() -> dict[str, object]:
    """Each fixture file's content, as Python computes it today."""
    return {
        "grading.json": {
            "about": "kb.results.grade.norm and blanks_ok: quiz.js must agree (written by tests/test_js_units.py)",
            "norm": [[s, norm(s)] for s in NORM],
            "blanks": [[v, a, o, blanks_ok(v, a, o)] for v, a, o in BLANKS],
        },
        "result-file.json": {
            "about": "kb.results.fileformat: canonical text and a 成绩文件 (written by tests/test_js_units.py)",
            "canonical": [[v, fileformat.canonical(v)] for v in CANONICAL],
            "file": result_file(),
        },
    }


def dump(value: object) -> str:
    """Readable JSON: non-ASCII as itself, only lone surrogates (not UTF-8) escaped."""
    text = json.dumps(value, ensure_ascii=False, indent=1)
    return re.sub("[\ud800-\udfff]", lambda m: f"\\u{ord(m.group()):04x}", text) + "\n"


def test_the_fixtures_are_what_python_computes():
    stale = [n for n, v in python_fixtures().items() if (FIXTURES / n).read_text(encoding="utf-8") != dump(v)]
    assert not stale, f"{stale}: rewrite them with `.venv/bin/python tests/test_js_units.py`"


def test_node_unit_tests_pass():
    node = shutil.which("node")
    assert node, "node 未安装：请运行 ./run.sh test（安装 Debian 的 nodejs 软件包）。node is missing: run ./run.sh"
    # The files by name: Node 18 and 20 (Debian 12, 13) take a folder, later versions globs.
    files = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "tests" / "js").glob("*.test.js"))
    done = subprocess.run(
        [node, "--test", "--test-reporter=tap", *files],
        cwd=ROOT, capture_output=True, text=True, encoding="utf-8", timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-6000:] + done.stderr[-2000:]
    passed = re.search(r"^# pass (\d+)$", done.stdout, re.M)
    assert len(files) >= 3 and passed and int(passed[1]) >= 15, done.stdout[-2000:]


if __name__ == "__main__":
    FIXTURES.mkdir(parents=True, exist_ok=True)
    for name, value in python_fixtures().items():
        (FIXTURES / name).write_text(dump(value), encoding="utf-8")
        print("wrote", FIXTURES / name)
