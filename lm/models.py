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


# ----- An LSTM from scratch: the notebook's two LSTMCells, and LMModel6 built on either -----

class LSTMCellFourLinears(nn.Module):
    """The notebook's first LSTMCell ("Poco optimizado"): one nn.Linear per gate, each reading the previous h and
    the input side by side."""
    def __init__(self, ni, nh):
        super().__init__()
        self.forget_gate = nn.Linear(ni + nh, nh)
        self.input_gate = nn.Linear(ni + nh, nh)
        self.cell_gate = nn.Linear(ni + nh, nh)
        self.output_gate = nn.Linear(ni + nh, nh)

    def forward(self, input, state):
        h, c = state
        h = torch.cat([h, input], dim=1)
        forget = torch.sigmoid(self.forget_gate(h))
        c = c * forget
        inp = torch.sigmoid(self.input_gate(h))
        cell = torch.tanh(self.cell_gate(h))
        c = c + inp * cell
        out = torch.sigmoid(self.output_gate(h))
        h = out * torch.tanh(c)
        return h, (h, c)


class LSTMCell(nn.Module):
    """The notebook's second LSTMCell ("Optimizado"): the four gates from one multiplication of the input and one of
    h, cut in four. Its gates come in the order input, forget, output, cell; nn.LSTM's are input, forget, cell,
    output (see LSTMFromCells.from_lstm)."""
    def __init__(self, ni, nh):
        super().__init__()
        self.ih = nn.Linear(ni, 4 * nh)
        self.hh = nn.Linear(nh, 4 * nh)

    def forward(self, input, state):
        h, c = state
        # One big multiplication for all the gates is better than 4 smaller ones
        gates = (self.ih(input) + self.hh(h)).chunk(4, 1)
        ingate, forgetgate, outgate = map(torch.sigmoid, gates[:3])
        cellgate = gates[3].tanh()

        c = (forgetgate * c) + (ingate * cellgate)
        h = outgate * c.tanh()
        return h, (h, c)


class LSTM(nn.Module):
    """nn.LSTM written by hand: layers of one of the notebook's cells, with a Python loop over the tokens and, at
    each, over the layers. A drop-in for nn.LSTM(ni, nh, num_layers, batch_first=True): LMModel6 with its rnn
    replaced by one (LSTM.from_lstm) computes the same outputs."""
    def __init__(self, ni, nh, num_layers, cell=LSTMCell):
        super().__init__()
        self.cells = nn.ModuleList([cell(ni if n == 0 else nh, nh) for n in range(num_layers)])
        self.num_layers, self.hidden_size = num_layers, nh

    def forward(self, x, state=None):
        bs, sl, _ = x.shape
        if state is None: state = [x.new_zeros(self.num_layers, bs, self.hidden_size)] * 2
        hs, cs = list(state[0]), list(state[1])
        outputs = []
        for t in range(sl):
            out = x[:, t]
            for n, cell in enumerate(self.cells):
                out, (hs[n], cs[n]) = cell(out, (hs[n], cs[n]))
            outputs.append(out)
        return torch.stack(outputs, 1), (torch.stack(hs), torch.stack(cs))

    @classmethod
    def from_lstm(cls, lstm: nn.LSTM, cell=LSTMCell) -> 'LSTM':
        """The same LSTM, nn.LSTM's weights in the cells. nn.LSTM holds each layer's gates in the order input,
        forget, cell, output, in weight_ih (the input's), weight_hh (h's) and their two biases."""
        out = cls(lstm.input_size, lstm.hidden_size, lstm.num_layers, cell)
        i, f, g, o = range(4)                              # nn.LSTM's gates, by their place
        for n, c in enumerate(out.cells):
            w_ih, w_hh, b_ih, b_hh = (getattr(lstm, f'{name}_l{n}').detach().chunk(4)
                                      for name in ('weight_ih', 'weight_hh', 'bias_ih', 'bias_hh'))
            if cell is LSTMCellFourLinears:                # each gate reads [h, input]: h's weights first
                for linear, k in ((c.input_gate, i), (c.forget_gate, f), (c.cell_gate, g), (c.output_gate, o)):
                    linear.weight.data = torch.cat([w_hh[k], w_ih[k]], 1)
                    linear.bias.data = b_ih[k] + b_hh[k]
            else:                                          # one matrix for the four, in the notebook's order
                notebook_order = lambda w: torch.cat([w[k] for k in (i, f, o, g)])     # noqa: E731
                c.ih.weight.data, c.hh.weight.data = notebook_order(w_ih), notebook_order(w_hh)
                c.ih.bias.data, c.hh.bias.data = notebook_order(b_ih), notebook_order(b_hh)
        return out


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


