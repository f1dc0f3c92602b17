# One entry point for people and CI. `make demo` sets up the demo hall and starts its hub (on
# another port with `make demo PORT=8700`), printing how to start each part; `make test` runs
# the tests; `make check` (what CI runs) adds ruff, mypy and the import rules.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test test-midnight check lint typecheck layers bench clean

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/bianmin demo $(if $(PORT),--port $(PORT))

# Two workers: the suite mostly waits (browsers, terminals, hubs), so both cores halve it.
test: $(STAMP)
	$(BIN)/pytest -q -n 2

# The whole suite with the hall's clock three seconds before midnight (tests/hubfixture.py).
test-midnight: $(STAMP)
	BIANMIN_TEST_CLOCK=23:59:57 $(BIN)/pytest -q -n 2

lint: $(STAMP)
	$(BIN)/ruff check .

typecheck: $(STAMP)
	$(BIN)/mypy

# The import rules ([tool.importlinter] in pyproject.toml): the domain is pure, and so on.
layers: $(STAMP)
	$(BIN)/lint-imports

check: lint typecheck layers test

bench: $(STAMP)
	$(BIN)/python -m bench.hub
	$(BIN)/python -m bench.counter
	$(BIN)/python -m bench.estimate

clean:
	rm -rf $(VENV) build *.egg-info
