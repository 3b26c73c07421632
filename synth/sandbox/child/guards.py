"""The Python-level layers of a program process: defence in depth, and clear 'blocked' messages.

Runs only inside the zygote (tables built once, before any fork) and its program processes. Owns the
restricted builtins, the import allow-list served through *proxy modules* holding only vetted public
names (built in the zygote; each program process has its own copy, since it runs one program), the
deterministic-randomness wrappers, and the PEP 578 audit hook (installed in the zygote, enforcing only
once a program process sets ``STATE.locked``). None of this is
relied on for containment: a program that gets past it still meets the operating-system layers
(``contain.py``). With ``SandboxConfig.python_guards`` off, programs run with the real builtins and
imports, and only the OS layers hold.
"""
from __future__ import annotations

import math
import os
import random as _random
import sys
import types
from typing import Any, Callable

import numpy as np

from synth.sandbox.static_check import name_problem


class SandboxViolation(BaseException):
    """Raised when a program tries something forbidden (BaseException so `except Exception` does not hide it)."""


class _State:
    """The program process's guard state (one program per process)."""

    def __init__(self) -> None:
        self.locked = False          # audit hook enforcing (program code may run)
        self.violation: str | None = None
        self.seed = 0
        self.program_globals: dict | None = None
        self.mods: dict[str, types.ModuleType] = {}      # the proxy modules, built by prepare()
        self.builtins: dict = {}                          # the restricted builtins, built by prepare()
        self.read_prefixes: tuple[str, ...] = ()
        self.exec_callers: frozenset = frozenset()


STATE = _State()


def violation(message: str) -> None:
    """Record the first violation (sticky: a program that swallows it is still 'blocked') and raise."""
    if STATE.violation is None:
        STATE.violation = message
    raise SandboxViolation(message)


# -- runtime guards given to programs as builtins ---------------------------------------------------------

def _guard_name(name: Any) -> None:
    if type(name) is not str:
        if isinstance(name, str):
            violation("attribute names must be plain str, not a str subclass")
        raise TypeError("attribute name must be a str")
    problem = name_problem(name, attribute=True)
    if problem:
        violation(problem)


def _sb_getattr(obj: Any, name: Any, *default: Any) -> Any:
    _guard_name(name)
    return getattr(obj, name, *default)


def _sb_hasattr(obj: Any, name: Any) -> bool:
    _guard_name(name)
    return hasattr(obj, name)


def _sb_setattr(obj: Any, name: Any, value: Any) -> None:
    _guard_name(name)
    setattr(obj, name, value)


def _sb_delattr(obj: Any, name: Any) -> None:
    _guard_name(name)
    delattr(obj, name)


def _sb_print(*args: Any, **kwargs: Any) -> None:
    """Programs' print: output is discarded."""
    return None


def _forbidden_builtin(name: str) -> Callable:
    def forbidden(*args: Any, **kwargs: Any) -> None:
        violation(f"{name}() is not allowed")
    forbidden.__name__ = name
    return forbidden


ALLOWED_IMPORTS = frozenset({
    "numpy", "numpy.linalg", "numpy.random", "numpy.fft", "numpy.ma", "numpy.lib", "numpy.lib.stride_tricks",
    "typing", "itertools", "collections", "collections.abc", "math", "random", "copy", "functools", "common",
    "time", "heapq", "bisect", "operator",
})


def _sb_import(name: Any, globals: Any = None, locals: Any = None, fromlist: Any = (), level: Any = 0) -> Any:
    """The programs' __import__.

    Import statements pass fromlist None or a tuple. C code that imports lazily while a program's frame is
    the current one (numpy's array printing, for example) goes through CPython's PyImport_Import, which
    calls this with fromlist ['__doc__'] (a list), ignores the return value and takes the module from
    sys.modules: that import is done for real (the zygote preloaded what numpy needs; anything else would
    have to read files, which the OS layers refuse) and None is returned, so no module reaches the caller.
    """
    if type(fromlist) is list and type(name) is str and level == 0:
        import builtins
        builtins.__import__(name, None, None, fromlist, 0)
        return None
    if type(name) is not str or level != 0:
        violation("relative or non-string imports are not allowed")
    if name not in ALLOWED_IMPORTS:
        violation(f"import of {name!r} is not allowed")
    if fromlist:
        return proxy(name)
    return proxy(name.partition(".")[0])


