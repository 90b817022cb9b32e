"""Render the Relazione sulla performance and the Piano della performance of one
cycle as PDF and XLSX files (relazione_performance_<year>.pdf/.xlsx,
piano_performance_<year>.pdf/.xlsx).

    python3 scripts/print_relazione.py --database DB --addons-path PATHS \
        --url http://localhost:8069 --year 2019 --out-dir out

wkhtmltopdf fetches the report's CSS from ``report.url``: an Odoo server must be
answering at --url while this runs (scripts/demo.sh starts one first).
"""

import argparse
import os

from load_dataset import fail, odoo_env, require, require_model

PDF_REPORT = "cciaa_performance_report.action_report_relazione"
XLSX_REPORT = "cciaa_performance_report.action_report_relazione_xlsx"
PIANO_PDF_REPORT = "cciaa_performance_report.action_report_piano"
PIANO_XLSX_REPORT = "cciaa_performance_report.action_report_piano_xlsx"


def find_relazione(env, year):
    cycles = require_model(env, "cciaa.performance.cycle")
    relazioni = require_model(env, "cciaa.performance.relazione")
    for model, field in ((cycles, "year"), (relazioni, "cycle_id")):
        if field not in model._fields:
            fail(f"field {model._name}.{field} does not exist yet")
    cycle = cycles.search([("year", "=", year)], limit=1)
    if not cycle:
        fail(f"no cciaa.performance.cycle for year {year}: load the data set first")
    relazione = relazioni.search([("cycle_id", "=", cycle.id)], limit=1)
    if not relazione:
        require(cycle, "action_open_relazione")()
        relazione = relazioni.search([("cycle_id", "=", cycle.id)], limit=1)
    if not relazione:
        fail(f"{cycle.display_name}: action_open_relazione() created no relazione")
    return relazione


def report_action(env, xmlid):
    action = env.ref(xmlid, raise_if_not_found=False)
    if not action:
        fail(f"report action {xmlid} does not exist yet")
    return action


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", required=True)
    parser.add_argument("--addons-path", required=True)
    parser.add_argument("--url", required=True, help="URL of the running Odoo server")
    parser.add_argument("--year", type=int, default=2019)
    parser.add_argument("--out-dir", default="out")
    args = parser.parse_args(argv)
    os.makedirs(args.out_dir, exist_ok=True)
    stem = os.path.join(args.out_dir, f"relazione_performance_{args.year}")
    piano_stem = os.path.join(args.out_dir, f"piano_performance_{args.year}")

    with odoo_env(args.database, args.addons_path) as env:
        env["ir.config_parameter"].set_param("report.url", args.url)
        relazione = find_relazione(env, args.year)
        reports = env["ir.actions.report"]
        pdf_action = report_action(env, PDF_REPORT)
        xlsx_action = report_action(env, XLSX_REPORT)
        if not hasattr(reports, "_render_xlsx"):
            fail("ir.actions.report._render_xlsx() missing: is report_xlsx installed?")
        # report.url must be visible to the server wkhtmltopdf talks to
        env.cr.commit()
        pdf, _fmt = reports._render_qweb_pdf(pdf_action, relazione.ids)
        xlsx, _fmt = reports._render_xlsx(xlsx_action, relazione.ids, None)
        cycle = relazione.cycle_id
        piano_pdf, _fmt = reports._render_qweb_pdf(
            report_action(env, PIANO_PDF_REPORT), cycle.ids
        )
        piano_xlsx, _fmt = reports._render_xlsx(
            report_action(env, PIANO_XLSX_REPORT), cycle.ids, None
        )
    for path, content in (
        (stem + ".pdf", pdf),
        (stem + ".xlsx", xlsx),
        (piano_stem + ".pdf", piano_pdf),
        (piano_stem + ".xlsx", piano_xlsx),
    ):
        with open(path, "wb") as out:
            out.write(content)
        print(f"Wrote {path} ({len(content)} bytes)")


if __name__ == "__main__":
    main()
