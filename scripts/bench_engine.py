#!/usr/bin/env python3
"""Benchmark of the scoring engine: a synthetic cycle of 100,000 indicator × unit rows.

Tree: 5 areas → 20 strategic objectives → 100 operational objectives; 2,000
indicators (500 IS, 1,500 IO, a few FRD) each reported by 50 of 200 units, three
quadrimesters each, mixed measure types (ratio, count, average, date, value).
Prints the wall time of ``evaluate_cycle`` and rows per second; target < 1 s.

The engine is loaded by path (like tests/engine/conftest.py), so Odoo is not
imported. Usage: ``python3 scripts/bench_engine.py [rows]``.
"""

from __future__ import annotations

import datetime
import gc
import importlib.util
import os
import pathlib
import random
import sys
import time

ENGINE_DIR = (
    pathlib.Path(__file__).resolve().parents[1] / "cciaa_performance" / "engine"
)


def load_engine():
    spec = importlib.util.spec_from_file_location(
        "cciaa_engine",
        ENGINE_DIR / "__init__.py",
        submodule_search_locations=[str(ENGINE_DIR)],
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules["cciaa_engine"] = module
    spec.loader.exec_module(module)
    return module


def build_cycle(engine, n_rows: int, seed: int = 2019):
    e = engine
    rng = random.Random(seed)
    units_per_indicator = 50
    n_indicators = max(1, n_rows // units_per_indicator)
    units = [f"U{i}" for i in range(200)]
    areas = tuple(e.ObjectiveInput(f"OB{a}", None, 20.0) for a in range(5))
    strategic = tuple(
        e.ObjectiveInput(f"{a}.{s}", f"OB{a}", 25.0) for a in range(5) for s in range(4)
    )
    operational = tuple(
        e.ObjectiveInput(f"{os_.code}.{o}", os_.code)
        for os_ in strategic
        for o in range(5)
    )
    measures = (
        [e.Measure.RATIO] * 8
        + [e.Measure.COUNT] * 5
        + [e.Measure.DATE] * 4
        + [e.Measure.AVERAGE] * 2
        + [e.Measure.VALUE]
    )
    deadline = datetime.date(2019, 10, 31)
    indicators, rows = [], []
    for i in range(n_indicators):
        measure = measures[i % len(measures)]
        is_strategic = i % 4 == 0
        kind = "IS" if is_strategic else ("FRD" if i % 97 == 1 else "IO")
        parent = strategic[i % 20].code if is_strategic else operational[i % 100].code
        if measure == e.Measure.DATE:
            comparator, target = e.Comparator.DEADLINE, deadline
        elif measure == e.Measure.AVERAGE:
            comparator, target = e.Comparator.LE, 15.0
        elif measure == e.Measure.RATIO:
            comparator, target = e.Comparator.GE, 90.0
        else:
            comparator, target = rng.choice((e.Comparator.GE, e.Comparator.EQ)), 12.0
        code = f"{'S' if is_strategic else 'O'}{i}"
        indicators.append(
            e.IndicatorInput(
                code,
                kind,
                parent,
                measure,
                comparator,
                target,
                counts_in_parent=kind != "FRD",
            )
        )
        for unit in rng.sample(units, units_per_indicator):
            if measure == e.Measure.RATIO:
                quarters = []
                for q in (1, 2, 3):
                    den = rng.randint(0, 60)
                    quarters.append(e.QuadrimesterValues(q, (rng.randint(0, den), den)))
            elif measure == e.Measure.DATE:
                day = deadline + datetime.timedelta(days=rng.randint(-200, 20))
                q_day = (day.month - 1) // 4 + 1
                quarters = [
                    e.QuadrimesterValues(q, (day if q == q_day else None,))
                    for q in (1, 2, 3)
                ]
            else:
                quarters = [
                    e.QuadrimesterValues(q, (float(rng.randint(0, 25)),))
                    for q in (1, 2, 3)
                ]
            rows.append(e.RowInput(code, unit, tuple(quarters)))
    return e.CycleInput(
        e.Settings(), areas, strategic, operational, tuple(indicators), tuple(rows)
    )


def main() -> None:
    n_rows = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    engine = load_engine()
    start = time.perf_counter()
    cycle = build_cycle(engine, n_rows)
    built = time.perf_counter() - start
    print(
        f"input: {len(cycle.rows):,} rows, {len(cycle.indicators):,} indicators, "
        f"{len(cycle.operational)} OO, {len(cycle.strategic)} OS, "
        f"{len(cycle.areas)} areas (built in {built:.2f} s)"
    )
    timings, cpu = [], []
    for _ in range(3):
        gc.collect()
        start, start_cpu = time.perf_counter(), time.process_time()
        result = engine.evaluate_cycle(cycle)
        timings.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    best = min(timings)
    print(
        "evaluate_cycle wall: "
        + ", ".join(f"{t:.3f} s" for t in timings)
        + f" (best {best:.3f} s = {len(cycle.rows) / best:,.0f} rows/s)"
    )
    print("evaluate_cycle CPU:  " + ", ".join(f"{t:.3f} s" for t in cpu))
    print(
        "load average: "
        + " ".join(f"{x:.2f}" for x in os.getloadavg())
        + " (shared machine)"
    )
    print(
        f"Ente {result.ente.score}; not evaluable {len(result.not_evaluable):,}; "
        f"units {len(result.units)}"
    )


if __name__ == "__main__":
    main()
