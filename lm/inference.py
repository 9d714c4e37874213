"""Using the trained models: the next-token distribution, every layer's states step by step, generation, and
true counting to compare with. Pure torch; nothing here keeps state between calls, so one model object can
serve every user of the app at once.

`trace` recomputes each model from its weights one time step at a time, with the cell equations written out
(a ReLU RNN, nn.RNN's tanh cell, nn.LSTM's four gates), so that the app can show what a forward pass hides:
the hidden state after every token and, for the LSTMs, the cell state and the gates. Tests check it against
the models' own forward passes and against nn.RNN and nn.LSTM.
"""
from dataclasses import dataclass

import torch
import torch.nn.functional as F
from torch import nn

from lm.data import BS, TRAIN_SHARE, dataset, number_to_words, numbers_by_words
from lm.models import LMModel1, Variant, logits_of
from lm.prefix import PrefixError

LSTM_QUANTITIES = ('h', 'c', 'input gate', 'forget gate', 'cell gate', 'output gate')
GRU_QUANTITIES = ('h', 'reset gate', 'update gate')
SIGMOID_GATES = ('input gate', 'forget gate', 'output gate', 'reset gate', 'update gate')      # 0: closed, 1: open
QUANTITIES = {'lstm': LSTM_QUANTITIES, 'gru': GRU_QUANTITIES}         # by cell; the others have h alone
STACKED = ('tanh', 'lstm', 'gru')                                    # the cells of a model with layers (model.rnn)
ATTENDED = 64           # a trace keeps LMModel8's attention at its last 64 positions: what the Attention tab draws


def context(v: Variant, ids: list[int]) -> list[int]:
    "The tokens a variant reads: LMModel1 and LMModel2 the last three, the others all from the start."
    if not ids: raise PrefixError('empty')
    if v.reads_last is None: return list(ids)
    if len(ids) < v.reads_last: raise PrefixError('reads_last', variant=v.id, needs=v.reads_last, n=len(ids))
    return list(ids[-v.reads_last:])


def last_logits(output) -> torch.Tensor:
    "The logits after the last token of the first sequence in a batch, for any model's output."
    logits = logits_of(output)
    return logits[0, -1] if logits.dim() == 3 else logits[0]


@torch.inference_mode()
def next_token_logits(model: nn.Module, v: Variant, ids: list[int]) -> torch.Tensor:
    "Logits (vocab_sz,) of the token that follows `ids`."
    output, _ = model(torch.tensor([context(v, ids)]))
    return last_logits(output)


def probabilities(logits: torch.Tensor, temperature: float = 1.0, top_k: int = 0) -> torch.Tensor:
    """softmax(logits / temperature) over the top_k most likely tokens (0: all of them).
    Temperature 0 puts all the probability on the most likely token (greedy)."""
    if top_k and top_k < len(logits):
        logits = logits.masked_fill(logits < logits.topk(top_k).values[-1], float('-inf'))
    if temperature == 0: return F.one_hot(logits.argmax(), len(logits)).float()
    return F.softmax(logits / temperature, dim=-1)


def ranked(probs: torch.Tensor, vocab) -> list[tuple[str, float]]:
    "(token, probability) for every token, most likely first."
    order = probs.argsort(descending=True, stable=True).tolist()
    return [(vocab[i], p) for i, p in zip(order, probs[order].tolist())]


# ----- Hidden states, one time step at a time -----

def layout(model: nn.Module, v: Variant) -> tuple[int, tuple[str, ...]]:
    "How many layers `trace` returns for a model, and which quantities each has: h, or h (and c) and the gates."
    n_layers = model.rnn.num_layers if v.cell in STACKED else 1
    return n_layers, QUANTITIES.get(v.cell, ('h',))


def fixed_range(v: Variant, quantity: str) -> tuple[float, float] | None:
    """The values a quantity can take, where its maths bounds them: a sigmoid gate 0..1, a tanh -1..1.
    None where they are unbounded (a ReLU state, the LSTM's cell state c): see `typical_range`."""
    if quantity in SIGMOID_GATES: return 0.0, 1.0
    if quantity == 'cell gate' or (quantity == 'h' and v.cell in STACKED): return -1.0, 1.0
    return None


def typical_range(values: torch.Tensor, signed: bool) -> tuple[float, float]:
    """A robust colour range for unbounded values: up to the 99th percentile of their size, so one outlier won't wash
    out the rest."""
    top = float(f"{float(values.abs().flatten().quantile(0.99)):.2g}") or 1.0      # two digits: a legend reads it
    return (-top, top) if signed else (0.0, top)


@dataclass(frozen=True)
class States:
    "One quantity of one layer after every token read: values (time, units)."
    layer: int
    quantity: str                 # 'h' for every model; 'c' and the four gates for the LSTMs
    values: torch.Tensor

    @property
    def name(self) -> str: return f"layer {self.layer} {self.quantity}"


