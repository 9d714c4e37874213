"""Why a model predicts what it does, for one prefix: what it guessed at every position before seeing the token
there, how much each earlier token mattered to the prediction (saliency), and what the first of two layers
would predict on its own (a logit lens).
"""
from dataclasses import dataclass

import torch
import torch.nn.functional as F
from torch import nn

from lm.inference import Trace, context, pointing, run, text_states
from lm.models import Variant

TOP = 3                        # guesses shown per position


@dataclass(frozen=True)
class Guess:
    position: int              # in the prefix
    token: int                 # the token there
    top: list[tuple[int, float]]  # the TOP most likely tokens before seeing it, with their probability

    @property
    def right(self) -> bool: return self.top[0][0] == self.token


@torch.inference_mode()
def position_logits(model: nn.Module, v: Variant, ids: list[int],
                    states: list | None = None) -> tuple[int, torch.Tensor]:
    """The logits after each position of a prefix, each the prediction of the token that follows it, as the app
    computes them for a prefix ending there. Returns the first position that has them (a model that reads the
    last n tokens predicts from the n-th on) and the logits (positions, vocab). states: text_states(model, v, ids),
    when the caller has them already."""
    top = [s for s in states or text_states(model, v, ids) if s.quantity == 'h'][-1].values
    if v.attention: return 0, pointing(model, ids, top)[0]
    return len(ids) - len(top), model.h_o(top)


def guesses(model: nn.Module, v: Variant, ids: list[int], states: list | None = None) -> list[Guess]:
    """For each token of the prefix that the model predicted, what it guessed there before seeing it. states:
    text_states(model, v, ids), when the caller has them already."""
    first, logits = position_logits(model, v, ids, states)
    probs = F.softmax(logits, -1)
    top = probs.topk(TOP, dim=-1)
    return [Guess(first + i + 1, ids[first + i + 1], list(zip(top.indices[i].tolist(), top.values[i].tolist())))
            for i in range(len(ids) - first - 1)]


def saliency(model: nn.Module, v: Variant, ids: list[int]) -> tuple[int, torch.Tensor]:
    """How much each token of the prefix mattered to the prediction: the size of the gradient of the predicted
    token's log-probability with respect to the token's embedding. Returns the predicted token and one value per
    token of the prefix (0 for those the model does not read)."""
    context_ids = context(v, ids)
    emb = model.i_h.weight[context_ids].detach().clone().requires_grad_()
    with torch.enable_grad():
        log_probs = F.log_softmax(run(model, v, context_ids, emb).logits, -1)
        token = int(log_probs.argmax())
        grad, = torch.autograd.grad(log_probs[token], emb)     # to the embeddings only:
                                                               # the shared weights keep no .grad
    norms = torch.zeros(len(ids))
    norms[len(ids) - len(context_ids):] = grad.norm(dim=1)
    return token, norms


@torch.inference_mode()
def logit_lens(model: nn.Module, t: Trace) -> list[torch.Tensor]:
    """The next-token probabilities each layer's h would give through the output head, from the model's trace over
    a prefix, first layer first; the last is the model's own prediction."""
    layers = [F.softmax(model.h_o(s.values[-1]), -1) for s in t.states if s.quantity == 'h']
    return layers[:-1] + [F.softmax(t.logits, -1)]                    # the last: the model's own, pointer included
