# Every target creates and fills .venv on first use, so a fresh clone needs nothing but python3.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
PORT ?= 8501
# The app listens on this machine only; a reverse proxy with TLS serves it to others (README).
ADDRESS ?= 127.0.0.1

.PHONY: app audit test test-fast bench lint corpus clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

app: $(STAMP)
	$(VENV)/bin/streamlit run app.py --server.address $(ADDRESS) --server.port $(PORT) --server.headless true --browser.gatherUsageStats false

# Audit every corpus/ statute: a PDF, DOCX and JSON report each, the corpus summary (CSV, XLSX, HTML)
# and the results store, all under out/.
audit: $(STAMP)
	$(VENV)/bin/statuti-check audit corpus --out out --formats pdf,docx,json

test: $(STAMP)
	$(PY) -m pytest

# The tests that take under a second each, without the browser or Tesseract: under a minute.
test-fast: $(STAMP)
	$(PY) -m pytest -m "not slow and not browser and not ocr"

bench: $(STAMP)
	$(PY) -m benchmarks.extract
	$(PY) -m benchmarks.audit
	$(PY) -m benchmarks.ocr
	$(PY) -m benchmarks.accuracy
	$(PY) -m benchmarks.realpages
	$(PY) -m benchmarks.invariance
	$(PY) -m benchmarks.report
	$(PY) -m benchmarks.bulk
	$(PY) -m benchmarks.bulk --fixed-costs

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy statuti_check app.py

corpus: $(STAMP)
	$(PY) -m tests.support.corpus_build

clean:
	rm -rf out .pytest_cache .mypy_cache .ruff_cache
