"""The page: the first screen, the tabs below it, and the events that tie them together.

    page = Page(Explorer('checkpoints/'));  page.demo.launch()

A keystroke, a change of model and the page's first load are one event each, which reads the text once: the
first screen renders from that Reading, and so does the tab in view (only that one: a tab renders when it is
opened). A control that only re-draws a view (temperature, a unit) runs that view alone, from the cached trace.
Handlers receive the values of their inputs as a dict and return a dict of the components they update, so the
tests call them as the page does. A view renders from one Event (ui.view); the page attaches its controls
(`attach`), and checks that every handler answers for every output its event declares (`serial`).
"""
import functools
from dataclasses import replace

import gradio as gr

from lm.explorer import Explorer
from lm.live import Trainer
from lm.prefix import MAX_CHARS
from ui import api, browser
from ui.about import AboutView
from ui.attention import AttentionView
from ui.compare import CompareView
from ui.continuation import ContinuationView
from ui.decided import DecidedView
from ui.export import ExportView
from ui.failures import FailuresView
from ui.guesses import GuessesView
from ui.keystrokes import InBrowser
from ui.lessons import LESSONS, Lesson
from ui.looked import LookedView
from ui.model_card import ModelView
from ui.path import PathView
from ui.prediction import PredictionView
from ui.reading import figures_shown, read
from ui.serving import InTurn, Renders, frozen
from ui.states import StatesView
from ui.training import TrainingView
from ui.view import IN_BROWSER, LIVE, PARTS, Control, Display, Event, Settings, View
from ui.widgets import Labels
from ui.words import language, say


