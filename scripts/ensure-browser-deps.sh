#!/bin/sh
# Make sure the browser the browser tests (tests/browser/) drive is installed.
#
#   scripts/ensure-browser-deps.sh          # install what is missing (root on Debian), else explain
#   scripts/ensure-browser-deps.sh --check  # only report; exit 1 if something is missing
#
# The tests drive Debian's Chromium (/usr/bin/chromium) through Playwright's Python package;
# Playwright's own browser download (`playwright install`) is never used. Chromium needs
# fonts to draw text: DejaVu (Latin and Arabic, for the right-to-left test) and Liberation.
# axe-core, the other browser-test tool, comes from npm: run `npm ci` at the repository root.
set -eu

PACKAGES="chromium fonts-dejavu-core fonts-liberation"
# npm installs axe-core (npm ci); Debian's npm package brings Node.js with it.
command -v npm >/dev/null 2>&1 || PACKAGES="$PACKAGES npm"
CHROMIUM="${HANDBOOK_CHROMIUM:-/usr/bin/chromium}"

check_only=0
[ "${1:-}" = "--check" ] && check_only=1

if ! command -v dpkg-query >/dev/null 2>&1; then
    if [ -x "$CHROMIUM" ]; then
        echo "ensure-browser-deps: not Debian; using $CHROMIUM" >&2
        exit 0
    fi
    echo "ensure-browser-deps: not a Debian system and $CHROMIUM is missing" >&2
    echo "ensure-browser-deps: install Chromium (Debian package: chromium) and point" \
        "HANDBOOK_CHROMIUM at its executable" >&2
    exit 1
fi

NAME=ensure-browser-deps
# shellcheck source=scripts/debian-packages.sh
. "$(dirname "$0")/debian-packages.sh"
