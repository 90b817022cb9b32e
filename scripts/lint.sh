#!/usr/bin/env bash
# make lint: the hooks of .pre-commit-config.yaml on every tracked file (OCA's checks of
# the addons, XML and translation catalogues, README.rst and pyproject.toml up to date,
# ruff, pylint-odoo, prettier and eslint on the tours, generic file checks). The tools
# are installed once by scripts/setup.sh --dev (pip, npm ci); then no network is needed.
# Check-only: nothing is rewritten. Prints "lint: N hooks passed, M hooks failed".
# Exit status: the number of failed hooks (0 = clean).
set -uo pipefail
# shellcheck source=scripts/_env.sh
source "$(dirname "${BASH_SOURCE[0]}")/_env.sh"
cd "$REPO_ROOT" || exit 2

"$REPO_ROOT/scripts/setup.sh" --dev >/dev/null || {
    echo "lint: the lint tools are not installed (scripts/setup.sh --dev failed)" >&2
    exit 1
}
mkdir -p "$LOG_DIR"
log="$LOG_DIR/lint.log"
# shellcheck disable=SC2086
$PYTHON -m pre_commit run --all-files --color=never 2>&1 | tee "$log"
passed=$(grep -cE '\.+Passed$' "$log")
failed=$(grep -cE '\.+Failed$' "$log")
if [ "$passed" -eq 0 ] && [ "$failed" -eq 0 ]; then
    echo "lint: pre-commit ran no hook, see $log" >&2
    exit 1
fi
if [ "$failed" -gt 0 ]; then
    cat <<'TXT'
Fixes that rewrite the files (then review the diff):
  oca-checks-odoo-module --fix ADDON       XML header, eval of numbers, attribute order
  node_modules/.bin/prettier --write FILE  the tours' JavaScript
  python3 -m ruff format FILE              Python layout
  python3 scripts/gen_addon_readme.py ADDON   README.rst and index.html from readme/
TXT
fi
echo "lint: $passed hooks passed, $failed hooks failed"
exit "$failed"
