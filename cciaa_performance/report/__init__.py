from . import monitoring_report
