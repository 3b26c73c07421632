"""The operating-system layers around each program process, and their detection at start.

This is what contains a program; the Python guards are defence in depth. Layers (SECURITY.md has the
full account), in the order a program process applies them right after the zygote forks it:

* **identity**: the zygote empties the capability bounding and ambient sets once; each program
  process, when started as root, clears its supplementary groups and switches to an unused uid/gid
  (one per process from a block no account uses), which clears every capability, so no capability and
  no file permission of the caller's account remains; it is never dumpable (no ptrace, no /proc/PID
  access by others). Not root: the zygote has dropped every capability already.
* **namespaces** (applied once by the zygote, inherited by every program process): new network and IPC
  namespaces (no interfaces but a down loopback, no SysV IPC shared with the machine), through a new user
  namespace when not started as root.
* **no_new_privs**: ``PR_SET_NO_NEW_PRIVS``.
* **landlock**: a ruleset that handles every filesystem right (and TCP bind/connect, abstract unix
  sockets and signals where the ABI has them) with no rule allowing any: no file or directory can be
  opened, created, removed or executed; only already-open descriptors stay usable.
* **rlimits**: address space, CPU seconds, file size 0, processes 0, core 0, open files 5 (the five a
  program process holds: stdin/stdout/stderr on /dev/null, its job pipe and its result pipe).
* **seccomp**: an allow-list BPF filter (x86-64): memory management, reading/writing already-open
  descriptors, signal return/masks for the timer, futex, clocks and sleeps, getrandom, exit. Every
  other system call fails with EPERM; a foreign ABI (i386, x32) kills the process.

:func:`probe` (run by the zygote in a throw-away child at start) finds which layers this machine
offers; the program processes then apply exactly those and fail closed (exit status
:data:`CONTAIN_FAILED`) if one of them does not take.
"""
from __future__ import annotations

import ctypes
import errno
import os
import platform
import grp
import pwd
import resource
import struct
from dataclasses import dataclass, field

CONTAIN_FAILED = 71     # exit status of a program process whose containment did not take
OPEN_FILES = 5          # stdin/stdout/stderr on /dev/null, the job pipe, the result pipe
PROBED_LAYERS = ("identity", "no_new_privs", "landlock", "rlimits", "seccomp")   # all OS layers but namespaces

_libc = ctypes.CDLL(None, use_errno=True)
_libc.syscall.restype = ctypes.c_long
_libc.prctl.restype = ctypes.c_int

_PR_SET_PDEATHSIG = 1
_PR_SET_DUMPABLE = 4
_PR_SET_SECCOMP = 22
_PR_CAPBSET_DROP = 24
_PR_SET_NO_NEW_PRIVS = 38
_PR_GET_NO_NEW_PRIVS = 39
_PR_CAPBSET_READ = 23
_PR_CAP_AMBIENT = 47
_PR_CAP_AMBIENT_CLEAR_ALL = 4
_SECCOMP_MODE_FILTER = 2

_CLONE_NEWIPC = 0x08000000
_CLONE_NEWUSER = 0x10000000
_CLONE_NEWNET = 0x40000000

_SYS_CAPGET, _SYS_CAPSET = 125, 126
_SYS_LANDLOCK_CREATE_RULESET, _SYS_LANDLOCK_RESTRICT_SELF = 444, 446
_LANDLOCK_CREATE_RULESET_VERSION = 1
_CAP_VERSION_3 = 0x20080522

UID_BLOCK_START = 2_000_000_000
UID_BLOCK_SIZE = 4096


class ContainmentError(OSError):
    """A layer that the probe found available did not take in a program process."""


def _errno_text() -> str:
    num = ctypes.get_errno()
    return f"{errno.errorcode.get(num, num)}"


# ------------------------------------------------------------------------------------------------ plan

@dataclass
class Plan:
    """Which layers the program processes apply, and their parameters (decided in the zygote at start)."""

    layers: dict[str, bool] = field(default_factory=dict)   # layer -> applied
    details: dict[str, str] = field(default_factory=dict)   # layer -> what it does here, or why missing
    root: bool = False
    uid_base: int = UID_BLOCK_START
    landlock_abi: int = 0
    memory_bytes: int = 1 << 30


# ------------------------------------------------------------------------------------------ capabilities

def _capabilities() -> tuple[int, int, int]:
    """(effective, permitted, inheritable) capability masks of this process."""
    header = struct.pack("=Ii", _CAP_VERSION_3, 0)
    hbuf = ctypes.create_string_buffer(header, len(header))
    data = ctypes.create_string_buffer(24)
    if _libc.syscall(_SYS_CAPGET, hbuf, data) != 0:
        raise ContainmentError(f"capget failed: {_errno_text()}")
    e0, p0, i0, e1, p1, i1 = struct.unpack("=6I", data.raw)
    return e0 | e1 << 32, p0 | p1 << 32, i0 | i1 << 32


