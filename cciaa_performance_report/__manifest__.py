{
    "name": "CCIAA Performance - Relazione e stampe",
    "summary": "Relazione sulla performance, schede di unità e individuali (PDF e XLSX)",
    "version": "18.0.1.0.0",
    "category": "Human Resources",
    "license": "AGPL-3",
    "author": "cciaa_performance developers",
    "website": "https://github.com/cciaa-performance/cciaa_performance",
    "maintainers": ["cciaa-performance"],
    "development_status": "Beta",
    "depends": ["cciaa_performance", "report_xlsx"],
    "data": [],
    "installable": True,
}
