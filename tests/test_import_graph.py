"""The import graph of scripts/ has no circles (issue 23 §2).

A circle means no module in it can be read, tested or replaced without all the others: the
stages of kb/ are meant to import only downwards (sources → content → quiz → check → render →
search → ship).  Every ``import`` counts, at module level or inside a function, because a
function-level import is only a circle postponed.
"""

from __future__ import annotations

import ast
from pathlib import Path

SCRIPTS = Path(__file__).resolve().parents[1] / "scripts"
OURS = ("kb", "bench")  # the packages under scripts/ that import each other


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SCRIPTS).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(SCRIPTS.rglob("*.py")) if "__pycache__" not in p.parts}


def imported(name: str, path: Path, known: dict[str, Path]) -> set[str]:
    """The modules of ours that ``name`` (at ``path``) imports, anywhere in the file."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            # ``from pkg import mod`` imports the submodule; ``from mod import name`` the module.
            subs = {f"{source}.{alias.name}" for alias in node.names} & known.keys()
            found |= subs or {source}
    return {m for m in found if m in known and m.split(".")[0] in OURS and m != name}


def graph() -> dict[str, set[str]]:
    known = modules()
    return {name: imported(name, path, known) for name, path in known.items()}


def circles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(edges[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return found


def path_around(edges: dict[str, set[str]], component: list[str]) -> list[str]:
    """One concrete circle inside ``component``: a → b → … → a (shortest, by breadth-first search)."""
    start, inside = component[0], set(component)
    previous: dict[str, str] = {}
    queue = [start]
    while queue:
        v = queue.pop(0)
        for w in sorted(edges[v] & inside):
            if w == start:
                chain = [v]
                while chain[-1] != start:
                    chain.append(previous[chain[-1]])
                return [start, *reversed(chain[:-1]), start]
            if w not in previous:
                previous[w] = v
                queue.append(w)
    return component


def test_the_checker_finds_a_circle():
    edges = {"kb.a": {"kb.b"}, "kb.b": {"kb.c"}, "kb.c": {"kb.a"}, "kb.d": {"kb.a"}}
    assert circles(edges) == [["kb.a", "kb.b", "kb.c"]]
    assert path_around(edges, ["kb.a", "kb.b", "kb.c"]) == ["kb.a", "kb.b", "kb.c", "kb.a"]


def test_the_graph_sees_relative_and_function_level_imports():
    edges = graph()
    assert "kb.content.pages" in edges["kb.quiz.load"]  # from ..content.pages import …
    assert "kb.paths" in edges["kb.ship.build"]
    assert len(edges) > 60 and sum(map(len, edges.values())) > 150


def test_scripts_import_without_circles():
    edges = graph()
    found = circles(edges)
    report = "\n".join(f"{len(c)} modules: {', '.join(c)}\n  e.g. {' -> '.join(path_around(edges, c))}" for c in found)
    assert not found, "import circles in scripts/:\n" + report


def test_the_names_the_checker_allows_are_the_names_the_build_makes():
    """content/names.py holds the block and download names as data so the checker loads no
    renderer; render/ maps each to what makes it.  A name in one list only would be a block the
    checker refuses but the build could fill, or one it accepts and the build leaves empty."""
    from kb.content.names import BLOCK_NAMES, DOWNLOAD_NAMES
    from kb.render.blocks import BLOCKS
    from kb.render.downloads import DOWNLOADS

    assert set(BLOCKS) == BLOCK_NAMES
    assert set(DOWNLOADS) == DOWNLOAD_NAMES
