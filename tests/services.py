"""Small helpers for tests that run real processes: free ports, throwaway Elasticsearch nodes, stopping a
server's whole process group, waiting for a condition. One copy here, so every such test behaves the same
(and fails, never skips, when a service does not come up)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def es_script(*args: str, timeout: float = 240, **env: str) -> subprocess.CompletedProcess:
    """Run ``scripts/elasticsearch.sh`` (fast JIT start); a failure fails the test with the script's output."""
    done = subprocess.run(
        ["bash", str(ROOT / "scripts/elasticsearch.sh"), *args],
        cwd=ROOT,
        env={**os.environ, "ES_FAST_START": "1", **env},
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if done.returncode != 0:
        pytest.fail(f"scripts/elasticsearch.sh {' '.join(args)} failed:\n{done.stderr[-3000:]}")
    return done


@contextmanager
def elasticsearch_node(prefix: str = "guildhall-es-node-", **env: str) -> Iterator[tuple[str, str]]:
    """A throwaway Elasticsearch node of the test's own, as ``(directory, url)``; stopped (and thawed first, if a
    test froze it) at the end, whatever happened."""
    node_dir = tempfile.mkdtemp(prefix=prefix)
    port = free_port()
    try:
        es_script("start", node_dir, str(port), **env)
        yield node_dir, f"http://127.0.0.1:{port}"
    finally:
        thaw_node(node_dir)
        subprocess.run(
            ["bash", str(ROOT / "scripts/elasticsearch.sh"), "stop", node_dir],
            cwd=ROOT,
            capture_output=True,
            timeout=120,
        )


def node_pid(node_dir: str) -> int:
    return int(Path(node_dir, "es.pid").read_text().strip())


def thaw_node(node_dir: str) -> None:
    try:
        os.kill(node_pid(node_dir), signal.SIGCONT)
    except (OSError, ValueError):
        pass  # not running (halted or never started): nothing to thaw


def stop_process(process: subprocess.Popen, *, group: bool = True) -> None:
    """Stop a server and, with ``group``, its whole process group (gunicorn's arbiter and its workers):
    TERM, then KILL if it lingers."""
    if process.poll() is not None:
        return

    def send(sig):
        try:
            if group:
                os.killpg(process.pid, sig)
            else:
                process.send_signal(sig)
        except ProcessLookupError:
            pass

    send(signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        send(signal.SIGKILL)
        process.wait(timeout=10)


def wait_for(condition: Callable[[], bool], seconds: float, what: str, *, every: float = 0.25) -> None:
    """Poll ``condition`` until it holds; fail the test naming ``what`` after ``seconds``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(every)
    pytest.fail(f"waited {seconds:.0f} s for {what}")
