#!/usr/bin/env python3
"""Benchmark of the Relazione sulla performance 2019: render time of the PDF.

Creates a fresh database ``cciaa_bench_relazione_<pid>`` with both addons, loads
the 2019 data set (scripts/load_dataset.py), starts an Odoo server for the
report assets, then times: the prepared data (the one provider), the HTML, the
XLSX and the real PDF (one wkhtmltopdf pass; page numbers, index page numbers,
outline, metadata and PDF/A parts added by report/publication_pdf.py).
Target: the PDF in at most 8 s (issue 12). Prints the load average next to it:
the machine is shared. The database is dropped at
the end. ``--database DB`` times an existing database instead (kept).

Usage: python3 scripts/bench_relazione.py [--database DB]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(REPO, "scripts"))
TARGET_SECONDS = 8.0
PDF_REPORT = "cciaa_performance_report.action_report_relazione"
XLSX_REPORT = "cciaa_performance_report.action_report_relazione_xlsx"


def addons_path():
    script = (
        f'source "{REPO}/scripts/_env.sh" && use_odoo_pythonpath && odoo_addons_path'
    )
    return subprocess.run(
        ["bash", "-c", script], check=True, capture_output=True, text=True
    ).stdout.strip()


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def odoo(*args, **kwargs):
    return subprocess.run([os.path.join(REPO, "scripts", "odoo"), *args], **kwargs)


def prepare_database(database, paths):
    subprocess.run(["createdb", "-E", "UTF8", "-T", "template0", database], check=True)
    print(f"installing both addons on {database} ...", flush=True)
    odoo(
        f"--database={database}",
        f"--addons-path={paths}",
        "--init=cciaa_performance,cciaa_performance_report",
        "--without-demo=all",
        f"--http-port={free_port()}",
        "--stop-after-init",
        "--log-level=warn",
        check=True,
        capture_output=True,
    )
    subprocess.run(
        [
            sys.executable,
            os.path.join(REPO, "scripts", "load_dataset.py"),
            f"--database={database}",
            f"--addons-path={paths}",
            os.path.join(REPO, "cciaa_performance", "datasets", "massa_carrara_2019"),
        ],
        check=True,
        capture_output=True,
    )


@contextlib.contextmanager
def server(database, paths):
    port = free_port()
    process = subprocess.Popen(
        [
            os.path.join(REPO, "scripts", "odoo"),
            f"--database={database}",
            f"--db-filter=^{database}$",
            f"--addons-path={paths}",
            f"--http-port={port}",
            "--log-level=warn",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            with contextlib.suppress(OSError):
                urllib.request.urlopen(f"{url}/web/login", timeout=2)
                break
            time.sleep(1)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)


def timed(label, func):
    start = time.perf_counter()
    value = func()
    elapsed = time.perf_counter() - start
    print(f"{label:<42} {elapsed:7.2f} s")
    return value, elapsed


def bench(database, paths, url):
    from load_dataset import odoo_env

    with odoo_env(database, paths) as env:
        env["ir.config_parameter"].set_param("report.url", url)
        env.cr.commit()
        relazione = env["cciaa.performance.relazione"].search(
            [("cycle_id.year", "=", 2019)], limit=1
        )
        provider = env["report.cciaa_performance_report.report_relazione"]
        reports = env["ir.actions.report"]
        timed("prepared data (one provider)", lambda: provider._prepare(relazione))
        timed(
            "HTML (QWeb)", lambda: reports._render_qweb_html(PDF_REPORT, relazione.ids)
        )
        timed(
            "XLSX (report_xlsx)",
            lambda: reports._render_xlsx(XLSX_REPORT, relazione.ids, None),
        )
        (pdf, _fmt), seconds = timed(
            "PDF (wkhtmltopdf, 1 pass, finished)",
            lambda: reports._render_qweb_pdf(PDF_REPORT, relazione.ids),
        )
    load = " / ".join(f"{v:.2f}" for v in os.getloadavg())
    cores = os.cpu_count()
    print(f"relazione pdf: {seconds:.2f} s (load average {load}, {cores} cores)")
    verdict = "OK" if seconds <= TARGET_SECONDS else "SLOWER THAN THE TARGET"
    print(
        f"Relazione 2019: {len(pdf)} bytes, PDF in {seconds:.2f} s "
        f"(target ≤ {TARGET_SECONDS:.0f} s): {verdict}"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", help="an existing database with the 2019 set")
    args = parser.parse_args()
    paths = addons_path()
    database = args.database or f"cciaa_bench_relazione_{os.getpid()}"
    try:
        if not args.database:
            prepare_database(database, paths)
        with server(database, paths) as url:
            bench(database, paths, url)
    finally:
        if not args.database:
            odoo("db", "drop", database, capture_output=True)
            subprocess.run(["dropdb", "--if-exists", database], capture_output=True)


if __name__ == "__main__":
    main()
