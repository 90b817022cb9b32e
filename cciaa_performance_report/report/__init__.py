# the parts of the data provider first: report_relazione names them in its _inherit
from . import relazione_context
from . import relazione_rows
from . import relazione_figures
from . import relazione_individual
from . import relazione_prevalidation
from . import report_relazione
from . import relazione_years
from . import report_relazione_xlsx
from . import report_unit_sheet
from . import report_scheda
from . import report_piano
from . import report_piano_xlsx
