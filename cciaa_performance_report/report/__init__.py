from . import report_relazione
from . import report_relazione_xlsx
from . import report_unit_sheet
from . import report_scheda
