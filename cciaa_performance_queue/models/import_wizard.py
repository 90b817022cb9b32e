"""The import of a cycle as a queue_job job, where a job runner serves the
database: the user's request ends at once, a worker imports, and the end
(the cycle, or why nothing was written) is told to the user on the bus
(cciaa_performance/models/progress.py). Without a runner the wizard imports
in the request, telling its steps as it goes."""

import base64

from odoo import api, models
from odoo.exceptions import AccessError, UserError

from odoo.addons.cciaa_performance.models.progress import notify_step, notify_user

# the errors the end notification lists; the rest is counted
SHOWN_ISSUES = 10


class CciaaPerformanceImportWizard(models.TransientModel):
    _inherit = "cciaa.performance.import.wizard"

    def action_import(self):
        if not self.env["cciaa.performance.cycle"]._job_runner_present():
            return super().action_import()
        self.ensure_one()
        if not self.file:
            raise UserError(self.env._("Choose a file to import."))
        # the file waits for the worker in an attachment of the importer's
        attachment = self.env["ir.attachment"].create(
            {"name": self.filename or "import.xlsx", "datas": self.file}
        )
        self.env[self._name].with_delay(
            description=self.env._("Import %(file)s", file=attachment.name),
        )._import_job(attachment.id)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Import queued"),
                "message": self.env._(
                    "%(file)s is being imported: you will be told when it ends.",
                    file=attachment.name,
                ),
                "type": "info",
                "sticky": False,
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    @api.model
    def _import_job(self, attachment_id):
        """The job: the import of the wizard, as the user who queued it (the
        same checks: an import never widens the importer's access). Private,
        hence never callable over RPC; it reads only an attachment that user
        created. Returns the outcome, also told on the bus."""
        attachment = self.env["ir.attachment"].sudo().browse(attachment_id).exists()
        if not attachment or attachment.create_uid != self.env.user:
            raise AccessError(self.env._("This import belongs to another user."))
        name = attachment.name
        source = (base64.b64decode(attachment.datas), name)
        attachment.unlink()
        try:
            cycle, issues = self._run(source)
        except Exception:
            # the job's transaction is rolled back: tell it on a cursor of
            # its own, then let queue_job record the failure
            notify_step(
                self.env,
                self.env._("%(file)s: the import failed.", file=name),
                title=self.env._("Import refused"),
            )
            raise
        if cycle:
            message = self.env._(
                "%(file)s imported: %(cycle)s, figures computed.",
                file=name,
                cycle=cycle.display_name,
            )
            notify_user(self.env, message, title=self.env._("Import finished"))
            return message
        shown = issues[:SHOWN_ISSUES]
        lines = [
            self.env._("%(file)s was not imported: nothing was written.", file=name),
            *self._messages(shown),
        ]
        if len(issues) > len(shown):
            lines.append(
                self.env._(
                    "…and %(count)s more errors and warnings.",
                    count=len(issues) - len(shown),
                )
            )
        message = "\n".join(lines)
        notify_user(
            self.env,
            message,
            title=self.env._("Import refused"),
            kind="warning",
            sticky=True,
        )
        return message
