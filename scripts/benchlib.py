"""Shared set-up of the Odoo benchmarks (scripts/bench_*.py): a fresh database
with the addons installed, and a superuser environment on it.

The benchmarks print figures; they never assert timings (targets are printed
next to the figures)."""

import contextlib
import os
import subprocess
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ODOO = os.path.join(REPO, "scripts", "odoo")


def addons_path():
    """The project's --addons-path, as scripts/_env.sh computes it."""
    return subprocess.run(
        ["bash", "-c", f"source {REPO}/scripts/_env.sh && odoo_addons_path"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()


def fresh_database(name, modules="cciaa_performance"):
    """Drop and create ``name`` (a cciaa_bench_* database) with ``modules``
    installed."""
    if not name.startswith("cciaa_bench_"):
        sys.exit(
            f"refusing to touch database {name}: benchmarks own cciaa_bench_* only"
        )
    subprocess.run(["dropdb", "--if-exists", "--force", name], check=True)
    subprocess.run(
        [
            ODOO,
            "-d",
            name,
            f"--addons-path={addons_path()}",
            "-i",
            modules,
            "--without-demo=all",
            "--stop-after-init",
            "--log-level=warn",
        ],
        check=True,
        stderr=subprocess.DEVNULL,
    )


def drop_database(name):
    subprocess.run(["dropdb", "--if-exists", "--force", name], check=True)


@contextlib.contextmanager
def odoo_env(database, commit=False):
    """Superuser environment on ``database``; rolled back unless ``commit``."""
    import odoo
    import odoo.modules.registry
    from odoo.tools import config

    config.parse_config(
        [f"--database={database}", f"--addons-path={addons_path()}", "--log-level=warn"]
    )
    registry = odoo.modules.registry.Registry(database)
    with registry.cursor() as cr:
        yield odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        if commit:
            cr.commit()  # a benchmark's set-up, not business code
        else:
            cr.rollback()
