#!/bin/sh
# Make sure the browser the browser tests (tests/browser/) drive is installed.
#
#   scripts/ensure-browser-deps.sh          # install what is missing, else explain
#   scripts/ensure-browser-deps.sh --check  # only report; exit 1 if something is missing
#
# Which browser, by system (tests/browser/conftest.py makes the same choice):
#   HANDBOOK_CHROMIUM set  that executable, whatever the system; only the fonts are installed
#   Debian                 Debian's Chromium package (/usr/bin/chromium), with apt-get
#   Ubuntu                 Playwright's own Chromium (headless shell), with
#                          `.venv/bin/playwright install --with-deps --only-shell chromium`:
#                          Ubuntu's chromium package is a transitional package for a snap,
#                          which does not run on GitHub's hosted runners or in containers.
#                          (Playwright downloads it from its own servers: this works on
#                          GitHub, not where only the package registries can be reached.)
# Chromium needs fonts to draw text: DejaVu (Latin and Arabic, for the right-to-left test)
# and Liberation. axe-core, the other browser-test tool, comes from npm (`npm ci` at the
# repository root); Debian's npm package is installed if npm is missing.
#
# Packages are installed as root directly, or through password-less `sudo -n` (GitHub's
# hosted runners); otherwise the script names them and exits 1 (scripts/debian-packages.sh).
set -eu

here=$(dirname "$0")
ROOT=$(cd "$here/.." && pwd)
PLAYWRIGHT="${HANDBOOK_PLAYWRIGHT:-$ROOT/.venv/bin/playwright}"
NAME=ensure-browser-deps

check_only=0
[ "${1:-}" = "--check" ] && check_only=1

FONTS="fonts-dejavu-core fonts-liberation"
PACKAGES="$FONTS"
# npm installs axe-core (npm ci); Debian's npm package brings Node.js with it.
command -v npm >/dev/null 2>&1 || PACKAGES="$PACKAGES npm"

if ! command -v dpkg-query >/dev/null 2>&1; then
    CHROMIUM="${HANDBOOK_CHROMIUM:-/usr/bin/chromium}"
    if [ -x "$CHROMIUM" ]; then
        echo "$NAME: not Debian; using $CHROMIUM" >&2
        exit 0
    fi
    echo "$NAME: not a Debian system and $CHROMIUM is missing" >&2
    echo "$NAME: install Chromium (Debian package: chromium) and point" \
        "HANDBOOK_CHROMIUM at its executable" >&2
    exit 1
fi

# shellcheck source=scripts/debian-packages.sh
. "$here/debian-packages.sh"

# Playwright's own Chromium: installed when a headless launch without an executable works.
playwright_chromium_works() {
    python="$(dirname "$PLAYWRIGHT")/python"
    [ -x "$python" ] || return 1
    "$python" - >/dev/null 2>&1 <<'PY'
from playwright.sync_api import sync_playwright

with sync_playwright() as pw:
    pw.chromium.launch(headless=True, args=["--no-sandbox"]).close()
PY
}

if [ -n "${HANDBOOK_CHROMIUM:-}" ]; then
    if [ ! -x "$HANDBOOK_CHROMIUM" ]; then
        echo "$NAME: HANDBOOK_CHROMIUM=$HANDBOOK_CHROMIUM is not an executable file" >&2
        exit 1
    fi
    ensure_packages
    exit 0
fi

case "$(os_family)" in
    ubuntu)
        ensure_packages
        if playwright_chromium_works; then
            exit 0
        fi
        if [ "$check_only" -eq 1 ]; then
            echo "$NAME: Playwright's Chromium is not installed;" \
                "run: $PLAYWRIGHT install --with-deps --only-shell chromium" >&2
            exit 1
        fi
        if [ ! -x "$PLAYWRIGHT" ]; then
            echo "$NAME: $PLAYWRIGHT is missing: create .venv first (make .venv/.installed)" >&2
            exit 1
        fi
        echo "$NAME: Ubuntu: installing Playwright's Chromium and its libraries" >&2
        # --with-deps installs the libraries with apt-get, through sudo when not root.
        "$PLAYWRIGHT" install --with-deps --only-shell chromium
        ;;
    *)
        PACKAGES="chromium $PACKAGES"
        ensure_packages
        ;;
esac
