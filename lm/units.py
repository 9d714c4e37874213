"""What the hidden units mean, measured over the validation text, in the way LSTMVis and RNNVis taught.

A *property* is a yes/no fact about a position of the text ("the token just read is '.'", "a number ends next").
A unit *tracks* it when its value after reading the token tells the yes from the no: the ROC AUC of the unit's
value as a score for the property, 1.0 when every yes is above every no, 0.0 when every yes is below (the unit
switches off for it, which is as telling), 0.5 when it says nothing.

    analysis = analyse(model, v, ids, tokens)    # once per checkpoint: scores, an order of the units, PCA maps
    analysis.best('next_dot')                     # the units that track "a number ends next" best

The order puts the units that track the same property side by side, so that a heatmap shows blocks rather than
noise; a unit keeps its own number everywhere. Which units voted for a prediction is exact for the last layer,
whose logits are a sum over units; switching units off is `lm.inference.trace(..., switch_off=...)`.
"""
from dataclasses import dataclass
from typing import Literal

import torch

from lm.data import kinds
from lm.inference import States, text_states
from lm.models import Variant

PROPERTIES = {
    'read_dot': "the token just read is '.'",
    'read_thousand': "the token just read is 'thousand'",
    'read_hundred': "the token just read is 'hundred'",
    'next_dot': "the next token is '.': a number ends next",
    'thousands_word': "the token just read is a thousands word ('seven' in 'seven thousand')",
    'hundreds_word': "the token just read is a hundreds word ('three' in 'three hundred')",
    'tens_word': "the token just read is a tens word ('twenty' … 'ninety')",
    'units_word': "the token just read is a units word ('one' … 'nineteen', at the end of a number)",
}
Property = Literal[tuple(PROPERTIES)]       # one of PROPERTIES' keys: the API lists them as its choices
LABELLED = 0.9                 # a unit is labelled with a property it tracks with an AUC of at least 0.9
                               # (or at most 0.1)
CLOUD_POINTS = 1500            # validation states drawn faintly behind a prefix's path


def property_masks(tokens: list[str], kind: list[str]) -> dict[str, torch.Tensor]:
    "Each property at each position of a text whose kinds of position are `kind`, as boolean tensors (len(tokens),)."
    following = tokens[1:] + [None]
    facts = dict(read_dot=[t == '.' for t in tokens], read_thousand=[t == 'thousand' for t in tokens],
                 read_hundred=[t == 'hundred' for t in tokens], next_dot=[t == '.' for t in following],
                 **{k: [x == k for x in kind] for k in ('thousands_word', 'hundreds_word', 'tens_word', 'units_word')})
    return {name: torch.tensor(facts[name]) for name in PROPERTIES}


def average_ranks(values: torch.Tensor) -> torch.Tensor:
    "Ranks 1..N of each column's values, ties sharing their average rank: (N, U) -> (N, U)."
    columns = values.T.contiguous()                                    # (U, N)
    ordered = columns.sort(dim=1).values
    first = torch.searchsorted(ordered, columns, right=False)
    last = torch.searchsorted(ordered, columns, right=True)
    return ((first + last + 1) / 2).T.double()


def auc(values: torch.Tensor, labels: torch.Tensor, ranks: torch.Tensor | None = None) -> torch.Tensor:
    """ROC AUC of each column of values (N, U) as a score for labels (N,): the chance that a random yes scores
    above a random no (Mann-Whitney U), ties counting half."""
    ranks = average_ranks(values) if ranks is None else ranks
    n_yes = int(labels.sum())
    n_no = len(labels) - n_yes
    if n_yes == 0 or n_no == 0: return torch.full((values.shape[1],), 0.5, dtype=torch.float64)
    return (ranks[labels].sum(0) - n_yes * (n_yes + 1) / 2) / (n_yes * n_no)


def separation(a: torch.Tensor) -> torch.Tensor:
    "How well an AUC separates, whichever way: 0 for 0.5, 1 for 0.0 or 1.0."
    return (a - 0.5).abs() * 2


@dataclass(frozen=True)
class UnitScore:
    layer: int
    quantity: str
    unit: int
    auc: float

    @property
    def fires(self) -> str: return 'higher' if self.auc >= 0.5 else 'lower'     # its value when the property holds


@dataclass(frozen=True)
class PCAMap:
    "A 2-D map of one layer's hidden state: the two directions along which it varies most over the validation text."
    mean: torch.Tensor            # (U,)
    components: torch.Tensor      # (2, U)
    explained: tuple[float, float]

    def project(self, values: torch.Tensor) -> torch.Tensor: return (values - self.mean) @ self.components.T


def pca(values: torch.Tensor) -> PCAMap:
    mean = values.mean(0)
    _, s, vt = torch.linalg.svd(values - mean, full_matrices=False)
    share = (s ** 2) / (s ** 2).sum()
    return PCAMap(mean, vt[:2].clone(), (float(share[0]), float(share[1])))


