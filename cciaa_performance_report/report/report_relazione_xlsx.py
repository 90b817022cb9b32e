"""The Relazione as a workbook (OCA report_xlsx), from the same prepared
structure as the PDF. Column layouts are declared as data below; values are
written typed (numbers, real dates), percentages in percent units (97.75). A
figure that is not evaluable is written as the PDF prints it ("n.d." with the
reason), never as 0; the premiums only from confirmed allocations."""

from odoo import models

from .formats import NOT_AVAILABLE as NOT_COMPUTED

# (key in the prepared row, header, width, kind); kinds: text, number, count,
# pct, value
TREE_COLUMNS = (
    ("row", "Ob/Ind", 8, "text"),
    ("code", "Codice", 12, "text"),
    ("title", "Obiettivo / indicatore", 60, "text"),
    ("algorithm", "Algoritmo", 36, "text"),
    ("result_raw", "Risultato", 13, "value"),
    ("target_raw", "Target", 13, "value"),
    ("achievement_raw", "% realizzazione target", 13, "pct"),
    ("score_raw", "% realizzazione parametrata", 13, "pct"),
    ("weight_raw", "Peso", 8, "number"),
    ("share_parent_raw", "% su Ob pond", 11, "pct"),
    ("share_ente_raw", "% su Ente", 11, "pct"),
    ("units", "Ufficio", 18, "text"),
)
UNIT_COLUMNS = (
    ("unit", "Unità", 8, "text"),
    ("unit_name", "Nome unità", 36, "text"),
    ("unit_score", "Risultato ambito organizzativo %", 13, "pct"),
    ("kind", "Ob/Ind", 7, "text"),
    ("code", "Codice", 12, "text"),
    ("title", "Indicatore", 50, "text"),
    ("parameter", "Parametro di calcolo", 28, "text"),
    ("q1", "Dati I quadr.", 11, "value"),
    ("q2", "Dati II quadr.", 11, "value"),
    ("q3", "Dati III quadr.", 11, "value"),
    ("total", "TOT / MEDIA anno", 12, "value"),
    ("result_raw", "Risultato", 12, "value"),
    ("target_raw", "Target", 12, "value"),
    ("achievement_raw", "% realizzazione target", 12, "pct"),
    ("score_raw", "% realizzazione parametrata", 12, "pct"),
)
# where the chamber has cycle N-1: its result and the trend, after the result N
# (report/relazione_years.py); beside a unit's result, the indicator's N-1
YEAR_COLUMNS = (
    ("previous_raw", "Risultato {label}{year}", 13, "value"),
    ("trend_label", "Andamento sul {year}", 16, "text"),
)
# section 4 by role and Servizio, as the PDF: never a name (art. 20 D.Lgs. 33/2013)
INDIVIDUAL_COLUMNS = (
    ("position", "Posizione", 30, "text"),
    ("code", "Codice", 12, "text"),
    ("title", "Obiettivo / indicatore", 50, "text"),
    ("unit", "Unità", 8, "text"),
    ("result", "Risultato", 13, "text"),
    ("target", "Target", 13, "text"),
    ("score_raw", "% realizzazione parametrata", 13, "pct"),
)
# the premiums in aggregated form only: no name, matricola or personal amount
DISTRIBUTION_COLUMNS = (
    ("table", "Distribuzione", 14, "text"),
    ("label", "Categoria / fascia", 44, "text"),
    ("people", "Dipendenti", 11, "count"),
    ("paid_people", "Premiati", 11, "count"),
    ("total_raw", "Totale premi (euro)", 16, "number"),
    ("mean_raw", "Premio medio (euro)", 16, "number"),
    ("share_raw", "% sul distribuito", 12, "pct"),
)
DISTRIBUTION_NOT_AVAILABLE = (
    "Distribuzione dei premi non disponibile: nessuna ripartizione del fondo "
    "confermata per il ciclo"
)
NOT_AVAILABLE = "Obiettivi individuali non disponibili in questa installazione"
CHECK_COLUMNS = (
    ("letter", "OIV", 6, "text"),
    ("label", "Controllo", 50, "text"),
    ("status_label", "Esito", 12, "text"),
    ("details", "Rilievi", 90, "text"),
)


