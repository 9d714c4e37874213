"""The hidden states: heatmaps of units x tokens, one per layer, with the units in an order that puts alike ones
together; the prefix coloured by one unit; and "find the unit" that tracks a property of the position."""
from functools import lru_cache

import gradio as gr

from lm import plots
from lm.bundle import FOUND_ROWS, MARKED
from lm.explorer import Explorer
from lm.inference import LSTM_QUANTITIES, QUANTITIES, SIGMOID_GATES, Trace
from lm.models import N_HIDDEN
from lm.units import PROPERTIES, Analysis
from ui.view import Control, Event, View, tab
from ui.widgets import Labels, plot_value, within
from ui.words import say

HEATMAP_TOKENS = 64            # the heatmaps show the last 64 tokens at most: wider is unreadable, and heavy


def unit_names(n_units: int, labels: list[str | None] | None, lang: str) -> tuple[str, ...]:
    "Each unit's name by its number, with what it tracks where that is clear."
    return _unit_names(n_units, tuple(labels) if labels else None, lang)


@lru_cache(maxsize=64)
def _unit_names(n_units: int, labels: tuple | None, lang: str) -> tuple[str, ...]:
    return tuple(say('unit.named', lang, unit=u, label=say(f'property.{labels[u]}', lang)) if labels and labels[u]
                 else say('unit.name', lang, unit=u) for u in range(n_units))


def groups(order: list[int], labels: list[str | None], lang: str) -> list[tuple[str, int, int]]:
    "Runs of rows whose units track the same property: (its name, first row, last row)."
    runs = []
    for row, unit in enumerate(order):
        label = labels[unit]
        if label and runs and runs[-1][0] == label and runs[-1][2] == row - 1: runs[-1][2] = row
        elif label: runs.append([label, row, row])
    return [(say(f'property.{label}', lang), first, last) for label, first, last in runs]


def hover_words(lang: str) -> tuple[str, str]: return say('figure.position', lang), say('figure.value', lang)


def found_table(analysis: Analysis, prop: str, lang: str) -> str:
    "The best units for a property over every layer and quantity, as a Markdown table."
    rows = [say('find.row', lang, rank=i + 1, layer=s.layer, quantity=say(f'quantity.{s.quantity}', lang), unit=s.unit,
                auc=f'{s.auc:.3f}',
                fires=say(f'find.{s.fires}', lang)) for i, s in enumerate(analysis.ranked(prop)[:FOUND_ROWS])]
    return '\n'.join([say('find.table', lang), *rows, '', say('find.explain', lang)])


def heatmaps(explorer: Explorer, model_id: str, tokens, quantity: str, prop: str, lang: str):
    """The heatmap of one quantity for each layer of a variant over a prefix (its last HEATMAP_TOKENS tokens), the
    units in their analysed order once it is ready, the best units for `prop` marked. Returns the tokens read, the
    layers, and each layer's values (time, units)."""
    t = explorer.trace(model_id, tuple(tokens))
    layers, states = heatmap_layers(t, explorer.ranges(model_id)[quantity], quantity, explorer.analysis(model_id),
                                    prop, lang)
    return explorer.corpus.decode(t.ids)[-HEATMAP_TOKENS:], layers, [s.values for s in states]


def heatmap_layers(t: Trace, value_range: tuple[float, float], quantity: str, analysis: Analysis | None, prop: str,
                   lang: str) -> tuple[list[plots.HeatmapLayer], list]:
    """A trace's heatmap of one quantity for each layer (its last HEATMAP_TOKENS tokens), on a fixed colour range;
    with an analysis, the units in its order and the best units for `prop` marked. Returns them with the states."""
    states = [s for s in t.states if s.quantity == quantity]
    n_units = states[0].values.shape[1]
    scale = plots.Scale.for_range(*value_range, gate=quantity in SIGMOID_GATES)
    layers = []
    for s in states:
        labels = analysis.labels[s.layer] if analysis else None
        order = analysis.order[s.layer] if analysis else list(range(n_units))
        marked = tuple(b.unit for b in analysis.ranked(prop) if (b.layer, b.quantity) == (s.layer, quantity))[:MARKED] \
            if prop and analysis else ()
        name = say('states.layer_name', lang, layer=s.layer, quantity=say(f'quantity.{s.quantity}', lang))
        layers.append(plots.HeatmapLayer(name, s.values[-HEATMAP_TOKENS:], scale, order,
                                         unit_names(n_units, labels, lang),
                                         groups(order, labels, lang) if labels else [], marked))
    return layers, states


