"""Fixtures of the fault tests (``make chaos``, stage (e) of ``make test``).

Once per run: both addons are installed (no demo data) on ``chaos_<pid>``, which
is then only a template; each database the tests use is a copy of it, served by
one real Odoo server on port 8191 (``$CHAOS_PORT``; a free port when 8191 is
taken and ``$CHAOS_PORT`` is not set) that the tests kill with
``kill -9`` and start again. The server's output goes to
out/logs/chaos_server.log. Whatever happens, the server is stopped and every
``chaos_<pid>*`` database and the run's data directory are removed at the end.

Plain pytest (pytest-odoo is off): the tests talk to Odoo over HTTP only, and
read PostgreSQL directly to check what is stored.
"""

import contextlib
import os
import shutil
import time
import types

import pytest
from chaoslib import (
    ADMIN,
    INSTALL_LOG,
    LOG_DIR,
    REPO,
    SERVER_LOG,
    OdooServer,
    Rpc,
    by_key,
    check_db_name,
    clone_database,
    connect,
    dataset_zip,
    drop_database,
    fetchone,
    free_port,
    install,
    new_import_wizard,
    port_in_use,
    read_wizard,
    results,
    table_counts,
)


class Stage:
    def __init__(self, template, port):
        self.template = check_db_name(template)
        self.data_dir = os.path.join(REPO, "out", "chaos", template)
        self.server = OdooServer(port, f"{template}_", self.data_dir)
        self.databases = []
        self.timings = {}

    def install(self):
        started = time.monotonic()
        shutil.rmtree(self.data_dir, ignore_errors=True)
        os.makedirs(self.data_dir)
        install(self.template, self.data_dir, INSTALL_LOG)
        self.timings["install"] = time.monotonic() - started

    def clone(self, name):
        """A fresh copy ``chaos_<pid>_<name>`` of the installed template."""
        db = check_db_name(f"{self.template}_{name}")
        clone_database(self.template, db, self.data_dir)
        self.databases.append(db)
        return db

    def ensure_server(self):
        if not self.server.proc or self.server.proc.poll() is not None:
            seconds = self.server.start()
            self.timings.setdefault("server starts", []).append(round(seconds, 1))

    def rpc(self, db, login=ADMIN[0], password=ADMIN[1]):
        self.ensure_server()
        return Rpc(self.server, db, login, password)

    def teardown(self):
        """Every step is tried, whatever failed before; the first failure is
        raised at the end."""
        failures = []
        steps = [self.server.stop] + [
            lambda db=db: drop_database(db, self.data_dir)
            for db in [*self.databases, self.template]
        ]
        for step in steps:
            try:
                step()
            except Exception as error:  # noqa: BLE001 - raised below
                failures.append(error)
        shutil.rmtree(self.data_dir, ignore_errors=True)
        with contextlib.suppress(OSError):  # out/chaos, when no other run uses it
            os.rmdir(os.path.dirname(self.data_dir))
        if failures:
            raise failures[0]


@pytest.fixture(scope="session")
def stage(record_testsuite_property):
    template = os.environ.get("CHAOS_DB") or f"chaos_{os.getpid()}"
    os.makedirs(LOG_DIR, exist_ok=True)
    with open(SERVER_LOG, "w", encoding="utf-8"):
        pass  # one log per run
    port = int(os.environ.get("CHAOS_PORT") or 8191)
    if port_in_use(port) and not os.environ.get("CHAOS_PORT"):
        port = free_port()  # another run has 8191: this one uses a free port
    the_stage = Stage(template, port)
    try:
        the_stage.install()
        yield the_stage
    finally:
        the_stage.teardown()
        for name, value in the_stage.timings.items():
            record_testsuite_property(
                name, value if isinstance(value, list) else round(value, 1)
            )


@pytest.fixture(scope="session")
def reference(stage):
    """An uninterrupted import of the 2019 data set through the wizard, over
    RPC, on its own copy ``chaos_<pid>_ref``: what every interrupted import
    must end up equal to. Its row counts before and after, its stored results
    and the cycle's Ente score are taken right after the import; the tests
    after the import tests go on working on this database."""
    db = stage.clone("ref")
    conn = connect(db)  # closed before the tests: a kill waits for every session
    try:
        baseline = table_counts(conn)
        admin = stage.rpc(db)
        upload = dataset_zip()
        wizard_id = new_import_wizard(admin, upload)
        started = time.monotonic()
        admin.call("cciaa.performance.import.wizard", "action_import", [wizard_id])
        seconds = time.monotonic() - started
        wizard = read_wizard(admin, wizard_id)
        assert wizard["state"] == "done", wizard["report"]
        cycle_id = wizard["cycle_id"][0]
        year, company = fetchone(
            conn,
            "SELECT c.year, p.name FROM cciaa_performance_cycle c "
            "JOIN res_company p ON p.id = c.company_id WHERE c.id = %s",
            [cycle_id],
        )
        [cycle] = admin.call(
            "cciaa.performance.cycle",
            "read",
            [cycle_id],
            ["ente_score", "last_quarter"],
        )
        stage.timings["reference import"] = seconds
        return types.SimpleNamespace(
            db=db,
            cycle_id=cycle_id,
            year=year,
            company=company,
            upload=upload,
            import_seconds=seconds,
            baseline=baseline,
            counts=table_counts(conn),
            results=by_key(results(conn, cycle_id, links=False)),
            ente_score=cycle["ente_score"],
            last_quarter=cycle["last_quarter"],
        )
    finally:
        conn.close()
