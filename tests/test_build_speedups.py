"""What makes a build fast must not change what it builds (issue 22): the search worker and
the disk cache give the bytes of a build without them, and fail safe."""

from __future__ import annotations

import filecmp
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kb import disk_cache, session
from kb.paths import ROOT
from kb.search import remote
from kb.search import synonyms as search_synonyms
from kb.search import vocabulary as search_vocabulary
from kb.ship import build

# --- The disk cache -----------------------------------------------------------------------------


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setattr(disk_cache, "CACHE", folder)
    monkeypatch.delenv("KB_CACHE", raising=False)
    return folder


def test_a_cached_value_is_made_once_and_one_entry_per_name_is_kept(cache_dir):
    made = []
    assert disk_cache.cached("thing", "k1", lambda: made.append(1) or b"one") == b"one"
    assert disk_cache.cached("thing", "k1", lambda: made.append(1) or b"other") == b"one"
    assert made == [1]
    assert disk_cache.cached("thing", "k2", lambda: b"two") == b"two"
    assert sorted(p.name for p in cache_dir.iterdir()) == ["thing-k2.bin"]  # k1's entry is gone


def test_the_cache_off_or_unwritable_changes_nothing_but_speed(cache_dir, monkeypatch):
    monkeypatch.setenv("KB_CACHE", "off")
    assert disk_cache.cached("thing", "k", lambda: b"made") == b"made"
    assert not cache_dir.exists()
    monkeypatch.delenv("KB_CACHE")
    cache_dir.write_text("a file where the folder should be")  # mkdir fails: no cache, no error
    assert disk_cache.cached("thing", "k", lambda: b"made") == b"made"


def test_code_key_changes_when_the_code_does(tmp_path, monkeypatch):
    kb = tmp_path / "kb"
    (kb / "sub").mkdir(parents=True)
    (kb / "sub" / "a.py").write_text("x = 1\n")
    monkeypatch.setattr(disk_cache, "_KB", kb)
    before = disk_cache.code_key("sub")
    (kb / "sub" / "a.py").write_text("x = 2\n")
    assert disk_cache.code_key("sub") != before


def test_a_damaged_dictionary_entry_is_read_again(cache_dir):
    from kb.search import dictionary
    from kb.search.text import normalize

    first = dictionary.read_index(normalize)
    (entry,) = cache_dir.glob("jieba-index-*.bin")
    entry.write_bytes(b"\x00damaged")
    again = dictionary.read_index(normalize)
    assert again.total == first.total and again.lookup("统战") == first.lookup("统战") is not None


# --- Segmenting as pages arrive ------------------------------------------------------------------


