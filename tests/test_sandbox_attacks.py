"""The attack classes of the sandbox v2 issue, each shown failing with the Python guards switched OFF.

Classes: static-check gaps reaching the real ``os``/``ctypes`` (and, with the guards on, the static check
closing the two gaps found); a program looking up the answer in the task file; forged results for other
programs; deeply nested, huge or malformed replies; workers poisoned across programs and ``run()`` calls;
the seccomp deny-list gaps (``fcntl`` F_SETOWN/F_SETSIG with O_ASYNC, ``sched_setattr``, ``ioctl``
FS_IOC_SETFLAGS); raw memory (object arrays over program bytes, a runtime-built ``__array_interface__``,
a ctypes union of a pointer and ``c_void_p``). Every test runs the attack in a batch with correct and
wrong programs after it and checks that the batch goes on with those programs' own results, so an attack
can neither stop the batch nor make a wrong program verify.
"""
from __future__ import annotations

import json
import os
import subprocess
import textwrap

import numpy as np
import pytest

from solver.tasks import parse_task
from synth.sandbox import Sandbox, SandboxConfig
from synth.verify import ProgramSpec, verify_programs

INPUTS = [np.array([[1, 2, 3], [4, 5, 6]], dtype=np.uint8), np.array([[0, 7], [8, 0], [0, 9]], dtype=np.uint8)]
GOOD = "from common import *\n\ndef main(input_grid):\n    return np.flip(input_grid, axis=0)\n"
WRONG = "def main(input_grid):\n    return input_grid\n"


def expected_good(grid: np.ndarray) -> np.ndarray:
    return grid[:, ::-1]


@pytest.fixture(scope="module")
def sb_off():
    with Sandbox(SandboxConfig(workers=2, timeout_s=1.0, python_guards=False)) as sandbox:
        yield sandbox


@pytest.fixture(scope="module")
def sb_on():
    with Sandbox(SandboxConfig(workers=2, timeout_s=1.0)) as sandbox:
        yield sandbox


def batch_goes_on(sandbox: Sandbox, attacks: list[str], inputs=INPUTS) -> list:
    """Run [attack, GOOD, WRONG] per attack; GOOD and WRONG must return exactly their own outputs."""
    programs = [p for attack in attacks for p in (attack, GOOD, WRONG)]
    results = sandbox.run(programs, inputs)
    for k in range(len(attacks)):
        good, wrong = results[3 * k + 1], results[3 * k + 2]
        for outcome, grid in zip(good, inputs):
            assert outcome.status == "ok", outcome
            np.testing.assert_array_equal(outcome.grid, expected_good(grid))
        for outcome, grid in zip(wrong, inputs):
            assert outcome.status == "ok", outcome
            np.testing.assert_array_equal(outcome.grid, grid)
    return [results[3 * k] for k in range(len(attacks))]


