# Two commands for people: `make run` and `make test`. Everything else here is the setup they share.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
MODEL := models/sendvoice.tar.gz
MODEL_INPUTS := config.yml $(shell find data bot/domain -name '*.yml' 2>/dev/null)
# A deleted training file must retrain too: a folder's time changes when a file in it is added or removed.
MODEL_INPUTS += $(shell find data bot/domain -type d 2>/dev/null)
RASA_DATA := --domain bot/domain --data data --config config.yml
# No network here or in most council data centres: Rasa must not try to send telemetry.
export RASA_TELEMETRY_ENABLED := false
export SQLALCHEMY_SILENCE_UBER_WARNING := 1
export TF_CPP_MIN_LOG_LEVEL := 2
# `rasa` must import this tree's code (custom NLU components in config.yml), not whatever `bot` is installed.
export PYTHONPATH := $(CURDIR)$(if $(PYTHONPATH),:$(PYTHONPATH))

.PHONY: run run-scaled test install train validate test-stories pytest doctor clean

run: $(MODEL)
	$(PY) -m bot.cli run

# Several Rasa instances sharing PostgreSQL and a Redis lock store, for trying the county-scale setup:
#   make run-scaled N=2 DATABASE_URL=postgresql://postgres@127.0.0.1/test LOCK_STORE_URL=redis://127.0.0.1:6379/0
N ?= 2
run-scaled: $(MODEL)
	$(PY) -m bot.cli run --instances $(N)

test: $(MODEL) validate test-stories pytest

install:
	@scripts/setup-venv

# make retrains only when config, domain or data changed; Rasa's own fingerprint then skips parts that did not.
train: $(MODEL)
$(MODEL): $(MODEL_INPUTS) | install
	$(VENV)/bin/rasa train $(RASA_DATA) --out models --fixed-model-name sendvoice
	touch $@

validate: install
	$(VENV)/bin/rasa data validate $(RASA_DATA) --fail-on-warnings

test-stories: $(MODEL)
	$(VENV)/bin/rasa test core --model $(MODEL) --stories tests/stories \
		--out results/stories --fail-on-prediction-errors

pytest: $(MODEL)
	$(PY) -m pytest $(PYTEST_ARGS)

doctor: install
	$(VENV)/bin/sendvoice doctor

clean:
	rm -rf models results var .pytest_cache

# --- web chat and SMS channels (issue #5) ---
# The browser tests need Debian's Chromium and the npm packages (axe-core; the socket.io client we vendor).
# `pytest: browser-deps` adds a prerequisite to the pytest target above without touching its line.
.PHONY: browser-deps vendor-js
pytest: browser-deps
browser-deps: node_modules/.package-lock.json /usr/bin/chromium

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

# If this fails (not root, no Debian mirror), the browser tests skip with a loud reason instead of failing.
/usr/bin/chromium:
	-(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) \
		|| echo "WARNING: could not install chromium; the web chat browser tests will be SKIPPED"

# The page serves its own copy of the socket.io client (no CDN, no npm needed to run): refresh it after an upgrade.
vendor-js: node_modules/.package-lock.json
	cp node_modules/socket.io-client/dist/socket.io.min.js channels/webchat_static/vendor/socket.io.min.js