def test_cutting_pages_as_they_arrive_gives_the_vocabulary_of_cutting_them_at_the_end():
    # The worker reads a dictionary for the sources, cuts each page's chunks that it covers on
    # arrival, and the rest at the end with a dictionary for their own pieces: the words must be those
    # of one cut at the end.  Half of the texts stand for the sources; a text the sources lack
    # (generated words) must still be cut, at the end.
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "docs").rglob("*.md"))]
    texts.append("食堂住宿村委会完全不知道从哪下手，鹦鹉螺花名册")
    syn = search_synonyms.load_synonyms()
    extra = [w for g in syn.groups for w in g]

    session.start()
    at_end = search_vocabulary.vocabulary(texts, extra, syn.ignore)

    session.start()
    search_vocabulary.start_dictionary(texts[: len(texts) // 2], extra)
    growing = search_vocabulary.Growing(extra, syn.ignore)
    for text in texts[:-3]:  # a page at a time; the last ones only at the end, as titles are
        growing.add([text])
    assert len(growing.seen) - len(growing.pending) > 100  # most chunks were cut on arrival …
    assert growing.pending  # … the other half's new chunks wait for the dictionary of every text
    arriving = growing.result(texts)
    assert not growing.pending
    session.start()
    assert arriving == at_end


# --- The search worker -----------------------------------------------------------------------------


def test_a_failing_worker_stops_the_build_with_its_traceback(tmp_path):
    worker = remote.RemoteCollector(tmp_path, None)
    worker.add("page.html", None, "<p>正文</p>")  # no title: the worker's own error, not a hang
    with pytest.raises(remote.WorkerError, match="TypeError"):
        worker.write(tmp_path / "site")
    assert worker.proc.poll() is not None


def test_a_build_that_stops_early_leaves_no_worker(tmp_path):
    worker = remote.RemoteCollector(tmp_path, None)
    worker.early("<h2 id='a'>标题</h2><p>正文</p>")
    worker.close()
    assert worker.proc.returncode is not None


def differing(c: filecmp.dircmp, prefix: str = "") -> list[str]:
    found = [prefix + n for n in c.diff_files + c.left_only + c.right_only]
    for name, sub in c.subdirs.items():
        found += differing(sub, f"{prefix}{name}/")
    return found


@pytest.mark.slow
def test_the_worker_and_the_cache_build_the_same_site_as_neither(tmp_path, monkeypatch):
    def site(name: str, **env: str) -> Path:
        for k, v in env.items():
            monkeypatch.setenv(k, v)
        out = tmp_path / name
        assert build.build_site(site_dir=out / "site", dist_dir=out / "dist") == 0
        for k in env:
            monkeypatch.delenv(k)
        return out

    plain = site("plain", KB_SEARCH_WORKER="off", KB_CACHE="off")
    fast = site("fast")  # the cache as an earlier build left it, or made now …
    again = site("again")  # … and certainly read from it now
    for other in (fast, again):
        differ = differing(filecmp.dircmp(plain / "site", other / "site"))
        assert not differ, differ
        names = sorted(p.name for p in (plain / "dist").iterdir())
        assert names == sorted(p.name for p in (other / "dist").iterdir())
        for n in names:
            assert (plain / "dist" / n).read_bytes() == (other / "dist" / n).read_bytes(), n
    assert os.environ.get("KB_SEARCH_WORKER") is None


# --- The theme's static files ------------------------------------------------------------------


def test_the_theme_files_listed_from_the_cache_are_the_ones_mkdocs_lists(cache_dir, monkeypatch):
    from mkdocs.config import load_config
    from mkdocs.structure.files import Files

    from kb.ship import theme_files

    def listed(cached: bool) -> list[str]:
        config = load_config(str(ROOT / "mkdocs.yml"))
        if cached:
            theme_files.use_cached_listing(config.theme)
        files = Files([])
        files.add_files_from_theme(config.theme.get_env(), config)
        return [(f.src_uri, f.abs_src_path) for f in files]

    monkeypatch.setattr(session, "_current", session.BuildSession())
    plain = listed(cached=False)
    assert len(plain) > 20 and any(uri.startswith("assets/javascripts/bundle.") for uri, _ in plain)
    assert listed(cached=True) == plain  # made now …
    assert len(list(cache_dir.glob("theme-files-*.bin"))) == 2  # Material's folder, MkDocs' own
    monkeypatch.setattr(session, "_current", session.BuildSession())
    assert listed(cached=True) == plain  # … read from the disk now
    # A file added to overrides/ is listed at once.
    new = ROOT / "overrides" / "assets" / "kb-test-listing.txt"
    try:
        new.write_text("新\n", encoding="utf-8")
        assert ("assets/kb-test-listing.txt", str(new)) in listed(cached=True)
    finally:
        new.unlink()


@pytest.mark.slow  # four fresh processes
def test_the_theme_listing_is_found_again_by_a_process_with_another_hash_seed(tmp_path):
    # The key names MkDocs' static templates, a set: its order changes with the hash seed, so
    # an unsorted key missed the cache in every new process.
    script = (
        "import sys; sys.path.insert(0, 'scripts')\n"
        "from mkdocs.config import load_config\n"
        "from mkdocs.structure.files import Files\n"
        "from kb.ship import theme_files\n"
        "config = load_config('mkdocs.yml')\n"
        "theme_files.use_cached_listing(config.theme)\n"
        "Files([]).add_files_from_theme(config.theme.get_env(), config)\n"
    )

    def entries(seed: str) -> list[str]:
        env = {**os.environ, "KB_CACHE_DIR": str(tmp_path / "cache"), "PYTHONHASHSEED": seed}
        env.pop("KB_CACHE", None)
        subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, check=True, capture_output=True)
        return sorted(p.name for p in (tmp_path / "cache").glob("theme-files-*.bin"))

    first = entries("1")
    assert len(first) == 2
    for seed in ("2", "3", "4"):
        assert entries(seed) == first