def dedent(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


# ----------------------------------------------------------------------------- static-check gaps

CLASS_PATTERN_ESCAPE = dedent("""
    import numpy as np
    def main(input_grid):
        match np:
            case object(_core=core):
                return core
        return input_grid
""")
FORMAT_ESCAPE = dedent("""
    import numpy as np
    def main(input_grid):
        text = "{0._core.multiarray}".format(np)
        return [[len(text) % 10]]
""")
FORMAT_DUNDER_ESCAPE = dedent("""
    def main(input_grid):
        return [[len("{0.__class__.__base__}".format(input_grid)) % 10]]
""")


def test_static_check_gaps_are_closed_with_the_guards_on(sb_on):
    out = batch_goes_on(sb_on, [CLASS_PATTERN_ESCAPE, FORMAT_ESCAPE, FORMAT_DUNDER_ESCAPE])
    for outcomes in out:
        assert [o.status for o in outcomes] == ["blocked"] * 2, outcomes


def test_real_os_and_ctypes_reach_nothing_with_the_guards_off(sb_off, tmp_path):
    """With the guards off the program has os and ctypes outright; the OS layers refuse what they are for."""
    secret = tmp_path / "secret.txt"
    secret.write_text("42")
    attack = dedent(f"""
        import os, ctypes
        def main(input_grid):
            found = []
            libc = ctypes.CDLL(None)
            for attempt in (lambda: open({str(secret)!r}).read(), lambda: open('/etc/passwd').read(),
                            lambda: os.listdir('/'), lambda: os.system('true') == 0 or 1 / 0,
                            lambda: libc.open({str(secret)!r}.encode(), 0) >= 0 or 1 / 0,
                            lambda: os.kill(os.getppid(), 9)):
                try:
                    attempt()
                    found.append(1)
                except Exception:
                    found.append(0)
            return [found]
    """)
    out = batch_goes_on(sb_off, [attack])[0]
    assert out[0].status == "ok", out[0]
    assert out[0].grid.ravel().tolist() == [0] * 6
    assert secret.read_text() == "42"


def test_a_program_cannot_look_the_answer_up_in_the_task_file(tmp_path):
    """A "program" that answers by reading the task (its path on the parent's command line, its open file
    descriptors, a search of the temp dirs) does not verify, guards off."""
    answer = [[3, 1, 4], [1, 5, 9]]
    raw = {"train": [{"input": [[0, 0, 0], [0, 0, 0]], "output": answer}],
           "test": [{"input": [[0, 0, 0], [0, 0, 0]], "output": answer}]}
    task_file = tmp_path / "task.json"
    task_file.write_text(json.dumps(raw))
    loaded = parse_task(raw, "t", str(task_file))
    cheat = dedent("""
        import os, json
        def main(input_grid):
            places = []
            for pid in (os.getppid(), 1):
                try:
                    places += open(f'/proc/{pid}/cmdline').read().split('\\0')
                except OSError:
                    pass
            for root in ('/tmp', os.environ.get('TMPDIR', '/tmp'), '/proc/self/fd'):
                try:
                    places += [os.path.join(root, n) for n in os.listdir(root)]
                except OSError:
                    pass
            for path in places:
                try:
                    return json.load(open(path))['train'][0]['output']
                except Exception:
                    continue
            return [[0]]
    """)
    with Sandbox(SandboxConfig(workers=1, timeout_s=2.0, python_guards=False)) as sandbox:
        verified, failures = verify_programs(loaded.task, [ProgramSpec(cheat, "rows")], sandbox)
    assert verified == [] and failures == {"wrong_output": 1}


# ------------------------------------------------------------------------------- forged results

FORGER = dedent("""
    import os, struct
    def main(input_grid):
        cells = bytes([9] * 6)
        forged = struct.pack('<BHBHBB', 0xA7, 0, 0, 0, 3, 2) + cells
        for fd in range(0, 64):
            for index in range(4):
                try:
                    os.write(fd, struct.pack('<BHBHBB', 0xA7, index, 0, 0, 3, 2) + cells)
                except OSError:
                    pass
        return input_grid
""")


def test_forged_records_cannot_speak_for_other_programs(sb_off):
    out = batch_goes_on(sb_off, [FORGER, FORGER])
    for outcomes in out:     # its own stream is garbage after its forged records: the program's failure
        assert all(o.status in ("ok", "killed") for o in outcomes)


def test_forger_does_not_make_a_wrong_program_verify():
    raw = {"train": [{"input": [[1, 2], [3, 4]], "output": [[9, 9], [9, 9]]}],
           "test": [{"input": [[1, 1], [1, 1]], "output": [[9, 9], [9, 9]]}]}
    loaded = parse_task(raw, "t", "forged")
    specs = [ProgramSpec(FORGER, "rows"), ProgramSpec(WRONG, "rows"), ProgramSpec(FORGER + "\n# 2\n", "rows")]
    with Sandbox(SandboxConfig(workers=2, timeout_s=2.0, python_guards=False)) as sandbox:
        verified, failures = verify_programs(loaded.task, specs, sandbox)
    assert [v.spec.text for v in verified] == []
    assert failures["wrong_output"] >= 1


# ------------------------------------------------------------------------- nested, huge, malformed

REPLIES = {
    "50 MB on the result pipe": "os.write(4, b'\\xa7' * (50 << 20))",
    "bogus marker": "os.write(4, b'{\"t\": \"res\"}' * 100)",
    "grid values out of range": "os.write(4, struct.pack('<BHBHBB', 0xA7, 0, 0, 0, 2, 2) + bytes([200] * 4))",
    "grid larger than allowed": "os.write(4, struct.pack('<BHBHBB', 0xA7, 0, 0, 0, 31, 30) + bytes(930))",
    "record out of order": "os.write(4, struct.pack('<BHBHBB', 0xA7, 1, 0, 0, 1, 1) + bytes(1))",
    "status out of range": "os.write(4, struct.pack('<BHBHBB', 0xA7, 0, 99, 0, 0, 0))",
    "message too long": "os.write(4, struct.pack('<BHBHBB', 0xA7, 0, 2, 60000, 0, 0) + b'x' * 60000)",
    "failure with a grid": "os.write(4, struct.pack('<BHBHBB', 0xA7, 0, 2, 0, 1, 1) + bytes(1))",
    "truncated record then exit": "os.write(4, struct.pack('<BHBHBB', 0xA7, 0, 0, 0, 5, 5) + bytes(3))\nos._exit(0)",
}


@pytest.mark.parametrize("name", sorted(REPLIES))
def test_malformed_replies_fail_only_their_program(sb_off, name):
    attack = ("import os, struct\n\ndef main(input_grid):\n"
              + textwrap.indent(REPLIES[name], "    ") + "\n    return input_grid\n")
    out = batch_goes_on(sb_off, [attack])[0]
    assert all(o.status == "killed" and o.grid is None for o in out), out
    if name != "truncated record then exit":
        assert all("protocol violation" in o.message for o in out), out


def test_records_a_program_writes_itself_are_only_its_own_results(sb_off):
    """Writing well-formed records by hand is no more than returning those grids: they count for itself."""
    attack = ("import os, struct\n\ndef main(input_grid):\n    for i in range(5):\n"
              "        os.write(4, struct.pack('<BHBHBB', 0xA7, i, 0, 0, 1, 1) + bytes(1))\n"
              "    return input_grid\n")
    out = batch_goes_on(sb_off, [attack])[0]
    assert [(o.status, o.grid.tolist()) for o in out] == [("ok", [[0]])] * 2


@pytest.mark.parametrize("body", [
    "x = []\nfor _ in range(10 ** 5):\n    x = [x]\nreturn x",
    "x = 0\nfor _ in range(10 ** 5):\n    x = {'a': x}\nreturn [[x]]",
    "return [[0] * 10 ** 7]",
    "return np.zeros((30, 30, 30, 30), dtype=int)",
])
def test_deeply_nested_or_huge_returns(sb_on, sb_off, body):
    attack = "import numpy as np\n\ndef main(input_grid):\n" + textwrap.indent(body, "    ") + "\n"
    for sandbox in (sb_on, sb_off):
        out = batch_goes_on(sandbox, [attack])[0]
        assert all(o.status in ("bad_return", "exception", "memory", "timeout") for o in out), out


# ---------------------------------------------------------------------------- poisoned workers

POISONS = [
    dedent("""
        import numpy as np, builtins, common
        np.flip = lambda *a, **k: None
        builtins.len = lambda x: 0
        common.Color.RED = 7
        common.Color.NOT_BLACK.clear()
        def main(input_grid):
            return input_grid
    """),
    dedent("""
        import sys
        import synth.sandbox.child.execute as execute
        import synth.sandbox.wire as wire
        execute.coerce = lambda *a, **k: ('ok', '', __import__('numpy').full((2, 3), 9, dtype='uint8'))
        wire.encode_record = lambda *a, **k: b''
        sys.modules['numpy'] = None
        def main(input_grid):
            return input_grid
    """),
    dedent("""
        import collections.abc, numpy as np, gc
        collections.abc.Sequence.register(np.ndarray)
        def later():
            try:
                yield 1
            finally:
                import numpy
                numpy.flip = None
        g = later()
        next(g)
        gc.disable()
        KEEP = [g]
        def main(input_grid):
            return input_grid
    """),
]
CHECKER = dedent("""
    import collections.abc, numpy as np
    from common import *
    def main(input_grid):
        ok = [len([1, 2, 3]) == 3, Color.RED == 2, len(Color.NOT_BLACK) == 9,
              not isinstance(np.zeros(1), collections.abc.Sequence), np.flip(np.array([1, 2]))[0] == 2]
        return [[int(v) for v in ok]]
""")


def test_poisoned_processes_do_not_leak_to_later_programs_or_run_calls(sb_off):
    first = batch_goes_on(sb_off, POISONS + [CHECKER])
    second = sb_off.run([CHECKER, GOOD], INPUTS)
    for outcomes in (first[-1], second[0]):
        assert all(o.status == "ok" and o.grid.ravel().tolist() == [1] * 5 for o in outcomes), outcomes
    assert all(o.status == "ok" for o in second[1])


def test_randomness_does_not_depend_on_earlier_programs(sb_off):
    prog = "import random\nimport numpy as np\ndef main(g):\n    return [[random.randint(0, 9), int(np.random.randint(10))]]\n"
    poison = "import random\nimport numpy as np\nrandom.seed(1)\nnp.random.seed(2)\nrandom.random()\ndef main(g):\n    return g\n"
    alone = sb_off.run([prog], INPUTS)
    after = sb_off.run([poison, prog], INPUTS)
    assert [o.grid.tolist() for o in alone[0]] == [o.grid.tolist() for o in after[1]]


# ------------------------------------------------------------------------ seccomp deny-list gaps

@pytest.fixture
def victim():
    proc = subprocess.Popen(["sleep", "60"])
    yield proc
    proc.kill()
    proc.wait()


def _libc_prelude() -> str:
    return ("import ctypes, os, struct\nlibc = ctypes.CDLL(None, use_errno=True)\n"
            "libc.syscall.restype = ctypes.c_long\n")


def test_fcntl_setown_setsig_o_async_cannot_signal_another_process(sb_off, victim):
    attack = _libc_prelude() + dedent(f"""
        def main(input_grid):
            r, w = 4, 4
            libc.fcntl(w, 4, 0o20000)          # F_SETFL O_ASYNC
            libc.fcntl(w, 8, {victim.pid})     # F_SETOWN
            libc.fcntl(w, 10, 9)               # F_SETSIG SIGKILL
            for _ in range(100):
                os.write(w, b'')
            return [[ctypes.get_errno() % 10]]
    """)
    batch_goes_on(sb_off, [attack])
    assert victim.poll() is None, "the victim was signalled"


def test_sched_setattr_cannot_change_another_process(sb_off, victim):
    before = os.sched_getscheduler(victim.pid), os.getpriority(os.PRIO_PROCESS, victim.pid)
    attack = _libc_prelude() + dedent(f"""
        def main(input_grid):
            attr = ctypes.create_string_buffer(struct.pack('=IIQiIQQQ', 48, 5, 0, 0, 0, 0, 0, 0), 48)  # SCHED_IDLE
            r1 = libc.syscall(314, {victim.pid}, attr, 0)
            r2 = libc.setpriority(0, {victim.pid}, 19)
            r3 = libc.syscall(144, {victim.pid}, 5, ctypes.byref(ctypes.c_int(0)))   # sched_setscheduler
            return [[int(r1 == 0), int(r2 == 0), int(r3 == 0)]]
    """)
    out = batch_goes_on(sb_off, [attack])[0]
    assert out[0].status == "ok" and out[0].grid.ravel().tolist() == [0, 0, 0]
    assert (os.sched_getscheduler(victim.pid), os.getpriority(os.PRIO_PROCESS, victim.pid)) == before


def test_ioctl_fs_ioc_setflags_cannot_touch_a_file_outside(sb_off, tmp_path):
    target = tmp_path / "target.txt"
    target.write_text("mutable")
    attack = _libc_prelude() + dedent(f"""
        def main(input_grid):
            results = []
            for fd in range(5):
                flags = ctypes.c_long(0x10)       # FS_IMMUTABLE_FL
                results.append(int(libc.ioctl(fd, 0x40086602, ctypes.byref(flags)) == 0))
            try:
                fd = os.open({str(target)!r}, os.O_RDONLY)
                results.append(int(libc.ioctl(fd, 0x40086602, ctypes.byref(ctypes.c_long(0x10))) == 0))
            except OSError:
                results.append(0)
            return [results]
    """)
    out = batch_goes_on(sb_off, [attack])[0]
    assert out[0].status == "ok" and out[0].grid.ravel().tolist() == [0] * 6
    target.write_text("still mutable")
    target.unlink()


# ------------------------------------------------------------------------------------ raw memory

RAW_MEMORY = {
    "object array over program bytes": dedent("""
        import numpy as np
        def main(input_grid):
            raw = bytearray((8).to_bytes(8, 'little') * 4)
            a = np.ndarray((4,), object, raw)
            return [[len(str(a[0])) % 10]]
    """),
    "runtime-built __array_interface__": dedent("""
        import numpy as np
        def main(input_grid):
            key = ''.join(['__array_', 'interface__'])
            X = type('X', (), {key: {'shape': (4,), 'typestr': '<i8', 'data': (8, False), 'version': 3}})
            return np.asarray(X()).reshape(2, 2) % 10
    """),
    "ctypes union of a pointer and c_void_p": dedent("""
        import ctypes
        class U(ctypes.Union):
            _fields_ = [('p', ctypes.POINTER(ctypes.c_long)), ('v', ctypes.c_void_p)]
        def main(input_grid):
            u = U()
            x = 10 ** 12
            u.v = id(x) + 24
            u.p[0] = 7                      # rewrite an int's digits: arbitrary writes in its own memory
            u.v = 16
            return [[u.p[0] % 10]]          # an arbitrary read: faults
    """),
}


@pytest.mark.parametrize("name", sorted(RAW_MEMORY))
def test_raw_memory_reaches_only_its_own_process(sb_on, sb_off, name):
    attack = RAW_MEMORY[name]
    for sandbox in (sb_off, sb_on):
        out = batch_goes_on(sandbox, [attack])[0]
        assert all(o.status in ("killed", "exception", "bad_return", "blocked") for o in out), out


def test_raw_memory_then_the_outside(sb_off, tmp_path):
    """Arbitrary writes into its own process, then the forbidden operations: still refused."""
    secret = tmp_path / "secret.txt"
    secret.write_text("42")
    attack = dedent(f"""
        import ctypes, os
        class U(ctypes.Union):
            _fields_ = [('p', ctypes.POINTER(ctypes.c_long)), ('v', ctypes.c_void_p)]
        def main(input_grid):
            u = U()
            x = 10 ** 12
            u.v = id(x) + 24
            u.p[0] = 7
            found = []
            for attempt in (lambda: open({str(secret)!r}).read(), lambda: os.fork(),
                            lambda: __import__('socket').socket()):
                try:
                    attempt()
                    found.append(1)
                except OSError:
                    found.append(0)
            return [found + [int(x % 1000 == 7)]]
    """)
    out = batch_goes_on(sb_off, [attack])[0]
    assert out[0].status == "ok" and out[0].grid.ravel().tolist() == [0, 0, 0, 1]
