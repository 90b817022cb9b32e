from odoo.tests import tagged

from ..report import formats
from ..report.staff_tables import DIMENSIONS
from .common import Relazione2019Case, reference

ORGANISATION = reference("organisation.json")
GENDER = reference("gender.json")
TABLES = {
    "by_category": "category",
    "by_age_class": "age",
    "by_seniority": "seniority",
    "by_contract": "contract",
    "by_education": "education",
    "by_sex": "sex",
}
# the document's class "20-29" is ours "fino a 29" (nobody is younger than 20)
LABELS = {"20-29": "fino a 29"}


@tagged("post_install", "-at_install")
class TestStaffTables(Relazione2019Case):
    """Staff tables computed from hr.employee: the 2019 columns of the document,
    and rows that always add up to the headcount."""

    def lines(self, dimension, year):
        return self.relazione.staff_line_ids.filtered(
            lambda line: line.dimension == dimension and line.year == year
        )

    def test_2019_columns_as_published(self):
        year = self.relazione.year
        for table, dimension in TABLES.items():
            lines = {line.label: line.count for line in self.lines(dimension, year)}
            for row in ORGANISATION["human_resources"][table]["rows"]:
                if row["label"] == "Totale":
                    continue
                with self.subTest(table=table, row=row["label"]):
                    label = LABELS.get(row["label"], row["label"])
                    self.assertEqual(lines.get(label, 0), row["values"][str(year)])

    def test_headcount_per_year(self):
        totals = next(
            r
            for r in ORGANISATION["human_resources"]["by_category"]["rows"]
            if r["label"] == "Totale"
        )["values"]
        for year in self.relazione._staff_years():
            headcount = self.lines("headcount", year)
            self.assertEqual(headcount.count, totals[str(year)])
            for dimension, _title, _bands in DIMENSIONS:
                with self.subTest(year=year, dimension=dimension):
                    self.assertEqual(
                        sum(self.lines(dimension, year).mapped("count")),
                        headcount.count,
                    )

    def test_missing_data_still_adds_up(self):
        self.env["hr.employee"].create(
            {
                "name": "Nuovo assunto",
                "company_id": self.cycle.company_id.id,
                "cciaa_hire_date": "2019-03-01",
                "gender": "female",
                "cciaa_category": "C",
            }
        )
        self.relazione.action_compute_context()
        year = self.relazione.year
        headcount = self.lines("headcount", year).count
        education = self.lines("education", year)
        self.assertEqual(
            education.filtered(lambda line: line.key == "unknown").count, 1
        )
        self.assertEqual(sum(education.mapped("count")), headcount)
        checks = {c["code"]: c for c in self.prepared()["checks"]}
        self.assertEqual(checks["context"]["status"], "ok")

    def test_gender_indicators_2019(self):
        year = self.relazione.year
        computed = {
            line.indicator: line.value
            for line in self.relazione.gender_line_ids.filtered(
                lambda g: g.year == year
            )
        }
        rows = {
            r["label"]: r["values"][str(year)]
            for r in GENDER["indicators_table"]["rows"]
        }
        expected = {
            "avg_age_female": rows["Età media del personale femminile"],
            "avg_age_male": rows["Età media del personale maschile"],
            "pct_female_graduates": rows[
                "% di personale femminile laureato rispetto al "
                "totale del personale femminile"
            ],
            "pct_male_graduates": rows[
                "% di personale maschile laureato rispetto al "
                "totale del personale maschile"
            ],
        }
        for key, value in expected.items():
            with self.subTest(indicator=key):  # printed rounded to units
                self.assertEqual(round(computed[key]), value)

    def test_budget_totals(self):
        data = self.prepared()["budget"]
        checks = ORGANISATION["budget"]["checks"]
        columns = ("preventivo_2019", "preventivo_2019_aggiornato", "consuntivo_2019")
        proventi, oneri = data["sections"]
        for index, column in enumerate(columns):
            self.assertEqual(
                proventi["total"][index], formats.amount(checks[column]["sum_A_rows"])
            )
            self.assertEqual(
                oneri["total"][index], formats.amount(checks[column]["sum_B_rows"])
            )
            self.assertEqual(
                data["result"][index],
                formats.amount(checks[column]["sum_rows_A_plus_B"]),
            )
