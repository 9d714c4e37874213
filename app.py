"""Human Numbers LM Explorer: pick one of the seven language models of the fastai book's chapter 12, type the
beginning of the count, and watch the next-token distribution and the hidden states change as you type.

    python app.py          # serves http://127.0.0.1:7860 (GRADIO_SERVER_NAME, GRADIO_SERVER_PORT to change)

A thin layer over `lm/`: the words around the figures, the layout and the wiring. Beside the page, a JSON API
for scripts: /next_token, /generate and /hidden_states (see the README).
"""
import functools
import html
import os

# MKL may round the last bit differently depending on where a tensor lies in memory, which differs from call to
# call when requests run at once; STRICT makes every answer bit for bit what it would be alone. Set before torch.
os.environ.setdefault('MKL_CBWR', 'AUTO,STRICT')

import gradio as gr
import torch

from lm import checkpoints, plots
from lm.checkpoints import CheckpointError
from lm.data import corpus, most_common_target
from lm.inference import (LSTM_QUANTITIES, counting_continuation, generate as generate_ids, layout,
                          next_token_logits, probabilities, ranked, trace)
from lm.models import VARIANTS, variant
from lm.prefix import MAX_CHARS, parse

torch.set_num_threads(1)       # many tiny requests at once: one thread each, not two fighting over every request
CORPUS = corpus()
BASELINE = most_common_target()
HEATMAP_TOKENS = 64            # the heatmaps show the last 64 tokens at most: wider is unreadable, and heavy
MAX_GENERATE = 500
EXAMPLES = ["one . two . three .", "seven thousand three hundred twelve . seven thousand three hundred thirteen .",
            "7997 . 7998 . 7999 .", "8998 . 8999 .", "1998, 1999, two thousand"]


def load_checkpoints(directory) -> tuple[dict, dict]:
    "Every variant's checkpoint; one that is missing or broken is set aside with the reason, the others work."
    loaded, unavailable = {}, {}
    for vid in VARIANTS:
        try: loaded[vid] = checkpoints.load(vid, directory)
        except CheckpointError as e: unavailable[vid] = str(e)
    return loaded, unavailable


CHECKPOINTS, UNAVAILABLE = load_checkpoints(os.environ.get('LM_CHECKPOINTS', checkpoints.CHECKPOINT_DIR))


def checkpoint(variant_id) -> checkpoints.Checkpoint:
    if not isinstance(variant_id, str): raise ValueError("the variant must be a name such as 'LMModel7'")
    try: vid = variant(variant_id).id
    except KeyError as e: raise ValueError(e.args[0]) from None
    if vid in UNAVAILABLE: raise ValueError(f"{vid} is unavailable: {UNAVAILABLE[vid]}")
    return CHECKPOINTS[vid]


def read(text, typing=False):
    if not isinstance(text, str): raise ValueError("the text must be a string, such as 'one . two .'")
    return parse(text, CORPUS.vocab, typing=typing)


# ----- The JSON API: errors become gr.Error, whose message names the problem -----

def api_endpoint(fn):
    @functools.wraps(fn)                               # keeps the signature: gr.api reads its types from it
    def endpoint(*args, **kwargs):
        try: return fn(*args, **kwargs)
        except ValueError as e: raise gr.Error(str(e), print_exception=False) from None
    return endpoint


@api_endpoint
def next_token(variant: str, text: str) -> dict:
    "The probability of every token to come next after `text`, most likely first."
    ck, tokens = checkpoint(variant), read(text).tokens
    logits = next_token_logits(ck.model, ck.variant, CORPUS.encode(tokens))
    return dict(variant=ck.variant.id, tokens=list(tokens),
                next=[dict(token=t, prob=p) for t, p in ranked(probabilities(logits), CORPUS.vocab)])


def is_number(x): return isinstance(x, (int, float)) and not isinstance(x, bool)


