import datetime

from odoo.exceptions import UserError
from odoo.tests import tagged

from ..report import prevalidation
from .common import Relazione2019Case, pct1, reference

ORGANISATION = reference("organisation.json")
TREE = reference("tree.json")


def tree_indicator(code):
    for area in TREE["ente"]["areas"]:
        for os_ in area["strategic_objectives"]:
            for indicator in os_["indicators"]:
                if indicator["code"] == code:
                    return indicator
            for oo in os_["operational_objectives"]:
                for indicator in oo["indicators"]:
                    if indicator["code"] == code:
                        return indicator
    raise KeyError(code)


@tagged("post_install", "-at_install")
class TestPrevalidation(Relazione2019Case):
    """Each class of error of the 2019 document (docs/RULES.md C1–C16), injected into a
    copy of the 2019 data, is caught by the pre-validation; the clean data
    passes (but for the document's own "trimestrali", a warning)."""

    def sql(self, query, params):
        self.env.flush_all()
        self.env.cr.execute(query, params)
        self.env.invalidate_all()

    def findings(self, code):
        return self.checks()[code]["findings"]

    def assertCaught(self, check, message, **params):  # noqa: N802
        found = self.findings(check)
        self.assertTrue(
            any(
                code == message and all(p.get(k) == v for k, v in params.items())
                for code, p in found
            ),
            f"{check} did not report {message} {params}: {found}",
        )
        self.assertEqual(
            self.checks()[check]["status"],
            dict((c, s) for c, _letter, s in prevalidation.CHECKS)[check],
        )

    def test_clean_2019_data(self):
        checks = self.checks()
        errors = {
            code: c["findings"] for code, c in checks.items() if c["status"] == "error"
        }
        self.assertEqual(errors, {})
        self.assertEqual(checks["wording"]["status"], "warning")
        self.assertEqual(
            {p["where"] for _c, p in checks["wording"]["findings"]}, {"O2.1.3-e"}
        )
        self.relazione.action_approve()
        self.assertEqual(self.relazione.state, "approved")

    def test_every_check_names_an_oiv_letter(self):
        letters = {letter for _code, letter, _severity in prevalidation.CHECKS}
        self.assertLessEqual(letters, set("ABCDEFGHIJK"))
        self.relazione.action_run_checks()
        self.assertEqual(len(self.relazione.check_ids), len(prevalidation.CHECKS))
        self.assertEqual(set(self.relazione.check_ids.mapped("letter")), letters)

    def test_date_printed_as_serial_number(self):
        # O2.1.4-g was printed 43697,00: a completion date stored as a number
        serial = tree_indicator("O2.1.4-g")["result_serial_number"]
        for level, unit in (("indicator", None), ("row", "S0")):
            result = self.stored(level, "O2.1.4-g", unit)
            self.sql(
                "UPDATE cciaa_performance_result"
                " SET result_date = NULL, result_value = %s WHERE id = %s",
                (serial, result.id),
            )
        self.assertCaught(
            "dates",
            "date_as_number",
            code="O2.1.4-g",
            date=prevalidation.serial_to_date(serial),
        )
        self.assertEqual(
            prevalidation.serial_to_date(serial),
            datetime.date.fromisoformat(tree_indicator("O2.1.4-g")["result"]),
        )

    def test_share_above_100(self):
        # O2.1.3-g was printed 200,00%
        printed = tree_indicator("O2.1.3-g")["result_printed"]
        value = float(printed.rstrip("%").replace(".", "").replace(",", "."))
        result = self.stored("indicator", "O2.1.3-g")
        self.sql(
            "UPDATE cciaa_performance_result SET result_value = %s WHERE id = %s",
            (value, result.id),
        )
        self.assertCaught(
            "shares", "share_out_of_range", code="O2.1.3-g", what="result"
        )

    def test_target_date_in_the_wrong_year(self):
        # O2.1.2-c: target printed 30/11/2018 for a 2019 deadline, scored 100%
        printed = tree_indicator("O2.1.2-c")["target_printed"]
        day, month, year = (int(x) for x in printed.split("/"))
        indicator = self.env["cciaa.performance.indicator"].search(
            [("cycle_id", "=", self.cycle.id), ("code", "=", "O2.1.2-c")]
        )
        target = indicator._target_for(self.cycle.year)
        self.sql(
            "UPDATE cciaa_performance_indicator_target"
            " SET date_value = %s WHERE id = %s",
            (datetime.date(year, month, day), target.id),
        )
        self.assertCaught("dates", "target_out_of_year", code="O2.1.2-c")

    def test_ente_100_against_97_8(self):
        # section 1 printed the Ente at 100,0% while section 3 printed 97,8%: our
        # sections read one figure; were they ever fed two, the check says so
        published = reference("headline.json")["performance_ente"]["value"]
        data = self.prepared()
        data["section1"]["ente"] = pct1(published)
        facts = self.provider._prevalidation_facts(self.relazione, data)
        checks = {c["code"]: c for c in prevalidation.run_checks(facts)}
        self.assertIn(
            (
                "section_mismatch",
                {"what": "Ente", "s1": pct1(published), "s3": data["ente"]["score"]},
            ),
            checks["sections"]["findings"],
        )
        # and a stored Ente that is not the weighted mean of its areas
        ente = self.stored("ente", "ENTE")
        self.sql(
            "UPDATE cciaa_performance_result SET score = %s WHERE id = %s",
            (published, ente.id),
        )
        self.assertCaught("rollup", "rollup", code="ENTE")

    def test_duplicated_individual_row(self):
        if "cciaa.performance.scheda" not in self.env:
            self.skipTest("individual schede not installed")
        line = self.env["cciaa.performance.scheda.line"].search(
            [("cycle_id", "=", self.cycle.id), ("indicator_id", "!=", False)], limit=1
        )
        if not line:
            self.skipTest("the data set has no individual rows")
        self.env.flush_all()
        # the stored computed columns too (code, algorithm): the SQL copy
        # bypasses their computation, and section 4 prints the row's code
        columns = [
            f
            for f in (
                "scheda_id",
                "indicator_id",
                "department_id",
                "kind",
                "name",
                "code",
                "algorithm",
                "weight",
                "sequence",
                "cycle_id",
                "company_id",
                "employee_id",
            )
            if f in line._fields and line._fields[f].store
        ]
        self.sql(
            f"INSERT INTO cciaa_performance_scheda_line ({', '.join(columns)}) "
            f"SELECT {', '.join(columns)} FROM cciaa_performance_scheda_line"
            " WHERE id = %s",
            (line.id,),
        )
        self.assertCaught(
            "individual", "duplicate_row", code=line.indicator_id.code, count=2
        )

    def test_staff_table_not_adding_up(self):
        # 2019 seniority: rows summing to 31 under a printed total of 32
        rows = next(
            r
            for r in ORGANISATION["human_resources"]["by_seniority"]["rows"]
            if r["label"] == "0-5"
        )
        line = self.relazione.staff_line_ids.filtered(
            lambda s: s.dimension == "seniority" and s.key == "0-5" and s.year == 2019
        )
        line.count = rows["values"]["2019"] + 1
        self.assertCaught("context", "staff_total", table="seniority", year=2019)

    def test_budget_total_rounded_wrongly(self):
        budget = ORGANISATION["budget"]["checks"]["consuntivo_2019"]
        total = self.relazione.budget_line_ids.filtered(
            lambda b: b.is_declared_total and b.section == "proventi"
        )
        total.consuntivo = budget["printed_total_A"]
        self.assertCaught("context", "budget_total", column="consuntivo")

    def test_algorithm_text_against_target(self):
        # section 4 printed "≥ 5" for S3.1.3-c, whose target is 3
        indicator = self.env["cciaa.performance.indicator"].search(
            [("cycle_id", "=", self.cycle.id), ("code", "=", "S3.1.3-c")]
        )
        for text in (
            "n. iniziative realizzate ≥ 5",
            "n. iniziative realizzate >= 5",
            "n. iniziative realizzate >=5",
        ):
            indicator.algorithm = text
            self.assertCaught("algorithm", "algorithm_target", code="S3.1.3-c")
        indicator.algorithm = "% iniziative >=80%"
        self.assertCaught("algorithm", "algorithm_target", code="S3.1.3-c")

    def test_trimestrali_in_the_narrative(self):
        self.relazione.section_process = (
            "<p>Relazioni trimestrali inviate alla Giunta.</p>"
        )
        self.assertCaught("wording", "wording", word="trimestrali")

    def test_objective_below_100_without_criticita(self):
        self.env["cciaa.performance.criticita"].search(
            [("cycle_id", "=", self.cycle.id)]
        ).unlink()
        self.assertCaught("criticita", "missing_criticita", code="3.2")
        with self.assertRaises(UserError):
            self.relazione.action_approve()

    def test_override_without_motivation(self):
        override = self.env["cciaa.performance.override"].search(
            [("cycle_id", "=", self.cycle.id)]
        )
        self.sql(
            "UPDATE cciaa_performance_override SET motivation = '' WHERE id = %s",
            (override.id,),
        )
        self.assertCaught("overrides", "missing_motivation", code="3.2")

    def test_weights_not_summing_to_100(self):
        area = self.cycle.area_ids.filtered(lambda a: a.code == "OB1")
        self.sql(
            "UPDATE cciaa_performance_area SET weight = weight + 1 WHERE id = %s",
            (area.id,),
        )
        self.assertCaught("weights", "weights")

    def test_missing_result(self):
        result = self.stored("indicator", "S1.1.1-a")
        self.sql("DELETE FROM cciaa_performance_result WHERE id = %s", (result.id,))
        self.assertCaught("results", "no_result", code="S1.1.1-a")

    def test_unfilled_placeholder(self):
        self.relazione.section_oiv_evaluation = "<p>pari al ----% del totale</p>"
        self.assertCaught("placeholders", "placeholder")

    def test_algorithm_parser(self):
        parse = prevalidation.parse_algorithm
        self.assertEqual(parse("n. newsletter inviate >=12"), ("number", "ge", 12.0))
        self.assertEqual(parse("% attività ≥ 80%"), ("number", "ge", 80.0))
        self.assertEqual(parse("n. non conformità <= 1"), ("number", "le", 1.0))
        self.assertEqual(parse("n. prospetti (n. 12)"), ("number", "ge", 12.0))
        self.assertEqual(
            parse("data aggiornamento <= 30/08/2019"),
            ("date", datetime.date(2019, 8, 30)),
        )
        self.assertIsNone(
            parse("data invio relazione entro 30 gg chiusura quadrimestre")
        )

    def test_approval_needs_the_deliberation(self):
        self.relazione.delibera_number = False
        with self.assertRaises(UserError):
            self.relazione.action_approve()
