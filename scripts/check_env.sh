#!/usr/bin/env bash
# Stops at once, with the fix, when Odoo 18 is not importable or PostgreSQL is unreachable.
set -uo pipefail
# shellcheck source=scripts/_env.sh
source "$(dirname "${BASH_SOURCE[0]}")/_env.sh"

how_to_install_odoo() {
    cat >&2 <<'TXT'
Odoo 18 must be importable by python3 (or by $PYTHON if you set it). Any of:
  - official packages: https://nightly.odoo.com (18.0 .deb/.rpm, installs the `odoo` package
    for the system python3);
  - source: git clone -b 18.0 --depth 1 https://github.com/odoo/odoo && pip install -e ./odoo
    (plus the system libraries listed in Odoo's documentation);
  - Docker: see docker/ and the README (the make targets need a native Odoo).
TXT
}

# shellcheck disable=SC2086  # PYTHON may carry interpreter flags
if ! err=$($PYTHON -c 'import odoo, odoo.release; assert odoo.release.version_info[0] == 18, odoo.release.version' 2>&1); then
    echo "ERROR: '$PYTHON' cannot import Odoo 18: ${err##*$'\n'}" >&2
    how_to_install_odoo
    exit 1
fi
# The real package must load, not just odoo.release (see use_odoo_pythonpath).
use_odoo_pythonpath
# shellcheck disable=SC2086
if ! err=$($PYTHON -c 'import odoo, odoo.cli; from odoo import SUPERUSER_ID' 2>&1); then
    echo "ERROR: Odoo 18 was found in $CCIAA_ODOO_ROOT but does not import: ${err##*$'\n'}" >&2
    how_to_install_odoo
    exit 1
fi

command -v psql >/dev/null || die "PostgreSQL not found (no psql): install it, e.g. on Debian as root:
  apt-get install postgresql && service postgresql start && su postgres -c 'createuser -s $(id -un)'
(or only the client, apt-get install postgresql-client, and PGHOST/PGUSER/PGPASSWORD for a server elsewhere)"
if ! err=$(psql -X -q -At -c 'select 1' postgres 2>&1); then
    cat >&2 <<TXT
ERROR: PostgreSQL is unreachable: $err
The scripts connect like psql does, with the standard variables PGHOST, PGPORT, PGUSER,
PGPASSWORD (now: PGHOST=${PGHOST:-<local socket>} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-$(id -un)}).
Start PostgreSQL and give that role CREATEDB (e.g. sudo -u postgres createuser -d $(id -un)),
or set the variables; check with: psql -c 'select 1' postgres
TXT
    exit 1
fi