class Page:
    def __init__(self, explorer: Explorer, trainer: Trainer | None = None):
        self.explorer = explorer
        self.trainer = trainer or Trainer()     # its worker process starts with the first training
        self.renders = Renders()
        self.labels = Labels()                  # the components' words, which the browser shows in its language
        # Handlers run one at a time. Gradio runs each request in a thread of its own, and many threads stepping
        # through a model op by op hand the interpreter lock to each other at every op: a class typing at once
        # would wait on that, not on the work.
        self.one_at_a_time = InTurn()
        words = self.labels
        self.in_browser = InBrowser(explorer)
        with api.Blocks(title=say('title')) as self.demo:
            # (variant, tokens) that the figures on screen belong to: held by the page, whose browser draws them
            self.shown = gr.JSON(['', []], visible=False, elem_id='shown')
            self.prediction = PredictionView(explorer, self.renders, words)
            self.lessons = self.prediction.lessons
            with gr.Tabs(elem_id='views', overflow_behavior='wrap') as self.tabs:   # every tab in sight, on a phone too
                self.states = StatesView(explorer, words)
                self.decided = DecidedView(explorer, self.states, words)
                self.path = PathView(explorer, words)
                self.attention = AttentionView(explorer, words)
                self.compare = CompareView(explorer, words)
                self.guesses = GuessesView(explorer, words)
                self.looked = LookedView(explorer, words)
                self.failures = FailuresView(explorer, words)
                self.model_card = ModelView(explorer, words)
                self.continuation = ContinuationView(explorer, words)
                self.export = ExportView(explorer, explorer.directory, words, self.shown, self.prediction.model,
                                         self.serial)
                self.training = TrainingView(explorer, self.trainer, words, self.prediction, self.compare, self.serial)
            self.display = Display()                   # what the tab in view draws
            AboutView(len(explorer.corpus.vocab), words)
            self.views: list[View] = [self.states, self.decided, self.path, self.attention, self.compare, self.guesses,
                                      self.looked, self.failures, self.model_card, self.continuation, self.export,
                                      self.training]
            self.active = gr.State(self.states.name)       # the tab in view
            # The language the page speaks, kept on the server: an event the browser sends before it has applied
            # the page's load (the tab its address opens is selected then) still reads the right one.
            self.spoken = gr.State(None)
            self.timer = gr.Timer(1.0, active=False)        # ticks while the tab in view waits for an analysis
            # what the browser asks the server for, when it cannot draw it itself (ui.keystrokes): hidden buttons
            self.asks = {name: gr.Button(elem_id=f'ask-{name}', elem_classes=['lm-hidden']) for name in
                         ('text', 'model', 'temperature', 'top_k', 'back', 'forward', 'view',
                          *(f'states-{c}' for c in ('quantity', 'layer', 'unit', 'property')))}
            self.draw_states = gr.Button(elem_id='draw-states', elem_classes=['lm-hidden'])   # by the browser
            self.wire()
            api.register(explorer, self.trainer, self.one_at_a_time)

    def lang(self, values: dict) -> str:
        "The language the reader chose (or the browser's, until they do)."
        return language(values.get(self.spoken) or values.get(self.prediction.language))

    def serial(self, handler, outputs: set | None = None):
        """The handler as Gradio calls it: one at a time (see one_at_a_time). Given the outputs its event declares,
        its answer (unless gr.skip(): every output as it is) must hold a value for each of them and for no other:
        Gradio rebuilds a component left out, which costs more than the model, and refuses the whole answer for
        one it does not expect, with an unnamed error. Here the error names them."""
        @functools.wraps(handler)
        def one_at_a_time(*args) -> dict:
            with self.one_at_a_time: out = handler(*args)
            if outputs is not None and isinstance(out, dict) and '__type__' not in out and out.keys() != outputs:
                raise RuntimeError(f"{handler.__name__} answers for {ids(out.keys() - outputs)} and not for "
                                   f"{ids(outputs - out.keys())}")
            return out
        return one_at_a_time

    def on(self, listener, handler, inputs: set, outputs: set):
        "Attach a handler of the page to an event (listener: `component.input`, `.click`…): one at a time, live."
        listener(self.serial(handler, outputs), inputs, outputs, **LIVE)

    def attach(self, view: View, control: Control):
        "A view's control: what it does, then the view renders again."
        self.on(getattr(control.component, control.event), self.on_control(view, control), self.view_inputs(view),
                self.view_outputs() | control.sets | control.makes)

    # ----- what each event reads and writes -----

    def settings_inputs(self) -> set:
        p, c = self.prediction, self.continuation
        return {p.temperature, p.top_k, c.n_tokens}

    def view_inputs(self, view: View) -> set:
        return {self.shown, self.active, self.spoken, self.prediction.language} | self.settings_inputs() | view.inputs()

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
        p, c = self.prediction, self.continuation
        every_input = {p.model, p.prefix, p.language, self.lessons.lesson, self.shown, self.active, self.spoken} | \
            self.settings_inputs()
        every_input |= {i for view in self.views for i in view.inputs()}
        self.every_input = every_input
        self.on(self.asks['text'].click, self.on_text, every_input, self.text_outputs())
        model_outputs = self.text_outputs() | self.settings_outputs() | set(self.controls_for('LMModel7')) | \
            {p.info, self.timer}
        # .input, not .change: a lesson, an address or Explore set the model and render for it themselves; a second
        # render on the change, with the controls the new model starts with, would undo what they set
        self.on(self.asks['model'].click, self.on_model, every_input, model_outputs)
        self.wire_browser()
        self.on(p.language.input, self.on_language_chosen, every_input, model_outputs | {self.spoken})
        p.language.input(None, p.language, None, js=browser.SET_LOCALE)
        # Gradio's tab bar keeps the labels it first drew for the tabs not yet opened, whatever the locale since:
        # the language, as the page opens or switches, sends it every tab's label in that language
        self.on(p.language.change, self.on_language, {p.language}, {view.tab for view in self.views})
        self.lesson_controls = {self.component(key) for lesson in LESSONS for key in lesson.controls}
        lesson_outputs = model_outputs | {p.model, p.prefix, self.active, self.tabs, self.lessons.lesson,
                                          self.lessons.text} | self.lesson_controls
        self.on(self.demo.load, self.on_load, every_input, lesson_outputs | {p.language, self.spoken, p.present})
        self.demo.load(None, None, None, js=browser.ON_LOAD)
        address = [p.model, p.prefix, p.language, p.temperature, p.top_k, self.lessons.lesson]
        for control in address: control.change(None, address, None, js=browser.ADDRESS)   # the address bar follows
        p.present.change(None, p.present, None, js=browser.PRESENT)
        p.reveal.click(None, None, None, js=browser.REVEAL)
        for control in (p.prefix, p.model): control.change(None, None, None, js=browser.HIDE)
        for name, forward in (('back', False), ('forward', True)):
            self.on(self.asks[name].click, self.on_step(forward), {p.prefix, p.language, self.spoken},
                    {p.prefix, p.status})
        self.on(self.lessons.lesson.input, self.on_lesson, every_input, lesson_outputs)
        explore_outputs = model_outputs | {p.model, self.active, self.tabs, self.compare.left, self.compare.right}
        self.on(self.training.explore.click, self.on_explore, every_input, explore_outputs)
        # .input, not .change: a value sent back in range must not trigger another event that clears its note
        settings_outputs = self.settings_outputs() | {p.heading, p.chart} | self.view_outputs()
        for control in (self.asks['temperature'].click, self.asks['top_k'].click, c.n_tokens.input, c.mode.input):
            self.on(control, self.on_settings, every_input, settings_outputs)
        for view in self.views:
            for control in view.controls():
                if view is self.states:          # the browser draws it, and asks the server where it cannot
                    name = next(n for n, c in vars(self.states).items() if c is control.component)
                    control = replace(control, component=self.asks[f'states-{name}'], event='click')
                self.attach(view, control)
            self.on(view.tab.select, self.on_tab(view), self.view_inputs(view), self.view_outputs() | {self.active})
            view.tab.select(None, None, None, js=browser.address_view(view.name))
        self.on(self.training.trained.then, self.on_tick, every_input, self.view_outputs())  # its replay, if in view
        self.demo.unload(self.training.unload)
        self.on(self.timer.tick, self.on_tick, every_input, self.view_outputs())
        self.on(self.asks['view'].click, self.on_tick, every_input, self.view_outputs())

    def wire_browser(self):
        "The events the browser draws (ui.keystrokes): a keystroke, a model, the settings, Hidden states, Step."
        p, s, d = self.prediction, self.states, self.display
        inputs = dict(prefix=p.prefix, model=p.model, language=p.language, temperature=p.temperature, top_k=p.top_k,
                      quantity=s.quantity, layer=s.layer, unit=s.unit, property=s.property, shown=self.shown)
        parts = {part: getattr(d, part) for part in PARTS}
        first_screen = dict(status=p.status, heading=p.heading, chart=p.chart, shown=self.shown, note=p.note)
        controls = dict(quantity=s.quantity, layer=s.layer, unit=s.unit, off_layer=self.decided.off_layer,
                        off_units=self.decided.off_units, path_layer=self.path.layer)
        settings = dict(temperature=p.temperature, top_k=p.top_k, settings_note=p.settings_note, note=p.note)
        events = {'text': (p.prefix.change, first_screen),
                  'model': (p.model.input, first_screen | controls | settings | dict(info=p.info)),
                  'temperature': (p.temperature.input, settings | dict(heading=p.heading, chart=p.chart)),
                  'top_k': (p.top_k.input, settings | dict(heading=p.heading, chart=p.chart)),
                  'back': (p.back.click, dict(prefix=p.prefix, status=p.status, note=p.note)),
                  'forward': (p.forward.click, dict(prefix=p.prefix, status=p.status, note=p.note))}
        for name in ('quantity', 'layer', 'unit', 'property'):
            events[f'states.{name}'] = (getattr(s, name).input, dict(quantity=s.quantity, layer=s.layer, unit=s.unit,
                                                                    note=p.note))
        events['states.draw'] = (self.draw_states.click, parts | dict(timer=self.timer, note=p.note))
        for event, (listener, outputs) in events.items():
            listener(None, list(inputs.values()), list(outputs.values()),
                     js=self.in_browser.js(event, list(inputs), list(outputs)), **IN_BROWSER)

    def values(self, **changes) -> dict:
        """The value of every input as the page starts, with some changed by name: values(prefix='one .'); a name
        that two views use is changed in both, or in one as 'view__name' (path__layer=2)."""
        values = {self.shown: changes.get('shown', self.shown.value),
                  self.active: changes.get('active', self.active.value),
                  self.spoken: changes.get('spoken', self.spoken.value)}
        for view in (self.prediction, self.lessons, *self.views):
            for name, component in vars(view).items():
                if isinstance(component, gr.components.Component) and component not in values:   # its own view's
                    values[component] = changes.get(f'{view.name}__{name}', changes.get(name, component.value))
        return values

    # ----- handlers -----

    def settings(self, values: dict) -> tuple[Settings, dict]:
        "The number boxes brought into range, and what to send back to the boxes and their notes."
        p, c = self.prediction, self.continuation
        temperature, top_k, note = p.settings(values[p.temperature], values[p.top_k], self.lang(values))
        n_tokens, n_note = c.settings(values[c.n_tokens], self.lang(values))
        back = {p.temperature: temperature, p.top_k: top_k, c.n_tokens: n_tokens, p.settings_note: note,
                c.settings_note: n_note}
        return Settings(temperature, top_k, n_tokens), back

    def event(self, values: dict) -> Event:
        "What the views render from: the figures on screen (none for a model now gone), the settings in range."
        model_id, tokens = figures_shown(self.explorer, values[self.shown])
        return Event(model_id, tuple(tokens), values, self.settings(values)[0], self.lang(values))

    def render(self, view: View, e: Event) -> dict:
        """One view into the display, from the renders cache when nothing it depends on has changed. A view still
        waiting for an analysis renders anew each time: what it shows changes as the analyses come in."""
        if not view.ready(e.model_id): return self.display.show(view.render(e))
        inputs = sorted(((c._id, frozen(e[c])) for c in view.inputs()), key=lambda pair: pair[0])
        key = (view.name, e.model_id, e.tokens if view.reads_prefix else (), tuple(inputs),
               e.settings if view.reads_settings else None, e.lang)
        return self.display.show(self.renders.get(key, lambda: view.render(e)))

    def timer_for(self, view: View, model_id: str) -> dict:
        "The timer ticks while an analysis the view needs is on its way, and stops once it is ready."
        return {self.timer: gr.Timer(active=not view.ready(model_id))}

    def view_named(self, name: str) -> View: return next(v for v in self.views if v.name == name)

    def on_text(self, values: dict) -> dict:
        "A keystroke or a new model: read the text once; the first screen and the tab in view render from it."
        p = self.prediction
        reading = read(self.explorer, values[p.model], values[p.prefix], self.one_at_a_time.pause)
        settings, lang = self.settings(values)[0], self.lang(values)
        shown_tokens = figures_shown(self.explorer, values[self.shown])[1]
        out = p.render(reading, settings.temperature, settings.top_k, shown_tokens, lang)
        if not reading.ok: return out | {c: gr.skip() for c in {self.shown} | self.display.outputs()}   # as they were
        out[self.shown] = (reading.model_id, reading.tokens)
        e = Event(reading.model_id, reading.tokens, values, settings, lang)
        return out | self.render(self.view_named(values[self.active]), e)

    def controls_for(self, model_id: str) -> dict:
        "The layers, quantities and units of a variant, for the controls that choose among them."
        return (self.states.controls_for(model_id) | self.decided.controls_for(model_id, self.labels)
                | self.path.controls_for(model_id))

    def on_load(self, values: dict, request: gr.Request) -> dict:
        """The page opens: the view its address names (lesson, variant, text, lang, temperature, top_k, view), in
        the language the address or else the browser asks for. A lesson sets its model, prefix, view and controls,
        and the rest of the address what was changed since."""
        p, query = self.prediction, request.query_params if request else {}
        lang = language(query.get('lang') or (request.headers.get('accept-language') if request else None))
        lesson = self.lessons.chosen(query.get('lesson'))
        changes = {p.language: lang, self.spoken: lang} | self.lesson_changes(lesson, values)
        if query.get('variant') in self.explorer.checkpoints: changes[p.model] = query['variant']
        if 'text' in query: changes[p.prefix] = query['text'][:5 * MAX_CHARS]
        for control, name in ((p.temperature, 'temperature'), (p.top_k, 'top_k')):
            try: changes[control] = float(query[name])
            except (KeyError, ValueError): pass
        view = next((v for v in self.views if v.name == query.get('view')),
                    self.view_named(lesson.view) if lesson else self.states)
        changes |= {self.active: view.name, self.tabs: gr.Tabs(selected=view.name),
                    p.present: query.get('present') == '1'}
        as_they_are = self.lesson_controls_as_they_are(values)
        return as_they_are | changes | self.on_model(values | changes, keep=set(changes))

    def component(self, key: str):
        "A control by 'view.name': 'compare.left'."
        view, name = key.split('.')
        return getattr(self.view_named(view), name)

    def open(self, values: dict, view: str, changes: dict) -> dict:
        "Open a view with some controls changed (the model among them): a lesson, or exploring a trained model."
        changes = changes | {self.active: view}
        return changes | self.on_model(values | changes, keep=set(changes)) | {self.tabs: gr.Tabs(selected=view)}

    def on_lesson(self, values: dict) -> dict:
        "A lesson chosen: its model, prefix, view and controls, and what to look at."
        lesson = self.lessons.chosen(values[self.lessons.lesson])
        if lesson is None: return gr.skip()                 # every output as it is
        opened = self.open(values, lesson.view, self.lesson_changes(lesson, values))
        return self.lesson_controls_as_they_are(values) | opened

    def lesson_changes(self, lesson: Lesson | None, values: dict) -> dict:
        """What a lesson sets: the lesson chosen, its model, prefix, text and controls; without one, every control a
        lesson may set, as it is."""
        p, ls = self.prediction, self.lessons
        if lesson is None:
            return {ls.text: ''} | {c: values[c] for c in {ls.lesson, p.model, p.prefix} | self.lesson_controls}
        return {ls.lesson: lesson.name, p.model: lesson.variant, p.prefix: lesson.prefix,
                ls.text: str(self.labels(f'lesson.{lesson.name}.text'))} | \
            {self.component(key): value for key, value in lesson.controls.items()}

    def lesson_controls_as_they_are(self, values: dict) -> dict:
        """Every control a lesson may set, as it is: the answer of an event that may open a lesson holds them all,
        and the lesson and the model then set theirs (not through `keep`, which would hold them as they are)."""
        return {c: values[c] for c in self.lesson_controls}

    def on_explore(self, values: dict) -> dict:
        "The model this session trained, chosen in every view, and side by side with the shipped one of its variant."
        model_id = values[self.training.mine]
        ck = self.explorer.loaded(model_id)
        if ck is None: return gr.skip()                     # every output as it is: no model of this session
        return self.open(values, self.compare.name, {self.prediction.model: model_id,
                                                      self.compare.left: ck.variant.id, self.compare.right: model_id})

    def on_model(self, values: dict, keep: set = frozenset()) -> dict:
        """A new model (or the first load): its layers and units, the settings in range, then what a keystroke
        shows. keep: controls whose value stays as it is (a lesson sets them), instead of going back to the first."""
        model_id = values[self.prediction.model]
        controls = self.controls_for(model_id)
        for c in keep & controls.keys(): controls[c]['value'] = values[c]
        values = values | {c: u['value'] for c, u in controls.items() if 'value' in u}
        timer = self.timer_for(self.view_named(values[self.active]), model_id) if \
            self.explorer.loaded(model_id) else {self.timer: gr.Timer(active=False)}
        info = {self.prediction.info: self.prediction.info_of(model_id, self.lang(values))}
        return controls | self.settings(values)[1] | self.on_text(values) | timer | info

    def on_settings(self, values: dict) -> dict:
        "Temperature, top-k or the continuation's settings: the chart re-shaped from the cached trace."
        p, e, back = self.prediction, self.event(values), self.settings(values)[1]
        view = self.shown_view(self.view_named(values[self.active]), e)
        if not e.tokens: return back | {p.heading: gr.skip(), p.chart: gr.skip()} | view
        chart = p.chart_and_heading(e.model_id, e.tokens, e.settings.temperature, e.settings.top_k, e.lang)
        return back | chart | view

    def on_control(self, view: View, control: Control | None = None):
        """A handler for a view's own control (or its tab, without one). It answers for every output, with an empty
        prefix too: the view then shows what it shows without one."""
        def handle(values: dict) -> dict:
            e, changes = self.event(values), {}
            if control:
                changes = {c: values[c] for c in control.sets} | (control.before(e) if control.before and e.tokens
                                                                  else {})
                changes |= control.action(e.changed(changes)) if control.action else {}
            return changes | self.shown_view(view, e.changed(changes))
        return handle

    def shown_view(self, view: View, e: Event) -> dict:
        "A view drawn for the figures on screen, and the timer ticking while it waits for an analysis."
        if not e.model_id:
            # Before the page's load has drawn anything. Gradio reads an event's inputs as it comes, before its turn:
            # an event sent as the page opens (the tab its address selects) may come while the load is drawing, and
            # must not empty what the load draws.
            return {c: gr.skip() for c in self.view_outputs()}
        if not self.explorer.loaded(e.model_id): return self.display.show({}) | {self.timer: gr.Timer(active=False)}
        return self.render(view, e) | self.timer_for(view, e.model_id)

    def on_language_chosen(self, values: dict) -> dict:
        "The reader chose a language: the page speaks it from now on."
        spoken = {self.spoken: language(values[self.prediction.language])}
        return spoken | self.on_model(values | spoken)

    def on_language(self, values: dict) -> dict:
        "Every tab's label in the language chosen."
        return {view.tab: gr.update(label=self.labels.text(view.tab.label, self.lang(values))) for view in self.views}

    def on_step(self, forward: bool):
        "A step along true counting, or back."
        def handle(values: dict) -> dict:
            p = self.prediction
            return {p.prefix: gr.skip(), p.status: gr.skip()} | p.step(values[p.prefix], forward, self.lang(values))
        return handle

    def on_tab(self, view: View):
        "A tab opened: it becomes the one that keystrokes render, and renders now."
        def handle(values: dict) -> dict:
            return {self.active: view.name} | self.on_control(view)(values)
        return handle

    def on_tick(self, values: dict) -> dict:
        """While the tab in view waits for an analysis: render it again, until it is ready. Hidden states, which shows
        nothing new until then, renders once it is ready: the browser may be drawing it meanwhile (ui.keystrokes)."""
        view = self.view_named(values[self.active])
        e = self.event(values)
        if view is self.states and self.explorer.loaded(e.model_id) and not view.ready(e.model_id):
            return {c: gr.skip() for c in self.view_outputs()}             # the timer ticks on
        return self.on_control(view)(values)


def ids(components) -> str:
    "Components named for a message: their elem_id, or their kind and Gradio's number."
    return ', '.join(sorted(c.elem_id or f'{type(c).__name__} {c._id}' for c in components)) or 'none'
