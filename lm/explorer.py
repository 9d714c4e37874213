"""What the page and the JSON API ask of the trained models, over one folder of checkpoints.

An Explorer loads every variant's checkpoint (a missing or broken one is set aside with the reason, and the
others work), reads what people type, and traces a variant over a prefix. Traces are cached by (variant,
tokens): a class often types the same examples, and a control that only re-colours a view needs no model run. A
new prefix goes on from the cached trace it shares the most tokens with, as a student's keystroke changes only
the last few.
What takes seconds, a checkpoint's analyses over the whole validation text, runs once, in one background
thread, and is None until it is ready. Nothing here knows about Gradio or keeps anyone's state: one Explorer
serves every user at once.
A model trained in the page joins under an id of its own ('LMModel7-mine-3fa2b1', see `add_trained`), explorable
like the shipped ones by whoever holds the id, until `remove`.
"""
import secrets
from collections import OrderedDict
from concurrent.futures import Future, ThreadPoolExecutor
from itertools import islice
from pathlib import Path
from threading import Lock

import torch

from lm import checkpoints
from lm.checkpoints import Checkpoint, CheckpointError
from lm.data import corpus, validation_start
from lm.failures import Failures, failures
from lm.inference import (
    Trace,
    counting_continuation,
    extend,
    extend_states,
    fixed_range,
    layout,
    probabilities,
    text_states,
    trace,
    typical_range,
)
from lm.models import VARIANTS, variant
from lm.prefix import Prefix, Problem, parse
from lm.units import Analysis, analyse

RANGE_TOKENS = 1200            # how much validation text sets the colour range of an unbounded quantity
TRACES = 512                   # traces kept...
TRACE_TOKENS = 40_000          # ...holding at most this many tokens in all (about 120 MB of LMModel8's states)
STEP = 64                      # tokens traced in one turn, when a long prefix is new
NEIGHBOURS = 64                # recent traces searched for the longest shared beginning


