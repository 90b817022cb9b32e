"""Real components for the fault tests: a real Odoo server process (scripts/odoo),
real PostgreSQL, real JSON-RPC over HTTP and a real ``kill -9``. Nothing is
mocked; the only help the tests give themselves is an ordinary PostgreSQL
session that holds a lock, as a concurrent user would, so that a kill lands at a
chosen point of a transaction whatever the speed of the machine.

Databases: ``chaos_<pid>`` (the addons installed once, used as a template only)
and its copies ``chaos_<pid>_<name>``; nothing else is created or dropped.
"""

import base64
import io
import os
import re
import shutil
import signal
import socket
import subprocess
import threading
import time
import zipfile

import psycopg2
import requests

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ODOO = os.path.join(REPO, "scripts", "odoo")
LOG_DIR = os.path.join(REPO, "out", "logs")
SERVER_LOG = os.path.join(LOG_DIR, "chaos_server.log")
INSTALL_LOG = os.path.join(LOG_DIR, "chaos_install.log")
DATASET = os.path.join(REPO, "cciaa_performance", "datasets", "massa_carrara_2019")
ADDONS = "cciaa_performance,cciaa_performance_report"
ADMIN = ("admin", "admin")  # base's user_admin, password "admin" (no demo data)
DB_NAME = re.compile(r"^chaos_[0-9]+(_[a-z0-9]+)?$")
HTTP_TIMEOUT = (5, 120)  # connect, read: every HTTP call has both


def check_db_name(name):
    if not DB_NAME.match(name):
        raise ValueError(f"refusing to touch database {name!r}: not chaos_<pid>[_x]")
    return name


def addons_path():
    """The --addons-path scripts/_env.sh computes (or $CHAOS_ADDONS_PATH)."""
    if os.environ.get("CHAOS_ADDONS_PATH"):
        return os.environ["CHAOS_ADDONS_PATH"]
    return subprocess.run(
        ["bash", "-c", f'source "{REPO}/scripts/_env.sh" && odoo_addons_path'],
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    ).stdout.strip()


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def port_in_use(port):
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


# -- PostgreSQL -------------------------------------------------------------


def connect(db):
    """An autocommit connection (local socket, as Odoo's)."""
    conn = psycopg2.connect(dbname=db)
    conn.autocommit = True
    return conn


def fetchall(conn, query, params=None):
    with conn.cursor() as cr:
        cr.execute(query, params)
        return cr.fetchall()


def fetchone(conn, query, params=None):
    rows = fetchall(conn, query, params)
    return rows[0] if rows else None


def database_exists(name):
    conn = connect("postgres")
    try:
        return bool(
            fetchone(conn, "SELECT 1 FROM pg_database WHERE datname = %s", [name])
        )
    finally:
        conn.close()


def drop_database(name, data_dir=None):
    check_db_name(name)
    subprocess.run(
        ["dropdb", "--if-exists", "--force", name],
        check=True,
        capture_output=True,
        timeout=120,
    )
    if data_dir:
        shutil.rmtree(os.path.join(data_dir, "filestore", name), ignore_errors=True)


def create_database(name):
    """Empty, as scripts/_env.sh's create_db makes them."""
    check_db_name(name)
    drop_database(name)
    subprocess.run(
        ["createdb", "-E", "UTF8", "-T", "template0", "--lc-collate=C", name],
        check=True,
        capture_output=True,
        timeout=120,
    )


def clone_database(template, name, data_dir):
    """A copy of ``template`` (no connection to it may be open) and its filestore."""
    check_db_name(template)
    check_db_name(name)
    drop_database(name, data_dir)
    subprocess.run(
        ["createdb", "-T", template, name], check=True, capture_output=True, timeout=120
    )
    source = os.path.join(data_dir, "filestore", template)
    if os.path.isdir(source):
        shutil.copytree(source, os.path.join(data_dir, "filestore", name))


