"""Pre-training of the embedded model from scratch (`arc-solve pretrain`).

Data
    Training tasks of ARC-AGI-1 (arc1-train) minus a fixed held-out split of 80 tasks (`heldout_task_ids`),
    optionally plus ARC-AGI-2's training tasks, from which every task whose id is in arc1-eval, every
    held-out id, and every task sharing a non-trivial grid (>= 25 cells) with an arc1-eval task is removed.
    All pairs of a training task (demos and test pairs with their known outputs) form a pool; one example is
    a random pair as the query and a random subset of the others as context, under a random invertible
    transform (dihedral symmetry, color permutation keeping 0, context order) from `solver.transforms`,
    rendered in the `compact` format and tokenized with `tokenize_with_loss` (loss on the query output and,
    by default, on every context output after the first). Examples over `max_tokens` lose context pairs
    until they fit, or are skipped. Generated tasks (`generated_dir`, from `arc-solve generate`) join the pool;
    an example comes from a generated task with probability `generated_share`. With `curriculum_steps`, step s
    only draws tasks whose largest grid side is at most `allowed_side(cfg, s)` (growing from
    `curriculum_start_side` to 30), small grids first. Example k of optimizer step s comes from `random.Random(f"{seed}:{s}:{k}")`,
    so a resumed run sees exactly the data an uninterrupted one would.

Training
    From scratch, or warm-started from a checkpoint of the same architecture (`init_from`, e.g. "embedded").
    AdamW; linear warmup over `warmup_steps`, then a cosine decay to `lr * min_lr_ratio` driven by the progress
    max(step / max_steps, training time / time_budget_s), so the schedule ends when either limit does even
    when the machine is slower than planned (CPUs shared with other work); micro-batches of one sequence (no padding) accumulated
    until `tokens_per_step` tokens, bf16 autocast where the hardware has native bf16 (`bf16 = "auto"`: measured ~1.7x faster than fp32 on
    an AVX512-BF16 CPU, and 10x slower than fp32 on a CPU without it, where bf16 is emulated), training stops at `max_steps` or when `time_budget_s` of training time (summed
    over resumes) is spent.

Outputs (in `out_dir`)
    ckpt-<step>/ (model.safetensors + config, optimizer.safetensors, state.json), the newest two kept;
    loss.csv (one row per optimizer step, plus held-out loss rows); final/ (model + tokenizer, HF format);
    summary.json (steps, tokens, time, loss curve summary, held-out loss and greedy accuracy).
"""
from __future__ import annotations

import bisect
import csv
import json
import math
import random
import shutil
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Iterator

import numpy as np
import torch

from neural.fit import fit_demos
from neural.formats import get_format
from neural.model import build_embedded_model, count_parameters
from neural.ttt_data import IGNORE_INDEX, TrainExample, tokenize_with_loss
from solver.grid import grid_key
from solver.lm.loading import save_model
from solver.tasks import LoadedTask, Pair, load_dataset, load_task_dir
from solver.transforms import random_transforms

N_HELDOUT = 80
GENERATED_PREFIXES = ("gen-",)   # ids of generated tasks (synth.generate.task_id)
HELDOUT_SEED = 0


