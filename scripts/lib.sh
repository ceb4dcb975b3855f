#!/usr/bin/env bash
# Shared helpers for scripts/*.sh. Sourced, not executed.

# Messages go to stderr so that stdout stays clean for `eval "$(...)"`.
log() { printf '%s: %s\n' "${0##*/}" "$*" >&2; }
die() { log "error: $*"; exit 1; }

# Install Debian packages, waiting for apt/dpkg locks: another apt run (e.g. a
# background chromium install) may hold them for minutes on a fresh machine.
apt_install() {
    [ "$(id -u)" -eq 0 ] || die "need root to apt-get install $*; install it by hand"
    export DEBIAN_FRONTEND=noninteractive
    local lock=(-o DPkg::Lock::Timeout=600)
    # `apt-get update` does not always honour DPkg::Lock::Timeout for the lists
    # lock, so retry it for up to 10 minutes as well.
    local i
    for i in $(seq 1 60); do
        if apt-get "${lock[@]}" -qq update >&2; then break; fi
        [ "$i" -lt 60 ] || die "apt-get update kept failing"
        log "apt-get update failed (lock held?), retrying in 10 s"
        sleep 10
    done
    apt-get "${lock[@]}" -y -qq install --no-upgrade "$@" >&2 \
        || die "apt-get install $* failed"
}
