#!/usr/bin/env bash
# make setup: installs the project's Python dependencies, then checks that Odoo 18 and
# the OCA addon report_xlsx are found (scripts/check_env.sh has run before).
set -euo pipefail
# shellcheck source=scripts/_env.sh
source "$(dirname "${BASH_SOURCE[0]}")/_env.sh"
cd "$REPO_ROOT"
# shellcheck disable=SC2086
$PYTHON -m pip install -r requirements.txt
use_odoo_pythonpath || die "Odoo 18 is not importable (run scripts/check_env.sh)"
addons_path=$(odoo_addons_path)
# shellcheck disable=SC2086
version=$($PYTHON -c 'import odoo.release; print(odoo.release.version)')
echo "Odoo $version importable; addons path: $addons_path"
for tool in wkhtmltopdf pdftotext chromium; do
    command -v "$tool" >/dev/null ||
        echo "note: $tool not found (Debian: apt install wkhtmltopdf poppler-utils chromium chromium-driver)"
done
