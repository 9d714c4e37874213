"""Speed of the app, measured as users meet it. Targets in brackets.

    python -m benchmarks.bench_app [--calls 200] [--starts 3]

1. Server-side compute for a 64-token prefix: next-token distribution and every hidden state (<= 10 ms median).
2. What a keystroke runs in the page's handler for a 64-token prefix, every view and its figures as JSON
   included, for a prefix the cache has not seen: each model with Hidden states in view, and LMModel7 and LMModel8
   with each tab in view (<= 50 ms median).
3. /next_token over Gradio's HTTP API on localhost (POST /gradio_api/call/next_token, then read its result):
   one client (<= 30 ms median); 8 clients at once, each keeping its session as gradio_client does (<= 200 ms at
   the 95th percentile, no errors); and, for the record, 8 clients that start a new session with every call.
4. From `python app.py` to the first answered request, against a bare `python -c "import torch, gradio"`
   measured in the same run (<= 1.5 x).
5. /compare's server compute for a 64-token prefix, every model, never cached (<= 30 ms median).
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import torch

from benchmarks.launching import ROOT, free_port
from benchmarks.stats import percentile
from lm.explorer import Explorer
from lm.inference import probabilities, trace
from ui.page import Page


def median_ms(fn, n=100):
    times = []
    for _ in range(n):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return 1000 * statistics.median(times)


def call_next_token(http: httpx.Client, url: str, text: str, session: str | None = None) -> dict:
    """One /next_token call as any HTTP client makes it: POST the arguments, then read the event stream. Without a
    session, Gradio makes a new one for the call; gradio_client keeps one per client."""
    body = {'data': ['LMModel7', text]} | ({'session_hash': session} if session else {})
    event = http.post(f'{url}gradio_api/call/next_token', json=body).json()['event_id']
    body = http.get(f'{url}gradio_api/call/next_token/{event}').text
    lines = body.splitlines()
    if 'event: complete' not in lines: raise RuntimeError(body[-300:])
    return json.loads(lines[lines.index('event: complete') + 1].removeprefix('data: '))[0]


def start_and_first_answer(port: int) -> float:
    "Seconds from launching `python app.py` to its first answered /next_token."
    env = dict(os.environ, GRADIO_SERVER_PORT=str(port), GRADIO_SERVER_NAME='127.0.0.1')
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, 'app.py'], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    try:
        with httpx.Client(timeout=5) as http:
            while True:
                try:
                    call_next_token(http, f'http://127.0.0.1:{port}/', 'one . two .')
                    return time.perf_counter() - start
                except (httpx.HTTPError, RuntimeError, KeyError, ValueError):
                    if proc.poll() is not None: sys.exit("app.py exited")
                    time.sleep(0.02)
    finally:
        proc.terminate()
        proc.wait(10)


def bare_imports() -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, '-c', 'import torch, gradio'], check=True)
    return time.perf_counter() - start


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--calls', type=int, default=200, help="HTTP calls per measurement")
    p.add_argument('--starts', type=int, default=3, help="start-ups to time, alternating with bare imports")
    args = p.parse_args()

    # 4 first, on a quiet machine: start-up against bare imports, alternating
    ours, bare = [], []
    for _ in range(args.starts):
        bare.append(bare_imports())
        ours.append(start_and_first_answer(free_port()))
    startup_ratio = statistics.median(ours) / statistics.median(bare)

    torch.set_num_threads(1)             # as app.py serves
    explorer = Explorer()
    page = Page(explorer)
    c = explorer.corpus
    tokens = c.tokens[40000:40064]
    ids, text = c.encode(tokens), ' '.join(tokens)
    compute = {vid: median_ms(lambda ck=ck: probabilities(trace(ck.model, ck.variant, ids).logits))
               for vid, ck in explorer.checkpoints.items()}
    texts = (' '.join(c.tokens[start:start + 64]) for start in range(1000, 60000, 7))   # never the same twice
    for variant_id in explorer.checkpoints: explorer.analysis(variant_id, wait=True)   # as once the app has warmed up
    keystroke = {vid: median_ms(lambda vid=vid: page.on_text(page.values(model=vid, prefix=next(texts))))
                 for vid in explorer.checkpoints}
    windows = (c.tokens[start:start + 64] for start in range(2000, 60000, 11))         # a fresh prefix each time
    compare = median_ms(lambda: explorer.compare(next(windows)), 50)
    by_tab = {variant_id: {view.name: median_ms(lambda view=view, variant_id=variant_id: page.on_text(page.values(
        model=variant_id, prefix=next(texts), active=view.name, off_units=[1, 2, 3])), 50) for view in page.views}
        for variant_id in ('LMModel7', 'LMModel8')}
    slowest_tab = max(max(tabs.values()) for tabs in by_tab.values())

    port = free_port()
    env = dict(os.environ, GRADIO_SERVER_PORT=str(port), GRADIO_SERVER_NAME='127.0.0.1')
    server = subprocess.Popen([sys.executable, 'app.py'], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    url = f'http://127.0.0.1:{port}/'
    try:
        time.sleep(1)
        with httpx.Client(timeout=30) as http:
            while True:
                try: call_next_token(http, url, text); break
                except (httpx.HTTPError, RuntimeError, KeyError, ValueError): time.sleep(0.1)
            for variant_id in explorer.checkpoints:         # wait for the background analyses: a warmed-up server
                event = http.post(f'{url}gradio_api/call/units', json={'data': [variant_id, 'read_dot']}).json()
                http.get(f"{url}gradio_api/call/units/{event['event_id']}", timeout=120)
            for _ in range(20): call_next_token(http, url, text)          # warm up
            one_client = median_ms(lambda: call_next_token(http, url, text), args.calls)

        def client(i, sessions):
            times, errors = [], 0
            with httpx.Client(timeout=30) as http:
                for _ in range(args.calls // 4):
                    start = time.perf_counter()
                    try: call_next_token(http, url, text, f'bench{i}' if sessions else None)
                    except Exception: errors += 1
                    times.append(time.perf_counter() - start)
            return times, errors
        eight = {}
        for sessions in (True, False):
            with ThreadPoolExecutor(8) as pool:
                results = list(pool.map(lambda i, sessions=sessions: client(i, sessions), range(8)))
            eight[sessions] = ([1000 * t for ts, _ in results for t in ts], sum(e for _, e in results))
    finally:
        server.terminate()
        server.wait(10)
    times, errors = eight[True]
    fresh_times, fresh_errors = eight[False]

    print("| measure | figure | target |\n|---|---|---|")
    print(f"| server-side compute, 64 tokens, slowest model ({max(compute, key=compute.get)}) | "
          f"{max(compute.values()):.1f} ms median | <= 10 ms |")
    print(f"| a keystroke in the page's handler, 64 tokens, slowest model ({max(keystroke, key=keystroke.get)}), "
          f"Hidden states in view | {max(keystroke.values()):.1f} ms median | <= 50 ms |")
    for variant_id, tabs in by_tab.items():
        print(f"| the same for {variant_id}, slowest tab in view ({max(tabs, key=tabs.get)}) | "
              f"{max(tabs.values()):.1f} ms median | <= 50 ms |")
    print(f"| /compare's server compute, 64 tokens, every model (never cached) | {compare:.1f} ms median | <= 30 ms |")
    print(f"| /next_token over HTTP, one client | {one_client:.1f} ms median | <= 30 ms |")
    print(f"| /next_token over HTTP, 8 clients at once, a session each (as gradio_client) | "
          f"{percentile(times, 0.95):.1f} ms p95 ({statistics.median(times):.1f} median, {errors} errors in "
          f"{len(times)} calls) | <= 200 ms, no errors |")
    print(f"| the same, a new session for every call (plain REST) | {percentile(fresh_times, 0.95):.1f} ms p95 "
          f"({statistics.median(fresh_times):.1f} median, {fresh_errors} errors in {len(fresh_times)} calls) | |")
    print(f"| start-up to the first answer / bare `import torch, gradio` | {statistics.median(ours):.2f} s / "
          f"{statistics.median(bare):.2f} s = {startup_ratio:.2f} | <= 1.5 |")
    print("\nper model, ms median: " + ', '.join(f"{vid} {compute[vid]:.1f} / {keystroke[vid]:.1f}" for vid in compute)
          + " (compute / keystroke)")
    for variant_id, tabs in by_tab.items():
        print(f"per tab in view, {variant_id}, ms median: "
              + ', '.join(f"{name} {ms:.1f}" for name, ms in tabs.items()))
    ok = (compare <= 30 and max(compute.values()) <= 10 and max(keystroke.values()) <= 50 and slowest_tab <= 50
          and one_client <= 30
          and percentile(times, 0.95) <= 200 and errors == 0 and startup_ratio <= 1.5)
    print("\nall targets met" if ok else "\nTARGET MISSED")
    sys.exit(0 if ok else 1)


if __name__ == '__main__':
    main()
