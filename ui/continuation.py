"""Letting the model continue: N more tokens after the prefix, greedy or sampled, compared with true counting.

A continuation is labelled with what made it (model, prefix, how each token was chosen). When any of these
changes on the page, the continuation is marked as made for other settings, until Write is pressed again.
"""
import gradio as gr

from lm import plots
from lm.explorer import Explorer
from lm.inference import counting_continuation, generate, matched
from ui import texts
from ui.view import Control, Event, View, tab
from ui.widgets import Labels
from ui.words import say

MAX_GENERATE = 500              # for the API; the page's slider goes to UI_MAX_GENERATE, a readable length
UI_MAX_GENERATE = 200


def made_by(model_id: str, tokens, n_tokens: int, sampled: bool, temperature: float, top_k: int) -> tuple:
    "What a continuation depends on: when this changes, the one on screen no longer belongs to the page."
    return (model_id, tuple(tokens), int(n_tokens), sampled) + ((float(temperature), int(top_k)) if sampled else ())


class ContinuationView(View):
    name = 'continue'
    reads_settings = True

    def __init__(self, explorer: Explorer, words: Labels):
        self.explorer = explorer
        with tab(self.name, words('continue.tab')) as self.tab:
            gr.Markdown(words('continue.explain'))
            with gr.Row():
                self.n_tokens = gr.Slider(1, UI_MAX_GENERATE, value=30, step=1, label=words('continue.n_tokens'),
                                          elem_id='n-tokens')
                self.mode = gr.Radio([(words('continue.greedy'), 'greedy'), (words('continue.sample'), 'sample')],
                                     value='greedy', label=words('continue.mode'), elem_id='mode')
                self.button = gr.Button(words('continue.button'), variant='primary', elem_id='write')
            self.settings_note = gr.Markdown(elem_id='continuation-settings-note')
            self.continuation = gr.HTML(elem_id='continuation')
            self.made = gr.State()              # made_by(...) of the continuation on screen

    def inputs(self): return {self.n_tokens, self.mode, self.made}

    def settings(self, n_tokens, lang: str = 'en') -> tuple[int, str]:
        "The number of tokens to write brought into range, and a note if it had to be."
        n_tokens, note = texts.clamped(say('continue.n_tokens', lang), n_tokens, 1, UI_MAX_GENERATE, 30, lang)
        return int(round(n_tokens)), note or ''

    def controls(self):
        return [Control(self.button, 'click', action=self.write, makes=frozenset({self.continuation, self.made}))]

    def now(self, e: Event) -> tuple:
        "What a continuation written now would be made of."
        s = e.settings
        return made_by(e.model_id, e.tokens, s.n_tokens, e[self.mode] == 'sample', s.temperature, s.top_k)

    def render(self, e):
        """The continuation itself is in the tab, where Write put it; under the tabs, a note when it was made for
        other settings than those on the page now."""
        made = e[self.made]
        stale = made is not None and made != self.now(e)
        return dict(html=f'<div class="lm-stale-continuation">{e.say("continue.stale")}</div>' if stale else '')

    def write(self, e: Event) -> dict:
        "Write a continuation of what the figures show, labelled with what made it."
        if not e.tokens: return {self.continuation: f'<p>{e.say("continue.empty")}</p>', self.made: None}
        ck, sampled, s = self.explorer.checkpoint(e.model_id), e[self.mode] == 'sample', e.settings
        new = self.explorer.corpus.decode(generate(ck.model, ck.variant, self.explorer.corpus.encode(e.tokens),
                                                   s.n_tokens, s.temperature if sampled else 0.0, s.top_k))
        expected = counting_continuation(list(e.tokens), len(new))
        n_matched = None if expected is None else matched(new, expected)
        html = plots.continuation_html(
            new, n_matched, texts.continuation_label(e.model_id, e.tokens, sampled, s.temperature, s.top_k, e.lang),
            texts.continuation_note(new, expected, n_matched, e.lang))
        return {self.continuation: html, self.made: self.now(e)}
