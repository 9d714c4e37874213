"""Train the notebook's language models and write their checkpoints.

    python train.py LMModel7            # one model, with the notebook's recipe
    python train.py --all               # all eight, several at a time (one process per CPU core)
    python train.py lmmodel4 --epochs 3 --lr 1e-3 --seed 1 --out /some/dir
"""
import argparse
import os
import sys
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import replace
from multiprocessing import get_context

import torch
from fastprogress.fastprogress import progress_bar

from lm import checkpoints
from lm.models import VARIANTS, Recipe, Variant, variant


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('variants', nargs='*', metavar='VARIANT',
                   help=f"model ids, in any case: {', '.join(VARIANTS)}")
    p.add_argument('--all', action='store_true', help=f"train all {len(VARIANTS)}")
    p.add_argument('--epochs', type=int, help="epochs (default: the notebook's, per model)")
    p.add_argument('--lr', type=float, help="peak learning rate of fit_one_cycle (default: the notebook's)")
    p.add_argument('--seed', type=int, default=0, help="random seed (default: 0)")
    p.add_argument('--out', default=str(checkpoints.CHECKPOINT_DIR), metavar='DIR',
                   help="where to write <id>.safetensors and <id>.json (default: checkpoints/)")
    p.add_argument('--jobs', type=int, default=1 if torch.cuda.is_available() else os.cpu_count(),
                   help="models trained at once, each in its own process (default: one per CPU core; 1 on a GPU)")
    args = p.parse_args(argv)
    if args.all == bool(args.variants): p.error("name the models to train, or give --all")
    try: args.variants = list(VARIANTS.values()) if args.all else [variant(name) for name in args.variants]
    except KeyError as e: p.error(e.args[0])
    if args.epochs is not None and args.epochs < 1: p.error("--epochs must be at least 1")
    if args.lr is not None and args.lr <= 0: p.error("--lr must be positive")
    if args.jobs < 1: p.error("--jobs must be at least 1")
    return args


def recipe_of(v: Variant, args) -> Recipe:
    "The variant's notebook recipe, with the epochs, learning rate and seed the command line gives."
    notebook = v.recipe
    return replace(notebook, epochs=args.epochs or notebook.epochs, lr=args.lr or notebook.lr, seed=args.seed)


def train_and_save(v: Variant, recipe: Recipe, out: str, progress: bool) -> tuple:
    """Train one variant, write its checkpoint, and return its row of the final table. Always on one thread: the
    CPU's kernels sum in an order that depends on the number of threads, so a model trained with one thread here
    and two there would differ in its last bits. One thread, whichever way it trains, gives the same bytes (and the
    Train tab's worker trains on one thread too)."""
    torch.set_num_threads(1)
    from lm.training import train  # fastai takes seconds to load: only where it trains
    t = train(v, recipe, progress)
    checkpoints.save(v, t.model, recipe, t.history, out)
    last = t.history[-1]
    return v.id, recipe.epochs, recipe.lr, last['valid_loss'], last['accuracy'], sum(h['seconds'] for h in t.history)


def main(argv=None):
    args = parse_args(argv)
    jobs = min(args.jobs, len(args.variants))
    device = 'cuda' if torch.cuda.is_available() else 'cpu'
    print(f"training {len(args.variants)} model(s) on {device}, {jobs} at a time -> {args.out}", flush=True)
    rows = []
    if jobs == 1:                                       # one after the other, with fastai's progress bars
        for v in args.variants:
            print(f"{v.id}: {v.description}", flush=True)
            rows.append(train_and_save(v, recipe_of(v, args), args.out, progress=sys.stdout.isatty()))
    else:
        # Tiny models keep a core busy each: a process per core beats two threads per model. Spawned processes
        # share nothing, and each model is seeded on its own, so the results are those of one after the other.
        longest_first = sorted(args.variants, key=lambda v: -v.epochs * len(v.hparams))   # roughly: so all end together
        with ProcessPoolExecutor(jobs, mp_context=get_context('spawn')) as pool:
            pending = [pool.submit(train_and_save, v, recipe_of(v, args), args.out, False) for v in longest_first]
            finished = as_completed(pending)
            if sys.stdout.isatty(): finished = bar = progress_bar(finished, total=len(pending))
            for done in finished:
                rows.append(done.result())
                if sys.stdout.isatty(): bar.comment = f"{rows[-1][0]} done"
                else: print(f"[{len(rows)}/{len(pending)}] {rows[-1][0]}: accuracy {rows[-1][4]:.4f}", flush=True)
    print(f"\n{'model':<10} {'epochs':>6} {'lr':>7} {'valid loss':>10} {'accuracy':>8} {'seconds':>7}")
    for model, epochs, lr, loss, acc, seconds in sorted(rows):
        print(f"{model:<10} {epochs:>6} {lr:>7g} {loss:>10.4f} {acc:>8.4f} {seconds:>7.1f}")


if __name__ == '__main__':
    main()
