#!/usr/bin/env bash
# Create/refresh a venv with the project (editable) and its test extras.
# Default: .venv on Python 3.11. Another supported Python (3.11 to 3.13) in its own venv:
#   PYTHON=python3.13 VENV=.venv-3.13 bash scripts/venv.sh
#   VENV=.venv-3.13 make test ARGS="tests/forum/test_threads.py"   # scripts/test.sh runs pytest from $VENV
# Idempotent: pip only runs when pyproject.toml changed since the last install.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
. scripts/lib.sh

venv="${VENV:-.venv}"
supported="3.11 3.12 3.13"  # pyproject.toml: requires-python = ">=3.11,<3.14"

# "3.11" for an interpreter that runs, nothing otherwise.
version_of() {
    "$1" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null || true
}
is_supported() {
    case " $supported " in *" $1 "*) [ -n "$1" ] ;; *) return 1 ;; esac
}

# The wanted version: PYTHON's if given; else the version an existing non-default venv was made with;
# else 3.11 (plain python3 is 3.11 on these machines too).
if [ -n "${PYTHON:-}" ]; then
    command -v "$PYTHON" >/dev/null 2>&1 || die "PYTHON=$PYTHON: no such interpreter"
    want=$(version_of "$PYTHON")
    is_supported "$want" || die "PYTHON=$PYTHON is Python ${want:-?}; Guildhall supports $supported"
    candidates=("$PYTHON")
elif [ "$venv" != .venv ] && is_supported "$(version_of "$venv/bin/python")"; then
    want=$(version_of "$venv/bin/python")
    candidates=()
else
    want=3.11
    candidates=(python3.11 python3)
fi

# A venv from another interpreter version (or a broken one) is rebuilt.
if [ -d "$venv" ] && [ "$(version_of "$venv/bin/python")" != "$want" ]; then
    log "rebuilding $venv (not a working Python $want venv)"
    rm -rf "$venv"
fi
if [ ! -x "$venv/bin/python" ]; then
    py=""
    for cand in "${candidates[@]}"; do
        if command -v "$cand" >/dev/null 2>&1 && [ "$(version_of "$cand")" = "$want" ]; then
            py=$cand
            break
        fi
    done
    [ -n "$py" ] || die "Python $want not found (set PYTHON=/path/to/python$want)"
    log "creating $venv with $py"
    "$py" -m venv "$venv"
fi

# Hash before installing: if pyproject.toml changes during pip, we reinstall next time.
sha=$(sha256sum pyproject.toml | cut -d' ' -f1)
stamp="$venv/.installed-$sha"
if [ -e "$stamp" ]; then
    exit 0
fi
log "installing project into $venv (pyproject.toml changed)"
# Keep the (noisy) build-backend warnings out of sight unless pip fails.
pip_log=$(mktemp)
if ! "$venv/bin/python" -m pip install -q --disable-pip-version-check -e ".[test]" >"$pip_log" 2>&1; then
    cat "$pip_log" >&2
    rm -f "$pip_log"
    die "pip install -e .[test] failed"
fi
rm -f "$pip_log"
rm -f "$venv"/.installed-*
touch "$stamp"
