"""What every tab below the first screen has in common.

A tab holds its explanation and its controls; what it draws goes to one display under the tabs, which the tab in
view fills: a text, a strip of tokens, a figure, more text, a second figure. So a keystroke updates the first
screen and those five components, whichever tab is open, and a tab renders again when it is opened: Gradio's
cost grows with every component an event updates, and a class typing at once pays it on every keystroke.
"""
from collections.abc import Callable
from dataclasses import dataclass, replace

import gradio as gr

from ui.words import say

PARTS = ('text', 'html', 'plot', 'more_text', 'more_plot')

# How the page's own events run (every view's too):
# preprocess=False: the handlers take the raw values and bring each slider's number into range themselves, with
# a note, where Gradio would refuse an out-of-range number typed in the box with an error over the page.
# postprocess=False: the handlers return what the page receives (a plot as ui.widgets.plot_value makes it),
# which spares Gradio a thread for each component on every keystroke.
# queue=False: an event is one HTTP request and its answer, not a queue entry with its event stream, which
# costs the server more than the model; the page still sends only the latest text while one is on its way.
LIVE = dict(show_progress='hidden', trigger_mode='always_last', api_visibility='private', preprocess=False,
            postprocess=False, queue=False)
# The events the browser draws itself (ui.keystrokes): no server function, only `js`
IN_BROWSER = dict(show_progress='hidden', trigger_mode='always_last', api_visibility='private', queue=False)


class Display:
    "The five components under the tabs."
    def __init__(self):
        self.text = gr.Markdown(elem_id='view-text')
        self.html = gr.HTML(elem_id='view-html')
        self.plot = gr.Plot(show_label=False, elem_id='view-plot')
        self.more_text = gr.Markdown(elem_id='view-more-text')
        self.more_plot = gr.Plot(show_label=False, elem_id='view-more-plot')

    def outputs(self) -> set: return {getattr(self, part) for part in PARTS}

    def show(self, parts: dict) -> dict:
        "Each component's value from a view's parts by name; a part the view does not use is emptied."
        return {getattr(self, part): parts.get(part) for part in PARTS}


@dataclass(frozen=True)
class Settings:
    "The page's number boxes brought into range: the chart's temperature and top-k, the continuation's length."
    temperature: float
    top_k: int
    n_tokens: int


@dataclass(frozen=True)
class Event:
    """What a view renders from, for one event of the page: the model and the tokens the figures show, the value
    of every input by component, the settings in range, and the language the page speaks."""
    model_id: str                 # a shipped variant's id, or a model trained on the page ('LMModel7-mine-…')
    tokens: tuple[str, ...]
    values: dict
    settings: Settings
    lang: str

    def __getitem__(self, component): return self.values[component]
    def say(self, key: str, **fields) -> str: return say(key, self.lang, **fields)
    def changed(self, changes: dict) -> 'Event': return replace(self, values=self.values | changes)


@dataclass(frozen=True)
class Control:
    """One of a view's controls, and what using it does: the view renders again. `before(event)` may first choose
    the controls in `sets` (a quick choice, which needs a prefix); `action(event)` does more than render (write a
    continuation) and updates `makes`. The page attaches it (Page.attach): one at a time, live, with the view's
    inputs, the display and these outputs."""
    component: gr.components.Component
    event: str = 'input'                     # 'input': a value the reader changes; 'click': a button
    before: Callable | None = None
    sets: frozenset = frozenset()
    action: Callable | None = None
    makes: frozenset = frozenset()


class View:
    name: str                    # the tab's id
    reads_prefix = True          # draws the prefix: its tokens key its renders (not for a view of the whole model)
    reads_settings = False       # draws with temperature, top-k or the continuation's length: they key its renders

    def inputs(self) -> set: return set()                 # its own controls, read when it renders
    def controls(self) -> list[Control]: return []        # what its controls do, for the page to attach
    def render(self, e: Event) -> dict: return {}          # parts by name
    def ready(self, model_id: str) -> bool: return True    # False while an analysis it needs is computing


def tab(name: str, label: str) -> gr.Tab:
    return gr.Tab(label, id=name, elem_id=f'tab-{name}')
