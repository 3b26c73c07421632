"""The LLM program sampler: BARC's induction prompt, sampling through a generation backend, code extraction.

The prompt is exactly BARC's (../shared/barc_prompt_format.md section 4), so that
`barc0/Llama-3.1-ARC-Potpourri-Induction-8B` runs unchanged on a GPU through vLLM; on CPU any causal LM with
a chat template serves (tests use SmolLM2-135M). Programs sampled this way run in the `rows` orientation.
"""
from __future__ import annotations

import re
from typing import Any, Sequence

from solver.barc_text import user_body
from solver.lm.protocol import GenerationBackend
from solver.lm.tokens import chat_text
from solver.tasks import Task

SYSTEM = ("You are a world-class puzzle solver with exceptional pattern recognition skills and expertise in Python "
          "programming. Your task is to analyze puzzles and provide Python solutions.")
INSTRUCTION = ("\nWrite a Python function `transform` that can convert any given input grid to its corresponding "
               "output grid based on the pattern observed in the reference examples.")
ORIENTATION = "rows"

_PYTHON_FENCE = re.compile(r"```python(.*?)```", re.DOTALL)
_PLAIN_FENCE = re.compile(r"```(.*?)```", re.DOTALL)


def induction_messages(task: Task, test_index: int = 0) -> list[dict[str, str]]:
    """System and user messages of BARC's induction prompt for one test input (all demos shown)."""
    demos = [(p.input, p.output) for p in task.train]
    return [{"role": "system", "content": SYSTEM},
            {"role": "user", "content": user_body(demos, task.test_inputs[test_index]) + INSTRUCTION}]


def induction_prompt(task: Task, tokenizer: Any, test_index: int = 0) -> str:
    """The prompt string through the tokenizer's chat template, with the generation prompt (no pre-fill) and the
    fixed date of `solver.lm.tokens.chat_text`; the backends tokenize it with exactly one BOS."""
    return chat_text(tokenizer, induction_messages(task, test_index), add_generation_prompt=True)


def extract_code(completion: str) -> str | None:
    """BARC's extraction: the first ```python fence, else the first plain fence, else nothing."""
    for pattern in (_PYTHON_FENCE, _PLAIN_FENCE):
        match = pattern.search(completion)
        if match:
            code = match.group(1).strip()
            return code or None
    return None


def sample_programs(task: Task, backend: GenerationBackend, tokenizer: Any, n_samples: int, temperature: float,
                    max_new_tokens: int, seed: int, deadline: float | None = None) -> tuple[list[str], dict[str, int]]:
    """Sample `n_samples` completions for the task (generation stops at `deadline`, time.monotonic(), where the
    backend can stop) and return the distinct extracted programs plus counts."""
    prompt = induction_prompt(task, tokenizer)
    completions = backend.generate([prompt], max_new_tokens=max_new_tokens, n=n_samples,
                                   temperature=temperature, seed=seed, deadline=deadline)[0]
    programs: list[str] = []
    seen: set[str] = set()
    no_code = 0
    for text in completions:
        code = extract_code(text)
        if code is None:
            no_code += 1
        elif code not in seen:
            seen.add(code)
            programs.append(code)
    return programs, {"completions": len(completions), "no_code": no_code, "distinct_programs": len(programs)}

