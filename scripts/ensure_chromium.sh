#!/usr/bin/env bash
# Browser tests drive Debian's chromium (/usr/bin/chromium) through Playwright;
# install the package when it is missing or only half-installed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
. scripts/lib.sh

status=$(dpkg-query -W -f='${Status}' chromium 2>/dev/null || true)
if [ -x /usr/bin/chromium ] && [ "$status" = "install ok installed" ]; then
    exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
    # Without root we cannot apt-get; a working binary is good enough.
    [ -x /usr/bin/chromium ] && exit 0
    die "/usr/bin/chromium is missing; run as root or: sudo apt-get install chromium"
fi
# Possibly mid-install by a background apt run: apt_install waits for its lock.
log "installing Debian's chromium (status: ${status:-not installed})"
apt_install chromium
[ -x /usr/bin/chromium ] || die "/usr/bin/chromium still missing after apt-get install"