@api_endpoint
def generate(variant: str, text: str, n_tokens: int, temperature: float) -> dict:
    "n_tokens tokens after `text`: the most likely each time if temperature is 0, else sampled at that temperature."
    ck, tokens = checkpoint(variant), read(text).tokens
    if not (is_number(n_tokens) and n_tokens == int(n_tokens) and 1 <= n_tokens <= MAX_GENERATE):
        raise ValueError(f"n_tokens must be a whole number from 1 to {MAX_GENERATE}, not {n_tokens!r}")
    if not (is_number(temperature) and 0 <= temperature <= 5):
        raise ValueError(f"temperature must be a number from 0 (greedy) to 5, not {temperature!r}")
    new = CORPUS.decode(generate_ids(ck.model, ck.variant, CORPUS.encode(tokens), int(n_tokens), float(temperature)))
    return dict(tokens=new, text=' '.join(new))


@api_endpoint
def hidden_states(variant: str, text: str) -> dict:
    "Every layer's states after each token the model reads: h, and for the LSTMs c and the four gates too."
    ck, tokens = checkpoint(variant), read(text).tokens
    t = trace(ck.model, ck.variant, CORPUS.encode(tokens))
    return dict(tokens=CORPUS.decode(t.ids), layers=[dict(name=s.name, values=s.values.tolist()) for s in t.states])


# ----- The page: what each keystroke computes, and the words around it -----

def model_label(vid):
    if vid in UNAVAILABLE: return f"{vid} (unavailable)"
    return f"{vid}: {CHECKPOINTS[vid].accuracy:.1%}"


def how_it_reads(v, n_tokens):
    "What a variant does with the prefix, said where it matters."
    if not v.stateful:
        return "It reads **only the last 3 tokens** of the prefix; anything before them makes no difference."
    reading = f"It carries its hidden state from the start of the prefix, through all {n_tokens} tokens."
    if v.data == 'three in order':
        fits = "a multiple of 3, as in training" if n_tokens % 3 == 0 else "not a multiple of 3: it never learnt to predict here"
        reading += (f" It was trained to predict only after every third token, and this prefix has {n_tokens} "
                    f"tokens: {fits}.")
    return reading


def model_info(vid, n_tokens=0):
    if vid in UNAVAILABLE: return f"**{vid}** is unavailable: {UNAVAILABLE[vid]}"
    ck = CHECKPOINTS[vid]
    return (f"**{vid}**: {ck.variant.description}  \nValidation accuracy **{ck.accuracy:.1%}** "
            f"(always saying '{BASELINE[0]}' scores {BASELINE[1]:.1%}).  \n{how_it_reads(ck.variant, n_tokens)}")


def shown(tokens, limit=8):
    return ' '.join(tokens) if len(tokens) <= limit else '… ' + ' '.join(tokens[-limit:])


def distribution_view(cache, temperature, top_k):
    "The bar chart and the top prediction, re-ranked from the cached logits: no model runs here."
    probs = probabilities(cache['logits'], temperature, int(top_k))
    top = ranked(probs, CORPUS.vocab)[:int(top_k)]
    title = f"{cache['variant']} after '{shown(cache['tokens'])}'"
    token, p = top[0]
    expected = counting_continuation(cache['tokens'], 1)
    verdict = '' if not expected else (" True counting agrees." if expected[0] == token
                                       else f" True counting says **'{expected[0]}'**.")
    return (plots.distribution_figure(top, title, BASELINE),
            f"Most likely next token: **'{token}'** ({p:.1%}).{verdict}")


def states_view(cache, quantity, layer, unit):
    "The heatmaps of one quantity (h, c or a gate) for every layer, and the tokens coloured by one unit."
    states = cache['states']
    quantity = quantity if any(s.quantity == quantity for s in states) else 'h'
    layers = [s for s in states if s.quantity == quantity]
    layer = min(int(layer), len(layers))
    window = slice(-HEATMAP_TOKENS, None)
    tokens = cache['read'][window]
    note = '' if len(cache['read']) <= HEATMAP_TOKENS else f" (the last {HEATMAP_TOKENS} of {len(cache['read'])} tokens)"
    figure = plots.states_figure(tokens, [(s.name, s.values[window]) for s in layers],
                                 f"{cache['variant']}: {quantity} after each token{note}", unit=int(unit))
    values = layers[layer - 1].values[window, int(unit)].tolist()
    return figure, plots.tokens_html(tokens, values)


