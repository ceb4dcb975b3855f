#!/usr/bin/env bash
# Create/refresh .venv (Python 3.11) with the project and its test extras.
# Idempotent: pip only runs when pyproject.toml changed since the last install.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
. scripts/lib.sh

# Prefer an explicit python3.11; on these machines plain python3 is 3.11 too.
py=""
for cand in "${PYTHON:-}" python3.11 python3; do
    [ -n "$cand" ] || continue
    if command -v "$cand" >/dev/null 2>&1 \
        && "$cand" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' 2>/dev/null; then
        py=$cand
        break
    fi
done
[ -n "$py" ] || die "Python 3.11 not found (set PYTHON=/path/to/python3.11)"

# A venv from another interpreter version (or a broken one) is rebuilt.
if [ -d .venv ] && ! .venv/bin/python -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' 2>/dev/null; then
    log "rebuilding .venv (not a working Python 3.11 venv)"
    rm -rf .venv
fi
if [ ! -x .venv/bin/python ]; then
    log "creating .venv with $py"
    "$py" -m venv .venv
fi

# Hash before installing: if pyproject.toml changes during pip, we reinstall next time.
sha=$(sha256sum pyproject.toml | cut -d' ' -f1)
stamp=".venv/.installed-$sha"
if [ -e "$stamp" ]; then
    exit 0
fi
log "installing project into .venv (pyproject.toml changed)"
# Keep the (noisy) build-backend warnings out of sight unless pip fails.
pip_log=$(mktemp)
if ! .venv/bin/python -m pip install -q --disable-pip-version-check -e ".[test]" >"$pip_log" 2>&1; then
    cat "$pip_log" >&2
    rm -f "$pip_log"
    die "pip install -e .[test] failed"
fi
rm -f "$pip_log"
rm -f .venv/.installed-*
touch "$stamp"
