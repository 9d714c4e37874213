"""Training with fastai, as the notebook does it: `Learner` + `fit_one_cycle`, ModelResetter for the stateful
models, TextLearner (AR and TAR) for LMModel7. Only `train.py` and the tests import this module: the app
serves the trained weights without fastai.
"""
import time
from dataclasses import dataclass

import torch
import torch.nn.functional as F
import fastai.callback.progress  # noqa: F401  adds the progress bar and Learner.no_bar
import fastai.callback.schedule  # noqa: F401  adds Learner.fit_one_cycle
from fastai.callback.core import Callback
from fastai.callback.rnn import ModelResetter
from fastai.data.core import DataLoaders
from fastai.data.load import DataLoader
from fastai.learner import Learner
from fastai.losses import CrossEntropyLossFlat
from fastai.metrics import accuracy
from fastai.text.learner import TextLearner
from fastai.torch_core import default_device, set_seed
from torch import nn

from lm.data import BS, corpus, dataset
from lm.models import Variant


class StackedBatches(DataLoader):
    "A fastai DataLoader over stacked tensors: a batch is gathered in one indexing, not collated item by item."
    def create_batches(self, samps):
        x, y = self.dataset.tensors
        for idxs in self.chunkify(samps):
            idxs = torch.tensor(idxs)
            yield x[idxs], y[idxs]


def dataloaders(data: str, bs: int = BS) -> DataLoaders:
    "The notebook's DataLoaders for a dataset shape (see `lm.data.dataset`): no shuffling, as in the notebook."
    s = dataset(data, bs)
    # from_dsets drops the last partial batch of the training set only, unless told (as for grouped data) to
    # drop it from both: a stateful model needs every batch to be full.
    drop_last_valid = data != 'three'
    device = default_device()
    return DataLoaders(
        StackedBatches(torch.utils.data.TensorDataset(*s.train), bs=bs, drop_last=True, device=device),
        StackedBatches(torch.utils.data.TensorDataset(*s.valid), bs=bs, drop_last=drop_last_valid, device=device),
        device=device)


def detach(state):
    if state is None: return None
    if isinstance(state, torch.Tensor): return state.detach()
    return tuple(s.detach() for s in state)


class Stateful(nn.Module):
    """Carries a model's state from one batch to the next during training: the notebook's `self.h`.

    Gradients stop at the batch boundary (`detach`): backpropagation through time, truncated to one batch.
    `reset()` is what fastai's ModelResetter calls before training and before validation.
    """
    def __init__(self, model: nn.Module):
        super().__init__()
        self.model, self.state = model, None

    def forward(self, x):
        output, state = self.model(x, self.state)
        self.state = detach(state)
        return output

    def reset(self): self.state = None


class EpochTimer(Callback):
    "Wall time of each epoch, training and validation together."
    def before_fit(self): self.seconds = []
    def before_epoch(self): self.start = time.perf_counter()
    def after_epoch(self): self.seconds.append(time.perf_counter() - self.start)


@dataclass
class Trained:
    model: nn.Module
    history: list[dict]            # one dict per epoch: train_loss, valid_loss, accuracy, seconds
    epochs: int
    lr: float
    seed: int


def learner(v: Variant, model: nn.Module, dls: DataLoaders) -> Learner:
    "The notebook's Learner for a variant (In[12], In[20], In[24], In[26], In[30], In[32])."
    wrapped = Stateful(model)
    if v.regularized:
        return TextLearner(dls, wrapped, loss_func=CrossEntropyLossFlat(), metrics=accuracy)
    loss_func = CrossEntropyLossFlat() if v.data == 'sequences' else F.cross_entropy
    return Learner(dls, wrapped, loss_func=loss_func, metrics=accuracy, cbs=ModelResetter if v.stateful else None)


def train(v: Variant, epochs: int | None = None, lr: float | None = None, seed: int = 0,
          progress: bool = True) -> Trained:
    "Train one variant with its notebook recipe (or the given epochs and learning rate) from seed `seed`."
    epochs, lr = epochs or v.epochs, lr or v.lr
    set_seed(seed, reproducible=True)
    dls = dataloaders(v.data)
    learn = learner(v, v.build(len(corpus().vocab)), dls)
    timer = EpochTimer()
    with learn.added_cbs(timer):
        if progress: learn.fit_one_cycle(epochs, lr)
        else:
            with learn.no_bar(), learn.no_logging(): learn.fit_one_cycle(epochs, lr)
    history = [dict(train_loss=float(tl), valid_loss=float(vl), accuracy=float(acc), seconds=round(s, 3))
               for (tl, vl, acc), s in zip(learn.recorder.values, timer.seconds)]
    model = learn.model.model.cpu().eval()
    return Trained(model, history, epochs, lr, seed)
