#!/usr/bin/env bash
# Throwaway Redis server for tests and benchmarks (the shared cache, CACHE_URL).
#   scripts/redis.sh start DIR  -> prints `export CACHE_URL=redis://127.0.0.1:PORT/0` on stdout
#   scripts/redis.sh stop DIR   -> stops the server and removes DIR
# Usage: redis_env=$(scripts/redis.sh start "$dir") && eval "$redis_env"
# (assign first: a bare `eval "$(...)"` hides a failed start from set -e).
# Debian's redis-server, installed when missing (as root); loopback only, no
# persistence, a bounded memory with LRU eviction, like a production cache.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
. scripts/lib.sh

MARKER=.guildhall-redis   # only directories carrying it are ever rm -rf'd
START_TIMEOUT=${REDIS_START_TIMEOUT:-30}

usage() { echo "usage: $0 start|stop DIR" >&2; exit 2; }
[ $# -eq 2 ] || usage
cmd=$1
dir=$2

start() {
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    [ -z "$(ls -A "$dir")" ] || die "$dir is not empty"
    touch "$dir/$MARKER"
    if ! command -v redis-server >/dev/null 2>&1; then
        log "redis-server not installed; installing Debian's redis-server"
        apt_install redis-server
        command -v redis-server >/dev/null 2>&1 || die "redis-server still not found after installing it"
    fi
    local port
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    cat >"$dir/redis.conf" <<CONF
bind 127.0.0.1
port $port
dir $dir
pidfile $dir/redis.pid
logfile $dir/redis.log
daemonize yes
save ""
appendonly no
maxmemory ${REDIS_MAXMEMORY:-256mb}
maxmemory-policy allkeys-lru
CONF
    # setsid: a Ctrl-C in the caller's terminal must not hit the server; the EXIT trap stops it.
    setsid redis-server "$dir/redis.conf" >/dev/null 2>&1 || { cat "$dir/redis.log" >&2 2>/dev/null; die "redis-server failed to start"; }
    local waited=0
    until redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null | grep -qx PONG; do
        if [ "$waited" -ge $((START_TIMEOUT * 5)) ]; then
            cat "$dir/redis.log" >&2 2>/dev/null || true
            die "Redis did not answer within ${START_TIMEOUT}s"
        fi
        sleep 0.2
        waited=$((waited + 1))
    done
    echo "$port" >"$dir/port"
    log "Redis is up on 127.0.0.1:$port"
    echo "export CACHE_URL=redis://127.0.0.1:$port/0"
}

stop() {
    [ -d "$dir" ] || exit 0
    dir=$(cd "$dir" && pwd)
    if [ ! -e "$dir/$MARKER" ]; then
        [ -z "$(ls -A "$dir")" ] && rmdir "$dir" && exit 0
        die "$dir was not created by '$0 start'; refusing to remove it"
    fi
    if [ -s "$dir/redis.pid" ]; then
        local pid i
        pid=$(cat "$dir/redis.pid")
        kill -TERM "$pid" 2>/dev/null || true
        for i in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
        kill -KILL "$pid" 2>/dev/null || true
    fi
    rm -rf "$dir"
}

case $cmd in
    start) start ;;
    stop) stop ;;
    *) usage ;;
esac
