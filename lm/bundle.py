"""A checkpoint for the browser: its weights as float32 arrays in one binary file, and a small JSON that says what
they are, so that `ui/static/lm.js` can run the model with no server.

    python -m lm.bundle [folder]        # the shipped checkpoints, into folder (default: bundles/)

`<id>.bin` is every tensor of the model's state_dict under the notebook's names, in state_dict order, as
little-endian float32, one after the other. `<id>.json` holds:

- the facts the forward pass needs, as lm.inference reads them from the variant and the model: the kind of cell,
  the layers and their size, `reads_last` (LMModel1 and LMModel2 read the last 3 tokens), `trained_every_third`
  (LMModel3, which the first screen says is read at a multiple of 3 tokens), `attention` and the
  window `w` of a model that points (LMModel8; its `scale` is an array);
- `arrays`: each tensor's name, shape and byte offset in the .bin, and `bytes`, the .bin's length;
- the vocabulary, and `weights_sha256`, the SHA-256 of the checkpoint's safetensors file the weights come from
  (the caller of lm.js's `load` compares it with the one it expects, and refuses a bundle of another training);
- what the views take from the server once per checkpoint: each quantity's colour range (Explorer.ranges), each
  layer's unit order and labels (Explorer.analysis), and for each property the units that find-the-unit shows:
  Analysis.ranked(prop) cut to the FOUND_ROWS best and the MARKED best of each layer and quantity, in its order;
- `format`, FORMAT: a bundle of another format is written again (ui.keystrokes).

The same checkpoint gives the same bytes: the tensors in a fixed order, the JSON with its keys in a fixed order.
"""
import argparse
import json
from pathlib import Path

import torch

from lm.checkpoints import CHECKPOINT_DIR, write_atomically
from lm.explorer import Explorer
from lm.inference import layout
from lm.models import VARIANTS
from lm.units import PROPERTIES, Analysis

FORMAT = 2
FOUND_ROWS = 6                 # the best units find-the-unit lists for a property
MARKED = 3                     # the best units it frames in each heatmap

BUNDLE_DIR = Path(__file__).resolve().parent.parent / 'bundles'     # beside checkpoints/


def folder_for(checkpoint_dir: Path) -> Path:
    "Where the bundles of a folder of checkpoints go: bundles/ for the shipped ones, else a bundles/ inside it."
    checkpoint_dir = Path(checkpoint_dir).resolve()
    return BUNDLE_DIR if checkpoint_dir == CHECKPOINT_DIR.resolve() else checkpoint_dir / 'bundles'


def paths(model_id: str, folder: Path) -> tuple[Path, Path]:
    return Path(folder) / f'{model_id}.json', Path(folder) / f'{model_id}.bin'


def encode(explorer: Explorer, model_id: str) -> tuple[dict, bytes]:
    "The JSON (as a dict) and the binary file of a checkpoint, shipped or trained in the page."
    ck = explorer.checkpoint(model_id)
    v, model = ck.variant, ck.model
    n_layers, quantities = layout(model, v)
    arrays, chunks, offset = [], [], 0
    for name, tensor in model.state_dict().items():
        data = tensor.detach().to(torch.float32).contiguous().numpy().astype('<f4').tobytes()
        arrays.append(dict(name=name, shape=list(tensor.shape), offset=offset))
        chunks.append(data)
        offset += len(data)
    analysis = explorer.analysis(model_id, wait=True)
    facts = dict(model=model_id, variant=v.id, cell=v.cell, n_layers=n_layers, n_hidden=model.i_h.weight.shape[1],
                 vocab_sz=model.i_h.weight.shape[0], reads_last=v.reads_last,
                 trained_every_third=v.trained_every_third, attention=v.attention,
                 w=model.w if v.attention else None, quantities=list(quantities))
    meta = dict(**facts, arrays=arrays, bytes=offset, vocab=list(ck.meta['vocab']),
                weights_sha256=ck.meta['weights_sha256'],
                ranges={q: list(r) for q, r in explorer.ranges(model_id).items()},
                units={str(layer): dict(order=analysis.order[layer], labels=analysis.labels[layer])
                       for layer in sorted(analysis.order)},
                found={prop: found(analysis, prop) for prop in PROPERTIES}, format=FORMAT)
    return meta, b''.join(chunks)


def found(analysis: Analysis, prop: str) -> list[list]:
    "The units find-the-unit shows for a property, best first: [layer, quantity, unit, auc] each."
    ranked, shown, per_layer = analysis.ranked(prop), [], {}
    for rank, s in enumerate(ranked):
        group = per_layer.setdefault((s.layer, s.quantity), [])
        if rank < FOUND_ROWS or len(group) < MARKED: shown.append([s.layer, s.quantity, s.unit, s.auc])
        group.append(s)
    return shown


def write(explorer: Explorer, model_id: str, folder: Path = BUNDLE_DIR) -> tuple[Path, Path]:
    "Write a checkpoint's two files into folder; returns their paths (JSON, binary)."
    meta, data = encode(explorer, model_id)
    json_path, bin_path = paths(model_id, folder)
    Path(folder).mkdir(parents=True, exist_ok=True)
    write_atomically(bin_path, data)                     # another app reading them meanwhile reads a whole file
    write_atomically(json_path, (json.dumps(meta) + '\n').encode())
    return json_path, bin_path


def write_shipped(explorer: Explorer, folder: Path = BUNDLE_DIR) -> list[tuple[Path, Path]]:
    "The bundles of every shipped checkpoint that loaded."
    return [write(explorer, model_id, folder) for model_id in VARIANTS if model_id in explorer.checkpoints]


def main():
    p = argparse.ArgumentParser(description="Write the shipped checkpoints' bundles for the browser.")
    p.add_argument('folder', nargs='?', type=Path, default=BUNDLE_DIR, help='where to write them (default: bundles/)')
    for json_path, bin_path in write_shipped(Explorer(), p.parse_args().folder):
        print(f"{bin_path}: {bin_path.stat().st_size:,} bytes, {json_path.name}: {json_path.stat().st_size:,} bytes")


if __name__ == '__main__':
    main()