def order_units(h_scores: torch.Tensor) -> tuple[list[int], list[str | None]]:
    """An order of a layer's units from their AUC per property (P, U): those labelled with the same property side by
    side, in the order of PROPERTIES, best first; the unlabelled after them, the most telling first.
    Returns the order and each unit's label (its property, or None)."""
    best = separation(h_scores).max(0)
    names = list(PROPERTIES)
    labels = [names[p] if s >= separation(torch.tensor(LABELLED)) else None
              for p, s in zip(best.indices.tolist(), best.values.tolist())]
    key = [(names.index(label) if label else len(names), -s) for label, s in zip(labels, best.values.tolist())]
    return sorted(range(len(labels)), key=key.__getitem__), labels


@dataclass(frozen=True)
class Analysis:
    "What the units of one checkpoint do over the validation text: computed once, then read on every keystroke."
    scores: dict[tuple[int, str], torch.Tensor]    # (layer, quantity) -> AUC (P, U), properties in PROPERTIES' order
    order: dict[int, list[int]]                    # layer -> its units, alike ones together (from h)
    labels: dict[int, list[str | None]]            # layer -> each unit's property, or None
    maps: dict[int, PCAMap]                        # layer -> the PCA of its h
    cloud: dict[int, torch.Tensor]                 # layer -> (CLOUD_POINTS, 2) validation states on that map
    cloud_kinds: list[str]                         # the kind of position of each point of the cloud

    def ranked(self, prop: str) -> list[UnitScore]:
        "Every unit of every layer and quantity, the best at tracking `prop` first."
        p = list(PROPERTIES).index(prop)
        scores = [UnitScore(layer, quantity, unit, float(a))
                  for (layer, quantity), table in self.scores.items() for unit, a in enumerate(table[p].tolist())]
        return sorted(scores, key=lambda s: -abs(s.auc - 0.5))

    def best(self, prop: str, quantity: str = 'h', n: int = 5) -> list[UnitScore]:
        return [s for s in self.ranked(prop) if s.quantity == quantity][:n]


def analyse(model, v: Variant, ids: list[int], tokens: list[str]) -> Analysis:
    "Scores, unit order, labels and PCA maps of a checkpoint over a text (the validation text, in the app)."
    states: list[States] = text_states(model, v, ids)
    skipped = len(ids) - len(states[0].values)         # a model that reads the last n tokens starts at the n-th
    kind = kinds(list(tokens))
    masks = {name: m[skipped:] for name, m in property_masks(list(tokens), kind).items()}
    scores = {}
    for s in states:
        ranks = average_ranks(s.values)
        scores[(s.layer, s.quantity)] = torch.stack([auc(s.values, masks[name], ranks) for name in PROPERTIES])
    order, labels, maps, cloud = {}, {}, {}, {}
    every = torch.linspace(0, len(states[0].values) - 1, CLOUD_POINTS).long()
    for s in (s for s in states if s.quantity == 'h'):
        order[s.layer], labels[s.layer] = order_units(scores[(s.layer, 'h')])
        maps[s.layer] = pca(s.values)
        cloud[s.layer] = maps[s.layer].project(s.values[every])
    cloud_kinds = [kind[skipped + i] for i in every.tolist()]
    return Analysis(scores, order, labels, maps, cloud, cloud_kinds)


def votes(h_last: torch.Tensor, w_out_row: torch.Tensor) -> torch.Tensor:
    "Each unit's share of one token's logit: its value times its output weight (the logit is their sum + a bias)."
    return h_last * w_out_row.detach()



def main():
    "python -m lm.units LMModel7: the best unit of each layer's h for each property, over the validation text."
    import argparse

    from lm import checkpoints
    from lm.data import corpus, validation_start
    p = argparse.ArgumentParser(description=main.__doc__)
    p.add_argument('variant', help="a model id, such as LMModel7")
    ck = checkpoints.load(p.parse_args().variant)
    c, start = corpus(), validation_start()
    analysis = analyse(ck.model, ck.variant, c.nums[start:].tolist(), list(c.tokens[start:]))
    print(f"{ck.variant.id}, over the validation text ({len(c.tokens) - start} tokens): the best unit of h per layer")
    print("| property | " + " | ".join(f"layer {n}: unit, AUC" for n in analysis.order) + " |")
    print("|---|" + "---|" * len(analysis.order))
    for prop, description in PROPERTIES.items():
        best = [next(s for s in analysis.ranked(prop) if (s.layer, s.quantity) == (n, 'h')) for n in analysis.order]
        print(f"| {description} | " + " | ".join(f"{s.unit}, {s.auc:.3f}" for s in best) + " |")
    print("labelled units (AUC >= 0.9 or <= 0.1 for some property): " +
          ", ".join(f"layer {n}: {sum(label is not None for label in labels)} of {len(labels)}"
                    for n, labels in analysis.labels.items()))


if __name__ == '__main__':
    main()