@dataclass
class PretrainConfig:
    out_dir: str = "runs/pretrain"
    seed: int = 0
    time_budget_s: float = 5400.0       # training time (summed over resumes); 0 = no limit
    max_steps: int = 1200               # optimizer steps; also the length of the cosine schedule
    tokens_per_step: int = 16384        # micro-batches of one sequence are accumulated up to this many tokens
    max_tokens: int = 2048              # longer examples lose context pairs until they fit, or are skipped
    max_context: int = 5                # at most this many context pairs per example
    lr: float = 1e-3
    min_lr_ratio: float = 0.1           # the cosine decays to lr * min_lr_ratio
    warmup_steps: int = 30
    weight_decay: float = 0.05
    grad_clip: float = 1.0
    bf16: str = "auto"                  # bf16 autocast: auto (where the CPU/GPU has native bf16) | on | off; weights stay fp32
    threads: int = 1                    # torch CPU threads (0 = leave torch's default)
    device: str = "cpu"
    use_arc2_train: bool = True
    loss_on_all_outputs: bool = True
    checkpoint_every: int = 50          # optimizer steps between checkpoints
    eval_every: int = 100               # optimizer steps between held-out loss measurements
    eval_examples: int = 48             # held-out examples in each held-out loss measurement
    final_eval_tasks: int = N_HELDOUT   # held-out tasks scored by greedy generation at the end (0 = skip)
    arch: str = ""                      # architecture overrides "key=value,..." (e.g. "num_hidden_layers=2")
    generated_dir: str = ""             # a folder of generated tasks (`arc-solve generate`, train split) added to the pool
    generated_share: float = 0.5        # probability that an example comes from a generated task (when there are any)
    curriculum_steps: int = 0           # steps over which the largest grid side allowed grows to 30 (0 = no curriculum)
    curriculum_start_side: int = 10     # the largest grid side allowed at step 0 of the curriculum
    init_from: str = ""                 # warm start: an HF folder with the same architecture ("embedded" = the shipped one)


# ----------------------------------------------------------------------------------------------- data


def heldout_task_ids() -> list[str]:
    """The fixed 80 arc1-train task ids held out from pre-training (sorted ids shuffled with seed 0, first 80)."""
    ids = sorted(t.task.id for t in load_dataset("arc1-train").tasks)
    random.Random(HELDOUT_SEED).shuffle(ids)
    return sorted(ids[:N_HELDOUT])


def _pairs(lt: LoadedTask) -> list[Pair]:
    """All pairs of a task with known outputs: demos, then test pairs when solutions are known."""
    pairs = list(lt.task.train)
    if lt.solutions is not None:
        pairs += [Pair(i, o) for i, o in zip(lt.task.test_inputs, lt.solutions)]
    return pairs


def _big_grid_keys(lt: LoadedTask, min_cells: int = 25) -> set[bytes]:
    grids = [g for p in _pairs(lt) for g in (p.input, p.output)] + list(lt.task.test_inputs)
    return {grid_key(g) for g in grids if g.size >= min_cells}


def training_tasks(use_arc2_train: bool = True, generated_dir: str = "") -> tuple[list[LoadedTask], dict[str, Any]]:
    """The pre-training tasks (see the module docstring for the filters) and a description of the filtering.
    `generated_dir`: a folder of generated task JSONs (with their test outputs) added to the pool."""
    held = set(heldout_task_ids())
    arc1 = [t for t in load_dataset("arc1-train").tasks if t.task.id not in held]
    info: dict[str, Any] = {"arc1_train": len(arc1), "heldout": len(held)}
    tasks = list(arc1)
    if use_arc2_train:
        eval_tasks = load_dataset("arc1-eval").tasks
        eval_ids = {t.task.id for t in eval_tasks}
        eval_grids: set[bytes] = set()
        for t in eval_tasks:
            eval_grids |= _big_grid_keys(t)
        have = {t.task.id for t in arc1} | held
        added, dropped_id, dropped_grid = 0, 0, 0
        for t in load_dataset("arc2-train").tasks:
            if t.task.id in have:
                continue
            if t.task.id in eval_ids:
                dropped_id += 1
                continue
            if _big_grid_keys(t) & eval_grids:
                dropped_grid += 1
                continue
            tasks.append(t)
            added += 1
        info.update(arc2_train_added=added, arc2_dropped_eval_id=dropped_id, arc2_dropped_eval_grid=dropped_grid)
    if generated_dir:
        generated = load_task_dir(generated_dir)
        if generated.errors:
            raise ValueError(f"{generated_dir}: {len(generated.errors)} bad task files, e.g. {generated.errors[0]}")
        if any(t.solutions is None for t in generated.tasks):
            raise ValueError(f"{generated_dir}: generated tasks must carry their test outputs")
        tasks += generated.tasks
        info["generated"] = len(generated.tasks)
    info["total"] = len(tasks)
    leaked = {t.task.id for t in tasks} & (held | set(_arc1_eval_ids()))
    if leaked:
        raise RuntimeError(f"pre-training data contains held-out or arc1-eval tasks: {sorted(leaked)[:5]}")
    return tasks, info


