#!/usr/bin/env bash
# Compose service "init": the demo database, made once before the "odoo" service
# serves, as `make demo` makes it (scripts/demo.sh): cciaa_demo with the addons
# (Italian loaded, no demo data), admin / admin in Italian, the 2019 data set imported
# and recomputed by the repository's loader (scripts/load_dataset.py). A database that
# already holds a cycle is kept as it is (restarts do not reload it); a half-made one
# is dropped and made again. Runs in the project image (docker/Dockerfile) with the
# repository mounted on /opt/cciaa and docker/odoo.conf as Odoo's configuration.
set -euo pipefail
DB=${DB:-cciaa_demo}
REPO=${REPO:-/opt/cciaa}
CONF=${ODOO_RC:-/etc/odoo/odoo.conf}
ADDONS=cciaa_performance,cciaa_performance_report,cciaa_performance_queue
# docker/odoo.conf: db_host, db_user, db_password, addons_path
conf() { sed -n "s/^$1 *= *//p" "$CONF" | tail -n 1; }
export PGHOST=$(conf db_host) PGPORT=$(conf db_port) PGUSER=$(conf db_user) PGPASSWORD=$(conf db_password)
ADDONS_PATH=$(conf addons_path)

wait-for-psql.py --db_host "$PGHOST" --db_port "${PGPORT:-5432}" --db_user "$PGUSER" \
    --db_password "$PGPASSWORD" --timeout=60

exists=$(psql -X -At -c "select 1 from pg_database where datname = '$DB'" postgres)
if [ "$exists" = 1 ]; then
    cycles=$(psql -X -At -c "select count(*) from cciaa_performance_cycle" "$DB" 2>/dev/null || echo 0)
    if [ "${cycles:-0}" -gt 0 ]; then
        echo "init: $DB already holds the data set, kept as it is"
        exit 0
    fi
    echo "init: $DB is incomplete, made again"
    dropdb "$DB"
fi

echo "init: $DB, installing $ADDONS"
createdb -E UTF8 -T template0 --lc-collate=C "$DB"
odoo --database="$DB" --init="$ADDONS" --without-demo=all --load-language=it_IT \
    --stop-after-init --no-http --log-level=warn

echo "init: admin / admin, in Italian"
odoo shell --database="$DB" --no-http --log-level=warn <<'PY'
admin = env.ref("base.user_admin")
admin.write({"password": "admin", "lang": "it_IT"})
env.cr.commit()
PY

echo "init: the 2019 data set, imported and recomputed"
TZ=UTC python3 "$REPO/scripts/load_dataset.py" --database="$DB" --addons-path="$ADDONS_PATH" \
    "$REPO/cciaa_performance/datasets/massa_carrara_2019"
echo "init: done, $DB is ready"
