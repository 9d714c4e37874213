"""Live training through `lm.live`, against `python train.py` measured in the same run. Targets in brackets.

    python -m benchmarks.bench_live [--rounds 3]

1. LMModel7 with the notebook's recipe, from submit to Done with every update read, the worker warm (fastai
   imported), against `python train.py LMModel7 --out <tmp>` as a whole process; alternately, medians (<= 1.2 x).
   Both must give the same weights, bit for bit.
2. From submit to the first Progress (the bar moves) and to the first Epoch (the curves' first point, <= 3 s):
   with the worker warm, as after `Trainer.warm_up` or any earlier training, and cold, when the submit starts it.
3. A proxy of a keystroke while a training runs: the server-side compute of a keystroke (`trace` of a 64-token
   prefix on the shipped LMModel7, one thread, as in app.py), idle and while the service trains LMModel7, medians
   (<= 2 x). The app's own keystroke, over HTTP, is measured with the app.
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

import torch

from lm import checkpoints
from lm.data import corpus
from lm.inference import probabilities, trace
from lm.live import Done, Epoch, Progress, Trainer
from tests.helpers import ROOT


def train_py(out: str) -> float:
    "Seconds of `python train.py LMModel7` as a whole process."
    start = time.perf_counter()
    done = subprocess.run([sys.executable, 'train.py', 'LMModel7', '--out', out], cwd=ROOT, capture_output=True,
                          text=True)
    if done.returncode: sys.exit(f"train.py failed:\n{done.stderr[-3000:]}")
    return time.perf_counter() - start


def live(trainer: Trainer, epochs: int | None = None) -> dict:
    "Seconds from submit to the first Progress, the first Epoch and Done, and the SHA-256 of the weights."
    start = time.perf_counter()
    run = trainer.submit('LMModel7', epochs)
    seconds = {}
    for update in run.updates():
        kind = {Progress: 'progress', Epoch: 'epoch', Done: 'done'}.get(type(update))
        if kind: seconds.setdefault(kind, time.perf_counter() - start)
    if 'done' not in seconds: sys.exit(f"the live training ended with {update}")
    return seconds | dict(sha256=run.result.checkpoint.meta['weights_sha256'])


def cold() -> dict:
    "`live` of one epoch, its worker started by the submit."
    trainer = Trainer()
    try: return live(trainer, epochs=1)
    finally: trainer.close()


def latencies_ms(fn, until: threading.Event) -> list[float]:
    "Time fn again and again until the event is set."
    times = []
    while not until.is_set():
        start = time.perf_counter()
        fn()
        times.append(1000 * (time.perf_counter() - start))
    return times


def keystroke_ms(trainer: Trainer) -> tuple[float, float]:
    "Median compute of a keystroke, idle (for 3 s) and while the service trains LMModel7."
    torch.set_num_threads(1)                 # as app.py serves
    ck, c = checkpoints.load('LMModel7'), corpus()
    ids = c.encode(c.tokens[40000:40064])
    keystroke = lambda: probabilities(trace(ck.model, ck.variant, ids).logits)
    idle_over = threading.Event()
    threading.Timer(3, idle_over.set).start()
    idle = latencies_ms(keystroke, idle_over)
    run, ended = trainer.submit('LMModel7'), threading.Event()
    threading.Thread(target=lambda: (list(run.updates()), ended.set())).start()
    busy = latencies_ms(keystroke, ended)
    return statistics.median(idle), statistics.median(busy)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--rounds', type=int, default=3, help="alternate the two ways this many times each")
    args = p.parse_args()
    print(f"load average at start: {os.getloadavg()[0]:.2f}", flush=True)
    cold_runs = [cold() for _ in range(args.rounds)]
    trainer = Trainer()
    trainer.warm_up()
    live(trainer)                                                     # the worker warm, as from now on
    ours, theirs = [], []
    with tempfile.TemporaryDirectory() as out:
        for _ in range(args.rounds):
            theirs.append(train_py(out))
            ours.append(live(trainer))
        same = {r['sha256'] for r in ours} == {json.loads((Path(out) / 'LMModel7.json').read_text())['weights_sha256']}
    idle, busy = keystroke_ms(trainer)
    print(f"load average at end: {os.getloadavg()[0]:.2f}\n")

    med = lambda runs, kind: statistics.median(r[kind] for r in runs)
    ratio = med(ours, 'done') / statistics.median(theirs)
    listed = lambda seconds: ', '.join(f'{s:.1f}' for s in seconds)
    print(f"train.py LMModel7: {listed(theirs)} s; live: {listed(r['done'] for r in ours)} s; same weights: {same}\n")
    print("| measure | figure | target |")
    print("|---|---|---|")
    print(f"| LMModel7, notebook's recipe: live (warm worker) / `python train.py LMModel7`, medians of {args.rounds} "
          f"| {med(ours, 'done'):.1f} s / {statistics.median(theirs):.1f} s = {ratio:.2f} | <= 1.2 |")
    print(f"| submit to first Progress, warm worker | {med(ours, 'progress'):.2f} s | |")
    print(f"| submit to first Epoch (first curve point), warm worker | {med(ours, 'epoch'):.2f} s | <= 3 s |")
    print(f"| submit to first Progress, cold worker (started by the submit) | {med(cold_runs, 'progress'):.2f} s | |")
    print(f"| submit to first Epoch, cold worker | {med(cold_runs, 'epoch'):.2f} s | |")
    print(f"| keystroke compute (LMModel7, 64 tokens): idle / while training | {idle:.2f} ms / {busy:.2f} ms = "
          f"{busy / idle:.2f} | <= 2 (proxy) |")
    ok = ratio <= 1.2 and med(ours, 'epoch') <= 3 and same and busy / idle <= 2
    print("\nall targets met" if ok else "\nTARGET MISSED")
    trainer.close()
    sys.exit(0 if ok else 1)


if __name__ == '__main__':
    main()
