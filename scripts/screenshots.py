"""Screenshots of each role's main screens, in Italian, to look at them.

    python3 scripts/screenshots.py --database DB --addons-path PATHS \\
        --url http://127.0.0.1:8199 [--setup] [--out out/screenshots] [--only sg,hr]

Needs a running Odoo server on --url serving DB, with both addons and the 2019
data set loaded (scripts/load_dataset.py). Run it like the other scripts, with
scripts/_env.sh's PYTHONPATH (``import odoo`` must work).

--setup prepares DB once (idempotent): Italian active, one user per role
(login = password = ``shot_<role>``: office, po, sg, hr, oiv, manager) linked
to the data set's employees, the III quadrimester reopened so that the office
has rows to fill, the P.O. schede evaluated, an incentive fund simulated.
It CHANGES the database: use your own copy, not one you care about.

Then, for each role, it logs in over HTTP (/web/session/authenticate), hands
the session cookie to headless Chromium through the DevTools protocol
(websocket-client), opens the role's home (where the user lands, /odoo) and
each other screen of the role, waits until the web client
is idle and saves out/screenshots/<role>_<screen>.png. Look at them: truncated
labels, English strings, unreadable tables, empty states.
"""

import argparse
import base64
import contextlib
import http.cookiejar
import json
import math
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

ROLES = ("office", "po", "sg", "hr", "oiv", "manager")
GROUP = {
    "office": "group_office_user",
    "po": "group_po",
    "sg": "group_sg",
    "hr": "group_hr",
    "oiv": "group_oiv",
    "manager": "group_manager",
}
LANG = "it_IT"
WIDTH, HEIGHT = 1400, 900
REOPEN_REASON = "Riapertura per le schermate di verifica dell'interfaccia"


def fail(message):
    sys.exit(f"ERROR: {message}")


@contextlib.contextmanager
def odoo_env(database, addons_path):
    """Superuser env on ``database``; commits when the block succeeds."""
    import odoo
    import odoo.modules.registry
    from odoo.tools import config

    config.parse_config(
        [f"--database={database}", f"--addons-path={addons_path}", "--log-level=warn"]
    )
    registry = odoo.modules.registry.Registry(database)
    with registry.cursor() as cr:
        yield odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"tracking_disable": True})
        cr.commit()


# -- preparing the database ------------------------------------------------------


def latest_cycle(env):
    cycle = env["cciaa.performance.cycle"].search([], order="year desc", limit=1)
    if not cycle:
        fail("no cycle in the database: load the 2019 data set first")
    return cycle


