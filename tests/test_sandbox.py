"""Functional tests of synth.sandbox: orientation, result validation, failure classes, determinism, reuse."""
from __future__ import annotations

import numpy as np
import pytest

from synth.sandbox import (STATUSES, Outcome, Sandbox, SandboxConfig, SandboxError, check_program,
                           run_programs)

G1 = np.array([[1, 2, 3], [4, 5, 6]], dtype=np.uint8)
G2 = np.array([[0, 7], [8, 0], [0, 9]], dtype=np.uint8)
INPUTS = [G1, G2]

FLIP_X = """from common import *
import numpy as np
from typing import *

def main(input_grid):
    # reverse along axis 0: x in 'xy' orientation, rows in 'rows' orientation
    return input_grid[::-1, :]
"""


@pytest.fixture(scope="module")
def sb():
    with Sandbox(SandboxConfig(workers=2, timeout_s=1.0, memory_mb=512)) as sandbox:
        yield sandbox


def one(sandbox: Sandbox, program: str, grids=INPUTS, orientation: str = "xy") -> list[Outcome]:
    return sandbox.run([program], grids, orientation)[0]


def test_orientation_xy_transposes_in_and_out(sb):
    out = one(sb, FLIP_X)
    assert [o.status for o in out] == ["ok", "ok"]
    for o, g in zip(out, INPUTS):
        assert o.grid.dtype == np.uint8 and o.grid.flags.c_contiguous
        np.testing.assert_array_equal(o.grid, g[:, ::-1])


def test_orientation_rows_passes_row_major(sb):
    out = one(sb, FLIP_X, orientation="rows")
    for o, g in zip(out, INPUTS):
        np.testing.assert_array_equal(o.grid, g[::-1, :])


def test_program_sees_int_grid_indexed_x_y(sb):
    prog = ("def main(g):\n"
            "    assert g.dtype.kind == 'i' and g.shape == (3, 2) and g[2, 1] == 6 and g[0, 1] == 4\n"
            "    g[0, 0] = 9\n"
            "    return g\n")
    out = one(sb, prog, [G1])[0]
    assert out.status == "ok"
    np.testing.assert_array_equal(out.grid, [[9, 2, 3], [4, 5, 6]])
    np.testing.assert_array_equal(G1, [[1, 2, 3], [4, 5, 6]])   # caller's array untouched


def test_transform_entry_point_and_main_preferred(sb):
    out = one(sb, "def transform(input_grid):\n    return input_grid * 0 + 3\n", [G1])[0]
    assert out.status == "ok" and (out.grid == 3).all()
    both = "def main(g):\n    return g * 0 + 1\ndef transform(g):\n    return g * 0 + 2\n"
    assert (one(sb, both, [G1])[0].grid == 1).all()


def test_common_library_is_importable(sb):
    prog = ("from common import *\n"
            "def main(input_grid):\n"
            "    out = np.zeros_like(input_grid)\n"
            "    out[:, :] = Color.RED\n"
            "    return out\n")
    out = one(sb, prog, [G1])[0]
    assert out.status == "ok" and (out.grid == 2).all()


def test_float_array_of_whole_numbers_is_accepted_as_barc_does(sb):
    out = one(sb, "import numpy as np\ndef main(g):\n    o = np.zeros((2, 3))\n    o[0, 0] = 4\n    return o\n", [G1])[0]
    assert out.status == "ok" and out.grid.tolist() == [[4, 0], [0, 0], [0, 0]]


@pytest.mark.parametrize("body, fragment", [
    ("return [[1.5, 2.0]]", "dtype"),
    ("return np.full((2, 2), np.nan)", "dtype"),
    ("return np.zeros((2, 2, 2), dtype=int)", "dimensions"),
    ("return np.zeros((31, 1), dtype=int)", "shape"),
    ("return np.zeros((0, 0), dtype=int)", "shape"),
    ("return [[10, 1]]", "0..9"),
    ("return [[-1, 1]]", "0..9"),
    ("return None", "dimensions"),
    ("return 'abc'", "dimensions"),
    ("return {'a': 1}", "dimensions"),
    ("return [[1, 2], [3]]", "array-like"),
    ("return [[1, 'a']]", "dtype"),
    ("return np.array([[1, None]], dtype=object)", "non-integer"),
    ("return (x for x in range(3))", "dimensions"),
])
def test_bad_returns(sb, body, fragment):
    out = one(sb, f"import numpy as np\ndef main(g):\n    {body}\n", [G1])[0]
    assert out.status == "bad_return" and out.grid is None
    assert fragment in out.message


