"""Load a data set into an Odoo database and recompute its cycle.

    python3 scripts/load_dataset.py --database DB --addons-path PATHS FOLDER

Calls ``cciaa.performance.cycle._import_dataset_path(FOLDER)`` (which returns the
cycle), then ``cycle.action_recompute()``, and commits. Stops with a message naming
the model or method when the addons do not provide it yet. Run through
scripts/_env.sh's PYTHONPATH (the make targets do), so that ``import odoo`` works.
"""

import argparse
import contextlib
import os
import sys


def fail(message):
    sys.exit(f"ERROR: {message}")


@contextlib.contextmanager
def odoo_env(database, addons_path, context=None):
    """Superuser env on ``database``: commits on success, rolls back on error."""
    # imported here so that --help works without Odoo
    import odoo
    import odoo.modules.registry
    from odoo.tools import config

    config.parse_config(
        [f"--database={database}", f"--addons-path={addons_path}", "--log-level=warn"]
    )
    registry = odoo.modules.registry.Registry(database)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, context or {})
        yield env
        # a script, not business code: its work is done once this returns
        cr.commit()


def require(records, method):
    """The bound method ``method`` of ``records``, or stop naming what is missing."""
    func = getattr(records, method, None)
    if not callable(func):
        fail(
            f"{records._name}.{method}() does not exist yet: "
            f"the addons do not implement this step"
        )
    return func


def require_model(env, model):
    if model not in env:
        fail(f"model {model} does not exist yet (is its addon installed?)")
    return env[model]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", required=True)
    parser.add_argument("--addons-path", required=True)
    parser.add_argument("folder", help="data set folder (docs/IMPORT_FORMAT.md)")
    args = parser.parse_args(argv)
    folder = os.path.abspath(args.folder)
    if not os.path.isdir(folder):
        fail(f"data set folder not found: {folder}")

    with odoo_env(args.database, args.addons_path) as env:
        from odoo.exceptions import UserError

        cycles = require_model(env, "cciaa.performance.cycle")
        try:
            cycle = require(cycles, "_import_dataset_path")(folder)
        except UserError as error:
            fail(f"the data set {folder} was rejected:\n{error.args[0]}")
        if not cycle:
            fail(f"_import_dataset_path({folder!r}) returned no cycle")
        require(cycle, "action_recompute")()
        print(f"Loaded {folder} into {args.database}: {cycle.display_name}")
        load_relazione_context(env, cycle, os.path.join(folder, "relazione"))


def load_relazione_context(env, cycle, folder):
    """The Relazione's context data (staff, budget, gender, phases, narrative),
    when the data set has a relazione/ folder and the report addon is installed;
    then the Giunta's approval recorded in it (relazione.csv)."""
    if not os.path.isdir(folder) or "cciaa.performance.relazione" not in env:
        return
    from odoo.exceptions import UserError

    cycle.action_open_relazione()
    relazione = env["cciaa.performance.relazione"].search([("cycle_id", "=", cycle.id)])
    relazione._load_context_folder(folder)
    try:
        relazione.action_approve()
    except UserError as error:
        print(f"Relazione left in draft: {error.args[0]}")
    print(f"Loaded {folder}: {relazione.display_name} ({relazione.state})")


if __name__ == "__main__":
    main()
