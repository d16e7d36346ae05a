# Two commands matter: `make run` and `make test`. Everything else is a step of those.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export FLASK_APP := consult

.PHONY: run test install install-dev lint i18n i18n-init translations browser db demo clean

run: install translations
	$(BIN)/consult db upgrade
	$(BIN)/consult demo --if-empty
	@# The embedded queue needs no server: a worker runs next to the web server, and stops with it.
	$(BIN)/consult worker & worker=$$!; trap "kill $$worker" EXIT INT TERM; \
		$(BIN)/consult run --host 127.0.0.1 --port 5000

test: install-dev translations browser lint
	env -u TEST_DATABASE_URL $(BIN)/pytest
	@if [ -n "$$TEST_DATABASE_URL" ]; then \
		echo "== again on $$TEST_DATABASE_URL"; \
		$(BIN)/pytest -m "not browser and not slow_model" --ignore=tests/nlp; \
	fi

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# torch first, pinned, so sentence-transformers does not pull a CUDA build.
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e .
	touch $@

$(DEV_STAMP): $(STAMP)
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

install: $(STAMP)

install-dev: $(DEV_STAMP)

lint: install-dev
	$(BIN)/ruff check .

# Browser tests use Debian's Chromium; install it when missing and we may.
browser:
	@if [ ! -x /usr/bin/chromium ]; then \
		if [ "$$(id -u)" = "0" ]; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
		else echo "chromium missing: browser tests will be skipped (install Debian's chromium)"; fi; \
	fi

# Extract every string, merge into each catalog, compile.
i18n: install
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -o consult/translations/messages.pot --no-location --sort-output --project Consult consult
	$(BIN)/pybabel update -i consult/translations/messages.pot -d consult/translations --no-wrap --ignore-obsolete --no-fuzzy-matching
	$(BIN)/pybabel compile -d consult/translations

# Start a catalog for a new language from the template: make i18n-init LANG=pt
# Then add it to LOCALES (consult/config.py) and LANGUAGE_NAMES (consult/i18n.py).
i18n-init: install
	@# LANG must come from the command line: the shell's own LANG (say en_US.UTF-8) is no language code here.
	@if [ "$(origin LANG)" != "command line" ] || [ -z "$(LANG)" ]; then \
		echo "usage: make i18n-init LANG=xx (a language code such as pt)" >&2; exit 1; \
	fi
	@if [ -e consult/translations/$(LANG)/LC_MESSAGES/messages.po ]; then \
		echo "consult/translations/$(LANG)/LC_MESSAGES/messages.po already exists; run make i18n to update it" >&2; exit 1; \
	fi
	$(BIN)/pybabel init -i consult/translations/messages.pot -d consult/translations -l $(LANG) --no-wrap
	$(BIN)/pybabel compile -d consult/translations -l $(LANG)

translations: install
	$(BIN)/pybabel compile --statistics -d consult/translations

clean:
	rm -rf $(VENV) instance/*.db test-output
