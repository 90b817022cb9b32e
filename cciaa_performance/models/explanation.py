"""How a figure was computed ("come è stato calcolato"), for people.

The engine records each figure's explanation (rule code, inputs, formula,
steps: engine/types.py ``Explanation``); it is stored with the figure as
compact JSON (:func:`explanation_json`: the named tuple as nested arrays,
written by the C encoder), read back as a tree of dicts
(:func:`expand_explanation`) and rendered here in the reader's language.
Results, schede, funds and allocations inherit the rendering.
"""

import datetime
import json

from markupsafe import Markup, escape

from odoo import api, models

from ..engine import fmt_number


class CciaaPerformanceExplanation(models.AbstractModel):
    _name = "cciaa.performance.explanation"
    _description = "Explanation of a computed figure"

    def _rule_labels(self):
        return {
            "ratio_pooled": self.env._(
                "Ratio of the sums over the quadrimesters (pooled)"
            ),
            "count_sum": self.env._("Sum of the quadrimesters"),
            "average_mean": self.env._("Mean of the reported quadrimesters"),
            "date_completion": self.env._("Completion date"),
            "value_latest": self.env._("Latest reported value"),
            "achievement_ge": self.env._("Higher is better: result / target"),
            "achievement_le": self.env._("Lower is better: 2 − result / target"),
            "achievement_eq": self.env._("Exactly the target"),
            "deadline": self.env._("Deadline: met on or before the date"),
            "parametrata": self.env._(
                "Tolerance: at or above the threshold counts as 100"
            ),
            "mean": self.env._("Mean"),
            "weighted_mean": self.env._("Weighted mean"),
            "override": self.env._("Motivated evaluation (override)"),
            "not_evaluable": self.env._("Not evaluable"),
            "pooled": self.env._("Pooled over the reporting units"),
            "units_sum": self.env._("Sum of the units' results"),
            "units_mean": self.env._("Mean of the units' results"),
            "units_min": self.env._("Lowest of the units' results"),
            "units_max": self.env._("Highest of the units' results"),
            "units_latest": self.env._("Latest of the units' dates"),
            "units_earliest": self.env._("Earliest of the units' dates"),
            "units_all_units": self.env._(
                "Every unit must reach it: the unit that achieves least"
            ),
            "none": self.env._("No computation"),
        }

    def _input_labels(self):
        """The engine's input keys (stable codes) in the user's language;
        objective and indicator codes are shown as they are."""
        return {
            "result": self.env._("Result"),
            "target": self.env._("Target"),
            "value": self.env._("Value"),
            "quadrimester": self.env._("Quadrimester"),
            "up_to_quadrimester": self.env._("Up to quadrimester"),
            "sum": self.env._("Sum"),
            "values": self.env._("Values reported"),
            "rows": self.env._("Reporting units"),
            "rows_without_date": self.env._("Units without a date yet"),
            "rows_without_result": self.env._("Units without a result yet"),
            "units": self.env._("Results of the units"),
            "achievements": self.env._("% target achievement of the units"),
            "unit_reason": self.env._("Why that unit has no figure"),
            "bad_value": self.env._("Wrong value"),
            "completion_date": self.env._("Completion date"),
            "numerator_sum": self.env._("Sum of the numerators"),
            "denominator_sum": self.env._("Sum of the denominators"),
            "computed_score": self.env._("Computed %"),
            "override": self.env._("% set by the motivated evaluation"),
            "motivation": self.env._("Motivation"),
            "author": self.env._("Decided by"),
            "excluded": self.env._("Not evaluable, left out"),
            "tolerance": self.env._("Tolerance"),
            "achievement": self.env._("% target achievement"),
            "reason": self.env._("Reason"),
            "days_late": self.env._("Days late"),
            "points_per_day_late": self.env._("Points lost per day late"),
            "missed_deadline_rule": self.env._("Rule for a missed deadline"),
            "exact_miss_rule": self.env._("Rule for a missed exact target"),
            # individual scheda (engine/individual.py)
            "results": self.env._("Results"),
            "behaviours": self.env._("Behaviours"),
            "results_share": self.env._("Share of the results"),
            "behaviours_share": self.env._("Share of the behaviours"),
            "score": self.env._("Score"),
            "phases": self.env._("Phases"),
            "unit": self.env._("Unit"),
            "from": self.env._("From"),
            "to": self.env._("To"),
            "days": self.env._("Days"),
            "participation": self.env._("Participation %"),
            "not_rated": self.env._("Behaviours not rated"),
            "split": self.env._("Results/behaviours split"),
            "sg": self.env._("Segretario Generale"),
        }

    def _format_input(self, rule, value):
        if isinstance(value, bool):
            return self.env._("yes") if value else self.env._("no")
        if isinstance(value, float):
            return fmt_number(value)
        if isinstance(value, list):
            if rule == "weighted_mean" and len(value) == 2:
                return self.env._(
                    "%(score)s with weight %(weight)s",
                    score=self._format_input(rule, value[0]),
                    weight=self._format_input(rule, value[1]),
                )
            if (
                rule.startswith("units_")
                and len(value) == 2
                and isinstance(value[0], str)
            ):  # (unit, its figure)
                return f"{value[0]}: {self._format_input(rule, value[1])}"
            return "; ".join(str(self._format_input(rule, item)) for item in value)
        if value is None:
            return "—"
        return value

    @api.model
    def _render_explanation(self, node, labels, input_labels=None):
        input_labels = input_labels or self._input_labels()
        rule = node.get("rule", "")
        parts = [Markup("<strong>%s</strong>") % labels.get(rule, rule)]
        if node.get("formula"):
            parts.append(Markup(": <code>%s</code>") % node["formula"])
        inputs = node.get("inputs") or []
        if inputs:
            items = Markup("").join(
                Markup("<li>%s: %s</li>")
                % (input_labels.get(label, label), self._format_input(rule, value))
                for label, value in inputs
            )
            parts.append(Markup("<ul>%s</ul>") % items)
        steps = node.get("steps") or []
        if steps:
            parts.append(
                Markup("<ol>%s</ol>")
                % Markup("").join(
                    Markup("<li>%s</li>")
                    % self._render_explanation(step, labels, input_labels)
                    for step in steps
                )
            )
        return Markup("<div class='o_cciaa_explanation'>%s</div>") % Markup("").join(
            escape(p) if not isinstance(p, Markup) else p for p in parts
        )