@pytest.mark.parametrize("body, expected", [
    ("return [[1, 2], [3, 4]]", [[1, 3], [2, 4]]),                      # list of lists, transposed back
    ("return np.array([[True, False]])", [[1], [0]]),                   # bool
    ("return np.array([[1, 2]], dtype=object)", [[1], [2]]),           # object array of ints
    ("return np.array([[5]], dtype=np.uint16)", [[5]]),
    ("return np.matrix([[1, 2]])", [[1], [2]]),                          # ndarray subclass
])
def test_good_return_types(sb, body, expected):
    out = one(sb, f"import numpy as np\ndef main(g):\n    {body}\n", [G1])[0]
    assert out.status == "ok", out.message
    np.testing.assert_array_equal(out.grid, expected)


def test_max_output_cells():
    with Sandbox(SandboxConfig(workers=1, timeout_s=1.0, max_output_cells=4)) as sandbox:
        out = sandbox.run(["def main(g):\n    return [[1, 2, 3]] * 2\n", "def main(g):\n    return [[1, 2]] * 2\n"],
                          [G1])
    assert out[0][0].status == "bad_return" and out[1][0].status == "ok"


def test_syntax_error(sb):
    out = one(sb, "def main(g:\n    return g\n")
    assert [o.status for o in out] == ["syntax_error"] * 2
    assert "SyntaxError" in out[0].message and "line 1" in out[0].message
    assert one(sb, "def main(g):\nreturn g\n")[0].status == "syntax_error"            # IndentationError
    assert one(sb, "def main(g):\n    return g\x00\n")[0].status == "syntax_error"     # NUL byte
    assert one(sb, "return 5\n")[0].status == "syntax_error"                        # compile-time error


def test_no_entry_point(sb):
    for prog in ("x = 1\n", "main = 5\n", "def solve(g):\n    return g\n", ""):
        out = one(sb, prog)
        assert [o.status for o in out] == ["no_entry_point"] * 2, prog


def test_exceptions_are_classified_with_message(sb):
    out = one(sb, "def main(g):\n    return 1 / 0\n")[0]
    assert out.status == "exception" and out.message == "ZeroDivisionError: division by zero"
    out = one(sb, "raise ValueError('at import')\ndef main(g):\n    return g\n")
    assert [o.status for o in out] == ["exception"] * 2 and out[0].message == "ValueError: at import"
    out = one(sb, "def main(g):\n    if g.shape[0] == 3:\n        raise KeyError('k')\n    return g\n")
    assert [o.status for o in out] == ["exception", "ok"]


def test_unprintable_exception_keeps_type_name(sb):
    prog = ("class E(Exception):\n    def __str__(self):\n        raise RuntimeError('no')\n"
            "def main(g):\n    raise E()\n")
    out = one(sb, prog, [G1])[0]
    assert out.status == "exception" and out.message.startswith("E: ")


def test_timeout_is_per_program_and_keeps_finished_inputs(sb):
    prog = "def main(g):\n    if g.shape[0] == 2:\n        while True:\n            pass\n    return g\n"
    out = one(sb, prog, [G1, G2])           # the program sees G1.T with shape (3, 2) and G2.T with (2, 3)
    assert [o.status for o in out] == ["ok", "timeout"]


def test_random_is_seeded_per_program_deterministically(sb):
    prog = ("import random\nimport numpy as np\nfrom common import *\n"
            "def main(g):\n"
            "    a = random.randint(0, 9)\n"
            "    b = int(np.random.randint(0, 10))\n"
            "    c = random.Random().randint(0, 9)\n"
            "    d = int(np.random.default_rng().integers(0, 10))\n"
            "    random.seed()\n"
            "    e = random.choice(Color.NOT_BLACK)\n"
            "    return [[a, b, c, d, e]]\n")
    other = prog.replace("def main", "# a different program text, so a different seed\ndef main")
    first = sb.run([prog, other, prog], [G1, G2, G1])
    again = sb.run([FLIP_X, prog], [G2, G1])
    grids = [o.grid.ravel().tolist() for o in first[0]]
    assert grids[0] == grids[1] == grids[2]                       # re-seeded before every input
    assert [o.grid.ravel().tolist() for o in first[2]] == grids  # same text, other worker / position
    assert again[1][1].grid.ravel().tolist() == grids[0]          # other batch, other inputs
    assert [o.grid.ravel().tolist() for o in first[1]] != grids   # other text, other seed (with these values)


def test_fresh_globals_per_program(sb):
    setter = "import numpy as np\nLEAK = 5\ndef main(g):\n    return g\n"
    reader = "def main(g):\n    return g * 0 + LEAK\n"
    out = sb.run([setter, reader, setter, reader], [G1])
    assert out[0][0].status == "ok"
    assert out[1][0].status == "exception" and "NameError" in out[1][0].message
    assert out[3][0].status == "exception"


