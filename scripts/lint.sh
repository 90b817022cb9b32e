#!/usr/bin/env bash
# ruff over the repository, pylint-odoo (OCA configuration, .pylintrc) over the addons.
# Exit status: number of failed linters (0 = clean).
set -uo pipefail
# shellcheck source=scripts/_env.sh
source "$(dirname "${BASH_SOURCE[0]}")/_env.sh"
cd "$REPO_ROOT" || exit 2

failed=0
echo "--- ruff check ."
# shellcheck disable=SC2086
$PYTHON -m ruff check --no-cache . || failed=$((failed + 1))
echo "--- pylint (pylint-odoo, .pylintrc) cciaa_performance cciaa_performance_report $QUEUE_ADDON"
# shellcheck disable=SC2086
$PYTHON -m pylint --rcfile=.pylintrc cciaa_performance cciaa_performance_report "$QUEUE_ADDON" &&
    echo "pylint-odoo: clean" || failed=$((failed + 1))
exit "$failed"
