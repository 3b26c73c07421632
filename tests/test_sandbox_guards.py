"""The Python guards' audit hook refusing forbidden operations from trusted code (what the former
in-production ``Sandbox._self_test`` checked), in a throw-away interpreter: the hook cannot be removed."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

SCRIPT = r"""
import json, os, socket, sys
sys.path.insert(0, sys.argv[1])
from synth.sandbox.child import guards
guards.prepare(None, "not loaded", sys.argv[1])
guards.install_audit_hook()
sentinel = sys.argv[2]

def fork():
    pid = os.fork()
    if pid == 0:
        os._exit(0)
    os.waitpid(pid, 0)

def write_file():
    os.close(os.open(os.path.join(os.path.dirname(sentinel), "new.txt"), os.O_WRONLY | os.O_CREAT, 0o600))

operations = {
    "fork": fork, "exec": lambda: os.execv("/bin/true", ["true"]), "system": lambda: os.system("true"),
    "socket": lambda: socket.socket(socket.AF_INET, socket.SOCK_STREAM).close(), "write_file": write_file,
    "unlink": lambda: os.unlink(sentinel), "rename": lambda: os.rename(sentinel, sentinel + ".moved"),
    "mkdir": lambda: os.mkdir(os.path.join(os.path.dirname(sentinel), "d")),
    "kill_parent": lambda: os.kill(os.getppid(), 0),
    "read_passwd": lambda: open("/etc/passwd", "rb").read(1),
    "setattr_defaults": lambda: setattr(fork, "__defaults__", (1,)),
}
report = {}
for name, op in operations.items():
    guards.STATE.violation = None
    guards.STATE.locked = True
    try:
        op()
        report[name] = "allowed"
    except guards.SandboxViolation:
        report[name] = "blocked"
    except OSError as exc:
        report[name] = f"errno {exc.errno}"
    finally:
        guards.STATE.locked = False
guards.STATE.locked = True
try:
    import json as again        # an import of a loaded module is allowed
    report["import_loaded"] = "allowed"
except guards.SandboxViolation:
    report["import_loaded"] = "blocked"
guards.STATE.locked = False
print(json.dumps(report))
"""


def test_audit_hook_refuses_forbidden_operations_from_trusted_code(tmp_path):
    sentinel = tmp_path / "sentinel.txt"
    sentinel.write_text("keep")
    out = subprocess.run([sys.executable, "-c", SCRIPT, str(ROOT), str(sentinel)], capture_output=True,
                         text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout)
    assert report.pop("import_loaded") == "allowed"
    assert set(report.values()) == {"blocked"}, report
    assert sentinel.read_text() == "keep" and sorted(p.name for p in tmp_path.iterdir()) == ["sentinel.txt"]
