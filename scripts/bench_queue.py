#!/usr/bin/env python3
"""Benchmark of the national recompute through queue_job (issue 12).

The set-up of ``bench_recompute.py`` (chambers × 300 indicators × 8 units × 3
quadrimesters, 20 chambers by default, ``--chambers 60`` for the national
scale) on ``cciaa_bench_qj_queue``, with ``queue_job`` and
``cciaa_performance_queue`` installed. Then, for 1 and 2 workers, a real Odoo
server (as odoo-bin, ``--workers=N``, ``server_wide_modules =
web,queue_job``, its job runner configured to the server's port with
``[queue_job] channels = root:N``) is started, every cycle in progress is
queued (forced recompute, one job per cycle, as the scheduled action queues
them), and the time until the ``queue_job`` table holds no waiting or running
job of a cycle is measured; then, on a server started the same way, one
office per chamber changes its quadrimester III and the scheduled action
runs (it queues the changed cycles: the hourly run), timed the same way. A
first, untimed run stores the results, so that both timed runs start from
the same stored figures.

Prints the scale, then exactly
``recompute queue_job workers=1: <s> s; workers=2: <s> s; speed-up <x>x``
and the same for the hourly run.
The machine is shared: the load average is printed with the figures. Without
queue_job installed, says so and exits 0.

Usage: ``python3 scripts/bench_queue.py [--chambers N] [--keep] [--reuse]``.
"""

import argparse
import contextlib
import importlib.util
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

import bench_recompute
import psycopg2
from benchlib import REPO, addons_path, drop_database, fresh_database, odoo_env

DATABASE = "cciaa_bench_qj_queue"
MODULES = "cciaa_performance,queue_job,cciaa_performance_queue"
CHAMBERS = 20
WAITING = ("wait_dependencies", "pending", "enqueued", "started")
# queue_job's master lock (jobrunner/runner.py PG_ADVISORY_LOCK_ID), held by a
# job runner for every database it serves: the server is ready to run jobs
RUNNER_LOCK_SQL = """
    SELECT 1 FROM pg_locks l JOIN pg_database d ON d.oid = l.database
     WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
       AND d.datname = %s AND l.classid::bigint = %s AND l.objid::bigint = %s
"""
TIMEOUT = 1800  # seconds for one run, whatever the scale


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def connection():
    """A cursor of its own, outside any transaction (it only polls)."""
    conn = psycopg2.connect(dbname=DATABASE)
    conn.autocommit = True
    try:
        with conn.cursor() as cr:
            yield cr
    finally:
        conn.close()


# Runs Odoo as odoo-bin does. A prefork server respawns its websocket (gevent)
# process as ``python <this file> gevent ...``, so the file must be a real one
# (scripts/odoo runs ``python -c``, which the respawn cannot repeat). Where
# pkg_resources cannot resolve gevent's own requirements (setuptools < 70 does
# not find the normalised dist-info of zope.interface >= 7), gevent's plugin
# loading fails at every start of that process and the server respawns it
# without end, burning a core: the launcher then skips the plugins (gevent's
# only one concerns signals on other systems).
LAUNCHER = """
import os
import sys

os.environ["TZ"] = "UTC"
if {skip_plugins!r} and sys.argv[1:2] == ["gevent"]:
    import gevent.events

    gevent.events.notify_and_call_entry_points = gevent.events.notify
import odoo
import odoo.cli

odoo.cli.main()
"""


def odoo_command(workdir):
    try:
        import pkg_resources

        pkg_resources.require("gevent")
        skip_plugins = False
    except Exception:  # noqa: BLE001 - any failure is the one described above
        skip_plugins = True
    path = os.path.join(workdir, "odoo_server.py")
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(LAUNCHER.format(skip_plugins=skip_plugins))
    return [sys.executable, path]