@dataclass(frozen=True)
class Trace:
    ids: list[int]                # the tokens the model read (its context)
    states: list[States]
    logits: torch.Tensor          # (vocab_sz,) after the last token: log-probabilities for a model that points
    attention: torch.Tensor | None = None     # a model that points, at its last ATTENDED positions: (position,
                                              # each of those tokens read, then the sentinel)


@dataclass(frozen=True)
class SwitchOff:
    "Units of one layer whose output h is held at 0 from a position of the prefix on: a causal test of a unit."
    layer: int
    units: tuple[int, ...]
    start: int = 0                # the first position (0-based, in the prefix) where they are off

    def keep(self, layer: int, n_units: int, start_offset: int = 0):
        "(mask, first step) for a layer: 1 for the units kept, 0 for those off; None when none of them is here."
        if layer != self.layer or not self.units: return None, 0
        mask = torch.ones(n_units)
        mask[list(self.units)] = 0
        return mask, self.start - start_offset


def off(h, t: int, keep, start: int):
    "h with the switched-off units at 0, from step `start` on."
    return h * keep if keep is not None and t >= start else h


def relu_rnn_layer(emb, h_h, keep=None, start=0, h0=None):
    "LMModel2-4: h = relu(h_h(h + i_h(x))) after each token, from h0 (zeros: nothing read yet)."
    h, hs = 0 if h0 is None else h0, []
    for t, e in enumerate(emb):
        h = off(F.relu(h_h(h + e)), t, keep, start)
        hs.append(h)
    return torch.stack(hs)


def lmmodel1_states(emb, h_h, keep=None, start=0):
    "LMModel1's three steps: the last token's embedding is added, with no layer after it."
    h1 = off(F.relu(h_h(emb[0])), 0, keep, start)
    h2 = off(F.relu(h_h(h1 + emb[1])), 1, keep, start)
    return torch.stack([h1, h2, off(h2 + emb[2], 2, keep, start)])


def tanh_rnn_layer(x, w_ih, w_hh, b_ih, b_hh, keep=None, start=0, h0=None):
    "One layer of nn.RNN: h_t = tanh(W_ih x_t + b_ih + W_hh h_(t-1) + b_hh), from h0."
    h, hs = torch.zeros(w_hh.shape[1]) if h0 is None else h0, []
    for t, x_t in enumerate(x):
        h = off(torch.tanh(w_ih @ x_t + b_ih + w_hh @ h + b_hh), t, keep, start)
        hs.append(h)
    return torch.stack(hs)


def lstm_layer(x, w_ih, w_hh, b_ih, b_hh, keep=None, start=0, h0=None, c0=None):
    "One layer of nn.LSTM from (h0, c0), returning h, c and the input, forget, cell and output gates, each (T, H)."
    H = w_hh.shape[1]
    h = torch.zeros(H) if h0 is None else h0
    c = torch.zeros(H) if c0 is None else c0
    steps = []
    for t, x_t in enumerate(x):
        gates = w_ih @ x_t + b_ih + w_hh @ h + b_hh     # PyTorch's order: input, forget, cell, output
        i, f, o = gates[:H].sigmoid(), gates[H:2 * H].sigmoid(), gates[3 * H:].sigmoid()
        g = gates[2 * H:3 * H].tanh()
        c = f * c + i * g                              # forget some of the cell state, write some new
        h = off(o * c.tanh(), t, keep, start)          # show some of it (a switched-off unit shows nothing)
        steps.append((h, c, i, f, g, o))
    return [torch.stack(s) for s in zip(*steps)]


def gru_layer(x, w_ih, w_hh, b_ih, b_hh, keep=None, start=0, h0=None):
    "One layer of lm.models.GRU (or nn.GRU) from h0, returning h and the reset and update gates, each (T, H)."
    H = w_hh.shape[1]
    h, steps = torch.zeros(H) if h0 is None else h0, []
    for t, x_t in enumerate(x):
        i, g = w_ih @ x_t + b_ih, w_hh @ h + b_hh       # nn.GRU's order: reset, update, new
        r, z = (i[:H] + g[:H]).sigmoid(), (i[H:2 * H] + g[H:2 * H]).sigmoid()
        n = (i[2 * H:] + r * g[2 * H:]).tanh()          # the candidate reads the share of h the reset gate lets in
        h = off(z * h + (1 - z) * n, t, keep, start)    # keep some of h, take the rest from the candidate
        steps.append((h, r, z))
    return [torch.stack(s) for s in zip(*steps)]


