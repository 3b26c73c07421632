"""The sandbox's operating-system layers on their own: every probe here runs with the Python guards OFF.

With ``python_guards=False`` a program has the real builtins and imports (``os``, ``ctypes``, ``socket``,
``resource`` ... whatever the zygote has loaded), so what holds is only the OS layers: identity, namespaces,
no_new_privs, Landlock, rlimits and the seccomp allow-list. Each probe tries one forbidden operation and
returns ``[[1]]`` if it went through, ``[[0]]`` if the operating system refused it; the test also checks that
nothing outside changed and that a normal program in the same batch is still right. Raw system calls made
through ctypes count as refused only with EPERM/EACCES, so a call that reached the kernel's real
implementation with bad arguments is still caught as "went through". Further tests show single layers
holding on their own (the others disabled), the layer report and the missing-layer warning.
"""
from __future__ import annotations

import logging
import os
import socket
import textwrap
from pathlib import Path

import numpy as np
import pytest

from synth.sandbox import OS_LAYERS, Sandbox, SandboxConfig
from synth.sandbox import parent as sandbox_parent
from synth.sandbox.child import contain

INPUTS = [np.array([[1, 2, 3], [4, 5, 6]], dtype=np.uint8)]
GOOD = "from common import *\n\ndef main(input_grid):\n    return np.flip(input_grid, axis=0)\n"
EXPECTED = INPUTS[0][:, ::-1]


def probe(body: str, **names: object) -> str:
    """A program that runs `body` and returns [[1]] if it completed, [[0]] if the OS refused it."""
    consts = "".join(f"{k} = {v!r}\n" for k, v in names.items())
    return (f"import os, sys\n{consts}\nclass Refused(Exception):\n    pass\n\n"
            "def syscall(nr, *args):\n"
            "    import ctypes\n"
            "    libc = ctypes.CDLL(None, use_errno=True)\n"
            "    libc.syscall.restype = ctypes.c_long\n"
            "    if libc.syscall(nr, *[ctypes.c_long(a) if isinstance(a, int) else a for a in args]) < 0 \\\n"
            "            and ctypes.get_errno() in (1, 13):\n"
            "        raise Refused(ctypes.get_errno())\n\n"
            "def main(input_grid):\n    try:\n" + textwrap.indent(textwrap.dedent(body).strip("\n"), "        ")
            + "\n    except (OSError, ImportError, Refused):\n        return [[0]]\n    return [[1]]\n")


@pytest.fixture(scope="module")
def sb_off():
    with Sandbox(SandboxConfig(workers=1, timeout_s=1.0, python_guards=False)) as sandbox:
        yield sandbox


@pytest.fixture
def world(tmp_path):
    """Files and processes the probes aim at; checks afterwards that none of them changed."""
    sentinel = tmp_path / "sentinel.txt"
    sentinel.write_text("keep me")
    task = tmp_path / "task.json"
    task.write_text('{"train": [], "test": [{"input": [[1]], "output": [[7]]}]}')
    before = {p: (p.read_bytes(), p.stat().st_mode, p.stat().st_mtime_ns) for p in (sentinel, task)}
    names = {"SENTINEL": str(sentinel), "TASK": str(task), "NEW": str(tmp_path / "new.txt"),
             "NEWDIR": str(tmp_path / "newdir"), "TMP": str(tmp_path), "PYTEST_PID": os.getpid()}
    yield names
    after = {p: (p.read_bytes(), p.stat().st_mode, p.stat().st_mtime_ns) for p in before if p.exists()}
    assert after == before, "a file outside the sandbox was changed or deleted"
    assert sorted(os.listdir(tmp_path)) == ["sentinel.txt", "task.json"], "something was created outside"
    os.kill(os.getpid(), 0)


def refused(sandbox: Sandbox, program: str) -> None:
    """The probe's operation was refused, and a normal program after it in the batch is right."""
    results = sandbox.run([program, GOOD], INPUTS)
    outcome = results[0][0]
    assert outcome.status != "ok" or outcome.grid.tolist() == [[0]], (outcome, "the operation went through")
    assert outcome.status in ("ok", "killed", "exception"), outcome
    assert results[1][0].status == "ok"
    np.testing.assert_array_equal(results[1][0].grid, EXPECTED)


def test_probes_can_succeed(sb_off, world):
    """The probe harness reports an allowed operation as such (so a refusal below means something)."""
    out = sb_off.run([probe("x = [os.getpid()] * 3")], INPUTS)[0][0]
    assert out.status == "ok" and out.grid.tolist() == [[1]]
    out = sb_off.run([probe("syscall(186)")], INPUTS)[0][0]      # gettid: EPERM under seccomp
    assert out.grid.tolist() == [[0]]


