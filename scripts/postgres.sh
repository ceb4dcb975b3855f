#!/usr/bin/env bash
# Throwaway PostgreSQL cluster for tests.
#   scripts/postgres.sh start DIR  -> prints `export DATABASE_URL=...` on stdout
#   scripts/postgres.sh replica DIR PRIMARY_URL
#                                  -> a hot-standby streaming replica of the cluster at
#                                     PRIMARY_URL (one started by `start`), copied with
#                                     `pg_basebackup -R` into DIR and started on a free
#                                     port; prints `export DATABASE_REPLICA_URLS=...`
#   scripts/postgres.sh stop DIR   -> stops the cluster (or replica) and removes DIR
# Usage: pg_env=$(scripts/postgres.sh start "$dir") && eval "$pg_env"
# (assign first: a bare `eval "$(...)"` hides a failed start from set -e).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
. scripts/lib.sh

MARKER=.guildhall-postgres   # only directories carrying it are ever rm -rf'd
START_TIMEOUT=${PG_START_TIMEOUT:-60}   # seconds to wait for pg_isready

usage() { echo "usage: $0 start|stop DIR  or  $0 replica DIR PRIMARY_URL" >&2; exit 2; }
[ $# -ge 2 ] || usage
cmd=$1
dir=$2
if [ "$cmd" = replica ]; then [ $# -eq 3 ] || usage; primary_url=$3; else [ $# -eq 2 ] || usage; fi

# Newest Debian PostgreSQL server binaries (initdb/pg_ctl are not on PATH).
find_bindir() {
    local d
    d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1 || true)
    if [ -n "$d" ] && [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then
        echo "$d"
    fi
}

# PostgreSQL refuses to run as root: drop to the postgres user when we are root.
as_pg() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

# Sets the globals dir (absolute) and bindir: an empty DIR carrying our marker,
# owned by the postgres user, and the server binaries (installed when missing).
prepare_dir() {
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    [ -z "$(ls -A "$dir")" ] || die "$dir is not empty"
    touch "$dir/$MARKER"

    bindir=$(find_bindir)
    if [ -z "$bindir" ]; then
        log "PostgreSQL server not installed; installing Debian's postgresql"
        apt_install postgresql
        bindir=$(find_bindir)
        [ -n "$bindir" ] || die "initdb/pg_ctl still not found after installing postgresql"
    fi
    echo "$bindir" >"$dir/bindir"

    if [ "$(id -u)" -eq 0 ]; then
        # The Debian package creates this user; create it on machines without it.
        if ! id postgres >/dev/null 2>&1; then
            useradd --system --user-group --no-create-home --home-dir "$dir" \
                --shell /usr/sbin/nologin postgres
        fi
        chown -R postgres: "$dir"
    fi
    chmod 700 "$dir"
}

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Start the server in $dir/data and wait until it accepts connections on $1.
start_server() {
    local port=$1
    # setsid: a Ctrl-C in the caller's terminal must not hit the server
    # directly; the caller's EXIT trap stops it with `stop DIR`.
    as_pg setsid "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -W start >/dev/null \
        || { cat "$dir/server.log" >&2 2>/dev/null || true; die "pg_ctl start failed"; }

    local waited=0
    until "$bindir/pg_isready" -q -h 127.0.0.1 -p "$port"; do
        # A server that already died (bad config, port taken) will never answer.
        if [ "$waited" -ge 2 ] && ! as_pg "$bindir/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
            log "PostgreSQL exited during startup; server log:"
            cat "$dir/server.log" >&2 || true
            exit 1
        fi
        if [ "$waited" -ge "$START_TIMEOUT" ]; then
            log "PostgreSQL did not answer within ${START_TIMEOUT}s; server log:"
            cat "$dir/server.log" >&2 || true
            as_pg "$bindir/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
            exit 1
        fi
        sleep 1
        waited=$((waited + 1))
    done
}

start() {
    local bindir
    prepare_dir

    local port
    port=$(free_port)

    as_pg "$bindir/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 \
        --locale=C.UTF-8 --no-instructions >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; die "initdb failed"; }

    # Loopback only, socket inside DIR, durability off: it is a throwaway.
    as_pg tee -a "$dir/data/postgresql.conf" >/dev/null <<CONF

# --- scripts/postgres.sh ---
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir'
fsync = off
full_page_writes = off
synchronous_commit = off
max_connections = 50
autovacuum = ${PG_AUTOVACUUM:-on}
CONF
    # Replication from loopback too, so `replica DIR URL` can copy and follow it.
    as_pg tee "$dir/data/pg_hba.conf" >/dev/null <<HBA
local all         all              trust
host  all         all 127.0.0.1/32 trust
host  replication all 127.0.0.1/32 trust
HBA

    start_server "$port"

    local psql=("$bindir/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U postgres -d postgres)
    "${psql[@]}" -c "CREATE ROLE guildhall LOGIN SUPERUSER CREATEDB" >&2 \
        && "${psql[@]}" -c "CREATE DATABASE guildhall OWNER guildhall" >&2 \
        || die "could not create role/database guildhall"

    echo "export DATABASE_URL=postgres://guildhall@127.0.0.1:$port/guildhall"
}

stop() {
    [ -d "$dir" ] || exit 0
    dir=$(cd "$dir" && pwd)
    if [ ! -e "$dir/$MARKER" ]; then
        # Never remove a directory this script did not set up.
        [ -z "$(ls -A "$dir")" ] && rmdir "$dir" && exit 0
        die "$dir was not created by '$0 start'; refusing to remove it"
    fi
    local bindir
    bindir=$(cat "$dir/bindir" 2>/dev/null || find_bindir)
    if [ -n "$bindir" ] && [ -e "$dir/data/postmaster.pid" ]; then
        as_pg "$bindir/pg_ctl" -D "$dir/data" -m fast -w -t 30 stop >/dev/null 2>&1 \
            || as_pg "$bindir/pg_ctl" -D "$dir/data" -m immediate -w -t 30 stop >/dev/null 2>&1 \
            || log "warning: could not stop PostgreSQL in $dir"
    fi
    rm -rf "$dir"
}

# A hot standby of the cluster at $primary_url: pg_basebackup copies it (the
# whole cluster: every database) and -R writes standby.signal + primary_conninfo,
# so it keeps streaming the primary's WAL. Read-only; stopped by `stop DIR`.
replica() {
    local bindir
    local host port user database
    read -r host port user database < <(python3 - "$primary_url" <<'PY'
import sys
from urllib.parse import urlsplit
try:
    url = urlsplit(sys.argv[1])
    usable = url.scheme in ("postgres", "postgresql") and url.hostname and url.port
except ValueError:  # e.g. a port that is not a number
    usable = False
if not usable:
    sys.exit(f"not a postgres://user@host:port/database URL: {sys.argv[1]!r}")
print(url.hostname, url.port, url.username or "postgres", url.path.lstrip("/") or "postgres")
PY
    ) || die "PRIMARY_URL must look like postgres://user@127.0.0.1:PORT/DATABASE"
    [ -n "$port" ] || die "PRIMARY_URL must look like postgres://user@127.0.0.1:PORT/DATABASE"
    prepare_dir

    as_pg "$bindir/pg_basebackup" -h "$host" -p "$port" -U "$user" -D "$dir/data" \
        -R -X stream --checkpoint=fast >"$dir/basebackup.log" 2>&1 \
        || { cat "$dir/basebackup.log" >&2; die "pg_basebackup from $host:$port failed"; }

    local replica_port
    replica_port=$(free_port)
    # The copied postgresql.conf carries the primary's port and socket directory:
    # later lines win. The copied postmaster.opts/logs are the primary's, harmless.
    as_pg tee -a "$dir/data/postgresql.conf" >/dev/null <<CONF

# --- scripts/postgres.sh replica ---
port = $replica_port
unix_socket_directories = '$dir'
hot_standby = on
CONF

    start_server "$replica_port"
    echo "export DATABASE_REPLICA_URLS=postgres://$user@127.0.0.1:$replica_port/$database"
}

case $cmd in
    start) start ;;
    replica) replica ;;
    stop) stop ;;
    *) usage ;;
esac
