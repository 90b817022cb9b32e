from odoo import models

from ..models.progress import notify_user


class CciaaPerformanceImportWizard(models.TransientModel):
    """The end of an import told to the person who started it, on the bus
    (models/progress.py): a large workbook takes minutes and they may have
    moved to another screen meanwhile."""

    _inherit = "cciaa.performance.import.wizard"

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
