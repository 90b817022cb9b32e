#!/usr/bin/env bash
# Regenerates the translation templates and merges them into the Italian catalogues:
#   <addon>/i18n/<addon>.pot  (Odoo's own exporter + the code terms it cannot see)
#   <addon>/i18n/it.po        (existing translations kept; new terms empty)
# Steps: a throwaway database cciaa_i18n_<pid> with the addons (cciaa_performance_queue too
# where OCA queue_job is installed) and it_IT installed,
# `odoo --i18n-export=<addon>.pot --modules=<addon>` per addon, then
# scripts/i18n_code_terms.py adds the run-time terms (dicts of messages passed to env._,
# aliases of self.env._) and merges into it.po (msgmerge, no fuzzy matching).
# The database is dropped at the end. Exit status 1 when Odoo logged a WARNING or worse
# (loading the current it.po included), or an it.po still has untranslated entries
# (the files are written anyway: translate, then run again).
# Translating: fill the empty msgstr of each it.po (keep %(name)s placeholders and tags);
# a source that is already Italian on purpose (the printed Relazione's wording) keeps its
# text and gets the translator comment "# same in Italian", which TestI18n accepts.
# Then check: scripts/odoo ... --test-tags /cciaa_performance:TestI18n (see the test).
# Usage: scripts/i18n_update.sh [--keep-db] [addon ...]
#   --keep-db  do not drop the database (inspection); addons: a subset (default: all).
set -uo pipefail
# shellcheck source=scripts/_env.sh
source "$(dirname "${BASH_SOURCE[0]}")/_env.sh"
cd "$REPO_ROOT" || exit 2
use_odoo_pythonpath || die "Odoo 18 is not importable (run scripts/check_env.sh)"
ADDONS_PATH=$(odoo_addons_path) || exit 1
add_queue_addon

KEEP_DB=
if [ "${1:-}" = "--keep-db" ]; then
    KEEP_DB=1
    shift
fi
if [ $# -gt 0 ]; then
    for addon in "$@"; do
        [[ ",$ADDONS," == *",$addon,"* ]] || die "unknown addon: $addon (one of $ADDONS)"
    done
    ADDONS=$(IFS=,; echo "$*")
fi

DB="cciaa_i18n_$$"
WORK=$(mktemp -d)
LOG="$LOG_DIR/i18n_update.log"
mkdir -p "$LOG_DIR"
: >"$LOG"
STATUS=0

i18n_db_guard() {
    [[ "$1" =~ ^cciaa_i18n_[0-9]+$ ]] || die "refusing to touch database '$1'"
}

drop_i18n_db() {
    i18n_db_guard "$DB"
    if db_exists "$DB"; then
        "$ODOO" db drop "$DB" >/dev/null 2>&1 || dropdb "$DB" || echo "could not drop $DB" >&2
    fi
}

cleanup() {
    rm -rf "$WORK"
    [ -n "$KEEP_DB" ] && { echo "database kept: $DB"; return; }
    drop_i18n_db
}
trap cleanup EXIT
trap 'exit 130' INT TERM

i18n_db_guard "$DB"
createdb -E UTF8 -T template0 --lc-collate=C "$DB" || die "could not create database $DB"

echo "installing $ADDONS with it_IT on $DB (log: $LOG)"
"$ODOO" --database="$DB" --addons-path="$ADDONS_PATH" --init="$ADDONS" --without-demo=all \
    --load-language=it_IT --http-port="$(free_port)" --stop-after-init >>"$LOG" 2>&1 ||
    die "installation failed, see $LOG"

IFS=, read -r -a MODULES <<<"$ADDONS"
for addon in "${MODULES[@]}"; do
    mkdir -p "$addon/i18n"
    echo "exporting $addon"
    "$ODOO" --database="$DB" --addons-path="$ADDONS_PATH" --modules="$addon" \
        --i18n-export="$WORK/$addon.pot" >>"$LOG" 2>&1 || die "export of $addon failed, see $LOG"
    # shellcheck disable=SC2086
    $PYTHON scripts/i18n_code_terms.py pot "$addon" "$WORK/$addon.pot" "$addon/i18n/$addon.pot" ||
        die "could not write $addon/i18n/$addon.pot"
    # shellcheck disable=SC2086
    $PYTHON scripts/i18n_code_terms.py merge "$addon/i18n/$addon.pot" "$addon/i18n/it.po" ||
        die "could not merge $addon/i18n/it.po"
done

if odoo_bad_lines "$LOG"; then
    echo "Odoo logged the WARNING/ERROR records above (full log: $LOG)" >&2
    STATUS=1
fi

PO_FILES=()
for addon in "${MODULES[@]}"; do PO_FILES+=("$addon/i18n/it.po"); done
# shellcheck disable=SC2086
STATS=$($PYTHON scripts/i18n_code_terms.py stats "${PO_FILES[@]}")
echo "$STATS"
if grep -Eqv ' 0 untranslated, 0 fuzzy' <<<"$STATS"; then
    echo "some entries still need a translation" >&2
    STATUS=1
fi
exit "$STATUS"
