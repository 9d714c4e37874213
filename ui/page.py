"""The page: the first screen, the tabs below it, and the events that tie them together.

    page = Page(Explorer('checkpoints/'));  page.demo.launch()

A keystroke, a change of model and the page's first load are one event each, which reads the text once: the
first screen renders from that Reading, and so does the tab in view (only that one: a tab renders when it is
opened). A control that only re-draws a view (temperature, a unit) runs that view alone, from the cached trace.
Handlers receive the values of their inputs as a dict and return a dict of the components they update, so the
tests call them as the page does.
"""
import functools
from collections import OrderedDict, deque
from threading import Event, Lock

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
from ui.view import Display, View
from ui.words import say


class Renders:
    """Rendered parts by what they depend on. A class often shows the same prefixes, and while a word is being
    typed the tokens do not change: the figures are then sent again as they were, not built again."""
    def __init__(self, size: int = 512):
        self.items, self.size, self.lock = OrderedDict(), size, Lock()

    def get(self, key, compute):
        with self.lock:
            if key in self.items:
                self.items.move_to_end(key)
                return self.items[key]
        value = compute()
        with self.lock:
            self.items[key] = value
            if len(self.items) > self.size: self.items.popitem(last=False)
        return value


class InTurn:
    """A lock that lets its waiters in in the order they came: under a whole class's load, no request waits behind
    others that came after it."""
    def __init__(self):
        self.lock, self.waiting, self.held = Lock(), deque(), False

    def __enter__(self):
        with self.lock:
            if not self.held:
                self.held = True
                return
            turn = Event()
            self.waiting.append(turn)
        turn.wait()                                  # the one before hands it over, still held

    def __exit__(self, *exc):
        with self.lock:
            if self.waiting: self.waiting.popleft().set()
            else: self.held = False


def frozen(value):
    "A control's value as part of a key: lists (several units chosen) become tuples."
    return tuple(value) if isinstance(value, list) else value