def setup(env):
    """Users per role, an open quadrimester, evaluated schede, a simulated fund."""
    from odoo import Command

    env["res.lang"]._activate_lang(LANG)
    modules = env["ir.module.module"].search(
        [("name", "like", "cciaa_performance%"), ("state", "=", "installed")]
    )
    env["ir.module.module"]._load_module_terms(
        ["base", "web", "mail", "hr", *modules.mapped("name")], [LANG]
    )
    cycle = latest_cycle(env)
    chamber = cycle.company_id
    Employee = env["hr.employee"].with_context(active_test=False)
    units = {
        u.cciaa_code: u
        for u in env["hr.department"].search([("company_id", "=", chamber.id)])
    }
    servizio = units.get("S2") or next(
        u for u in units.values() if u.cciaa_kind == "servizio" and u.manager_id
    )
    employees = {
        "sg": Employee.search(
            [("company_id", "=", chamber.id), ("cciaa_role", "=", "sg")], limit=1
        ),
        "po": servizio.manager_id,
    }
    for role in ROLES:
        login = f"shot_{role}"
        user = (
            env["res.users"]
            .with_context(active_test=False)
            .search([("login", "=", login)])
        )
        if not user:
            user = (
                env["res.users"]
                .with_context(no_reset_password=True)
                .create(
                    {
                        "name": f"Utente {role}",
                        "login": login,
                        "password": login,
                        "lang": LANG,
                        "tz": "Europe/Rome",
                        "company_id": chamber.id,
                        "company_ids": [Command.set(chamber.ids)],
                        "groups_id": [
                            Command.set(
                                [env.ref(f"cciaa_performance.{GROUP[role]}").id]
                            )
                        ],
                    }
                )
            )
        employee = employees.get(role)
        if role == "office":
            employee = Employee.search([("user_id", "=", user.id)])
            if not employee:
                employee = Employee.create(
                    {"name": user.name, "user_id": user.id, "company_id": chamber.id}
                )
                env["cciaa.performance.assignment"].create(
                    {
                        "employee_id": employee.id,
                        "department_id": servizio.id,
                        "date_from": servizio.cciaa_date_from or f"{cycle.year}-01-01",
                    }
                )
        elif employee and employee.user_id != user:
            employee.user_id = user
    # each lands on their role's home (as a user put in a group does)
    env["res.users"].search([("login", "like", "shot_%")])._cciaa_set_home_action()
    # the office's data entry: the last quadrimester reopened
    last = cycle.campaign_ids.sorted("quarter")[-1:]
    if last.state == "closed":
        last._reopen(REOPEN_REASON)
    # a few of the office's rows not reported yet: the home highlights them
    office = env["res.users"].search([("login", "=", "shot_office")])
    rows = env["cciaa.performance.measurement"].search(
        [
            ("cycle_id", "=", cycle.id),
            ("quarter", "=", last.quarter),
            (
                "department_id",
                "in",
                Employee.search([("user_id", "=", office.id)]).cciaa_unit_ids.ids,
            ),
        ],
        order="indicator_id desc",
        limit=4,
    )
    rows.write({"entered": False})
    # the P.O. schede evaluated (their figures, the premiums)
    for scheda in cycle.scheda_ids.filtered(lambda s: s.category != "sg"):
        if scheda.state == "draft":
            scheda.action_assign()
        if scheda.state == "assigned":
            scheda.action_acknowledge()
        if scheda.state == "acknowledged":
            scheda.action_evaluate()
    Fund = env["cciaa.performance.incentive.fund"]
    if not Fund.search([("cycle_id", "=", cycle.id)]):
        paid = cycle.scheda_ids.filtered(lambda s: s.category != "sg")
        fund = Fund.create(
            {
                "name": f"FRD {cycle.year} – premi",
                "cycle_id": cycle.id,
                "amount": 20000.0,
                "quota_pct": math.ceil(100 / max(len(paid), 1)),
                "coefficient_ids": [
                    Command.create({"category": category})
                    for category in sorted(
                        set(paid.employee_id.mapped("cciaa_category"))
                    )
                    if category
                ],
            }
        )
        fund.action_simulate()
    print(f"Prepared {env.cr.dbname}: users shot_<role> for {', '.join(ROLES)}")


# -- the screens -----------------------------------------------------------------


