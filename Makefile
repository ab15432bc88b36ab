# rl-gan-course: every target installs what it needs (a virtualenv in .venv).
#   make book    build the published book (executes the notebooks) -> _build/html
#   make test    run every test: unit tests, doctests, notebooks (nbval), ruff, book build (standard)
#   make lab     open JupyterLab on the notebooks
#   make bench   speed benchmarks against reference implementations (minutes; tables, JSON)
#   make results what the models learn over seeds, the chapters' numbers (hours)
#   make clean   remove build outputs (keeps .venv; `make distclean` removes it too)

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# CPU-only machines get this CPU wheel first (a bare `torch` pulls a multi-GB CUDA build
# on Linux); machines with an NVIDIA driver get PyPI's CUDA torch.
TORCH_CPU ?= torch==2.13.0
# lab: JupyterLab, which tests/test_lab.py drives in a browser (what students see)
EXTRAS ?= dev,book,atari,lab
# Budget of the book build: standard shows real learning on a laptop CPU (see book/how_to_use.md).
COURSE_BUDGET ?= standard
export COURSE_BUDGET

.PHONY: setup book test lab bench results clean distclean

setup: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	if command -v nvidia-smi >/dev/null 2>&1 && nvidia-smi >/dev/null 2>&1; then \
		$(BIN)/pip install torch; \
	else \
		$(BIN)/pip install "$(TORCH_CPU)" || $(BIN)/pip install torch; \
	fi
	$(BIN)/pip install -e ".[$(EXTRAS)]"
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (rl-gan-course)" >/dev/null
	touch $@

# The notebooks run first, in parallel (book/_ext/execute_book.py), into the cache that
# jupyter-book then reads; unchanged notebooks are not executed again. BOOK_JOBS=1 runs
# them one at a time.
book: setup
	$(BIN)/python book/_ext/execute_book.py
	$(BIN)/jupyter-book build . --builder html
	@echo "Open _build/html/index.html"

# Two steps: the package, doctests and notebooks (nbval, smoke budget) on two workers;
# then the book as students get it (every notebook under COURSE_BUDGET, standard by
# default, reusing the notebook cache of a `make book` just before) and the browser test.
test: setup
	COURSE_BUDGET=smoke $(BIN)/python -m pytest -n 2 --dist loadfile --nbval-lax --nbval-cell-timeout=600 \
		tests course_utils notebooks --ignore=tests/test_book.py $(PYTEST_ARGS)
	$(BIN)/python -m pytest tests/test_book.py $(PYTEST_ARGS)

# JupyterLab comes from the `lab` extra (pyproject.toml: its versions and pins); as root (a
# container) JupyterLab refuses to start without --allow-root.
lab: setup
	$(BIN)/jupyter lab notebooks $$(test "$$(id -u)" = 0 && echo --allow-root)

# Speed against reference implementations, repeated and interleaved (minutes; run it on a
# quiet machine). The DQN race builds CleanRL's gymnasium-0.29 stack once, in .bench-cache/.
bench: setup
	@for script in bench_dp bench_games bench_tabular bench_atari; do \
		echo "== benchmarks/$$script.py"; $(BIN)/python benchmarks/$$script.py || exit 1; done
	@echo "== benchmarks/bench_dqn.py (throughput)"; $(BIN)/python benchmarks/bench_dqn.py --seeds
	$(BIN)/python benchmarks/report.py

# What the models learn, over seeds (hours on 2 CPU cores): the numbers the chapters cite.
results: setup
	$(BIN)/python benchmarks/bench_dqn.py --skip-throughput
	@for script in bench_gan bench_dcgan bench_minatar bench_image_to_image; do \
		echo "== benchmarks/$$script.py"; $(BIN)/python benchmarks/$$script.py || exit 1; done
	$(BIN)/python benchmarks/claims_over_seeds.py --seeds 5 --json benchmarks/results/claims.json
	$(BIN)/python benchmarks/report.py

clean:
	rm -rf _build build .pytest_cache

distclean: clean
	rm -rf $(VENV)
