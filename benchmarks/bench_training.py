"""Training time and accuracy against the reference re-run of the notebook, measured in the same run.

    python -m benchmarks.bench_training [--reference ../shared/reference/seed_reference.py] [--rounds 1]

Runs `python train.py` with the notebook's seven models (into a temporary folder) and the reference script as whole
processes, one after the other, with the same seed, and prints the wall-time ratio and each model's final validation
accuracy: ours, the reference's in this run, and the shipped checkpoint's. Target: ratio at most 0.6, accuracy within
3 points of the reference or above it. Then `python train.py LMModel8`, beyond the book: at most 120 s, validation
accuracy at least 0.98, and at least 0.95 on each of the two positions that begin the numbers from 9000 on.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.launching import ROOT
from lm import checkpoints
from lm.failures import failures
from lm.models import BOOK, VARIANTS

BOOK_IDS = [v.id for v in BOOK]                 # the reference re-runs the notebook's seven


def timed(cmd, cwd):
    start = time.perf_counter()
    done = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, env=dict(os.environ, SEED='0'))
    if done.returncode: sys.exit(f"{' '.join(map(str, cmd))} failed:\n{done.stderr[-3000:]}")
    return time.perf_counter() - start, done.stdout


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--reference', type=Path, default=ROOT.parent / 'shared' / 'reference' / 'seed_reference.py',
                   help="the notebook's re-run (default: ../shared/reference/seed_reference.py)")
    p.add_argument('--rounds', type=int, default=1, help="alternate the two programs this many times each")
    args = p.parse_args()
    ours_s, ref_s = [], []
    with tempfile.TemporaryDirectory() as out:
        for _ in range(args.rounds):
            t, _ = timed([sys.executable, 'train.py', *BOOK_IDS, '--seed', '0', '--out', out], ROOT)
            ours_s.append(t)
            t, ref_out = timed([sys.executable, args.reference.resolve().name], args.reference.resolve().parent)
            ref_s.append(t)
        ref_acc = {f"LMModel{r['model']}": r['final_acc']
                   for r in map(json.loads, ref_out.splitlines()) if 'model' in r}
        fresh = {v: checkpoints.load(v, Path(out)).accuracy for v in BOOK_IDS}
        beyond_s, _ = timed([sys.executable, 'train.py', 'LMModel8', '--seed', '0', '--out', out], ROOT)
        beyond = checkpoints.load('LMModel8', Path(out))
        f = failures(beyond.model, beyond.variant)
    shipped = {v: checkpoints.load(v).accuracy for v in VARIANTS}

    ratios = [o / r for o, r in zip(ours_s, ref_s)]
    print(f"train.py with the book's seven: {', '.join(f'{s:.1f}' for s in ours_s)} s; reference: "
          f"{', '.join(f'{s:.1f}' for s in ref_s)} s")
    print(f"time ratio (ours / reference, median of {args.rounds}): {statistics.median(ratios):.2f}  (target <= 0.6)\n")
    print("| model | reference (this run) | train.py (this run) | shipped checkpoint | shipped - reference |")
    print("|---|---|---|---|---|")
    for v in BOOK_IDS:
        print(f"| {v} | {ref_acc[v]:.4f} | {fresh[v]:.4f} | {shipped[v]:.4f} | "
              f"{100 * (shipped[v] - ref_acc[v]):+.1f} points |")
    (nine, nine_wrong), (after, after_wrong) = f.nine_thousand, f.thousand_after_nine
    print(f"\nLMModel8, beyond the book: `python train.py LMModel8` in {beyond_s:.1f} s (target <= 120 s); validation "
          f"accuracy {beyond.accuracy:.4f} (target >= 0.98), shipped {shipped['LMModel8']:.4f}; '.' -> 'nine': "
          f"{1 - nine_wrong / nine:.4f} ({nine_wrong} wrong of {nine}); "
          f"'nine' -> 'thousand': {1 - after_wrong / after:.4f} ({after_wrong} wrong of {after}) (targets >= 0.95)")
    ok = statistics.median(ratios) <= 0.6 and all(shipped[v] >= ref_acc[v] - 0.03 for v in BOOK_IDS)
    ok &= beyond_s <= 120 and beyond.accuracy >= 0.98 and min(1 - nine_wrong / nine, 1 - after_wrong / after) >= 0.95
    print("\nall targets met" if ok else "\nTARGET MISSED")
    sys.exit(0 if ok else 1)


if __name__ == '__main__':
    main()
