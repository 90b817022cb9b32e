"""Load cciaa_performance.engine and .importer without the addon's __init__.

The addon's ``__init__`` imports the Odoo models; the engine and the importer
are plain Python. A synthetic parent package with ``__path__`` set lets their
relative imports (``from ..engine import types``) work.
"""

import importlib
import pathlib
import sys
import types

import pytest

REPO = pathlib.Path(__file__).resolve().parents[2]
ADDON = REPO / "cciaa_performance"
DATASET = ADDON / "datasets" / "massa_carrara_2019"
REFERENCE = ADDON / "tests" / "reference"

if "cciaa_performance" not in sys.modules:
    parent = types.ModuleType("cciaa_performance")
    parent.__path__ = [str(ADDON)]
    sys.modules["cciaa_performance"] = parent

importer = importlib.import_module("cciaa_performance.importer")
reader = importlib.import_module("cciaa_performance.importer.reader")
validate = importlib.import_module("cciaa_performance.importer.validate")
schema = importlib.import_module("cciaa_performance.importer.schema")


@pytest.fixture
def minimal_sheets():
    """A small valid cycle as plain dicts (row numbers = position + 2)."""
    return {
        "ciclo": [{"anno": "2019", "ente": "CCIAA Test", "tolleranza": "90"}],
        "unita": [
            {"codice": "SG", "nome": "Segretario Generale", "tipo": "sg"},
            {"codice": "S1", "nome": "Servizio 1", "tipo": "servizio", "padre": "SG"},
            {"codice": "S2", "nome": "Servizio 2", "tipo": "servizio", "padre": "SG"},
        ],
        "aree": [
            {"codice": "OB1", "titolo": "Area 1", "peso": "40"},
            {"codice": "OB2", "titolo": "Area 2", "peso": "60"},
        ],
        "obiettivi_strategici": [
            {"codice": "1.1", "area": "OB1", "titolo": "OS 1.1", "peso": "100"},
            {"codice": "2.1", "area": "OB2", "titolo": "OS 2.1", "peso": "37,5"},
            {"codice": "2.2", "area": "OB2", "titolo": "OS 2.2", "peso": "62.5"},
        ],
        "obiettivi_operativi": [
            {"codice": "1.1.1", "obiettivo_strategico": "1.1", "titolo": "OO 1.1.1"},
            {"codice": "2.1.1", "obiettivo_strategico": "2.1", "titolo": "OO 2.1.1"},
        ],
        "indicatori": [
            {
                "codice": "S1.1.1-a",
                "tipo": "IS",
                "obiettivo": "1.1",
                "titolo": "Quota",
                "misura": "rapporto",
                "comparatore": ">=",
                "target_n": "90%",
                "parametro_1": "fatti",
                "parametro_2": "totali",
                "unita": "S1, S2",
            },
            {
                "codice": "O1.1.1-a",
                "tipo": "IO",
                "obiettivo": "1.1.1",
                "titolo": "Scadenza",
                "misura": "data",
                "comparatore": "entro",
                "target_n": "30/06/2019",
                "unita": "S1",
            },
            {
                "codice": "O2.1.1-a",
                "tipo": "IO",
                "obiettivo": "2.1.1",
                "titolo": "Conteggio",
                "misura": "conteggio",
                "comparatore": ">=",
                "target_n": "3",
                "unita": "S2",
            },
        ],
        "dipendenti": [
            {"matricola": "1", "nome": "Rossi", "categoria": "D", "ruolo": "po"},
            {"matricola": "2", "nome": "Bianchi", "categoria": "C", "ruolo": "staff"},
        ],
        "assegnazioni": [
            {"matricola": "1", "unita": "S1", "dal": "01/01/2019", "al": "19/05/2019"},
            {"matricola": "1", "unita": "S2", "dal": "20/05/2019"},
            {
                "matricola": "2",
                "unita": "S2",
                "dal": "2019-01-01",
                "partecipazione": "50",
            },
        ],
        "misurazioni": [
            {
                "indicatore": "S1.1.1-a",
                "unita": "S1",
                "quadrimestre": "1",
                "parametro": "1",
                "valore": "9",
            },
            {
                "indicatore": "S1.1.1-a",
                "unita": "S1",
                "quadrimestre": "1",
                "parametro": "2",
                "valore": "10",
            },
            {
                "indicatore": "O1.1.1-a",
                "unita": "S1",
                "quadrimestre": "2",
                "valore": "20/06/2019",
            },
            {
                "indicatore": "O2.1.1-a",
                "unita": "S2",
                "quadrimestre": "3",
                "valore": "4",
            },
        ],
        "valutazioni_motivate": [
            {
                "obiettivo": "2.1",
                "percentuale": "91",
                "motivazione": "Motivo",
                "autore": "SG",
            },
        ],
        "criticita": [
            {"obiettivo": "2.1", "criticita": "Problema", "azioni": "da definire"}
        ],
    }
