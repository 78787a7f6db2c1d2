"""`make run`: the development server and the Celery worker with beat, stopped together.

Each runs in a session of its own, so Ctrl-C reaches only this process: it asks the
server to stop as a terminal would (SIGINT to its group), the worker to finish its task
(SIGTERM to the worker, which stops its pool), waits, and kills only what did not stop.
The worker runs at a lower CPU priority, so building PDFs and sending mail never starves
the pages people are waiting for.

    python -m eged_portal.run [--port 8000]
"""

import argparse
import contextlib
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORKER_NICENESS = 10
GRACE_SECONDS = 15


def _commands(port: int) -> dict[str, list[str]]:
    python = sys.executable
    celery = str(Path(python).parent / "celery")
    schedule = os.environ.get("VAR_DIR", str(ROOT / "var")) + "/celerybeat-schedule"
    return {
        "web": [python, "manage.py", "runserver", f"127.0.0.1:{port}"],
        "worker": [
            *("nice", "-n", str(WORKER_NICENESS), celery, "-A", "eged_portal", "worker"),
            *("--beat", "--concurrency=2", "--loglevel=INFO", f"--schedule={schedule}"),
        ],
    }


def lower_priority(pid: int, niceness: int = WORKER_NICENESS) -> None:
    """Give the session of process ``pid`` the niceness its processes have.

    Linux schedules each session (``setsid``) as one group of its own ("autogroup") and a
    process's niceness counts only against the others of its group: a worker at nice 10
    started in a session of its own took as much CPU as all of gunicorn's workers
    together (docs/benchmarks.md, deadline day). The group's niceness puts it behind them.
    Where autogroups are off (or there is no ``/proc``) there is nothing to do."""
    with contextlib.suppress(OSError):
        Path(f"/proc/{pid}/autogroup").write_text(str(niceness))


def _stop(name: str, process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    if name == "web":
        os.killpg(process.pid, signal.SIGINT)
    else:
        process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=GRACE_SECONDS)
    except subprocess.TimeoutExpired:
        print(f"{name} did not stop in {GRACE_SECONDS} s: killed", flush=True)
    # Whatever is left of its group (a pool process, the reloader's child) goes too.
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    args = parser.parse_args(argv)

    stopping = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, lambda *_: stopping.set())
    processes = {
        name: subprocess.Popen(command, cwd=ROOT, start_new_session=True)  # noqa: S603
        for name, command in _commands(args.port).items()
    }
    lower_priority(processes["worker"].pid)
    while not stopping.is_set() and all(p.poll() is None for p in processes.values()):
        stopping.wait(0.5)
    failed = [name for name, p in processes.items() if p.poll() not in (None, 0)]
    print("\nStopping the portal…", flush=True)
    for name, process in processes.items():
        _stop(name, process)
    print("Stopped.", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
