import datetime
import importlib

from conftest import validate

to_engine = importlib.import_module("cciaa_performance.importer.to_engine")
types = importlib.import_module("cciaa_performance.engine.types")
evaluate_cycle = importlib.import_module("cciaa_performance.engine").evaluate_cycle


def test_cycle_input(minimal_sheets):
    parsed, issues = validate.parse(minimal_sheets)
    assert issues == []
    cycle = to_engine.cycle_input(parsed)
    assert cycle.settings.tolerance == 90.0
    assert [a.code for a in cycle.areas] == ["OB1", "OB2"]
    os21 = next(o for o in cycle.strategic if o.code == "2.1")
    assert os21.override.value == 91.0 and os21.override.motivation == "Motivo"
    rows = {r.key: r for r in cycle.rows}
    # one row per indicator × reporting unit; S2 reported nothing for S1.1.1-a
    assert set(rows) == {"S1.1.1-a@S1", "S1.1.1-a@S2", "O1.1.1-a@S1", "O2.1.1-a@S2"}
    assert rows["S1.1.1-a@S1"].quadrimesters == (
        types.QuadrimesterValues(1, (9.0, 10.0)),
    )
    assert rows["S1.1.1-a@S2"].quadrimesters == ()
    assert rows["O1.1.1-a@S1"].quadrimesters == (
        types.QuadrimesterValues(2, (datetime.date(2019, 6, 20),)),
    )
    ratio = next(i for i in cycle.indicators if i.code == "S1.1.1-a")
    assert (
        ratio.measure is types.Measure.RATIO and ratio.comparator is types.Comparator.GE
    )


def test_year_to_date(minimal_sheets):
    """Later quadrimesters stay in the input (the database holds them too);
    the engine reads only those up to ``up_to_quadrimester``."""
    parsed, _issues = validate.parse(minimal_sheets)
    cycle = to_engine.cycle_input(parsed, up_to_quadrimester=1)
    assert cycle.up_to_quadrimester == 1
    rows = {r.key: r for r in cycle.rows}
    assert {qv.quadrimester for qv in rows["O1.1.1-a@S1"].quadrimesters} == {2}
    result = evaluate_cycle(cycle)
    for key in ("O1.1.1-a@S1", "O2.1.1-a@S2"):
        assert result.rows[key].reason is types.Reason.NO_DATA