FILE_PROBES = {
    "read /etc/passwd": "open('/etc/passwd').read()",
    "read the task file": "open(TASK).read()",
    "read the parent's command line": "open(f'/proc/{PYTEST_PID}/cmdline').read()",
    "open /proc/self/mem": "open('/proc/self/mem', 'rb').close()",
    "list /": "os.listdir('/')",
    "stat a file": "os.stat(TASK)",
    "open a directory fd": "os.open('/', os.O_RDONLY)",
    "raw openat": "syscall(257, -100, b'/etc/passwd', 0)",
    "raw open": "syscall(2, b'/etc/passwd', 0)",
    "write a new file": "open(NEW, 'w').write('pwned')",
    "overwrite the sentinel": "open(SENTINEL, 'w').write('pwned')",
    "truncate the sentinel": "os.truncate(SENTINEL, 0)",
    "unlink the sentinel": "os.unlink(SENTINEL)",
    "rename the sentinel": "os.rename(SENTINEL, NEW)",
    "hard link": "os.link(SENTINEL, NEW)",
    "symlink": "os.symlink(SENTINEL, NEW)",
    "mkdir": "os.mkdir(NEWDIR)",
    "chmod": "os.chmod(SENTINEL, 0o777)",
    "utime": "os.utime(SENTINEL, (0, 0))",
    "mknod fifo": "os.mkfifo(NEW)",
    "numpy save": "import numpy as np\nnp.save(NEW, np.zeros(3))",
    "numpy fromfile": "import numpy as np\nnp.fromfile('/etc/passwd', dtype=np.uint8)",
    "import a module not loaded yet": "import xml.dom.minidom",
}


@pytest.mark.parametrize("name", sorted(FILE_PROBES))
def test_no_filesystem_access(sb_off, world, name):
    refused(sb_off, probe(FILE_PROBES[name], **world))


PROCESS_PROBES = {
    "fork": "pid = os.fork()\nif pid == 0:\n    os._exit(0)",
    "os.system": "if os.system(f'touch {NEW}') != 0:\n    raise OSError('failed')",
    "posix_spawn": "os.posix_spawn('/bin/touch', ['touch', NEW], {})",
    "execv": "os.execv('/bin/touch', ['touch', NEW])",
    "raw clone": "syscall(56, 17, 0, 0, 0, 0)",
    "raw vfork": "syscall(58)",
    "raw clone3": "syscall(435, 0, 0)",
    "signal the parent (pytest)": "os.kill(PYTEST_PID, 0)",
    "signal the zygote": "os.kill(os.getppid(), 0)",
    "signal the process group": "os.killpg(0, 0)",
    "signal itself by tgkill": "syscall(234, os.getpid(), os.getpid(), 0)",
    "pidfd of the parent": "syscall(434, PYTEST_PID, 0)",
    "ptrace seize": "syscall(101, 0x4206, PYTEST_PID, 0, 0)",
    "process_vm_readv": "syscall(310, PYTEST_PID, 0, 0, 0, 0, 0)",
    "sched_setattr on the parent": "syscall(314, PYTEST_PID, 0, 0)",
    "setpriority of the parent": "os.setpriority(os.PRIO_PROCESS, PYTEST_PID, 19)",
    "fcntl O_ASYNC": "syscall(72, 4, 4, 0o20000)",
    "fcntl F_SETOWN": "syscall(72, 4, 8, PYTEST_PID)",
    "fcntl F_SETSIG": "syscall(72, 4, 10, 9)",
    "ioctl FS_IOC_SETFLAGS": "syscall(16, 0, 0x40086602, 0)",
    "ioctl TIOCSTI": "syscall(16, 0, 0x5412, 0)",
    "raise RLIMIT_AS": "import resource\nresource.setrlimit(resource.RLIMIT_AS, (-1, -1))",
    "raise RLIMIT_NPROC": "import resource\nresource.setrlimit(resource.RLIMIT_NPROC, (100, 100))",
    "setuid 0": "os.setuid(0)",
    "unshare": "syscall(272, 0x10000000)",
    "setns": "syscall(308, 0, 0)",
    "mount": "syscall(165, b'none', b'/tmp', b'tmpfs', 0, 0)",
    "chroot": "syscall(161, b'/')",
    "bpf": "syscall(321, 0, 0, 0)",
    "io_uring_setup": "syscall(425, 1, 0)",
    "memfd_create": "syscall(319, b'x', 0)",
    "userfaultfd": "syscall(323, 0)",
    "perf_event_open": "syscall(298, 0, 0, -1, -1, 0)",
    "keyctl": "syscall(250, 0, 0)",
    "init_module": "syscall(175, 0, 0, 0)",
    "prctl": "syscall(157, 38, 1, 0, 0, 0)",
    "seccomp syscall": "syscall(317, 2, 0, 0)",
    "dup a descriptor": "os.dup(4)",
    "pipe": "os.pipe()",
    "eventfd": "syscall(290, 0, 0)",
    "getcwd": "os.getcwd()",
}


