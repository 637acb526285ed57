# Shared by scripts/ensure-*-deps.sh (sourced, not run): install the Debian packages named in
# $PACKAGES that are missing. Needs NAME (for messages) and check_only (1: only report).
# Returns when all are installed; otherwise exits 1 naming them, or installs them as root.

missing=""
for pkg in $PACKAGES; do
    status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
    case "$status" in
        *"install ok installed"*) ;;
        *) missing="$missing $pkg" ;;
    esac
done

if [ -n "$missing" ]; then
    if [ "$check_only" -eq 1 ]; then
        echo "$NAME: missing Debian packages:$missing" >&2
        exit 1
    fi
    if [ "$(id -u)" -ne 0 ]; then
        echo "$NAME: missing Debian packages:$missing" >&2
        echo "$NAME: run as root, or: sudo apt-get update &&" \
            "sudo apt-get install -y --no-install-recommends$missing" >&2
        exit 1
    fi
    echo "$NAME: installing$missing" >&2
    export DEBIAN_FRONTEND=noninteractive
    # shellcheck disable=SC2086  # word splitting of the package list is intended
    if ! apt-get install -y --no-install-recommends $missing; then
        apt-get update
        apt-get install -y --no-install-recommends $missing
    fi
    # New fonts: refresh fontconfig's cache so this same run sees them.
    fc-cache -f >/dev/null 2>&1 || true
fi
