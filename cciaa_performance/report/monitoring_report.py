import datetime
from collections import defaultdict

from odoo import api, models

from ..engine import fmt_date, fmt_number, fmt_pct
from ..models.campaign import ROMAN


def _pct(value):
    return f"{fmt_pct(value)}%"


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
            "reports": {campaign.id: self._campaign_data(campaign) for campaign in campaigns},
        }

    @api.model
    def _campaign_data(self, campaign):
        _ = self.env._
        cycle = campaign.cycle_id
        quarter = int(campaign.quarter)
        env = self.sudo().env  # the campaign is readable: so are its figures

        def read(model, domain, fnames, order=None):
            return env[model].search_read(domain, fnames, order=order, load=None)

        in_cycle = [("cycle_id", "=", cycle.id)]
        results = read("cciaa.performance.result", [*in_cycle, ("quarter", "=", quarter)], [
            "level", "code", "unit_code", "indicator_id", "department_id", "operational_id",
            "strategic_id", "area_id", "result_value", "result_date", "achievement", "score",
            "computed_score", "evaluable", "reason", "overridden", "override_motivation",
            "weight",
        ])
        by_level = defaultdict(dict)
        rows_by_indicator = defaultdict(list)
        for result in results:
            if result["level"] == "row":
                rows_by_indicator[result["indicator_id"]].append(result)
            else:
                by_level[result["level"]][result["code"]] = result
        areas = read("cciaa.performance.area", in_cycle, ["code", "name"])
        strategic = read("cciaa.performance.strategic.objective", in_cycle,
                         ["code", "name", "area_id"])
        operational = read("cciaa.performance.operational.objective", in_cycle,
                           ["code", "name", "strategic_id"])
        indicators = read("cciaa.performance.indicator", in_cycle, [
            "code", "name", "kind", "strategic_id", "operational_id", "measure",
            "comparator", "parameter_1", "parameter_2",
        ])
        measure = {i["id"]: i["measure"] for i in indicators}
        targets = {
            t["indicator_id"]: t["date_value"] if measure[t["indicator_id"]] == "date" else t["value"]
            for t in read("cciaa.performance.indicator.target",
                          [("indicator_id", "in", list(measure)), ("year", "=", cycle.year)],
                          ["indicator_id", "value", "date_value"])
        }
        values = defaultdict(dict)  # (indicator, unit) -> {parameter: value}
        notes = defaultdict(list)
        for m in read("cciaa.performance.measurement",
                      [*in_cycle, ("quarter", "=", campaign.quarter)],
                      ["indicator_id", "department_id", "parameter", "value", "date_value",
                       "note", "entered"]):
            key = (m["indicator_id"], m["department_id"])
            if m["entered"]:
                values[key][m["parameter"]] = (
                    m["date_value"] if measure[m["indicator_id"]] == "date" else m["value"]
                )
            if m["note"]:
                notes[key].append(m["note"])
        criticita = defaultdict(list)
        for c in read("cciaa.performance.criticita", in_cycle,
                      ["strategic_id", "operational_id", "issues", "actions"]):
            key = ("os", c["strategic_id"]) if c["strategic_id"] else ("oo", c["operational_id"])
            criticita[key].append({"issues": c["issues"] or "", "actions": c["actions"] or ""})
        reasons = dict(self.env["cciaa.performance.result"]._fields["reason"]
                       ._description_selection(self.env))

        def figure(result):
            """Score of a roll-up figure, with its override."""
            if not result:
                return {"score": "—", "overridden": False}
            if not result["evaluable"]:
                return {"score": reasons.get(result["reason"], "—"), "overridden": False}
            return {
                "score": _pct(result["score"]),
                "overridden": result["overridden"],
                "computed": _pct(result["computed_score"]),
                "motivation": result["override_motivation"] or "",
                "weight": fmt_number(result["weight"], 2) if result["weight"] else "",
            }

        def indicator_rows(indicator):
            lines = []
            target = targets.get(indicator["id"])
            ind_measure = indicator["measure"]
            for row in sorted(rows_by_indicator.get(indicator["id"], ()),
                              key=lambda r: r["unit_code"] or ""):
                key = (indicator["id"], row["department_id"])
                quarter_values = values.get(key, {})
                params = ("1", "2") if ind_measure == "ratio" else ("1",)
                line = {
                    "code": indicator["code"],
                    "name": indicator["name"],
                    "unit": row["unit_code"] or "",
                    "quarter_values": " / ".join(
                        _value(quarter_values.get(p), ind_measure) for p in params
                    ),
                    "target": _value(target, ind_measure, result=True),
                    "notes": "\n".join(notes.get(key, ())),
                }
                if row["evaluable"]:
                    result = row["result_date"] if ind_measure == "date" else row["result_value"]
                    line.update(
                        result=_value(result, ind_measure, result=True),
                        achievement=_pct(row["achievement"]),
                        score=_pct(row["score"]),
                        deviation=_deviation(result, target, ind_measure),
                        below=row["score"] < 100,
                    )
                else:
                    line.update(result=reasons.get(row["reason"], "—"), achievement="—",
                                score="—", deviation="", below=False)
                lines.append(line)
            return lines

        indicators_of = defaultdict(list)
        for indicator in indicators:
            parent = (("os", indicator["strategic_id"]) if indicator["kind"] == "IS"
                      else ("oo", indicator["operational_id"]))
            indicators_of[parent].append(indicator)
        operational_of = defaultdict(list)
        for oo in operational:
            operational_of[oo["strategic_id"]].append(oo)
        strategic_of = defaultdict(list)
        for os_ in strategic:
            strategic_of[os_["area_id"]].append(os_)

        area_blocks = []
        for area in areas:
            os_blocks = []
            for os_ in strategic_of[area["id"]]:
                os_blocks.append({
                    "code": os_["code"],
                    "name": os_["name"],
                    **figure(by_level["os"].get(os_["code"])),
                    "rows": [line for ind in indicators_of[("os", os_["id"])]
                             for line in indicator_rows(ind)],
                    "criticita": criticita[("os", os_["id"])],
                    "operational": [
                        {
                            "code": oo["code"],
                            "name": oo["name"],
                            **figure(by_level["oo"].get(oo["code"])),
                            "rows": [line for ind in indicators_of[("oo", oo["id"])]
                                     for line in indicator_rows(ind)],
                            "criticita": criticita[("oo", oo["id"])],
                        }
                        for oo in operational_of[os_["id"]]
                    ],
                })
            area_blocks.append({
                "code": area["code"],
                "name": area["name"],
                **figure(by_level["area"].get(area["code"])),
                "strategic": os_blocks,
            })
        units = [
            {"code": code, "name": name, **figure(by_level["unit"].get(code))}
            for code, name in (
                (u["cciaa_code"], u["name"])
                for u in env["hr.department"].with_context(active_test=False).search_read(
                    [("id", "in", [r["department_id"] for r in by_level["unit"].values()
                                   if r["department_id"]])],
                    ["cciaa_code", "name"], order="cciaa_code",
                )
            )
        ]
        return {
            "title": _("Monitoring report – quadrimester %(quarter)s %(year)s",
                       quarter=ROMAN[campaign.quarter], year=cycle.year),
            "chamber": cycle.company_id.name,
            "period": f"{fmt_date(campaign.date_start)} – {fmt_date(campaign.date_end)}",
            "deadline": fmt_date(campaign.deadline) if campaign.deadline else "",
            "state": dict(campaign._fields["state"]._description_selection(self.env))[
                campaign.state],
            "closed": (
                _("closed by %(user)s on %(date)s", user=campaign.closed_by_id.name,
                  date=fmt_date(campaign.closed_on.date()))
                if campaign.closed_on else ""
            ),
            "ente": figure(by_level["ente"].get("ENTE")),
            "has_results": bool(results),
            "areas": area_blocks,
            "units": units,
            "printed_on": fmt_date(datetime.date.today()),
        }


def _value(value, measure, result=False):
    """A measured value, result or target as printed: dd/mm/yyyy, 94,50%, 1.234,5."""
    if value is None or value is False:
        return "—"
    if measure == "date":
        return fmt_date(value) if isinstance(value, datetime.date) else "—"
    if result and measure == "ratio":
        return _pct(value)
    return fmt_number(value)


def _deviation(result, target, measure):
    """Result − target, signed (in days for a deadline); empty without a target."""
    if result is None or target is None or target is False:
        return ""
    if measure == "date":
        if not isinstance(result, datetime.date) or not isinstance(target, datetime.date):
            return ""
        days = (result - target).days
        return f"{days:+d}" if days else "0"
    diff = round(result - target, 2)
    sign = "+" if diff > 0 else ""
    return f"{sign}{fmt_number(diff, 2)}"