def _clear_capabilities() -> None:
    header = struct.pack("=Ii", _CAP_VERSION_3, 0)
    hbuf = ctypes.create_string_buffer(header, len(header))
    data = ctypes.create_string_buffer(24)
    if _libc.syscall(_SYS_CAPSET, hbuf, data) != 0:
        raise ContainmentError(f"capset failed: {_errno_text()}")


def _last_capability() -> int:
    try:
        with open("/proc/sys/kernel/cap_last_cap") as fh:
            return int(fh.read())
    except (OSError, ValueError):
        return 63


_CAP_LAST = _last_capability()


def _drop_bounding_set() -> None:
    for cap in range(_CAP_LAST + 1):
        if _libc.prctl(_PR_CAPBSET_DROP, cap, 0, 0, 0) != 0 and ctypes.get_errno() != errno.EINVAL:
            raise ContainmentError(f"PR_CAPBSET_DROP({cap}) failed: {_errno_text()}")


def _bounding_set_empty() -> bool:
    return all(_libc.prctl(_PR_CAPBSET_READ, cap, 0, 0, 0) == 0 for cap in range(_CAP_LAST + 1))


def drop_zygote_privileges(root: bool) -> None:
    """Once, in the zygote: empty the capability bounding set and the ambient set (inherited by every
    program process; the bounding set only limits what an execve could gain, so the zygote keeps the
    effective capabilities it needs to switch its children's uid). Not root: drop every capability."""
    _libc.prctl(_PR_CAP_AMBIENT, _PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0)
    if any(_capabilities()):
        _drop_bounding_set()
    if not root and any(_capabilities()):
        _clear_capabilities()


def free_uid_block() -> int:
    """The first block of UID_BLOCK_SIZE uids/gids from UID_BLOCK_START that no account or group uses."""
    used = {p.pw_uid for p in pwd.getpwall()} | {g.gr_gid for g in grp.getgrall()}
    base = UID_BLOCK_START
    while any(base <= u < base + UID_BLOCK_SIZE for u in used):
        base += UID_BLOCK_SIZE
    return base


def apply_identity(plan: Plan, seq: int) -> str:
    """Become an unprivileged identity with no capabilities (the bounding set is already empty: see
    drop_zygote_privileges); returns a description."""
    if plan.root:
        ident = plan.uid_base + seq % UID_BLOCK_SIZE
        os.setgroups([])
        os.setresgid(ident, ident, ident)
        os.setresuid(ident, ident, ident)
        if os.getuid() != ident or os.geteuid() != ident or os.getgid() != ident:
            raise ContainmentError("uid/gid switch did not take")
        what = f"uid/gid {plan.uid_base}+ (unused block), no capabilities"
    else:
        if any(_capabilities()):
            _drop_bounding_set()
            _clear_capabilities()
        what = f"caller's uid {os.getuid()}, no capabilities"
    if any(_capabilities()):
        raise ContainmentError("capabilities remain after dropping them")
    if _libc.prctl(_PR_SET_DUMPABLE, 0, 0, 0, 0) != 0:
        raise ContainmentError(f"PR_SET_DUMPABLE failed: {_errno_text()}")
    return what


def trim_heap() -> None:
    """Return free heap memory to the kernel (fewer pages for every fork to copy)."""
    trim = getattr(_libc, "malloc_trim", None)
    if trim is not None:
        trim(0)


def die_with_parent(parent_pid: int) -> None:
    """PR_SET_PDEATHSIG (after any credential change, which clears it); exit if the parent is gone already."""
    _libc.prctl(_PR_SET_PDEATHSIG, 9, 0, 0, 0)
    if os.getppid() != parent_pid:
        os._exit(CONTAIN_FAILED)


# ------------------------------------------------------------------------------------------- namespaces

def enter_namespaces(root: bool) -> str:
    """Move the calling process (the zygote) into new network and IPC namespaces; returns a description."""
    if root:
        if _libc.unshare(_CLONE_NEWNET | _CLONE_NEWIPC) != 0:
            raise ContainmentError(f"unshare(NEWNET|NEWIPC) failed: {_errno_text()}")
        return "network, IPC (zygote-wide)"
    uid, gid = os.getuid(), os.getgid()
    if _libc.unshare(_CLONE_NEWUSER | _CLONE_NEWNET | _CLONE_NEWIPC) != 0:
        raise ContainmentError(f"unshare(NEWUSER|NEWNET|NEWIPC) failed: {_errno_text()}")
    for path, text in (("/proc/self/setgroups", "deny"), ("/proc/self/uid_map", f"{uid} {uid} 1"),
                       ("/proc/self/gid_map", f"{gid} {gid} 1")):
        with open(path, "w") as fh:
            fh.write(text)
    return "user, network, IPC (zygote-wide)"