class StatesView(View):
    name = 'states'

    def __init__(self, explorer: Explorer, words: Labels):
        self.explorer = explorer
        # every cell's quantities named now: Gradio sends the browser the words it knows as the page is built, and
        # shows the key of one named later (a GRU's gates, chosen after an LSTM's)
        self.quantity_names = {q: words(f'quantity.{q}') for cell in QUANTITIES.values() for q in cell}
        with tab(self.name, words('states.tab')) as self.tab:
            gr.Markdown(words('states.explain'))
            with gr.Row():
                self.quantity = gr.Radio([(self.quantity_names[q], q) for q in LSTM_QUANTITIES], value='h',
                                         label=words('states.quantity'), elem_id='quantity')
                self.layer = gr.Radio([1, 2], value=1, label=words('states.layer'), elem_id='layer')
                self.unit = gr.Slider(0, N_HIDDEN - 1, value=0, step=1, label=words('states.unit'),
                                      info=words('states.unit.info'), elem_id='unit')
            choices = [(words('find.none'), '')] + [(words(f'property.{p}.long'), p) for p in PROPERTIES]
            self.property = gr.Dropdown(choices, value='',
                                        label=words('find.label'), info=words('find.info'), elem_id='property')

    def inputs(self): return {self.quantity, self.layer, self.unit, self.property}
    def ready(self, model_id): return self.explorer.analysis(model_id) is not None

    def controls_for(self, model_id: str) -> dict:
        "The quantities, layers and units a variant has: the gates are the LSTMs' and the GRU's alone."
        n_layers, quantities, n_units = self.explorer.layout(model_id)
        return {self.quantity: gr.update(choices=[(self.quantity_names[q], q) for q in quantities], value='h'),
                self.layer: gr.update(choices=list(range(1, n_layers + 1)), value=1),
                self.unit: gr.update(maximum=n_units - 1)}

    def controls(self):
        found = frozenset({self.quantity, self.layer, self.unit})
        return [Control(self.quantity), Control(self.layer), Control(self.unit),
                Control(self.property, before=self.find, sets=found)]

    def find(self, e: Event) -> dict:
        "A property chosen: show its best unit (of h), on the heatmap and on the prefix."
        analysis, prop = self.explorer.analysis(e.model_id), e[self.property]
        if analysis is None or not prop: return {}
        best = analysis.best(prop, 'h', n=1)[0]
        return {self.quantity: 'h', self.layer: best.layer, self.unit: best.unit}

    def render(self, e):
        "The heatmaps of one quantity (h, c or a gate) for every layer, and the tokens coloured by one unit."
        if not e.tokens: return dict(plot=plot_value(plots.message_figure(e.say('states.empty'))))
        analysis = self.explorer.analysis(e.model_id)
        prop = e[self.property] if analysis else ''
        quantity = e[self.quantity] if e[self.quantity] in self.explorer.ranges(e.model_id) else 'h'
        read, layers, states = heatmaps(self.explorer, e.model_id, e.tokens, quantity, prop, e.lang)
        layer = within(e[self.layer], 1, len(layers))
        unit = within(e[self.unit], 0, len(layers[0].order) - 1)
        values_of_unit = states[layer - 1][-HEATMAP_TOKENS:, unit].tolist()
        n_read = len(self.explorer.trace(e.model_id, e.tokens).ids)
        window = e.say('states.window', n=HEATMAP_TOKENS, total=n_read) if n_read > HEATMAP_TOKENS else ''
        legend = e.say('states.legend', variant=e.model_id, layer=layer, quantity=e.say(f'quantity.{quantity}'),
                       unit=unit, window=window)
        figure = plots.states_figure(read, layers, selected=(layer - 1, unit), words=hover_words(e.lang))
        text = found_table(analysis, prop, e.lang) if prop else '' if analysis else e.say('states.unordered')
        return dict(text=text,
                    html=plots.tokens_html(read, values_of_unit, layers[0].scale, legend), plot=plot_value(figure))
