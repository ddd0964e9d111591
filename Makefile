# IOK: `make run` serves the demo, `make serve` the same in the production
# configuration, `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
DEV_ENV := IOK_DEBUG=true

.PHONY: run serve run-postgres test bench screenshots messages clean

$(BIN)/python:
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "IOK needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)

$(INSTALLED): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

run: $(INSTALLED)
	$(DEV_ENV) $(BIN)/iok migrate --noinput
	$(DEV_ENV) $(BIN)/iok demo --if-empty
	$(DEV_ENV) $(BIN)/iok runserver 127.0.0.1:8000

# The production configuration (IOK_DEBUG=false, gunicorn, WhiteNoise's hashed
# and compressed static files, the structured log) on SQLite in var/, for a
# look at http://127.0.0.1:8000 over plain HTTP. IOK_LOCAL_PREVIEW lets it send
# cookies without HTTPS and serve the demo's bank numbers; it answers 127.0.0.1
# only, says so at every start, and `iok check --deploy` refuses it
# (docs/deploy.md). The secret key is made once, in var/serve-secret-key.
SERVE_KEY := var/serve-secret-key
SERVE_ENV = IOK_DEBUG=false IOK_LOCAL_PREVIEW=true IOK_SECRET_KEY="$$(cat $(SERVE_KEY))"
serve: $(INSTALLED)
	@mkdir -p -m 700 var
	@test -s $(SERVE_KEY) || (umask 077 && $(BIN)/python -c \
		'import secrets; print(secrets.token_urlsafe(50))' > $(SERVE_KEY))
	@echo "make serve: IOK_LOCAL_PREVIEW=true, for 127.0.0.1 only (docs/deploy.md)."
	$(SERVE_ENV) $(BIN)/iok migrate --noinput
	$(SERVE_ENV) $(BIN)/iok collectstatic --noinput --verbosity 0
	$(SERVE_ENV) $(BIN)/iok demo --if-empty
	$(SERVE_ENV) $(BIN)/gunicorn -c python:iok.gunicorn_conf --bind 127.0.0.1:8000 \
		--workers 2 iok.wsgi

# PostgreSQL as in production (docs/security.md): the tables' owner migrates
# (IOK_MIGRATE_DATABASE_URL) and grants DATABASE_URL's role its rows; the demo
# and the server run as that role, without the owner's URL.
run-postgres: $(INSTALLED)
	@test -n "$$DATABASE_URL" -a -n "$$IOK_MIGRATE_DATABASE_URL" || { echo "make run-postgres \
	needs DATABASE_URL (the application's role) and IOK_MIGRATE_DATABASE_URL (the tables' \
	owner): see docs/security.md." >&2; exit 1; }
	$(DEV_ENV) $(BIN)/iok migrate --noinput
	IOK_MIGRATE_DATABASE_URL= $(DEV_ENV) $(BIN)/iok demo --if-empty
	IOK_MIGRATE_DATABASE_URL= $(DEV_ENV) $(BIN)/iok runserver 127.0.0.1:8000

test: $(INSTALLED)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	# Medium and high findings fail; each accepted one says why in a `# nosec BXXX` comment.
	$(BIN)/bandit -q -r iok -ll -x 'iok/*/migrations'
	# In parallel, a worker a CPU up to four (pytest-xdist); browser tests share one worker.
	# The schemathesis file runs alone: its twelve tests share one node id, by which xdist
	# dispatches, so in parallel only one of them would run.
	$(BIN)/pytest -n auto --maxprocesses=4 --dist loadgroup --ignore=tests/api/test_openapi.py
	$(BIN)/pytest tests/api/test_openapi.py

bench: $(INSTALLED)
	$(BIN)/python bench/billing.py

screenshots: $(INSTALLED)
	mkdir -p docs/screenshots
	IOK_SCREENSHOTS_DIR=docs/screenshots $(BIN)/pytest -q tests/browser/test_screenshots.py

# Apps with a locale/ folder of their own keep their messages there; the
# project's catalogue in locale/ holds the rest. Fill in the new msgstr, then
# run again to compile. `make messages APP=iok/meters` does one app only.
APP_CATALOGUES := $(patsubst %/locale,%,$(wildcard iok/*/locale))
messages: $(INSTALLED)
ifeq ($(APP),)
	$(DEV_ENV) $(BIN)/iok makemessages -l pl -l en --no-location --no-obsolete --ignore=.venv \
		--ignore=tests --ignore=bench $(foreach app,$(APP_CATALOGUES),--ignore=$(app))
	for app in $(APP_CATALOGUES); do \
		(cd $$app && $(DEV_ENV) ../../$(BIN)/iok makemessages -l pl -l en --no-location \
			--no-obsolete) || exit 1; \
	done
	$(DEV_ENV) $(BIN)/iok compilemessages --ignore=.venv
else
	mkdir -p $(APP)/locale
	cd $(APP) && $(DEV_ENV) ../../$(BIN)/iok makemessages -l pl -l en --no-location --no-obsolete
	cd $(APP) && $(DEV_ENV) ../../$(BIN)/iok compilemessages
endif

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache .hypothesis
