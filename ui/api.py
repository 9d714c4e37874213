"""The JSON API, for scripts: /next_token, /generate, /hidden_states, /units, /compare, /guesses, /error_analysis
and /train. Arguments are positional, in the order of each function's signature; an argument with a default may
be left out; bad input is a gr.Error whose message names the problem.

Each endpoint is a method of `Endpoints`, which a test can call as it is; `register` adds them to the page. The API's
calls run in a lane of their own (ui.serving.Lane): one at a time, in the turns the page's keystrokes leave, each
caller after its own earlier calls; a long new prefix is traced in steps, so that a script never holds up a class.
The answers are bounded: /hidden_states gives the last 100 tokens' states (up to 300 when asked).
"""
import asyncio
import functools
import inspect

import gradio as gr

from lm.data import TRAIN_SHARE
from lm.explain import guesses as guesses_of
from lm.explorer import Explorer
from lm.inference import generate as generate_ids
from lm.inference import probabilities, ranked
from lm.live import ENDS, BadArgument, Epoch, Failed, Queued, Trainer, asked, is_number, is_whole
from lm.units import PROPERTIES, Property
from ui.continuation import MAX_GENERATE
from ui.serving import InTurn, Lane

STATES_SHOWN, MAX_STATES_SHOWN = 100, 300      # tokens whose states /hidden_states answers with, by default and at most


def caller(request: gr.Request | None) -> str:
    "Who calls: the client's address, or the first one a proxy forwarded (a Space is behind one)."
    if request is None: return ''
    forwarded = request.headers.get('x-forwarded-for', '')
    return forwarded.split(',')[0].strip() or (request.client.host if request.client else '')


class Blocks(gr.Blocks):
    """gr.Blocks whose API endpoints take their defaults: a call that leaves out an argument with a default gets
    it, and one that leaves out a required argument is told its name (Gradio would answer an unnamed error)."""
    def validate_inputs(self, block_fn, inputs: list):
        if block_fn.api_name and len(inputs) < len(block_fn.inputs) and block_fn.fn is not None:
            parameters = [p for p in inspect.signature(block_fn.fn).parameters.values()
                          if p.annotation is not gr.Request][:len(block_fn.inputs)]
            missing = [p.name for p in parameters[len(inputs):] if p.default is inspect.Parameter.empty]
            if missing:
                raise gr.Error(f"/{block_fn.api_name} needs {' and '.join(missing)}: its arguments are "
                               f"{', '.join(p.name for p in parameters)}, in this order", print_exception=False)
            inputs.extend(p.default for p in parameters[len(inputs):])
        super().validate_inputs(block_fn, inputs)


