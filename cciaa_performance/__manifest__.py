{
    "name": "CCIAA Performance",
    "summary": "Ciclo della performance di una Camera di Commercio (D.Lgs. 150/2009)",
    "version": "18.0.1.0.0",
    "category": "Human Resources",
    "license": "AGPL-3",
    "author": "cciaa_performance developers",
    "website": "https://github.com/cciaa-performance/cciaa_performance",
    "maintainers": ["cciaa-performance"],
    "development_status": "Beta",
    "depends": ["hr", "mail"],
    "external_dependencies": {"python": ["openpyxl"]},
    "data": [
        "security/cciaa_performance_security.xml",
        "security/ir.model.access.csv",
    ],
    "application": True,
    "installable": True,
}