# ---------------------------------------------------------------------------------------- no_new_privs

def apply_no_new_privs() -> str:
    if _libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        raise ContainmentError(f"PR_SET_NO_NEW_PRIVS failed: {_errno_text()}")
    if _libc.prctl(_PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) != 1:
        raise ContainmentError("no_new_privs did not take")
    return "set"


# -------------------------------------------------------------------------------------------- landlock

def landlock_abi() -> int:
    """The kernel's Landlock ABI version, or 0 when Landlock is unavailable."""
    version = _libc.syscall(_SYS_LANDLOCK_CREATE_RULESET, None, ctypes.c_size_t(0),
                            ctypes.c_uint32(_LANDLOCK_CREATE_RULESET_VERSION))
    return max(0, int(version))


def _landlock_attr(abi: int) -> bytes:
    fs = (1 << 13) - 1                 # ABI 1: execute .. make_sym
    if abi >= 2:
        fs |= 1 << 13                  # refer
    if abi >= 3:
        fs |= 1 << 14                  # truncate
    if abi >= 5:
        fs |= 1 << 15                  # ioctl_dev
    if abi >= 6:
        return struct.pack("=QQQ", fs, 0b11, 0b11)   # net: bind/connect TCP; scoped: abstract unix, signal
    if abi >= 4:
        return struct.pack("=QQ", fs, 0b11)
    return struct.pack("=Q", fs)


def apply_landlock(abi: int) -> str:
    """Restrict the calling process to no filesystem access at all (a ruleset without rules)."""
    attr = _landlock_attr(abi)
    buf = ctypes.create_string_buffer(attr, len(attr))
    fd = _libc.syscall(_SYS_LANDLOCK_CREATE_RULESET, buf, ctypes.c_size_t(len(attr)), ctypes.c_uint32(0))
    if fd < 0:
        raise ContainmentError(f"landlock_create_ruleset failed: {_errno_text()}")
    try:
        if _libc.syscall(_SYS_LANDLOCK_RESTRICT_SELF, ctypes.c_int(fd), ctypes.c_uint32(0)) != 0:
            raise ContainmentError(f"landlock_restrict_self failed: {_errno_text()}")
    finally:
        os.close(fd)
    scope = ", TCP, abstract unix sockets, signals" if abi >= 6 else ", TCP" if abi >= 4 else ""
    return f"ABI {abi}: no filesystem access{scope}"


# --------------------------------------------------------------------------------------------- rlimits

def apply_rlimits(memory_bytes: int, cpu_seconds: int, open_files: int) -> str:
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    resource.setrlimit(resource.RLIMIT_NPROC, (0, 0))
    resource.setrlimit(resource.RLIMIT_NOFILE, (open_files, open_files))
    return f"AS {memory_bytes >> 20} MiB, CPU {cpu_seconds} s, FSIZE 0, NPROC 0, CORE 0, NOFILE {open_files}"


# --------------------------------------------------------------------------------------------- seccomp

_AUDIT_ARCH_X86_64 = 0xC000003E
_RET_KILL_PROCESS = 0x80000000
_RET_ERRNO_EPERM = 0x00050000 | errno.EPERM
_RET_ALLOW = 0x7FFF0000
# What a numpy computation in an already-set-up process needs, nothing else. Measured with strace -f over
# the benchmark's programs and the BARC-style corpus, guards on and off: after the filter is installed a
# program process makes only read (its job), setitimer (its timer), write, mmap, brk, getrandom,
# clock_nanosleep, rt_sigreturn and exit_group. The rest of the list is what the same computations need
# on other paths: munmap/mremap/madvise/mprotect (freeing and growing memory, malloc arenas), close,
# signal masks and handlers, futex (libc locks), clocks and sleeps (time.process_time, time.sleep).
SECCOMP_ALLOW = {
    "read": 0, "write": 1, "close": 3, "mmap": 9, "mprotect": 10, "munmap": 11, "brk": 12, "rt_sigaction": 13,
    "rt_sigprocmask": 14, "rt_sigreturn": 15, "mremap": 25, "madvise": 28, "nanosleep": 35, "setitimer": 38,
    "exit": 60,
    "futex": 202, "clock_gettime": 228, "clock_getres": 229, "clock_nanosleep": 230, "exit_group": 231,
    "getrandom": 318,
}


