#!/usr/bin/env bash
# The whole neural path on one GPU with a tiny random Llama, in a few minutes: TTT (LoRA rank 128, bf16,
# gradient checkpointing, the paper's augmenters), vLLM multi-LoRA (two adapters and the base model in one
# engine), the paper's prompt set and vote, then `arc-solve solve` with the marc preset. It checks that the
# path runs and measures it; a random model's answers are garbage, so no accuracy is asserted.
#
#   bash benchmarks/gpu_smoke.sh            # needs a CUDA GPU and vllm (pip install -e '.[gpu]')
#   PYTHON=/path/to/python bash benchmarks/gpu_smoke.sh
#
# Writes its files and a summary (smoke.json) to $OUT, or to a fresh temporary folder.
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON:-.venv/bin/python}"
[ -x "$PY" ] || PY=python3
OUT="${OUT:-$(mktemp -d -t arc-gpu-smoke-XXXX)}"
mkdir -p "$OUT"
echo "gpu smoke: python $PY, files in $OUT"
"$PY" -c "import torch, sys; assert torch.cuda.is_available(), 'no CUDA GPU'; print(torch.cuda.get_device_name(0))"
"$PY" -c "import vllm; print('vllm', vllm.__version__)"

# 1-4: tiny model, TTT, vLLM multi-LoRA, the paper's prompts and vote
"$PY" - "$OUT" <<'EOF'
import json, sys, time
from pathlib import Path

import numpy as np
import torch

from neural.config import NeuralConfig, apply_preset
from neural.formats import get_format
from neural.infer import augmented_predict, max_sequence_tokens
from neural.ttt import train_task_adapter
from neural.ttt_data import ttt_examples
from solver.lm.loading import load_model
from solver.lm.vllm_backend import VLLMBackend
from solver.tasks import parse_task
from tests.conftest import flip_task
from tests.tiny_models import build_tiny_llama

out = Path(sys.argv[1])
summary = {"device": torch.cuda.get_device_name(0)}
base = build_tiny_llama(out / "tiny", hidden_size=128, num_layers=2)  # head_dim 32: vLLM's kernels take it
task = parse_task(flip_task(2), "flip", "smoke").task
cfg = apply_preset(NeuralConfig(), "marc")
cfg.model, cfg.backend, cfg.max_tokens, cfg.ttt_max_examples = str(base), "vllm", 2048, 32
fmt = get_format(cfg.format)

model, tok = load_model(str(base), "cuda", "bfloat16")
t0 = time.monotonic()
examples = ttt_examples(task, fmt, tok, cfg, seed=0)
summary["ttt_examples"] = len(examples)
summary["ttt_data_s"] = round(time.monotonic() - t0, 2)
adapters = []
for k, seed in enumerate((0, 1)):
    torch.cuda.reset_peak_memory_stats()
    t0 = time.monotonic()
    result = train_task_adapter(model, tok, examples, cfg, out / "adapters" / f"task{k}", seed=seed)
    assert result.adapter_dir and result.steps == result.planned_steps > 0, result
    adapters.append(result.adapter_dir)
    summary[f"ttt{k}"] = {"s": round(time.monotonic() - t0, 2), "steps": result.steps, "bf16": result.bf16,
                          "first_loss": round(result.losses[0], 4), "last_loss": round(result.losses[-1], 4),
                          "peak_gb": round(torch.cuda.max_memory_allocated() / 2**30, 3)}
del model
torch.cuda.empty_cache()

t0 = time.monotonic()
engine = VLLMBackend(str(base), max_lora_rank=cfg.lora_r, max_loras=2, max_model_len=max_sequence_tokens(cfg),
                     gpu_memory_utilization=0.3, enforce_eager=True)
summary["vllm_start_s"] = round(time.monotonic() - t0, 2)
prompt = fmt.render(task.train, task.test_inputs[0], None, tok).prompt
t0 = time.monotonic()
outs = [engine.generate([prompt] * 4, 16, adapter=a)[0][0] for a in (None, *adapters)]
summary["vllm_3_models_s"] = round(time.monotonic() - t0, 2)
summary["distinct_outputs_base_a0_a1"] = len(set(outs))
assert len(engine.adapter_ids) == 2
t0 = time.monotonic()
cands = augmented_predict(task, engine, fmt, tok, cfg, seed=0, adapter=adapters[0])
summary["marc_inference"] = {"s": round(time.monotonic() - t0, 2), "prompts": cands.info["n_prompts"],
                             "candidates": [len(c) for c in cands.per_test], "reason": cands.reason}
assert cands.info["n_prompts"] > 0 and cands.info["vote_kind"] == "marc"
engine.close()
(out / "smoke.json").write_text(json.dumps(summary, indent=1))
print(json.dumps(summary, indent=1))
EOF

# 5: the CLI end to end (neural branch only) with the marc preset on the tiny model
python_task="$OUT/flip.json"
"$PY" -c "import json; from tests.conftest import flip_task; json.dump(flip_task(2), open('$python_task', 'w'))"
cat > "$OUT/smoke.toml" <<EOF
[neural]
max_tokens = 2048            # the tiny model has 4096 positions; the preset's 8192 would not fit
ttt_max_examples = 32
vllm_gpu_memory_utilization = 0.3
EOF
start=$(date +%s)
"$PY" -m solver.app.cli solve "$python_task" --no-synth --preset marc --model "$OUT/tiny" --backend vllm \
    --config "$OUT/smoke.toml" --time-limit 600 --out "$OUT/answers.json"
echo "solve: $(( $(date +%s) - start )) s; answers in $OUT/answers.json"
