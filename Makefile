# The two commands of the quick start: `make demo` and `make test`.
# `make test` checks the import contracts too (tests/test_layers.py); `make lint` runs ruff and them.
# Both create .venv on first use and reuse it while pyproject.toml is unchanged.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test bench lint clean chromium

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

demo: $(STAMP)
	$(BIN)/monitor demo

test: $(STAMP) chromium
	$(BIN)/python -m pytest

# The browser source's tests drive Debian's chromium (Playwright's own browser download is not used).
# Installed here when it is missing and we are root with apt-get; otherwise those tests are skipped
# with the reason, and MONITOR_CHROMIUM can name any Chromium or Chrome binary.
chromium:
	@if [ -n "$$MONITOR_CHROMIUM" ] || command -v chromium >/dev/null 2>&1; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "installing Debian's chromium for the browser tests (log: $(VENV)/chromium-install.log)"; \
		mkdir -p $(VENV); \
		{ apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium; } \
			>$(VENV)/chromium-install.log 2>&1 \
			|| echo "could not install chromium (see $(VENV)/chromium-install.log): the browser tests will be skipped"; \
	else \
		echo "no chromium and not root with apt-get: the browser tests will be skipped (set MONITOR_CHROMIUM)"; \
	fi

bench: $(STAMP)
	$(BIN)/python -m benchmarks

lint: $(STAMP)
	$(BIN)/ruff check monitor tests benchmarks
	$(BIN)/lint-imports

clean:
	rm -rf $(VENV) build *.egg-info