def layer_weights(rnn: nn.Module, n: int) -> list[torch.Tensor]:
    "Layer n's weight_ih, weight_hh, bias_ih and bias_hh: nn.RNN's and nn.LSTM's by name, lm.models.GRU's in its cell."
    if hasattr(rnn, 'cells'): return [rnn.cells[n].ih.weight, rnn.cells[n].hh.weight, rnn.cells[n].ih.bias,
                                      rnn.cells[n].hh.bias]
    return [getattr(rnn, f'{w}_l{n}') for w in ('weight_ih', 'weight_hh', 'bias_ih', 'bias_hh')]


LAYERS = {'tanh': lambda *args: [tanh_rnn_layer(*args)], 'lstm': lstm_layer, 'gru': gru_layer}


def stacked_layers(rnn: nn.Module, emb, cell: str, switch_off: SwitchOff | None = None, offset: int = 0,
                   initial: list | None = None):
    """Each layer of nn.RNN, nn.LSTM or lm.models.GRU in turn, the outputs of one being the inputs of the next;
    initial: each layer's state to start from, (h, c) or (h,), when the steps go on from a trace already made."""
    x, states = emb, []
    for n in range(rnn.num_layers):
        keep, start = switch_off.keep(n + 1, rnn.hidden_size, offset) if switch_off else (None, 0)
        state = initial[n] if initial else ()
        values = LAYERS[cell](x, *layer_weights(rnn, n), keep, start, *state)
        states += [States(n + 1, q, v) for q, v in zip(QUANTITIES.get(cell, ('h',)), values)]
        x = values[0]
    return states


@torch.inference_mode()
def trace(model: nn.Module, v: Variant, ids: list[int], switch_off: SwitchOff | None = None) -> Trace:
    """Run a model over its context one step at a time, keeping every layer's states; `switch_off` holds some
    units at 0 from a position of `ids` on."""
    context_ids = context(v, ids)
    return run(model, v, context_ids, model.i_h.weight[context_ids], switch_off, len(ids) - len(context_ids))


def run(model: nn.Module, v: Variant, ids: list[int], emb: torch.Tensor, switch_off: SwitchOff | None = None,
        offset: int = 0, initial: list | None = None) -> Trace:
    "trace's steps, from the embeddings of the context `ids` (offset: where they begin in the prefix)."
    states = layer_states(model, v, emb, switch_off, offset, initial)
    return Trace(ids, states, *next_logits(model, v, ids, states))


def layer_states(model: nn.Module, v: Variant, emb: torch.Tensor, switch_off: SwitchOff | None = None,
                 offset: int = 0, initial: list | None = None) -> list[States]:
    "Every layer's states after each token, from the embeddings of the tokens read (see `run`)."
    if v.cell in STACKED: return stacked_layers(model.rnn, emb, v.cell, switch_off, offset, initial)
    keep, start = switch_off.keep(1, emb.shape[1], offset) if switch_off else (None, 0)
    if v.model is LMModel1: return [States(1, 'h', lmmodel1_states(emb, model.h_h, keep, start))]
    return [States(1, 'h', relu_rnn_layer(emb, model.h_h, keep, start, *(initial[0] if initial else ())))]


def next_logits(model: nn.Module, v: Variant, ids: list[int], states: list[States]) -> tuple:
    """The logits after the last token, from the top layer's h: through the output head, or, for a model that points
    (LMModel8), mixed with its attention, which comes back too for the last ATTENDED positions."""
    top = [s for s in states if s.quantity == 'h'][-1].values          # the top layer's h after each token
    if not v.attention: return model.h_o(top[-1]), None
    log_p, attention = pointing(model, ids, top, last=ATTENDED)
    return log_p[-1], attention


def pointing(model: nn.Module, ids: list[int], top: torch.Tensor, last: int | None = None) -> tuple:
    """LMModel8's pointer over a prefix read from a cold start (an empty window before it), as its forward pass
    computes it, at the last `last` positions (all of them if None): the log-probabilities of the next token after
    each (last, vocab_sz), and the attention (last, last + 1) of each on each of the last tokens read (the copy of
    that token), then on the sentinel. A position looks back a window of w tokens only: the positions before the
    last ones need not be computed, which on a long prefix would cost T x T."""
    T, (w, n_hidden) = len(ids), (model.w, top.shape[1])
    m = T if last is None else min(last, T)
    hs = torch.cat([torch.zeros(w, n_hidden), top])[None]             # the key of token i is the state before it
    xs = torch.cat([torch.full((w,), -1), torch.tensor(ids)])[None]   # -1: nothing there yet
    log_p, a = model.point(top[None, T - m:], hs[:, T - m:], xs[:, T - m:])   # the window of the first one on
    return log_p[0], torch.cat([a[0, :, w - 1:w - 1 + m], a[0, :, -1:]], 1)


