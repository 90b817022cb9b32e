#!/usr/bin/env bash
# make chaos: the fault tests of tests/chaos on their own (also stage (e) of make test).
# A real Odoo server (scripts/odoo, --workers=0, port 8191 or $CHAOS_PORT) on copies of
# a fresh database chaos_<pid> with both addons installed: kill -9 during an import and
# during a recompute, concurrent writes of one measurement, recomputes during data
# entry. About 2 minutes on 2 cores, most of it the installation.
# Server log: out/logs/chaos_server.log; JUnit: out/logs/pytest_chaos.xml.
# Extra arguments go to pytest (e.g. -k recompute). CHAOS_SEED=N repeats the delay of
# the randomly timed kill of a previous run (each run draws one and records it).
#
#   scripts/chaos.sh --cleanup DB   removes what a run on DB left if it was itself
#                                   killed: its server, databases DB and DB_*, its
#                                   data directory (the tests clean up after
#                                   themselves otherwise)
set -uo pipefail
# shellcheck source=scripts/_env.sh
source "$(dirname "${BASH_SOURCE[0]}")/_env.sh"
cd "$REPO_ROOT" || exit 2

chaos_cleanup() {
    local db=$1 dir="$REPO_ROOT/out/chaos/$1" pid name
    [[ $db =~ ^chaos_[0-9]+$ ]] || die "refusing to clean up '$db': not chaos_<pid>"
    if [ -f "$dir/server.pid" ]; then
        pid=$(cat "$dir/server.pid")
        # only the server of this run: its command line names this data directory
        if [[ $pid =~ ^[0-9]+$ ]] && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null |
            grep -qF -- "--data-dir=$dir "; then
            kill -9 "$pid" 2>/dev/null || true
        fi
    fi
    for name in $(psql -X -At -c "select datname from pg_database
            where datname ~ '^${db}(_[a-z0-9]+)?\$'" postgres); do
        dropdb --if-exists --force "$name" || echo "could not drop database $name" >&2
    done
    rm -rf "$dir"
    rmdir "$REPO_ROOT/out/chaos" 2>/dev/null || true
}

if [ "${1:-}" = --cleanup ]; then
    [ $# -eq 2 ] || die "usage: scripts/chaos.sh --cleanup chaos_<pid>"
    chaos_cleanup "$2"
    exit 0
fi

use_odoo_pythonpath || die "Odoo 18 is not importable (run scripts/check_env.sh)"
CHAOS_ADDONS_PATH=$(odoo_addons_path) || exit 1
CHAOS_DB="chaos_$$"
export CHAOS_ADDONS_PATH CHAOS_DB
mkdir -p "$LOG_DIR"
trap 'chaos_cleanup "$CHAOS_DB"' EXIT
trap 'exit 130' INT TERM

t0=$SECONDS
# shellcheck disable=SC2086  # PYTHON may carry interpreter flags
$PYTHON -m pytest -v -rA --junitxml="$LOG_DIR/pytest_chaos.xml" tests/chaos "$@"
rc=$?
echo "fault tests: $((SECONDS - t0)) s wall; server log $LOG_DIR/chaos_server.log"
exit "$rc"