def screens(env):
    """(role, name, path, CSS selector to wait for, JS to run before the shot)."""
    cycle = latest_cycle(env)

    def first(model, domain, order=None):
        return env[model].search(domain, order=order, limit=1).id

    act = "/odoo/action-cciaa_performance."
    rep = "/odoo/action-cciaa_performance_report."
    campaign = first(
        "cciaa.performance.campaign",
        [("cycle_id", "=", cycle.id)],
        order="quarter desc",
    )
    ente = first(
        "cciaa.performance.result",
        [("cycle_id", "=", cycle.id), ("level", "=", "ente")],
        order="quarter desc",
    )
    overridden = first(
        "cciaa.performance.strategic.objective",
        [("cycle_id", "=", cycle.id), ("override_ids", "!=", False)],
    )
    po_user = env["res.users"].search([("login", "=", "shot_po")])
    scheda = first(
        "cciaa.performance.scheda",
        [("cycle_id", "=", cycle.id), ("employee_user_id", "=", po_user.id)],
    )
    fund = first("cciaa.performance.incentive.fund", [("cycle_id", "=", cycle.id)])
    has_report = "cciaa.performance.relazione" in env
    relazione = has_report and first(
        "cciaa.performance.relazione", [("cycle_id", "=", cycle.id)]
    )
    validation = has_report and first(
        "cciaa.performance.oiv.validation", [("cycle_id", "=", cycle.id)]
    )

    def tab(name):
        """Open the notebook page `name` and scroll it into view."""
        return (
            f"document.querySelector('.o_notebook a[name={name}]')?.click();"
            "document.querySelector('.o_notebook')?.scrollIntoView();"
        )

    form, lst, modal = (
        ".o_form_view .o_form_renderer",
        ".o_list_view",
        ".modal .o_form_view",
    )
    # each role's home: where the user lands after login (the Home Action)
    homes = {
        "office": ".o_list_view .o_data_row",
        "po": ".o_kanban_view .o_kanban_record",
        "sg": ".o_form_view button[name=action_home_trend]",
        "manager": ".o_kanban_view .o_kanban_record",
        "hr": ".o_kanban_view .o_kanban_record",
        "oiv": ".o_kanban_view .o_kanban_record",
    }
    shots = [
        (role, "home", "/odoo", selector, None) for role, selector in homes.items()
    ]
    shots += [
        (
            "manager",
            "campaign_calendar",
            "/odoo",
            ".o_kanban_view .o_kanban_record",
            # the home's calendar, opened on the deadlines of the cycle
            "document.querySelector('.o_switch_view.o_calendar').click();",
        ),
        (
            "sg",
            "schede_kanban",
            act + "action_cciaa_performance_scheda",
            ".o_kanban_view .o_kanban_record",
            None,
        ),
        (
            "manager",
            "import_wizard",
            act + "action_cciaa_performance_import_wizard",
            modal,
            None,
        ),
        (
            "manager",
            "cycle",
            f"{act}action_cciaa_performance_cycle/{cycle.id}",
            form,
            None,
        ),
        (
            "office",
            "data_entry",
            act + "action_cciaa_performance_measurement_data_entry",
            lst,
            None,
        ),
        (
            "office",
            "measurements",
            act + "action_cciaa_performance_measurement",
            lst,
            None,
        ),
        (
            "po",
            "confirmations",
            act + "action_cciaa_performance_campaign_confirmation",
            ".o_action_manager .o_view_controller",
            None,
        ),
        ("po", "scheda", f"{act}action_cciaa_performance_scheda/{scheda}", form, None),
        (
            "po",
            "scheda_computation",
            f"{act}action_cciaa_performance_scheda/{scheda}",
            form,
            tab("computation"),
        ),
        ("sg", "campaigns", act + "action_cciaa_performance_campaign", lst, None),
        (
            "sg",
            "campaign",
            f"{act}action_cciaa_performance_campaign/{campaign}",
            form,
            None,
        ),
        (
            "sg",
            "strategic_objective_override",
            f"{act}action_cciaa_performance_strategic_objective/{overridden}",
            form,
            tab("overrides"),
        ),
        ("sg", "results", act + "action_cciaa_performance_result", lst, None),
        (
            "sg",
            "ente_result",
            f"{act}action_cciaa_performance_result/{ente}",
            form,
            None,
        ),
        (
            "hr",
            "fund_allocation",
            f"{act}action_cciaa_performance_incentive_fund/{fund}",
            form,
            tab("allocation"),
        ),
    ]
    if has_report:
        shots += [
            (
                "oiv",
                "validation",
                f"{rep}action_cciaa_performance_oiv_validation/{validation}",
                form,
                None,
            ),
            (
                "oiv",
                "relazione",
                f"{rep}action_cciaa_performance_relazione/{relazione}",
                form,
                None,
            ),
        ]
    return shots


# -- the browser -------------------------------------------------------------------