def _json_default(value):
    """What JSON has no type for: dates as dd/mm/yyyy, anything else as text."""
    if isinstance(value, datetime.date):
        return f"{value.day:02d}/{value.month:02d}/{value.year}"
    return str(value)


# one encoder, no indent: json then takes its C path for the whole tree
_encode = json.JSONEncoder(
    separators=(",", ":"), ensure_ascii=False, default=_json_default
).encode


def _c_encoder():
    """json's C encoder made once with the options of ``_encode``, or None
    where this Python has none or builds it otherwise: ``JSONEncoder.encode``
    makes a new one for every call, a third of the time of encoding an
    explanation (half a million of them in a national recompute)."""
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:
        return None
    try:
        encoder = make(
            None, _json_default, json.encoder.encode_basestring,
            None, ":", ",", False, False, True,
        )  # fmt: skip
        sample = ("rule", (("a", 1.5), ("b", None)), "f «à»", ())
        if "".join(encoder(sample, 0)) != _encode(sample):
            return None
    except TypeError:
        return None
    return encoder


_C_ENCODER = _c_encoder()


def explanation_json(explanation):
    """The explanation as compact JSON: ``[rule, [[label, value], …],
    formula, [step, …]]``, numbers exactly as the engine computed them."""
    if _C_ENCODER is None:
        return _encode(explanation)
    return "".join(_C_ENCODER(explanation, 0))


def expand_explanation(node):
    """Compact JSON data (parsed) back to the tree the readers use:
    ``{"rule", "inputs": [[label, value], …], "formula", "steps": […]}``."""
    rule, inputs, formula, steps = node
    return {
        "rule": rule,
        "inputs": [
            [label if type(label) is str else str(label), value]
            for label, value in inputs
        ],
        "formula": formula,
        "steps": [expand_explanation(step) for step in steps],
    }


def explanation_dict(explanation):
    """The explanation as the readers get it from a stored figure."""
    return expand_explanation(json.loads(explanation_json(explanation)))
