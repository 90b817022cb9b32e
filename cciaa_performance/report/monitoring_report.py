import datetime
from collections import defaultdict

from odoo import api, models

from ..engine import deviation, formats
from ..engine.calendar import ROMAN
from ..engine.formats import NOT_AVAILABLE, fmt_date, fmt_number

RESULT_FIELDS = [
    "level", "code", "unit_code", "indicator_id", "department_id", "result_value",
    "result_date", "achievement", "score", "computed_score", "evaluable", "reason",
    "overridden", "override_motivation", "weight",
]  # fmt: skip
INDICATOR_FIELDS = ["code", "name", "kind", "strategic_id", "operational_id", "measure"]
MEASUREMENT_FIELDS = [
    "indicator_id", "department_id", "parameter", "value", "date_value", "note",
    "entered",
]  # fmt: skip


class ReportMonitoring(models.AbstractModel):
    """Monitoring report of a quadrimester (one per campaign), for the Giunta
    and the administration: per area, objective and unit, the quadrimester's
    values, the year-to-date results and achievement, deviations and notes.

    Everything comes from the stored results of the campaign's quadrimester
    (year to date) and from the measurements of that quadrimester; the
    template only prints the strings prepared here, formatted the Italian
    way (95,00%; 1.234,56; dd/mm/yyyy)."""

    _name = "report.cciaa_performance.report_monitoring"
    _description = "Quadrimester monitoring report"

    @api.model
    def _get_report_values(self, docids, data=None):
        campaigns = self.env["cciaa.performance.campaign"].browse(docids)
        campaigns.check_access("read")
        return {
            "doc_ids": docids,
            "doc_model": "cciaa.performance.campaign",
            "docs": campaigns,
            "reports": {c.id: self._campaign_data(c) for c in campaigns},
        }

    @api.model
    def _campaign_data(self, campaign):
        # as the user: the figures are readable by every performance user,
        # the values and notes of the measurements only for the user's units
        data = _CampaignData(self.env, campaign)
        closed = ""
        if campaign.closed_on:
            closed = self.env._(
                "closed by %(user)s on %(date)s",
                user=campaign.closed_by_id.name,
                date=fmt_date(campaign.closed_on.date()),
            )
        states = dict(campaign._fields["state"]._description_selection(self.env))
        return {
            "title": self.env._(
                "Monitoring report – quadrimester %(quarter)s %(year)s",
                quarter=ROMAN[int(campaign.quarter)],
                year=campaign.cycle_id.year,
            ),
            "chamber": campaign.cycle_id.company_id.name,
            "period": " – ".join(
                (fmt_date(campaign.date_start), fmt_date(campaign.date_end))
            ),
            "deadline": fmt_date(campaign.deadline) if campaign.deadline else "",
            "state": states[campaign.state],
            "closed": closed,
            "ente": data.figure("ente", "ENTE"),
            "has_results": data.has_results,
            "areas": data.areas(),
            "units": data.units(),
            "printed_on": fmt_date(datetime.date.today()),
        }


