#!/usr/bin/env bash
# Embedded default dev server: SQLite under var/, no services, no env vars.
# Seeds demo content on first start only. PORT overrides 8000.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
. scripts/lib.sh

bash scripts/venv.sh
py=.venv/bin/python

var_dir="${GUILDHALL_VAR_DIR:-var}"
mkdir -p "$var_dir"
$py manage.py migrate --noinput
# Stamp so a restart does not re-seed (seed_demo is idempotent anyway).
if [ ! -e "$var_dir/.demo-seeded" ]; then
    $py manage.py seed_demo
    touch "$var_dir/.demo-seeded"
fi
exec $py manage.py runserver "127.0.0.1:${PORT:-8000}"
