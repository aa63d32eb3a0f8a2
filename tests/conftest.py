from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from kb.ship import build


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The site built once per test run, through the same atomic build as build.py."""
    site = tmp_path_factory.mktemp("build") / "site"
    assert build.build_site(site_dir=site) == 0
    return site
