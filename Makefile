# ICIC Monitor.  `make demo` and `make test` do all the set-up on a fresh machine.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip
TORCH  ?= torch==2.13.0
PYTEST_ARGS ?= -q
# pytest's own exit status, kept for .ci/run: make reports any failing recipe as 2, so "no tests ran" (5)
# could not be told from a failure after `make test` otherwise.
PYTEST_STATUS ?= .pytest-status

.PHONY: install install-test system demo test quality bench kk-model clean

install: $(VENV)/.installed                    ## the venv with the project installed editable

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -e .
	touch $@

install-test: $(VENV)/.installed-test          ## + test tools and the transformers backend (CPU torch)

$(VENV)/.installed-test: $(VENV)/.installed
	$(PIP) install -q "$(TORCH)"
	$(PIP) install -q -e '.[test,transformers]'
	touch $@

system:                                        ## Debian packages the tests start for real (redis, chromium)
	bash scripts/install-system.sh

demo: install                                  ## crawl the bundled sample site, process, write a digest
	$(VENV)/bin/icic demo

test: install-test system                      ## the whole test suite, the quality gate included
	@rm -f $(PYTEST_STATUS)
	$(PY) -m pytest $(PYTEST_ARGS); status=$$?; echo $$status > $(PYTEST_STATUS); exit $$status

quality: install-test                         ## the extraction quality gate alone (per language, against floors)
	$(PY) -m pytest -q tests/quality

bench: install                                 ## speed and memory benchmarks (not tests)
	$(PY) -m bench

kk-model: install                              ## retrain the Kazakh NER model in nlp/data/kk_ner from ../shared/eval/ner (KazNERD)
	$(PY) scripts/train_kk_ner.py

clean:
	rm -rf $(VENV) data out .pytest_cache $(PYTEST_STATUS)
