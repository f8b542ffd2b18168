# Everything a fresh clone needs: `make run` to serve, `make test` to test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000

.PHONY: run test lint format check ci migrations migration-copy mutation clean system-deps system-deps-test

# Debian packages (deploy/debian-*.txt, the one list the Dockerfile and CI use
# too): installed when missing and apt is there, else one line says what to install.
system-deps:
	PYTHON=$(PYTHON) bin/system-deps

system-deps-test:
	PYTHON=$(PYTHON) bin/system-deps --test

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Stamps: reinstall only when the dependency files change.
$(VENV)/.installed-run: $(BIN)/python pyproject.toml requirements.lock
	$(BIN)/pip install --quiet -c requirements.lock -e .
	touch $@

$(VENV)/.installed-test: $(BIN)/python pyproject.toml requirements.lock
	$(BIN)/pip install --quiet -c requirements.lock -e ".[test]"
	touch $@ $(VENV)/.installed-run

$(VENV)/.installed-mutation: $(BIN)/python pyproject.toml requirements.lock
	$(BIN)/pip install --quiet -c requirements.lock -e ".[test,mutation]"
	touch $@ $(VENV)/.installed-test $(VENV)/.installed-run

run: system-deps $(VENV)/.installed-run
	PORT=$(PORT) bin/run

test: system-deps-test $(VENV)/.installed-test
	$(BIN)/pytest

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-logo

format: $(VENV)/.installed-test
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

migrations: $(VENV)/.installed-test
	$(BIN)/python manage.py makemigrations --check --dry-run

# A database made by the commit before the issue-12 layout, migrated by this code:
# every row, history row, permission and role grant must survive (SQLite, PostgreSQL).
migration-copy: $(VENV)/.installed-test
	$(BIN)/python tests/check_migrations_on_copy.py
	$(BIN)/python tests/check_migrations_on_copy.py --postgres

# Mutation testing of the rule modules (benchmarks/mutation.py, docs/testing.md): a benchmark,
# not part of CI. One module: make mutation MODULE=arenden/avropskontroll.py
mutation: system-deps-test $(VENV)/.installed-mutation
	$(BIN)/python benchmarks/mutation.py $(if $(MODULE),--module $(MODULE))

check: lint migrations
	$(BIN)/python manage.py check

ci:
	bash .ci/run

clean:
	rm -rf $(VENV) var staticfiles .pytest_cache .ruff_cache
