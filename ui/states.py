"""The hidden states view: heatmaps of units x tokens, one per layer, and the prefix coloured by one unit."""
import gradio as gr

from lm import plots
from lm.explorer import Explorer
from lm.inference import LSTM_QUANTITIES, SIGMOID_GATES, layout
from ui.widgets import plot_value
from ui.words import say

HEATMAP_TOKENS = 64            # the heatmaps show the last 64 tokens at most: wider is unreadable, and heavy


class StatesView:
    def __init__(self, explorer: Explorer, lang: str = 'en'):
        self.explorer = explorer
        gr.Markdown(f"### {say('states.heading', lang)}\n{say('states.explain', lang)}")
        with gr.Row():
            self.quantity = gr.Radio(list(LSTM_QUANTITIES), value='h', label=say('states.quantity', lang),
                                     elem_id='quantity')
            self.layer = gr.Radio([1, 2], value=1, label=say('states.layer', lang), elem_id='layer')
            self.unit = gr.Slider(0, 63, value=0, step=1, label=say('states.unit', lang),
                               info=say('states.unit.info', lang), elem_id='unit')
        self.unit_tokens = gr.HTML(elem_id='unit-tokens')
        self.heatmaps = gr.Plot(show_label=False, elem_id='states')

    def controls_for(self, variant_id: str) -> dict:
        "The quantities, layers and units a variant has: the gates are the LSTMs' alone."
        ck = self.explorer.checkpoints.get(variant_id)
        n_layers, quantities = layout(ck.model, ck.variant) if ck else (1, ('h',))
        n_units = ck.model.i_h.weight.shape[1] if ck else 64
        return {self.quantity: gr.update(choices=list(quantities), value='h'),
                self.layer: gr.update(choices=list(range(1, n_layers + 1)), value=1),
                self.unit: gr.update(maximum=n_units - 1)}

    def render(self, variant_id: str, tokens, quantity: str, layer, unit, lang: str = 'en') -> dict:
        "The heatmaps of one quantity (h, c or a gate) for every layer, and the tokens coloured by one unit."
        if not tokens:
            return {self.heatmaps: plot_value(plots.message_figure(say('states.empty', lang))), self.unit_tokens: ''}
        t = self.explorer.trace(variant_id, tuple(tokens))
        ranges = self.explorer.ranges(variant_id)
        quantity = quantity if quantity in ranges else 'h'
        layers = [s for s in t.states if s.quantity == quantity]
        layer = min(max(int(layer or 1), 1), len(layers))
        n_units = layers[0].values.shape[1]
        unit = min(max(int(round(unit or 0)), 0), n_units - 1)
        read = self.explorer.corpus.decode(t.ids)[-HEATMAP_TOKENS:]
        scale = plots.Scale.for_range(*ranges[quantity], gate=quantity in SIGMOID_GATES)
        figure = plots.states_figure(read, [(s.name, s.values[-HEATMAP_TOKENS:], scale) for s in layers], unit=unit)
        values = layers[layer - 1].values[-HEATMAP_TOKENS:, unit].tolist()
        window = say('states.window', lang, n=HEATMAP_TOKENS, total=len(t.ids)) if len(t.ids) > HEATMAP_TOKENS else ''
        legend = say('states.legend', lang, variant=variant_id, layer=layer, quantity=quantity, unit=unit, window=window)
        return {self.heatmaps: plot_value(figure), self.unit_tokens: plots.tokens_html(read, values, scale, legend)}
