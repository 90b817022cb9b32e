"""The committed 2019 data set is what data/tools/build_2019.py writes from the
verified transcriptions in the repository (cciaa_performance/tests/reference/):
nothing in it comes from outside the repository or was edited by hand."""

import importlib.util
import zipfile

from conftest import DATASET, REPO

_spec = importlib.util.spec_from_file_location(
    "build_2019", REPO / "data" / "tools" / "build_2019.py"
)
build_2019 = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(build_2019)


def _workbook_parts(path):
    """{part name: bytes} of an XLSX: its content, without the zip's own
    dates (each rebuild stamps its entries with the time of writing)."""
    with zipfile.ZipFile(path) as workbook:
        return {name: workbook.read(name) for name in workbook.namelist()}


def test_rebuilding_gives_back_the_committed_data_set(tmp_path):
    out = tmp_path / "massa_carrara_2019"
    build_2019.main([str(build_2019.DEFAULT_REFERENCE), "--out", str(out)])
    written = sorted(p.name for p in out.glob("*.csv"))
    assert written == sorted(p.name for p in DATASET.glob("*.csv"))
    for name in written:
        assert (out / name).read_bytes() == (DATASET / name).read_bytes(), name
    assert _workbook_parts(out.with_suffix(".xlsx")) == _workbook_parts(
        DATASET.with_suffix(".xlsx")
    )