class Explorer:
    def __init__(self, directory: Path = checkpoints.CHECKPOINT_DIR):
        self.directory, self.corpus = Path(directory), corpus()
        self.checkpoints: dict[str, Checkpoint] = {}
        self.unavailable: dict[str, str] = {}            # variant id -> why it cannot be used
        self.trained: dict[str, Checkpoint] = {}          # models trained in the page, by their own id
        for variant_id in VARIANTS:
            try: self.checkpoints[variant_id] = checkpoints.load(variant_id, directory)
            except CheckpointError as e: self.unavailable[variant_id] = str(e)
        self._traces: OrderedDict[tuple, Trace] = OrderedDict()        # (variant id, tokens) -> trace, most recent last
        self._trace_tokens = 0                                          # the tokens of every trace kept
        self._ranges_of: dict[str, dict] = {}
        self._pending: dict[tuple[str, str], Future] = {}      # (what, variant id) -> its computation
        self._worker, self._lock = ThreadPoolExecutor(1, thread_name_prefix='analyses'), Lock()
        self._ranges_lock = Lock()               # apart: computing a range runs a model over validation text

    def analyse_all(self, first: str = 'LMModel7'):
        "Start every checkpoint's analyses in the background, `first` first."
        for variant_id in sorted(self.checkpoints, key=lambda v: v != first):
            self.analysis(variant_id)
            self.failures(variant_id)

    def analysis(self, variant_id: str, wait: bool = False) -> Analysis | None:
        "What the units of a checkpoint do over the validation text (lm.units); None while it is being computed."
        return self._later('units', variant_id, self._analyse, wait)

    def failures(self, variant_id: str, wait: bool = False) -> Failures | None:
        "Where a checkpoint fails on the validation set (lm.failures); None while it is being computed."
        def compute(model_id):
            ck = self.checkpoint(model_id)
            return failures(ck.model, ck.variant, train_share(ck))
        return self._later('failures', variant_id, compute, wait)

    def compare(self, tokens, also: tuple[str, ...] = (), pause=None) -> tuple[str | None, list[dict]]:
        """Every variant on one prefix (and the trained models `also` names): its top tokens and the probability it
        gives to the true next token, when the prefix is counting and so the true next token is known. A variant
        that cannot read it says why. pause: as for trace, and between two variants."""
        expected = counting_continuation(list(tokens), 1)
        true_next = expected[0] if expected else None
        rows = []
        for variant_id in (*VARIANTS, *also):
            if pause: pause()
            try: probs = probabilities(self.trace(self.model_id(variant_id), tuple(tokens), pause).logits)
            except ValueError as e:                         # a variant that cannot read it: say why
                rows.append(dict(variant=variant_id, problem=e))
                continue
            top = probs.topk(3)
            row = dict(variant=variant_id,
                       top=[(self.corpus.vocab[i], float(p)) for i, p in zip(top.indices, top.values)])
            if true_next:
                row['true_prob'] = float(probs[self.corpus.vocab.index(true_next)])
                row['right'] = row['top'][0][0] == true_next
            rows.append(row)
        return true_next, rows

    def _later(self, what: str, variant_id: str, compute, wait: bool):
        with self._lock:
            key = (what, self.model_id(variant_id))
            if key not in self._pending: self._pending[key] = self._worker.submit(compute, key[1])
            future = self._pending[key]
        return future.result() if wait or future.done() else None

    def _analyse(self, variant_id: str) -> Analysis:
        ck = self.checkpoint(variant_id)
        start = validation_start(train_share(ck))
        return analyse(ck.model, ck.variant, self.corpus.nums[start:].tolist(), list(self.corpus.tokens[start:]))

    def add_trained(self, ck: Checkpoint) -> str:
        "A model trained in the page: its new id, which names its variant and is hard to guess."
        model_id = f'{ck.variant.id}-mine-{secrets.token_hex(3)}'
        with self._lock: self.trained[model_id] = ck
        return model_id

    def remove(self, model_id: str):
        "Forget a model trained in the page, with its traces and analyses."
        with self._lock:
            self.trained.pop(model_id, None)
            self._ranges_of.pop(model_id, None)
            for key in [k for k in self._traces if k[0] == model_id]:
                del self._traces[key]
                self._trace_tokens -= len(key[1])
            for key in [k for k in self._pending if k[1] == model_id]: del self._pending[key]

    def loaded(self, model_id) -> Checkpoint | None:
        "The checkpoint of a shipped variant (by its exact id) or of a model trained in the page; None if none."
        return self.trained.get(model_id) or self.checkpoints.get(model_id)

    def model_id(self, name) -> str:
        "The id of a model: a trained one's as it is, a variant's as the variant spells it ('lmmodel7' -> 'LMModel7')."
        return name if name in self.trained else self.checkpoint(name).variant.id

    def checkpoint(self, variant_id) -> Checkpoint:
        "The checkpoint of a variant named in any case, or of a trained model; ValueError says why there is none."
        if not isinstance(variant_id, str): raise Problem('not_variant')
        if variant_id in self.trained: return self.trained[variant_id]
        try: v = variant(variant_id)
        except KeyError: raise Problem('unknown_model', name=variant_id, choices=', '.join(VARIANTS)) from None
        if v.id in self.unavailable: raise Problem('unavailable', variant=v.id, reason=self.unavailable[v.id])
        return self.checkpoints[v.id]

    def read(self, text, typing: bool = False) -> Prefix:
        if not isinstance(text, str): raise Problem('not_text')
        return parse(text, self.corpus.vocab, typing=typing)

    def trace(self, variant_id: str, tokens: tuple[str, ...], pause=None) -> Trace:
        """A variant's trace over tokens: from the cache, or going on from the cached trace that shares most of them.
        pause: called between steps of STEP tokens, where many tokens are new (a long prefix pasted), so that a
        caller who holds a turn can let others go first (ui.serving.InTurn.pause)."""
        key = (variant_id, tokens)
        with self._lock:
            if key in self._traces:
                self._traces.move_to_end(key)
                return self._traces[key]
            recent = self._recent(variant_id)
        before, keep = neighbour(tokens, recent)          # compared outside the lock: every keystroke needs it
        ck = self.checkpoint(variant_id)
        ids = self.corpus.encode(tokens)
        if ck.variant.reads_last is None and pause is not None:
            for end in range(keep + STEP, len(ids), STEP):          # the steps before the last, one turn each
                states = extend_states(ck.model, ck.variant, before.states, keep, ids[:end]) if before else \
                    trace(ck.model, ck.variant, ids[:end]).states
                before, keep = Trace(ids[:end], states, None), end
                pause()
        t = extend(ck.model, ck.variant, before, keep, ids) if before else trace(ck.model, ck.variant, ids)
        with self._lock:
            if key not in self._traces: self._trace_tokens += len(tokens)
            self._traces[key] = t
            while self._trace_tokens > TRACE_TOKENS or len(self._traces) > TRACES:
                (_, gone), _ = self._traces.popitem(last=False)
                self._trace_tokens -= len(gone)
        return t

    def text_states(self, variant_id: str, tokens: tuple[str, ...], pause=None) -> list:
        """lm.inference.text_states of a variant over tokens: a model that carries its state has them in its
        (cached) trace; one that reads the last n tokens reads each window anew."""
        ck = self.checkpoint(variant_id)
        if ck.variant.reads_last is None: return self.trace(self.model_id(variant_id), tokens, pause).states
        return text_states(ck.model, ck.variant, self.corpus.encode(tokens))

    def layout(self, variant_id: str) -> tuple[int, tuple[str, ...], int]:
        """A model's layers, the quantities each has and its units, for the controls that choose among them; one
        layer of 64 h for a model that is not loaded."""
        ck = self.loaded(variant_id)
        if ck is None: return 1, ('h',), 64
        return *layout(ck.model, ck.variant), ck.model.i_h.weight.shape[1]

    def _recent(self, variant_id: str) -> list[tuple[tuple[str, ...], Trace]]:
        "A variant's most recent traces, newest first, if it carries its state (a trace can then go on from them)."
        if self.checkpoint(variant_id).variant.reads_last is not None: return []
        mine = ((tokens, t) for (other_id, tokens), t in zip(reversed(self._traces), reversed(self._traces.values()))
                if other_id == variant_id)
        return list(islice(mine, NEIGHBOURS))

    def ranges(self, variant_id: str) -> dict[str, tuple[float, float]]:
        """The colour range of each quantity of a variant: fixed where the maths bounds it, else typical of
        its values over validation text. Fixed per checkpoint, so that two prefixes compare by eye."""
        if variant_id not in self._ranges_of:
            with self._ranges_lock:              # once, even when a whole class asks at the same moment
                if variant_id not in self._ranges_of: self._ranges_of[variant_id] = self._ranges(variant_id)
        return self._ranges_of[variant_id]

    def _ranges(self, variant_id: str) -> dict[str, tuple[float, float]]:
        ck = self.checkpoint(variant_id)
        start = validation_start(train_share(ck))
        sample, ranges = None, {}
        for quantity in layout(ck.model, ck.variant)[1]:
            ranges[quantity] = fixed_range(ck.variant, quantity)
            if ranges[quantity] is None:
                if sample is None:
                    sample = text_states(ck.model, ck.variant, self.corpus.nums[start:start + RANGE_TOKENS].tolist())
                values = torch.cat([s.values for s in sample if s.quantity == quantity])
                ranges[quantity] = typical_range(values, signed=quantity == 'c')
        return ranges


def neighbour(tokens: tuple[str, ...], recent: list[tuple[tuple[str, ...], Trace]]) -> tuple[Trace | None, int]:
    "Of recent (tokens, trace) pairs, the trace that shares the longest beginning with tokens, and how long it is."
    best, keep = None, 0
    for other, t in recent:
        shared = next((i for i, (a, b) in enumerate(zip(tokens, other)) if a != b), min(len(tokens), len(other)))
        if shared > keep: best, keep = t, shared
        if keep >= len(tokens) - 1: break
    return best, keep


def train_share(ck: Checkpoint) -> float:
    "The share of the text a checkpoint trained on (the notebook's 0.8, or what a training in the page chose)."
    return ck.meta['recipe'].get('train_share', 0.8)