STARTING = "Type the beginning of the count, in words or digits: `one . two . three .` or `7312, 7313,`."


def typing_status(text, prefix):
    "A word for the person typing: where to start, or which word is still being typed."
    if not text.strip(): return STARTING
    if prefix.partial:
        return (f"✍️ '{prefix.partial}' is being typed (it could become {', '.join(prefix.completions)}): "
                "predicting from the tokens before it.")
    return ''


def analyse(vid, text, temperature, top_k, quantity, layer, unit):
    "What a keystroke or a change of model updates: status, model, chart, top token, heatmaps, unit, cache."
    try:
        ck, prefix = checkpoint(vid), read(text, typing=True)
        t = trace(ck.model, ck.variant, CORPUS.encode(prefix.tokens)) if prefix.tokens else None
    except ValueError as e:                        # the message replaces the last one; the last figures stay
        return [f"⚠️ {e}"] + [gr.skip()] * 6
    status, info = typing_status(text, prefix), model_info(ck.variant.id, len(prefix.tokens))
    if t is None:
        return [status, info, plots.message_figure("Type a prefix to see what the model expects next"), '',
                plots.message_figure("…and the hidden states it goes through"), '', None]
    cache = dict(variant=ck.variant.id, tokens=list(prefix.tokens), read=CORPUS.decode(t.ids), logits=t.logits,
                 states=t.states)
    return [status, info, *distribution_view(cache, temperature, top_k), *states_view(cache, quantity, layer, unit),
            cache]


def controls_for(vid):
    "The quantities and layers a variant has: the gates are the LSTMs' alone."
    n_layers, quantities = layout(CHECKPOINTS[vid].model) if vid in CHECKPOINTS else (1, ('h',))
    return (gr.update(choices=list(quantities), value='h'),
            gr.update(choices=list(range(1, n_layers + 1)), value=1))


def keep_counting(vid, text, n_tokens, mode, temperature):
    try:
        ck, tokens = checkpoint(vid), list(read(text, typing=True).tokens)
        new = CORPUS.decode(generate_ids(ck.model, ck.variant, CORPUS.encode(tokens), int(n_tokens),
                                         0.0 if mode == 'greedy' else max(float(temperature), 1e-3)))
    except ValueError as e:
        return f"<p>⚠️ {html.escape(str(e))}</p>"
    return plots.continuation_html(new, counting_continuation(tokens, len(new)))


ABOUT = f"""
### What you are looking at
HUMAN_NUMBERS is the count from 1 to 9999 in English words, one number after the other, separated by ' . ':
`one . two . three . … nine thousand nine hundred ninety nine`. Its vocabulary has {len(CORPUS.vocab)} tokens.
The models train on the first 80% of it (1 to 8084) and are validated on the rest (8084 to 9999).

The seven models are those of chapter 12 of the fastai book, *A language model from scratch*, each adding one idea:
LMModel1 reads three tokens with one layer reused for each; LMModel2 writes it as a loop (an RNN); LMModel3 keeps its
hidden state from one chunk to the next; LMModel4 predicts after every token; LMModel5 stacks two RNN layers;
LMModel6 is an LSTM; LMModel7 regularizes it (dropout, weight tying, AR and TAR), as AWD-LSTM does.

**The baseline.** Always answering '{BASELINE[0]}' is right {BASELINE[1]:.1%} of the time on the validation set:
that is the dashed line in the chart, the score any model must beat.

**Where they fail.** No number of 9000 or more is in the training part, so after '.' at 8999 the models have never
seen 'nine thousand' begin: try `8998 . 8999 .` and look at the next token.

**Hidden states.** Each column is a token of the prefix, each row a unit of the hidden state after reading it.
For the LSTMs, look at the cell state c and at the gates: forget (how much of c to keep), cell (what could be
written), input (how much of it to write) and output (how much of c to show as h). Pick a unit to colour the
prefix by its value, and hunt for one that switches on after 'thousand' or after '.'.

**Temperature and top-k** reshape the same prediction: below 1 sharper, above 1 flatter; top-k keeps only the k
most likely tokens. Temperature 0 is greedy: always the most likely token.
"""