_BUILTIN_NAMES = (
    "abs", "aiter", "all", "anext", "any", "ascii", "bin", "bool", "bytearray", "bytes", "callable", "chr",
    "classmethod", "complex", "dict", "dir", "divmod", "enumerate", "filter", "float", "format", "frozenset",
    "hash", "hex", "id", "int", "isinstance", "issubclass", "iter", "len", "list", "map", "max", "memoryview",
    "min", "next", "object", "oct", "ord", "pow", "property", "range", "repr", "reversed", "round", "set",
    "slice", "sorted", "staticmethod", "str", "sum", "super", "tuple", "type", "zip", "Ellipsis",
    "NotImplemented", "__build_class__",
)
_FORBIDDEN_BUILTINS = ("open", "eval", "exec", "compile", "input", "breakpoint", "globals", "locals", "vars",
                       "help", "exit", "quit", "copyright", "credits", "license")


def make_builtins() -> dict:
    """The restricted builtins table (built once in the zygote: each program process has its own copy)."""
    import builtins
    table = {name: getattr(builtins, name) for name in _BUILTIN_NAMES}
    for name, value in vars(builtins).items():
        if isinstance(value, type) and issubclass(value, BaseException):
            table[name] = value
    for name in _FORBIDDEN_BUILTINS:
        table[name] = _forbidden_builtin(name)
    table.update(getattr=_sb_getattr, hasattr=_sb_hasattr, setattr=_sb_setattr, delattr=_sb_delattr,
                 __import__=_sb_import, print=_sb_print)
    return table


# -- proxy modules ------------------------------------------------------------------------------------------

_NUMPY_DENY = frozenset({
    "load", "save", "savez", "savez_compressed", "savetxt", "loadtxt", "genfromtxt", "fromfile", "fromregex",
    "memmap", "DataSource", "ctypeslib", "show_config", "show_runtime", "info", "test", "add_docstring",
    "add_newdoc", "add_newdoc_ufunc", "seterrcall", "geterrcall", "setbufsize", "getbufsize", "get_include",
    "lookfor", "source", "who", "byte_bounds", "set_string_function", "f2py", "testing", "distutils",
})
_NUMPY_MA_DENY = frozenset({"dump", "dumps", "load", "loads", "test"})
_TYPING_NAMES = (
    "AbstractSet", "Any", "AnyStr", "Callable", "ChainMap", "ClassVar", "Collection", "Container", "Counter",
    "DefaultDict", "Deque", "Dict", "Final", "FrozenSet", "Generator", "Generic", "Hashable", "ItemsView",
    "Iterable", "Iterator", "KeysView", "List", "Literal", "Mapping", "MutableMapping", "MutableSequence",
    "MutableSet", "NamedTuple", "NewType", "NoReturn", "Optional", "OrderedDict", "Reversible", "Sequence",
    "Set", "Sized", "SupportsAbs", "SupportsFloat", "SupportsIndex", "SupportsInt", "SupportsRound", "Text",
    "Tuple", "Type", "TypeAlias", "TypeVar", "Union", "ValuesView", "cast", "final", "overload", "T", "KT",
    "VT", "T_co", "V_co", "VT_co", "T_contra", "CT_co",
)
_TIME_NAMES = ("time", "time_ns", "perf_counter", "perf_counter_ns", "monotonic", "monotonic_ns", "process_time",
               "process_time_ns", "sleep", "struct_time", "localtime", "gmtime", "mktime", "strftime", "ctime",
               "asctime", "timezone", "altzone", "daylight", "tzname")
_SEEDED_NP_RANDOM = ("default_rng", "RandomState", "SeedSequence", "PCG64", "PCG64DXSM", "MT19937", "Philox",
                     "SFC64")
_SUBMODULES = {"numpy": ("linalg", "random", "fft", "ma", "lib"), "numpy.lib": ("stride_tricks",),
               "collections": ("abc",)}


