from . import monitoring_report
from . import xlsx_base
from . import incentive_xlsx
