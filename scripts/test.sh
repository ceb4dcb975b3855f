#!/usr/bin/env bash
# The whole test suite against real services: PostgreSQL in a throwaway
# cluster, Redis (the shared cache), Elasticsearch 8 (a throwaway node on
# 127.0.0.1:${ES_PORT:-9200}) and Debian's headless chromium. Arguments go to pytest.
# Exit code is pytest's; "no tests collected" (5) and service failures fail.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
. scripts/lib.sh

# The suite runs on every supported Python: for a full run, the oldest (3.11, .venv) and the newest (3.13,
# .venv-3.13) side by side (below). A targeted run (`make test ARGS=...`) uses .venv only; TEST_PYTHON_NEWEST=none
# runs the full suite on .venv alone, another path chooses the newest interpreter.
newest=""
if [ $# -eq 0 ] && [ "${TEST_PYTHON_NEWEST:-}" != none ] && [ -z "${VENV:-}" ]; then
    newest=${TEST_PYTHON_NEWEST:-}
    if [ -z "$newest" ]; then
        for cand in python3.13 /root/.pyenv/versions/3.13*/bin/python3.13 /usr/local/bin/python3.13 /usr/bin/python3.13; do
            if "$cand" -c 'import sys; assert sys.version_info[:2] == (3, 13)' >/dev/null 2>&1; then
                newest=$cand
                break
            fi
        done
    fi
    [ -n "$newest" ] || die "Python 3.13 not found: the full suite runs on 3.11 and 3.13 (set TEST_PYTHON_NEWEST=/path/to/python3.13, or =none)"
    PYTHON="$newest" VENV=.venv-3.13 bash scripts/venv.sh
fi

bash scripts/venv.sh
# The dependency directions of docs/architecture.md and the code style: a broken contract or lint fails here.
"${VENV:-.venv}/bin/lint-imports" || die "import contracts broken (pyproject.toml [tool.importlinter])"
"${VENV:-.venv}/bin/ruff" check --quiet community rewards search tests config || die "ruff check failed"
"${VENV:-.venv}/bin/ruff" format --check --quiet community rewards search tests config || die "ruff format --check failed (run: ruff format)"
bash scripts/ensure_chromium.sh
bash scripts/ensure_axe.sh  # axe-core from npm, for tests/site/test_accessibility.py
# The catalogue test runs makemessages, which needs GNU gettext (xgettext, msgmerge).
command -v xgettext >/dev/null 2>&1 && command -v msgmerge >/dev/null 2>&1 || apt_install gettext

pg_dir=$(mktemp -d -t guildhall-pg.XXXXXX)
var_dir=$(mktemp -d -t guildhall-var.XXXXXX)
es_dir=$(mktemp -d -t guildhall-es.XXXXXX)
redis_dir=$(mktemp -d -t guildhall-redis.XXXXXX)
es_pid=""
cleanup() {
    # A start still running in the background finishes (or fails) before we stop it.
    [ -z "$es_pid" ] || wait "$es_pid" 2>/dev/null || true
    bash scripts/elasticsearch.sh stop "$es_dir" || true
    bash scripts/postgres.sh stop "$pg_dir" || true
    bash scripts/redis.sh stop "$redis_dir" || true
    rm -rf "$var_dir"
}
# EXIT alone is not run when bash dies from a signal: turn signals into exits
# so the cluster is always stopped (Ctrl-C, kill, closed terminal).
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

# Elasticsearch starts in the background while PostgreSQL starts (ES_FAST_START:
# a C1-only JIT, ~10 s to green instead of ~17 s).
ES_FAST_START=1 bash scripts/elasticsearch.sh start "$es_dir" "${ES_PORT:-9200}" >"$var_dir/es.env" &
es_pid=$!

# Assign first, then eval: a failed start must abort here (never a skip). No autovacuum: the EXPLAIN guards build
# their data in a transaction rolled back after the module, and a background VACUUM of those dead rows during the
# next module rewrites the table's row count in place (pg_class is not transactional there), so its plans flipped
# at random; each guard ANALYZEs what it built instead.
pg_env=$(PG_AUTOVACUUM=off bash scripts/postgres.sh start "$pg_dir") || die "PostgreSQL failed to start"
eval "$pg_env"
export DATABASE_URL
redis_env=$(bash scripts/redis.sh start "$redis_dir") || die "Redis failed to start"
eval "$redis_env"
export CACHE_URL
wait "$es_pid" || die "Elasticsearch failed to start (see the messages above)"
es_pid=""
es_env=$(cat "$var_dir/es.env")
eval "$es_env"
export ELASTICSEARCH_URL
[ -n "$ELASTICSEARCH_URL" ] || die "Elasticsearch started but gave no URL"
# One node: new indices get no replica (production's default is 1), so the cluster stays green.
export SEARCH_REPLICAS=0
export GUILDHALL_VAR_DIR="$var_dir"
export CHROMIUM_PATH=/usr/bin/chromium
# Services are guaranteed here, so tests needing PostgreSQL, Elasticsearch or the browser must fail, not skip.
export CI="${CI:-true}"

run_pytest() {  # VENV [pytest args...]: pytest's exit code; "no tests collected" (5) fails too
    local venv=$1 rc=0
    shift
    "$venv/bin/python" -m pytest "$@" || rc=$?
    [ "$rc" -ne 5 ] || die "pytest collected no tests (exit 5): treating as failure"
    return "$rc"
}

rc=0
if [ -n "$newest" ]; then
    # The full run: two pytest-xdist workers side by side, one on the oldest Python and one on the newest, each
    # taking whole test files as it frees up (module fixtures stay in one process), the heaviest first:
    # tests/parallel.py schedules them and gives each worker its own cache database, index prefix and var/
    # directory. Every test runs once, on one of the two; both interpreters import every module and run about
    # half the suite, in about half the time of two passes.
    log "the suite in two workers: Python 3.11 (.venv) and Python 3.13 (.venv-3.13, $newest)"
    run_pytest "${VENV:-.venv}" --dist loadfile \
        --tx "popen//python=$PWD/.venv/bin/python" --tx "popen//python=$PWD/.venv-3.13/bin/python" "$@" || rc=$?
else
    run_pytest "${VENV:-.venv}" "$@" || rc=$?
fi
exit "$rc"
