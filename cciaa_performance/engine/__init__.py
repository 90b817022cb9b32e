"""Scoring engine of the performance cycle: plain Python, no odoo import.

The Odoo models build a :class:`~.types.CycleInput` from records, call
:func:`evaluate_cycle` and store the :class:`~.types.CycleResult`; the
reports render that same result object.
"""
