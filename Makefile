# Every target creates and fills .venv on first use, so a fresh clone needs nothing but python3.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
PORT ?= 8501

.PHONY: app audit test bench lint corpus clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

app: $(STAMP)
	$(VENV)/bin/streamlit run app.py --server.port $(PORT) --server.headless true --browser.gatherUsageStats false

audit: $(STAMP)
	mkdir -p out
	for f in corpus/*.pdf corpus/*.docx corpus/*.odt corpus/*.html corpus/*.txt; do \
		[ -e "$$f" ] || continue; \
		name=$$(basename "$$f"); \
		$(VENV)/bin/statuti-check audit "$$f" --format json > "out/$$name.report.json" || exit $$?; \
		$(VENV)/bin/statuti-check audit "$$f" > "out/$$name.report.txt" || exit $$?; \
		$(VENV)/bin/statuti-check parse "$$f" --format json > "out/$$name.structure.json" || exit $$?; \
		echo "out/$$name.report.txt"; \
	done

test: $(STAMP)
	$(PY) -m pytest

bench: $(STAMP)
	$(PY) -m benchmarks.extract
	$(PY) -m benchmarks.audit
	$(PY) -m benchmarks.accuracy
	$(PY) -m benchmarks.report

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy statuti_check

corpus: $(STAMP)
	$(PY) -m tests.support.corpus_build

clean:
	rm -rf out .pytest_cache .mypy_cache .ruff_cache