class Page:
    # preprocess=False: the handlers take the raw values and bring each slider's number into range themselves, with
    # a note, where Gradio would refuse an out-of-range number typed in the box with an error over the page.
    # postprocess=False: the handlers return what the page receives (a plot as ui.widgets.plot_value makes it),
    # which spares Gradio a thread for each component on every keystroke.
    # queue=False: an event is one HTTP request and its answer, not a queue entry with its event stream, which
    # costs the server more than the model; the page still sends only the latest text while one is on its way.
    LIVE = dict(show_progress='hidden', trigger_mode='always_last', api_visibility='private', preprocess=False,
                postprocess=False, queue=False)

    def __init__(self, explorer: Explorer, lang: str = 'en'):
        self.explorer, self.lang = explorer, lang
        self.renders = Renders()
        # Handlers run one at a time. Gradio runs each request in a thread of its own, and many threads stepping
        # through a model op by op hand the interpreter lock to each other at every op: a class typing at once
        # would wait on that, not on the work.
        self.one_at_a_time = InTurn()
        with gr.Blocks(title=say('title', lang)) as self.demo:
            self.prediction = PredictionView(explorer, self.renders, lang)
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
            self.display = Display()                   # what the tab in view draws
            AboutView(len(explorer.corpus.vocab), lang)
            self.views: list[View] = [self.states, self.decided, self.path, self.compare, self.guesses, self.looked,
                                      self.failures, self.model, self.continuation]
            self.shown = gr.State(('', ()))         # (variant, tokens) that the figures on screen belong to
            self.active = gr.State(self.states.name)       # the tab in view
            self.timer = gr.Timer(1.0, active=False)        # ticks while the tab in view waits for an analysis
            self.wire()
            api.register(explorer)

    def serial(self, handler):
        "The handler as Gradio calls it: one at a time (see one_at_a_time)."
        @functools.wraps(handler)
        def one_at_a_time(values: dict) -> dict:
            with self.one_at_a_time: return handler(values)
        return one_at_a_time

    # ----- what each event reads and writes -----

    def settings_inputs(self) -> set:
        p, c = self.prediction, self.continuation
        return {p.temperature, p.top_k, c.n_tokens}

    def view_inputs(self, view: View) -> set:
        return {self.shown, self.active} | self.settings_inputs() | view.inputs()

    def view_outputs(self) -> set: return self.display.outputs() | {self.timer}

    def text_outputs(self) -> set:
        """What a keystroke updates: the first screen and what the tab in view draws; not the model's description,
        the same for every prefix, nor the timer, which a change of model, a tab or the page's load starts when an
        analysis is on its way. Fewer components, less of Gradio's work on every keystroke of a whole class."""
        p = self.prediction
        return {p.status, p.heading, p.chart, self.shown} | self.display.outputs()

    def settings_outputs(self) -> set:
        p, c = self.prediction, self.continuation
        return {p.temperature, p.top_k, c.n_tokens, p.settings_note, c.settings_note}

    def wire(self):
        # Every handler returns a value for every output it declares: Gradio rebuilds a component for each output
        # left out, which would cost more than the model.
        p, c = self.prediction, self.continuation
        every_input = {p.model, p.prefix, self.shown, self.active} | self.settings_inputs()
        every_input |= {i for view in self.views for i in view.inputs()}
        p.prefix.change(self.serial(self.on_text), every_input, self.text_outputs(), **self.LIVE)
        model_controls = set(self.controls_for('LMModel7'))
        for event in (p.model.change, self.demo.load):
            event(self.serial(self.on_model), every_input,
                  self.text_outputs() | self.settings_outputs() | model_controls | {p.info, self.timer}, **self.LIVE)
        # .input, not .change: a value sent back in range must not trigger another event that clears its note
        for control in (p.temperature, p.top_k, c.n_tokens, c.mode):
            control.input(self.serial(self.on_settings), every_input,
                          self.settings_outputs() | {p.heading, p.chart} | self.display.outputs(), **self.LIVE)
        for view in self.views:
            view.wire(self)
            view.tab.select(self.serial(self.on_tab(view)), self.view_inputs(view), self.view_outputs() | {self.active},
                            **self.LIVE)
        self.timer.tick(self.serial(self.on_tick), every_input, self.view_outputs(), **self.LIVE)

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
        "One view into the display, from the renders cache when nothing it depends on has changed."
        inputs = sorted(((c._id, frozen(values[c])) for c in view.inputs()), key=lambda pair: pair[0])
        settings = (values['temperature'], values['top_k'], values['n_tokens'])
        key = (view.name, variant_id, tuple(tokens), tuple(inputs), settings, view.ready(variant_id), self.lang)
        parts = self.renders.get(key, lambda: view.render(variant_id, tokens, values, self.lang))
        return self.display.show(parts)

    def timer_for(self, view: View, variant_id: str) -> dict:
        "The timer ticks while an analysis the view needs is on its way, and stops once it is ready."
        return {self.timer: gr.Timer(active=not view.ready(variant_id))}

    def view_named(self, name: str) -> View: return next(v for v in self.views if v.name == name)

    def on_text(self, values: dict) -> dict:
        "A keystroke or a new model: read the text once; the first screen and the tab in view render from it."
        p = self.prediction
        reading = read(self.explorer, values[p.model], values[p.prefix])
        values, _ = self.settings(values)
        out = p.render(reading, values['temperature'], values['top_k'], values[self.shown][1], self.lang)
        if reading.ok:
            out[self.shown] = (reading.variant_id, reading.tokens)
            out |= self.render(self.view_named(values[self.active]), reading.variant_id, reading.tokens, values)
        return out

    def controls_for(self, variant_id: str) -> dict:
        "The layers, quantities and units of a variant, for the controls that choose among them."
        return (self.states.controls_for(variant_id) | self.decided.controls_for(variant_id, self.lang)
                | self.path.controls_for(variant_id))

    def on_model(self, values: dict) -> dict:
        "A new model (or the first load): its layers and units, the settings in range, then what a keystroke shows."
        variant_id = values[self.prediction.model]
        controls = self.controls_for(variant_id)
        values = values | {c: u['value'] for c, u in controls.items() if 'value' in u}
        timer = self.timer_for(self.view_named(values[self.active]), variant_id) if variant_id in \
            self.explorer.checkpoints else {self.timer: gr.Timer(active=False)}
        info = {self.prediction.info: self.prediction.info_of(variant_id, self.lang)}
        return controls | self.settings(values)[1] | self.on_text(values) | timer | info

    def on_settings(self, values: dict) -> dict:
        "Temperature, top-k or the continuation's settings: the chart re-shaped from the cached trace."
        values, out = self.settings(values)
        variant_id, tokens = values[self.shown]
        p = self.prediction
        if not tokens: return out | {p.heading: gr.skip(), p.chart: gr.skip()} | self.display.show({})
        out |= p.chart_and_heading(variant_id, tokens, values['temperature'], values['top_k'], self.lang)
        return out | self.render(self.view_named(values[self.active]), variant_id, tokens, values)

    def on_view_control(self, view: View, before=None, action=None):
        """A handler for a view's own controls: `before` may change some of them first (a quick choice), `action`
        does something else than rendering (writing a continuation)."""
        def handle(values: dict) -> dict:
            values, _ = self.settings(values)
            variant_id, tokens = values[self.shown]
            if not tokens: return {}
            changes = before(variant_id, tokens, values) if before else {}
            values = values | changes
            if action: return self.display.show({}) | action(variant_id, tokens, values, self.lang)
            return changes | self.render(view, variant_id, tokens, values) | self.timer_for(view, variant_id)
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
        view = self.view_named(values[self.active])
        return self.render(view, variant_id, tokens, values) | self.timer_for(view, variant_id)