class ReportRelazioneXlsx(models.AbstractModel):
    _name = "report.cciaa_performance_report.report_relazione_xlsx"
    _inherit = "report.cciaa_performance.abstract_xlsx"
    _description = "Relazione sulla performance (XLSX)"

    def generate_xlsx_report(self, workbook, data, objs):
        objs._check_readable()  # a draft is not for every reader (security/)
        provider = self.env["report.cciaa_performance_report.report_relazione"]
        formats = self._formats(workbook)
        for relazione in objs:
            prepared = provider._prepare(relazione)
            suffix = f" {relazione.year}" if len(objs) > 1 else ""
            self._write_sheet(
                workbook,
                formats,
                f"Albero{suffix}",
                self._with_previous(TREE_COLUMNS, prepared),
                self._tree_rows(prepared),
            )
            self._write_sheet(
                workbook,
                formats,
                f"Schede unità{suffix}",
                self._with_previous(UNIT_COLUMNS, prepared, "indicatore "),
                self._unit_rows(prepared),
            )
            self._write_sheet(
                workbook,
                formats,
                f"Obiettivi individuali{suffix}",
                INDIVIDUAL_COLUMNS,
                self._individual_rows(prepared["individual"]),
            )
            self._write_sheet(
                workbook,
                formats,
                f"Distribuzione premi{suffix}",
                DISTRIBUTION_COLUMNS,
                self._distribution_rows(prepared["incentive"]),
            )
            self._write_sheet(
                workbook,
                formats,
                f"Pre-validazione{suffix}",
                CHECK_COLUMNS,
                [
                    {**check, "details": "\n".join(check["messages"])}
                    for check in prepared["checks"]
                ],
            )

    @staticmethod
    def _formats(workbook):
        return {
            "header": workbook.add_format(
                {
                    "bold": True,
                    "bg_color": "#DFE7EF",
                    "border": 1,
                    "text_wrap": True,
                    "valign": "top",
                }
            ),
            "text": workbook.add_format({"text_wrap": True, "valign": "top"}),
            "number": workbook.add_format({"num_format": "#,##0.00", "valign": "top"}),
            "pct": workbook.add_format({"num_format": "0.00", "valign": "top"}),
            "count": workbook.add_format({"num_format": "0", "valign": "top"}),
            "date": workbook.add_format({"num_format": "dd/mm/yyyy", "valign": "top"}),
        }

    @staticmethod
    def _with_previous(columns, prepared, label=""):
        """``columns`` with the result N-1 and the trend right after the
        result N, where the chamber has cycle N-1."""
        year = prepared.get("previous_year")
        if not year:
            return columns
        at = [key for key, *_rest in columns].index("result_raw") + 1
        extra = tuple(
            (key, header.format(year=year, label=label), width, kind)
            for key, header, width, kind in YEAR_COLUMNS
        )
        return columns[:at] + extra + columns[at:]

    @staticmethod
    def _printed(row, raw, text):
        """The typed value of ``row[raw]``, or the printed text of
        ``row[text]`` when there is none ("n.d." and its reason)."""
        value = row.get(raw)
        return row.get(text, "") if value is None else value

    @classmethod
    def _tree_rows(cls, prepared):
        rows = []
        for row in prepared["tree_rows"]:
            out = dict(row)
            for raw, text in (
                ("result_raw", "result"),
                ("achievement_raw", "achievement"),
                ("score_raw", "score"),
                ("share_parent_raw", "share_parent"),
                ("share_ente_raw", "share_ente"),
                ("previous_raw", "previous"),
            ):
                out[raw] = cls._printed(row, raw, text)
            if row["row"] in ("E", "AS", "OS", "OO", "IS TOT"):
                out.update(result_raw=None, target_raw=None, achievement_raw=None)
            if row["row"] == "IS TOT":
                out["code"] = row["code"]
            if row["row"] == "E":  # the Ente has no parent to weigh on
                out.update(weight_raw=None, share_parent_raw=None)
            rows.append(out)
        return rows

    @classmethod
    def _unit_rows(cls, prepared):
        rows = []
        for sheet in prepared["unit_sheets"]:
            for row in sheet["rows"]:
                for index, param in enumerate(row["params"]):
                    quarters = list(param["quarters_raw"]) + [None] * 3
                    rows.append(
                        {
                            "unit": sheet["code"],
                            "unit_name": sheet["name"],
                            "unit_score": cls._printed(sheet, "score_raw", "score"),
                            "kind": row["kind"],
                            "code": row["code"],
                            "title": row["title"],
                            "parameter": param["name"],
                            "q1": quarters[0],
                            "q2": quarters[1],
                            "q3": quarters[2],
                            "total": cls._printed(param, "total_raw", "total"),
                            # the row's figures once, on its first parameter line
                            **(
                                {
                                    "result_raw": cls._printed(
                                        row, "result_raw", "result"
                                    ),
                                    "target_raw": row["target_raw"],
                                    "achievement_raw": cls._printed(
                                        row, "achievement_raw", "achievement"
                                    ),
                                    "score_raw": cls._printed(
                                        row, "score_raw", "score"
                                    ),
                                    "previous_raw": cls._printed(
                                        row, "previous_raw", "previous"
                                    ),
                                    "trend_label": row.get("trend_label"),
                                }
                                if index == 0
                                else {}
                            ),
                        }
                    )
        return rows

    @classmethod
    def _individual_rows(cls, individual):
        if not individual["available"]:
            return [{"position": NOT_AVAILABLE}]
        return [
            {
                **row,
                "position": table["heading"],
                "score_raw": cls._printed(row, "score_raw", "score"),
            }
            for table in individual["sg"] + individual["po"]
            for row in table["rows"]
        ]

    @staticmethod
    def _distribution_rows(premi):
        """Summary, categories and bands of the prepared distribution; a mean
        that cannot be computed is written "n.d.", never 0."""
        if not premi["available"]:
            return [{"label": DISTRIBUTION_NOT_AVAILABLE}]
        rows = [
            {
                "table": "Fondo",
                "label": "Premi stanziati",
                "total_raw": premi["allocated_raw"],
            },
            {
                "table": "Fondo",
                "label": "Premi distribuiti",
                "people": premi["people"],
                "paid_people": premi["paid_people"],
                "total_raw": premi["distributed_raw"],
                "mean_raw": premi["mean_raw"],
                "share_raw": 100.0 if premi["distributed_raw"] else None,
            },
            {
                "table": "Fondo",
                "label": "Premi non distribuiti",
                "total_raw": premi["undistributed_raw"],
            },
        ]
        rows += [{**row, "table": "Categoria"} for row in premi["by_category"]]
        rows += [{**row, "table": "Fascia"} for row in premi["by_band"]]
        for row in rows:
            for key in ("mean_raw", "share_raw"):
                if "people" in row and row.get(key) is None:
                    row[key] = NOT_COMPUTED
        return rows
