"""Start the portal's real processes in tests and wait for what they do."""

import http.client
import os
import re
import signal
import subprocess
import time
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


class Processes:
    def __init__(self, env, tmp_path):
        self.env, self.tmp_path, self.running = env, tmp_path, []

    def start(self, name: str, command: list[str]):
        log = open(self.tmp_path / f"{name}.log", "w")  # noqa: SIM115 — closed with the process
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.running.append((name, process, log))
        return process

    def logs(self) -> str:
        return "\n".join(
            f"--- {name} ---\n{(self.tmp_path / f'{name}.log').read_text()[-3000:]}"
            for name, _, _ in self.running
        )

    def stop(self):
        for _, process, _log in self.running:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for _, process, log in self.running:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
            log.close()


def request(port, method, path, body=None, headers=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request(method, path, body=body, headers=headers or {})
    response = conn.getresponse()
    return response, response.read().decode()


def wait_for(predicate, timeout, what, processes):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if predicate():
                return
        except (ConnectionError, OSError):
            pass
        time.sleep(0.5)
    pytest.fail(f"Timed out waiting for {what}\n{processes.logs()}")


def mail_count(mail_dir: Path) -> Counter:
    """How many messages each address got, from the file backend's folder."""
    counts = Counter()
    if mail_dir.exists():
        for file in mail_dir.iterdir():
            counts.update(re.findall(r"^To: (\S+)$", file.read_text(), flags=re.MULTILINE))
    return counts
