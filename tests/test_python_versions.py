"""The pins install on every Python the README promises, and run.sh says so when they cannot.

README promises Debian 12's own python3 (3.11.2), Ubuntu 24.04's (3.12.3) and python.org's
3.11-3.13 on Windows.  A pin whose Requires-Python is stricter than that (pymdown-extensions
13.x wants >= 3.11.5) or that has no wheel for one of them stops './run.sh serve' in pip.

- For each of those interpreters pip resolves the pins as a dry run: it reads every pin's
  Requires-Python and wheel tags and the pins' dependencies on each other, and installs nothing.
  Linux gets requirements-dev.txt (which includes requirements.txt); Windows only builds the
  site, so it gets requirements.txt.  The resolutions run side by side.
- Debian's /usr/bin/python3, where there is one, really installs the runtime pins.
- run.sh refuses an interpreter that is too old in one line, before it makes a venv.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MIN_PYTHON = "3.11"


# pip 23 (what ensurepip brings on Debian 12 and here) does not widen a perennial manylinux tag
# to older glibcs by itself, so name every glibc the machine can load wheels for; manylinux2014
# brings in manylinux2010 and manylinux1.
def _manylinux(glibc_minor: int) -> list[str]:
    tags = [f"manylinux_2_{m}_x86_64" for m in range(glibc_minor, 4, -1)]
    return [*tags, "manylinux2014_x86_64"]


DEBIAN_12 = _manylinux(36)  # glibc 2.36
UBUNTU_24_04 = _manylinux(39)  # glibc 2.39
WINDOWS = ["win_amd64"]

# name -> (Python version as pip compares it with Requires-Python, platform tags, requirements)
TARGETS = {
    "debian12-python3.11.2": ("3.11.2", DEBIAN_12, "requirements-dev.txt"),
    "ubuntu24.04-python3.12.3": ("3.12.3", UBUNTU_24_04, "requirements-dev.txt"),
    # python.org's Windows installers: the first release of each minor version is the strictest test.
    # The tests (Debian's chromium, nginx) run on Linux only; Windows builds the site.
    "windows-python3.11.0": ("3.11.0", WINDOWS, "requirements.txt"),
    "windows-python3.12.0": ("3.12.0", WINDOWS, "requirements.txt"),
    "windows-python3.13.0": ("3.13.0", WINDOWS, "requirements.txt"),
}

# jieba is published only as a source archive (pure Python, built into a wheel on install), and
# pip will not consider an sdist for an interpreter other than its own when resolving with
# --only-binary=:all:.  So the dry run leaves it out and asks the index separately which jieba
# releases each interpreter admits (by Requires-Python; jieba declares none today).
SOURCE_ONLY = ("jieba",)

PIP = [sys.executable, "-m", "pip", "--disable-pip-version-check"]


def _pin(line: str) -> str:
    return line.split("==")[0].strip().lower()


def _without_source_only(src: Path, dst: Path) -> None:
    lines = src.read_text(encoding="utf-8").splitlines()
    dst.write_text("\n".join(ln for ln in lines if _pin(ln) not in SOURCE_ONLY) + "\n", encoding="utf-8")


def _source_only_pins() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines():
        if "==" in line and _pin(line) in SOURCE_ONLY:
            pins[_pin(line)] = line.split("==")[1].strip()
    return pins


def _dry_run(version: str, platforms: list[str], requirements: Path, target: Path) -> list[str]:
    # --target is what lets pip take --python-version/--platform for 'install'.
    return [
        *PIP, "install", "--dry-run", "--ignore-installed", "--only-binary=:all:",
        "--implementation", "cp", "--python-version", version,
        *(arg for p in platforms for arg in ("--platform", p)),
        "--target", str(target), "-r", str(requirements),
    ]  # fmt: skip


def _errors(output: str) -> str:
    lines = [ln for ln in output.splitlines() if ln.startswith("ERROR")]
    return "\n".join(lines or output.splitlines()[-10:])


@pytest.fixture(scope="module")
def resolutions(tmp_path_factory):
    """Start pip for every target at once (each is mostly parsing index pages, ~10 s of CPU)."""
    base = tmp_path_factory.mktemp("pins")
    req_dir = base / "req"
    req_dir.mkdir()
    for name in ("requirements.txt", "requirements-dev.txt"):
        _without_source_only(ROOT / name, req_dir / name)

    def start(args: list[str]) -> subprocess.Popen:
        return subprocess.Popen(args, cwd=base, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)

    wheels = {
        name: start(_dry_run(version, platforms, req_dir / requirements, base / f"target-{name}"))
        for name, (version, platforms, requirements) in TARGETS.items()
    }
    versions = sorted({version for version, _, _ in TARGETS.values()})
    sources = {
        (pkg, version): start([*PIP, "index", "versions", pkg, "--python-version", version])
        for pkg in _source_only_pins()
        for version in versions
    }
    yield wheels, sources
    for proc in [*wheels.values(), *sources.values()]:
        if proc.poll() is None:
            proc.kill()
        proc.communicate()


def _finish(proc: subprocess.Popen) -> tuple[int, str]:
    out, _ = proc.communicate(timeout=300)
    return proc.returncode, out


@pytest.mark.network
@pytest.mark.parametrize("target", list(TARGETS))
def test_pins_resolve_for_interpreter(resolutions, target):
    version, platforms, requirements = TARGETS[target]
    code, out = _finish(resolutions[0][target])
    assert code == 0, f"{requirements} does not install on {target} (Python {version}, {platforms[0]}):\n{_errors(out)}"
    assert "Would install" in out


@pytest.mark.network
def test_source_only_pins_admit_every_interpreter(resolutions):
    pins = _source_only_pins()
    assert set(pins) == set(SOURCE_ONLY), f"requirements.txt no longer pins {set(SOURCE_ONLY) - set(pins)}"
    for (pkg, version), proc in resolutions[1].items():
        code, out = _finish(proc)
        available = next((ln for ln in out.splitlines() if ln.startswith("Available versions:")), "")
        admitted = [v.strip() for v in available.partition(":")[2].split(",")]
        assert code == 0 and pins[pkg] in admitted, f"{pkg}=={pins[pkg]} is not offered to Python {version}:\n{out}"


@pytest.mark.network
@pytest.mark.slow
def test_debian_python_installs_the_pins(tmp_path):
    """The system python3 of a Debian/Ubuntu machine (3.11.2 on Debian 12) installs requirements.txt
    and builds the site."""
    system = Path("/usr/bin/python3")
    if not system.exists():
        pytest.skip("no /usr/bin/python3 on this machine")
    if system.resolve() == Path(sys.executable).resolve():
        pytest.skip("these tests already run on /usr/bin/python3, which installed the pins")
    version = subprocess.run(
        [str(system), "-c", "import sys; print('%d.%d.%d' % sys.version_info[:3])"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    has_venv = subprocess.run([str(system), "-c", "import ensurepip, venv; ensurepip.version()"], capture_output=True)
    if has_venv.returncode != 0:
        pytest.fail(
            f"/usr/bin/python3 ({version}) lacks the venv/ensurepip modules: install python3-venv "
            "('./run.sh test' does so with apt-get)"
        )
    env_dir = tmp_path / "venv"
    subprocess.run([str(system), "-m", "venv", str(env_dir)], check=True)
    python = str(env_dir / "bin" / "python")
    install = subprocess.run(
        [python, "-m", "pip", "install", "-q", "--disable-pip-version-check", "-r", "requirements.txt"],
        cwd=ROOT, capture_output=True, text=True,
    )  # fmt: skip
    assert install.returncode == 0, (
        f"pip install -r requirements.txt failed on Python {version}:\n{_errors(install.stdout + install.stderr)}"
    )
    mkdocs = subprocess.run([python, "-m", "mkdocs", "--version"], cwd=ROOT, capture_output=True, text=True)
    assert mkdocs.returncode == 0 and "version" in mkdocs.stdout, mkdocs.stderr
    imports = subprocess.run(
        [python, "-c", "import material, pymdownx, yaml, jieba, opencc"], capture_output=True, text=True
    )
    assert imports.returncode == 0, imports.stderr
    # And it builds the site (into a temporary folder: site/ and dist/ are left alone).
    site = tmp_path / "site"
    code = f"import sys; sys.path.insert(0, 'scripts'); from kb.ship import build; sys.exit(build.build_site(site_dir=__import__('pathlib').Path({str(site)!r})))"
    built = subprocess.run([python, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert built.returncode == 0, built.stderr[-2000:]
    assert (site / "index.html").exists() and (site / "quizzes" / "township-officer-duties.html").exists()


FAKE_PYTHON = """#!/bin/sh
# Answers the way run.sh asks an interpreter for its version and for venv support.
case "$1 $2" in
  --version*) echo "Python {version}" ;;
  *ensurepip*) {venv_exit_code_cmd} ;;
  -c*) echo "{version}" ;;
  *) exit 1 ;;
