#!/usr/bin/env bash
# Benchmarks (`make bench`), never part of the tests: timings depend on the
# machine. Starts a throwaway PostgreSQL, runs each benchmark, stops it.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
. scripts/lib.sh

bash scripts/venv.sh
pg_dir=$(mktemp -d -t guildhall-bench-pg.XXXXXX)
var_dir=$(mktemp -d -t guildhall-bench-var.XXXXXX)
cleanup() {
    bash scripts/postgres.sh stop "$pg_dir" || true
    rm -rf "$var_dir"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

pg_env=$(bash scripts/postgres.sh start "$pg_dir") || die "PostgreSQL failed to start"
eval "$pg_env"
export DATABASE_URL GUILDHALL_VAR_DIR="$var_dir"

log "benchmark: reputation recompute over ${BENCH_VOTES:-1000000} votes"
.venv/bin/python scripts/bench_rewards.py

# Search: its own throwaway Elasticsearch (full JIT), 100k generated threads.
log "benchmark: search on ${BENCH_SEARCH_DOCS:-100000} threads in Elasticsearch"
(unset ELASTICSEARCH_URL; bash scripts/bench_search.sh --docs "${BENCH_SEARCH_DOCS:-100000}")