def _arc1_eval_ids() -> list[str]:
    return [t.task.id for t in load_dataset("arc1-eval").tasks]


def make_example(pairs: list[Pair], rng: random.Random, tokenizer: Any, max_tokens: int, max_context: int,
                 loss_on_all_outputs: bool, query_index: int | None = None) -> TrainExample | None:
    """One augmented in-context example from a task's pairs (None when nothing fits in max_tokens): context pairs
    are dropped from the end until it fits (`neural.fit.fit_demos`)."""
    fmt = get_format("compact")
    q = rng.randrange(len(pairs)) if query_index is None else query_index
    others = [i for i in range(len(pairs)) if i != q]
    rng.shuffle(others)
    k = min(len(others), max_context)
    if k > 1 and rng.random() < 0.3:
        k = rng.randint(1, k)
    t = random_transforms(rng, 1, max(1, k), include_identity=False)[0]

    def build(context_ids: list[int]) -> TrainExample | None:
        context = [Pair(t.grid(pairs[i].input), t.grid(pairs[i].output)) for i in context_ids]
        rendered = fmt.render(context, t.grid(pairs[q].input), t.grid(pairs[q].output), None,
                              loss_on_all_outputs=loss_on_all_outputs)
        example = tokenize_with_loss(rendered, tokenizer, max_tokens)
        if example is not None:
            example.description = f"query={q} context={context_ids} transform={t.name}"
        return example

    fitted = fit_demos(others[:k], build, min_demos=1)
    return None if fitted is None else fitted[0]


def _largest_side(lt: LoadedTask) -> int:
    return max(max(g.shape) for p in _pairs(lt) for g in (p.input, p.output))


def allowed_side(cfg: PretrainConfig, step: int) -> int:
    """The largest grid side the curriculum allows at `step` (30 once the curriculum is over or off)."""
    if cfg.curriculum_steps <= 0 or step >= cfg.curriculum_steps:
        return 30
    start = max(1, min(30, cfg.curriculum_start_side))
    return int(start + (30 - start) * step / cfg.curriculum_steps)


class TaskPool:
    """The pre-training tasks split into real and generated ones, each sorted by largest grid side, so a step can
    draw from the tasks its curriculum stage allows (always at least the smallest task of each part)."""

    def __init__(self, tasks: list[LoadedTask]) -> None:
        parts: dict[bool, list[tuple[int, LoadedTask]]] = {False: [], True: []}
        for lt in tasks:
            parts[lt.task.id.startswith(GENERATED_PREFIXES)].append((_largest_side(lt), lt))
        self.parts = {k: [lt for _, lt in sorted(v, key=lambda x: x[0])] for k, v in parts.items()}
        self.sides = {k: sorted(side for side, _ in v) for k, v in parts.items()}

    def draw(self, rng: random.Random, side: int, generated_share: float) -> LoadedTask:
        use_generated = bool(self.parts[True]) and (not self.parts[False] or rng.random() < generated_share)
        n = max(1, bisect.bisect_right(self.sides[use_generated], side))
        return self.parts[use_generated][rng.randrange(n)]


