"""The stack's supervised processes, as the checks reach them: each one's pid is in
$STACK_DIR/<name>.respawn (deploy/respawn.sh), and a gunicorn's workers are its children."""

import contextlib
import os
import signal
from pathlib import Path

STACK_DIR = Path(os.environ.get("STACK_DIR", "var/stack"))


def supervised_pid(name):
    return int((STACK_DIR / f"{name}.respawn").read_text())


def children(pid):
    return [
        int(entry.name)
        for entry in Path("/proc").iterdir()
        if entry.name.isdigit() and _parent(entry) == pid
    ]


def _parent(proc):
    try:
        return int((proc / "stat").read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, IndexError, ValueError):
        return None


def kill_hard(name):
    """SIGKILL a supervised process and everything it started (a crashed instance)."""
    pid = supervised_pid(name)
    for victim in [pid, *children(pid)]:
        with contextlib.suppress(ProcessLookupError):
            os.kill(victim, signal.SIGKILL)
    return pid


@contextlib.contextmanager
def busy(*names):
    """Every worker of the named gunicorns stopped (SIGSTOP) inside the block, as if each were
    busy with a slow request: connections are accepted and wait. Their masters run on, so
    nothing is restarted and nginx does not count them down; on leaving, the workers go on."""
    workers = [worker for name in names for worker in children(supervised_pid(name))]
    assert workers, names
    try:
        for worker in workers:
            os.kill(worker, signal.SIGSTOP)
        yield workers
    finally:
        for worker in workers:
            with contextlib.suppress(ProcessLookupError):
                os.kill(worker, signal.SIGCONT)
