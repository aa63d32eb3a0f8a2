"""ProperDocs, the maintained fork of MkDocs 1.6, builds this site as MkDocs does (issue 23).

MkDocs 1.6.1 is the last 1.x release; if it stops installing, ProperDocs is the way out
(README, "If MkDocs stops installing").  This test is what makes that a tested claim: each
generator's own command line, in a fresh process, builds our mkdocs.yml (hooks included) into a
folder of its own, and every file of the two sites is compared.

How the two live in one venv: ProperDocs is a package of its own (``properdocs``).  Its command
first imports ``properdocs.replacement``, which answers every ``import mkdocs.*`` with the
matching ``properdocs.*`` module, so our hooks, kb/ and Material run on ProperDocs' code; it reads
Material's theme and plugins from their ``mkdocs.themes``/``mkdocs.plugins`` entry points, except
MkDocs' own.  ProperDocs registers nothing under ``mkdocs.*``, so plain ``mkdocs`` is unaffected.
The ProperDocs build below runs with the real MkDocs package made unimportable: it proves the
site builds as if MkDocs were not installed at all.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest

from helpers.project import project_copy
from helpers.sitetext import tree
from kb.ship.package import BUILD_INFO

ROOT = Path(__file__).resolve().parents[1]

# Runs the `properdocs` command with MkDocs hidden.  ProperDocs puts its own import redirection in
# front of this finder, so the finder only ever sees an import that would load MkDocs' real code.
PROPERDOCS_WITHOUT_MKDOCS = """
import importlib.abc, sys