def install(db, data_dir, log_path):
    """Both addons, no demo data, on a new database ``db``; raises on failure."""
    create_database(db)
    with open(log_path, "wb") as log:
        rc = subprocess.run(
            [
                ODOO,
                f"--database={db}",
                f"--addons-path={addons_path()}",
                f"--data-dir={data_dir}",
                f"--init={ADDONS}",
                "--without-demo=all",
                f"--http-port={free_port()}",
                "--log-level=warn",
                "--stop-after-init",
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
            timeout=900,
            check=False,
        ).returncode
    if rc:
        with open(log_path, encoding="utf-8", errors="replace") as log:
            tail = log.read()[-3000:]
        raise RuntimeError(f"installing {ADDONS} on {db} failed ({rc}):\n{tail}")


def other_backends(conn, db):
    """(pid, state, wait_event_type, has_xid, query) of the sessions on ``db``
    other than this connection's."""
    return fetchall(
        conn,
        "SELECT pid, state, wait_event_type, backend_xid IS NOT NULL, query "
        "FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
        [db],
    )


def wait_for(predicate, timeout, what, interval=0.005):
    """Poll ``predicate`` until it returns a true value; return it."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(interval)


def wait_blocked(conn, db, query_prefix, count=1, timeout=60, calls=()):
    """Wait until ``count`` sessions on ``db`` wait on a lock in a statement that
    starts with ``query_prefix``; return their pids. Stops at once when one of
    ``calls`` (the requests expected to block) has already returned."""

    def blocked():
        for call in calls:
            if call.outcome is not None:
                raise AssertionError(
                    f"{call.model}.{call.method} returned instead of blocking: "
                    f"{call.outcome}"
                )
        pids = [
            pid
            for pid, _state, wait, _xid, query in other_backends(conn, db)
            if wait == "Lock" and query.lstrip().startswith(query_prefix)
        ]
        return pids if len(pids) >= count else None

    return wait_for(blocked, timeout, f"{count} session(s) blocked in {query_prefix}")


def wait_no_backends(db, keep=(), timeout=60):
    """Wait until no session is left on ``db`` but the pids in ``keep``: the
    sessions of a killed server end when PostgreSQL sees their client gone."""
    conn = connect("postgres")
    try:
        wait_for(
            lambda: not [row for row in other_backends(conn, db) if row[0] not in keep],
            timeout,
            f"the sessions of the killed server on {db} to end",
            interval=0.05,
        )
    finally:
        conn.close()


# -- the Odoo server ----------------------------------------------------------


class OdooServer:
    """``scripts/odoo`` serving the databases ``^<prefix>``, threaded
    (--workers=0), no cron threads (nothing runs that the test did not ask
    for), its output appended to out/logs/chaos_server.log."""

    def __init__(self, port, db_prefix, data_dir):
        self.port = port
        self.db_prefix = db_prefix
        self.data_dir = data_dir
        self.url = f"http://127.0.0.1:{port}"
        self.proc = None
        self.starts = 0

    def note(self, text):
        """A line of ours in the log (not an Odoo record: never counted)."""
        with open(SERVER_LOG, "a", encoding="utf-8") as log:
            log.write(f"=== chaos: {text}\n")

    def start(self, timeout=120):
        if port_in_use(self.port):
            raise RuntimeError(
                f"port {self.port} is in use: stop what listens there or set "
                "CHAOS_PORT to a free port"
            )
        self.starts += 1
        self.note(f"server start #{self.starts}")
        log = open(SERVER_LOG, "ab")  # noqa: SIM115 - the child keeps it open
        try:
            self.proc = subprocess.Popen(
                [
                    ODOO,
                    f"--addons-path={addons_path()}",
                    f"--data-dir={self.data_dir}",
                    f"--db-filter=^{re.escape(self.db_prefix)}",
                    "--http-interface=127.0.0.1",
                    f"--http-port={self.port}",
                    "--workers=0",
                    "--max-cron-threads=0",
                    "--log-level=info",
                ],
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        finally:
            log.close()
        # for scripts/chaos.sh --cleanup, should this process be killed itself
        with open(os.path.join(self.data_dir, "server.pid"), "w") as pidfile:
            pidfile.write(f"{self.proc.pid}\n")
        started = time.monotonic()
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(
                    f"the Odoo server exited with {self.proc.returncode} while "
                    f"starting; see {SERVER_LOG}"
                )
            try:
                requests.post(
                    f"{self.url}/web/webclient/version_info",
                    json={"jsonrpc": "2.0", "method": "call", "params": {}},
                    timeout=(1, 5),
                ).raise_for_status()
                return time.monotonic() - started
            except requests.RequestException:
                if time.monotonic() - started > timeout:
                    self.stop()
                    raise RuntimeError(
                        f"the Odoo server did not answer on port {self.port} within "
                        f"{timeout} s; see {SERVER_LOG}"
                    ) from None
                time.sleep(0.2)

    @property
    def pid(self):
        return self.proc.pid

    def kill9(self):
        """kill -9 of the server process (scripts/odoo execs Python: the pid is
        Odoo's own)."""
        self.note(f"kill -9 of pid {self.proc.pid}")
        os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=30)

    def stop(self):
        if not self.proc or self.proc.poll() is not None:
            return
        self.note(f"stop (SIGTERM) of pid {self.proc.pid}")
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.kill(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=30)


def log_size():
    try:
        return os.path.getsize(SERVER_LOG)
    except OSError:
        return 0


RECORD = re.compile(
    r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2},\d+ \d+ "
    r"(?P<level>[A-Z]+) \S+ (?P<logger>\S+):"
)
SERIALIZATION = "could not serialize access due to concurrent update"
RETRY = re.compile(r"SERIALIZATION_FAILURE, \d+ tries left")


