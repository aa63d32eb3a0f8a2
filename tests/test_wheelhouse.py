"""Builds without internet: a wheelhouse made by build.py installs with the index disabled
into a fresh virtual environment, which then builds the site."""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.network
@pytest.mark.slow
def test_wheelhouse_installs_offline_and_builds_the_site(tmp_path):
    wheels = tmp_path / "wheelhouse"
    subprocess.run([sys.executable, "scripts/build.py", "wheelhouse", str(wheels)], cwd=ROOT, check=True)
    names = {p.name.split("-")[0].lower() for p in wheels.glob("*.whl")}
    assert {"mkdocs", "mkdocs_material", "jieba", "opencc", "pyyaml"} <= names
    assert not list(wheels.glob("*.tar.gz")), "every dependency must be a wheel (no compiler on the intranet)"

    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    # No index and no pip configuration (which could point at other package folders).
    offline = {**os.environ, "PIP_CONFIG_FILE": os.devnull, "PIP_NO_INDEX": "1"}
    subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check", "--no-index",
         "--find-links", str(wheels), "-r", "requirements.txt"],
        cwd=ROOT, env=offline, check=True,
    )  # fmt: skip
    site = tmp_path / "site"
    code = f"import sys; sys.path.insert(0, 'scripts'); from kb.ship import build; sys.exit(build.build_site(site_dir=__import__('pathlib').Path({str(site)!r})))"
    subprocess.run([str(python), "-c", code], cwd=ROOT, env=offline, check=True)
    assert (site / "duties" / "township-officer.html").exists()
    assert (site / "build-info.json").exists()