class Templates:
    """Vetted name tables of the allowed modules, built once in the zygote."""

    def __init__(self, common: types.ModuleType | None, common_error: str) -> None:
        import bisect
        import collections
        import collections.abc
        import copy
        import functools
        import heapq
        import itertools
        import operator
        import random
        import time
        import typing

        import numpy.fft
        import numpy.lib.stride_tricks
        import numpy.linalg
        import numpy.ma
        import numpy.random

        self.common_error = common_error
        self.real = {"numpy": np, "random": random, "typing": typing, "itertools": itertools,
                     "collections": collections, "math": math, "copy": copy, "functools": functools,
                     "time": time, "heapq": heapq, "bisect": bisect, "operator": operator}
        self.tables: dict[str, dict[str, Any]] = {}
        self.denied: dict[str, frozenset] = {}
        self._add("numpy", self._public(np, _NUMPY_DENY), np)
        self._add("numpy.linalg", self._public(numpy.linalg), numpy.linalg)
        np_random = self._public(numpy.random, frozenset({"test", "set_bit_generator", "get_bit_generator"}))
        for name in _SEEDED_NP_RANDOM:
            np_random[name] = _seed_default(getattr(numpy.random, name))
        np_random["seed"] = _np_seed
        self._add("numpy.random", np_random, numpy.random)
        self._add("numpy.fft", self._public(numpy.fft, frozenset({"test"})), numpy.fft)
        self._add("numpy.ma", self._public(numpy.ma, _NUMPY_MA_DENY), numpy.ma)
        self._add("numpy.lib", {}, numpy.lib)
        st = numpy.lib.stride_tricks
        self._add("numpy.lib.stride_tricks", {n: getattr(st, n) for n in ("sliding_window_view", "broadcast_to",
                                                                         "broadcast_arrays", "broadcast_shapes")
                                              if hasattr(st, n)}, st)
        self._add("typing", {n: getattr(typing, n) for n in _TYPING_NAMES if hasattr(typing, n)}, typing)
        self._add("itertools", self._public(itertools), itertools)
        self._add("math", self._public(math), math)
        self._add("collections", self._public(collections), collections)
        self._add("collections.abc", self._public(collections.abc), collections.abc)
        rnd = {n: v for n, v in self._public(random).items() if n not in ("SystemRandom", "Random", "seed")}
        rnd.update(Random=SeededRandom, SystemRandom=SeededRandom, seed=_random_seed)
        self._add("random", rnd, random)
        self._add("copy", {"copy": copy.copy, "deepcopy": _deepcopy, "Error": copy.Error, "error": copy.Error},
                  copy)
        self._add("functools", {n: getattr(functools, n) for n in (
            "reduce", "partial", "partialmethod", "lru_cache", "cache", "cmp_to_key", "cached_property",
            "total_ordering", "WRAPPER_ASSIGNMENTS", "WRAPPER_UPDATES")}, functools)
        self.tables["functools"].update(wraps=_sb_wraps, update_wrapper=_sb_update_wrapper)
        self._add("time", {n: getattr(time, n) for n in _TIME_NAMES if hasattr(time, n)}, time)
        self._add("heapq", self._public(heapq), heapq)
        self._add("bisect", self._public(bisect), bisect)
        # attrgetter / methodcaller look attributes up by runtime strings, past the static check
        self._add("operator", self._public(operator, frozenset({"attrgetter", "methodcaller"})), operator)
        self.common_modules: dict[str, str] = {}
        if common is not None:
            self._add_common(common)

    def _add_common(self, common: types.ModuleType) -> None:
        table = {}
        module_names = {id(m): n for n, m in self.real.items()}
        for name, value in vars(common).items():
            if name.startswith("_"):
                continue
            if isinstance(value, types.ModuleType):
                if id(value) in module_names:
                    self.common_modules[name] = module_names[id(value)]
                elif value.__name__ in ALLOWED_IMPORTS:
                    self.common_modules[name] = value.__name__
                continue
            table[name] = value
        self._add("common", table, common)
        exported = getattr(common, "__all__", None)
        if isinstance(exported, (list, tuple)):
            self.tables["common"]["__all__"] = tuple(
                n for n in exported if type(n) is str and (n in table or n in self.common_modules))

    @staticmethod
    def _public(module: types.ModuleType, deny: frozenset = frozenset()) -> dict[str, Any]:
        table = {}
        for name, value in vars(module).items():
            if name.startswith("_") or name in deny or isinstance(value, types.ModuleType):
                continue
            if type(value) in (dict, list, set, bytearray):
                continue   # shared mutable containers are not exported
            table[name] = value
        return table

    def _add(self, name: str, table: dict[str, Any], real: types.ModuleType) -> None:
        self.tables[name] = table
        self.denied[name] = frozenset(n for n in dir(real) if not n.startswith("_") and n not in table)


TEMPLATES: Templates | None = None


def _missing_attribute(module: str, denied: frozenset) -> Callable:
    def __getattr__(name: str) -> Any:
        if name in denied:
            violation(f"{module}.{name} is not available in the sandbox")
        raise AttributeError(f"module {module!r} has no attribute {name!r}")
    return __getattr__


def proxy(name: str) -> types.ModuleType:
    """The proxy of allowed module `name` (all are built in the zygote by :func:`prepare`, so a program
    process only looks them up: one program per process, so no program sees another's proxies)."""
    mods = STATE.mods
    module = mods.get(name)
    if module is not None:
        return module
    tpl = TEMPLATES
    if name == "common" and "common" not in tpl.tables:
        raise ImportError(f"the common library is not available: {tpl.common_error}")
    module = types.ModuleType(name)
    module.__dict__.update(tpl.tables[name])
    module.__dict__["__getattr__"] = _missing_attribute(name, tpl.denied[name])
    mods[name] = module
    for sub in _SUBMODULES.get(name, ()):
        module.__dict__[sub] = proxy(f"{name}.{sub}")
    if name == "common":
        for attr, target in tpl.common_modules.items():
            module.__dict__[attr] = proxy(target)
    return module


