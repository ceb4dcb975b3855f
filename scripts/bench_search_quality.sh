#!/usr/bin/env bash
# `make bench` (search quality part, BENCH_ONLY=quality): the evaluation of docs/search.md ("Evaluation") on the
# three backends — SQLite FTS5, PostgreSQL full-text and Elasticsearch — printed as ONE table.
# Each backend gets the beer.stackexchange.com dump imported into its own database and is asked the same things
# (manage.py search_evaluate): recall@5, recall@10 and MRR of similar questions over the dump's duplicate links,
# leave-one-out, and nDCG@10 of search over tests/data/search_judgements.json.
# PostgreSQL: a new database, guildhall_quality_<pid>, on DATABASE_URL's server (bench.sh starts a throwaway one).
# SQLite: a temporary file. Elasticsearch: a throwaway node on a free port, as bench_search.sh starts one, with the
# documents read from a temporary SQLite file of their own.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
. scripts/lib.sh

[ -n "${DATABASE_URL:-}" ] || die "DATABASE_URL must name a throwaway PostgreSQL database (make bench starts one)"
work=$(mktemp -d -t guildhall-bench-quality.XXXXXX)
es_dir=$(mktemp -d -t guildhall-es-quality.XXXXXX)
cleanup() { bash scripts/elasticsearch.sh stop "$es_dir" || true; rm -rf "$work"; }
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
export GUILDHALL_VAR_DIR="${GUILDHALL_VAR_DIR:-$work}" SEARCH_REPLICAS=0
manage() { .venv/bin/python manage.py "$@"; }

log "search quality: SQLite FTS5"
(
    export DATABASE_URL="sqlite:///$work/quality.sqlite3" ELASTICSEARCH_URL=""
    manage migrate -v0
    manage search_evaluate --backend database --json "$work/sqlite.json" >/dev/null
)

log "search quality: PostgreSQL full-text"
(
    quality_db="guildhall_quality_$$"
    DATABASE_URL=$(.venv/bin/python - "$DATABASE_URL" "$quality_db" <<'PY'
import sys
from urllib.parse import urlsplit, urlunsplit

import psycopg

url, name = sys.argv[1], sys.argv[2]
with psycopg.connect(url, autocommit=True) as connection:
    connection.execute(f'CREATE DATABASE "{name}"')
print(urlunsplit(urlsplit(url)._replace(path="/" + name)))
PY
)
    export DATABASE_URL ELASTICSEARCH_URL=""
    manage migrate -v0
    manage search_evaluate --backend database --json "$work/postgresql.json" >/dev/null
)

log "search quality: Elasticsearch"
(
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    es_env=$(bash scripts/elasticsearch.sh start "$es_dir" "$port") || die "Elasticsearch failed to start"
    eval "$es_env"
    # Its own database too (make bench's PostgreSQL is not migrated): a temporary SQLite file.
    export ELASTICSEARCH_URL DATABASE_URL="sqlite:///$work/elasticsearch.sqlite3"
    manage migrate -v0
    manage search_evaluate --backend elasticsearch --json "$work/elasticsearch.json" >/dev/null
)

echo "Search quality on beer.stackexchange.com, $(date -u +%Y-%m-%d):"
manage search_evaluate --table "$work/sqlite.json" "$work/postgresql.json" "$work/elasticsearch.json"