def _cpu(pid):
    """CPU seconds (user + system) used so far by process ``pid``, 0 if gone."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def cpu_snapshot(session, cr):
    """{pid: CPU seconds} of the server's processes (its session: master,
    workers, job runner) and of the PostgreSQL backends of the database: what
    the recompute costs, apart from what else the shared machine runs."""
    pids = set()
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                if os.getsid(int(name)) == session:
                    pids.add(int(name))
            except OSError:
                pass
    cr.execute("SELECT pid FROM pg_stat_activity WHERE datname = %s", [DATABASE])
    pids.update(pid for (pid,) in cr.fetchall())
    return {pid: _cpu(pid) for pid in pids}


def cpu_used(before, after):
    return sum(cpu - before.get(pid, 0.0) for pid, cpu in after.items())


class Server:
    """An Odoo server with N workers and queue_job's runner, on free ports."""

    def __init__(self, workers, workdir):
        self.workers = workers
        self.port = free_port()
        self.config = os.path.join(workdir, f"odoo_{workers}.conf")
        self.log = os.path.join(REPO, "out", "logs", f"bench_queue_{workers}.log")
        with open(self.config, "w", encoding="utf-8") as handle:
            handle.write(
                "[options]\n"
                f"addons_path = {addons_path()}\n"
                f"db_name = {DATABASE}\n"
                f"dbfilter = ^{DATABASE}$\n"
                f"http_port = {self.port}\n"
                f"gevent_port = {free_port()}\n"
                f"workers = {workers}\n"
                "max_cron_threads = 0\n"
                "server_wide_modules = web,queue_job\n"
                "limit_time_cpu = 600\n"
                "limit_time_real = 1200\n"
                "log_level = warn\n"
                "\n[queue_job]\n"
                f"channels = root:{workers}\n"
                "host = 127.0.0.1\n"
                f"port = {self.port}\n"
            )
        self.workdir = workdir
        self.process = None

    def __enter__(self):
        os.makedirs(os.path.dirname(self.log), exist_ok=True)
        with open(self.log, "w", encoding="utf-8") as log:
            # a session of its own: its workers and job runner stop with it
            self.process = subprocess.Popen(
                [*odoo_command(self.workdir), "-c", self.config],
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self._wait_ready()
        return self

    def _wait_ready(self):
        from odoo.addons.queue_job.jobrunner.runner import PG_ADVISORY_LOCK_ID

        key = (DATABASE, PG_ADVISORY_LOCK_ID >> 32, PG_ADVISORY_LOCK_ID & 0xFFFFFFFF)
        deadline = time.monotonic() + 180
        http = runner = False
        with connection() as cr:
            while time.monotonic() < deadline:
                if self.process.poll() is not None:
                    sys.exit(f"the Odoo server stopped, see {self.log}")
                if not http:
                    try:
                        url = f"http://127.0.0.1:{self.port}/web/login"
                        with urllib.request.urlopen(url, timeout=5) as response:
                            http = response.status == 200
                    except OSError:
                        pass
                cr.execute(RUNNER_LOCK_SQL, key)
                runner = bool(cr.fetchone())
                if http and runner:
                    return
                time.sleep(0.5)
        sys.exit(f"the server is not ready after 180 s (http {http}, runner {runner})")

    def __exit__(self, *exc):
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        except ProcessLookupError:
            pass


def run(env, workers, workdir, hourly=False):
    """On a server with ``workers`` workers: every cycle in progress queued
    (forced), or with ``hourly`` the scheduled action after one office per
    chamber changed (it queues the changed cycles); then wait for the jobs.
    Returns (seconds, jobs, failed, Σ execution time of the jobs, CPU
    seconds)."""
    env.cr.commit()  # no transaction of ours open while the server starts
    with Server(workers, workdir) as server, connection() as watch:
        env.invalidate_all()
        cycles = env["cciaa.performance.cycle"].search([("state", "=", "active")])
        if hourly:
            bench_recompute.change_one_office(env, cycles)
            env.cr.commit()
        cpu_before = cpu_snapshot(server.process.pid, watch)
        started = time.perf_counter()
        if hourly:
            created = env["cciaa.performance.result"]._cron_recompute()
        else:
            created = cycles._enqueue_recompute(force=True)
        env.cr.commit()  # the job runner is notified at commit
        uuids = tuple(
            env["queue.job"]
            .search([("cciaa_cycle_id", "in", cycles.ids)])
            .filtered(lambda j: j.state in WAITING)
            .mapped("uuid")
        )
        assert created == len(cycles) == len(uuids), (created, len(cycles), uuids)
        with connection() as cr:
            while True:
                cr.execute(
                    "SELECT count(*) FILTER (WHERE state = ANY(%s)), "
                    "count(*) FILTER (WHERE state = 'failed'), sum(exec_time) "
                    "FROM queue_job WHERE uuid IN %s",
                    [list(WAITING), uuids],
                )
                waiting, failed, busy = cr.fetchone()
                if not waiting:
                    break
                if time.perf_counter() - started > TIMEOUT:
                    sys.exit(f"{waiting} jobs still waiting after {TIMEOUT} s")
                time.sleep(0.2)
        elapsed = time.perf_counter() - started
        cpu = cpu_used(cpu_before, cpu_snapshot(server.process.pid, watch))
        env.cr.commit()
    return elapsed, len(uuids), failed, busy or 0.0, cpu


def _indicators():
    b = bench_recompute
    strategic = b.AREAS * b.OS_PER_AREA
    return strategic * b.IS_PER_OS + strategic * b.OO_PER_OS * b.IO_PER_OO


def build():
    started = time.perf_counter()
    fresh_database(DATABASE, MODULES)
    print(f"database {DATABASE} created in {time.perf_counter() - started:.0f} s")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chambers", type=int, default=CHAMBERS)
    parser.add_argument("--keep", action="store_true", help="keep the database")
    parser.add_argument("--reuse", action="store_true", help="reuse a kept database")
    args = parser.parse_args()
    if importlib.util.find_spec("odoo.addons.queue_job") is None:
        print("recompute queue_job: skipped, OCA queue_job is not installed")
        return 0
    # bench_recompute's set-up, at this scale (it reads the constant when run)
    bench_recompute.CHAMBERS = args.chambers
    try:
        reuse = args.reuse and bench_recompute.database_exists(DATABASE)
        if not reuse:
            build()
        # one environment for the whole run: Odoo parses its configuration once
        with (
            odoo_env(DATABASE, commit=True) as env,
            tempfile.TemporaryDirectory() as workdir,
        ):
            if not reuse:
                bench_recompute.build(env)
                env.cr.commit()
            # untimed: the results are stored once, as before any hourly run
            warm = run(env, 2, workdir)
            if warm[2]:
                sys.exit(f"{warm[2]} jobs failed, see out/logs/bench_queue_2.log")
            timings, hourly = {}, {}
            for workers in (1, 2):
                for scenario, times in (("forced", timings), ("hourly", hourly)):
                    elapsed, jobs, failed, busy, cpu = run(
                        env, workers, workdir, hourly=scenario == "hourly"
                    )
                    if failed:
                        log = f"out/logs/bench_queue_{workers}.log"
                        sys.exit(f"{failed} jobs failed: see {log}")
                    times[workers] = elapsed
                    print(
                        f"  {scenario}, workers={workers}: {jobs} jobs in "
                        f"{elapsed:.1f} s, Σ job execution {busy:.1f} s; CPU of "
                        f"Odoo + PostgreSQL {cpu:.1f} s, {cpu / elapsed:.2f} cores "
                        f"busy; load average {bench_recompute._loadavg()} on "
                        f"{os.cpu_count()} cores",
                        flush=True,
                    )
        print(
            f"scale: {args.chambers} chambers × {_indicators()} indicators × "
            f"{bench_recompute.UNITS} units × 3 quadrimesters, forced recompute "
            "of every cycle, one job per cycle"
        )
        print(
            f"recompute queue_job workers=1: {timings[1]:.1f} s; "
            f"workers=2: {timings[2]:.1f} s; "
            f"speed-up {timings[1] / timings[2]:.2f}x"
        )
        print(
            "recompute incremental (one office per chamber) through queue_job "
            f"workers=1: {hourly[1]:.1f} s; workers=2: {hourly[2]:.1f} s; "
            f"speed-up {hourly[1] / hourly[2]:.2f}x"
        )
    finally:
        if not args.keep:
            drop_database(DATABASE)
    return 0


if __name__ == "__main__":
    sys.exit(main())
