#!/usr/bin/env bash
# One entry point for newcomers and CI:
#   ./run.sh serve   set up, check, build site/ and serve a live preview on http://127.0.0.1:8000
#   ./run.sh test    set up (Python packages; Debian chromium, CJK fonts, nginx) and run all tests
#   ./run.sh test --fast   the same set-up, then every test but the slow, browser and network ones
#   ./run.sh build   set up, check and build site/
set -euo pipefail
cd "$(dirname "$0")"
VENV="${VENV:-.venv}"
PY="$VENV/bin/python"
# The oldest Python every pin installs on (Requires-Python of mkdocs-material, Markdown, ...);
# tests/test_python_versions.py checks the pins against Debian 12's 3.11.2, 3.12 and 3.13.
MIN_PYTHON=3.11

# Why setup cannot go on: one line, Chinese then English, and exit 2 (never a pip error dump).
python_needed() {
  echo "$1" >&2
  exit 2
}

find_python() {
  # The interpreter that makes the venv: $PYTHON if set, else python3.  Sets BASE_PY and BASE_VER.
  BASE_PY="${PYTHON:-python3}"
  if ! command -v "$BASE_PY" >/dev/null 2>&1; then
    python_needed "找不到 Python（${BASE_PY}），需要 Python ${MIN_PYTHON} 或更高版本。Python ≥ ${MIN_PYTHON} is required but '${BASE_PY}' was not found: install python3 (Debian/Ubuntu: apt-get install python3 python3-venv) or set PYTHON=/path/to/python3."
  fi
  BASE_PY="$(command -v "$BASE_PY")"
  BASE_VER="$("$BASE_PY" -c 'import sys; print("%d.%d.%d" % sys.version_info[:3])' 2>/dev/null || true)"
  local major minor want_major want_minor
  IFS=. read -r major minor _ <<<"$BASE_VER"
  IFS=. read -r want_major want_minor <<<"$MIN_PYTHON"
  if ! [[ "$major" =~ ^[0-9]+$ && "$minor" =~ ^[0-9]+$ ]]; then
    python_needed "无法运行 ${BASE_PY}，需要 Python ${MIN_PYTHON} 或更高版本。Python ≥ ${MIN_PYTHON} is required but '${BASE_PY}' did not run: install python3 or set PYTHON=/path/to/python3."
  fi
  if ((major < want_major || (major == want_major && minor < want_minor))); then
    python_needed "需要 Python ${MIN_PYTHON} 或更高版本（当前 ${BASE_VER}）。Python ≥ ${MIN_PYTHON} is required (found ${BASE_VER} at ${BASE_PY}): install python${MIN_PYTHON} or newer (Debian 12 and Ubuntu 24.04 have one) or set PYTHON=/path/to/python3."
  fi
}

venv_support() {
  "$BASE_PY" -c 'import ensurepip, venv; ensurepip.version()' >/dev/null 2>&1
}

ensure_venv_support() {
  # Debian/Ubuntu ship ensurepip, which 'python3 -m venv' needs, in a separate package.
  # $1 = install: try apt-get (as root or through sudo) before giving up.
  venv_support && return 0
  local pkg="python${BASE_VER%.*}-venv"
  [ "$BASE_PY" -ef /usr/bin/python3 ] && pkg="python3-venv"
  if [ "${1:-}" = install ] && [[ "$BASE_PY" == /usr/bin/* ]] && command -v apt-get >/dev/null 2>&1; then
    local sudo=""
    [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1 && sudo="sudo"
    if [ "$(id -u)" -eq 0 ] || [ -n "$sudo" ]; then
      echo "Installing $pkg (venv/ensurepip for $BASE_PY) ..." >&2
      { $sudo apt-get update -qq && $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$pkg"; } >/dev/null 2>&1 || true
      venv_support && return 0
    fi
  fi
  python_needed "Python ${BASE_VER}（${BASE_PY}）缺少 venv/ensurepip 模块，请安装 ${pkg}。Python ${BASE_VER} at ${BASE_PY} lacks the venv/ensurepip modules: install them with 'sudo apt-get install ${pkg}' (Debian/Ubuntu)."
}

venv_works() {
  # False for a venv whose interpreter is gone (its base Python was removed or upgraded),
  # too old, or left without pip by a failed 'python3 -m venv'.
  [ -x "$PY" ] && "$PY" -c "import sys, pip; sys.exit(sys.version_info < tuple(map(int, '$MIN_PYTHON'.split('.'))))" >/dev/null 2>&1
}

setup_python() {
  local req="$1"
  if ! venv_works; then
    find_python
    ensure_venv_support "${2:-}"
    if [ -f "$VENV/pyvenv.cfg" ]; then
      echo "Recreating $VENV (its Python or pip no longer works) ..." >&2
      rm -rf "$VENV"
    fi
    "$BASE_PY" -m venv "$VENV"
  fi
  local stamp="$VENV/.installed-$(sha256sum "$req" requirements.txt | sha256sum | cut -c1-16)"
  if [ ! -f "$stamp" ]; then
    "$PY" -m pip install --quiet --disable-pip-version-check -r "$req"
    touch "$stamp"
  fi
}

setup_system() {
  # Browser tests use Debian's chromium (Playwright cannot download its own browser here),
  # CJK fonts for readable screenshots, nginx for the deployment test, Node for tests/js/.
  if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/sbin/nginx ] || [ ! -x /usr/bin/node ] || ! fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; then
    local sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium fonts-noto-cjk nginx nodejs >/dev/null
  fi
}

case "${1:-serve}" in
  serve)
    setup_python requirements.txt install
    # A failed check leaves site/ as it was; the preview still starts and shows the problems
    # at the top of every page, so a trainer can fix them while watching.
    "$PY" scripts/build.py || echo "（site/ 未更新：请按预览页面顶部的提示修改）" >&2
    exec "$PY" scripts/build.py serve "${@:2}"
    ;;
  build)
    setup_python requirements.txt
    exec "$PY" scripts/build.py "${@:2}"
    ;;
  test)
    setup_python requirements-dev.txt install
    setup_system
    if [ "${2:-}" = --fast ]; then
      # The developers' lane: no browser, no whole builds in fresh processes, no package index.
      exec "$PY" -m pytest -m "not slow and not browser and not network" "${@:3}"
    fi
    exec "$PY" -m pytest "${@:2}"
    ;;
  *)
    echo "usage: ./run.sh [serve|build|test] [args...]" >&2
    exit 2
    ;;
esac
