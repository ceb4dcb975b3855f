#!/usr/bin/env bash
# Throwaway Elasticsearch 8 node for tests, development and the benchmark.
#   scripts/elasticsearch.sh start DIR [PORT]  -> prints `export ELASTICSEARCH_URL=...` on stdout
#   scripts/elasticsearch.sh stop DIR          -> stops the node and removes DIR
#   scripts/elasticsearch.sh halt DIR          -> stops the node, keeps DIR (its data) for `resume`
#   scripts/elasticsearch.sh resume DIR        -> starts a halted node again on the same port and data
#   scripts/elasticsearch.sh fetch             -> only download the zip and build the test shim (cached)
# Usage: es_env=$(scripts/elasticsearch.sh start "$dir") && eval "$es_env"
# (assign first: a bare `eval "$(...)"` hides a failed start from set -e).
#
# The distribution is Maven Central's integ-test zip
# (org.elasticsearch.distribution.integ-test-zip:elasticsearch), fetched with
# the machine's Maven and cached under ~/.cache/guildhall; it runs on the
# machine's Java 17. That zip has no `analysis-common` module, so the
# TEST-ONLY shim (tests/elasticsearch_shim, plugin `stock-analysis-shim`)
# registers the stock `stemmer`, `elision`, `asciifolding` and `synonym_graph` filters our
# index settings name; it is built once per source change. ES_WITHOUT_SHIM=1
# starts the node without it (a cluster lacking those components, for the
# test of the error message). Real clusters have the stock filters: no plugin.
# Elasticsearch refuses to run as root: as root we run it as the system user
# `guildhall-es`, which owns DIR (a fresh copy of the distribution + data).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
. scripts/lib.sh

ES_VERSION=${ES_VERSION:-8.19.2}
ES_USER=${ES_USER:-guildhall-es}
ES_HEAP=${ES_HEAP:-512m}
CACHE=${GUILDHALL_CACHE:-$HOME/.cache/guildhall}/elasticsearch
MARKER=.guildhall-elasticsearch   # only directories carrying it are ever rm -rf'd
START_TIMEOUT=${ES_START_TIMEOUT:-120}   # seconds to wait for a green cluster
ARTIFACT=org.elasticsearch.distribution.integ-test-zip:elasticsearch

usage() { echo "usage: $0 start DIR [PORT] | stop DIR | halt DIR | resume DIR | fetch" >&2; exit 2; }
[ $# -ge 1 ] || usage
cmd=$1

java_home() {
    local java
    java=$(command -v java) || die "java not found: install Java 17 (Debian: openjdk-17-jre-headless)"
    dirname "$(dirname "$(readlink -f "$java")")"
}

# The zip, from Maven Central through the machine's Maven (cached).
fetch_zip() {
    local zip="$CACHE/elasticsearch-$ES_VERSION.zip"
    if [ ! -s "$zip" ]; then
        command -v mvn >/dev/null || die "mvn not found: install Maven (Debian: maven)"
        mkdir -p "$CACHE"
        log "fetching $ARTIFACT:$ES_VERSION:zip from Maven Central"
        local out
        if ! out=$(mvn -q -B dependency:get -Dtransitive=false -Dartifact="$ARTIFACT:$ES_VERSION:zip" 2>&1); then
            printf '%s\n' "$out" >&2
            die "could not fetch $ARTIFACT:$ES_VERSION:zip (set ES_VERSION to another 8.x?)"
        fi
        local m2="${MAVEN_REPO:-$HOME/.m2/repository}"
        cp "$m2/org/elasticsearch/distribution/integ-test-zip/elasticsearch/$ES_VERSION/elasticsearch-$ES_VERSION.zip" "$zip.tmp"
        mv "$zip.tmp" "$zip"
    fi
    echo "$zip"
}

SHIM_SRC=tests/elasticsearch_shim
SHIM=stock-analysis-shim

# The test-only analysis shim, built with Maven once per (sources, ES version).
build_shim() {
    local src=$SHIM_SRC
    local hash
    hash=$( { echo "$ES_VERSION"; cat "$src/pom.xml"; find "$src/src" -type f -name '*.java' | sort | xargs cat; } \
        | sha256sum | cut -c1-16)
    local out="$CACHE/shim-$hash"
    if [ ! -s "$out/$SHIM.jar" ]; then
        log "building the test-only $SHIM plugin for Elasticsearch $ES_VERSION"
        local build
        build=$(mktemp -d -t guildhall-esshim.XXXXXX)
        cp -r "$src/pom.xml" "$src/src" "$build/"
        local mvn_log="$build/mvn.log"
        if ! (cd "$build" && mvn -q -B package -Delasticsearch.version="$ES_VERSION") >"$mvn_log" 2>&1; then
            cat "$mvn_log" >&2
            rm -rf "$build"
            die "building $SHIM_SRC failed"
        fi
        mkdir -p "$out"
        cp "$build/target/$SHIM.jar" "$out/$SHIM.jar.tmp"
        mv "$out/$SHIM.jar.tmp" "$out/$SHIM.jar"
        rm -rf "$build"
    fi
    echo "$out/$SHIM.jar"
}

with_shim() { [ "${ES_WITHOUT_SHIM:-0}" != 1 ]; }

# Install the shim into the unpacked distribution $1 (a stable plugin: jar + two descriptors).
install_shim() {
    local plugin="$1/plugins/$SHIM"
    mkdir -p "$plugin"
    cp "$2" "$plugin/"
    cp "$SHIM_SRC/plugin/named_components.json" "$plugin/"
    sed "s/^elasticsearch.version=.*/elasticsearch.version=$ES_VERSION/" \
        "$SHIM_SRC/plugin/stable-plugin-descriptor.properties" >"$plugin/stable-plugin-descriptor.properties"
}

as_es() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u "$ES_USER" -- "$@"
    else
        "$@"
    fi
}

