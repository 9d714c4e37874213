"""The notebook's speed lesson, measured: "one big multiplication is better than four small ones"; and the chapter's
GRU exercise against nn.GRU and the LSTMs.

    python -m benchmarks.bench_cells [--rounds 7] [--steps 20] [--train] [--write]

Times a forward and backward pass of LMModel6's training batch (bs 64, sl 16, 64 hidden units, 2 layers) through
the notebook's two hand-written LSTMCells (lm.models.LSTMCellFourLinears and lm.models.LSTMCell, each in
lm.models.LSTM: a Python loop over the tokens and the layers, in LMModel6 in place of its nn.LSTM) and through
nn.LSTM (LMModel6 itself); and through LMModel9's GRU written from scratch (lm.models.GRU) and through nn.GRU in its
place. Each round
times --steps passes of each, in turn, so that the three share the machine's moods; printed: each one's median time
per pass over the rounds, with their spread, and the ratios to nn.LSTM and between the two cells, the median of
each round's ratio. --train also trains LMModel6, LMModel7 and LMModel9 with `python train.py` in one run (their
recipes, one thread each, one after the other) and prints their validation accuracy, parameters and training time.
--write keeps the figures in docs/cells.json, with the machine and the command, for the model cards.
"""
import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import torch
import torch.nn.functional as F
from torch import nn

from lm import checkpoints
from lm.models import LSTM, N_HIDDEN, LMModel6, LMModel9, LSTMCell, LSTMCellFourLinears

RESULTS = Path(__file__).resolve().parent.parent / 'docs' / 'cells.json'
BS, SL, N_LAYERS, VOCAB = 64, 16, 2, 30


def by_hand(cell) -> LMModel6:
    "LMModel6 with its nn.LSTM written by hand on one of the notebook's cells."
    model = LMModel6(VOCAB, N_HIDDEN, N_LAYERS)
    model.rnn = LSTM(N_HIDDEN, N_HIDDEN, N_LAYERS, cell)
    return model


def on_nn_gru() -> LMModel9:
    "LMModel9 with PyTorch's GRU in place of the one written from scratch."
    model = LMModel9(VOCAB, N_HIDDEN, N_LAYERS)
    model.rnn = nn.GRU(N_HIDDEN, N_HIDDEN, N_LAYERS, batch_first=True)
    return model


KINDS = {'four_linears': lambda: by_hand(LSTMCellFourLinears), 'one_matmul': lambda: by_hand(LSTMCell),
         'nn_lstm': lambda: LMModel6(VOCAB, N_HIDDEN, N_LAYERS),
         'gru_from_scratch': lambda: LMModel9(VOCAB, N_HIDDEN, N_LAYERS), 'nn_gru': on_nn_gru}
RATIOS = {'four_linears_to_nn_lstm': ('four_linears', 'nn_lstm'), 'one_matmul_to_nn_lstm': ('one_matmul', 'nn_lstm'),
          'four_linears_to_one_matmul': ('four_linears', 'one_matmul'),
          'gru_from_scratch_to_nn_gru': ('gru_from_scratch', 'nn_gru')}
TRAINED = ('LMModel6', 'LMModel7', 'LMModel9')


def trained() -> dict:
    "LMModel6, LMModel7 and LMModel9 trained by train.py in one run: accuracy, parameters, seconds."
    with tempfile.TemporaryDirectory() as out:
        subprocess.run([sys.executable, 'train.py', *TRAINED, '--jobs', '1', '--out', out], check=True,
                       capture_output=True, cwd=Path(__file__).resolve().parent.parent)
        rows = {}
        for model_id in TRAINED:
            ck = checkpoints.load(model_id, out)
            rows[model_id] = dict(accuracy=round(ck.accuracy, 4),
                                  parameters=sum(p.numel() for p in ck.model.parameters()),
                                  seconds=round(sum(h['seconds'] for h in ck.meta['history']), 1))
        return rows


def machine() -> str:
    "The CPU, its cores, and torch's threads and version."
    name = platform.processor() or platform.machine()
    try:
        name = next(line.split(':', 1)[1].strip() for line in Path('/proc/cpuinfo').read_text().splitlines()
                    if line.startswith('model name'))
    except (OSError, StopIteration): pass
    return f'{name}, {os.cpu_count()} cores, torch {torch.__version__} on {torch.get_num_threads()} threads'


def seconds_per_pass(model, x, y, steps: int) -> float:
    "A forward and backward pass, as training takes them."
    start = time.perf_counter()
    for _ in range(steps):
        out, _ = model(x)
        F.cross_entropy(out.reshape(-1, VOCAB), y.reshape(-1)).backward()
        model.zero_grad()
    return (time.perf_counter() - start) / steps


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--rounds', type=int, default=7)
    p.add_argument('--steps', type=int, default=20)
    p.add_argument('--train', action='store_true', help='also train LMModel6, LMModel7 and LMModel9 in one run')
    p.add_argument('--write', action='store_true', help='keep the figures in docs/cells.json')
    args = p.parse_args()
    torch.manual_seed(0)
    models = {kind: make() for kind, make in KINDS.items()}
    x, y = torch.randint(0, VOCAB, (BS, SL)), torch.randint(0, VOCAB, (BS, SL))
    for model in models.values(): seconds_per_pass(model, x, y, 3)                  # warm up
    rounds = []
    for _ in range(args.rounds):
        rounds.append({kind: seconds_per_pass(model, x, y, args.steps) for kind, model in models.items()})
    times = {kind: statistics.median(r[kind] for r in rounds) * 1000 for kind in KINDS}
    ratios = {name: statistics.median(r[a] / r[b] for r in rounds) for name, (a, b) in RATIOS.items()}
    print(f'forward + backward of a batch of {BS} x {SL} tokens, {N_HIDDEN} hidden, {N_LAYERS} layers; '
          f'{args.rounds} rounds of {args.steps} passes; {machine()}')
    for kind in KINDS:
        spread = [r[kind] * 1000 for r in rounds]
        print(f'{kind}: {times[kind]:.2f} ms a pass (rounds from {min(spread):.2f} to {max(spread):.2f})')
    for name, ratio in ratios.items(): print(f'{name}: {ratio:.2f}x')
    rows = trained() if args.train else None
    for model_id, row in (rows or {}).items():
        print(f"{model_id}: validation accuracy {row['accuracy']:.1%}, {row['parameters']:,} parameters, "
              f"trained in {row['seconds']} s")
    if args.write:
        command = 'python -m benchmarks.bench_cells' + (' --train' if args.train else '') + ' --write'
        RESULTS.write_text(json.dumps(dict(machine=machine(), command=command,
                                           ms_per_pass={k: round(v, 2) for k, v in times.items()},
                                           ratios={k: round(v, 2) for k, v in ratios.items()}, trained=rows,
                                           rounds=args.rounds, steps=args.steps), indent=1) + '\n')
        print(f'written: {RESULTS}')


if __name__ == '__main__':
    main()
