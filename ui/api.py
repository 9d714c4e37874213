"""The JSON API, for scripts: /next_token, /generate, /hidden_states, /units, /compare, /guesses, /error_analysis
and /train. Arguments are positional, in the order of each function's signature; an argument with a default may
be left out; bad input is a gr.Error whose message names the problem.

The API's calls run in a lane of their own (ui.serving.Lane): one at a time, in the turns the page's keystrokes
leave, each caller after its own earlier calls; a long new prefix is traced in steps, so that a script never holds
up a class. The answers are bounded: /hidden_states gives the last 100 tokens' states (up to 300 when asked).
"""
import asyncio
import functools
import inspect

import gradio as gr

from lm.explain import guesses as guesses_of
from lm.explorer import Explorer
from lm.inference import generate as generate_ids
from lm.inference import probabilities, ranked
from lm.live import BadArgument, Done, Epoch, Failed, Queued, Stopped, Trainer
from lm.units import PROPERTIES, Property
from ui.continuation import MAX_GENERATE
from ui.serving import InTurn, Lane

STATES_SHOWN, MAX_STATES_SHOWN = 100, 300      # tokens whose states /hidden_states answers with, by default and at most


def is_number(x): return isinstance(x, (int, float)) and not isinstance(x, bool)


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


def register(explorer: Explorer, trainer: Trainer, in_turn: InTurn):
    "Add the endpoints to the Blocks being built; their work takes the turns of `in_turn` that the page leaves."
    corpus, lane = explorer.corpus, Lane(in_turn)
    pause = functools.partial(in_turn.pause, later=True)

    def endpoint(needs=None):
        """fn(*args) as an endpoint that runs in the API's lane. needs: an analysis of the variant (its first
        argument) to wait for first, outside the lane, which it would hold up for seconds."""
        def register_endpoint(fn):
            async def call(*args):
                *args, request = args
                try:
                    if needs: await asyncio.to_thread(needs, explorer.model_id(args[0]), True)
                    return await lane.run(caller(request), fn, *args)
                except ValueError as e: raise gr.Error(str(e), print_exception=False) from None
            signature = inspect.signature(fn)          # gr.api reads the arguments and their types from it
            call.__signature__ = signature.replace(parameters=[*signature.parameters.values(), inspect.Parameter(
                'request', inspect.Parameter.POSITIONAL_OR_KEYWORD, default=None, annotation=gr.Request)])
            call.__name__, call.__doc__ = fn.__name__, fn.__doc__
            call.__annotations__ = fn.__annotations__ | {'request': gr.Request}
            gr.api(call, api_name=fn.__name__, concurrency_limit=None, queue=False)
            return fn
        return register_endpoint

    @endpoint()
    def next_token(variant: str, text: str) -> dict:
        "The probability of every token to come next after `text`, most likely first."
        model_id, tokens = explorer.model_id(variant), explorer.read(text).tokens
        t = explorer.trace(model_id, tokens, pause)
        return dict(variant=model_id, tokens=list(tokens),
                    next=[dict(token=w, prob=p) for w, p in ranked(probabilities(t.logits), corpus.vocab)])

    @endpoint()
    def generate(variant: str, text: str, n_tokens: int, temperature: float, top_k: int = 0) -> dict:
        """n_tokens tokens after `text`: the most likely each time if temperature is 0, else sampled at that
        temperature from the top_k most likely tokens (0: all of them; 1 is greedy)."""
        ck, tokens = explorer.checkpoint(variant), explorer.read(text).tokens
        if not (is_number(n_tokens) and n_tokens == int(n_tokens) and 1 <= n_tokens <= MAX_GENERATE):
            raise ValueError(f"n_tokens must be a whole number from 1 to {MAX_GENERATE}, not {n_tokens!r}")
        if not (is_number(temperature) and 0 <= temperature <= 5):
            raise ValueError(f"temperature must be a number from 0 (greedy) to 5, not {temperature!r}")
        if not (is_number(top_k) and top_k == int(top_k) and 0 <= top_k <= len(corpus.vocab)):
            raise ValueError(f"top_k must be a whole number from 0 (all tokens) to {len(corpus.vocab)}, not {top_k!r}")
        new = corpus.decode(generate_ids(ck.model, ck.variant, corpus.encode(tokens), int(n_tokens),
                                         float(temperature), int(top_k), pause=pause))
        return dict(tokens=new, text=' '.join(new))

    @endpoint()
    def hidden_states(variant: str, text: str, last: int = STATES_SHOWN) -> dict:
        """Every layer's states after each of the last `last` tokens the model read (1 to 300; 100 if left out): h,
        and for the LSTMs c and the four gates too, rounded to 4 decimals."""
        if not (is_number(last) and last == int(last) and 1 <= last <= MAX_STATES_SHOWN):
            raise ValueError(f"last must be a whole number of tokens from 1 to {MAX_STATES_SHOWN}, not {last!r}")
        model_id, tokens = explorer.model_id(variant), explorer.read(text).tokens
        t = explorer.trace(model_id, tokens, pause)
        layers = []
        for s in t.states:               # a layer at a time, letting the page's waiting events go first between them
            pause()
            layers.append(dict(name=s.name, values=s.values[-int(last):].double().round(decimals=4).tolist()))
        return dict(tokens=corpus.decode(t.ids[-int(last):]), layers=layers)

    @endpoint(needs=explorer.analysis)
    def units(variant: str, property: Property) -> dict:
        """Every unit of every layer and quantity, ranked by how well its value tracks a property of the position over
        the validation text: the ROC AUC of the value as a detector (1: higher exactly where it holds, 0: lower)."""
        model_id = explorer.model_id(variant)
        if property not in PROPERTIES:
            raise ValueError(f"unknown property {property!r}; choose one of {', '.join(PROPERTIES)}")
        analysis = explorer.analysis(model_id, wait=True)
        ranked_units = analysis.ranked(property)
        return dict(variant=model_id, property=property, description=PROPERTIES[property],
                    layers=[dict(layer=layer, quantity=quantity,
                                 units=[dict(unit=s.unit, auc=round(s.auc, 4), fires=s.fires) for s in ranked_units
                                        if (s.layer, s.quantity) == (layer, quantity)])
                            for layer, quantity in analysis.scores])

    @endpoint()
    def compare(text: str) -> dict:
        """Every variant after `text`: its three most likely next tokens, and, when the text is true counting, the
        true next token with the probability each variant gives it. A variant that cannot read the text says why."""
        tokens = explorer.read(text).tokens
        if not tokens: raise ValueError("the prefix is empty: type some counting, such as 'one . two .'")
        true_next, rows = explorer.compare(tokens, pause=pause)
        for row in rows:
            if 'problem' in row: row['problem'] = str(row['problem'])
            else: row['top'] = [dict(token=t, prob=p) for t, p in row['top']]
        return dict(tokens=list(tokens), true_next=true_next, variants=rows)

    @endpoint()
    def guesses(variant: str, text: str) -> dict:
        "For each token of `text` the variant predicted, the token and its three best guesses there before seeing it."
        ck, tokens = explorer.checkpoint(variant), explorer.read(text).tokens
        found = guesses_of(ck.model, ck.variant, corpus.encode(tokens), explorer.text_states(variant, tokens, pause))
        return dict(variant=explorer.model_id(variant), tokens=list(tokens), right=sum(g.right for g in found),
                    predicted=len(found),
                    positions=[dict(position=g.position, token=corpus.vocab[g.token], right=g.right,
                                    guesses=[dict(token=corpus.vocab[i], prob=p) for i, p in g.top]) for g in found])

    @endpoint(needs=explorer.failures)
    def error_analysis(variant: str) -> dict:
        """Where a variant fails on the whole validation set (the batches training measured): its accuracy, and per
        kind of position the count, the accuracy and the most frequent confusions."""
        model_id = explorer.model_id(variant)
        f = explorer.failures(model_id, wait=True)
        return dict(variant=model_id, accuracy=f.accuracy, count=f.count, correct=f.correct,
                    kinds=[dict(kind=k.kind, count=k.count, accuracy=k.accuracy,
                                confusions=[dict(target=t, predicted=p, count=n) for t, p, n in k.confusions])
                           for k in f.kinds],
                    nine_thousand=dict(zip(('count', 'wrong'), f.nine_thousand)),
                    thousand_after_nine=dict(zip(('count', 'wrong'), f.thousand_after_nine)))

    def train(variant: str, epochs: int | None = None, lr: float | None = None, seed: int = 0,
              n_hidden: int | None = None, train_share: float = 0.8) -> dict:
        """Train a variant with the page's training (None: its notebook recipe and size), one training at a time on
        the server. Streams {'queued': place} while it waits, then one update per epoch (epoch, train_loss,
        valid_loss, accuracy, seconds), and ends with the final metrics: {'end': 'done' or 'stopped', 'reason',
        'epochs', 'valid_loss', 'accuracy', 'seconds'}. Closing the connection stops the training."""
        try: run = trainer.submit(variant, epochs, lr, seed, n_hidden, train_share)
        except BadArgument as e: raise gr.Error(str(e), print_exception=False) from None
        ended = False
        try:
            for update in run.updates():
                ended = isinstance(update, (Done, Stopped, Failed))
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

    # a generator streams: queued, with no limit of its own, as lm.live queues the trainings one at a time
    gr.api(train, api_name='train', concurrency_limit=None, queue=True)
