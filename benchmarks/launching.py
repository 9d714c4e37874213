"""Starting the app as users start it, on a free port, for the benchmarks and the tests (which import it from here:
the benchmarks need nothing of the tests)."""
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def launch(**env) -> tuple[subprocess.Popen, str]:
    "Start `python app.py` on a free port and wait until it answers."
    port = free_port()
    log = tempfile.TemporaryFile()          # not a pipe: nobody reads it while the app runs, and a full pipe blocks
    proc = subprocess.Popen([sys.executable, 'app.py'], cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
                            env=dict(os.environ, GRADIO_SERVER_PORT=str(port), GRADIO_SERVER_NAME='127.0.0.1', **env))
    url = f'http://127.0.0.1:{port}/'
    deadline = time.time() + 90
    while time.time() < deadline:
        if proc.poll() is not None:
            log.seek(0)
            raise RuntimeError(f"app.py exited:\n{log.read().decode()}")
        try:
            urllib.request.urlopen(url, timeout=2)
            return proc, url
        except OSError: time.sleep(0.25)
    proc.kill()
    raise RuntimeError("app.py did not answer within 90 s")
