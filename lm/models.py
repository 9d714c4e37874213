"""The seven language models of chapter 12, as the notebook writes them, and the recipe that trains each one.

Put this file next to the notebook: the classes, their module names (i_h: input to hidden, h_h: hidden to
hidden, h_o: hidden to output, rnn, drop) and their maths are the notebook's. Two things differ, both so that
the models work outside a training loop:

- The notebook keeps the hidden state in `self.h`, sized by the training batch size. Here the caller holds it:
  every model is called as `output, state = model(x, state)`, with `state=None` to start from zeros. So a
  batch of any size works, and one model object can serve many users at once without mixing their states.
  (Training keeps the state between batches in `lm.training.Stateful`, where the notebook's `self.h` went.)
- Loop lengths come from `x.shape`, not from the notebook's globals `bs` and `sl`.

`output` is the logits, (bs, vocab_sz) for LMModel1-3 and (bs, seq_len, vocab_sz) for LMModel4-7, except that
LMModel7 returns (logits, raw, out) like fastai's AWD-LSTM: the regularizer needs the LSTM's outputs.
"""
from dataclasses import dataclass, field

import torch
from torch import nn
import torch.nn.functional as F


class LMModel1(nn.Module):
    "Three tokens in, one out: a plain network that uses the same layers for every token."
    def __init__(self, vocab_sz, n_hidden):
        super().__init__()
        self.i_h = nn.Embedding(vocab_sz, n_hidden)
        self.h_h = nn.Linear(n_hidden, n_hidden)
        self.h_o = nn.Linear(n_hidden, vocab_sz)

    def forward(self, x, state=None):
        h = F.relu(self.h_h(self.i_h(x[:, 0])))
        h = h + self.i_h(x[:, 1])
        h = F.relu(self.h_h(h))
        h = h + self.i_h(x[:, 2])
        return self.h_o(h), None


class LMModel2(nn.Module):
    "LMModel1 written as a loop: a recurrent neural network (RNN)."
    def __init__(self, vocab_sz, n_hidden):
        super().__init__()
        self.i_h = nn.Embedding(vocab_sz, n_hidden)
        self.h_h = nn.Linear(n_hidden, n_hidden)
        self.h_o = nn.Linear(n_hidden, vocab_sz)

    def forward(self, x, state=None):
        h = 0
        for i in range(x.shape[1]):
            h = h + self.i_h(x[:, i])
            h = F.relu(self.h_h(h))
        return self.h_o(h), None


class LMModel3(nn.Module):
    "LMModel2 that keeps its hidden state from one batch to the next: state, and backpropagation through time."
    def __init__(self, vocab_sz, n_hidden):
        super().__init__()
        self.i_h = nn.Embedding(vocab_sz, n_hidden)
        self.h_h = nn.Linear(n_hidden, n_hidden)
        self.h_o = nn.Linear(n_hidden, vocab_sz)

    def forward(self, x, h=None):
        if h is None: h = 0                            # the notebook's reset(): self.h = 0
        for i in range(x.shape[1]):
            h = h + self.i_h(x[:, i])
            h = F.relu(self.h_h(h))
        return self.h_o(h), h


class LMModel4(nn.Module):
    "LMModel3 that predicts after every token, not only after the last: more signal per sequence."
    def __init__(self, vocab_sz, n_hidden):
        super().__init__()
        self.i_h = nn.Embedding(vocab_sz, n_hidden)
        self.h_h = nn.Linear(n_hidden, n_hidden)
        self.h_o = nn.Linear(n_hidden, vocab_sz)

    def forward(self, x, h=None):
        if h is None: h = 0
        outs = []
        for i in range(x.shape[1]):
            h = h + self.i_h(x[:, i])
            h = F.relu(self.h_h(h))
            outs.append(self.h_o(h))
        return torch.stack(outs, dim=1), h


class LMModel5(nn.Module):
    "Depth: two RNN layers stacked, the first one's outputs are the second one's inputs (nn.RNN)."
    def __init__(self, vocab_sz, n_hidden, n_layers):
        super().__init__()
        self.i_h = nn.Embedding(vocab_sz, n_hidden)
        self.rnn = nn.RNN(n_hidden, n_hidden, n_layers, batch_first=True)
        self.h_o = nn.Linear(n_hidden, vocab_sz)

    def forward(self, x, h=None):
        res, h = self.rnn(self.i_h(x), h)              # h: (n_layers, bs, n_hidden)
        return self.h_o(res), h


