"""Training with fastai, as the notebook does it: `Learner` + `fit_one_cycle`, ModelResetter for the stateful
models, TextLearner (AR and TAR) for LMModel7. `train.py`, the tests and the live-training worker process
(`lm.live`) import this module: the app serves the trained weights without fastai.
"""
import time
from dataclasses import dataclass

import fastai.callback.progress  # noqa: F401  adds the progress bar and Learner.no_bar
import fastai.callback.schedule  # noqa: F401  adds Learner.fit_one_cycle
import torch
import torch.nn.functional as F
from fastai.callback.core import Callback
from fastai.callback.rnn import ModelResetter
from fastai.data.core import DataLoaders
from fastai.data.load import DataLoader
from fastai.learner import CancelFitException, Learner, Recorder
from fastai.losses import CrossEntropyLossFlat
from fastai.metrics import accuracy
from fastai.text.learner import TextLearner
from fastai.torch_core import default_device, set_seed
from torch import nn

from lm.data import BS, TRAIN_SHARE, corpus, dataset
from lm.models import Recipe, Variant


class StackedBatches(DataLoader):
    "A fastai DataLoader over stacked tensors: a batch is gathered in one indexing, not collated item by item."
    def create_batches(self, samps):
        x, y = self.dataset.tensors
        for idxs in self.chunkify(samps):
            idxs = torch.tensor(idxs)
            yield x[idxs], y[idxs]


def dataloaders(data: str, bs: int = BS, train_share: float = TRAIN_SHARE) -> DataLoaders:
    """The notebook's DataLoaders for a dataset shape (see `lm.data.dataset`): no shuffling, as in the notebook.
    train_share: the share of the text that trains."""
    s = dataset(data, bs, train_share=train_share)
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


class Epochs(Callback):
    """Each epoch's row of the history (fastai's table: train loss, valid loss, accuracy; and the epoch's wall
    time) and a copy of the weights after it, to replay how the model learnt.

    For training live: `on_start(weights)` with the random weights it starts from, `on_epoch(epoch, row, weights)`
    after each epoch and `on_batch(epoch, batch, batches)` after each training batch stream the run;
    `should_stop()`, asked after every batch, cancels the fit there when it says True (fastai's
    CancelFitException), for a Stop button or a time limit."""
    order = Recorder.order + 1                         # after the Recorder has the epoch's metrics

    def __init__(self, on_epoch=None, on_batch=None, should_stop=None, on_start=None):
        self.on_epoch, self.on_batch, self.should_stop, self.on_start = on_epoch, on_batch, should_stop, on_start

    def before_fit(self):
        self.history, self.snapshots = [], []
        if self.on_start: self.on_start(self.weights())
    def before_epoch(self): self.start = time.perf_counter()

    def after_batch(self):
        if self.training and self.on_batch: self.on_batch(self.epoch, self.iter + 1, self.n_iter)
        if self.should_stop and self.should_stop(): raise CancelFitException

    def after_epoch(self):
        train_loss, valid_loss, acc = self.recorder.values[-1]
        self.history.append(dict(train_loss=float(train_loss), valid_loss=float(valid_loss), accuracy=float(acc),
                                 seconds=round(time.perf_counter() - self.start, 3)))
        self.snapshots.append(self.weights())
        if self.on_epoch: self.on_epoch(self.epoch, self.history[-1], self.snapshots[-1])

    def weights(self) -> dict:
        return {k: t.detach().cpu().clone() for k, t in self.learn.model.model.state_dict().items()}


@dataclass
class Trained:
    model: nn.Module
    history: list[dict]            # one dict per whole epoch: train_loss, valid_loss, accuracy, seconds
    snapshots: list[dict]          # the state dict after each whole epoch
    recipe: Recipe                 # as asked: more epochs than len(history) when stopped early


def learner(v: Variant, model: nn.Module, dls: DataLoaders) -> Learner:
    "The notebook's Learner for a variant (In[12], In[20], In[24], In[26], In[30], In[32])."
    wrapped = Stateful(model)
    if v.regularized:
        return TextLearner(dls, wrapped, loss_func=CrossEntropyLossFlat(), metrics=accuracy)
    loss_func = CrossEntropyLossFlat() if v.data == 'sequences' else F.cross_entropy
    return Learner(dls, wrapped, loss_func=loss_func, metrics=accuracy, cbs=ModelResetter if v.stateful else None)


def train(v: Variant, recipe: Recipe | None = None, progress: bool = True, *, on_epoch=None, on_batch=None,
          should_stop=None, on_start=None) -> Trained:
    """Train one variant with a recipe, its notebook recipe by default. on_start, on_epoch, on_batch, should_stop:
    see `Epochs`.

    Stopped early, the model is the one after the last whole epoch, the one its history describes (none before
    the first: then the history is empty)."""
    recipe = recipe or v.recipe
    set_seed(recipe.seed, reproducible=True)
    dls = dataloaders(v.data, train_share=recipe.train_share)
    learn = learner(v, v.model(len(corpus().vocab), **recipe.hparams(v)), dls)
    log = Epochs(on_epoch, on_batch, should_stop, on_start)
    with learn.added_cbs(log):
        if progress: learn.fit_one_cycle(recipe.epochs, recipe.lr)
        else:
            with learn.no_bar(), learn.no_logging(): learn.fit_one_cycle(recipe.epochs, recipe.lr)
    model = learn.model.model
    if len(log.history) < recipe.epochs and log.snapshots: model.load_state_dict(log.snapshots[-1])  # stopped mid-epoch
    return Trained(model.cpu().eval(), log.history, log.snapshots, recipe)
