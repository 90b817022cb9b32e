#!/usr/bin/env bash
# make test: runs every stage, keeps going after a failure, ends with "N passed, M failed".
#  (a) tests/engine and tests/importer with plain pytest, no database
#  (b) Odoo's own runner on a fresh database cciaa_test_<pid>: install both addons (and
#      cciaa_performance_queue where OCA queue_job is installed) with --test-enable
#      --test-tags for our addons; any WARNING/ERROR/CRITICAL log record fails
#  (c) tests/end_to_end with pytest-odoo on cciaa_e2e_<pid> (both addons + 2019 data set)
#  (d) lint: the pre-commit hooks (OCA checks, ruff, pylint-odoo, prettier, eslint:
#      scripts/lint.sh), one count per hook
#  (e) fault tests (tests/chaos, plain pytest): a real Odoo server on copies of
#      chaos_<pid> killed with kill -9 during an import and a recompute, concurrent
#      writes, recomputes during data entry (also alone: make chaos)
# N and M count tests; a stage that fails for another reason (log records, crash, lint,
# no tests run) adds one to M. Logs: out/logs/. Exit status 1 when M > 0.
set -uo pipefail
# shellcheck source=scripts/_env.sh
source "$(dirname "${BASH_SOURCE[0]}")/_env.sh"
cd "$REPO_ROOT" || exit 2
# what pip, npm and (as root) apt can install: only what is missing (quick otherwise)
"$REPO_ROOT/scripts/setup.sh" --dev || exit 1
use_odoo_pythonpath || die "Odoo 18 is not importable (run scripts/check_env.sh)"
ADDONS_PATH=$(odoo_addons_path) || exit 1
add_queue_addon
mkdir -p "$LOG_DIR"

TEST_DB="cciaa_test_$$"
E2E_DB="cciaa_e2e_$$"
CHAOS_DB="chaos_$$"
PASSED=0
FAILED=0
SUMMARY=()

cleanup() {
    (drop_db "$TEST_DB") || true
    (drop_db "$E2E_DB") || true
    "$REPO_ROOT/scripts/chaos.sh" --cleanup "$CHAOS_DB" || true
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# stage_result LABEL PASSED FAILED SECONDS NOTE
stage_result() {
    PASSED=$((PASSED + $2))
    FAILED=$((FAILED + $3))
    SUMMARY+=("$(printf '%-34s %4d passed %4d failed %5ds  %s' "$1" "$2" "$3" "$4" "$5")")
}

# junit_counts FILE: "passed failed skipped" from a pytest JUnit XML report
junit_counts() {
    # shellcheck disable=SC2086
    $PYTHON - "$1" <<'PY'
import sys
import xml.etree.ElementTree as ET

try:
    root = ET.parse(sys.argv[1]).getroot()
except (OSError, ET.ParseError):
    print("0 0 0")
    raise SystemExit
suites = [root] if root.tag == "testsuite" else root.iter("testsuite")
tests = failed = skipped = 0
for suite in suites:
    tests += int(suite.get("tests", 0))
    failed += int(suite.get("failures", 0)) + int(suite.get("errors", 0))
    skipped += int(suite.get("skipped", 0))
print(tests - failed - skipped, failed, skipped)
PY
}

has_test_files() {
    [ -n "$(find "$@" \( -name 'test_*.py' -o -name '*_test.py' \) -print -quit 2>/dev/null)" ]
}

# run_pytest LABEL XML ARGS...: runs pytest, records the stage
run_pytest() {
    local label=$1 xml=$2 t0=$SECONDS rc passed failed skipped note=""
    shift 2
    rm -f "$xml"
    # shellcheck disable=SC2086
    $PYTHON -m pytest -q --junitxml="$xml" "$@"
    rc=$?
    read -r passed failed skipped < <(junit_counts "$xml")
    case $rc in
    0) ;;
    1) [ "$failed" -gt 0 ] || failed=1 ;;
    5) note="no tests collected" ;;
    *)
        note="pytest exited with $rc"
        [ "$failed" -gt 0 ] || failed=1
        ;;
    esac
    [ "$skipped" -gt 0 ] && note="$note ${skipped} skipped"
    stage_result "$label" "$passed" "$failed" $((SECONDS - t0)) "$note"
}

echo "=== (a) engine and importer tests (pytest, no database)"
unit_dirs=()
for d in tests/engine tests/importer; do
    has_test_files "$d" && unit_dirs+=("$d")
