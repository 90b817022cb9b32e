#!/usr/bin/env bash
# make demo: database cciaa_demo from scratch with both addons (Italian loaded, no demo
# data), the 2019 data set loaded and recomputed, the Relazione printed to
# out/relazione_performance_2019.pdf and .xlsx and the Piano to
# out/piano_performance_2019.pdf and .xlsx, then Odoo served on http://localhost:$PORT
# (login admin/admin). SERVE=0 stops after printing.
set -euo pipefail
# shellcheck source=scripts/_env.sh
source "$(dirname "${BASH_SOURCE[0]}")/_env.sh"
cd "$REPO_ROOT"
# what pip and (as root) apt can install: only what is missing (quick otherwise)
"$REPO_ROOT/scripts/setup.sh"

DB=cciaa_demo
PORT=${PORT:-8069}
SERVE=${SERVE:-1}
DATASET=${DATASET:-$DATASET_2019}
URL="http://localhost:$PORT"
SERVER_PID=

step() { echo "=== $*"; }

stop_server() {
    if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    SERVER_PID=
}
trap stop_server EXIT
trap 'exit 130' INT TERM

use_odoo_pythonpath || die "Odoo 18 is not importable (run scripts/check_env.sh)"
ADDONS_PATH=$(odoo_addons_path)
add_queue_addon
command -v wkhtmltopdf >/dev/null || die "wkhtmltopdf not found: Odoo prints PDFs with it (Debian: apt install wkhtmltopdf)"
[ -d "$DATASET" ] || die "data set not found: $DATASET"
if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
    die "port $PORT is already in use: stop that server or choose another port (make demo PORT=8070)"
fi
mkdir -p "$LOG_DIR" "$OUT_DIR"

step "Database $DB: create, install $ADDONS (log: out/logs/demo_install.log)"
create_db "$DB"
if ! install_addons "$DB" "$LOG_DIR/demo_install.log" --load-language=it_IT --log-level=info; then
    tail -n 40 "$LOG_DIR/demo_install.log" >&2
    die "installing the addons failed, see out/logs/demo_install.log"
fi
odoo_bad_lines "$LOG_DIR/demo_install.log" || true

step "Admin user: password admin, language Italian"
"$ODOO" shell --database="$DB" --addons-path="$ADDONS_PATH" --log-level=warn --no-http <<'PY'
admin = env.ref("base.user_admin")
admin.write({"password": "admin", "lang": "it_IT"})
env.cr.commit()
PY

step "Data set $DATASET: import and recompute"
# shellcheck disable=SC2086
$PYTHON scripts/load_dataset.py --database="$DB" --addons-path="$ADDONS_PATH" "$DATASET"

step "Odoo server on $URL (log: out/logs/demo_server.log)"
"$ODOO" --database="$DB" --db-filter="^$DB\$" --addons-path="$ADDONS_PATH" \
    --http-port="$PORT" >"$LOG_DIR/demo_server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 120); do
    kill -0 "$SERVER_PID" 2>/dev/null || {
        tail -n 30 "$LOG_DIR/demo_server.log" >&2
        die "the Odoo server stopped, see out/logs/demo_server.log"
    }
    curl -sf -o /dev/null "http://127.0.0.1:$PORT/web/login" && break
    sleep 1
done
curl -sf -o /dev/null "http://127.0.0.1:$PORT/web/login" || die "no answer from $URL/web/login after 120 s"

step "Relazione and Piano 2019: PDF and XLSX in out/"
# shellcheck disable=SC2086
$PYTHON scripts/print_relazione.py --database="$DB" --addons-path="$ADDONS_PATH" \
    --url="$URL" --year=2019 --out-dir="$OUT_DIR"

if [ "$SERVE" = 0 ]; then
    stop_server
    echo "Done: database $DB, out/relazione_performance_2019.pdf and .xlsx, out/piano_performance_2019.pdf and .xlsx (SERVE=0: not serving)"
    exit 0
fi
echo
echo "Odoo is serving $URL  (login: admin / password: admin). Ctrl-C stops it."
echo
tail -n 0 -f --pid="$SERVER_PID" "$LOG_DIR/demo_server.log"
