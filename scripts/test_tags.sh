#!/usr/bin/env bash
# Runs some of the Odoo tests on a fresh database, for work in progress (make test runs them all).
# Usage: scripts/test_tags.sh DB TAGS [LOG]
#   DB    a database this project may own (cciaa_test_*), created and dropped here
#   TAGS  Odoo --test-tags, e.g. /cciaa_performance:TestNextCycle
# Prints the failures, errors and warnings of the log; exit status 1 if there are any.
set -uo pipefail
# shellcheck source=scripts/_env.sh
source "$(dirname "${BASH_SOURCE[0]}")/_env.sh"
cd "$REPO_ROOT" || exit 2
use_odoo_pythonpath || die "Odoo 18 is not importable (run scripts/check_env.sh)"
ADDONS_PATH=$(odoo_addons_path) || exit 1
add_queue_addon
DB=$1
TAGS=$2
LOG=${3:-$LOG_DIR/test_tags_$DB.log}
create_db "$DB"
install_addons "$DB" "$LOG" --log-level=info --test-enable --test-tags="$TAGS"
STATUS=$?
drop_db "$DB"
grep -E 'odoo.tests.result: ' "$LOG" | tail -1
if odoo_bad_lines "$LOG"; then
    STATUS=1
fi
echo "log: $LOG"
exit "$STATUS"
