from odoo import fields, models


class QueueJob(models.Model):
    """A job knows the cycle it recomputes, so that the cycle's form lists its
    jobs and the performance manager reads them (security/queue_security.xml)
    without the Job Queue menu."""

    _inherit = "queue.job"

    cciaa_cycle_id = fields.Many2one(
        "cciaa.performance.cycle",
        string="Performance cycle",
        readonly=True,
        index="btree_not_null",
        # a job is history: deleting a draft cycle leaves it to the job queue
        ondelete="set null",
    )