def log_records(since):
    """The Odoo log records written since offset ``since``, as (level, text),
    continuation lines (tracebacks, the SQL error) joined to their record."""
    with open(SERVER_LOG, encoding="utf-8", errors="replace") as log:
        log.seek(since)
        text = log.read()
    records = []
    for line in text.splitlines():
        match = RECORD.match(line)
        if match:
            records.append([match["level"], line])
        elif records and not line.startswith("=== chaos:"):
            records[-1][1] += "\n" + line
    return [(level, body) for level, body in records]


def log_problems(since, allow_serialization=False):
    """What the log holds since ``since`` that a test must not cause: every
    ERROR or CRITICAL record, except, when ``allow_serialization``, Odoo's own
    report of a serialization failure that it then retried (odoo.sql_db logs
    the failed UPDATE at ERROR, odoo.service.model the retry at INFO): one retry
    per such failure, and no "maximum number of tries reached"."""
    records = log_records(since)
    problems = []
    failures = 0
    for level, body in records:
        if "maximum number of tries reached" in body:
            problems.append(body)
        if level not in ("ERROR", "CRITICAL"):
            continue
        retried = "odoo.sql_db: bad query" in body and SERIALIZATION in body
        if allow_serialization and retried:
            failures += 1
            continue
        problems.append(body)
    retries = sum(1 for _level, body in records if RETRY.search(body))
    if failures != retries:
        problems.append(
            f"{failures} serialization failures logged but {retries} retries"
        )
    return problems, retries


# -- JSON-RPC -------------------------------------------------------------------


class RpcError(Exception):
    def __init__(self, error):
        data = error.get("data") or {}
        super().__init__(data.get("message") or error.get("message") or repr(error))
        self.name = data.get("name", "")
        self.error = error


