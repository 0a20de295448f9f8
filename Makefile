# Two entry points for a fresh machine: `make build` and `make test`.
VENV     := .venv
PY       := $(VENV)/bin/python
PIP      := $(PY) -m pip --disable-pip-version-check -q
APP      := $(VENV)/bin/scorm-builder
PYTEST_ARGS ?=

.PHONY: build test bench check clean install test-deps browser npm openedx

build: install
	$(APP) build --out dist

# pip compiles the modules it installs, but not an editable install's own: compile them here, or
# with PYTHONDONTWRITEBYTECODE set every command compiles the builder again (a tenth of a build).
install: $(VENV)/.installed
	@$(PY) -m compileall -q builder >/dev/null

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PIP) install -e .
	touch $@

# Test needs: Python test packages, Debian's chromium, the npm packages (scorm-again, axe-core).
test-deps: $(VENV)/.test-installed browser npm

$(VENV)/.test-installed: $(VENV)/.installed pyproject.toml
	$(PIP) install -e '.[test]'
	touch $@

browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -q && $$SUDO apt-get install -y -q chromium; }

npm: node_modules/.package-lock.json

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

# The real Open edX SCORM XBlock (tests/browser/test_openedx_xblock.py) needs Python 3.12 and its
# own venv. Python: $(OPENEDX_PYTHON) if set, else pyenv's newest 3.12, else python3.12 on PATH.
OPENEDX_VENV := .venv-openedx
OPENEDX_REQS := tests/browser/openedx_host/requirements.txt

openedx: $(OPENEDX_VENV)/.installed

$(OPENEDX_VENV)/.installed: $(OPENEDX_REQS)
	@py="$(OPENEDX_PYTHON)"; \
	if [ -z "$$py" ]; then \
	  root=$$(pyenv root 2>/dev/null || echo /root/.pyenv); \
	  py=$$(ls -d "$$root"/versions/3.12.*/bin/python3.12 /root/.pyenv/versions/3.12.*/bin/python3.12 2>/dev/null | sort -V | tail -n 1); \
	fi; \
	[ -n "$$py" ] || py=$$(command -v python3.12 || true); \
	if [ -z "$$py" ] || ! "$$py" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then \
	  echo "make openedx: needs Python >= 3.12 (looked for pyenv's versions/3.12.*, then python3.12 on PATH;" \
	       "got '$$py'). Install one, or set OPENEDX_PYTHON=/path/to/python3.12" >&2; \
	  exit 1; \
	fi; \
	test -x $(OPENEDX_VENV)/bin/python || "$$py" -m venv $(OPENEDX_VENV)
	$(OPENEDX_VENV)/bin/python -m pip --disable-pip-version-check -q install -r $(OPENEDX_REQS)
	touch $@

test: test-deps openedx
	$(PY) -m pytest -n 2 $(PYTEST_ARGS)

bench: install
	$(PY) -m benchmarks.run

# Every course through the same checks `build` runs, without building.
check: install
	$(APP) check

clean:
	rm -rf dist .bench
