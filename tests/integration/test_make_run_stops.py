"""`make run` (python -m eged_portal.run): Ctrl-C stops the server, the worker and beat.

A terminal's Ctrl-C reaches the foreground process group, which is the runner's alone
(the server and the worker have sessions of their own): everything must be gone soon
after, with no crash and no process left behind; the worker runs at a lower priority.
"""

import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

from .helpers import ROOT, request, wait_for


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _niceness(pid: int) -> int:
    return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[16])


def _group_niceness(pid: int) -> int | None:
    """The niceness of the process's autogroup (``/autogroup-12 nice 10``); None where the
    kernel has no autogroups."""
    try:
        return int(Path(f"/proc/{pid}/autogroup").read_text().split()[-1])
    except OSError:
        return None


def _alive(pid: int) -> bool:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return False
    return fields[0] != "Z"


def test_ctrl_c_stops_server_worker_and_beat_cleanly(sqlite_env, tmp_path):
    port = _free_port()
    log = open(tmp_path / "run.log", "w")  # noqa: SIM115 — closed below
    runner = subprocess.Popen(
        [sys.executable, "-m", "eged_portal.run", "--port", str(port)],
        cwd=ROOT,
        env=sqlite_env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )

    class Logs:
        def logs(self):
            return (tmp_path / "run.log").read_text()

    try:
        serving = lambda: request(port, "GET", "/healthz")[0].status == 200  # noqa: E731
        wait_for(serving, 90, "the server", Logs())
        wait_for(lambda: "ready." in Logs().logs(), 90, "the worker", Logs())
        children = _children(runner.pid)
        descendants = children + [c for child in children for c in _children(child)]
        workers = [pid for pid in children if "celery" in Path(f"/proc/{pid}/cmdline").read_text()]
        assert workers and all(_niceness(pid) == 10 for pid in workers)
        # Its session is a scheduling group of its own: the group is put behind too.
        assert all(_group_niceness(pid) in (None, 10) for pid in workers)

        os.killpg(runner.pid, signal.SIGINT)  # what Ctrl-C in the terminal does
        assert runner.wait(timeout=40) == 0, Logs().logs()
    finally:
        if runner.poll() is None:
            os.killpg(runner.pid, signal.SIGKILL)
        log.close()
    output = Logs().logs()
    assert "Stopped." in output
    assert "Segmentation fault" not in output and "Traceback" not in output, output
    assert [pid for pid in descendants if _alive(pid)] == []
