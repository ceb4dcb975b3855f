#!/usr/bin/env bash
# The accessibility tests (tests/site/test_accessibility.py) run axe-core, Deque's rule engine, inside the
# browser. It comes from npm, pinned, into var/npm/ (git-ignored; `make clean` removes it): the tests read
# var/npm/node_modules/axe-core/axe.min.js. Installs npm from Debian when it is missing. Idempotent: nothing
# is fetched when the pinned version is already there. A failed install fails `make test`, never a skip.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
. scripts/lib.sh

version=4.14.1  # bump on purpose: a new axe-core brings new rules, and their findings are fixed in the same change
prefix=var/npm
package="$prefix/node_modules/axe-core"

installed=$(sed -n 's/^  "version": "\(.*\)",$/\1/p' "$package/package.json" 2>/dev/null || true)
if [ "$installed" = "$version" ] && [ -s "$package/axe.min.js" ]; then
    exit 0
fi
command -v npm >/dev/null 2>&1 || apt_install npm
log "installing axe-core $version from npm into $prefix"
mkdir -p "$prefix"
# --ignore-scripts: axe-core needs no install step, and none of a package's own scripts runs here.
npm install --prefix "$prefix" --no-save --no-package-lock --no-audit --no-fund --ignore-scripts --loglevel=error \
    "axe-core@$version" >&2 || die "npm install axe-core@$version failed"
[ -s "$package/axe.min.js" ] || die "axe-core $version installed without axe.min.js"