class Endpoints:
    """The API's endpoints over one explorer and trainer; gr.api reads each one's arguments, types and docstring.
    pause: called between the steps of long work, to let the page's waiting events go first (ui.serving.InTurn)."""
    def __init__(self, explorer: Explorer, trainer: Trainer, pause):
        self.explorer, self.trainer, self.pause, self.corpus = explorer, trainer, pause, explorer.corpus

    def next_token(self, variant: str, text: str) -> dict:
        "The probability of every token to come next after `text`, most likely first."
        explorer = self.explorer
        model_id, tokens = explorer.model_id(variant), explorer.read(text).tokens
        t = explorer.trace(model_id, tokens, self.pause)
        return dict(variant=model_id, tokens=list(tokens),
                    next=[dict(token=w, prob=p) for w, p in ranked(probabilities(t.logits), self.corpus.vocab)])

    def generate(self, variant: str, text: str, n_tokens: int, temperature: float, top_k: int = 0) -> dict:
        """n_tokens tokens after `text`: the most likely each time if temperature is 0, else sampled at that
        temperature from the top_k most likely tokens (0: all of them; 1 is greedy)."""
        corpus = self.corpus
        ck, tokens = self.explorer.checkpoint(variant), self.explorer.read(text).tokens
        if not is_whole(n_tokens, range(1, MAX_GENERATE + 1)):
            raise ValueError(f"n_tokens must be a whole number from 1 to {MAX_GENERATE}, not {n_tokens!r}")
        if not (is_number(temperature) and 0 <= temperature <= 5):
            raise ValueError(f"temperature must be a number from 0 (greedy) to 5, not {temperature!r}")
        if not is_whole(top_k, range(len(corpus.vocab) + 1)):
            raise ValueError(f"top_k must be a whole number from 0 (all tokens) to {len(corpus.vocab)}, not {top_k!r}")
        new = corpus.decode(generate_ids(ck.model, ck.variant, corpus.encode(tokens), int(n_tokens),
                                         float(temperature), int(top_k), pause=self.pause))
        return dict(tokens=new, text=' '.join(new))

    def hidden_states(self, variant: str, text: str, last: int = STATES_SHOWN) -> dict:
        """Every layer's states after each of the last `last` tokens the model read (1 to 300; 100 if left out): h,
        and for the LSTMs c and the four gates too, rounded to 4 decimals."""
        if not is_whole(last, range(1, MAX_STATES_SHOWN + 1)):
            raise ValueError(f"last must be a whole number of tokens from 1 to {MAX_STATES_SHOWN}, not {last!r}")
        explorer = self.explorer
        model_id, tokens = explorer.model_id(variant), explorer.read(text).tokens
        t = explorer.trace(model_id, tokens, self.pause)
        layers = []
        for s in t.states:               # a layer at a time, letting the page's waiting events go first between them
            self.pause()
            layers.append(dict(name=s.name, values=s.values[-int(last):].double().round(decimals=4).tolist()))
        return dict(tokens=self.corpus.decode(t.ids[-int(last):]), layers=layers)

    def units(self, variant: str, property: Property) -> dict:
        """Every unit of every layer and quantity, ranked by how well its value tracks a property of the position over
        the validation text: the ROC AUC of the value as a detector (1: higher exactly where it holds, 0: lower)."""
        model_id = self.explorer.model_id(variant)
        if property not in PROPERTIES:
            raise ValueError(f"unknown property {property!r}; choose one of {', '.join(PROPERTIES)}")
        analysis = self.explorer.analysis(model_id, wait=True)
        ranked_units = analysis.ranked(property)
        return dict(variant=model_id, property=property, description=PROPERTIES[property],
                    layers=[dict(layer=layer, quantity=quantity,
                                 units=[dict(unit=s.unit, auc=round(s.auc, 4), fires=s.fires) for s in ranked_units
                                        if (s.layer, s.quantity) == (layer, quantity)])
                            for layer, quantity in analysis.scores])

    def compare(self, text: str) -> dict:
        """Every variant after `text`: its three most likely next tokens, and, when the text is true counting, the
        true next token with the probability each variant gives it. A variant that cannot read the text says why."""
        tokens = self.explorer.read(text).tokens
        if not tokens: raise ValueError("the prefix is empty: type some counting, such as 'one . two .'")
        true_next, rows = self.explorer.compare(tokens, pause=self.pause)
        for row in rows:
            if 'problem' in row: row['problem'] = str(row['problem'])
            else: row['top'] = [dict(token=t, prob=p) for t, p in row['top']]
        return dict(tokens=list(tokens), true_next=true_next, variants=rows)

    def guesses(self, variant: str, text: str) -> dict:
        "For each token of `text` the variant predicted, the token and its three best guesses there before seeing it."
        explorer, vocab = self.explorer, self.corpus.vocab
        ck, tokens = explorer.checkpoint(variant), explorer.read(text).tokens
        found = guesses_of(ck.model, ck.variant, self.corpus.encode(tokens),
                           explorer.text_states(variant, tokens, self.pause))
        return dict(variant=explorer.model_id(variant), tokens=list(tokens), right=sum(g.right for g in found),
                    predicted=len(found),
                    positions=[dict(position=g.position, token=vocab[g.token], right=g.right,
                                    guesses=[dict(token=vocab[i], prob=p) for i, p in g.top]) for g in found])

    def error_analysis(self, variant: str) -> dict:
        """Where a variant fails on the whole validation set (the batches training measured): its accuracy, and per
        kind of position the count, the accuracy and the most frequent confusions."""
        model_id = self.explorer.model_id(variant)
        f = self.explorer.failures(model_id, wait=True)
        return dict(variant=model_id, accuracy=f.accuracy, count=f.count, correct=f.correct,
                    kinds=[dict(kind=k.kind, count=k.count, accuracy=k.accuracy,
                                confusions=[dict(target=t, predicted=p, count=n) for t, p, n in k.confusions])
                           for k in f.kinds],
                    nine_thousand=dict(zip(('count', 'wrong'), f.nine_thousand)),
                    thousand_after_nine=dict(zip(('count', 'wrong'), f.thousand_after_nine)))

    def train(self, variant: str, epochs: int | None = None, lr: float | None = None, seed: int = 0,
              n_hidden: int | None = None, train_share: float = TRAIN_SHARE) -> dict:
        """Train a variant with the page's training (None: its notebook recipe and size), one training at a time on
        the server. Streams {'queued': place} while it waits, then one update per epoch (epoch, train_loss,
        valid_loss, accuracy, seconds), and ends with the final metrics: {'end': 'done' or 'stopped', 'reason',
        'epochs', 'valid_loss', 'accuracy', 'seconds'}. Closing the connection stops the training."""
        try: run = self.trainer.submit(*asked(variant, epochs, lr, seed, n_hidden, train_share))
        except BadArgument as e: raise gr.Error(str(e), print_exception=False) from None
        ended = False
        try:
            for update in run.updates():
                ended = isinstance(update, ENDS)
                if isinstance(update, Queued): yield dict(queued=update.position)
                elif isinstance(update, Epoch): yield dict(epoch=update.epoch, train_loss=update.train_loss,
                                                           valid_loss=update.valid_loss, accuracy=update.accuracy,
                                                           seconds=update.seconds)
                elif isinstance(update, Failed): raise gr.Error(f"the training failed: {update.message}",
                                                                print_exception=False)
                elif ended: yield dict(end=update.kind, reason=getattr(update, 'reason', None), epochs=update.epochs,
                                       valid_loss=update.valid_loss, accuracy=update.accuracy, seconds=update.seconds)
        finally:
            if not ended: run.stop()


