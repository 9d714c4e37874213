"""What the page and the JSON API ask of the trained models, over one folder of checkpoints.

An Explorer loads every variant's checkpoint (a missing or broken one is set aside with the reason, and the
others work), reads what people type, and traces a variant over a prefix. Traces are cached by (variant,
tokens): a class often types the same examples, and a control that only re-colours a view needs no model run. A
new prefix goes on from the cached trace it shares the most tokens with, as a student's keystroke changes only
the last few.
What takes seconds, a checkpoint's analyses over the whole validation text, runs once, in one background
thread, and is None until it is ready. Nothing here knows about Gradio: one Explorer serves every user at once.
A model trained in the page joins `Explorer.trained` under an id of its own ('LMModel7-mine-3fa2b1'), explorable
like the shipped ones by whoever holds the id, until it goes (see `TrainedModels`).
"""
import secrets
import shutil
import tempfile
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
from lm.live import Result
from lm.models import N_HIDDEN, VARIANTS, variant
from lm.prefix import Prefix, Problem, parse
from lm.units import Analysis, analyse

RANGE_TOKENS = 1200            # how much validation text sets the colour range of an unbounded quantity
TRACES = 512                   # traces kept...
TRACE_TOKENS = 40_000          # ...holding at most this many tokens in all (about 120 MB of LMModel8's states)
STEP = 64                      # tokens traced in one turn, when a long prefix is new
NEIGHBOURS = 64                # recent traces searched for the longest shared beginning
KEPT_MODELS = 8                # models trained in the page that the server keeps at once; the oldest go first


class TrainedModels:
    """The models trained in the page, each under an id that names its variant and is hard to guess, with what its
    run learnt (lm.live.Result) and the session that trained it. A session keeps its latest model only, and the
    server `kept` in all: a page closed without an unload (a phone's tab, a crash) keeps its model, so the oldest
    go first. A model that goes takes the files written for its download with it, and `gone(model_id)` is told."""
    def __init__(self, gone=None, kept: int = KEPT_MODELS):
        self.kept, self._gone = kept, gone
        self._results: OrderedDict[str, Result] = OrderedDict()     # model id -> what its run learnt, oldest first
        self._latest: dict[str, str] = {}                            # session -> the model id it trained last
        self._lock = Lock()
        self._folder: tempfile.TemporaryDirectory | None = None      # the downloads' files, made at the first

    def __contains__(self, model_id) -> bool: return model_id in self._results

    def get(self, model_id) -> Result | None: return self._results.get(model_id)

    def add(self, result: Result, session: str) -> str:
        "A session's new model, in place of the one it trained before: its id."
        model_id = f'{result.checkpoint.variant.id}-mine-{secrets.token_hex(3)}'
        with self._lock:
            before, self._latest[session] = self._latest.get(session), model_id
            self._results[model_id] = result
            gone = self._remove([before, *list(self._results)[:-self.kept]])
        self._clean_up(gone)
        return model_id

    def forget(self, session: str):
        "The session's page closed: its model goes."
        with self._lock: gone = self._remove([self._latest.pop(session, None)])
        self._clean_up(gone)

    def files(self, model_id) -> list[str] | None:
        "The two checkpoint files of a model trained here, as train.py writes them (never in checkpoints/)."
        with self._lock:                    # written anew at each download, and never after the model has gone
            result = self._results.get(model_id)
            if result is None: return None
            if self._folder is None: self._folder = tempfile.TemporaryDirectory(prefix='lm-trained-')
            folder = Path(self._folder.name) / model_id
            folder.mkdir(exist_ok=True)
            return [str(path) for path in result.save(folder)]

    def _remove(self, model_ids: list) -> list[str]:
        "Held: take the models out; the ids of those that were in."
        gone = [m for m in dict.fromkeys(model_ids) if self._results.pop(m, None) is not None]
        for session in [s for s, m in self._latest.items() if m in gone]: del self._latest[session]
        return gone

    def _clean_up(self, gone: list[str]):
        for model_id in gone:
            if self._folder: shutil.rmtree(Path(self._folder.name) / model_id, ignore_errors=True)
            if self._gone: self._gone(model_id)


