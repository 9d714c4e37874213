"""Training from the web, through the app, against `python train.py` measured in the same run. Targets in brackets.

    python -m benchmarks.bench_live [--rounds 3]

The app is started as users start it (`python app.py`), and trained through its /train endpoint, the training the
Train tab runs, with every update streamed back to the client.
1. LMModel7 with the notebook's recipe: from the call to its final metrics, with the training worker warm (as once
   the Train tab has been opened, or after any training), against `python train.py LMModel7 --out <tmp>` as a whole
   process; alternately, medians (<= 1.2 x). For the record, also against train.py's epochs alone (the seconds of
   the history it writes), which leave out its start-up and fastai's import.
2. From the call to the first epoch's update (the curves' first point): warm (<= 3 s), and cold, the first training
   of a fresh app whose Train tab nobody opened (the worker starts and imports fastai then).
3. A student's keystroke while someone trains: the page's own keystroke event (POST /gradio_api/run/predict, as
   the browser sends it), a new 64-token count each time, 4 a second; idle, then while the app trains LMModel7;
   medians (<= 2 x).
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx
from gradio_client import Client

from benchmarks.bench_class import Page, percentile
from benchmarks.launching import ROOT, launch
from lm.data import TRAIN_SHARE, number_to_words

RECIPE = ('LMModel7', None, None, 0, None, TRAIN_SHARE)  # /train's arguments: the notebook's recipe and split


def train_py(out: str) -> tuple[float, float]:
    "Seconds of `python train.py LMModel7` as a whole process, and of its epochs alone (from the history it writes)."
    start = time.perf_counter()
    done = subprocess.run([sys.executable, 'train.py', 'LMModel7', '--out', out], cwd=ROOT, capture_output=True,
                          text=True)
    if done.returncode: sys.exit(f"train.py failed:\n{done.stderr[-3000:]}")
    history = json.loads((Path(out) / 'LMModel7.json').read_text())['history']
    return time.perf_counter() - start, sum(epoch['seconds'] for epoch in history)


def web(client: Client, args=RECIPE) -> dict:
    "Seconds from the /train call to its first epoch and to its end, every update read."
    start, seconds = time.perf_counter(), {}
    for update in client.submit(*args, api_name='/train'):
        if 'epoch' in update: seconds.setdefault('epoch', time.perf_counter() - start)
        if 'end' in update:
            if update['end'] != 'done': sys.exit(f"the web training ended with {update}")
            seconds['done'] = time.perf_counter() - start
    return seconds


class Keystrokes:
    "The page's keystroke event, sent as the browser sends it, on a new count each time (no cache helps)."
    def __init__(self, url: str):
        self.page, self.n = Page(httpx.get(f'{url}config').json()), 0
        self.http = httpx.Client(base_url=url, headers={'x-gradio-user': 'app'})

    def text(self) -> str:
        "Nine numbers in words: 64 tokens or so, a different count each time."
        self.n += 1
        first = 1000 + 37 * self.n % 8000
        return ' . '.join(number_to_words(n) for n in range(first, first + 9)) + ' .'

    def ms(self) -> float:
        text = self.text()
        body = dict(data=self.page.data(text), event_data=text, fn_index=self.page.fn_index,
                    trigger_id=self.page.trigger, session_hash='bench-live')
        start = time.perf_counter()
        r = self.http.post('/gradio_api/run/predict', json=body)
        if r.status_code != 200: sys.exit(f"keystroke: {r.status_code} {r.text[:200]}")
        return 1000 * (time.perf_counter() - start)

    def while_(self, going) -> list[float]:
        "Keystrokes at 4 a second while going() says so."
        times = []
        while going():
            times.append(self.ms())
            time.sleep(max(0.0, 0.25 - times[-1] / 1000))
        return times


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--rounds', type=int, default=3, help="alternate the two ways this many times each")
    args = p.parse_args()
    print(f"load average at start: {os.getloadavg()[0]:.2f}", flush=True)
    proc, url = launch()
    try:
        client = Client(url, verbose=False)
        cold = web(client, ('LMModel7', 1, None, 0, None, TRAIN_SHARE))     # the first training of a fresh app
        ours, theirs = [], []
        with tempfile.TemporaryDirectory() as out:
            for _ in range(args.rounds):
                theirs.append(train_py(out))
                ours.append(web(client))
        theirs, their_epochs = [whole for whole, _ in theirs], [epochs for _, epochs in theirs]
        keys = Keystrokes(url)
        for _ in range(8): keys.ms()                                      # the page's first events
        idle_until = time.monotonic() + 10
        idle = keys.while_(lambda: time.monotonic() < idle_until)
        trained = []                   # a thread's sys.exit would end the thread alone: its result is checked after
        training = threading.Thread(target=lambda: trained.append(web(client)))
        training.start()
        time.sleep(2)                                                     # past its first epoch: training for sure
        busy = keys.while_(training.is_alive)
        training.join()
        if not trained: sys.exit("the training run beside the keystrokes did not end as done")
    finally:
        proc.terminate()
        proc.wait(10)
    print(f"load average at end: {os.getloadavg()[0]:.2f}\n")

    def med(runs, kind): return statistics.median(r[kind] for r in runs)
    ratio = med(ours, 'done') / statistics.median(theirs)
    keys_ratio = statistics.median(busy) / statistics.median(idle)
    def listed(seconds): return ', '.join(f'{s:.1f}' for s in seconds)
    print(f"train.py LMModel7: {listed(theirs)} s; from the web: {listed(r['done'] for r in ours)} s; "
          f"keystrokes: {len(idle)} idle, {len(busy)} while training\n")
    print("| measure | figure | target |")
    print("|---|---|---|")
    print(f"| LMModel7, notebook's recipe: from the web (/train, streamed) / `python train.py LMModel7`, medians of "
          f"{args.rounds} | {med(ours, 'done'):.1f} s / {statistics.median(theirs):.1f} s = {ratio:.2f} | <= 1.2 |")
    print(f"| the same against train.py's epochs alone (its history's seconds), for the record | "
          f"{med(ours, 'done'):.1f} s / {statistics.median(their_epochs):.1f} s = "
          f"{med(ours, 'done') / statistics.median(their_epochs):.2f} | |")
    print(f"| Train to the first curve point, worker warm (Train tab opened) | {med(ours, 'epoch'):.2f} s | <= 3 s |")
    print(f"| Train to the first curve point, cold (a fresh app, tab never opened) | {cold['epoch']:.2f} s | |")
    print(f"| a keystroke (page event, 64 tokens, new each time): idle / while training, medians | "
          f"{statistics.median(idle):.1f} ms / {statistics.median(busy):.1f} ms = {keys_ratio:.2f} | <= 2 |")
    print(f"| the same, p95 | {percentile(idle, .95):.1f} ms / {percentile(busy, .95):.1f} ms | |")
    ok = ratio <= 1.2 and med(ours, 'epoch') <= 3 and keys_ratio <= 2
    print("\nall targets met" if ok else "\nTARGET MISSED")
    sys.exit(0 if ok else 1)


if __name__ == '__main__':
    main()