def seccomp_program() -> list[tuple[int, int, int, int]]:
    """The classic-BPF allow-list filter as (code, jt, jf, k) instructions."""
    ld_w_abs, jeq_k, jge_k, ret_k = 0x20, 0x15, 0x35, 0x06
    allowed = sorted(set(SECCOMP_ALLOW.values()))
    prog = [(ld_w_abs, 0, 0, 4),                          # seccomp_data.arch
            (jeq_k, 1, 0, _AUDIT_ARCH_X86_64), (ret_k, 0, 0, _RET_KILL_PROCESS),
            (ld_w_abs, 0, 0, 0),                          # seccomp_data.nr
            (jge_k, 0, 1, 0x40000000), (ret_k, 0, 0, _RET_KILL_PROCESS)]   # x32 ABI
    n = len(allowed)
    for k, nr in enumerate(allowed):
        prog.append((jeq_k, n - k, 0, nr))                # jump to the ALLOW at the end
    prog.append((ret_k, 0, 0, _RET_ERRNO_EPERM))
    prog.append((ret_k, 0, 0, _RET_ALLOW))
    return prog


def seccomp_supported() -> str:
    """'' when the filter can be installed on this platform, else why not."""
    if platform.system() != "Linux" or platform.machine() != "x86_64":
        return f"seccomp allow-list is written for Linux x86-64, not {platform.system()}/{platform.machine()}"
    return ""


class _SockFprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]


_FILTER_RAW = b"".join(struct.pack("HBBI", *ins) for ins in seccomp_program())
_FILTER_BUF = ctypes.create_string_buffer(_FILTER_RAW, len(_FILTER_RAW))
_FILTER = _SockFprog(len(_FILTER_RAW) // 8, ctypes.addressof(_FILTER_BUF))


def apply_seccomp() -> str:
    """Install the allow-list (needs no_new_privs or CAP_SYS_ADMIN). The last layer: no syscalls after it
    but the allowed ones."""
    if _libc.prctl(_PR_SET_SECCOMP, _SECCOMP_MODE_FILTER, ctypes.byref(_FILTER), 0, 0) != 0:
        raise ContainmentError(f"PR_SET_SECCOMP failed: {_errno_text()}")
    return f"allow-list of {len(set(SECCOMP_ALLOW.values()))} system calls, others EPERM"


# ---------------------------------------------------------------------------------------- per process

def contain_before_seal(plan: Plan, seq: int, parent_pid: int, cpu_seconds: int) -> None:
    """Every planned layer but seccomp, in order (a program process, right after the fork)."""
    if plan.layers.get("identity"):
        apply_identity(plan, seq)
    die_with_parent(parent_pid)
    if plan.layers.get("no_new_privs"):
        apply_no_new_privs()
    if plan.layers.get("landlock"):
        apply_landlock(plan.landlock_abi)
    if plan.layers.get("rlimits"):
        apply_rlimits(plan.memory_bytes, cpu_seconds, open_files=OPEN_FILES)


def seal(plan: Plan) -> None:
    """The last layer (seccomp), just before untrusted code runs."""
    if plan.layers.get("seccomp"):
        apply_seccomp()


def probe(plan: Plan, disabled: tuple[str, ...], parent_pid: int) -> dict[str, tuple[bool, str]]:
    """Try every OS layer but namespaces in a throw-away process, in the order program processes apply
    them; {layer: (works, description or why not)}. Runs in a forked child of the zygote."""
    report: dict[str, tuple[bool, str]] = {}
    steps = [
        ("identity", lambda: _probe_identity(plan)),
        ("no_new_privs", apply_no_new_privs),
        ("landlock", lambda: _probe_landlock(plan.landlock_abi)),
        ("rlimits", lambda: apply_rlimits(plan.memory_bytes, 5, open_files=64)),
        ("seccomp", _probe_seccomp),
    ]
    die_with_parent(parent_pid)
    for name, step in steps:
        if name in disabled:
            report[name] = (False, "disabled by SandboxConfig.disable_layers")
            continue
        try:
            report[name] = (True, step())
        except (OSError, ValueError) as exc:
            report[name] = (False, f"{type(exc).__name__}: {exc}")
        if name == "identity":
            die_with_parent(parent_pid)
    return report


def _probe_identity(plan: Plan) -> str:
    what = apply_identity(plan, UID_BLOCK_SIZE - 1)
    if plan.root and not _bounding_set_empty():       # without capabilities it could not gain any anyway
        raise ContainmentError("the capability bounding set is not empty")
    return what


def _probe_landlock(abi: int) -> str:
    if abi < 1:
        raise ContainmentError("the kernel offers no Landlock (landlock_create_ruleset: "
                               f"{_errno_text()})")
    what = apply_landlock(abi)
    try:
        os.close(os.open("/", os.O_RDONLY))
    except PermissionError:
        return what
    raise ContainmentError("Landlock ruleset installed but / can still be opened")


def _probe_seccomp() -> str:
    problem = seccomp_supported()
    if problem:
        raise ContainmentError(problem)
    what = apply_seccomp()
    try:
        os.getcwd()
    except PermissionError:
        return what
    raise ContainmentError("seccomp filter installed but getcwd() still works")
