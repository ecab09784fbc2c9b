#!/usr/bin/env bash
# Installs what ImpactMonitor needs on a fresh Debian machine (run as root, or with sudo available):
# libcurl's headers for the CCurl system library, GNU time for bench/run, and the Python packages the test suite's independent
# cross-checks use (DuckDB). Idempotent: installs only what is missing.
set -euo pipefail
SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi

if ! dpkg -s libcurl4-openssl-dev >/dev/null 2>&1; then
  $SUDO apt-get update -qq
  $SUDO DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libcurl4-openssl-dev >/dev/null
fi
# GNU time: bench/run measures wall, CPU and peak RSS of every step with /usr/bin/time -f.
if [ ! -x /usr/bin/time ]; then
  $SUDO apt-get update -qq
  $SUDO DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >/dev/null
fi
if ! command -v python3 >/dev/null 2>&1; then
  $SUDO apt-get update -qq
  $SUDO DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3 python3-pip >/dev/null
fi
# Independent checks in the test suite: DuckDB recomputes metrics with SQL, frictionless validates
# datapackage.json, cmarkgfm (GitHub's cmark-gfm) renders report.md as GFM.
missing=""
python3 -c 'import duckdb' >/dev/null 2>&1 || missing="$missing duckdb"
python3 -c 'import frictionless' >/dev/null 2>&1 || missing="$missing frictionless"
python3 -c 'import cmarkgfm' >/dev/null 2>&1 || missing="$missing cmarkgfm"
if [ -n "$missing" ]; then
  python3 -m pip install -q --disable-pip-version-check $missing 2>/dev/null \
    || python3 -m pip install -q --disable-pip-version-check --break-system-packages $missing
fi
echo "install-deps: libcurl $(pkg-config --modversion libcurl), $(python3 -c 'import duckdb, frictionless, cmarkgfm; print("duckdb", duckdb.__version__, "frictionless", frictionless.__version__, "cmarkgfm ok")')"
