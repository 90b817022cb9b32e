#!/usr/bin/env bash
# make bench: runs scripts/bench_engine.py and every other scripts/bench_*.py, printing
# their figures. Missed targets are the scripts' business; only a crash fails this.
set -uo pipefail
# shellcheck source=scripts/_env.sh
source "$(dirname "${BASH_SOURCE[0]}")/_env.sh"
cd "$REPO_ROOT" || exit 2
use_odoo_pythonpath || die "Odoo 18 is not importable (run scripts/check_env.sh)"
export PYTHONPATH="$REPO_ROOT:$PYTHONPATH"

[ -f scripts/bench_engine.py ] || die "scripts/bench_engine.py is missing"
crashed=()
for bench in scripts/bench_engine.py $(find scripts -maxdepth 1 -name 'bench_*.py' ! -name bench_engine.py | sort); do
    echo "=== $bench"
    # shellcheck disable=SC2086
    $PYTHON "$bench" || crashed+=("$bench")
done
if [ ${#crashed[@]} -gt 0 ]; then
    die "crashed: ${crashed[*]}"
fi