class _CampaignData:
    """What the report prints for one campaign, read in a fixed number of
    queries (one per table) and formatted into strings."""

    def __init__(self, env, campaign):
        self.env = env
        cycle = campaign.cycle_id
        in_cycle = [("cycle_id", "=", cycle.id)]
        results = self.fetch(
            "cciaa.performance.result",
            [*in_cycle, ("quarter", "=", int(campaign.quarter))],
            RESULT_FIELDS,
        )
        self.has_results = bool(results)
        self.by_level = defaultdict(dict)
        self.rows_of = defaultdict(list)
        for result in results:
            if result["level"] == "row":
                self.rows_of[result["indicator_id"]].append(result)
            else:
                self.by_level[result["level"]][result["code"]] = result
        self.area_list = self.fetch(
            "cciaa.performance.area", in_cycle, ["code", "name"]
        )
        self.strategic_of = defaultdict(list)
        for os_ in self.fetch(
            "cciaa.performance.strategic.objective",
            in_cycle,
            ["code", "name", "area_id"],
        ):
            self.strategic_of[os_["area_id"]].append(os_)
        self.operational_of = defaultdict(list)
        for oo in self.fetch(
            "cciaa.performance.operational.objective",
            in_cycle,
            ["code", "name", "strategic_id"],
        ):
            self.operational_of[oo["strategic_id"]].append(oo)
        indicators = self.fetch(
            "cciaa.performance.indicator", in_cycle, INDICATOR_FIELDS
        )
        self.indicators_of = defaultdict(list)
        for indicator in indicators:
            if indicator["kind"] == "IS":
                self.indicators_of[("os", indicator["strategic_id"])].append(indicator)
            else:
                self.indicators_of[("oo", indicator["operational_id"])].append(
                    indicator
                )
        self.measure = {i["id"]: i["measure"] for i in indicators}
        self.targets = {
            t["indicator_id"]: self.typed(t["indicator_id"], t)
            for t in self.fetch(
                "cciaa.performance.indicator.target",
                [("indicator_id", "in", list(self.measure)), ("year", "=", cycle.year)],
                ["indicator_id", "value", "date_value"],
            )
        }
        self.values = defaultdict(dict)  # (indicator, unit) -> {parameter: value}
        self.notes = defaultdict(list)
        for m in self.fetch(
            "cciaa.performance.measurement",
            [*in_cycle, ("quarter", "=", campaign.quarter)],
            MEASUREMENT_FIELDS,
        ):
            key = (m["indicator_id"], m["department_id"])
            if m["entered"]:
                self.values[key][m["parameter"]] = self.typed(m["indicator_id"], m)
            if m["note"]:
                self.notes[key].append(m["note"])
        self.criticita = defaultdict(list)
        for c in self.fetch(
            "cciaa.performance.criticita",
            in_cycle,
            ["strategic_id", "operational_id", "issues", "actions"],
        ):
            key = (
                ("os", c["strategic_id"])
                if c["strategic_id"]
                else ("oo", c["operational_id"])
            )
            self.criticita[key].append(
                {"issues": c["issues"] or "", "actions": c["actions"] or ""}
            )
        self.reasons = dict(
            env["cciaa.performance.result"]
            ._fields["reason"]
            ._description_selection(env)
        )

    def not_available(self, reason):
        """ "n.d." and the label of the stored reason ("n.d. (No data yet)")."""
        label = self.reasons.get(reason)
        return f"{NOT_AVAILABLE} ({label})" if label else NOT_AVAILABLE

    def fetch(self, model, domain, fnames):
        return self.env[model].search_read(domain, fnames, load=None)

    def typed(self, indicator_id, record):
        """The value or the date of a target or measurement, by measure type."""
        if self.measure[indicator_id] == "date":
            return record["date_value"]
        return record["value"]

    def figure(self, level, code):
        """Score of a roll-up figure (objective, area, Ente, unit) and its override."""
        result = self.by_level[level].get(code)
        if not result or not result["evaluable"]:
            return {
                "score": self.not_available(result and result["reason"]),
                "overridden": False,
            }
        return {
            "score": _pct(result["score"]),
            "overridden": result["overridden"],
            "computed": _pct(result["computed_score"]),
            "motivation": result["override_motivation"] or "",
        }

    def rows(self, parent):
        """Indicator × unit lines of the indicators under ``parent``."""
        return [
            self.row(indicator, row)
            for indicator in self.indicators_of[parent]
            for row in sorted(
                self.rows_of.get(indicator["id"], ()),
                key=lambda r: r["unit_code"] or "",
            )
        ]

    def row(self, indicator, row):
        measure = indicator["measure"]
        target = self.targets.get(indicator["id"])
        key = (indicator["id"], row["department_id"])
        quarter_values = self.values.get(key, {})
        params = ("1", "2") if measure == "ratio" else ("1",)
        line = {
            "code": indicator["code"],
            "name": indicator["name"],
            "unit": row["unit_code"] or "",
            "quarter_values": " / ".join(
                _value(quarter_values.get(p), measure) for p in params
            ),
            "target": _value(target, measure, result=True),
            "notes": "\n".join(self.notes.get(key, ())),
            "result": NOT_AVAILABLE,
            "achievement": NOT_AVAILABLE,
            "score": self.not_available(row["reason"]),
            "deviation": "",
            "below": False,
        }
        if row["evaluable"]:
            result = row["result_date"] if measure == "date" else row["result_value"]
            line.update(
                result=_value(result, measure, result=True),
                achievement=_pct(row["achievement"]),
                score=_pct(row["score"]),
                deviation=_deviation(result, target, measure),
                below=row["score"] < 100,
            )
        return line

    def areas(self):
        return [
            {
                "code": area["code"],
                "name": area["name"],
                **self.figure("area", area["code"]),
                "strategic": [
                    self.strategic(os_) for os_ in self.strategic_of[area["id"]]
                ],
            }
            for area in self.area_list
        ]

    def strategic(self, os_):
        return {
            "code": os_["code"],
            "name": os_["name"],
            **self.figure("os", os_["code"]),
            "rows": self.rows(("os", os_["id"])),
            "criticita": self.criticita[("os", os_["id"])],
            "operational": [
                {
                    "code": oo["code"],
                    "name": oo["name"],
                    **self.figure("oo", oo["code"]),
                    "rows": self.rows(("oo", oo["id"])),
                    "criticita": self.criticita[("oo", oo["id"])],
                }
                for oo in self.operational_of[os_["id"]]
            ],
        }

    def units(self):
        unit_ids = [r["department_id"] for r in self.by_level["unit"].values()]
        units = (
            self.env["hr.department"]
            .with_context(active_test=False)
            .search_read(
                [("id", "in", [u for u in unit_ids if u])],
                ["cciaa_code", "name"],
                order="cciaa_code",
            )
        )
        return [
            {
                "code": unit["cciaa_code"],
                "name": unit["name"],
                **self.figure("unit", unit["cciaa_code"]),
            }
            for unit in units
        ]


def _pct(value):
    return formats.pct(value)


def _value(value, measure, result=False):
    """A measured value, result or target as printed: dd/mm/yyyy, 94,50%, 1.234,5;
    a dash for a cell nobody filled."""
    if value is None or value is False:
        return "—"
    if measure == "date":
        return formats.date(value) if isinstance(value, datetime.date) else "—"
    return formats.value(value, percent=result and measure == "ratio")


def _deviation(result, target, measure):
    """The engine's deviation (engine/achievement.py), signed, as printed."""
    if target is False:
        return ""
    diff = deviation(result, target)
    if diff is None:
        return ""
    if measure == "date" or isinstance(diff, int):
        return f"{diff:+d}" if diff else "0"
    sign = "+" if diff > 0 else ""
    return f"{sign}{fmt_number(diff, 2)}"
