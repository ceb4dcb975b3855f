#!/usr/bin/env bash
# Benchmarks (`make bench`), never part of the tests: timings depend on the
# machine. Starts a throwaway PostgreSQL and Redis, runs each benchmark, stops them.
# BENCH_ONLY=pages|rewards|search|quality|scale runs one of them.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
. scripts/lib.sh

bash scripts/venv.sh
pg_dir=$(mktemp -d -t guildhall-bench-pg.XXXXXX)
redis_dir=$(mktemp -d -t guildhall-bench-redis.XXXXXX)
var_dir=$(mktemp -d -t guildhall-bench-var.XXXXXX)
cleanup() {
    bash scripts/postgres.sh stop "$pg_dir" || true
    bash scripts/redis.sh stop "$redis_dir" || true
    rm -rf "$var_dir"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

pg_env=$(bash scripts/postgres.sh start "$pg_dir") || die "PostgreSQL failed to start"
eval "$pg_env"
export DATABASE_URL GUILDHALL_VAR_DIR="$var_dir"
redis_env=$(bash scripts/redis.sh start "$redis_dir") || die "Redis failed to start"
eval "$redis_env"
export CACHE_URL
only=${BENCH_ONLY:-all}

if [ "$only" = all ] || [ "$only" = pages ]; then
    command -v hey >/dev/null || apt_install hey
    log "benchmark: pages under gunicorn, SQLite and PostgreSQL"
    BENCH_DATABASE_URL="$DATABASE_URL" .venv/bin/python scripts/bench_pages.py
fi

if [ "$only" = all ] || [ "$only" = rewards ]; then
    log "benchmark: reputation recompute over ${BENCH_VOTES:-1000000} votes"
    .venv/bin/python scripts/bench_rewards.py
fi

# Search: its own throwaway Elasticsearch (full JIT), 100k generated threads.
if [ "$only" = all ] || [ "$only" = search ]; then
    log "benchmark: search on ${BENCH_SEARCH_DOCS:-100000} threads in Elasticsearch"
    (unset ELASTICSEARCH_URL; bash scripts/bench_search.sh --docs "${BENCH_SEARCH_DOCS:-100000}")
fi

# Search quality: duplicates found and judged queries ranked, on beer.stackexchange.com, all three backends.
if [ "$only" = all ] || [ "$only" = quality ]; then
    log "benchmark: search quality (SQLite FTS5, PostgreSQL full-text, Elasticsearch) on beer.stackexchange.com"
    (unset ELASTICSEARCH_URL; bash scripts/bench_search_quality.sh)
fi

# Scale: every page rendered with cold caches at S, M and L generated communities (BENCH_SCALE_SIZES).
if [ "$only" = all ] || [ "$only" = scale ]; then
    log "benchmark: every page at sizes ${BENCH_SCALE_SIZES:-S,M,L} (PostgreSQL, cold caches)"
    BENCH_DATABASE_URL="$DATABASE_URL" .venv/bin/python scripts/bench_scale.py
fi