with gr.Blocks(title="Human Numbers LM Explorer") as demo:
    gr.Markdown("# Human Numbers LM Explorer\nSeven small language models learn to count in words "
                "(fastai book, chapter 12). Pick a model, type the beginning of the count, watch what it expects.")
    with gr.Row():
        with gr.Column(scale=2):
            prefix = gr.Textbox(value=EXAMPLES[1], label="Prefix", max_length=MAX_CHARS, lines=2, autofocus=True,
                                info="Words in any case, digits (7312), '.' or ','. Predictions follow every keystroke.")
            status = gr.Markdown()
            gr.Examples(EXAMPLES, inputs=prefix, label="Try")
        with gr.Column(scale=1):
            model = gr.Radio([(model_label(vid), vid) for vid in VARIANTS], value='LMModel7', label="Model")
            info = gr.Markdown(model_info('LMModel7'))
    gr.Markdown("### What comes next")                # no tabs around plots: a hidden plot is drawn too narrow
    with gr.Row():
        temperature = gr.Slider(0, 2, value=1, step=0.05, label="Temperature", info="0: greedy")
        top_k = gr.Slider(1, len(CORPUS.vocab), value=len(CORPUS.vocab), step=1, label="Top-k",
                          info=f"{len(CORPUS.vocab)}: every token")
    top = gr.Markdown()
    chart = gr.Plot(label="Next-token probabilities", elem_id="distribution")
    gr.Markdown("### The hidden states it went through")
    with gr.Row():
        quantity = gr.Radio(list(LSTM_QUANTITIES), value='h', label="Show")
        layer = gr.Radio([1, 2], value=1, label="Layer of the unit")
        unit = gr.Slider(0, 63, value=0, step=1, label="Unit", info="Colours the prefix by this unit's value")
    unit_tokens = gr.HTML()
    heatmaps = gr.Plot(label="Hidden states", elem_id="states")
    with gr.Accordion("Keep counting", open=True):
        with gr.Row():
            n_tokens = gr.Slider(1, 200, value=30, step=1, label="Tokens to generate")
            mode = gr.Radio(['greedy', 'sample at the temperature'], value='greedy', label="How")
            go = gr.Button("Keep counting", variant='primary')
        continuation = gr.HTML()
    with gr.Accordion("About these models", open=False):
        gr.Markdown(ABOUT)
    cache = gr.State()

    live = dict(show_progress='hidden', trigger_mode='always_last', api_visibility='private')
    inputs = [model, prefix, temperature, top_k, quantity, layer, unit]
    outputs = [status, info, chart, top, heatmaps, unit_tokens, cache]
    prefix.change(analyse, inputs, outputs, **live)
    model.change(controls_for, model, [quantity, layer], **live).then(analyse, inputs, outputs, **live)
    demo.load(analyse, inputs, outputs, **live)
    for control in (temperature, top_k):
        control.change(lambda c, t, k: distribution_view(c, t, k) if c else (gr.skip(), gr.skip()),
                       [cache, temperature, top_k], [chart, top], **live)
    for control in (quantity, layer, unit):
        control.change(lambda c, q, l, u: states_view(c, q, l, u) if c else (gr.skip(), gr.skip()),
                       [cache, quantity, layer, unit], [heatmaps, unit_tokens], **live)
    go.click(keep_counting, [model, prefix, n_tokens, mode, temperature], continuation, api_visibility='private')

    for fn in (next_token, generate, hidden_states):
        gr.api(fn, api_name=fn.__name__, concurrency_limit=None, queue=False)

demo.queue(default_concurrency_limit=None)

if __name__ == '__main__':
    demo.launch()