done
if [ ${#unit_dirs[@]} -eq 0 ]; then
    echo "no test files in tests/engine or tests/importer"
    stage_result "(a) engine/importer pytest" 0 0 0 "skipped: no test files"
else
    run_pytest "(a) engine/importer pytest" "$LOG_DIR/pytest_unit.xml" "${unit_dirs[@]}"
fi

echo "=== (b) Odoo test runner on $TEST_DB ($ADDONS)"
t0=$SECONDS
log="$LOG_DIR/odoo_tests.log"
create_db "$TEST_DB"
install_addons "$TEST_DB" "$log" --log-level=info --test-enable \
    --test-tags="$(addons_test_tags)"
rc=$?
result=$(grep -oE 'odoo\.tests\.result: [0-9]+ failed, [0-9]+ error\(s\) of [0-9]+ tests' "$log" | tail -n 1)
problems=()
if [[ $result =~ ([0-9]+)\ failed,\ ([0-9]+)\ error\(s\)\ of\ ([0-9]+)\ tests ]]; then
    t_failed=$((BASH_REMATCH[1] + BASH_REMATCH[2]))
    t_total=${BASH_REMATCH[3]}
else
    t_failed=0
    t_total=0
    problems+=("no test result line in the log")
fi
grep -oE 'odoo\.tests\.stats: cciaa_performance[a-z_]*: [0-9]+ tests .*' "$log" | sed 's/^/  /'
[ "$t_total" -gt 0 ] || problems+=("0 tests ran for our addons")
[ "$rc" -eq 0 ] || [ "$t_failed" -gt 0 ] || problems+=("Odoo exited with $rc")
bad=$(odoo_bad_lines "$log")
if [ -n "$bad" ]; then
    n_bad=$(wc -l <<<"$bad")
    problems+=("$n_bad WARNING/ERROR/CRITICAL log records")
    echo "Log records at WARNING or above:"
    head -n 40 <<<"$bad"
    [ "$n_bad" -le 40 ] || echo "... $((n_bad - 40)) more"
fi
extra=0
if [ ${#problems[@]} -gt 0 ]; then
    extra=1
    printf '  problem: %s\n' "${problems[@]}"
fi
echo "log: $log"
stage_result "(b) Odoo runner (--test-enable)" $((t_total - t_failed)) $((t_failed + extra)) \
    $((SECONDS - t0)) "$(IFS=';'; echo "${problems[*]:-}")"
(drop_db "$TEST_DB") || true

echo "=== (c) end-to-end tests (pytest-odoo) on $E2E_DB"
t0=$SECONDS
if ! has_test_files tests/end_to_end; then
    echo "skipped: tests/end_to_end has no test files"
    stage_result "(c) end-to-end (pytest-odoo)" 0 0 0 "skipped: no test files in tests/end_to_end"
else
    log="$LOG_DIR/e2e_install.log"
    create_db "$E2E_DB"
    if ! install_addons "$E2E_DB" "$log" --log-level=warn; then
        tail -n 30 "$log"
        stage_result "(c) end-to-end (pytest-odoo)" 0 1 $((SECONDS - t0)) "install failed, see $log"
    # shellcheck disable=SC2086
    elif ! $PYTHON scripts/load_dataset.py --database="$E2E_DB" --addons-path="$ADDONS_PATH" \
        "$DATASET_2019"; then
        stage_result "(c) end-to-end (pytest-odoo)" 0 1 $((SECONDS - t0)) "loading the 2019 data set failed"
    else
        run_pytest "(c) end-to-end (pytest-odoo)" "$LOG_DIR/pytest_e2e.xml" -p pytest_odoo \
            --odoo-database="$E2E_DB" --odoo-addons-path="$ADDONS_PATH" --odoo-http tests/end_to_end
    fi
    (drop_db "$E2E_DB") || true
fi

echo "=== (d) lint"
t0=$SECONDS
scripts/lint.sh | tee "$LOG_DIR/lint_stage.log"
rc=${PIPESTATUS[0]}
# counts from its last line, "lint: N hooks passed, M hooks failed"
if [[ $(tail -n 1 "$LOG_DIR/lint_stage.log") =~ ([0-9]+)\ hooks\ passed,\ ([0-9]+)\ hooks\ failed ]]; then
    stage_result "(d) lint (pre-commit hooks)" "${BASH_REMATCH[1]}" "${BASH_REMATCH[2]}" \
        $((SECONDS - t0)) ""
else
    stage_result "(d) lint (pre-commit hooks)" 0 1 $((SECONDS - t0)) "lint.sh exited with $rc"
fi

echo "=== (e) fault tests (kill -9, concurrency) on $CHAOS_DB and its copies"
export CHAOS_DB CHAOS_ADDONS_PATH="$ADDONS_PATH"
run_pytest "(e) chaos (kill -9, concurrency)" "$LOG_DIR/pytest_chaos.xml" tests/chaos
echo "server log: $LOG_DIR/chaos_server.log"

echo
echo "=== summary (logs in out/logs/)"
printf '%s\n' "${SUMMARY[@]}"
echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
