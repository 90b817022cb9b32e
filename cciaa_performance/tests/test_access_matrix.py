"""Every model × operation × role over real HTTP (issue 10, docs/SECURITY.md).

Each role logs in and calls read, write, create and unlink through
/web/dataset/call_kw with a forged context, on records of its own chamber in
a cycle in progress. The expected outcome is the matrix below: one column
per operation, one letter per role, the letter when allowed, "." when
refused. Roles: o office user (U2.1), p P.O. of S2, m performance manager,
s Segretario Generale, h HR, v OIV. The scheda is the office user's own,
evaluated by the P.O.; objectives and criticità belong to the P.O.'s
Servizio; the freeze and the workflow have their own tables
(test_chain_rpc.py)."""

from odoo import Command
from odoo.tests import HttpCase, tagged

from ..models.guard import trusted_create
from .individual_common import IndividualCase
from .rpc_common import OK, RpcMixin

ROLES = {
    "o": "office_u21",
    "p": "po_s2",
    "m": "manager",
    "s": "sg",
    "h": "hr",
    "v": "oiv",
}
OPERATIONS = ("read", "write", "create", "unlink")

MATRIX = """
model                   read    write   create  unlink
cycle                   opmshv  ..ms..  ..ms..  ..ms..
area                    opmshv  ..ms..  ..ms..  ..ms..
strategic.objective     opmshv  ..ms..  ..ms..  ..ms..
operational.objective   opmshv  ..ms..  ..ms..  ..ms..
indicator               opmshv  ..ms..  ..ms..  ..ms..
indicator.target        opmshv  ..ms..  ..ms..  ..ms..
measurement             opmshv  opms..  opms..  opms..
assignment              opmshv  ..msh.  ..msh.  ..msh.
override                opmshv  ...s..  ...s..  ...s..
criticita               opmshv  .pms..  .pms..  ..ms..
result                  opmshv  ......  ......  ......
campaign                opms.v  ..ms..  ..ms..  ..ms..
evaluation.system       opmshv  ...sh.  ...sh.  ...sh.
behaviour               opmshv  ...sh.  ...sh.  ...sh.
behaviour.level         opmshv  ...sh.  ...sh.  ...sh.
scheda                  op.shv  .p.sh.  .p.sh.  .p.sh.
scheda.line             op.shv  .p.sh.  .p.sh.  .p.sh.
incentive.fund          ...shv  ...sh.  ...sh.  ...sh.
incentive.coefficient   ...shv  ...sh.  ...sh.  ...sh.
incentive.allocation    ...shv  ......  ......  ......
"""


def expected_outcomes():
    """(model, operation, login, allowed) for every cell of MATRIX."""
    lines = [line.split() for line in MATRIX.strip().splitlines()[1:]]
    for model, *cells in lines:
        for operation, cell in zip(OPERATIONS, cells, strict=True):
            for letter, login in ROLES.items():
                yield f"cciaa.performance.{model}", operation, login, letter in cell


