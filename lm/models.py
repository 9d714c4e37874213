"""The seven language models of chapter 12, as the notebook writes them, one beyond it, and the recipe that trains
each one.

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
import torch.nn.functional as F
from torch import nn

from lm.data import TRAIN_SHARE


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


class LMModel8(nn.Module):
    """Beyond the book: LMModel6's LSTM with a pointer. Attention over the last w tokens copies the token that
    followed a state like the current one, beside the LSTM's own guess (Merity et al.'s pointer sentinel)."""
    def __init__(self, vocab_sz, n_hidden, n_layers, w, reset_p):
        super().__init__()
        self.i_h = nn.Embedding(vocab_sz, n_hidden)
        self.rnn = nn.LSTM(n_hidden, n_hidden, n_layers, batch_first=True)
        self.h_o = nn.Linear(n_hidden, vocab_sz)
        self.h_q = nn.Linear(n_hidden, n_hidden)       # the query of a state, and the key of the token read after it
        self.h_s = nn.Linear(n_hidden, 1)              # the sentinel's score: the share left to the LSTM's own guess
        self.scale = nn.Parameter(torch.tensor(10.))   # sharpness of the cosine attention
        self.w, self.reset_p = w, reset_p

    def forward(self, x, state=None):
        bs = x.shape[0]
        h, c, mem_h, mem_x = self.zero_state(x) if state is None else state   # + the last w top states and tokens
        if self.training:                              # practise starting cold, as each validation stream does
            keep = (torch.rand(bs, device=x.device) >= self.reset_p).float()
            h, c, mem_h = h * keep[:, None], c * keep[:, None], mem_h * keep[:, None, None]
            mem_x = mem_x.masked_fill(keep[:, None] == 0, -1)
        res, (h, c) = self.rnn(self.i_h(x), (h, c))
        hs, xs = torch.cat([mem_h, res], 1), torch.cat([mem_x, x], 1)
        log_p, _ = self.point(res, hs, xs)
        return log_p, (h, c, hs[:, -self.w:], xs[:, -self.w:])

    def point(self, res, hs, xs):
        """The next token after each new state res (bs, sl, n_hidden), as log-probabilities: the LSTM's softmax
        weighted by the sentinel, plus the attention on each token of the window copied. hs, xs: the window's
        states and tokens, then the new ones. Also returns the attention (bs, sl, window + sl): the token after each
        state, then the sentinel."""
        bs, sl = res.shape[:2]
        a = self.attend(res, hs, xs)
        p_vocab = F.softmax(self.h_o(res), -1)
        p_copy = torch.zeros_like(p_vocab).scatter_add_(2, xs[:, None, 1:].clamp(min=0).expand(bs, sl, -1), a[..., :-1])
        return torch.log(a[..., -1:] * p_vocab + p_copy + 1e-8), a

    def attend(self, res, hs, xs):
        "Attention of each new state over the last w tokens (key: the state before the token) and the sentinel."
        sl, n = res.shape[1], hs.shape[1] - 1
        q, k = F.normalize(self.h_q(res), dim=-1), F.normalize(self.h_q(hs[:, :-1]), dim=-1)
        scores = self.scale * q @ k.transpose(1, 2)     # (bs, sl, n): query t, token xs[:, j+1]
        t, j = torch.arange(sl, device=res.device)[:, None], torch.arange(n, device=res.device)
        seen = (j >= t) & (j < t + self.w) & (xs[:, None, 1:] >= 0)    # the last w tokens up to x_t, none unknown
        return F.softmax(torch.cat([scores.masked_fill(~seen, float('-inf')), self.h_s(res)], -1), -1)

    def zero_state(self, x):
        "Nothing read yet: a zero LSTM state, and a window of unknown tokens (-1)."
        n_layers, n_hidden, bs = self.rnn.num_layers, self.rnn.hidden_size, x.shape[0]
        h = x.new_zeros(n_layers, bs, n_hidden, dtype=torch.float)
        return h, h, x.new_zeros(bs, self.w, n_hidden, dtype=torch.float), x.new_full((bs, self.w), -1)


def logits_of(output) -> torch.Tensor:
    "The logits of any model's output: LMModel7 adds its LSTM outputs beside them."
    return output[0] if isinstance(output, tuple) else output


N_HIDDEN = 64                  # the notebook's hidden size: every layer of every model has 64 units


@dataclass(frozen=True)
class Recipe:
    """How a model is trained (lm.training.train): a variant's notebook recipe (`Variant.recipe`), or one changed
    from it in the Train tab, by /train or by train.py's flags. A checkpoint records it."""
    epochs: int
    lr: float                                          # the peak learning rate of fit_one_cycle
    seed: int
    n_hidden: int                                      # the size of every layer
    train_share: float                                 # the share of the text that trains, from its start

    def hparams(self, v: 'Variant') -> dict:
        "The model's arguments but vocab_sz: the variant's, with this hidden size."
        return v.hparams | {'n_hidden': self.n_hidden}


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
    hparams: dict = field(default_factory=lambda: dict(n_hidden=N_HIDDEN))
    reads_last: int | None = None                      # reads only the last n tokens; None: all, carrying its state
    attention: bool = False                            # points at earlier tokens (LMModel8):
                                                       # its output is log-probabilities
    stateful: bool = True                              # carries its state between batches (ModelResetter)
    regularized: bool = False                          # trained with TextLearner: AR and TAR

    @property
    def trained_every_third(self) -> bool:
        "Trained to predict only after every third token of the text, from a state carried all along (LMModel3)."
        return self.data == 'three in order'

    @property
    def recipe(self) -> Recipe:
        "The notebook's recipe: its epochs and learning rate, seed 0, its hidden size, the first 80% of the text."
        return Recipe(self.epochs, self.lr, seed=0, n_hidden=self.hparams['n_hidden'], train_share=TRAIN_SHARE)

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
            'tanh', 'sequences', epochs=15, lr=3e-3, hparams=dict(n_hidden=N_HIDDEN, n_layers=2)),
    Variant('LMModel6', LMModel6, "A two-layer LSTM: gates decide what the cell state forgets and keeps.",
            'lstm', 'sequences', epochs=15, lr=1e-2, hparams=dict(n_hidden=N_HIDDEN, n_layers=2)),
    Variant('LMModel7', LMModel7, "The LSTM with dropout, weight tying and AR/TAR: an AWD-LSTM in small.",
            'lstm', 'sequences', epochs=15, lr=1e-2, hparams=dict(n_hidden=N_HIDDEN, n_layers=2, p=0.4),
            regularized=True),
    Variant('LMModel8', LMModel8, "Beyond the book: an LSTM with a pointer, whose attention over the last 32 tokens "
            "copies from the number before.",
            'lstm', 'sequences', epochs=30, lr=1e-2, hparams=dict(n_hidden=N_HIDDEN, n_layers=2, w=32, reset_p=0.02),
            attention=True),
]}
BOOK = [v for v in VARIANTS.values() if v.id != 'LMModel8']        # the seven of the notebook


def variant(name: str) -> Variant:
    "Look a variant up by its class name, in any case: 'lmmodel7' -> LMModel7."
    for v in VARIANTS.values():
        if v.id.lower() == name.strip().lower(): return v
    raise KeyError(f"unknown model {name!r}; choose one of {', '.join(VARIANTS)}")
