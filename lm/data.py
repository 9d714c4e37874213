"""HUMAN_NUMBERS, made here rather than downloaded, and the notebook's three ways of cutting it into batches.

fastai ships the dataset as two text files: train.txt holds the numbers 1..7999 and valid.txt 8001..9999
(8000 is in neither), one number a line, written in English words with a trailing space ("one \\n").
We write the same lines ourselves, so nothing needs the internet. The notebook then joins every line with
' . ' into one long text, splits it on spaces and numbers the words in order of first appearance:

    'one . two . three . ... nine thousand nine hundred ninety nine'  ->  [0, 1, 2, 1, 3, 1, ...]

This module needs only torch: the app imports it to read what people type, and fastai stays a training tool.
"""
import os
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import torch

ONES = ("one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
        "sixteen seventeen eighteen nineteen").split()
TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
TRAIN_NUMBERS = range(1, 8000)
VALID_NUMBERS = range(8001, 10000)
BS = 64                # the notebook's batch size: the stateful models read the text as 64 parallel streams
SL = 16                # the notebook's sequence length for LMModel4-7
TRAIN_SHARE = 0.8      # the notebook's share of the text that trains, from its start; the rest validates


def number_to_words(n: int) -> str:
    "7312 -> 'seven thousand three hundred twelve': HUMAN_NUMBERS' spelling, with no 'and' and no hyphens."
    if not 1 <= n <= 9999: raise ValueError(f"HUMAN_NUMBERS counts from 1 to 9999, not {n}")
    words = []
    if n >= 1000: words += [ONES[n // 1000 - 1], 'thousand']; n %= 1000
    if n >= 100: words += [ONES[n // 100 - 1], 'hundred']; n %= 100
    if n >= 20: words.append(TENS[n // 10 - 2]); n %= 10
    if n > 0: words.append(ONES[n - 1])
    return ' '.join(words)


@lru_cache(maxsize=1)
def numbers_by_words() -> dict[tuple[str, ...], int]:
    "Every number of the text by its words: ('seven', 'thousand', 'three', 'hundred', 'twelve') -> 7312."
    return {tuple(number_to_words(n).split()): n for n in range(1, 10000)}


KINDS = ('thousands_word', 'thousand', 'hundreds_word', 'hundred', 'tens_word', 'units_word', '.')


def kinds(tokens) -> list[str]:
    """The kind of position of each token in the number it belongs to, one of KINDS:

        seven thousand three hundred twenty one .  ->  thousands_word, thousand, hundreds_word, hundred, tens_word,
                                                         units_word, .
    A teen is a units word ('twelve'), a lone tens word is a tens word ('twenty'). Words cut off at the start of
    a text are read by what follows them, as far as it goes."""
    out = []
    for i, token in enumerate(tokens):
        after = tokens[i + 1] if i + 1 < len(tokens) else None
        if token in ('.', 'thousand', 'hundred'): out.append(token)
        elif after == 'thousand': out.append('thousands_word')
        elif after == 'hundred': out.append('hundreds_word')
        elif token in TENS: out.append('tens_word')
        else: out.append('units_word')
    return out


def numbers(tokens) -> list[int]:
    """The number each token belongs to, its '.' included: 'one . two .' -> [1, 1, 2, 2]; 0 for words that make no
    number (cut off by the start of the text). The words after the last '.' count if they make a number."""
    out, words = [], []
    for token in tokens:
        words.append(token)
        if token == '.':
            out += [numbers_by_words().get(tuple(words[:-1]), 0)] * len(words)
            words = []
    return out + [numbers_by_words().get(tuple(words), 0)] * len(words)        # the text ends without a '.'


def fastai_cache_dir() -> Path:
    "Where `untar_data(URLs.HUMAN_NUMBERS)` would have put the dataset."
    return Path(os.environ.get('FASTAI_HOME', '~/.fastai')).expanduser() / 'data' / 'human_numbers'


@lru_cache(maxsize=1)
def human_numbers_lines() -> tuple[str, ...]:
    "The lines of train.txt then valid.txt, as the notebook reads them (In[3])."
    lines = tuple(number_to_words(n) + ' \n' for n in (*TRAIN_NUMBERS, *VALID_NUMBERS))
    cache = fastai_cache_dir()
    if (cache / 'train.txt').exists() and (cache / 'valid.txt').exists():
        cached = tuple((cache / 'train.txt').read_text().splitlines(keepends=True)
                       + (cache / 'valid.txt').read_text().splitlines(keepends=True))
        if cached != lines:
            raise ValueError(f"{cache} holds a HUMAN_NUMBERS that differs from fastai's; remove it to use ours")
    return lines


@dataclass(frozen=True)
class Corpus:
    "The whole text as tokens, its vocabulary (in first-appearance order) and the token ids."
    lines: int
    tokens: tuple[str, ...]
    vocab: tuple[str, ...]
    nums: torch.Tensor          # (len(tokens),) int64

    def encode(self, tokens) -> list[int]: return [self.vocab.index(t) for t in tokens]
    def decode(self, ids) -> list[str]: return [self.vocab[int(i)] for i in ids]


@lru_cache(maxsize=1)
def corpus() -> Corpus:
    "Tokenize and numericalize exactly as the notebook does (In[4] to In[7])."
    lines = human_numbers_lines()
    tokens = tuple(' . '.join(line.strip() for line in lines).split(' '))
    vocab = tuple(dict.fromkeys(tokens))            # unique, in order of first appearance
    word2idx = {w: i for i, w in enumerate(vocab)}
    nums = torch.tensor([word2idx[t] for t in tokens])
    return Corpus(len(lines), tokens, vocab, nums)


@lru_cache(maxsize=1)
def most_common_target() -> tuple[str, float]:
    """The baseline a model must beat: always predict the most common target of the 3-token validation split.
    It is 'thousand', 15.2% (the notebook found '.', 16.0%, because it validated on the training split)."""
    c = corpus()
    targets = split(three_token_seqs(c.nums)).valid[1]
    counts = torch.bincount(targets, minlength=len(c.vocab))
    return c.vocab[int(counts.argmax())], counts.max().item() / len(targets)


# The notebook's three dataset shapes. Each is a pair of stacked tensors (x, y), one row per item, so that a
# batch is one slice instead of 64 small tensors collated one by one.

def three_token_seqs(nums: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    "Three tokens and the one that follows, at every third position (In[9]): x (n, 3), y (n,)."
    starts = torch.arange(0, len(nums) - 4, 3)
    return nums[starts[:, None] + torch.arange(3)], nums[starts + 3]


def shifted_seqs(nums: torch.Tensor, sl: int) -> tuple[torch.Tensor, torch.Tensor]:
    "sl tokens and the same sl tokens shifted by one, back to back (In[21]): x and y (n, sl)."
    starts = torch.arange(0, len(nums) - sl - 1, sl)
    window = starts[:, None] + torch.arange(sl)
    return nums[window], nums[window + 1]


def group_chunks(x: torch.Tensor, y: torch.Tensor, bs: int) -> tuple[torch.Tensor, torch.Tensor]:
    """Reorder items so that row j of batch i+1 continues row j of batch i (In[18]).

    The text is cut into bs streams of m = n // bs items; batch i holds item i of every stream. A model that
    carries its hidden state from one batch to the next then reads each stream in order. Leftover items go.
    """
    m = len(x) // bs
    order = (torch.arange(m)[:, None] + m * torch.arange(bs)).flatten()   # i + m*j for i, then j
    return x[order], y[order]


@dataclass(frozen=True)
class Split:
    "Training and validation items of one dataset shape."
    train: tuple[torch.Tensor, torch.Tensor]
    valid: tuple[torch.Tensor, torch.Tensor]


def split(seqs: tuple[torch.Tensor, torch.Tensor], grouped_bs: int | None = None,
          train_share: float = TRAIN_SHARE) -> Split:
    "The notebook's 80/20 cut, in text order; grouped into bs streams for the stateful models."
    x, y = seqs
    n = int(len(x) * train_share)
    train, valid = (x[:n], y[:n]), (x[n:], y[n:])
    if grouped_bs: train, valid = group_chunks(*train, grouped_bs), group_chunks(*valid, grouped_bs)
    return Split(train, valid)


@cache
def validation_start(train_share: float = TRAIN_SHARE) -> int:
    """Where the validation part of the text begins: the cut of the 16-token sequences (the notebook's 80/20 falls
    inside 8084)."""
    starts = shifted_seqs(corpus().nums, SL)[0]
    return int(len(starts) * train_share) * SL


def dataset(shape: str, bs: int = BS, nums: torch.Tensor | None = None, train_share: float = TRAIN_SHARE) -> Split:
    """One of the notebook's dataset shapes, by name (a variant's `data`):
    'three': three tokens and the next one (In[10]); 'three in order': the same, grouped into bs streams (In[19]);
    'sequences': SL tokens and the same shifted by one, grouped (In[21]).
    nums: the text to cut, the corpus' by default; cutting torch.arange(len(text)) instead tells where in the text
    each item and each target comes from. train_share: the share of the items that trains, from the start of the text;
    the rest validates."""
    nums = corpus().nums if nums is None else nums
    if shape == 'three': return split(three_token_seqs(nums), train_share=train_share)
    if shape == 'three in order': return split(three_token_seqs(nums), grouped_bs=bs, train_share=train_share)
    if shape == 'sequences': return split(shifted_seqs(nums, SL), grouped_bs=bs, train_share=train_share)
    raise ValueError(f"unknown dataset shape {shape!r}")


@cache
def numbers_covered(shape: str, train_share: float = TRAIN_SHARE, bs: int = BS) -> tuple[range, range]:
    """The numbers of the count that the training part and the validation part of a dataset shape read, each from
    its first to its last (those two perhaps in part): the question a student asks of a share, "did it see 9000?".

    Grouping into bs streams drops the items that fill no whole stream, at the end of each part: 'sequences' cut
    at 0.8 trains on 1 to 8024 and validates on 8083 to 9950; 'three' on 1 to 8084 and 8084 to 9999."""
    c = corpus()
    where = dataset(shape, bs, torch.arange(len(c.nums)), train_share)    # the text positions each item reads, predicts
    number_at = numbers(c.tokens)

    def covered(x, y): return range(number_at[min(x.min(), y.min())], number_at[max(x.max(), y.max())] + 1)
    return covered(*where.train), covered(*where.valid)