@pytest.mark.parametrize("name", sorted(PROCESS_PROBES))
def test_no_processes_signals_or_kernel_surface(sb_off, world, name):
    refused(sb_off, probe(PROCESS_PROBES[name], **world))


NETWORK_PROBES = {
    "socket": "import socket\nsocket.socket(socket.AF_INET, socket.SOCK_STREAM)",
    "unix socket": "import socket\nsocket.socket(socket.AF_UNIX, socket.SOCK_STREAM)",
    "raw socket syscall": "syscall(41, 2, 1, 0)",
    "socketpair": "import socket\nsocket.socketpair()",
}


@pytest.mark.parametrize("name", sorted(NETWORK_PROBES))
def test_no_network(sb_off, world, name):
    refused(sb_off, probe(NETWORK_PROBES[name], **world))


def test_identity_capabilities_and_environment():
    """Not root (when started as root: a uid from an unused block), no supplementary groups, no capability,
    none of the caller's environment. Seccomp is disabled here only so that the program can ask."""
    os.environ["ARC_SANDBOX_TEST_SECRET"] = "hunter2"
    prog = textwrap.dedent("""
        import ctypes, os, struct
        def main(input_grid):
            libc = ctypes.CDLL(None, use_errno=True)
            header = ctypes.create_string_buffer(struct.pack('=Ii', 0x20080522, 0), 8)
            data = ctypes.create_string_buffer(24)
            caps_read = libc.syscall(125, header, data) == 0
            uid = os.getuid()
            bounding_empty = all(libc.prctl(23, cap, 0, 0, 0) == 0 for cap in range(41))   # PR_CAPBSET_READ
            return [[int(uid != 0), int(uid >= 2_000_000_000 or os.geteuid() != 0), int(os.getgroups() == []),
                     int(caps_read and not any(data.raw)), int('ARC_SANDBOX_TEST_SECRET' not in os.environ),
                     int(bounding_empty)]]
    """)
    try:
        with Sandbox(SandboxConfig(workers=1, python_guards=False, disable_layers=("seccomp",))) as sandbox:
            out = sandbox.run([prog], INPUTS)[0][0]
    finally:
        del os.environ["ARC_SANDBOX_TEST_SECRET"]
    assert out.status == "ok", out.message
    got = out.grid.ravel().tolist()
    if os.geteuid() == 0:
        assert got == [1, 1, 1, 1, 1, 1]
    else:       # the bounding set only matters for a process that could gain capabilities (root)
        assert got[:5] == [1, 1, int(not os.getgroups()), 1, 1]


def test_layers_report_matches_the_kernel(sb_off):
    layers = sb_off.layers
    assert set(layers) == set(OS_LAYERS) | {"python_guards"}
    assert layers["python_guards"] is False
    assert layers["seccomp"] is True            # x86-64 Linux: the project's platform
    assert layers["landlock"] is (contain.landlock_abi() > 0)
    assert layers["no_new_privs"] and layers["rlimits"] and layers["identity"]
    assert "ABI" in sb_off.layer_details["landlock"] if layers["landlock"] else sb_off.layer_details["landlock"]
    assert sb_off.missing_layers == [n for n in OS_LAYERS if not layers[n]]


def test_missing_layer_is_named_in_a_one_line_warning(caplog, monkeypatch):
    monkeypatch.setattr(sandbox_parent, "_WARNED", set())
    with caplog.at_level(logging.WARNING, logger="synth.sandbox"):
        with Sandbox(SandboxConfig(workers=1, disable_layers=("namespaces",))) as sandbox:
            assert sandbox.layers["namespaces"] is False
            assert "namespaces" in sandbox.missing_layers
            assert sandbox.run([GOOD], INPUTS)[0][0].status == "ok"
    warnings = [r.getMessage() for r in caplog.records if r.name == "synth.sandbox"]
    assert len(warnings) == 1 and "\n" not in warnings[0]
    assert "missing: namespaces" in warnings[0] and "disabled" in warnings[0] and "seccomp" in warnings[0]


