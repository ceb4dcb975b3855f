#!/usr/bin/env bash
# `make bench` (search part): 100k generated threads in a throwaway Elasticsearch,
# then indexing throughput and search latency. Not part of the tests.
# Uses ELASTICSEARCH_URL if set; otherwise starts a node (full JIT, 512 MB heap)
# on a free port and stops it afterwards. Arguments go to scripts/bench_search.py.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
. scripts/lib.sh

bash scripts/venv.sh
if [ -z "${ELASTICSEARCH_URL:-}" ]; then
    es_dir=$(mktemp -d -t guildhall-es-bench.XXXXXX)
    var_dir=$(mktemp -d -t guildhall-var-bench.XXXXXX)
    cleanup() { bash scripts/elasticsearch.sh stop "$es_dir" || true; rm -rf "$var_dir"; }
    trap cleanup EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    es_env=$(bash scripts/elasticsearch.sh start "$es_dir" "$port") || die "Elasticsearch failed to start"
    eval "$es_env"
    export ELASTICSEARCH_URL GUILDHALL_VAR_DIR="$var_dir" SEARCH_REPLICAS=0
fi
.venv/bin/python scripts/bench_search.py "$@"