# ----- The chapter's exercise: a GRU from scratch -----

class GRUCell(nn.Module):
    """A GRU cell written as the notebook writes its LSTMCell: two gates and no cell state. The reset gate decides
    how much of h the new candidate reads, the update gate how much of h is kept as it is. One multiplication of
    the input and one of h, cut in three, in nn.GRU's order (reset, update, new): the same weights as a layer of
    nn.GRU."""
    def __init__(self, ni, nh):
        super().__init__()
        self.ih = nn.Linear(ni, 3 * nh)
        self.hh = nn.Linear(nh, 3 * nh)

    def forward(self, input, h):
        reset_i, update_i, new_i = self.ih(input).chunk(3, 1)
        reset_h, update_h, new_h = self.hh(h).chunk(3, 1)
        resetgate = torch.sigmoid(reset_i + reset_h)
        updategate = torch.sigmoid(update_i + update_h)
        newgate = torch.tanh(new_i + resetgate * new_h)
        h = updategate * h + (1 - updategate) * newgate
        return h, h


class GRU(nn.Module):
    """nn.GRU written by hand: layers of GRUCell, with a Python loop over the tokens and, at each, over the layers.
    A drop-in for nn.GRU(ni, nh, num_layers, batch_first=True), whose weights it can give (to_gru)."""
    def __init__(self, ni, nh, num_layers):
        super().__init__()
        self.cells = nn.ModuleList([GRUCell(ni if n == 0 else nh, nh) for n in range(num_layers)])
        self.num_layers, self.hidden_size = num_layers, nh

    def forward(self, x, h=None):
        bs, sl, _ = x.shape
        hs = list(x.new_zeros(self.num_layers, bs, self.hidden_size) if h is None else h)
        outputs = []
        for t in range(sl):
            out = x[:, t]
            for n, cell in enumerate(self.cells): out, hs[n] = cell(out, hs[n])
            outputs.append(out)
        return torch.stack(outputs, 1), torch.stack(hs)

    def to_gru(self) -> nn.GRU:
        "PyTorch's GRU with the same weights."
        gru = nn.GRU(self.cells[0].ih.in_features, self.hidden_size, self.num_layers, batch_first=True)
        for n, cell in enumerate(self.cells):
            for name, param in (('weight_ih', cell.ih.weight), ('weight_hh', cell.hh.weight),
                                ('bias_ih', cell.ih.bias), ('bias_hh', cell.hh.bias)):
                getattr(gru, f'{name}_l{n}').data = param.detach().clone()
        return gru


class LMModel9(nn.Module):
    "The chapter's exercise: LMModel6 with a GRU written from scratch in place of nn.LSTM."
    def __init__(self, vocab_sz, n_hidden, n_layers):
        super().__init__()
        self.i_h = nn.Embedding(vocab_sz, n_hidden)
        self.rnn = GRU(n_hidden, n_hidden, n_layers)
        self.h_o = nn.Linear(n_hidden, vocab_sz)

    def forward(self, x, h=None):
        res, h = self.rnn(self.i_h(x), h)              # h: (n_layers, bs, n_hidden)
        return self.h_o(res), h


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
    cell: str                                          # 'relu' (LMModel1-4), 'tanh' (nn.RNN), 'lstm' (nn.LSTM) or
                                                       # 'gru' (lm.models.GRU)
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
    Variant('LMModel9', LMModel9, "The chapter's exercise: LMModel6's shape on a GRU written from scratch, whose "
            "two gates replace the LSTM's three and its cell state.",
            'gru', 'sequences', epochs=15, lr=1e-2, hparams=dict(n_hidden=N_HIDDEN, n_layers=2)),
]}
BOOK = list(VARIANTS.values())[:7]                   # the seven of the notebook; LMModel8 and LMModel9 go beyond it


def variant(name: str) -> Variant:
    "Look a variant up by its class name, in any case: 'lmmodel7' -> LMModel7."
    for v in VARIANTS.values():
        if v.id.lower() == name.strip().lower(): return v
    raise KeyError(f"unknown model {name!r}; choose one of {', '.join(VARIANTS)}")
