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
# The periodic jobs (webhooks, bounties that end, leaderboards, digests…) beside the server, as cron would run
# them in production (docs/deploy.md, "Scheduled jobs"); stopped with the server.
# Both run in the background and the script waits, so Ctrl-C or a TERM to it stops both.
$py manage.py run_scheduled_jobs &
jobs_pid=$!
$py manage.py runserver "127.0.0.1:${PORT:-8000}" &
server_pid=$!
trap 'kill "$jobs_pid" "$server_pid" 2>/dev/null || true' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
wait "$server_pid"
