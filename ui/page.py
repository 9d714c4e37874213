"""The page: the first screen, the tabs below it, and the events that tie them together.

    page = Page(Explorer('checkpoints/'));  page.demo.launch()

A keystroke, a change of model and the page's first load are one event each, which reads the text once: the
first screen renders from that Reading, and so does the tab in view (only that one: a tab renders when it is
opened). A control that only re-draws a view (temperature, a unit) runs that view alone, from the cached trace.
Handlers receive the values of their inputs as a dict and return a dict of the components they update, so the
tests call them as the page does.
"""
import gradio as gr

from lm.explorer import Explorer
from ui import api
from ui.about import AboutView
from ui.compare import CompareView
from ui.continuation import ContinuationView
from ui.decided import DecidedView
from ui.failures import FailuresView
from ui.guesses import GuessesView
from ui.looked import LookedView
from ui.model_card import ModelView
from ui.path import PathView
from ui.prediction import PredictionView
from ui.reading import read
from ui.states import StatesView
from ui.view import View
from ui.words import say


class Page:
    # preprocess=False: the handlers take the raw values and bring each slider's number into range themselves, with
    # a note, where Gradio would refuse an out-of-range number typed in the box with an error over the page.
    LIVE = dict(show_progress='hidden', trigger_mode='always_last', api_visibility='private', preprocess=False)

    def __init__(self, explorer: Explorer, lang: str = 'en'):
        self.explorer, self.lang = explorer, lang
        with gr.Blocks(title=say('title', lang)) as self.demo:
            self.prediction = PredictionView(explorer, lang)
            with gr.Tabs(elem_id='views'):
                self.states = StatesView(explorer, lang)
                self.decided = DecidedView(explorer, self.states, lang)
                self.path = PathView(explorer, lang)
                self.compare = CompareView(explorer, lang)
                self.guesses = GuessesView(explorer, lang)
                self.looked = LookedView(explorer, lang)
                self.failures = FailuresView(explorer, lang)
                self.model = ModelView(explorer, lang)
                self.continuation = ContinuationView(explorer, lang)
            AboutView(len(explorer.corpus.vocab), lang)
            self.views: list[View] = [self.states, self.decided, self.path, self.compare, self.guesses, self.looked,
                                      self.failures, self.model, self.continuation]
            self.shown = gr.State(('', ()))         # (variant, tokens) that the figures on screen belong to
            self.active = gr.State(self.states.name)       # the tab in view
            self.timer = gr.Timer(1.0, active=False)        # ticks while the tab in view waits for an analysis
            self.wire()
            api.register(explorer)

    # ----- what each event reads and writes -----

    def settings_inputs(self) -> set:
        p, c = self.prediction, self.continuation
        return {p.temperature, p.top_k, c.n_tokens}

    def view_inputs(self, view: View) -> set:
        return {self.shown, self.active} | self.settings_inputs() | view.inputs()

    def view_outputs(self, view: View) -> set:
        return view.outputs() | {self.timer}

    def text_outputs(self) -> set:
        "What a keystroke updates: the first screen, and every tab (the one in view rendered, the others cleared)."
        p = self.prediction
        return {p.status, p.info, p.heading, p.chart, p.summary, self.shown, self.timer} | self.view_outputs_all()

    def view_outputs_all(self) -> set: return {o for view in self.views for o in view.outputs()} | {self.timer}

    def settings_outputs(self) -> set:
        p, c = self.prediction, self.continuation
        return {p.temperature, p.top_k, c.n_tokens, p.settings_note, c.settings_note}

    def wire(self):
        # Every handler returns a value for every output it declares: Gradio rebuilds a component for each output
        # left out, which would cost more than the model.
        p, c = self.prediction, self.continuation
        every_input = {p.model, p.prefix, self.shown, self.active} | self.settings_inputs()
        every_input |= {i for view in self.views for i in view.inputs()}
        p.prefix.change(self.on_text, every_input, self.text_outputs(), **self.LIVE)
        model_controls = set(self.controls_for('LMModel7'))
        for event in (p.model.change, self.demo.load):
            event(self.on_model, every_input, self.text_outputs() | self.settings_outputs() | model_controls, **self.LIVE)
        # .input, not .change: a value sent back in range must not trigger another event that clears its note
        for control in (p.temperature, p.top_k, c.n_tokens, c.mode):
            control.input(self.on_settings, every_input,
                          self.settings_outputs() | {p.heading, p.chart, p.summary, c.note}, **self.LIVE)
        for view in self.views:
            view.wire(self)
            view.tab.select(self.on_tab(view), self.view_inputs(view), self.view_outputs(view) | {self.active},
                            **self.LIVE)
        self.timer.tick(self.on_tick, every_input, self.view_outputs_all(), **self.LIVE)

    def values(self, **changes) -> dict:
        """The value of every input as the page starts, with some changed by name: values(prefix='one .'); a name
        that two views use is changed in both, or in one as 'view__name' (path__layer=2)."""
        values = {self.shown: changes.get('shown', self.shown.value), self.active: changes.get('active', self.active.value)}
        for view in (self.prediction, *self.views):
            for name, component in vars(view).items():
                if isinstance(component, gr.components.Component):
                    values[component] = changes.get(f'{view.name}__{name}', changes.get(name, component.value))
        return values

    # ----- handlers -----

    def settings(self, values: dict) -> tuple[dict, dict]:
        """The number boxes brought into range, as values under the names 'temperature', 'top_k' and 'n_tokens'
        for the views, and what to send back to the boxes and their notes."""
        p, c = self.prediction, self.continuation
        temperature, top_k, note = p.settings(values[p.temperature], values[p.top_k], self.lang)
        n_tokens, n_note = c.settings(values[c.n_tokens], self.lang)
        back = {p.temperature: temperature, p.top_k: top_k, c.n_tokens: n_tokens, p.settings_note: note,
                c.settings_note: n_note}
        return values | dict(temperature=temperature, top_k=top_k, n_tokens=n_tokens), back

    def render(self, view: View, variant_id: str, tokens, values: dict) -> dict:
        "One view, and the timer that re-renders it while an analysis it needs is on its way."
        return (view.cleared() | view.render(variant_id, tokens, values, self.lang)
                | {self.timer: gr.Timer(active=not view.ready(variant_id))})

    def render_views(self, variant_id: str, tokens, values: dict) -> dict:
        "The tab in view rendered, the others cleared: each renders again when it is opened."
        out = {o: None for o in self.view_outputs_all()}
        return out | self.render(self.view_named(values[self.active]), variant_id, tokens, values)

    def view_named(self, name: str) -> View: return next(v for v in self.views if v.name == name)

    def on_text(self, values: dict) -> dict:
        "A keystroke or a new model: read the text once; the first screen and the tab in view render from it."
        p = self.prediction
        reading = read(self.explorer, values[p.model], values[p.prefix])
        values, _ = self.settings(values)
        out = p.render(reading, values['temperature'], values['top_k'], values[self.shown][1], self.lang)
        if reading.ok:
            out[self.shown] = (reading.variant_id, reading.tokens)
            out |= self.render_views(reading.variant_id, reading.tokens, values)
        return out

    def controls_for(self, variant_id: str) -> dict:
        "The layers, quantities and units of a variant, for the controls that choose among them."
        return (self.states.controls_for(variant_id) | self.decided.controls_for(variant_id, self.lang)
                | self.path.controls_for(variant_id))

    def on_model(self, values: dict) -> dict:
        "A new model (or the first load): its layers and units, the settings in range, then what a keystroke shows."
        controls = self.controls_for(values[self.prediction.model])
        values = values | {c: u['value'] for c, u in controls.items() if 'value' in u}
        return controls | self.settings(values)[1] | self.on_text(values)

    def on_settings(self, values: dict) -> dict:
        "Temperature, top-k or the continuation's settings: the chart re-shaped from the cached trace."
        values, out = self.settings(values)
        variant_id, tokens = values[self.shown]
        p = self.prediction
        out |= {p.heading: gr.skip(), p.chart: gr.skip(), p.summary: gr.skip(), self.continuation.note: ''}
        if tokens:
            out |= p.chart_and_summary(variant_id, tokens, values['temperature'], values['top_k'], self.lang)
            out |= self.continuation.render(variant_id, tokens, values, self.lang)
        return out

    def on_view_control(self, view: View, before=None, action=None):
        """A handler for a view's own controls: `before` may change some of them first (a quick choice), `action`
        does something else than rendering (writing a continuation)."""
        def handle(values: dict) -> dict:
            values, _ = self.settings(values)
            variant_id, tokens = values[self.shown]
            if not tokens: return {}
            changes = before(variant_id, tokens, values) if before else {}
            values = values | changes
            if action: return action(variant_id, tokens, values, self.lang)
            return changes | self.render(view, variant_id, tokens, values)
        return handle

    def on_tab(self, view: View):
        "A tab opened: it becomes the one that keystrokes render, and renders now."
        def handle(values: dict) -> dict:
            return {self.active: view.name} | self.on_view_control(view)(values)
        return handle

    def on_tick(self, values: dict) -> dict:
        "While the tab in view waits for an analysis: render it again, until it is ready."
        variant_id, tokens = values[self.shown]
        if not tokens: return {self.timer: gr.Timer(active=False)}
        values, _ = self.settings(values)
        return self.render_views(variant_id, tokens, values)
