#!/usr/bin/env bash
# One entry point for newcomers and CI:
#   ./run.sh serve   set up, check, build site/ and serve a live preview on http://127.0.0.1:8000
#   ./run.sh test    set up (Python packages; Debian chromium, CJK fonts, nginx) and run all tests
#   ./run.sh build   set up, check and build site/
set -euo pipefail
cd "$(dirname "$0")"
VENV="${VENV:-.venv}"
PY="$VENV/bin/python"

setup_python() {
  local req="$1"
  if [ ! -x "$PY" ]; then
    python3 -m venv "$VENV"
  fi
  local stamp="$VENV/.installed-$(sha256sum "$req" requirements.txt | sha256sum | cut -c1-16)"
  if [ ! -f "$stamp" ]; then
    "$PY" -m pip install --quiet --disable-pip-version-check -r "$req"
    touch "$stamp"
  fi
}

setup_system() {
  # Browser tests use Debian's chromium (Playwright cannot download its own browser here),
  # CJK fonts for readable screenshots, and nginx for the deployment test.
  if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/sbin/nginx ] || ! fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; then
    local sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium fonts-noto-cjk nginx >/dev/null
  fi
}

case "${1:-serve}" in
  serve)
    setup_python requirements.txt
    "$PY" scripts/build.py
    exec "$PY" scripts/build.py serve "${@:2}"
    ;;
  build)
    setup_python requirements.txt
    exec "$PY" scripts/build.py "${@:2}"
    ;;
  test)
    setup_python requirements-dev.txt
    setup_system
    exec "$PY" -m pytest "${@:2}"
    ;;
  *)
    echo "usage: ./run.sh [serve|build|test] [args...]" >&2
    exit 2
    ;;
esac
