"""Letting the model continue: N more tokens after the prefix, greedy or sampled, compared with true counting.

A continuation is labelled with what made it (model, prefix, how each token was chosen). When any of these
changes on the page, the continuation is marked as made for other settings, until Write is pressed again.
"""
import gradio as gr

from lm import plots
from lm.explorer import Explorer
from lm.inference import counting_continuation, generate, matched
from ui import texts
from ui.view import View, tab
from ui.widgets import Labels
from ui.words import say

MAX_GENERATE = 500              # for the API; the page's slider goes to UI_MAX_GENERATE, a readable length
UI_MAX_GENERATE = 200


def made_by(variant_id: str, tokens, n_tokens: int, sampled: bool, temperature: float, top_k: int) -> tuple:
    "What a continuation depends on: when this changes, the one on screen no longer belongs to the page."
    return (variant_id, tuple(tokens), int(n_tokens), sampled) + ((float(temperature), int(top_k)) if sampled else ())


class ContinuationView(View):
    name = 'continue'
    reads_settings = True

    def __init__(self, explorer: Explorer, t: Labels):
        self.explorer = explorer
        with tab(self.name, t('continue.tab')) as self.tab:
            gr.Markdown(t('continue.explain'))
            with gr.Row():
                self.n_tokens = gr.Slider(1, UI_MAX_GENERATE, value=30, step=1, label=t('continue.n_tokens'),
                                          elem_id='n-tokens')
                self.mode = gr.Radio([(t('continue.greedy'), 'greedy'), (t('continue.sample'), 'sample')],
                                     value='greedy', label=t('continue.mode'), elem_id='mode')
                self.button = gr.Button(t('continue.button'), variant='primary', elem_id='write')
            self.settings_note = gr.Markdown(elem_id='continuation-settings-note')
            self.continuation = gr.HTML(elem_id='continuation')
            self.made = gr.State()              # made_by(...) of the continuation on screen

    def inputs(self): return {self.n_tokens, self.mode, self.made}

    def settings(self, n_tokens, lang: str = 'en') -> tuple[int, str]:
        "The number of tokens to write brought into range, and a note if it had to be."
        n_tokens, note = texts.clamped(say('continue.n_tokens', lang), n_tokens, 1, UI_MAX_GENERATE, 30, lang)
        return int(round(n_tokens)), note or ''

    def now(self, variant_id: str, tokens, values: dict) -> tuple:
        "What a continuation written now would be made of (values holds the page's settings, in range)."
        return made_by(variant_id, tokens, values['n_tokens'], values[self.mode] == 'sample', values['temperature'],
                       values['top_k'])

    def render(self, variant_id, tokens, values, lang):
        """The continuation itself is in the tab, where Write put it; under the tabs, a note when it was made for
        other settings than those on the page now."""
        made = values[self.made]
        stale = made is not None and made != self.now(variant_id, tokens, values)
        return dict(html=f'<div class="lm-stale-continuation">{say("continue.stale", lang)}</div>' if stale else '')

    def write(self, variant_id: str, tokens, values: dict, lang: str = 'en') -> dict:
        "Write a continuation of what the figures show, labelled with what made it."
        if not tokens: return {self.continuation: f'<p>{say("continue.empty", lang)}</p>', self.made: None}
        ck, sampled = self.explorer.checkpoint(variant_id), values[self.mode] == 'sample'
        new = self.explorer.corpus.decode(generate(ck.model, ck.variant, self.explorer.corpus.encode(tokens),
                                                   values['n_tokens'], values['temperature'] if sampled else 0.0,
                                                   values['top_k']))
        expected = counting_continuation(list(tokens), len(new))
        n_matched = None if expected is None else matched(new, expected)
        html = plots.continuation_html(
            new, n_matched, texts.continuation_label(variant_id, tokens, sampled, values['temperature'],
                                                     values['top_k'], lang),
            texts.continuation_note(new, expected, n_matched, lang))
        return {self.continuation: html, self.made: self.now(variant_id, tokens, values)}

    def wire(self, page):
        self.button.click(page.serial(page.on_view_control(self, action=self.write)), page.view_inputs(self),
                          {self.continuation, self.made} | page.view_outputs(), **page.LIVE)
