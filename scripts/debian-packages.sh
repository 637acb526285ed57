# shellcheck shell=sh
# Shared by scripts/ensure-*-deps.sh (sourced, not run). Defines:
#
#   os_family        prints debian, ubuntu or other, from /etc/os-release
#   ensure_packages  installs the Debian packages named in $PACKAGES that are missing
#
# ensure_packages needs NAME (for messages) and reads check_only (1: only report). It returns when
# all are installed; otherwise it installs them with apt-get, as root directly or through
# password-less `sudo -n` (GitHub's hosted runners: a normal user with sudo), or exits 1
# naming them and the command to run.
#
# Environment (both for tests, see tests/test_hosted_runner.py):
#   HANDBOOK_OS_RELEASE=FILE    read FILE instead of /etc/os-release
#   HANDBOOK_DEPS_FORCE_APT=1   treat every package as missing, so the install path (sudo,
#                               apt-get) runs even where all are installed; apt-get is
#                               given --no-upgrade, so installed packages stay as they are

os_family() {
    _release="${HANDBOOK_OS_RELEASE:-/etc/os-release}"
    _id=""
    _like=""
    if [ -r "$_release" ]; then
        # Read the two fields, never source the file (it is data, not a script).
        _id=$(sed -n 's/^ID=//p' "$_release" | tr -d "\"'" | head -n 1)
        _like=$(sed -n 's/^ID_LIKE=//p' "$_release" | tr -d "\"'" | head -n 1)
    fi
    case " $_id $_like " in
        *" ubuntu "*) echo ubuntu ;;
        *" debian "*) echo debian ;;
        *) echo other ;;
    esac
}

# How to run a command as root: "" when we are root, "sudo -n" when password-less sudo
# works, nothing printed (status 1) otherwise.
_as_root() {
    if [ "$(id -u)" -eq 0 ]; then
        echo ""
    elif command -v sudo >/dev/null 2>&1 && sudo -n true >/dev/null 2>&1; then
        echo "sudo -n"
    else
        return 1
    fi
}

_apt_get() {
    # The lock timeout waits for another apt or dpkg run (unattended upgrades on a fresh
    # runner, another build on a shared machine) instead of failing at once.
    # shellcheck disable=SC2086  # $_root is a command prefix ("" or "sudo -n")
    $_root env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 "$@"
}

ensure_packages() {
    missing=""
    if [ "${HANDBOOK_DEPS_FORCE_APT:-0}" = 1 ]; then
        missing=" $PACKAGES"
        echo "$NAME: HANDBOOK_DEPS_FORCE_APT=1: going through apt-get for:$missing" >&2
    else
        for pkg in $PACKAGES; do
            status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
            case "$status" in
                *"install ok installed"*) ;;
                *) missing="$missing $pkg" ;;
            esac
        done
    fi
    [ -n "$missing" ] || return 0

    if [ "${check_only:-0}" -eq 1 ]; then
        echo "$NAME: missing Debian packages:$missing" >&2
        exit 1
    fi
    if ! _root=$(_as_root); then
        echo "$NAME: missing Debian packages:$missing" >&2
        echo "$NAME: run as root, or give this user password-less sudo, or run:" \
            "sudo apt-get update && sudo apt-get install -y --no-install-recommends$missing" >&2
        exit 1
    fi
    echo "$NAME: installing${_root:+ with $_root}:$missing" >&2
    # shellcheck disable=SC2086  # word splitting of the package list is intended
    if ! _apt_get install -y --no-install-recommends --no-upgrade $missing; then
        # The package lists may be stale or absent (a fresh runner or container).
        _apt_get update
        # shellcheck disable=SC2086
        _apt_get install -y --no-install-recommends --no-upgrade $missing
    fi
    # New fonts: refresh fontconfig's cache so this same run sees them.
    fc-cache -f >/dev/null 2>&1 || true
}