class Rpc:
    """One browser-like session: /web/session/authenticate, then
    /web/dataset/call_kw, cookies kept; a timeout on every call."""

    def __init__(self, server, db, login, password):
        self.url = server.url
        self.db = db
        self.login = login
        self.http = requests.Session()
        self.uid = self._post(
            "/web/session/authenticate",
            {"db": db, "login": login, "password": password},
        )["uid"]
        if not self.uid:
            raise RuntimeError(f"cannot log in as {login} on {db}")

    def _post(self, path, params):
        response = self.http.post(
            f"{self.url}{path}",
            json={"jsonrpc": "2.0", "method": "call", "id": 1, "params": params},
            timeout=HTTP_TIMEOUT,
        )
        response.raise_for_status()  # an HTTP 500 is a failure, never retried here
        body = response.json()
        if "error" in body:
            raise RpcError(body["error"])
        return body["result"]

    def call(self, model, method, *args, **kwargs):
        return self._post(
            "/web/dataset/call_kw",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )

    def close(self):
        self.http.close()


class Call(threading.Thread):
    """``rpc.call(...)`` in a thread; ``outcome`` is ("ok", result) or
    ("error", exception). With a ``barrier``, the threads sharing it send their
    requests at the same moment."""

    barrier = None

    def __init__(self, rpc, model, method, *args, **kwargs):
        super().__init__(daemon=True)
        self.rpc, self.model, self.method = rpc, model, method
        self.args, self.kwargs = args, kwargs
        self.outcome = None

    def run(self):
        try:
            if self.barrier is not None:
                self.barrier.wait(30)
            result = self.rpc.call(self.model, self.method, *self.args, **self.kwargs)
            self.outcome = ("ok", result)
        except Exception as error:  # noqa: BLE001 - reported to the test
            self.outcome = ("error", error)

    def result(self, timeout=120):
        self.join(timeout)
        if self.is_alive():
            raise TimeoutError(f"{self.model}.{self.method} did not return")
        kind, value = self.outcome
        if kind == "error":
            raise value
        return value


# -- the 2019 data set and its checks ---------------------------------------------


def dataset_zip():
    """The 2019 data set as the wizard's upload: a .zip of its CSV sheets."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(os.listdir(DATASET)):
            path = os.path.join(DATASET, name)
            if name.endswith(".csv") and os.path.isfile(path):
                archive.write(path, name)
    return base64.b64encode(buffer.getvalue()).decode()


def new_import_wizard(rpc, upload):
    return rpc.call(
        "cciaa.performance.import.wizard",
        "create",
        {"file": upload, "filename": "massa_carrara_2019.zip"},
    )


def read_wizard(rpc, wizard_id):
    [wizard] = rpc.call(
        "cciaa.performance.import.wizard",
        "read",
        [wizard_id],
        ["state", "cycle_id", "report"],
    )
    return wizard


# Tables an import writes to, besides every table of the addons; their row
# counts must be those before the import or those after a whole one.
OTHER_TABLES = (
    "res_company",
    "res_company_users_rel",
    "res_partner",
    "hr_department",
    "hr_employee",
    "resource_resource",
)


def persistent_tables(conn):
    """The addons' tables (the wizards' transient ones excepted) and
    OTHER_TABLES."""
    transient = {
        model.replace(".", "_")
        for (model,) in fetchall(
            conn, "SELECT model FROM ir_model WHERE transient AND model LIKE 'cciaa.%'"
        )
    }
    ours = [
        name
        for (name,) in fetchall(
            conn,
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = 'public' AND table_type = 'BASE TABLE' "
            "AND table_name LIKE 'cciaa%%' ORDER BY table_name",
        )
        if not any(name == t or name.startswith(t + "_") for t in transient)
    ]
    return [*ours, *OTHER_TABLES]


def table_counts(conn):
    """{table: rows}, plus the chatter of the addons' records."""
    counts = {
        table: fetchone(conn, f'SELECT count(*) FROM "{table}"')[0]
        for table in persistent_tables(conn)
    }
    for table, column in (
        ("mail_message", "model"),
        ("mail_followers", "res_model"),
    ):
        counts[f"{table}[cciaa.*]"] = fetchone(
            conn, f"SELECT count(*) FROM {table} WHERE {column} LIKE 'cciaa.%%'"
        )[0]
    return counts


