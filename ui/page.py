"""The page: its views, top to bottom, and the events that tie them together.

    page = Page(Explorer('checkpoints/'));  page.demo.launch()

A keystroke, a change of model and the page's first load are one event each, which reads the text once and lets
every view render from that Reading; a control that only re-draws one view (temperature, a unit) runs that
view alone, from the cached trace. Handlers receive the values of their inputs as a dict and return a dict of
the components they update, so the tests call them as the page does.
"""
import gradio as gr

from lm.explorer import Explorer
from ui import api
from ui.about import AboutView
from ui.continuation import ContinuationView, made_by
from ui.prediction import PredictionView
from ui.reading import read
from ui.states import StatesView
from ui.words import say

# preprocess=False: the handlers take the raw values and bring each slider's number into range themselves, with a
# note, where Gradio would refuse an out-of-range number typed in the box with an error over the page.
LIVE = dict(show_progress='hidden', trigger_mode='always_last', api_visibility='private', preprocess=False)


class Page:
    def __init__(self, explorer: Explorer, lang: str = 'en'):
        self.explorer, self.lang = explorer, lang
        with gr.Blocks(title=say('title', lang)) as self.demo:
            self.prediction = PredictionView(explorer, lang)
            self.states = StatesView(explorer, lang)
            self.continuation = ContinuationView(explorer, lang)
            AboutView(len(explorer.corpus.vocab), lang)
            self.shown = gr.State(('', ()))     # (variant, tokens) that the figures on screen belong to
            self.wire()
            api.register(explorer)

    def wire(self):
        p, s, c = self.prediction, self.states, self.continuation
        settings = {p.temperature, p.top_k, c.n_tokens, c.mode, c.made}
        text_inputs = {p.model, p.prefix, s.quantity, s.layer, s.unit, self.shown} | settings
        text_outputs = {p.status, p.info, p.heading, p.chart, p.summary, p.settings_note, p.temperature, p.top_k,
                        c.n_tokens, c.settings_note, s.heatmaps, s.unit_tokens, self.shown, c.note}
        p.prefix.change(self.on_text, text_inputs, text_outputs, **LIVE)
        for event in (p.model.change, self.demo.load):
            event(self.on_model, text_inputs, text_outputs | {s.quantity, s.layer, s.unit}, **LIVE)
        # .input, not .change: a value sent back in range must not trigger another event that clears its note
        for control in (p.temperature, p.top_k, c.n_tokens, c.mode):
            control.input(self.on_settings, {self.shown} | settings,
                           {p.heading, p.chart, p.summary, p.settings_note, p.temperature, p.top_k, c.n_tokens,
                            c.settings_note, c.note},
                           **LIVE)
        for control in (s.quantity, s.layer, s.unit):
            control.input(self.on_unit, {self.shown, s.quantity, s.layer, s.unit}, {s.heatmaps, s.unit_tokens}, **LIVE)
        c.button.click(self.on_write, {self.shown} | settings, {c.continuation, c.made, c.note}, api_visibility='private',
                       preprocess=False)

    def values(self, **changes) -> dict:
        "The value of every input as the page starts, with some changed by name: values(prefix='one .')."
        views = (self.prediction, self.states, self.continuation)
        components = {name: getattr(view, name) for view in views for name in vars(view)
                      if isinstance(getattr(view, name), gr.components.Component)}
        return {component: changes.get(name, component.value) for name, component in components.items()} | \
               {self.shown: changes.get('shown', self.shown.value)}

    def settings(self, values: dict) -> tuple[float, int, int, dict]:
        "The number boxes brought into range; each corrected one is sent back, with a note."
        p, c = self.prediction, self.continuation
        temperature, top_k, note = p.settings(values[p.temperature], values[p.top_k], self.lang)
        n_tokens, n_note = c.settings(values[c.n_tokens], self.lang)
        fixes = {p.settings_note: note, c.settings_note: n_note}
        for control, value in ((p.temperature, temperature), (p.top_k, top_k), (c.n_tokens, n_tokens)):
            if values[control] != value: fixes[control] = value
        return temperature, top_k, n_tokens, fixes

    def continuation_now(self, values: dict, variant_id: str, tokens) -> tuple:
        "What a continuation written now would be made of."
        temperature, top_k, n_tokens, _ = self.settings(values)
        return made_by(variant_id, tokens, n_tokens, values[self.continuation.mode] == 'sample', temperature, top_k)

    def on_text(self, values: dict) -> dict:
        "A keystroke or a new model: read the text once, and every view renders from it."
        p, s, c = self.prediction, self.states, self.continuation
        reading = read(self.explorer, values[p.model], values[p.prefix])
        temperature, top_k, _, out = self.settings(values)
        out |= p.render(reading, temperature, top_k, values[self.shown][1], self.lang)
        if reading.ok:
            out |= s.render(reading.variant_id, reading.tokens, values[s.quantity], values[s.layer], values[s.unit],
                            self.lang)
            out[self.shown] = (reading.variant_id, reading.tokens)
            now = self.continuation_now(values, reading.variant_id, reading.tokens)
            out[c.note] = c.freshness(values[c.made], now, self.lang)
        return out

    def on_model(self, values: dict) -> dict:
        "A new model (or the first load): its layers and units, then what a keystroke shows."
        controls = self.states.controls_for(values[self.prediction.model])
        values = values | {c: u['value'] for c, u in controls.items() if 'value' in u}
        return controls | self.on_text(values)

    def on_settings(self, values: dict) -> dict:
        "Temperature, top-k or the continuation's settings: the chart re-shaped from the cached trace."
        temperature, top_k, _, out = self.settings(values)
        variant_id, tokens = values[self.shown]
        if tokens:
            out |= self.prediction.chart_and_summary(variant_id, tokens, temperature, top_k, self.lang)
            now = self.continuation_now(values, variant_id, tokens)
            out[self.continuation.note] = self.continuation.freshness(values[self.continuation.made], now, self.lang)
        return out

    def on_unit(self, values: dict) -> dict:
        s = self.states
        variant_id, tokens = values[self.shown]
        if not tokens: return {}
        return s.render(variant_id, tokens, values[s.quantity], values[s.layer], values[s.unit], self.lang)

    def on_write(self, values: dict) -> dict:
        "Write a continuation of what the figures show, labelled with what made it."
        c = self.continuation
        variant_id, tokens = values[self.shown]
        if not tokens: return {c.continuation: '', c.made: None, c.note: ''}
        now = self.continuation_now(values, variant_id, tokens)
        temperature, top_k, n_tokens, _ = self.settings(values)
        sampled = now[3]
        html = c.write(variant_id, tokens, n_tokens, sampled, temperature, top_k, self.lang)
        return {c.continuation: html, c.made: now, c.note: ''}
