"""The first screen: the prefix box, the chosen model, and the next-token chart, visible together without
scrolling on a projector (1280x720), and stacked prefix-then-chart on a phone (the page's CSS grid).
"""
import gradio as gr
import torch

from lm import plots
from lm.explorer import Explorer
from lm.inference import counting_continuation, probabilities
from lm.models import VARIANTS
from lm.prefix import MAX_CHARS
from ui import texts
from ui.lessons import LessonsView
from ui.reading import Reading
from ui.widgets import Labels, plot_value
from ui.words import NAMES, problem, say

EXAMPLES = ["one . two . three .", "seven thousand three hundred twelve . seven thousand three hundred thirteen .",
            "7997 . 7998 . 7999 .", "8998 . 8999 .", "1,998, 1,999, two thousand"]
FIRST_PREFIX, FIRST_VARIANT = EXAMPLES[1], 'LMModel7'


def distribution(logits: torch.Tensor, vocab, temperature: float, top_k: int, lang: str = 'en') -> dict:
    """The chart of the next token: the model's own probabilities, most likely first, re-shaped by temperature
    and top-k where they change them; at temperature 0 the model's own, with the greedy choice marked."""
    own = probabilities(logits)
    order = own.argsort(descending=True).tolist()
    reshaped = temperature not in (0, 1) or top_k < len(vocab)
    shown = probabilities(logits, temperature, top_k)[order].tolist() if reshaped else None
    return plots.distribution_figure([vocab[i] for i in order], own[order].tolist(), shown,
                                     chosen=0 if temperature == 0 else None,
                                     names=(say('next.legend_own', lang), say('next.legend_shown', lang)))


