"""Where each model fails, on the validation set: accuracy by kind of position, the most frequent confusions, and
accuracy by range of numbers.

Computed from the same validation batches that training measured (`validation_predictions`), so the totals are the
checkpoint's recorded accuracy. Each target is traced back to its place in the text by cutting the text's
positions, torch.arange, exactly as the tokens were cut (`dataset(..., nums=...)`).

    f = failures(model, v)
    f.accuracy                       # 0.8897 for LMModel7
    f.nine_thousand                  # (951, 848): the 'nine' that starts 9000..9999, and how often it was missed
"""
from collections import Counter
from dataclasses import dataclass

import torch

from lm.data import KINDS, TRAIN_SHARE, corpus, dataset, kinds, numbers
from lm.inference import validation_predictions
from lm.models import Variant

CONFUSIONS = 3                 # the most frequent confusions kept per kind of position


@dataclass(frozen=True)
class KindScore:
    kind: str
    count: int
    correct: int
    confusions: list[tuple[str, str, int]]          # (target, predicted, how often), most frequent first

    @property
    def accuracy(self) -> float: return self.correct / self.count if self.count else 0.0


@dataclass(frozen=True)
class Failures:
    count: int
    correct: int
    kinds: list[KindScore]                          # in the order of KINDS
    by_hundred: list[tuple[int, int, int]]          # (first number of the hundred, count, correct)
    by_thousand: list[tuple[int, int, int]]
    nine_thousand: tuple[int, int]                  # the thousands word of 9000..9999 ('nine'): (count, wrong)
    thousand_after_nine: tuple[int, int]            # the 'thousand' that follows it: (count, wrong)

    @property
    def accuracy(self) -> float: return self.correct / self.count


def target_places(v: Variant, train_share: float = TRAIN_SHARE) -> torch.Tensor:
    "Where in the text each validation target of a variant lies, in the order validation_predictions returns them."
    return dataset(v.data, nums=torch.arange(len(corpus().nums)), train_share=train_share).valid[1].flatten()


def by_range(numbers_of: torch.Tensor, right: torch.Tensor, size: int) -> list[tuple[int, int, int]]:
    "Targets grouped by the range of numbers they belong to: (first number, count, correct)."
    starts = numbers_of // size * size
    return [(int(s), int((starts == s).sum()), int(right[starts == s].sum())) for s in starts.unique().tolist()]


def failures(model, v: Variant, train_share: float = TRAIN_SHARE) -> Failures:
    """train_share: the share of the text the model trained on (the notebook's 80/20 by default); the rest
    validates."""
    c = corpus()
    predicted, targets = (t.flatten() for t in validation_predictions(model, v, train_share))
    places = target_places(v, train_share)
    text_kinds, text_numbers = kinds(c.tokens), torch.tensor(numbers(c.tokens))
    kind_of = [text_kinds[i] for i in places.tolist()]
    number_of = text_numbers[places]
    right = predicted == targets
    scores = []
    for kind in KINDS:
        mask = torch.tensor([k == kind for k in kind_of])
        wrong = Counter(zip(targets[mask & ~right].tolist(), predicted[mask & ~right].tolist()))
        scores.append(KindScore(kind, int(mask.sum()), int(right[mask].sum()),
                                [(c.vocab[t], c.vocab[p], n) for (t, p), n in wrong.most_common(CONFUSIONS)]))
    starts_nine = torch.tensor([k == 'thousands_word' for k in kind_of]) & (number_of >= 9000)
    after_nine = torch.tensor([k == 'thousand' for k in kind_of]) & (number_of >= 9000)
    return Failures(len(targets), int(right.sum()), scores, by_range(number_of, right, 100),
                    by_range(number_of, right, 1000), (int(starts_nine.sum()), int((starts_nine & ~right).sum())),
                    (int(after_nine.sum()), int((after_nine & ~right).sum())))


def main():
    "python -m lm.failures: where each shipped checkpoint fails on the validation set."
    from lm import checkpoints
    from lm.models import VARIANTS
    print("| model | accuracy | " + " | ".join(KINDS)
          + " | 'nine' starting 9000+: wrong | 'thousand' after it: wrong |")
    print("|---|---|" + "---|" * len(KINDS) + "---|---|")
    for variant_id in VARIANTS:
        ck = checkpoints.load(variant_id)
        f = failures(ck.model, ck.variant)
        print(f"| {variant_id} | {f.accuracy:.4f} | " + " | ".join(f"{k.accuracy:.3f}" for k in f.kinds)
              + f" | {f.nine_thousand[1]} of {f.nine_thousand[0]} "
                f"| {f.thousand_after_nine[1]} of {f.thousand_after_nine[0]} |")


if __name__ == '__main__':
    main()
