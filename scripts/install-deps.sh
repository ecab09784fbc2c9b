#!/usr/bin/env bash
# Installs what ImpactMonitor needs on a fresh Debian machine, as root or as a user with sudo:
#   libcurl4-openssl-dev  headers for the CCurl system library (the build needs them)
#   pkg-config            SwiftPM asks it for libcurl's compiler and linker flags
#   time                  GNU time: bench/run measures wall, CPU and peak RSS with /usr/bin/time -f
#   (Debian) shellcheck   .ci/run lints every shell script of the repository with it
#   chromium              headless Chromium prints report.html to report.pdf; the browser tests render the report
#   poppler-utils         pdftotext, pdfinfo and pdftoppm: the tests read the PDF's text and page count
#   python3, python3-pip  the test suite's independent cross-checks
#   duckdb, frictionless, cmarkgfm (PyPI)  DuckDB recomputes metrics in SQL, frictionless validates
#                         datapackage.json, cmark-gfm renders report.md as GitHub Markdown
#   kubernetes_validate, hera (PyPI)  .ci/run checks deploy/ against the Kubernetes and Argo Workflows schemas
#   scipy (PyPI)          the test-side disclosure auditor bounds hidden cells by linear programming (linprog, HiGHS)
# Idempotent: it asks dpkg and Python what is present and installs only what is missing, with at most one
# `apt-get update`. Set IMPACTMON_DEPS_DRY_RUN=1 to print the commands instead of running them.
set -euo pipefail

debian_packages=(libcurl4-openssl-dev pkg-config time shellcheck python3 python3-pip chromium poppler-utils)
python_modules=(duckdb frictionless cmarkgfm kubernetes_validate hera scipy)

# Runs a command with its output kept aside; on failure the output goes to stderr, so a failed install
# says why while a good one prints one line per step.
run() {
  if [ "${IMPACTMON_DEPS_DRY_RUN:-0}" = "1" ]; then
    echo "would run: $*"
    return 0
  fi
  local log
  log=$(mktemp)
  if "$@" >"$log" 2>&1; then
    rm -f "$log"
  else
    local rc=$?
    cat "$log" >&2
    rm -f "$log"
    return "$rc"
  fi
}

# As root the commands run as they are; otherwise through sudo. `env` carries DEBIAN_FRONTEND through
# sudo, which resets the environment (a plain `VAR=value` prefix after sudo's own name would be taken
# by bash as the name of a command when sudo is absent).
as_root() {
  if [ "$(id -u)" = "0" ]; then
    run env DEBIAN_FRONTEND=noninteractive "$@"
  else
    run sudo env DEBIAN_FRONTEND=noninteractive "$@"
  fi
}

missing_debian=()
for package in "${debian_packages[@]}"; do
  # dpkg -s also lists removed packages whose config files remain: ask for the installed status.
  status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
  if [ "$status" != "install ok installed" ]; then missing_debian+=("$package"); fi
done
if [ ${#missing_debian[@]} -gt 0 ]; then
  echo "install-deps: installing Debian packages: ${missing_debian[*]}"
  if [ "$(id -u)" != "0" ] && ! command -v sudo >/dev/null 2>&1; then
    echo "install-deps: not root and no sudo: ask an administrator to run:" \
      "apt-get install -y ${missing_debian[*]}" >&2
    exit 1
  fi
  as_root apt-get update -qq
  as_root apt-get install -y -qq --no-install-recommends "${missing_debian[@]}"
fi

missing_python=()
for module in "${python_modules[@]}"; do
  if ! python3 -c "import $module" >/dev/null 2>&1; then missing_python+=("$module"); fi
done
if [ ${#missing_python[@]} -gt 0 ]; then
  echo "install-deps: installing Python packages: ${missing_python[*]}"
  # Debian's own Python refuses pip outside a virtual environment (PEP 668); a pyenv or venv Python does not.
  if ! run python3 -m pip install -q --disable-pip-version-check "${missing_python[@]}"; then
    run python3 -m pip install -q --disable-pip-version-check --break-system-packages "${missing_python[@]}"
  fi
fi

if [ "${IMPACTMON_DEPS_DRY_RUN:-0}" != "1" ]; then
  echo "install-deps: libcurl $(pkg-config --modversion libcurl)," \
    "$(python3 -c 'import duckdb, frictionless; print("duckdb", duckdb.__version__, "frictionless", frictionless.__version__)')," \
    "$(shellcheck --version | sed -n 's/^version: /shellcheck /p')"
fi
