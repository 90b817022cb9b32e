"""Benchmark: importing the 2019 data set through the import wizard (validation,
creation of every record, recomputation of the three quadrimesters).
Target: under 20 s."""

import os
import time

from benchlib import REPO, drop_database, fresh_database, odoo_env

DATABASE = "cciaa_bench_import"
SOURCE = os.path.join(REPO, "cciaa_performance", "datasets", "massa_carrara_2019.xlsx")


def main():
    fresh_database(DATABASE)
    try:
        with odoo_env(DATABASE) as env:
            started = time.perf_counter()
            cycle, issues = env["cciaa.performance.import.wizard"]._run(SOURCE)
            elapsed = time.perf_counter() - started
            assert cycle, [i.code for i in issues]
            counts = {
                "indicators": len(cycle.indicator_ids),
                "measurements": env["cciaa.performance.measurement"].search_count(
                    [("cycle_id", "=", cycle.id)]
                ),
                "results": len(cycle.result_ids),
            }
        print(
            f"import of {os.path.relpath(SOURCE, REPO)}: {elapsed:.2f} s "
            f"(target < 20 s) — {counts}"
        )
    finally:
        drop_database(DATABASE)


if __name__ == "__main__":
    main()
