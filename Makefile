# Thin entry points; the work is in scripts/. Every target checks the environment first
# (Odoo 18 importable by $(PYTHON), PostgreSQL reachable) and stops with the fix if not.
PYTHON ?= python3
SERVE ?= 1
PORT ?= 8069
export PYTHON SERVE PORT

.PHONY: check-env setup demo test chaos bench lint

check-env:
	@scripts/check_env.sh

# demo and test install what they need themselves (scripts/setup.sh, quick when all is
# there); setup installs everything, the development tools included, without running.
setup: check-env
	@scripts/setup.sh --dev

demo: check-env
	@scripts/demo.sh

test: check-env
	@scripts/test.sh

# the fault tests alone (kill -9 of a real server, concurrency); also stage (e) of test
chaos: check-env
	@scripts/chaos.sh

bench: check-env
	@scripts/bench.sh

lint: check-env
	@scripts/lint.sh