class PredictionView:
    name = 'prediction'

    def __init__(self, explorer: Explorer, renders, words: Labels):
        self.explorer, self.renders = explorer, renders
        vocab_size = len(explorer.corpus.vocab)
        with gr.Row(elem_id='first-screen'):
            with gr.Column(elem_id='prefix-area', min_width=0):
                gr.Markdown(words('header'), elem_id='title')
                # the box takes more than the limit, so that the server can say a paste is too long
                self.prefix = gr.Textbox(value=FIRST_PREFIX, label=words('prefix'), info=words('prefix.info'),
                                         max_length=5 * MAX_CHARS, lines=2, autofocus=True, elem_id='prefix')
                with gr.Row(elem_id='step'):
                    self.back = gr.Button(words('step.back'), size='sm', elem_id='step-back')
                    self.forward = gr.Button(words('step.forward'), size='sm', variant='primary',
                                             elem_id='step-forward')
                self.status = gr.Markdown(elem_id='status')
                self.note = gr.Markdown(elem_id='browser-note')     # when the server draws what the browser cannot
            with gr.Column(elem_id='chart-area', min_width=0):
                self.guess = gr.Markdown(words('present.guess'), elem_id='guess')          # in presentation mode only
                self.reveal = gr.Button(words('present.reveal'), variant='primary', elem_id='reveal')
                self.heading = gr.Markdown(elem_id='next-heading')
                self.chart = gr.Plot(show_label=False, elem_id='distribution')
            with gr.Column(elem_id='controls-area', min_width=0):
                with gr.Row():
                    self.language = gr.Radio([(name, code) for code, name in NAMES.items()], value='en',
                                             label=words('language'), elem_id='language')
                    self.present = gr.Checkbox(label=words('present'), info=words('present.info'), elem_id='present')
                self.model = gr.Radio([(self.choice(v), v) for v in VARIANTS], value=FIRST_VARIANT,
                                      label=words('model'), elem_id='model')
                self.info = gr.Markdown(elem_id='model-info')           # in the reader's language, once loaded
                with gr.Row(elem_id='settings'):
                    self.temperature = gr.Slider(0, 2, value=1, step=0.05, label=words('temperature'),
                                              info=words('temperature.info'), elem_id='temperature')
                    self.top_k = gr.Slider(1, vocab_size, value=vocab_size, step=1, label=words('top_k'),
                                        info=words('top_k.info', vocab=vocab_size), elem_id='top-k')
                self.settings_note = gr.Markdown(elem_id='settings-note')
                self.lessons = LessonsView(words)
                gr.Examples(EXAMPLES, inputs=self.prefix, label=words('examples'), elem_id='examples')

    def choice(self, model_id: str) -> str:
        "A model in the list, with its validation accuracy: the same in every language."
        ck = self.explorer.loaded(model_id)
        return texts.model_choice(model_id, ck.accuracy if ck else None)

    def settings(self, temperature, top_k, lang: str = 'en') -> tuple[float, int, str]:
        "Temperature and top-k brought into range, and a note for each that had to be."
        vocab_size = len(self.explorer.corpus.vocab)
        temperature, note_t = texts.clamped(say('temperature', lang), temperature, 0, 2, 1, lang)
        top_k, note_k = texts.clamped(say('top_k', lang), top_k, 1, vocab_size, vocab_size, lang)
        return float(temperature), int(round(top_k)), '  \n'.join(n for n in (note_t, note_k) if n)

    def step(self, text: str, forward: bool, lang: str) -> dict:
        "The prefix one token further along true counting, or one token back."
        try: tokens = list(self.explorer.read(text, typing=True).tokens)
        except ValueError as e: return {self.status: say('step.unreadable', lang, message=problem(e, lang))}
        if not forward: return {self.prefix: ' '.join(tokens[:-1])}
        after = counting_continuation(tokens, 1)
        if after is None: return {self.status: say('step.not_counting', lang)}
        if not after: return {self.status: say('step.text_end', lang)}            # after 9999 .
        return {self.prefix: ' '.join(tokens + after)}

    def info_of(self, model_id: str, lang: str = 'en') -> str:
        "What the model is: the same for every prefix, so a keystroke does not send it."
        ck = self.explorer.loaded(model_id)
        if ck is None: return say('info.unavailable', lang, variant=model_id,
                                  reason=self.explorer.unavailable.get(model_id, ''))
        info = texts.model_info(ck.variant, ck.accuracy, lang)
        if model_id not in self.explorer.trained: return info
        r = ck.recipe
        return say('train.info', lang, model=model_id, epochs=len(ck.meta['history']), lr=r.lr, seed=r.seed,
                   n_hidden=r.n_hidden, share=texts.percent(r.train_share)) + '  \n' + info

    def render(self, reading: Reading, temperature, top_k, shown_tokens, lang: str = 'en') -> dict:
        "Everything this view shows for a keystroke; on a problem only the words change, the figures stay."
        out = {self.status: texts.status(reading.text, reading.partial, reading.completions, reading.problem,
                                         shown_tokens, lang)}
        if not reading.ok and shown_tokens: return out | {self.heading: gr.skip(), self.chart: gr.skip()}
        if not reading.ok:                  # nothing read yet: not "type a prefix" under one that was typed
            return out | {self.heading: '', self.chart: plot_value(plots.message_figure(say('next.unreadable', lang)))}
        if reading.trace is None:
            return out | {self.heading: '', self.chart: plot_value(plots.message_figure(say('next.empty', lang)))}
        return out | self.chart_and_heading(reading.model_id, reading.tokens, temperature, top_k, lang)

    def chart_and_heading(self, model_id: str, tokens, temperature: float, top_k: int, lang: str = 'en') -> dict:
        "The chart re-shaped by temperature and top-k, from the cached trace: no model runs for a new setting."
        key = ('first screen', model_id, tuple(tokens), temperature, top_k, lang)
        return self.renders.get(key, lambda: self._chart_and_heading(model_id, tokens, temperature, top_k, lang))

    def _chart_and_heading(self, model_id: str, tokens, temperature: float, top_k: int, lang: str) -> dict:
        vocab = self.explorer.corpus.vocab
        logits = self.explorer.trace(model_id, tuple(tokens)).logits
        top = int(logits.argmax())
        return {self.heading: texts.next_heading(self.explorer.checkpoint(model_id).variant, tokens, vocab[top],
                                                 float(probabilities(logits)[top]), temperature, top_k, len(vocab),
                                                 lang),
                self.chart: plot_value(distribution(logits, vocab, temperature, top_k, lang))}