def step_examples(pool: TaskPool, cfg: PretrainConfig, tokenizer: Any, step: int) -> Iterator[TrainExample]:
    """The examples of optimizer step `step`, deterministic in (seed, step)."""
    k = 0
    side = allowed_side(cfg, step)
    while True:
        rng = random.Random(f"{cfg.seed}:{step}:{k}")
        k += 1
        lt = pool.draw(rng, side, cfg.generated_share)
        example = make_example(_pairs(lt), rng, tokenizer, cfg.max_tokens, cfg.max_context, cfg.loss_on_all_outputs)
        if example is not None:
            example.description = f"{lt.task.id} {example.description}"
            yield example


def heldout_examples(tokenizer: Any, cfg: PretrainConfig) -> list[TrainExample]:
    """A fixed set of `eval_examples` examples from the held-out tasks (for the held-out loss)."""
    held = set(heldout_task_ids())
    tasks = [t for t in load_dataset("arc1-train").tasks if t.task.id in held]
    rng = random.Random(f"heldout:{cfg.seed}")
    out: list[TrainExample] = []
    attempts = 0
    while len(out) < cfg.eval_examples and attempts < 20 * cfg.eval_examples:
        lt = tasks[attempts % len(tasks)]
        attempts += 1
        ex = make_example(_pairs(lt), rng, tokenizer, cfg.max_tokens, cfg.max_context, False)
        if ex is not None:
            out.append(ex)
    return out


# ----------------------------------------------------------------------------------------------- training


def _autocast(cfg: PretrainConfig, device: str) -> Any:
    device_type = "cuda" if device.startswith("cuda") else "cpu"
    from neural.ttt import use_bf16

    return torch.autocast(device_type, dtype=torch.bfloat16, enabled=use_bf16(cfg.bf16, device))


def _loss_sum(model: Any, ex: TrainExample, device: str, cfg: PretrainConfig) -> tuple[torch.Tensor, int]:
    """Summed next-token loss over the labelled tokens of one example, and their count."""
    ids = torch.tensor([ex.input_ids], device=device)
    labels = torch.tensor([ex.labels], device=device)
    with _autocast(cfg, device):
        logits = model(input_ids=ids).logits
    logits = logits[:, :-1].float()
    target = labels[:, 1:]
    n = int((target != IGNORE_INDEX).sum())
    loss = torch.nn.functional.cross_entropy(logits.reshape(-1, logits.shape[-1]), target.reshape(-1),
                                             ignore_index=IGNORE_INDEX, reduction="sum")
    return loss, n


@torch.no_grad()
def heldout_loss(model: Any, examples: list[TrainExample], device: str, cfg: PretrainConfig) -> float:
    """Mean per-token loss of the model on `examples` (labelled tokens only)."""
    was_training = model.training
    model.eval()
    total, count = 0.0, 0
    for ex in examples:
        loss, n = _loss_sum(model, ex, device, cfg)
        total += float(loss)
        count += n
    model.train(was_training)
    return total / max(count, 1)


@torch.no_grad()
def heldout_accuracy(model: Any, tokenizer: Any, n_tasks: int, device: str, max_tokens: int = 2048) -> dict[str, Any]:
    """Greedy, untransformed, no-TTT exact-match accuracy on the test pairs of the first n held-out tasks."""
    fmt = get_format("compact")
    held = set(heldout_task_ids()[:n_tasks])
    tasks = [t for t in load_dataset("arc1-train").tasks if t.task.id in held]
    model.eval()
    stop_id = tokenizer.convert_tokens_to_ids(".")  # the compact end marker is one token
    solved, total, skipped = 0, 0, 0
    for lt in tasks:
        assert lt.solutions is not None
        for test_in, test_out in zip(lt.task.test_inputs, lt.solutions):
            total += 1
            prompt = fmt.render(list(lt.task.train), test_in, None).prompt
            ids = tokenizer(prompt, return_tensors="pt")["input_ids"].to(device)
            budget = int(test_out.size + test_out.shape[0] + 2)
            if ids.shape[1] + budget > max_tokens + 1024:
                skipped += 1
                continue
            out = model.generate(input_ids=ids, attention_mask=torch.ones_like(ids), max_new_tokens=budget + 4,
                                 do_sample=False, pad_token_id=tokenizer.pad_token_id, eos_token_id=stop_id)
            text = tokenizer.decode(out[0, ids.shape[1]:], skip_special_tokens=True)
            grid = fmt.parse(text)
            if grid is not None and grid.shape == test_out.shape and np.array_equal(grid, test_out):
                solved += 1
    return {"tasks": len(tasks), "test_pairs": total, "solved": solved, "skipped_too_long": skipped}