esac
"""


def _run_sh(tmp_path: Path, version: str, has_venv: bool = True) -> subprocess.CompletedProcess:
    fake = tmp_path / "python3"
    fake.write_text(FAKE_PYTHON.format(version=version, venv_exit_code_cmd="exit 0" if has_venv else "exit 1"))
    fake.chmod(0o755)
    env = {**os.environ, "PYTHON": str(fake), "VENV": str(tmp_path / "venv")}
    return subprocess.run(["bash", str(ROOT / "run.sh"), "build"], env=env, capture_output=True, text=True, timeout=60)


def test_run_sh_refuses_an_old_python_in_one_line(tmp_path):
    result = _run_sh(tmp_path, "3.10.12")
    assert result.returncode == 2, result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"需要 Python {MIN_PYTHON} 或更高版本（当前 3.10.12）。"), lines[0]
    assert f"Python ≥ {MIN_PYTHON} is required (found 3.10.12" in lines[0]
    assert result.stdout == ""
    assert not (tmp_path / "venv").exists(), "run.sh made a venv with a Python it cannot use"


def test_run_sh_names_the_missing_venv_package(tmp_path):
    # 'build' never installs system packages, so a Python without ensurepip gets the one line.
    result = _run_sh(tmp_path, "3.11.2", has_venv=False)
    assert result.returncode == 2, result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "python3.11-venv" in lines[0] and "venv/ensurepip" in lines[0], lines[0]
    assert not (tmp_path / "venv").exists()


@pytest.mark.network
def test_project_installs_as_declared(tmp_path):
    # pyproject.toml declares no package (the code runs from the checkout): `pip install -e .`
    # must work rather than stop at setuptools' "Multiple top-level packages discovered".
    result = subprocess.run(
        [*PIP, "install", "--dry-run", "--no-deps", "--ignore-installed", "-e", str(ROOT)],
        cwd=tmp_path, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, _errors(result.stdout + result.stderr)
    assert "Would install jiceng-tongzhan-kb-0.1.0" in result.stdout, result.stdout