def login(url, database, user):
    """The session_id of ``user`` (password = login), from /web/session/authenticate."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    payload = {
        "jsonrpc": "2.0",
        "method": "call",
        "params": {"db": database, "login": user, "password": user},
    }
    request = urllib.request.Request(
        f"{url}/web/session/authenticate",
        json.dumps(payload).encode(),
        {"Content-Type": "application/json"},
    )
    answer = json.loads(opener.open(request, timeout=60).read())
    if answer.get("error"):
        fail(f"login of {user} refused: {answer['error'].get('message')}")
    for cookie in jar:
        if cookie.name == "session_id":
            return cookie.value
    fail(f"no session cookie for {user}")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Chromium:
    """Headless Chromium driven over the DevTools protocol (one page)."""

    def __init__(self):
        import websocket  # websocket-client, as Odoo's own test browser

        binary = shutil.which("chromium") or shutil.which("chromium-browser")
        if not binary:
            fail("chromium not found (Debian: apt install chromium)")
        self.profile = tempfile.mkdtemp(prefix="cciaa_shots_")
        port = free_port()
        self.process = subprocess.Popen(
            [
                binary,
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--hide-scrollbars",
                f"--user-data-dir={self.profile}",
                f"--window-size={WIDTH},{HEIGHT}",
                f"--remote-debugging-port={port}",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        pages = []
        for _ in range(100):
            with contextlib.suppress(OSError):
                pages = json.loads(
                    urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list").read()
                )
            pages = [p for p in pages if p.get("type") == "page"]
            if pages:
                break
            time.sleep(0.2)
        if not pages:
            self.close()
            fail("chromium did not open its DevTools port")
        self.ws = websocket.create_connection(
            pages[0]["webSocketDebuggerUrl"], timeout=60, suppress_origin=True
        )
        self.next_id = 0
        self.call("Page.enable")
        self.call("Network.enable")
        self.call(
            "Emulation.setDeviceMetricsOverride",
            width=WIDTH,
            height=HEIGHT,
            deviceScaleFactor=1,
            mobile=False,
        )

    def call(self, method, **params):
        self.next_id += 1
        self.ws.send(
            json.dumps({"id": self.next_id, "method": method, "params": params})
        )
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})

    def evaluate(self, expression):
        result = self.call(
            "Runtime.evaluate", expression=expression, returnByValue=True
        )
        return result.get("result", {}).get("value")

    def session(self, url, session_id):
        self.call("Network.clearBrowserCookies")
        self.call("Network.setCookie", name="session_id", value=session_id, url=url)

    def shot(self, url, selector, script, path, timeout=60):
        self.call("Page.navigate", url=url)
        ready = (
            f"(() => !!document.querySelector({json.dumps(selector)})"
            " && !document.querySelector('.o_loading_indicator, .o_blockUI'))()"
        )
        deadline = time.time() + timeout
        while not self.evaluate(ready):
            if time.time() > deadline:
                print(f"  {os.path.basename(path)}: {selector} not found in {timeout}s")
                break
            time.sleep(0.3)
        if script:
            self.evaluate(script)
        time.sleep(1.0)  # fonts, charts, last renders
        data = self.call("Page.captureScreenshot", format="png")["data"]
        with open(path, "wb") as handle:
            handle.write(base64.b64decode(data))

    def close(self):
        with contextlib.suppress(Exception):
            self.ws.close()
        self.process.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(10)
        shutil.rmtree(self.profile, ignore_errors=True)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", required=True)
    parser.add_argument("--addons-path", required=True)
    parser.add_argument("--url", default="http://127.0.0.1:8069")
    parser.add_argument("--out", default="out/screenshots")
    parser.add_argument(
        "--setup",
        action="store_true",
        help="prepare the database first (changes it, see above)",
    )
    parser.add_argument("--only", default="", help="comma-separated roles")
    args = parser.parse_args(argv)
    roles = [r for r in args.only.split(",") if r] or list(ROLES)
    url = args.url.rstrip("/")

    with odoo_env(args.database, args.addons_path) as env:
        if args.setup:
            setup(env)
        shots = [s for s in screens(env) if s[0] in roles]
    os.makedirs(args.out, exist_ok=True)
    browser = Chromium()
    try:
        for role in roles:
            mine = [s for s in shots if s[0] == role]
            if not mine:
                continue
            browser.session(url, login(url, args.database, f"shot_{role}"))
            for _role, name, path, selector, script in mine:
                target = os.path.join(args.out, f"{role}_{name}.png")
                browser.shot(url + path, selector, script, target)
                print(f"  {target}")
    finally:
        browser.close()


if __name__ == "__main__":
    main()
