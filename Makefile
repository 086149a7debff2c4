# The two commands a new developer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
RADSMODELL := $(VENV)/bin/radsmodell
VENDOR := src/radsmodell/core/static/vendor
# Debian packages the test suite needs: Chromium for the browser tests, Pango and a font for the PDFs,
# PostgreSQL for the suite's second run, LibreOffice to open the DOCX and XLSX files as users do.
TEST_DEBS := chromium fonts-dejavu-core libpango-1.0-0 libpangoft2-1.0-0 postgresql \
	libreoffice-writer-nogui libreoffice-calc-nogui

.PHONY: run test test-sqlite test-postgres lint install static demo system-deps bench clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed static

# Front-end packages come from npm (package-lock.json) and are copied, never committed.
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

static: node_modules/.package-lock.json
	mkdir -p $(VENDOR)/designsystemet
	cp node_modules/@digdir/designsystemet-css/dist/src/index.css $(VENDOR)/designsystemet/designsystemet.css
	cp node_modules/@digdir/designsystemet-css/dist/theme/designsystemet.css $(VENDOR)/designsystemet/theme.css
	cp node_modules/htmx.org/dist/htmx.min.js $(VENDOR)/htmx.min.js
	cp node_modules/echarts/dist/echarts.min.js $(VENDOR)/echarts.min.js
	mkdir -p $(VENDOR)/swagger-ui
	cp node_modules/swagger-ui-dist/swagger-ui-bundle.js node_modules/swagger-ui-dist/swagger-ui.css \
		node_modules/swagger-ui-dist/swagger-ui.css.map $(VENDOR)/swagger-ui/

# Development mode: the built-in key and local host names (a real installation sets its own).
demo: install
	RADSMODELL_DEBUG=1 $(RADSMODELL) migrate --noinput
	RADSMODELL_DEBUG=1 $(RADSMODELL) loaddemo

run: demo
	RADSMODELL_DEBUG=1 $(RADSMODELL) runserver 127.0.0.1:8000

# Installs what the suite needs from Debian when missing; CI runs as root on a clean machine.
system-deps:
	@if [ ! -x /usr/bin/chromium ] || [ ! -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] \
		|| ! ldconfig -p | grep -q libpangoft2-1.0 || ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 \
		|| [ ! -x /usr/bin/soffice ] || ! ls /usr/lib/libreoffice/program/libsclo.so >/dev/null 2>&1; then \
		if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
		$$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(TEST_DEBS); \
	fi

# Lint first: it takes a second and names the line, before the suite's couple of minutes.
lint: install
	$(VENV)/bin/ruff check src tests bench

# The whole suite on SQLite (the default), and again on a throwaway PostgreSQL cluster without
# the browser tests: they drive the pages, which are the same on either database. Every other test
# (the writes, the API, the search index, the transactions and the mail sent after them) runs on
# both. The two runs go side by side, one per core, each printing its report when it ends and each
# with a data folder of its own (uploads, mail), so CI stays well inside its half hour.
test:
	$(MAKE) --no-print-directory -j2 --output-sync=target test-sqlite test-postgres

test-sqlite: lint system-deps
	bin/with-data-dir $(VENV)/bin/pytest -q

test-postgres: lint system-deps
	bin/with-data-dir bin/with-postgres $(VENV)/bin/pytest -q --ignore=tests/browser

bench: install
	$(PY) bench/run.py
	$(PY) bench/sensitivity.py
	$(PY) bench/strategy.py
	$(PY) bench/allocation.py
	$(PY) bench/api.py
	$(PY) bench/search.py

clean:
	rm -rf $(VENV) node_modules $(VENDOR)
