"""Import format of a performance cycle: read, validate, build engine inputs.

Plain Python, no odoo import (relative imports only, so that tests can load
this package without executing the addon's ``__init__``).
"""

from .reader import ReadError, Row, read_sheets  # noqa: F401
from .validate import MESSAGES, Issue, ParsedCycle, format_issue, has_errors, parse  # noqa: F401
