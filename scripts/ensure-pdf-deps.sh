#!/bin/sh
# Make sure the system libraries and fonts the PDF build needs are installed.
#
#   scripts/ensure-pdf-deps.sh          # install what is missing, else explain
#   scripts/ensure-pdf-deps.sh --check  # only report; exit 1 if something is missing
#
# WeasyPrint (a Python package, installed in .venv by pip) draws text with the system's Pango
# and fontconfig. The handbook needs fonts for Latin, accented and Arabic text (Noto Serif,
# Noto Sans, Noto Naskh Arabic from fonts-noto-core; DejaVu as fallback), and the tests read
# the PDFs back with poppler-utils (pdfinfo, pdffonts, pdftotext, pdftoppm).
#
# On Debian and Ubuntu (the same package names on both) missing packages are installed with
# apt-get: directly as root, or through password-less `sudo -n` as on GitHub's hosted
# runners; otherwise the script names them and exits 1 (scripts/debian-packages.sh).
set -eu

PACKAGES="libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 fontconfig fonts-dejavu-core fonts-noto-core poppler-utils"

check_only=0
[ "${1:-}" = "--check" ] && check_only=1

if ! command -v dpkg-query >/dev/null 2>&1; then
    # Not Debian: check for the tools and libraries, name the Debian packages as a hint.
    missing=""
    for tool in pdfinfo pdffonts pdftotext pdftoppm fc-list; do
        command -v "$tool" >/dev/null 2>&1 || missing="$missing $tool"
    done
    if [ -n "$missing" ]; then
        echo "ensure-pdf-deps: not a Debian system and these tools are missing:$missing" >&2
        echo "ensure-pdf-deps: install the equivalents of the Debian packages: $PACKAGES" >&2
        exit 1
    fi
    echo "ensure-pdf-deps: not Debian; tools found, assuming Pango and Noto fonts are installed" >&2
    exit 0
fi

NAME=ensure-pdf-deps
# shellcheck source=scripts/debian-packages.sh
. "$(dirname "$0")/debian-packages.sh"
ensure_packages
