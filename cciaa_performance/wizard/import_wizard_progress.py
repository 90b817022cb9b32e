from odoo import models

from ..models.progress import notify_step, notify_user


class CciaaPerformanceImportWizard(models.TransientModel):
    """Progress and end of an import told to the person who started it, on
    the bus (models/progress.py): a large workbook takes minutes, and they
    may have moved to another screen meanwhile. The import stays one
    transaction (nothing is written unless everything is right): its steps
    are told as they are reached, its end with its outcome."""

    _inherit = "cciaa.performance.import.wizard"

    def _check_against_database(self, parsed):
        notify_step(
            self.env,
            self.env._(
                "%(file)s read: %(indicators)s indicators, %(measurements)s "
                "measurements, %(employees)s employees. Checking them.",
                file=self.filename or "",
                indicators=len(parsed.indicators),
                measurements=len(parsed.measurements),
                employees=len(parsed.employees),
            ),
            title=self.env._("Import in progress"),
        )
        return super()._check_against_database(parsed)

    def _create_cycle(self, parsed):
        cycle = super()._create_cycle(parsed)
        notify_step(
            self.env,
            self.env._(
                "%(cycle)s written: computing its figures.", cycle=cycle.display_name
            ),
            title=self.env._("Import in progress"),
        )
        return cycle

    def action_import(self):
        result = super().action_import()
        if self.cycle_id:
            notify_user(
                self.env,
                self.env._(
                    "%(file)s imported: %(cycle)s, figures computed.",
                    file=self.filename or "",
                    cycle=self.cycle_id.display_name,
                ),
                title=self.env._("Import finished"),
            )
        else:
            notify_user(
                self.env,
                self.env._(
                    "%(file)s was not imported: nothing was written. The errors "
                    "are listed in the import window.",
                    file=self.filename or "",
                ),
                title=self.env._("Import refused"),
                kind="warning",
                sticky=True,
            )
        return result