class LMModel6(nn.Module):
    "Gates: a two-layer LSTM, whose cell state c carries information across many steps (nn.LSTM)."
    def __init__(self, vocab_sz, n_hidden, n_layers):
        super().__init__()
        self.i_h = nn.Embedding(vocab_sz, n_hidden)
        self.rnn = nn.LSTM(n_hidden, n_hidden, n_layers, batch_first=True)
        self.h_o = nn.Linear(n_hidden, vocab_sz)

    def forward(self, x, h=None):
        res, h = self.rnn(self.i_h(x), h)              # h: (h, c), each (n_layers, bs, n_hidden)
        return self.h_o(res), h


class LMModel7(nn.Module):
    "Regularization: LMModel6 with dropout and tied input/output weights, trained with AR and TAR (AWD-LSTM)."
    def __init__(self, vocab_sz, n_hidden, n_layers, p):
        super().__init__()
        self.i_h = nn.Embedding(vocab_sz, n_hidden)
        self.rnn = nn.LSTM(n_hidden, n_hidden, n_layers, batch_first=True)
        self.drop = nn.Dropout(p)
        self.h_o = nn.Linear(n_hidden, vocab_sz)
        self.h_o.weight = self.i_h.weight              # weight tying: one matrix to read and to write tokens

    def forward(self, x, h=None):
        raw, h = self.rnn(self.i_h(x), h)
        out = self.drop(raw)
        return (self.h_o(out), raw, out), h            # raw and out feed TAR and AR during training


def logits_of(output) -> torch.Tensor:
    "The logits of any model's output: LMModel7 adds its LSTM outputs beside them."
    return output[0] if isinstance(output, tuple) else output


@dataclass(frozen=True)
class Variant:
    "One model of the notebook, the facts that set it apart, and the recipe it was trained with."
    id: str
    model: type
    description: str
    cell: str                                          # 'relu' (LMModel1-4), 'tanh' (nn.RNN) or 'lstm' (nn.LSTM)
    data: str                                          # its dataset shape, see lm.data.dataset
    epochs: int
    lr: float
    hparams: dict = field(default_factory=lambda: dict(n_hidden=64))
    reads_last: int | None = None                      # reads only the last n tokens; None: all, carrying its state
    stateful: bool = True                              # carries its state between batches (ModelResetter)
    regularized: bool = False                          # trained with TextLearner: AR and TAR

    @property
    def trained_every_third(self) -> bool:
        "Trained to predict only after every third token of the text, from a state carried all along (LMModel3)."
        return self.data == 'three in order'

    def build(self, vocab_sz: int) -> nn.Module: return self.model(vocab_sz, **self.hparams)


VARIANTS = {v.id: v for v in [
    Variant('LMModel1', LMModel1, "Reads the last 3 tokens through one layer reused per token; predicts the 4th.",
            'relu', 'three', epochs=4, lr=1e-3, reads_last=3, stateful=False),
    Variant('LMModel2', LMModel2, "The same 3-token network written as a loop: a first RNN.",
            'relu', 'three', epochs=4, lr=1e-3, reads_last=3, stateful=False),
    Variant('LMModel3', LMModel3, "An RNN that keeps its hidden state from one 3-token chunk to the next.",
            'relu', 'three in order', epochs=10, lr=3e-3),
    Variant('LMModel4', LMModel4, "A stateful RNN that predicts after every token of 16-token sequences.",
            'relu', 'sequences', epochs=15, lr=3e-3),
    Variant('LMModel5', LMModel5, "Two stacked RNN layers (nn.RNN).",
            'tanh', 'sequences', epochs=15, lr=3e-3, hparams=dict(n_hidden=64, n_layers=2)),
    Variant('LMModel6', LMModel6, "A two-layer LSTM: gates decide what the cell state forgets and keeps.",
            'lstm', 'sequences', epochs=15, lr=1e-2, hparams=dict(n_hidden=64, n_layers=2)),
    Variant('LMModel7', LMModel7, "The LSTM with dropout, weight tying and AR/TAR: an AWD-LSTM in small.",
            'lstm', 'sequences', epochs=15, lr=1e-2, hparams=dict(n_hidden=64, n_layers=2, p=0.4), regularized=True),
]}


def variant(name: str) -> Variant:
    "Look a variant up by its class name, in any case: 'lmmodel7' -> LMModel7."
    for v in VARIANTS.values():
        if v.id.lower() == name.strip().lower(): return v
    raise KeyError(f"unknown model {name!r}; choose one of {', '.join(VARIANTS)}")
