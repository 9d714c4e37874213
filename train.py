"""Train the notebook's language models and write their checkpoints.

    python train.py LMModel7            # one model, with the notebook's recipe
    python train.py --all               # all seven
    python train.py lmmodel4 --epochs 3 --lr 1e-3 --seed 1 --out /some/dir
"""
import argparse
import sys

from lm import checkpoints
from lm.models import VARIANTS, variant


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('variants', nargs='*', metavar='VARIANT',
                   help=f"model ids, in any case: {', '.join(VARIANTS)}")
    p.add_argument('--all', action='store_true', help="train all seven, one after the other")
    p.add_argument('--epochs', type=int, help="epochs (default: the notebook's, per model)")
    p.add_argument('--lr', type=float, help="peak learning rate of fit_one_cycle (default: the notebook's)")
    p.add_argument('--seed', type=int, default=0, help="random seed (default: 0)")
    p.add_argument('--out', default=str(checkpoints.CHECKPOINT_DIR), metavar='DIR',
                   help="where to write <id>.safetensors and <id>.json (default: checkpoints/)")
    args = p.parse_args(argv)
    if args.all == bool(args.variants): p.error("name the models to train, or give --all")
    try: args.variants = list(VARIANTS.values()) if args.all else [variant(name) for name in args.variants]
    except KeyError as e: p.error(e.args[0])
    if args.epochs is not None and args.epochs < 1: p.error("--epochs must be at least 1")
    if args.lr is not None and args.lr <= 0: p.error("--lr must be positive")
    return args


def main(argv=None):
    args = parse_args(argv)
    from lm.training import default_device, train   # fastai loads in a few seconds: after the arguments are checked
    print(f"training on {default_device()}", flush=True)
    rows = []
    for v in args.variants:
        print(f"{v.id}: {v.description}", flush=True)
        t = train(v, epochs=args.epochs, lr=args.lr, seed=args.seed, progress=sys.stdout.isatty())
        weights_path, _ = checkpoints.save(v, t.model, seed=t.seed, epochs=t.epochs, lr=t.lr, history=t.history,
                                           directory=args.out)
        last = t.history[-1]
        seconds = sum(h['seconds'] for h in t.history)
        rows.append((v.id, t.epochs, t.lr, last['valid_loss'], last['accuracy'], seconds))
        print(f"{v.id}: accuracy {last['accuracy']:.4f} in {seconds:.1f} s -> {weights_path}", flush=True)
    print(f"\n{'model':<10} {'epochs':>6} {'lr':>7} {'valid loss':>10} {'accuracy':>8} {'seconds':>7}")
    for model, epochs, lr, loss, acc, seconds in rows:
        print(f"{model:<10} {epochs:>6} {lr:>7g} {loss:>10.4f} {acc:>8.4f} {seconds:>7.1f}")


if __name__ == '__main__':
    main()
