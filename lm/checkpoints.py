"""Checkpoints: `<id>.safetensors` holds the weights under the notebook's names, `<id>.json` says what they are.

The JSON makes a checkpoint self-describing (variant, model arguments, recipe, seed, vocabulary, dataset
figures, per-epoch history, library versions) and holds the SHA-256 of the weights, so that two files from
different trainings are never taken as a pair. Both are written to temporary files first and then renamed:
a training killed half-way leaves the previous checkpoint as it was. Loading needs neither pickle nor fastai.
"""
import hashlib
import json
import os
import threading
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import torch
from safetensors import SafetensorError
from safetensors.torch import load as load_tensors
from safetensors.torch import save as save_tensors
from torch import nn

from lm.data import TRAIN_SHARE, corpus
from lm.models import Recipe, Variant, variant

CHECKPOINT_DIR = Path(__file__).resolve().parent.parent / 'checkpoints'


class CheckpointError(Exception):
    "A checkpoint that is missing, damaged, or does not belong to its variant or to this vocabulary."


@dataclass(frozen=True)
class Checkpoint:
    variant: Variant
    model: nn.Module              # in eval mode, on the CPU
    meta: dict

    @property
    def accuracy(self) -> float: return self.meta['history'][-1]['accuracy']

    @property
    def recipe(self) -> Recipe:
        "What it was trained with; the notebook's seven, written before a share could be chosen, trained on its 80%."
        recipe = self.meta['recipe']
        return Recipe(recipe['epochs'], recipe['lr'], self.meta['seed'], self.meta['model_args']['n_hidden'],
                      recipe.get('train_share', TRAIN_SHARE))


def paths(variant_id: str, directory: Path = CHECKPOINT_DIR) -> tuple[Path, Path]:
    return Path(directory) / f'{variant_id}.safetensors', Path(directory) / f'{variant_id}.json'


def _package_version(name: str) -> str | None:
    try: return version(name)
    except PackageNotFoundError: return None


def write_atomically(path: Path, data: bytes):
    "Write a file whole or not at all: a reader, another process writing it too, never sees half of it."
    tmp = path.with_name(f'{path.name}.{os.getpid()}.{threading.get_ident()}.tmp')
    with open(tmp, 'wb') as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def encode(v: Variant, model: nn.Module, recipe: Recipe, history: list[dict]) -> tuple[bytes, dict]:
    "The two files of a variant trained with a recipe, as bytes and as the dict the JSON holds."
    c = corpus()
    # clone: LMModel7's tied i_h/h_o weights are one tensor, and safetensors stores no shared tensors
    tensors = {k: t.detach().cpu().contiguous().clone() for k, t in model.state_dict().items()}
    weights = save_tensors(tensors, metadata={'variant': v.id})
    meta = dict(
        variant=v.id,
        model_args=dict(vocab_sz=len(c.vocab), **recipe.hparams(v)),
        recipe=dict(data=v.data, epochs=recipe.epochs, lr=recipe.lr, train_share=recipe.train_share,
                    stateful=v.stateful, regularized=v.regularized),
        seed=recipe.seed,
        vocab=list(c.vocab),
        dataset=dict(lines=c.lines, tokens=len(c.tokens), vocab_size=len(c.vocab)),
        history=history,
        versions=dict(torch=torch.__version__, fastai=_package_version('fastai')),
        weights_sha256=hashlib.sha256(weights).hexdigest(),
    )
    return weights, meta


def write(weights: bytes, meta: dict, directory: Path = CHECKPOINT_DIR) -> tuple[Path, Path]:
    "Write the two files that `encode` made; returns their paths."
    weights_path, meta_path = paths(meta['variant'], directory)
    Path(directory).mkdir(parents=True, exist_ok=True)
    write_atomically(weights_path, weights)
    write_atomically(meta_path, (json.dumps(meta, indent=1) + '\n').encode())
    return weights_path, meta_path


def save(v: Variant, model: nn.Module, recipe: Recipe, history: list[dict],
         directory: Path = CHECKPOINT_DIR) -> tuple[Path, Path]:
    "Write the two files of a trained variant (see `encode`); returns their paths."
    return write(*encode(v, model, recipe, history), directory)


def load(variant_id: str, directory: Path = CHECKPOINT_DIR) -> Checkpoint:
    "Load and check a variant's checkpoint; every problem is a CheckpointError that says what is wrong."
    v = variant(variant_id)
    weights_path, meta_path = paths(v.id, directory)
    for p in (weights_path, meta_path):
        if not p.exists(): raise CheckpointError(f"{p.name} is missing: train it with `python train.py {v.id}`")
    try: meta = json.loads(meta_path.read_text())
    except (json.JSONDecodeError, UnicodeDecodeError) as e:
        raise CheckpointError(f"{meta_path.name} is not valid JSON ({e})") from None
    if not isinstance(meta, dict) or meta.get('variant') != v.id:
        found = meta.get('variant') if isinstance(meta, dict) else None
        raise CheckpointError(f"{meta_path.name} describes {found!r}, not {v.id}")
    if meta.get('vocab') != list(corpus().vocab):
        raise CheckpointError(f"{meta_path.name} was trained on another vocabulary than HUMAN_NUMBERS'")
    weights = weights_path.read_bytes()
    if hashlib.sha256(weights).hexdigest() != meta.get('weights_sha256'):
        raise CheckpointError(f"{weights_path.name} does not match {meta_path.name} (its SHA-256 differs): "
                              "the file is damaged or from another training")
    try: tensors = load_tensors(weights)
    except SafetensorError as e: raise CheckpointError(f"{weights_path.name} is not a safetensors file ({e})") from None
    try: model = v.model(**meta['model_args'])
    except (KeyError, TypeError) as e: raise CheckpointError(f"{meta_path.name}: bad model_args ({e})") from None
    recipe = meta.get('recipe')                            # how it trained: the analyses and the page read it
    lacks = [name for name, there in (('seed', 'seed' in meta),
                                      ('recipe', isinstance(recipe, dict) and {'epochs', 'lr'} <= recipe.keys()))
             if not there]
    if lacks: raise CheckpointError(f"{meta_path.name} lacks its {' and '.join(lacks)}: how it was trained")
    expected = {k: tuple(t.shape) for k, t in model.state_dict().items()}
    found = {k: tuple(t.shape) for k, t in tensors.items()}
    if expected != found:
        problems = [f"missing {k}" for k in expected.keys() - found.keys()]
        problems += [f"unexpected {k}" for k in found.keys() - expected.keys()]
        problems += [f"{k} is {found[k]}, expected {expected[k]}"
                     for k in expected.keys() & found.keys() if found[k] != expected[k]]
        raise CheckpointError(f"{weights_path.name} does not fit {v.id}: {'; '.join(sorted(problems))}")
    model.load_state_dict(tensors)
    return Checkpoint(v, model.eval(), meta)