def orphans(conn):
    """Rows whose stored many2one or many2many points to no row, for every
    field of the addons' models and of departments and employees: the
    foreign keys should make this empty, this reads the data itself."""
    fields = fetchall(
        conn,
        "SELECT model, name, ttype, relation, relation_table, column1, column2 "
        "FROM ir_model_fields WHERE store AND ttype IN ('many2one', 'many2many') "
        "AND (model LIKE 'cciaa.performance.%%' "
        "     OR model IN ('hr.department', 'hr.employee'))",
    )
    tables = {
        name
        for (name,) in fetchall(
            conn,
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = 'public' AND table_type = 'BASE TABLE'",
        )
    }
    found = []
    for model, name, ttype, relation, rel_table, col1, col2 in fields:
        table, target = model.replace(".", "_"), (relation or "").replace(".", "_")
        if table not in tables or target not in tables:
            continue  # a view (hr.employee.public...) or an abstract model
        if ttype == "many2one":
            checks = [(table, name, target)]
        elif rel_table in tables:
            checks = [(rel_table, col1, table), (rel_table, col2, target)]
        else:
            continue
        for source, column, pointed in checks:
            if not fetchone(
                conn,
                "SELECT 1 FROM information_schema.columns "
                "WHERE table_name = %s AND column_name = %s",
                [source, column],
            ):
                continue
            count = fetchone(
                conn,
                f'SELECT count(*) FROM "{source}" s WHERE s."{column}" IS NOT NULL '
                f'AND NOT EXISTS (SELECT 1 FROM "{pointed}" p '
                f'WHERE p.id = s."{column}")',
            )[0]
            if count:
                found.append(f"{count} rows of {source}.{column} -> missing {pointed}")
    return found


# The stored figures of a result (what screens, PDF and XLSX show) and the
# key that names one figure; ids are compared only within one database.
RESULT_KEY = ("quarter", "level", "code", "unit_code")
RESULT_VALUES = (
    "result_value",
    "result_date",
    "achievement",
    "score",
    "computed_score",
    "evaluable",
    "reason",
    "status",
    "overridden",
    "override_motivation",
    "weight",
    "share_parent",
    "share_ente",
    "explanation_data",
)
RESULT_LINKS = (
    "indicator_id",
    "department_id",
    "operational_id",
    "strategic_id",
    "area_id",
    "input_digest",
)


def results(conn, cycle_id, links=True):
    """{id: {column: value}} of the stored results of a cycle."""
    columns = (*RESULT_KEY, *RESULT_VALUES, *(RESULT_LINKS if links else ()))
    select = ", ".join(f'"{c}"' for c in columns)
    rows = fetchall(
        conn,
        f"SELECT id, {select} FROM cciaa_performance_result WHERE cycle_id = %s",
        [cycle_id],
    )
    return {row[0]: dict(zip(columns, row[1:], strict=True)) for row in rows}


def by_key(stored):
    """The figures of ``results()`` keyed by (quarter, level, code, unit),
    without their ids; the key must be unique."""
    keyed = {}
    for row in stored.values():
        key = tuple(row[k] for k in RESULT_KEY)
        if key in keyed:
            raise AssertionError(f"two stored results for {key}")
        keyed[key] = {k: v for k, v in row.items() if k not in RESULT_KEY}
    return keyed


def diff(expected, actual, limit=5):
    """The first differences between two by_key() dicts, readable."""
    lines = []
    for key in sorted(set(expected) | set(actual), key=repr):
        if expected.get(key) != actual.get(key):
            if key not in actual:
                lines.append(f"missing {key}")
            elif key not in expected:
                lines.append(f"unexpected {key}")
            else:
                changed = {
                    c: (expected[key][c], actual[key][c])
                    for c in expected[key]
                    if expected[key][c] != actual[key].get(c)
                }
                lines.append(f"{key}: {changed}")
    more = f" ... and {len(lines) - limit} more" if len(lines) > limit else ""
    return "; ".join(lines[:limit]) + more
