#!/usr/bin/env bash
# Installs what pip, npm and (as root) apt can install, and only what is missing, so that
# a second run takes a second and needs no network. Odoo 18 and PostgreSQL are
# prerequisites (scripts/check_env.sh prints how to get them); this script never
# installs Odoo.
#   scripts/setup.sh         runtime: requirements.txt; wkhtmltopdf (PDF reports)
#   scripts/setup.sh --dev   and the tools of make test / make lint: requirements-dev.txt,
#                            pdftotext (poppler-utils), Chromium (tours: chromium,
#                            chromium-driver; an installed Google Chrome does too),
#                            node + npm, package.json (npm ci)
# Called by scripts/demo.sh (runtime), scripts/test.sh and scripts/lint.sh (--dev);
# `make setup` runs it with --dev. Not root and a Debian package missing: the apt-get
# command to run is printed and the script fails.
set -euo pipefail
# shellcheck source=scripts/_env.sh
source "$(dirname "${BASH_SOURCE[0]}")/_env.sh"
cd "$REPO_ROOT"

DEV=
[ "${1:-}" = "--dev" ] && DEV=1

# --- Debian packages: command -> package
declare -A PACKAGE_OF=([wkhtmltopdf]=wkhtmltopdf)
if [ -n "$DEV" ]; then
    PACKAGE_OF+=([pdftotext]=poppler-utils [node]=nodejs [npm]=npm)
fi
missing=()
for tool in "${!PACKAGE_OF[@]}"; do
    command -v "$tool" >/dev/null || missing+=("${PACKAGE_OF[$tool]}")
done
# the browser of Odoo's tours: any of the names Odoo looks for
if [ -n "$DEV" ] && ! command -v chromium >/dev/null && ! command -v chromium-browser >/dev/null &&
    ! command -v google-chrome >/dev/null && ! command -v google-chrome-stable >/dev/null; then
    missing+=(chromium chromium-driver)
fi
if [ ${#missing[@]} -gt 0 ]; then
    mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        echo "setup: apt-get install ${missing[*]}"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
            "${missing[@]}" >/dev/null
    else
        die "missing Debian packages; run as root: apt-get install ${missing[*]}"
    fi
fi

# --- Python requirements (pip only when one is missing or at a wrong version)
requirements=requirements.txt
[ -n "$DEV" ] && requirements=requirements-dev.txt
# shellcheck disable=SC2086
todo=$($PYTHON scripts/requirements_missing.py "$requirements")
if [ -n "$todo" ]; then
    echo "setup: pip install" $todo
    pip_flags=(-q --disable-pip-version-check --root-user-action=ignore)
    # Odoo from the official Debian/Ubuntu package runs on the system Python, which
    # pip refuses to touch (PEP 668) unless told: the packages go to pip's own
    # directory (/usr/local/lib/...), beside Odoo's, as in Odoo's Docker image.
    # shellcheck disable=SC2086
    if $PYTHON -c 'import os, sys, sysconfig
sys.exit(sys.prefix != sys.base_prefix or not os.path.exists(
    os.path.join(sysconfig.get_path("stdlib"), "EXTERNALLY-MANAGED")))'; then
        pip_flags+=(--break-system-packages)
    fi
    # shellcheck disable=SC2086
    $PYTHON -m pip install "${pip_flags[@]}" -r "$requirements"
    # shellcheck disable=SC2086
    todo=$($PYTHON scripts/requirements_missing.py "$requirements")
    [ -z "$todo" ] || die "still missing after pip install: $todo"
fi

# --- JavaScript lint tools (prettier, eslint) into node_modules/, from package-lock.json
if [ -n "$DEV" ] && { [ ! -f node_modules/.package-lock.json ] ||
    [ package-lock.json -nt node_modules/.package-lock.json ]; }; then
    echo "setup: npm ci (prettier, eslint)"
    npm ci --no-audit --no-fund --loglevel=error >/dev/null
fi

echo "setup: dependencies present${DEV:+ (with the development tools)}"
