# Township Academy — the two commands a new machine needs: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 5000
PG_TEST_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/test

.PHONY: run test test-sqlite test-postgres install translations translations-update lint bench clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed translations

translations: $(VENV)/.installed
	$(BIN)/pybabel compile --statistics -d lms/translations

# Re-extract the strings and merge them into the catalogue (then translate the new ones).
translations-update: $(VENV)/.installed
	$(BIN)/pybabel extract -F babel.cfg -k _l -k N_ --no-location --sort-output -o lms/translations/messages.pot .
	$(BIN)/pybabel update --no-fuzzy-matching -i lms/translations/messages.pot -d lms/translations

run: install
	LMS_DEBUG=1 $(BIN)/lms demo
	@echo "Serving on http://127.0.0.1:$(PORT)/ (Ctrl+C to stop)"
	LMS_DEBUG=1 $(BIN)/lms run --host 127.0.0.1 --port $(PORT)

# The whole suite on SQLite, then again on PostgreSQL (skipped with a reason when no server
# answers, except under CI=true where that is a failure).
test: install test-sqlite test-postgres

test-sqlite:
	$(BIN)/pytest

test-postgres:
	LMS_TEST_DATABASE_URL=$(PG_TEST_URL) $(BIN)/pytest

lint: install
	$(BIN)/ruff check lms tests

bench: install
	$(BIN)/python tests/perf/load_benchmark.py

clean:
	rm -rf $(VENV) instance .pytest_cache
