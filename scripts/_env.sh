# shellcheck shell=bash
# Sourced by the other scripts (not run on its own): paths, Odoo discovery, database guards.

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PYTHON=${PYTHON:-python3}
ODOO="$REPO_ROOT/scripts/odoo"
OUT_DIR="$REPO_ROOT/out"
LOG_DIR="$OUT_DIR/logs"
ADDONS="cciaa_performance,cciaa_performance_report"
# the glue addon for OCA queue_job (scale-out, docs/DEPLOY.md): installed with the two
# others where queue_job is installed (add_queue_addon below)
QUEUE_ADDON="cciaa_performance_queue"
# the real 2019 data set, shipped inside the base addon (its README.md describes it)
DATASET_2019="$REPO_ROOT/cciaa_performance/datasets/massa_carrara_2019"

die() {
    echo "ERROR: $*" >&2
    exit 1
}

# An editable (PEP 660) install of Odoo plus pip-installed OCA addons leaves a plain
# site-packages/odoo/addons directory; `import odoo` then finds that empty namespace
# package instead of the real one (only the submodules such as odoo.release still
# resolve). Putting the directory that holds the real odoo/ package first on
# PYTHONPATH makes the real package win; for a regular install it changes nothing.
use_odoo_pythonpath() {
    [ -n "${CCIAA_ODOO_ROOT:-}" ] && return 0
    # shellcheck disable=SC2086  # PYTHON may carry interpreter flags
    CCIAA_ODOO_ROOT=$($PYTHON -c 'import os, odoo.release as r
print(os.path.dirname(os.path.dirname(os.path.abspath(r.__file__))))' 2>/dev/null) || return 1
    export CCIAA_ODOO_ROOT
    export PYTHONPATH="$CCIAA_ODOO_ROOT${PYTHONPATH:+:$PYTHONPATH}"
}

# (Call use_odoo_pythonpath in the calling shell first: $(...) runs in a subshell.)
# Odoo's own addons, pip-installed OCA addons (site-packages/odoo/addons) and this
# repository, as a comma-separated --addons-path. Stops when report_xlsx is missing.
odoo_addons_path() {
    use_odoo_pythonpath || die "Odoo 18 is not importable (run scripts/check_env.sh)"
    local paths
    # shellcheck disable=SC2086
    paths=$($PYTHON - "$REPO_ROOT" <<'PY'
import glob
import os
import sys

import odoo.addons

def has_addons(path):
    return bool(glob.glob(os.path.join(path, "*", "__manifest__.py")))

root = os.path.dirname(os.path.dirname(os.path.abspath(odoo.addons.__path__[0])))
candidates = [*odoo.addons.__path__, os.path.join(root, "addons"), sys.argv[1]]
seen = []
for path in map(os.path.realpath, candidates):
    if path not in seen and os.path.isdir(path) and has_addons(path):
        seen.append(path)
print(",".join(seen))
PY
) || die "could not compute the Odoo addons path"
    local p found=
    IFS=, read -r -a _parts <<<"$paths"
    for p in "${_parts[@]}"; do
        [ -f "$p/report_xlsx/__manifest__.py" ] && found=1
    done
    [ -n "$found" ] || die "OCA addon report_xlsx not found in the addons path ($paths).
Install it with: $PYTHON -m pip install 'odoo-addon-report_xlsx==18.0.*'  (or: make setup)"
    echo "$paths"
}

# Appends $QUEUE_ADDON to ADDONS when Python finds OCA queue_job (requirements.txt
# installs it); without it the two addons are complete and the scripts say so.
# (Call use_odoo_pythonpath in the calling shell first.)
add_queue_addon() {
    # shellcheck disable=SC2086
    if $PYTHON -c 'import importlib.util, sys
sys.exit(importlib.util.find_spec("odoo.addons.queue_job") is None)' 2>/dev/null; then
        [[ ",$ADDONS," == *",$QUEUE_ADDON,"* ]] || ADDONS="$ADDONS,$QUEUE_ADDON"
    else
        echo "note: OCA queue_job is not installed, $QUEUE_ADDON is left out" \
            "(pip install -r requirements.txt)" >&2
    fi
}

# --test-tags selecting the tests of every addon in ADDONS: /a,/b,...
addons_test_tags() {
    sed 's#[^,]\{1,\}#/&#g' <<<"$ADDONS"
}

# Only databases this project owns may be created or dropped by the scripts.
check_db_name() {
    [[ "$1" =~ ^(cciaa_demo|cciaa_test_[A-Za-z0-9_]+|cciaa_e2e_[A-Za-z0-9_]+|cciaa_bench_[A-Za-z0-9_]+)$ ]] ||
        die "refusing to touch database '$1': not one of cciaa_demo, cciaa_test_*, cciaa_e2e_*, cciaa_bench_*"
}

db_exists() {
    [ "$(psql -X -At -c "select 1 from pg_database where datname = '$1'" postgres)" = 1 ]
}

# Drops the database and its filestore (Odoo's `db drop`), if it exists.
drop_db() {
    check_db_name "$1"
    if db_exists "$1"; then
        "$ODOO" db drop "$1" >/dev/null 2>&1 || dropdb "$1" || die "could not drop database $1"
    fi
}

create_db() {
    check_db_name "$1"
    drop_db "$1"
    createdb -E UTF8 -T template0 --lc-collate=C "$1" || die "could not create database $1"
}

free_port() {
    # shellcheck disable=SC2086
    $PYTHON -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])'
}

# Lines of an Odoo log that are warnings or worse, in Odoo's own record format
# (not the root-user notice or docutils' "(WARNING/2)" lines, which are no records).
odoo_bad_lines() {
    grep -E '^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2},[0-9]+ [0-9]+ (WARNING|ERROR|CRITICAL) ' "$1"
}

# install_addons DB LOGFILE [extra odoo options]: installs both addons (no demo data)
# on DB, Odoo's output to LOGFILE; returns Odoo's exit status.
install_addons() {
    local db=$1 log=$2
    shift 2
    check_db_name "$db"
    mkdir -p "$(dirname "$log")"
    "$ODOO" --database="$db" --addons-path="$ADDONS_PATH" --init="$ADDONS" \
        --without-demo=all --http-port="$(free_port)" --stop-after-init "$@" >"$log" 2>&1
}

# wkhtmltopdf (Qt) warns on stderr when XDG_RUNTIME_DIR is unset, and Odoo logs
# that as a WARNING record: give it a private runtime directory.
if [ -z "${XDG_RUNTIME_DIR:-}" ]; then
    export XDG_RUNTIME_DIR="/tmp/runtime-$(id -u)"
    mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
fi
