"""The static check of program text: the names a program may not use, found in its compiled code.

One of the Python-level layers (defence in depth; SECURITY.md says what it does not promise). It owns the
name rules shared with the runtime attribute guards (:func:`name_problem`) and :func:`check_program`, the
public "static check alone". The child runs :func:`analyse` on every program before executing it when the
Python guards are on.
"""
from __future__ import annotations

import ast
import dis
import opcode
import string
import types

from synth.sandbox.model import MAX_PROGRAM_CHARS, MESSAGE_CHARS

SAFE_DUNDERS = frozenset({
    "__init__", "__name__", "__main__", "__doc__", "__module__", "__qualname__", "__classcell__",
    "__annotations__", "__all__", "__post_init__", "__repr__", "__str__", "__format__", "__hash__", "__bool__",
    "__len__", "__iter__", "__next__", "__reversed__", "__contains__", "__getitem__", "__setitem__",
    "__delitem__", "__call__", "__enter__", "__exit__", "__eq__", "__ne__", "__lt__", "__le__", "__gt__",
    "__ge__", "__add__", "__radd__", "__iadd__", "__sub__", "__rsub__", "__isub__", "__mul__", "__rmul__",
    "__imul__", "__truediv__", "__rtruediv__", "__itruediv__", "__floordiv__", "__rfloordiv__",
    "__ifloordiv__", "__mod__", "__rmod__", "__imod__", "__pow__", "__rpow__", "__matmul__", "__rmatmul__",
    "__neg__", "__pos__", "__abs__", "__invert__", "__and__", "__rand__", "__iand__", "__or__", "__ror__",
    "__ior__", "__xor__", "__rxor__", "__ixor__", "__lshift__", "__rshift__", "__int__", "__float__",
    "__round__",
})
# Refused wherever they appear (names, attributes, keywords, string constants).
FORBIDDEN_NAMES = frozenset({
    "gi_frame", "gi_code", "gi_yieldfrom", "cr_frame", "cr_code", "cr_await", "cr_origin", "ag_frame",
    "ag_code", "ag_await", "f_back", "f_builtins", "f_code", "f_globals", "f_locals", "f_trace", "tb_frame",
    "tb_next", "refcheck",
})
# Refused as attribute names.
FORBIDDEN_ATTRS = frozenset({
    "obj", "ctypes", "ctypeslib", "tofile", "dump", "load", "loads", "save", "savez", "savez_compressed",
    "savetxt", "loadtxt", "genfromtxt", "fromfile", "fromregex", "memmap", "DataSource", "f2py", "distutils",
    "testing", "as_strided", "system", "popen",
})
PRIVATE_OK = frozenset({"_asdict", "_replace", "_fields", "_make", "_field_defaults"})

_MATCH_CLASS = opcode.opmap.get("MATCH_CLASS", 152)


def is_dunder(name: str) -> bool:
    return len(name) > 4 and name.startswith("__") and name.endswith("__")


def name_problem(name: str, attribute: bool) -> str | None:
    """Why `name` may not be used (as an attribute if `attribute`), or None."""
    if is_dunder(name):
        return None if name in SAFE_DUNDERS else f"use of {name!r} is not allowed"
    if name in FORBIDDEN_NAMES:
        return f"use of {name!r} is not allowed"
    if attribute:
        if name.startswith("_") and name not in PRIVATE_OK:
            return f"access to private attribute {name!r} is not allowed"
        if name in FORBIDDEN_ATTRS:
            return f"access to attribute {name!r} is not allowed"
    return None


def _format_fields(text: str) -> list[str]:
    """Attribute names looked up by the replacement fields of `text` used as a str.format template."""
    found: list[str] = []
    pending = [text]
    while pending:
        template = pending.pop()
        try:
            parsed = list(string.Formatter().parse(template))
        except (ValueError, TypeError):
            continue
        for _, field, spec, _ in parsed:
            if field:
                found.extend(part.split("[")[0] for part in field.split(".")[1:])
            if spec and "{" in spec:
                pending.append(spec)
    return found


def _walk_code(code: types.CodeType) -> tuple[set[str], set[str], set[str], list[str], bool]:
    """Over `code` and its nested code objects: names used as globals/attributes, local/cell names,
    identifier-like string constants, attribute names in constant format templates, and whether a class
    pattern with positional sub-patterns occurs."""
    names: set[str] = set()
    local: set[str] = set()
    consts: set[str] = set()
    format_attrs: list[str] = []
    positional_match = False
    stack = [code]
    while stack:
        co = stack.pop()
        names.update(co.co_names)
        local.update(co.co_varnames)
        local.update(n for n in co.co_cellvars if n != "__class__")
        local.update(n for n in co.co_freevars if n != "__class__")
        pending = list(co.co_consts)
        while pending:
            c = pending.pop()
            if type(c) is types.CodeType:
                stack.append(c)
            elif type(c) is str:
                if len(c) <= 64 and c.isidentifier():
                    consts.add(c)
                if "{" in c:
                    format_attrs.extend(_format_fields(c))
            elif type(c) in (tuple, frozenset):
                pending.extend(c)
        if not positional_match and _MATCH_CLASS in co.co_code[::2]:
            positional_match = any(ins.opname == "MATCH_CLASS" and ins.arg for ins in dis.get_instructions(co))
    return names, local, consts, format_attrs, positional_match


def _attributes_used(source: str, candidates: set[str]) -> str | None:
    """The first of `candidates` that `source` uses as an attribute or class-pattern keyword, or None."""
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in candidates:
            return node.attr
        if isinstance(node, ast.MatchClass):
            hit = next((k for k in node.kwd_attrs if k in candidates), None)
            if hit:
                return hit
    return None


def analyse(code: types.CodeType, source: str) -> str | None:
    """Why the compiled program `code` (from `source`) is refused, or None."""
    names, local, consts, format_attrs, positional_match = _walk_code(code)
    for name in sorted(names | consts):
        problem = name_problem(name, attribute=False)
        if problem:
            return problem
    for name in sorted(local):
        if is_dunder(name) or name in FORBIDDEN_NAMES:
            return f"use of {name!r} is not allowed"
    if positional_match:
        return "class patterns with positional sub-patterns are not allowed"
    for name in format_attrs:
        problem = name_problem(name, attribute=True)
        if problem:
            return f"format template: {problem}"
    # Class-pattern keywords are constants, not names: look at both.
    suspicious = {n for n in names | consts if name_problem(n, attribute=True)}
    if suspicious:
        hit = _attributes_used(source, suspicious)
        if hit:
            return name_problem(hit, attribute=True)
    return None


def syntax_message(exc: BaseException) -> str:
    if isinstance(exc, SyntaxError):
        where = f" (line {exc.lineno})" if exc.lineno else ""
        return f"{type(exc).__name__}: {exc.msg}{where}"[:MESSAGE_CHARS]
    return f"{type(exc).__name__}: {exc}"[:MESSAGE_CHARS]


def compile_program(source: str) -> types.CodeType:
    """Compile program text the way the sandbox does (raises SyntaxError, ValueError, ...)."""
    return compile(source, "<program>", "exec", dont_inherit=True)


def check_program(source: str) -> str | None:
    """The static check alone: None if `source` compiles and passes, else a one-line reason."""
    if len(source) > MAX_PROGRAM_CHARS:
        return f"program text is longer than {MAX_PROGRAM_CHARS} characters"
    try:
        code = compile_program(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError, OverflowError) as exc:
        return syntax_message(exc)
    return analyse(code, source)