def _save_checkpoint(out: Path, step: int, model: Any, optimizer: torch.optim.Optimizer,
                     state: dict[str, Any]) -> Path:
    from safetensors.torch import save_file

    tmp = out / f".ckpt-{step:06d}.tmp"
    if tmp.exists():
        shutil.rmtree(tmp)
    model.save_pretrained(tmp, safe_serialization=True)
    opt_state = optimizer.state_dict()
    tensors: dict[str, torch.Tensor] = {}
    for idx, st in opt_state["state"].items():
        for key, value in st.items():
            tensors[f"{idx}.{key}"] = value.detach().cpu().contiguous() if torch.is_tensor(value) \
                else torch.tensor(value)
    save_file(tensors, str(tmp / "optimizer.safetensors"))
    meta = {**state, "step": step, "param_groups": opt_state["param_groups"]}
    (tmp / "state.json").write_text(json.dumps(meta, indent=1, default=str))
    final = out / f"ckpt-{step:06d}"
    if final.exists():
        shutil.rmtree(final)
    tmp.rename(final)
    for old in sorted(out.glob("ckpt-*"))[:-2]:
        shutil.rmtree(old)
    return final


def latest_checkpoint(out_dir: str | Path) -> Path | None:
    """The newest complete checkpoint folder in `out_dir`, or None."""
    ckpts = sorted(p for p in Path(out_dir).glob("ckpt-*") if (p / "state.json").exists())
    return ckpts[-1] if ckpts else None


def _load_checkpoint(ckpt: Path, model: Any, optimizer: torch.optim.Optimizer) -> dict[str, Any]:
    from safetensors.torch import load_file

    weights = load_file(str(ckpt / "model.safetensors"))
    missing, unexpected = model.load_state_dict(weights, strict=False)
    bad = [k for k in missing if "lm_head" not in k] + list(unexpected)
    if bad:
        raise RuntimeError(f"{ckpt}: checkpoint does not match the model ({bad[:3]})")
    model.tie_weights()
    meta = json.loads((ckpt / "state.json").read_text())
    tensors = load_file(str(ckpt / "optimizer.safetensors"))
    state: dict[int, dict[str, torch.Tensor]] = {}
    for name, value in tensors.items():
        idx, key = name.split(".", 1)
        state.setdefault(int(idx), {})[key] = value
    optimizer.load_state_dict({"state": state, "param_groups": meta["param_groups"]})
    return meta


def truncate_log(log_path: Path, step: int) -> None:
    """Drop the rows of loss.csv after `step` (the checkpoint a run resumes from), so no step is logged twice."""
    with log_path.open(newline="") as f:
        rows = list(csv.reader(f))
    kept = rows[:1] + [r for r in rows[1:] if r and int(r[0]) <= step]
    if len(kept) != len(rows):
        with log_path.open("w", newline="") as f:
            csv.writer(f).writerows(kept)


def learning_rate(cfg: PretrainConfig, step: int, elapsed: float) -> float:
    """The learning rate of optimizer step `step` (0-based) after `elapsed` seconds of training."""
    if step < cfg.warmup_steps:
        return cfg.lr * (step + 1) / cfg.warmup_steps
    progress = (step - cfg.warmup_steps) / max(1, cfg.max_steps - cfg.warmup_steps)
    if cfg.time_budget_s:
        progress = max(progress, elapsed / cfg.time_budget_s)
    cosine = 0.5 * (1.0 + math.cos(math.pi * min(1.0, progress)))
    return cfg.lr * (cfg.min_lr_ratio + (1.0 - cfg.min_lr_ratio) * cosine)