# -- deterministic randomness -------------------------------------------------------------------------------

class SeededRandom(_random.Random):
    """random.Random / SystemRandom for programs: no argument means the program's seed, not OS entropy."""

    def __init__(self, x: Any = None) -> None:
        super().__init__(STATE.seed if x is None else x)

    def seed(self, a: Any = None, version: int = 2) -> None:
        super().seed(STATE.seed if a is None else a, version)


def _random_seed(a: Any = None, version: int = 2) -> None:
    _random.seed(STATE.seed if a is None else a, version)


def _np_seed(seed: Any = None) -> None:
    np.random.seed(STATE.seed if seed is None else seed)


def _seed_default(factory: Callable) -> Callable:
    def seeded(seed: Any = None, *args: Any, **kwargs: Any) -> Any:
        return factory(STATE.seed if seed is None else seed, *args, **kwargs)
    seeded.__name__ = getattr(factory, "__name__", "seeded")
    return seeded


def _deepcopy(x: Any) -> Any:
    """copy.deepcopy without the `memo` argument (a dict the program could pre-fill)."""
    import copy
    return copy.deepcopy(x)


def _own_function(f: Any) -> bool:
    return type(f) is types.FunctionType and f.__globals__ is STATE.program_globals


def _sb_update_wrapper(wrapper: Any, wrapped: Any) -> Any:
    import functools
    if not _own_function(wrapper):
        violation("functools.update_wrapper only applies to the program's own functions")
    return functools.update_wrapper(wrapper, wrapped)


def _sb_wraps(wrapped: Any) -> Callable:
    def decorator(wrapper: Any) -> Any:
        return _sb_update_wrapper(wrapper, wrapped)
    return decorator


# -- audit hook ---------------------------------------------------------------------------------------------

_AUDIT_OK = frozenset({"import", "marshal.loads", "builtins.id", "sys._getframe", "sys._getframemodulename",
                       "time.sleep"})
_AUDIT_SETATTR_OK = frozenset({"__module__", "__doc__", "__name__", "__qualname__"})
_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND | getattr(os, "O_TMPFILE", 0)


def _path_ok(path: Any) -> bool:
    if type(path) is bytes:
        path = os.fsdecode(path)
    if type(path) is not str:
        return False
    full = os.path.abspath(path)
    return any(full == p or full.startswith(p + os.sep) for p in STATE.read_prefixes)


def _audit_hook(event: str, args: tuple) -> None:
    if not STATE.locked or event in _AUDIT_OK:
        return
    if event == "open":
        mode = args[1] if len(args) > 1 else None
        flags = args[2] if len(args) > 2 else 0
        if (not (isinstance(mode, str) and any(c in mode for c in "wax+"))
                and not (isinstance(flags, int) and flags & _WRITE_FLAGS) and _path_ok(args[0])):
            return
    elif event in ("os.listdir", "os.scandir"):
        if args and _path_ok(args[0]):
            return
    elif event in ("exec", "compile"):
        caller = sys._getframe(1)
        if caller.f_globals.get("__name__") in STATE.exec_callers:
            return
    elif event in ("object.__setattr__", "object.__delattr__"):
        if len(args) > 1 and args[1] in _AUDIT_SETATTR_OK:
            return
    violation(f"forbidden operation ({event})")


def prepare(common: types.ModuleType | None, common_error: str, root: str) -> None:
    """Build the vetted tables, the proxy modules and the restricted builtins (zygote, before any fork).

    Built once and inherited: a program process only looks them up, which keeps the pages it writes
    (and so copies from the zygote) few; each program process has its own copy of all of it."""
    global TEMPLATES
    TEMPLATES = Templates(common, common_error)
    for name in sorted(ALLOWED_IMPORTS):
        if name != "common" or "common" in TEMPLATES.tables:
            proxy(name)
    STATE.builtins = make_builtins()
    prefixes = {os.path.abspath(p) for p in sys.path if p and os.path.isdir(p)}
    prefixes |= {sys.prefix, sys.base_prefix, sys.exec_prefix, root}
    prefixes |= {os.path.realpath(p) for p in prefixes}
    STATE.read_prefixes = tuple(sorted(p.rstrip(os.sep) or os.sep for p in prefixes))
    STATE.exec_callers = frozenset({"collections", "importlib._bootstrap", "importlib._bootstrap_external",
                                    "synth.sandbox.child.execute"})


def install_audit_hook() -> None:
    """Add the audit hook (program process, before its program runs; it cannot be removed)."""
    sys.addaudithook(_audit_hook)