@tagged("post_install", "-at_install")
class TestAccessMatrix(RpcMixin, HttpCase, IndividualCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.counter = 0
        cls.operational.department_ids = [Command.set(cls.unit_u21.ids)]
        cls.campaign = env["cciaa.performance.campaign"].create(
            {"cycle_id": cls.cycle.id, "quarter": "1"}
        )
        cls.spare_cycle = env["cciaa.performance.cycle"].create(
            {"year": 2021, "company_id": cls.company.id}
        )
        cls.newcomer = env["hr.employee"].create(
            {"name": "newcomer", "company_id": cls.company.id}
        )
        cls.scheda = env["cciaa.performance.scheda"].create(
            {
                "cycle_id": cls.cycle.id,
                "employee_id": cls.emp_office.id,
                "evaluator_id": cls.emp_po.id,
                "line_ids": [cls.line(cls.unit_u21, 100)],
            }
        )
        cls.fund = env["cciaa.performance.incentive.fund"].create(
            {
                "name": "FRD 2019",
                "cycle_id": cls.cycle.id,
                "amount": 1000,
                "coefficient_ids": [Command.create({"category": "C"})],
            }
        )
        cls.allocation = trusted_create(
            env["cciaa.performance.incentive.allocation"],
            {"fund_id": cls.fund.id, "employee_id": cls.emp_office.id},
        )
        cls.override = env["cciaa.performance.override"].create(
            {"operational_id": cls.operational.id, "value": 95, "motivation": "m"}
        )
        cls.criticita = env["cciaa.performance.criticita"].create(
            {"operational_id": cls.operational.id, "issues": "Ritardi"}
        )

    def new_year(self):
        """A year no cycle of the test chamber has yet (2022…2100)."""
        taken = set(self.env["cciaa.performance.cycle"].search([]).mapped("year"))
        return min(set(range(2022, 2101)) - taken)

    def fixtures(self):
        """model → (record read and written, vals written, vals of a new one).
        A new one is created over RPC (create) and by the test (unlink)."""
        n = self.counter
        cycle, system = self.cycle, self.system
        strategic = self.operational.strategic_id
        return {
            "cycle": (
                cycle,
                {"tolerance": cycle.tolerance},
                {"year": self.new_year(), "company_id": self.company.id},
            ),
            "area": (
                strategic.area_id,
                {"name": "Area"},
                {"cycle_id": cycle.id, "code": f"X{n}", "name": "x", "weight": 0},
            ),
            "strategic.objective": (
                strategic,
                {"name": "OS"},
                {
                    "cycle_id": cycle.id,
                    "area_id": strategic.area_id.id,
                    "code": f"9.{n}",
                    "name": "x",
                    "weight": 0,
                },
            ),
            "operational.objective": (
                self.operational,
                {"name": "OO"},
                {
                    "cycle_id": cycle.id,
                    "strategic_id": strategic.id,
                    "code": f"9.9.{n}",
                    "name": "x",
                },
            ),
            "indicator": (
                self.indicator,
                {"name": "Pratiche evase"},
                {
                    "cycle_id": cycle.id,
                    "kind": "IO",
                    "operational_id": self.operational.id,
                    "code": f"O9-{n}",
                    "name": "x",
                    "measure": "count",
                    "comparator": ">=",
                },
            ),
            "indicator.target": (
                self.indicator.target_ids,
                {"value": 90},
                {"indicator_id": self.count.id, "year": 2040 + n, "value": 1},
            ),
            "measurement": (
                self.m_u21,
                {"note": "verificato"},
                {
                    "indicator_id": self.indicator.id,
                    "department_id": self.unit_u21.id,
                    "quarter": "3",
                    "parameter": "2",
                    "value": 10,
                },
            ),
            "assignment": (
                self.emp_office.cciaa_assignment_ids,
                {"participation": self.emp_office.cciaa_assignment_ids.participation},
                {
                    "employee_id": self.newcomer.id,
                    "department_id": self.unit_s3.id,
                    "date_from": "2019-03-01",
                },
            ),
            "override": (
                self.override,
                {"motivation": "Cause esterne"},
                {"operational_id": self.operational.id, "value": 90, "motivation": "m"},
            ),
            "criticita": (
                self.criticita,
                {"actions": "Piano di recupero"},
                {"operational_id": self.operational.id, "issues": "x"},
            ),
            "result": (self.cycle.result_ids[:1], {"score": 1}, None),
            "campaign": (
                self.campaign,
                {"reminder_days": self.campaign.reminder_days},
                {"cycle_id": cycle.id, "quarter": "3"},
            ),
            "evaluation.system": (
                system,
                {"name": "SMVP"},
                {"cycle_id": self.spare_cycle.id},
            ),
            "behaviour": (
                system.behaviour_ids[:1],
                {"name": "Teamwork"},
                {"system_id": system.id, "name": "x", "weight": 0},
            ),
            "behaviour.level": (
                system.level_ids[:1],
                {"name": "1"},
                {"system_id": system.id, "name": "x", "value": 10},
            ),
            "scheda": (
                self.scheda,
                {"evaluator_notes": "ok"},
                {
                    "cycle_id": cycle.id,
                    "employee_id": self.emp_mover.id,
                    "evaluator_id": self.emp_po.id,
                },
            ),
            "scheda.line": (
                self.scheda.line_ids,
                {"weight": 100},
                {
                    "scheda_id": self.scheda.id,
                    "kind": "own",
                    "name": "Archivio",
                    "comparator": ">=",
                    "target_value": 1,
                    "weight": 0,
                },
            ),
            "incentive.fund": (
                self.fund,
                {"name": "FRD 2019"},
                {"name": "x", "cycle_id": cycle.id, "amount": 1},
            ),
            "incentive.coefficient": (
                self.fund.coefficient_ids,
                {"coefficient": 1},
                {"fund_id": self.fund.id, "category": "B", "coefficient": 1},
            ),
            "incentive.allocation": (
                self.allocation,
                {"weight": 1},
                {"fund_id": self.fund.id, "employee_id": self.emp_mover.id},
            ),
        }

    def attempt(self, model, operation, login):
        """The outcome of ``operation`` on ``model`` as ``login``; what the
        attempt created is removed, so that every cell starts alike."""
        self.counter += 1
        short = model.removeprefix("cciaa.performance.")
        record, write_vals, new_vals = self.fixtures()[short]
        Model = self.env[model]
        if operation == "read":
            return self.call(login, model, "read", record.ids, ["id"])
        if operation == "write":
            return self.call(login, model, "write", record.ids, write_vals)
        if operation == "create":
            outcome = self.call(login, model, "create", [new_vals or {}])
            if outcome[0] == OK:
                Model.browse(outcome[1]).unlink()
            return outcome
        victim = (
            trusted_create(Model, new_vals)
            if new_vals and model != "cciaa.performance.incentive.allocation"
            else record
        )
        outcome = self.call(login, model, "unlink", victim.ids)
        if victim != record and victim.exists():
            victim.unlink()
        return outcome

    def test_every_model_operation_and_role(self):
        cells = sorted(expected_outcomes(), key=lambda cell: cell[2])  # by login
        for model, operation, login, allowed in cells:
            with self.subTest(model=model, operation=operation, login=login):
                outcome, why = self.attempt(model, operation, login)
                self.assertEqual(outcome == OK, allowed, why)


# Who may take each step of the chain: the letters of ROLES; every other
# role is refused. Each attempt starts from a fresh record in the state the
# step needs (the preconditions hold: only the role decides).
ACTIONS = """
model                   method                   roles
cycle                   action_activate          ms
cycle                   action_recompute         ms
cycle                   action_create_campaigns  ms
cycle                   action_export_xlsx       ms
campaign                action_open              ms
campaign                action_close             ms
campaign.confirmation   action_confirm           pms
override                action_confirm           s
scheda                  action_assign            phs
scheda                  action_refresh           phs
incentive.fund          action_simulate          hs
"""


@tagged("post_install", "-at_install")
class TestActionMatrix(RpcMixin, HttpCase, IndividualCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.fund = cls.env["cciaa.performance.incentive.fund"].create(
            {
                "name": "FRD 2019",
                "cycle_id": cls.cycle.id,
                "amount": 1000,
                "quota_pct": 50,
                "coefficient_ids": [Command.create({"category": "C"})],
            }
        )
        (cls.emp_office | cls.emp_mover).write(
            {"cciaa_category": "C", "cciaa_role": "staff"}
        )
        cls.counter = 0

    def evaluate_staff(self):
        """Two evaluated schede (90 and 60): what a simulation needs."""
        self.system.results_share_staff = 100  # no behaviours to rate
        schede = self.env["cciaa.performance.scheda"].create(
            [
                {
                    "cycle_id": self.cycle.id,
                    "employee_id": employee.id,
                    "evaluator_id": self.emp_po.id,
                    "line_ids": [self.own(100, 100, own_result_value=result)],
                }
                for employee, result in ((self.emp_office, 90), (self.emp_mover, 60))
            ]
        )
        schede.action_assign()
        schede.action_acknowledge()
        schede.action_evaluate()

    new_year = TestAccessMatrix.new_year

    def fresh(self, model, method):
        """A new record on which ``method`` may be taken."""
        self.counter += 1
        env, cycle = self.env, self.cycle
        if model == "cycle":
            if method in ("action_activate", "action_create_campaigns"):
                return trusted_create(
                    env["cciaa.performance.cycle"],
                    {"year": self.new_year(), "company_id": self.company.id},
                )
            return cycle
        if model == "campaign":
            campaign = env["cciaa.performance.campaign"].create(
                {"cycle_id": cycle.id, "quarter": "2"}
            )
            if method == "action_close":
                campaign.action_open()
            return campaign
        if model == "campaign.confirmation":
            campaign = self.fresh("campaign", "action_close")
            confirmation = env["cciaa.performance.campaign.confirmation"].create(
                {"campaign_id": campaign.id, "department_id": self.unit_s2.id}
            )
            confirmation._reopen("Correzione")
            return confirmation
        if model == "override":
            return trusted_create(
                env["cciaa.performance.override"],
                {
                    "operational_id": self.operational.id,
                    "value": 95,
                    "motivation": "m",
                    "state": "proposed",
                },
            )
        if model == "scheda":
            return env["cciaa.performance.scheda"].create(
                {
                    "cycle_id": cycle.id,
                    "employee_id": self.emp_office.id,
                    "evaluator_id": self.emp_po.id,
                    "line_ids": [self.line(self.unit_u21, 100)],
                }
            )
        self.evaluate_staff()
        return self.fund

    def attempt(self, model, method, login):
        """``method`` as ``login`` on a fresh record, all rolled back after:
        every attempt starts from the same database."""
        savepoint = self.env.cr.savepoint()
        try:
            record = self.fresh(model, method)
            outcome = self.call(login, f"cciaa.performance.{model}", method, record.ids)
        finally:
            savepoint.close(rollback=True)
        self.env.invalidate_all()
        return outcome

    def test_every_step_and_role(self):
        lines = [line.split() for line in ACTIONS.strip().splitlines()[1:]]
        cells = sorted(
            (
                (model, method, login, letter in roles)
                for model, method, roles in lines
                for letter, login in ROLES.items()
            ),
            key=lambda cell: cell[2],
        )
        for model, method, login, allowed in cells:
            with self.subTest(model=model, method=method, login=login):
                outcome, why = self.attempt(model, method, login)
                self.assertEqual(outcome == OK, allowed, why)