def test_unknown_layer_name_is_refused():
    with pytest.raises(ValueError):
        Sandbox(SandboxConfig(disable_layers=("landlok",)))


def test_all_layers_present_means_no_warning(sb_off):
    if sb_off.missing_layers:
        assert sb_off.warning and all(name in sb_off.warning for name in sb_off.missing_layers)
    else:
        assert sb_off.warning == ""


# ------------------------------------------------------------------------------- one layer at a time

@pytest.mark.parametrize("keep", ["landlock", "seccomp"])
def test_file_access_is_refused_by_landlock_alone_and_by_seccomp_alone(world, keep):
    """Each of the two filesystem layers holds without the other (and without the Python guards)."""
    other = {"landlock": "seccomp", "seccomp": "landlock"}[keep]
    with Sandbox(SandboxConfig(workers=1, python_guards=False, disable_layers=(other,))) as sandbox:
        if not sandbox.layers[keep]:
            pytest.fail(f"{keep} is not available on this machine: {sandbox.layer_details[keep]}")
        for body in ("open('/etc/passwd').read()", "open(TASK).read()", "open(NEW, 'w').write('x')",
                     "os.unlink(SENTINEL)", "os.listdir('/')"):
            refused(sandbox, probe(body, **world))


def test_processes_are_refused_by_rlimits_and_identity_without_seccomp(world):
    with Sandbox(SandboxConfig(workers=1, python_guards=False, disable_layers=("seccomp",))) as sandbox:
        refused(sandbox, probe("pid = os.fork()\nif pid == 0:\n    os._exit(0)", **world))
        refused(sandbox, probe("os.kill(PYTEST_PID, 0)", **world))     # another uid (and Landlock's scope)


def test_network_namespace_holds_without_seccomp_and_landlock(world):
    """With only the namespaces (and identity, rlimits): sockets can be made but reach nothing."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    server.settimeout(0.2)
    port = server.getsockname()[1]
    try:
        config = SandboxConfig(workers=1, python_guards=False, disable_layers=("seccomp", "landlock"))
        with Sandbox(config) as sandbox:
            if not sandbox.layers["namespaces"]:
                pytest.fail(f"namespaces are not available here: {sandbox.layer_details['namespaces']}")
            body = ("import socket\ns = socket.socket(socket.AF_INET, socket.SOCK_STREAM)\n"
                    "s.settimeout(0.5)\ns.connect(('127.0.0.1', PORT))")
            refused(sandbox, probe(body, PORT=port))
        with pytest.raises(socket.timeout):
            server.accept()
    finally:
        server.close()


def test_landlock_and_seccomp_each_keep_the_program_from_the_outside_after_raw_memory_tricks(world):
    """A program that rewrites memory in its own process (ctypes) still cannot open a file: the layers are
    in the kernel, not in the process's memory."""
    body = """
    import ctypes
    x = 12345678901
    ctypes.c_int64.from_address(id(x) + 24).value = 7    # rewrite an int object's digits in place
    open(TASK).read()
    """
    with Sandbox(SandboxConfig(workers=1, python_guards=False)) as sandbox:
        refused(sandbox, probe(body, **world))


def test_address_space_limit_holds(sb_off):
    for body in ("x = bytearray(4 << 30)", "import numpy as np\nx = np.ones((1 << 31,), dtype=np.uint8)"):
        out = sb_off.run([probe(body), GOOD], INPUTS)
        assert out[0][0].status == "memory", out[0][0]
        assert out[1][0].status == "ok"


def test_every_syscall_of_the_allow_list_is_named():
    program = contain.seccomp_program()
    allowed = {ins[3] for ins in program if ins[0] == 0x15 and ins[3] < 0x40000000 and ins[1] > 0}
    assert allowed == set(contain.SECCOMP_ALLOW.values())
    assert {0: "read", 1: "write", 231: "exit_group"}.items() <= {v: k for k, v in contain.SECCOMP_ALLOW.items()}.items()
    assert not {2, 41, 56, 57, 59, 62, 72, 16, 101, 257, 435} & allowed    # open, socket, clone, fork, ...


def test_a_task_file_read_is_refused_even_by_name_from_the_zygote_cwd(world):
    with Sandbox(SandboxConfig(workers=1, python_guards=False)) as sandbox:
        rel = os.path.relpath(world["TASK"], sandbox._workdir)
        refused(sandbox, probe("open(REL).read()", REL=rel))
        assert Path(sandbox._workdir).is_dir() and os.listdir(sandbox._workdir) == []