def test_print_is_discarded(sb):
    out = one(sb, "def main(g):\n    print('hello', g)\n    return g\n", [G1])[0]
    assert out.status == "ok"


def test_allowed_imports_work(sb):
    prog = ("import itertools, collections, math, random, copy, functools\n"
            "from collections import Counter, defaultdict, namedtuple, deque\n"
            "from typing import List, Tuple, Dict, Optional\n"
            "import numpy as np\n"
            "from numpy.lib.stride_tricks import sliding_window_view\n"
            "P = namedtuple('P', 'x y')\n"
            "@functools.lru_cache(maxsize=None)\n"
            "def sq(n: int) -> int:\n    return n * n\n"
            "def main(g: np.ndarray) -> List[List[int]]:\n"
            "    c = Counter(g.ravel().tolist())\n"
            "    w = sliding_window_view(g, (1, 1))\n"
            "    p = P(1, 2)._replace(x=3)\n"
            "    h = copy.deepcopy(g)\n"
            "    n = functools.reduce(lambda a, b: a + b, itertools.chain([1], [2]))\n"
            "    v = np.linalg.norm(np.ones(4)) + math.sqrt(sq(2))\n"
            "    return [[p.x, n, int(v), len(c) % 10, int(w.shape[0] > 0), h[0, 0]]]\n")
    out = one(sb, prog, [G1])[0]
    assert out.status == "ok", out.message
    np.testing.assert_array_equal(out.grid.ravel(), [3, 3, 4, 6, 1, 1])


def test_empty_programs_and_inputs(sb):
    assert sb.run([], INPUTS) == []
    assert sb.run([FLIP_X, FLIP_X], []) == [[], []]


def test_input_and_orientation_validation(sb):
    with pytest.raises(ValueError):
        sb.run([FLIP_X], INPUTS, orientation="yx")
    with pytest.raises(ValueError):
        sb.run([FLIP_X], [np.zeros((2, 2, 2), dtype=np.uint8)])
    with pytest.raises(ValueError):
        sb.run([FLIP_X], [np.full((2, 2), 12, dtype=np.uint8)])
    with pytest.raises(TypeError):
        sb.run([b"def main(g): return g"], INPUTS)


def test_many_programs_across_workers(sb):
    progs = [f"def main(g):\n    return g * 0 + {k % 10}\n" for k in range(60)]
    out = sb.run(progs, INPUTS)
    assert len(out) == 60 and all(len(r) == 2 for r in out)
    for k, r in enumerate(out):
        assert all(o.status == "ok" and (o.grid == k % 10).all() for o in r)


def test_program_too_long_is_blocked(sb):
    out = one(sb, "x = 1\n" * 50_000 + "def main(g):\n    return g\n")
    assert out[0].status == "blocked" and "longer" in out[0].message


def test_check_program():
    assert check_program(FLIP_X) is None
    assert "SyntaxError" in check_program("def f(:\n")
    assert "__subclasses__" in check_program("x = object.__subclasses__()\n")
    assert "gi_frame" in check_program("def f(g):\n    return g.gi_frame\n")
    assert check_program("class A:\n    def __init__(self):\n        super().__init__()\n") is None
    assert check_program("obj = 1\nfor obj in range(3):\n    pass\n") is None       # names, not attributes
    assert "obj" in check_program("def f(e):\n    return e.obj\n")


def test_check_program_closes_class_pattern_keywords_and_format_templates():
    assert "_core" in check_program("import numpy as np\nmatch np:\n    case object(_core=c):\n        pass\n")
    assert "_core" in check_program("import numpy as np\ns = '{0._core.multiarray}'.format(np)\n")
    assert "__class__" in check_program("s = '{0.__class__}'.format(1)\n")
    assert "__globals__" in check_program("s = '{x:{0.__globals__}}'.format(1, x=2)\n")     # nested spec
    assert check_program("s = '{0} {1:.2f} {name!r:>4} {0[1]}'.format([1, 2], 1.5, name='a')\n") is None
    assert check_program("match 1:\n    case int(real=r):\n        pass\n") is None


def test_run_programs_one_shot():
    out = run_programs([FLIP_X], [G1], orientation="rows", config=SandboxConfig(timeout_s=1.0))
    np.testing.assert_array_equal(out[0][0].grid, G1[::-1, :])


def test_closed_sandbox_refuses():
    sandbox = Sandbox(SandboxConfig(workers=1))
    sandbox.close()
    sandbox.close()
    with pytest.raises(SandboxError):
        sandbox.run([FLIP_X], INPUTS)


def test_statuses_are_the_documented_set():
    assert set(STATUSES) == {"ok", "syntax_error", "exception", "timeout", "memory", "bad_return", "blocked",
                             "killed", "no_entry_point"}