def in_lane(fn, lane: Lane, needs=None):
    """fn(*args) as an endpoint that runs in the API's lane, with fn's signature (and a gr.Request) for gr.api.
    needs(variant, wait): an analysis of the variant (fn's first argument) to wait for first, outside the lane,
    which it would hold up for seconds."""
    async def call(*args):
        *args, request = args
        try:
            if needs: await asyncio.to_thread(needs, args[0], True)
            return await lane.run(caller(request), fn, *args)
        except ValueError as e: raise gr.Error(str(e), print_exception=False) from None
    signature = inspect.signature(fn)
    call.__signature__ = signature.replace(parameters=[*signature.parameters.values(), inspect.Parameter(
        'request', inspect.Parameter.POSITIONAL_OR_KEYWORD, default=None, annotation=gr.Request)])
    call.__name__, call.__doc__ = fn.__name__, fn.__doc__
    call.__annotations__ = fn.__annotations__ | {'request': gr.Request}
    return call


def register(explorer: Explorer, trainer: Trainer, in_turn: InTurn):
    "Add the endpoints to the Blocks being built; their work takes the turns of `in_turn` that the page leaves."
    api, lane = Endpoints(explorer, trainer, functools.partial(in_turn.pause, later=True)), Lane(in_turn)
    for fn, needs in ((api.next_token, None), (api.generate, None), (api.hidden_states, None),
                      (api.units, explorer.analysis), (api.compare, None), (api.guesses, None),
                      (api.error_analysis, explorer.failures)):
        gr.api(in_lane(fn, lane, needs), api_name=fn.__name__, concurrency_limit=None, queue=False)
    # a generator streams: queued, with no limit of its own, as lm.live queues the trainings one at a time
    gr.api(api.train, api_name='train', concurrency_limit=None, queue=True)