class HideMkDocs(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name == "mkdocs" or name.startswith("mkdocs."):
            raise ModuleNotFoundError(f"MkDocs is hidden for this build: {name}", name=name)
        return None

sys.meta_path.insert(0, HideMkDocs())
sys.argv[0] = "properdocs"
from properdocs.__main__ import cli
cli()
"""


def generator_tag(generator: str) -> bytes:
    """Material's <meta name="generator"> (material/templates/base.html): it names the generator
    by its `mkdocs_version` template variable, which ProperDocs sets to "ProperDocs 1.6.7"."""
    material = metadata.version("mkdocs-material")
    return f'<meta name="generator" content="mkdocs-{generator}, mkdocs-material-{material}">'.encode()


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def check_trees(mkdocs_site: Path, properdocs_site: Path) -> tuple[list[str], list[str]]:
    """(files differing only by the generator tag, unexplained differences) of the two sites.

    The one difference allowed in a page is Material's generator tag.  build-info.json lists
    every file with its SHA-256, so it differs exactly in those pages' hashes: it must otherwise
    be equal, and each site's list must hash that site's own files.
    """
    ours, theirs = tree(mkdocs_site), tree(properdocs_site)
    unexplained = [f"only in the MkDocs build: {p}" for p in sorted(ours.keys() - theirs.keys())]
    unexplained += [f"only in the ProperDocs build: {p}" for p in sorted(theirs.keys() - ours.keys())]
    tag_m, tag_p = (
        generator_tag(metadata.version("mkdocs")),
        generator_tag(f"ProperDocs {metadata.version('properdocs')}"),
    )
    by_tag = []
    for path in sorted(ours.keys() & theirs.keys() - {BUILD_INFO}):
        if ours[path] == theirs[path]:
            continue
        a, b = (mkdocs_site / path).read_bytes(), (properdocs_site / path).read_bytes()
        if a.count(tag_m) == 1 and b.count(tag_p) == 1 and a.replace(tag_m, b"") == b.replace(tag_p, b""):
            by_tag.append(path)
        else:
            unexplained.append(f"{path}: {first_difference(a, b)}")
    info_m, info_p = (
        json.loads((site / BUILD_INFO).read_text(encoding="utf-8")) for site in (mkdocs_site, properdocs_site)
    )
    files_m, files_p = info_m.pop("files"), info_p.pop("files")
    if info_m != info_p:
        unexplained.append(f"{BUILD_INFO}: stamps differ: {info_m} != {info_p}")
    for site, files in ((mkdocs_site, files_m), (properdocs_site, files_p)):
        wrong = [p for p, h in files.items() if not (site / p).is_file() or sha256(site / p) != h]
        if wrong or files.keys() != tree(site).keys() - {BUILD_INFO}:
            unexplained.append(f"{site.name}/{BUILD_INFO}: its file list does not match the files: {wrong[:5]}")
    listed_apart = sorted(p for p in files_m.keys() & files_p.keys() if files_m[p] != files_p[p])
    if listed_apart != by_tag:
        unexplained.append(
            f"{BUILD_INFO}: files hashed apart {listed_apart[:5]} are not those differing by the tag {by_tag[:5]}"
        )
    return by_tag, unexplained


def first_difference(a: bytes, b: bytes) -> str:
    at = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
    return f"differs from byte {at}: {a[max(0, at - 60) : at + 60]!r} != {b[max(0, at - 60) : at + 60]!r}"


@pytest.fixture(scope="module")
def two_sites(tmp_path_factory) -> tuple[Path, Path]:
    """The site built by `mkdocs build` and by `properdocs build`, side by side (each ~5 s).

    Both from one private copy of the working tree: an edit made meanwhile in the checkout
    cannot reach one build and not the other.  SOURCE_DATE_EPOCH is left to the hooks, which
    take the copy's commit date, as plain `mkdocs build` does.
    """
    out = tmp_path_factory.mktemp("runners")
    project = project_copy(out / "project")
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"} | {"NO_MKDOCS_2_WARNING": "1"}
    config = ["build", "--strict", "-f", str(project / "mkdocs.yml"), "-d"]
    commands = {
        "mkdocs": [sys.executable, "-m", "mkdocs", *config, str(out / "mkdocs")],
        "properdocs": [sys.executable, "-c", PROPERDOCS_WITHOUT_MKDOCS, *config, str(out / "properdocs")],
    }
    procs = {
        name: subprocess.Popen(cmd, cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        for name, cmd in commands.items()
    }
    logs = {name: proc.communicate(timeout=600)[0] for name, proc in procs.items()}
    for name, proc in procs.items():
        assert proc.returncode == 0, f"{name} build failed:\n{logs[name][-3000:]}"
    return out / "mkdocs", out / "properdocs"


def test_properdocs_registers_nothing_mkdocs_reads():
    """Installing ProperDocs beside MkDocs leaves `mkdocs build` as it was: MkDocs finds themes
    and plugins through these entry-point groups only."""
    groups = ("mkdocs.themes", "mkdocs.plugins")
    assert [ep for g in groups for ep in metadata.entry_points(group=g) if ep.dist.name == "properdocs"] == []


@pytest.mark.slow
def test_properdocs_builds_the_same_site_as_mkdocs(two_sites):
    mkdocs_site, properdocs_site = two_sites
    by_tag, unexplained = check_trees(mkdocs_site, properdocs_site)
    assert unexplained == [], "\n".join(unexplained)
    # The tag is on every page: its being different proves ProperDocs, not MkDocs, rendered them.
    pages = sorted(p for p in tree(mkdocs_site) if p.endswith(".html"))
    assert pages and by_tag == pages


@pytest.mark.slow
def test_a_difference_beyond_the_generator_tag_is_reported(two_sites, tmp_path):
    """The comparison can fail: one changed byte in a page copy, and a file only in one site."""
    mkdocs_site, properdocs_site = two_sites
    copy = tmp_path / "properdocs"
    subprocess.run(["cp", "-a", str(properdocs_site), str(copy)], check=True)
    page = copy / "glossary.html"
    page.write_bytes(page.read_bytes().replace("术语".encode(), "术话".encode(), 1))
    (copy / "extra.txt").write_text("x", encoding="utf-8")
    _, unexplained = check_trees(mkdocs_site, copy)
    assert any(u.startswith("glossary.html: ") for u in unexplained), unexplained
    assert "only in the ProperDocs build: extra.txt" in unexplained
    assert any(u.startswith(f"properdocs/{BUILD_INFO}") for u in unexplained), unexplained
