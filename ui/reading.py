"""What a keystroke reads: the text in the prefix box, as tokens for the chosen variant, and its trace.

Every view renders from a Reading. When the text cannot be read (a mistake, a word being edited in the middle,
an unavailable model), `problem` says why and the views keep the last figures, which the page marks as stale.
"""
from dataclasses import dataclass

from lm.explorer import Explorer
from lm.inference import Trace
from lm.prefix import MAX_TOKENS


@dataclass(frozen=True)
class Reading:
    model_id: str
    text: str
    tokens: tuple[str, ...] = ()          # the complete tokens read
    partial: str = ''                     # a word or number being typed at the end, set aside
    completions: tuple[str, ...] = ()
    trace: Trace | None = None            # None when there are no tokens, or a problem
    problem: ValueError | None = None

    @property
    def ok(self) -> bool: return self.problem is None


def read(explorer: Explorer, model_id: str, text: str, pause=None) -> Reading:
    "pause: called between the steps of a long new trace (Explorer.trace), to let others go first."
    try:
        model_id, prefix = explorer.model_id(model_id), explorer.read(text, typing=True)
        t = explorer.trace(model_id, prefix.tokens, pause) if prefix.tokens else None
    except ValueError as e:
        return Reading(model_id, text, problem=e)
    return Reading(model_id, text, prefix.tokens, prefix.partial, prefix.completions, t)


def figures_shown(explorer: Explorer, shown) -> tuple[str, tuple[str, ...]]:
    """The model and the tokens the figures on screen belong to, as the page holds them ([model, tokens]): the page's
    browser draws them and sends them back, so they are checked as anything a caller sends. No tokens before the
    first drawing, for a model now gone, or for anything that is not a model and at most MAX_TOKENS of its words."""
    try: model_id, tokens = shown
    except (TypeError, ValueError): return '', ()
    known = set(explorer.corpus.vocab)
    if not isinstance(model_id, str) or not explorer.loaded(model_id) or not isinstance(tokens, (list, tuple)) or \
            len(tokens) > MAX_TOKENS or not all(isinstance(t, str) and t in known for t in tokens):
        return (model_id if isinstance(model_id, str) else ''), ()
    return model_id, tuple(tokens)