class Explorer:
    def __init__(self, directory: Path = checkpoints.CHECKPOINT_DIR):
        self.directory, self.corpus = Path(directory), corpus()
        self.checkpoints: dict[str, Checkpoint] = {}
        self.unavailable: dict[str, str] = {}            # variant id -> why it cannot be used
        self.trained = TrainedModels(gone=self._forget)   # models trained in the page, by their own id
        for variant_id in VARIANTS:
            try: self.checkpoints[variant_id] = checkpoints.load(variant_id, directory)
            except CheckpointError as e: self.unavailable[variant_id] = str(e)
        self._traces: OrderedDict[tuple, Trace] = OrderedDict()        # (model id, tokens) -> trace, most recent last
        self._trace_tokens = 0                                          # the tokens of every trace kept
        self._ranges_of: dict[str, dict] = {}
        self._pending: dict[tuple[str, str], Future] = {}      # (what, model id) -> its computation
        self._worker, self._lock = ThreadPoolExecutor(1, thread_name_prefix='analyses'), Lock()
        self._ranges_lock = Lock()               # apart: computing a range runs a model over validation text

    def analyse_all(self, first: str = 'LMModel7'):
        "Start every checkpoint's analyses in the background, `first` first."
        for variant_id in sorted(self.checkpoints, key=lambda v: v != first):
            self.analysis(variant_id)
            self.failures(variant_id)

    def analysis(self, model_id: str, wait: bool = False) -> Analysis | None:
        "What the units of a checkpoint do over the validation text (lm.units); None while it is being computed."
        return self._later('units', model_id, self._analyse, wait)

    def failures(self, model_id: str, wait: bool = False) -> Failures | None:
        "Where a checkpoint fails on the validation set (lm.failures); None while it is being computed."
        def compute(model_id):
            ck = self.checkpoint(model_id)
            return failures(ck.model, ck.variant, ck.recipe.train_share)
        return self._later('failures', model_id, compute, wait)

    def compare(self, tokens, also: tuple[str, ...] = (), pause=None) -> tuple[str | None, list[dict]]:
        """Every variant on one prefix (and the trained models `also` names): its top tokens and the probability it
        gives to the true next token, when the prefix is counting and so the true next token is known. A variant
        that cannot read it says why. pause: as for trace, and between two variants."""
        expected = counting_continuation(list(tokens), 1)
        true_next = expected[0] if expected else None
        rows = []
        for model_id in (*VARIANTS, *also):
            if pause: pause()
            try: probs = probabilities(self.trace(self.model_id(model_id), tuple(tokens), pause).logits)
            except ValueError as e:                         # a variant that cannot read it: say why
                rows.append(dict(variant=model_id, problem=e))
                continue
            top = probs.topk(3)
            row = dict(variant=model_id,
                       top=[(self.corpus.vocab[i], float(p)) for i, p in zip(top.indices, top.values)])
            if true_next:
                row['true_prob'] = float(probs[self.corpus.vocab.index(true_next)])
                row['right'] = row['top'][0][0] == true_next
            rows.append(row)
        return true_next, rows

    def _later(self, what: str, model_id: str, compute, wait: bool):
        with self._lock:
            key = (what, self.model_id(model_id))
            if key not in self._pending: self._pending[key] = self._worker.submit(compute, key[1])
            future = self._pending[key]
        return future.result() if wait or future.done() else None

    def _analyse(self, model_id: str) -> Analysis:
        ck = self.checkpoint(model_id)
        start = validation_start(ck.recipe.train_share)
        return analyse(ck.model, ck.variant, self.corpus.nums[start:].tolist(), list(self.corpus.tokens[start:]))

    def _forget(self, model_id: str):
        "A model trained in the page has gone: its traces and analyses go with it."
        with self._lock:
            self._ranges_of.pop(model_id, None)
            for key in [k for k in self._traces if k[0] == model_id]:
                del self._traces[key]
                self._trace_tokens -= len(key[1])
            for key in [k for k in self._pending if k[1] == model_id]: del self._pending[key]

    def loaded(self, model_id) -> Checkpoint | None:
        "The checkpoint of a shipped variant (by its exact id) or of a model trained in the page; None if none."
        result = self.trained.get(model_id)
        return self.checkpoints.get(model_id) if result is None else result.checkpoint

    def model_id(self, name) -> str:
        "The id of a model: a trained one's as it is, a variant's as the variant spells it ('lmmodel7' -> 'LMModel7')."
        return name if name in self.trained else self.checkpoint(name).variant.id

    def checkpoint(self, name) -> Checkpoint:
        "The checkpoint of a variant named in any case, or of a trained model; ValueError says why there is none."
        if not isinstance(name, str): raise Problem('not_variant')
        result = self.trained.get(name)
        if result is not None: return result.checkpoint
        try: v = variant(name)
        except KeyError: raise Problem('unknown_model', name=name, choices=', '.join(VARIANTS)) from None
        if v.id in self.unavailable: raise Problem('unavailable', variant=v.id, reason=self.unavailable[v.id])
        return self.checkpoints[v.id]

    def read(self, text, typing: bool = False) -> Prefix:
        if not isinstance(text, str): raise Problem('not_text')
        return parse(text, self.corpus.vocab, typing=typing)

    def trace(self, model_id: str, tokens: tuple[str, ...], pause=None) -> Trace:
        """A variant's trace over tokens: from the cache, or going on from the cached trace that shares most of them.
        pause: called between steps of STEP tokens, where many tokens are new (a long prefix pasted), so that a
        caller who holds a turn can let others go first (ui.serving.InTurn.pause)."""
        key = (model_id, tokens)
        with self._lock:
            if key in self._traces:
                self._traces.move_to_end(key)
                return self._traces[key]
            recent = self._recent(model_id)
        before, keep = neighbour(tokens, recent)          # compared outside the lock: every keystroke needs it
        ck = self.checkpoint(model_id)
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

    def text_states(self, model_id: str, tokens: tuple[str, ...], pause=None) -> list:
        """lm.inference.text_states of a variant over tokens: a model that carries its state has them in its
        (cached) trace; one that reads the last n tokens reads each window anew."""
        ck = self.checkpoint(model_id)
        if ck.variant.reads_last is None: return self.trace(self.model_id(model_id), tokens, pause).states
        return text_states(ck.model, ck.variant, self.corpus.encode(tokens))

    def layout(self, model_id: str) -> tuple[int, tuple[str, ...], int]:
        """A model's layers, the quantities each has and its units, for the controls that choose among them; one
        layer of 64 h for a model that is not loaded."""
        ck = self.loaded(model_id)
        if ck is None: return 1, ('h',), N_HIDDEN
        return *layout(ck.model, ck.variant), ck.model.i_h.weight.shape[1]

    def _recent(self, model_id: str) -> list[tuple[tuple[str, ...], Trace]]:
        "A variant's most recent traces, newest first, if it carries its state (a trace can then go on from them)."
        if self.checkpoint(model_id).variant.reads_last is not None: return []
        mine = ((tokens, t) for (other_id, tokens), t in zip(reversed(self._traces), reversed(self._traces.values()))
                if other_id == model_id)
        return list(islice(mine, NEIGHBOURS))

    def ranges(self, model_id: str) -> dict[str, tuple[float, float]]:
        """The colour range of each quantity of a variant: fixed where the maths bounds it, else typical of
        its values over validation text. Fixed per checkpoint, so that two prefixes compare by eye."""
        if model_id not in self._ranges_of:
            with self._ranges_lock:              # once, even when a whole class asks at the same moment
                if model_id not in self._ranges_of: self._ranges_of[model_id] = self._ranges(model_id)
        return self._ranges_of[model_id]

    def _ranges(self, model_id: str) -> dict[str, tuple[float, float]]:
        ck = self.checkpoint(model_id)
        start = validation_start(ck.recipe.train_share)
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