# Free = nobody accepts connections there (sockets of a halted node in TIME_WAIT do not count).
port_free() {
    python3 - "$1" <<'PY'
import socket, sys
with socket.socket() as s:
    s.settimeout(1)
    sys.exit(0 if s.connect_ex(("127.0.0.1", int(sys.argv[1]))) != 0 else 1)
PY
}

start() {
    local port=${1:-9200}
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    [ -z "$(ls -A "$dir")" ] || die "$dir is not empty"
    touch "$dir/$MARKER"
    port_free "$port" || die "port $port is taken: is another Elasticsearch running? (stop it, or pass a PORT)"

    local zip jar=""
    zip=$(fetch_zip)
    if with_shim; then jar=$(build_shim); fi

    # A private copy of the distribution: the node writes into it, and the
    # unprivileged user cannot read root's cache directory anyway.
    unzip -q "$zip" -d "$dir" || die "could not unpack $zip"
    local home="$dir/elasticsearch-$ES_VERSION"
    mkdir -p "$dir/data" "$dir/logs"
    if [ -n "$jar" ]; then install_shim "$home" "$jar"; fi

    if [ "$(id -u)" -eq 0 ]; then
        if ! id "$ES_USER" >/dev/null 2>&1; then
            useradd --system --user-group --no-create-home --home-dir /nonexistent \
                --shell /usr/sbin/nologin "$ES_USER"
        fi
        chown -R "$ES_USER": "$dir"
    fi
    chmod 700 "$dir"
    echo "$port" >"$dir/port"
    launch
}

