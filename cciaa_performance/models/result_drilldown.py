from odoo import fields, models

# what each level is computed from (docs/RULES.md R6, R10, R11, R13): the
# levels and the links of its child figures; an OS by its IS TOT, or by its
# OO when it has no strategic indicator (R11); FRD rows count in no objective
# (R10), only in their unit's result (R5), which feeds nothing above it
_CHILDREN = {
    "ente": ("area", ()),
    "area": ("os", ("area_id",)),
    "is_total": ("indicator", ("strategic_id",)),
    "oo": ("indicator", ("operational_id",)),
    "indicator": ("row", ("indicator_id",)),
    "unit": ("row", ("department_id",)),
}
_PARENT = {
    "row": ("indicator", ("indicator_id",)),
    "is_total": ("os", ("strategic_id",)),
    "os": ("area", ("area_id",)),
    "area": ("ente", ()),
}
# the indicator kinds an objective counts (R10, R11)
_COUNTED = {"is_total": ("IS",), "oo": ("IO",)}


class CciaaPerformanceResult(models.Model):
    """Drilldown of a stored figure: down to its child figures, to the
    measurements it was computed from with their evidence, to the targets;
    and back up to the figure it feeds (the OCA mis_builder pattern of a
    cell opening its move lines).

    Every search runs as the user: the drilldown opens only what the record
    rules let them read (an office user sees the measurements of their own
    units under the Ente's figure, not the other units')."""

    _inherit = "cciaa.performance.result"

    drilldown_parent_id = fields.Many2one(
        "cciaa.performance.result",
        compute="_compute_drilldown",
        string="Feeds",
        help="The stored figure this one is part of.",
    )
    drilldown_child_ids = fields.Many2many(
        "cciaa.performance.result",
        relation="cciaa_performance_result_drilldown_rel",
        column1="result_id",
        column2="child_id",
        compute="_compute_drilldown",
        string="Computed from",
    )
    drilldown_measurement_ids = fields.Many2many(
        "cciaa.performance.measurement",
        compute="_compute_drilldown",
        string="Measurements read",
    )
    drilldown_child_count = fields.Integer(
        compute="_compute_drilldown", string="Figures below"
    )
    drilldown_measurement_count = fields.Integer(
        compute="_compute_drilldown", string="Measurements"
    )
    drilldown_evidence_count = fields.Integer(
        compute="_compute_drilldown", string="Evidence"
    )
    drilldown_target_count = fields.Integer(
        compute="_compute_drilldown", string="Targets"
    )

    # a form shows one figure: a few counts for it, none for a list
    def _compute_drilldown(self):
        Measurement = self.env["cciaa.performance.measurement"]
        Target = self.env["cciaa.performance.indicator.target"]
        for result in self:
            measurements = Measurement.search(result._drilldown_measurement_domain())
            children = self.search(result._drilldown_child_domain())
            result.drilldown_parent_id = result._drilldown_parent()
            result.drilldown_child_ids = children
            result.drilldown_child_count = len(children)
            result.drilldown_measurement_ids = measurements
            result.drilldown_measurement_count = len(measurements)
            result.drilldown_evidence_count = len(measurements.attachment_ids)
            result.drilldown_target_count = Target.search_count(
                result._drilldown_target_domain()
            )

    # -- domains -------------------------------------------------------------

    def _drilldown_same_evaluation(self):
        """The figures of the same evaluation: cycle and quadrimester."""
        self.ensure_one()
        return [("cycle_id", "=", self.cycle_id.id), ("quarter", "=", self.quarter)]

    def _drilldown_parent(self):
        self.ensure_one()
        level, links = _PARENT.get(self.level, (None, ()))
        if self.level == "indicator" and self.indicator_kind == "IS":
            level, links = "is_total", ("strategic_id",)
        elif self.level == "indicator" and self.indicator_kind == "IO":
            level, links = "oo", ("operational_id",)
        elif self.level == "oo" and not self._drilldown_os_by_is_total():
            level, links = "os", ("strategic_id",)
        if not level:
            return self.browse()
        return self.search(
            [
                *self._drilldown_same_evaluation(),
                ("level", "=", level),
                *[(link, "=", self[link].id) for link in links],
            ],
            limit=1,
        )

    def _drilldown_os_by_is_total(self, strategic=None):
        """The strategic objectives among ``strategic`` (default: this
        figure's) scored by their IS TOT: those with strategic indicators."""
        strategic = self.strategic_id if strategic is None else strategic
        return self.search(
            [
                *self._drilldown_same_evaluation(),
                ("level", "=", "is_total"),
                ("strategic_id", "in", strategic.ids),
            ]
        ).strategic_id

    def _drilldown_child_domain(self):
        self.ensure_one()
        if self.level == "os":
            by_is_total = self._drilldown_os_by_is_total()
            level = "is_total" if by_is_total else "oo"
            return [
                *self._drilldown_same_evaluation(),
                ("level", "=", level),
                ("strategic_id", "=", self.strategic_id.id),
            ]
        if self.level not in _CHILDREN:
            return [(0, "=", 1)]
        level, links = _CHILDREN[self.level]
        domain = [
            *self._drilldown_same_evaluation(),
            ("level", "=", level),
            *[(link, "=", self[link].id) for link in links],
        ]
        if self.level in _COUNTED:
            domain.append(("indicator_kind", "in", _COUNTED[self.level]))
        return domain

    def _drilldown_indicator_domain(self, prefix="indicator_id"):
        """The indicators whose values this figure was computed from, as a
        condition on ``prefix`` (the indicator field of a measurement or a
        target)."""
        self.ensure_one()
        if self.level in ("row", "indicator"):
            return [(prefix, "=", self.indicator_id.id)]
        if self.level == "unit":  # every row of the unit, FRD included (R5)
            return [(prefix + ".cycle_id", "=", self.cycle_id.id)]
        if self.level == "is_total":
            return [
                (prefix + ".strategic_id", "=", self.strategic_id.id),
                (prefix + ".kind", "=", "IS"),
            ]
        if self.level == "oo":
            return [
                (prefix + ".operational_id", "=", self.operational_id.id),
                (prefix + ".kind", "=", "IO"),
            ]
        # OS, area, Ente: the IS of the OS scored by their IS TOT, the IO of
        # the others (R11)
        strategic = self.env["cciaa.performance.strategic.objective"].search(
            [("cycle_id", "=", self.cycle_id.id)]
            + {
                "os": [("id", "=", self.strategic_id.id)],
                "area": [("area_id", "=", self.area_id.id)],
            }.get(self.level, [])
        )
        by_is_total = self._drilldown_os_by_is_total(strategic)
        by_oo = strategic - by_is_total
        return [
            "|",
            "&",
            (prefix + ".strategic_id", "in", by_is_total.ids),
            (prefix + ".kind", "=", "IS"),
            "&",
            (prefix + ".operational_id.strategic_id", "in", by_oo.ids),
            (prefix + ".kind", "=", "IO"),
        ]

    def _drilldown_measurement_domain(self):
        """The measurements the engine read for this figure: reported values
        (R1) up to its quadrimester (R8) of the indicators below it, on its
        unit for a row or a unit figure."""
        self.ensure_one()
        domain = [
            *self._drilldown_indicator_domain(),
            ("entered", "=", True),
            ("quarter", "in", [str(q) for q in range(1, self.quarter + 1)]),
        ]
        if self.level in ("row", "unit"):
            domain.append(("department_id", "=", self.department_id.id))
        return domain

    def _drilldown_target_domain(self):
        self.ensure_one()
        domain = [
            *self._drilldown_indicator_domain(),
            ("year", "=", self.cycle_id.year),
        ]
        if self.level == "unit":
            domain.append(("indicator_id.department_ids", "in", self.department_id.ids))
        return domain

    # -- actions -------------------------------------------------------------

    def _drilldown_action(self, model, domain, name, list_view=False):
        return {
            "type": "ir.actions.act_window",
            "name": name,
            "res_model": model,
            "views": [(list_view, "list"), (False, "form")],
            "domain": domain,
            "context": {"create": False},
            "target": "current",
        }

    def action_drilldown_parent(self):
        self.ensure_one()
        parent = self._drilldown_parent()
        if not parent:
            return False
        return {
            "type": "ir.actions.act_window",
            "name": parent.display_name,
            "res_model": self._name,
            "res_id": parent.id,
            "views": [(False, "form")],
            "target": "current",
        }

    def action_drilldown_children(self):
        self.ensure_one()
        return self._drilldown_action(
            self._name,
            self._drilldown_child_domain(),
            self.env._("Figures below %(figure)s", figure=self.display_name),
        )

    def action_drilldown_measurements(self):
        self.ensure_one()
        return self._drilldown_action(
            "cciaa.performance.measurement",
            self._drilldown_measurement_domain(),
            self.env._("Measurements of %(figure)s", figure=self.display_name),
        )

    def action_drilldown_evidence(self):
        self.ensure_one()
        # the evidence of the measurements this user reads, nothing else
        measurements = self.env["cciaa.performance.measurement"].search(
            self._drilldown_measurement_domain()
        )
        return self._drilldown_action(
            "ir.attachment",
            [("id", "in", measurements.attachment_ids.ids)],
            self.env._("Evidence of %(figure)s", figure=self.display_name),
        )

    def action_drilldown_targets(self):
        self.ensure_one()
        return self._drilldown_action(
            "cciaa.performance.indicator.target",
            self._drilldown_target_domain(),
            self.env._("Targets of %(figure)s", figure=self.display_name),
            self.env.ref(
                "cciaa_performance.view_cciaa_performance_indicator_target_drilldown_list"
            ).id,
        )