def _arch_overrides(text: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for item in filter(None, (s.strip() for s in text.split(","))):
        key, _, value = item.partition("=")
        out[key.strip()] = float(value) if "." in value else int(value)
    return out


def _warm_start(model: Any, init_from: str) -> None:
    """Copy the weights of an HF checkpoint with the same architecture into `model` (shapes must match)."""
    from safetensors.torch import load_file

    from neural.model import model_path

    weights = Path(model_path(init_from)) / "model.safetensors"
    if not weights.is_file():
        raise FileNotFoundError(f"{weights}: no weights to warm-start from")
    state = load_file(str(weights))
    if "lm_head.weight" not in state and "model.embed_tokens.weight" in state:
        state["lm_head.weight"] = state["model.embed_tokens.weight"]  # tied embeddings are saved once
    model.load_state_dict(state, strict=True)


def pretrain(config: PretrainConfig, progress: bool = True) -> dict[str, Any]:
    """Train the embedded model from scratch (or resume from the newest checkpoint in `config.out_dir`).

    Returns the summary also written to `out_dir/summary.json`; the final model is in `out_dir/final/`.
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
    cfg = config
    if cfg.threads > 0:
        torch.set_num_threads(cfg.threads)
    out = Path(cfg.out_dir)
    out.mkdir(parents=True, exist_ok=True)
    device = cfg.device
    torch.manual_seed(cfg.seed)
    model, tokenizer = build_embedded_model(seed=cfg.seed, **_arch_overrides(cfg.arch))
    if cfg.init_from:
        _warm_start(model, cfg.init_from)
    model.to(device)
    model.train()
    decay = [p for n, p in model.named_parameters() if p.ndim >= 2]
    no_decay = [p for n, p in model.named_parameters() if p.ndim < 2]
    optimizer = torch.optim.AdamW([{"params": decay, "weight_decay": cfg.weight_decay},
                                   {"params": no_decay, "weight_decay": 0.0}], lr=cfg.lr, betas=(0.9, 0.95))
    tasks, data_info = training_tasks(cfg.use_arc2_train, cfg.generated_dir)
    pool = TaskPool(tasks)
    held_examples = heldout_examples(tokenizer, cfg)

    step, elapsed, tokens_seen, loss_tokens_seen = 0, 0.0, 0, 0
    ckpt = latest_checkpoint(out)
    if ckpt is not None:
        meta = _load_checkpoint(ckpt, model, optimizer)
        step, elapsed = int(meta["step"]), float(meta["elapsed"])
        tokens_seen, loss_tokens_seen = int(meta["tokens"]), int(meta["loss_tokens"])
    (out / "pretrain_config.json").write_text(json.dumps({"config": asdict(cfg), "data": data_info,
                                                           "parameters": count_parameters(model)}, indent=1))
    log_path = out / "loss.csv"
    new_log = not log_path.exists() or step == 0
    if not new_log:
        truncate_log(log_path, step)   # rows a killed run logged after its last checkpoint are redone
    log_file = log_path.open("w" if new_log else "a", newline="")
    log = csv.writer(log_file)
    if new_log:
        log.writerow(["step", "elapsed_s", "tokens", "loss", "lr", "heldout_loss"])

    stopped = "max_steps"
    bar = Progress(TextColumn("pretrain"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                   TextColumn("{task.fields[info]}"), disable=not progress)
    with bar:
        job = bar.add_task("pretrain", total=cfg.max_steps, completed=step, info="")
        while step < cfg.max_steps:
            if cfg.time_budget_s and elapsed >= cfg.time_budget_s:
                stopped = "time_budget"
                break
            t0 = time.perf_counter()
            examples = step_examples(pool, cfg, tokenizer, step)
            batch_tokens, batch_loss, batch_count = 0, 0.0, 0
            while batch_tokens < cfg.tokens_per_step:
                ex = next(examples)
                loss, n = _loss_sum(model, ex, device, cfg)
                # summed losses are back-propagated; the gradients are divided by the step's labelled-token
                # count below, so the step optimises the mean loss over all its labelled tokens
                loss.backward()
                batch_tokens += len(ex.input_ids)
                batch_loss += float(loss.detach())
                batch_count += n
            for p in model.parameters():
                if p.grad is not None:
                    p.grad.div_(max(batch_count, 1))
            torch.nn.utils.clip_grad_norm_(model.parameters(), cfg.grad_clip)
            current_lr = learning_rate(cfg, step, elapsed)
            for group in optimizer.param_groups:
                group["lr"] = current_lr
            optimizer.step()
            optimizer.zero_grad(set_to_none=True)
            step += 1
            elapsed += time.perf_counter() - t0
            tokens_seen += batch_tokens
            loss_tokens_seen += batch_count
            mean_loss = batch_loss / max(batch_count, 1)
            held = ""
            if cfg.eval_every and step % cfg.eval_every == 0:
                held = f"{heldout_loss(model, held_examples, device, cfg):.4f}"
            log.writerow([step, f"{elapsed:.1f}", tokens_seen, f"{mean_loss:.4f}",
                          f"{current_lr:.2e}", held])
            log_file.flush()
            bar.update(job, completed=step, info=f"loss {mean_loss:.3f} tok/s {tokens_seen / max(elapsed, 1e-9):.0f}"
                       + (f" held {held}" if held else ""))
            if cfg.checkpoint_every and step % cfg.checkpoint_every == 0:
                _save_checkpoint(out, step, model, optimizer,
                                 {"elapsed": elapsed, "tokens": tokens_seen, "loss_tokens": loss_tokens_seen})
    log_file.close()
    if step and (latest_checkpoint(out) is None or not (out / f"ckpt-{step:06d}").exists()):
        _save_checkpoint(out, step, model, optimizer,
                         {"elapsed": elapsed, "tokens": tokens_seen, "loss_tokens": loss_tokens_seen})
    model.eval()
    final = save_model(model, tokenizer, out / "final")
    summary: dict[str, Any] = {
        "steps": step, "stopped": stopped, "train_seconds": round(elapsed, 1), "tokens": tokens_seen,
        "loss_tokens": loss_tokens_seen, "tokens_per_s": round(tokens_seen / max(elapsed, 1e-9), 1),
        "parameters": count_parameters(model), "data": data_info, "final_dir": str(final),
        "heldout_loss": heldout_loss(model, held_examples, device, cfg),
        "loss_curve": _curve_summary(log_path),
    }
    if cfg.final_eval_tasks:
        summary["heldout_greedy"] = heldout_accuracy(model, tokenizer, cfg.final_eval_tasks, device, cfg.max_tokens)
    (out / "summary.json").write_text(json.dumps(summary, indent=1))
    return summary


def _curve_summary(log_path: Path, points: int = 12) -> list[dict[str, Any]]:
    """A few rows of loss.csv (evenly spaced, each the mean training loss of its window) for reports."""
    rows = list(csv.DictReader(log_path.open()))
    if not rows:
        return []
    width = max(1, math.ceil(len(rows) / points))
    out = []
    for start in range(0, len(rows), width):
        window = rows[start:start + width]
        held = [float(r["heldout_loss"]) for r in window if r["heldout_loss"]]
        out.append({"step": int(window[-1]["step"]), "elapsed_s": float(window[-1]["elapsed_s"]),
                    "loss": round(sum(float(r["loss"]) for r in window) / len(window), 4),
                    "heldout_loss": held[-1] if held else None})
    return out