# Start the node prepared in $dir (by `start`, or again after `halt`) and wait until it is green.
launch() {
    local port jhome home
    port=$(cat "$dir/port")
    jhome=$(java_home)
    home="$dir/elasticsearch-$ES_VERSION"
    rm -f "$dir/es.pid"

    # setsid: a Ctrl-C in the caller's terminal must not hit the node
    # directly; the caller's EXIT trap stops it with `stop DIR`.
    # -XX:-AlwaysPreTouch: do not touch the whole heap at start. ES_FAST_START=1
    # (tests) keeps the JIT at C1: ~10 s to green instead of ~17 s on 2 cores,
    # for slower steady-state queries; the benchmark leaves it off.
    local java_opts="-Xms$ES_HEAP -Xmx$ES_HEAP -XX:-AlwaysPreTouch"
    [ "${ES_FAST_START:-0}" = 1 ] && java_opts="$java_opts -XX:TieredStopAtLevel=1"
    # ES_TMPDIR inside DIR: the node's JNA/temp files go away with `stop DIR`
    # instead of piling up as empty /tmp/elasticsearch-* directories.
    mkdir -p "$dir/tmp"
    [ "$(id -u)" -ne 0 ] || chown "$ES_USER": "$dir/tmp"
    as_es env ES_JAVA_HOME="$jhome" ES_TMPDIR="$dir/tmp" ES_JAVA_OPTS="$java_opts ${ES_EXTRA_JAVA_OPTS:-}" \
        setsid "$home/bin/elasticsearch" -p "$dir/es.pid" \
        -E cluster.name="guildhall-$(basename "$dir")" \
        -E node.name=guildhall \
        -E discovery.type=single-node \
        -E network.host=127.0.0.1 \
        -E http.port="$port" \
        -E transport.port=0 \
        -E path.data="$dir/data" \
        -E path.logs="$dir/logs" \
        -E cluster.routing.allocation.disk.threshold_enabled=false \
        -E xpack.security.enabled=false \
        -E action.destructive_requires_name=false \
        -E action.auto_create_index=false \
        >"$dir/console.log" 2>&1 </dev/null &
    echo $! >"$dir/launcher.pid"
    [ "$(id -u)" -ne 0 ] || chown "$ES_USER": "$dir/launcher.pid"

    local url="http://127.0.0.1:$port" waited=0
    until curl -fsS "$url/_cluster/health?wait_for_status=green&timeout=1s" >/dev/null 2>&1; do
        if ! kill -0 "$(cat "$dir/launcher.pid")" 2>/dev/null; then
            log "Elasticsearch exited during startup; its output:"
            tail -n 60 "$dir/console.log" >&2 || true
            exit 1
        fi
        if [ "$waited" -ge "$START_TIMEOUT" ]; then
            log "Elasticsearch was not green within ${START_TIMEOUT}s; its output:"
            tail -n 60 "$dir/console.log" >&2 || true
            stop_node
            exit 1
        fi
        sleep 1
        waited=$((waited + 1))
    done
    # The shim must be there (unless left out on purpose): without it our index settings cannot be created.
    if [ -d "$home/plugins/$SHIM" ]; then
        curl -fsS "$url/_cat/plugins?h=component" | grep -qx "$SHIM" \
            || { stop_node; die "the test-only $SHIM plugin did not load"; }
    fi
    log "Elasticsearch $ES_VERSION is green on $url (${waited}s)"
    echo "export ELASTICSEARCH_URL=$url"
}

stop_node() {
    local pid=""
    [ -s "$dir/es.pid" ] && pid=$(cat "$dir/es.pid")
    [ -z "$pid" ] && [ -s "$dir/launcher.pid" ] && pid=$(cat "$dir/launcher.pid")
    [ -n "$pid" ] || return 0
    kill -TERM "$pid" 2>/dev/null || return 0
    local i
    for i in $(seq 1 60); do
        kill -0 "$pid" 2>/dev/null || return 0
        sleep 0.5
    done
    log "Elasticsearch (pid $pid) ignored TERM; killing it"
    kill -KILL "$pid" 2>/dev/null || true
}

halt() {
    [ -e "$dir/$MARKER" ] || die "$dir was not created by '$0 start'"
    stop_node
    if [ -s "$dir/launcher.pid" ]; then
        local lp i
        lp=$(cat "$dir/launcher.pid")
        for i in $(seq 1 40); do kill -0 "$lp" 2>/dev/null || break; sleep 0.25; done
    fi
    log "Elasticsearch in $dir halted (data kept)"
}

resume() {
    [ -e "$dir/$MARKER" ] || die "$dir was not created by '$0 start'"
    port_free "$(cat "$dir/port")" || die "port $(cat "$dir/port") is taken"
    launch
}

stop() {
    [ -d "$dir" ] || exit 0
    dir=$(cd "$dir" && pwd)
    if [ ! -e "$dir/$MARKER" ]; then
        # Never remove a directory this script did not set up.
        [ -z "$(ls -A "$dir")" ] && rmdir "$dir" && exit 0
        die "$dir was not created by '$0 start'; refusing to remove it"
    fi
    stop_node
    # The launcher (the CLI) exits once the node has.
    if [ -s "$dir/launcher.pid" ]; then
        local lp i
        lp=$(cat "$dir/launcher.pid")
        for i in $(seq 1 20); do kill -0 "$lp" 2>/dev/null || break; sleep 0.25; done
        kill -KILL "$lp" 2>/dev/null || true
    fi
    rm -rf "$dir"
}

case $cmd in
    start) [ $# -ge 2 ] || usage; dir=$2; start "${3:-}" ;;
    stop) [ $# -eq 2 ] || usage; dir=$2; stop ;;
    halt) [ $# -eq 2 ] || usage; dir=$(cd "$2" && pwd); halt ;;
    resume) [ $# -eq 2 ] || usage; dir=$(cd "$2" && pwd); resume ;;
    fetch) fetch_zip >/dev/null && build_shim >/dev/null && log "Elasticsearch $ES_VERSION and the test shim are cached in $CACHE" ;;
    *) usage ;;
esac
