"""Starting the app as users start it, on a free port, and serving the browser's own files without it (ui/static/,
the models' bundles), for the benchmarks and the tests (which import them from here: the benchmarks need nothing of
the tests)."""
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STATIC = ROOT / 'ui' / 'static'
CHROMIUM = shutil.which('chromium') or shutil.which('chromium-browser')     # the system's (Debian: apt-get install)
CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking']
BLANK = b'<!doctype html><html><head><link rel="icon" href="data:,"></head><body></body></html>'


def chromium(playwright):
    "Chromium as the tests, the benchmarks and docs/pictures.py drive it (playwright: sync_playwright()'s)."
    if not CHROMIUM: sys.exit("needs Chromium (Debian: apt-get install chromium)")
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


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


class Handler(SimpleHTTPRequestHandler):
    """Files from the folders named by their path ('/static/': ui/static/), and a blank page at '/' to run scripts in.
    The page is cross-origin isolated, so that performance.now() counts in microseconds, not in tenths of a ms."""
    def __init__(self, *args, folders: dict[str, Path], **kwargs):
        self.folders = folders
        super().__init__(*args, **kwargs)

    def translate_path(self, path):
        for prefix, folder in self.folders.items():
            if path.startswith(prefix): return str(Path(folder) / path[len(prefix):].split('?')[0])
        return ''

    def do_GET(self):
        if self.path != '/': return super().do_GET()
        self.send_response(200)
        self.send_header('Content-Type', 'text/html')
        self.send_header('Content-Length', str(len(BLANK)))
        self.end_headers()
        self.wfile.write(BLANK)

    def end_headers(self):
        self.send_header('Cross-Origin-Opener-Policy', 'same-origin')
        self.send_header('Cross-Origin-Embedder-Policy', 'require-corp')
        super().end_headers()

    def log_message(self, *args): pass


@contextmanager
def serve(folders: dict[str, Path]):
    "Serve folders (see Handler) on a free port of 127.0.0.1 from a thread; yields the URL."
    server = ThreadingHTTPServer(('127.0.0.1', 0), partial(Handler, folders=folders))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try: yield f'http://127.0.0.1:{server.server_address[1]}/'
    finally:
        server.shutdown()
        thread.join()
