#!/usr/bin/env bash
# The whole test suite against real services: PostgreSQL in a throwaway
# cluster and Debian's headless chromium. Arguments go to pytest.
# Exit code is pytest's; "no tests collected" (5) and service failures fail.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
. scripts/lib.sh

bash scripts/venv.sh
bash scripts/ensure_chromium.sh

pg_dir=$(mktemp -d -t guildhall-pg.XXXXXX)
var_dir=$(mktemp -d -t guildhall-var.XXXXXX)
cleanup() {
    bash scripts/postgres.sh stop "$pg_dir" || true
    rm -rf "$var_dir"
}
# EXIT alone is not run when bash dies from a signal: turn signals into exits
# so the cluster is always stopped (Ctrl-C, kill, closed terminal).
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

# Assign first, then eval: a failed start must abort here (never a skip).
pg_env=$(bash scripts/postgres.sh start "$pg_dir") || die "PostgreSQL failed to start"
eval "$pg_env"
export DATABASE_URL
export GUILDHALL_VAR_DIR="$var_dir"
export CHROMIUM_PATH=/usr/bin/chromium
# Services are guaranteed here, so tests marked postgres/browser must fail, not skip.
export CI="${CI:-true}"

rc=0
.venv/bin/python -m pytest "$@" || rc=$?
if [ "$rc" -eq 5 ]; then
    die "pytest collected no tests (exit 5): treating as failure"
fi
exit "$rc"
