"""Letting the model continue: N more tokens after the prefix, greedy or sampled, compared with true counting.

A continuation is labelled with what made it (model, prefix, how each token was chosen). When any of these
changes on the page, the continuation is marked as made for other settings, until Write is pressed again.
"""
import gradio as gr

from lm import plots
from lm.explorer import Explorer
from lm.inference import counting_continuation, generate, matched
from ui import texts
from ui.words import say

MAX_GENERATE = 500              # for the API; the page's slider goes to UI_MAX_GENERATE, a readable length
UI_MAX_GENERATE = 200


def made_by(variant_id: str, tokens, n_tokens: int, sampled: bool, temperature: float, top_k: int) -> tuple:
    "What a continuation depends on: when this changes, the one on screen no longer belongs to the page."
    return (variant_id, tuple(tokens), int(n_tokens), sampled) + ((float(temperature), int(top_k)) if sampled else ())


class ContinuationView:
    def __init__(self, explorer: Explorer, lang: str = 'en'):
        self.explorer = explorer
        with gr.Accordion(say('continue.panel', lang), open=True):
            gr.Markdown(say('continue.explain', lang))
            with gr.Row():
                self.n_tokens = gr.Slider(1, UI_MAX_GENERATE, value=30, step=1, label=say('continue.n_tokens', lang),
                                       elem_id='n-tokens')
                self.mode = gr.Radio([(say('continue.greedy', lang), 'greedy'), (say('continue.sample', lang), 'sample')],
                                     value='greedy', label=say('continue.mode', lang), elem_id='mode')
                self.button = gr.Button(say('continue.button', lang), variant='primary', elem_id='write')
            self.settings_note = gr.Markdown(elem_id='continuation-settings-note')
            self.note = gr.Markdown(elem_id='continuation-note')
            self.continuation = gr.HTML(elem_id='continuation')
            self.made = gr.State()              # made_by(...) of the continuation on screen

    def settings(self, n_tokens, lang: str = 'en') -> tuple[int, str]:
        "The number of tokens to write brought into range, and a note if it had to be."
        n_tokens, note = texts.clamped(say('continue.n_tokens', lang), n_tokens, 1, UI_MAX_GENERATE, 30, lang)
        return int(round(n_tokens)), note or ''

    def write(self, variant_id: str, tokens, n_tokens: int, sampled: bool, temperature: float, top_k: int,
              lang: str = 'en') -> str:
        "The continuation as HTML, labelled with what made it."
        ck = self.explorer.checkpoint(variant_id)
        new = self.explorer.corpus.decode(generate(ck.model, ck.variant, self.explorer.corpus.encode(tokens),
                                                   n_tokens, temperature if sampled else 0.0, top_k))
        expected = counting_continuation(list(tokens), len(new))
        n_matched = None if expected is None else matched(new, expected)
        return plots.continuation_html(new, n_matched,
                                       texts.continuation_label(variant_id, tokens, sampled, temperature, top_k, lang),
                                       texts.continuation_note(new, expected, n_matched, lang))

    def freshness(self, made: tuple | None, now: tuple, lang: str = 'en') -> str:
        "A note when the continuation on screen was made for other settings than those on the page."
        if made is None or made == now: return ''
        return f'<div class="lm-stale-continuation">{say("continue.stale", lang)}</div>'