@torch.inference_mode()
def extend(model: nn.Module, v: Variant, before: Trace, keep: int, ids: list[int]) -> Trace:
    """trace(model, v, ids), for a prefix that begins with the first `keep` tokens of a trace already made: those
    steps are taken from it, and only the tokens after them are run. As a student types, each keystroke changes
    the last few tokens only. For the models that carry their state (v.reads_last is None): the steps are the same
    operations on the same values, so the result is the same, bit for bit."""
    states = extend_states(model, v, before.states, keep, ids)
    return Trace(list(ids), states, *next_logits(model, v, list(ids), states))


@torch.inference_mode()
def extend_states(model: nn.Module, v: Variant, states: list[States], keep: int, ids: list[int]) -> list[States]:
    "The states of extend, without the prediction after them: a long prefix traced in steps needs it once."
    new = ids[keep:]
    kept = [States(s.layer, s.quantity, s.values[:keep]) for s in states]
    if not new: return kept
    by_layer = {}
    for s in kept:
        if s.quantity in ('h', 'c'): by_layer.setdefault(s.layer, []).append(s.values[-1])
    added = layer_states(model, v, model.i_h.weight[new], initial=[tuple(by_layer[n]) for n in sorted(by_layer)])
    return [States(a.layer, a.quantity, torch.cat([a.values, b.values])) for a, b in zip(kept, added)]


@torch.inference_mode()
def text_states(model: nn.Module, v: Variant, ids: list[int]) -> list[States]:
    """Every layer's states at every position of a long text, as the app shows them for a prefix ending there:
    a model that reads only the last n tokens sees the n tokens that end at each position (from the n-th on)."""
    if v.reads_last is None: return trace(model, v, ids).states
    windows = [trace(model, v, ids[end - v.reads_last:end]).states for end in range(v.reads_last, len(ids) + 1)]
    return [States(s.layer, s.quantity, torch.stack([w[k].values[-1] for w in windows]))
            for k, s in enumerate(windows[0])]


# ----- Generation and true counting -----

@torch.inference_mode()
def generate(model: nn.Module, v: Variant, ids: list[int], n: int, temperature: float = 0.0,
             top_k: int = 0, generator: torch.Generator | None = None, pause=None) -> list[int]:
    """n tokens after `ids`: the most likely each time (temperature 0) or sampled at the given temperature.
    pause: called after every 64 tokens, so that a caller who holds a turn can let others go first."""
    ids, new = context(v, ids), []
    output, state = model(torch.tensor([ids]))
    for i in range(n):
        if pause and i and i % 64 == 0: pause()
        probs = probabilities(last_logits(output), temperature, top_k)
        new.append(int(torch.multinomial(probs, 1, generator=generator)))
        if v.reads_last is None: output, state = model(torch.tensor([new[-1:]]), state)   # one more step
        else: output, _ = model(torch.tensor([(ids + new)[-v.reads_last:]]))             # a sliding window
    return new


def counting_continuation(tokens: list[str], n: int) -> list[str] | None:
    """The n tokens that true counting puts after `tokens`, or None if they are not counting.

    Counting resumes after the last complete number (the words before the last '.'); any words after that
    '.' must begin the next number. 'one . two . thr' -> ['three', '.', 'four', ...]. The text stops at 9999.
    """
    if '.' not in tokens: return None
    dot = len(tokens) - 1 - tokens[::-1].index('.')
    start = dot - 1
    while start >= 0 and tokens[start] != '.': start -= 1
    last = numbers_by_words().get(tuple(tokens[start + 1:dot]))
    if last is None: return None
    tail = tokens[dot + 1:]
    upcoming = []
    for m in range(last + 1, min(last + 2 + (n + len(tail)) // 2, 10000)):
        upcoming += number_to_words(m).split() + ['.']
    if upcoming[:len(tail)] != tail: return None
    return upcoming[len(tail):len(tail) + n]


def matched(generated: list[str], expected: list[str]) -> int:
    "How many generated tokens follow true counting before the first that departs (the text ends at 9999)."
    return next((i for i, (g, e) in enumerate(zip(generated, expected)) if g != e), min(len(generated), len(expected)))


# ----- The validation set -----

@torch.inference_mode()
def validation_predictions(model: nn.Module, v: Variant,
                           train_share: float = TRAIN_SHARE) -> tuple[torch.Tensor, torch.Tensor]:
    """Predicted and true next tokens over the validation set, read as training read it: in batches of BS
    streams, the stateful models carrying their state from one batch to the next. train_share: the share that
    trained."""
    x, y = dataset(v.data, train_share=train_share).valid
    if not v.stateful: return logits_of(model(x)[0]).argmax(-1), y
    preds, state = [], None
    for xb in x.split(BS):
        output, state = model(xb, state)
        preds.append(logits_of(output).argmax(-1))
    return torch.cat(preds), y
