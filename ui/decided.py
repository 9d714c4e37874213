"""Which units decided the prediction, and what happens when some are switched off.

The votes are exact for the last layer: its logit for a token is the sum over units of value x output weight, plus
a bias. Switching units off holds their output h at 0 from a position on (lm.inference.SwitchOff) and runs the
model again: the causal test of what a unit means.
"""
import gradio as gr
import torch

from lm import plots
from lm.explorer import Explorer
from lm.inference import SwitchOff, probabilities, trace
from lm.models import N_HIDDEN
from lm.units import votes
from ui.states import StatesView, unit_names
from ui.texts import percent
from ui.view import Control, Event, View, tab
from ui.widgets import Labels, plot_value
from ui.words import say

VOTERS = 10                    # the units shown as voters
PICKED = 3                     # units picked by the quick choices


def unit_list(units, lang: str) -> str:
    return ', '.join(say('unit.name', lang, unit=u) for u in units)


class DecidedView(View):
    name = 'decided'

    def __init__(self, explorer: Explorer, states: StatesView, words: Labels):
        self.explorer, self.states = explorer, states
        with tab(self.name, words('decided.tab')) as self.tab:
            gr.Markdown(words('decided.explain'))
            with gr.Row():
                self.off_layer = gr.Radio([1, 2], value=1, label=words('off.layer'), elem_id='off-layer')
                self.off_units = gr.Dropdown([(words('unit.name', unit=u), u) for u in range(N_HIDDEN)], value=[],
                                             multiselect=True, label=words('off.units'),
                                             info=words('off.units.info'), elem_id='off-units', scale=2)
                self.off_from = gr.Radio([(words('off.from.last'), 'last'), (words('off.from.start'), 'start')],
                                         value='last', label=words('off.from'), elem_id='off-from')
            with gr.Row():
                self.use_voters = gr.Button(words('off.use_voters'), size='sm', elem_id='use-voters')
                self.use_found = gr.Button(words('off.use_found'), size='sm', elem_id='use-found')

    def inputs(self): return {self.off_layer, self.off_units, self.off_from, self.states.property}

    def controls_for(self, model_id: str, words: Labels) -> dict:
        n_layers, _, n_units = self.explorer.layout(model_id)
        return {self.off_layer: gr.update(choices=list(range(1, n_layers + 1)), value=n_layers),
                self.off_units: gr.update(choices=[(words('unit.name', unit=u), u) for u in range(n_units)],
                                          value=[])}

    def top_voters(self, model_id: str, tokens) -> tuple[int, list[int], torch.Tensor, float, float, int]:
        "The predicted token, the units of the last layer by their vote for it, their votes, its logit and bias."
        ck, t = self.explorer.checkpoint(model_id), self.explorer.trace(model_id, tuple(tokens))
        last = [s for s in t.states if s.quantity == 'h'][-1]
        token = int(t.logits.argmax())
        shares = votes(last.values[-1], ck.model.h_o.weight[token])
        order = shares.argsort(descending=True).tolist()
        return token, order, shares, float(t.logits[token]), float(ck.model.h_o.bias[token].detach()), last.layer

    def controls(self):
        picked = frozenset({self.off_layer, self.off_units})
        return [Control(self.off_layer), Control(self.off_units), Control(self.off_from),
                Control(self.use_voters, 'click', before=self.pick_voters, sets=picked),
                Control(self.use_found, 'click', before=self.pick_found, sets=picked)]

    def pick_voters(self, e: Event) -> dict:
        "The units that voted most for the prediction."
        _, order, _, _, _, layer = self.top_voters(e.model_id, e.tokens)
        return {self.off_layer: layer, self.off_units: order[:PICKED]}

    def pick_found(self, e: Event) -> dict:
        "The best units of h for the property chosen in Hidden states, in the layer of the best one."
        analysis, prop = self.explorer.analysis(e.model_id), e[self.states.property]
        if analysis is None or not prop: return {}
        best = analysis.best(prop, 'h', n=1)[0]
        units = [s.unit for s in analysis.ranked(prop) if (s.layer, s.quantity) == (best.layer, 'h')][:PICKED]
        return {self.off_layer: best.layer, self.off_units: units}

    def render(self, e):
        if not e.tokens: return {}
        vocab = self.explorer.corpus.vocab
        analysis = self.explorer.analysis(e.model_id)
        token, order, shares, logit, bias, layer = self.top_voters(e.model_id, e.tokens)
        labels = analysis.labels[layer] if analysis else None
        names = unit_names(len(shares), labels, e.lang)
        top = order[:VOTERS]
        title = e.say('decided.title', token=vocab[token], logit=f'{logit:.2f}', bias=f'{bias:.2f}',
                      n_units=len(shares), layer=layer, n=len(top), share=f'{float(shares[top].sum()):.2f}')
        if self.explorer.checkpoint(e.model_id).variant.attention: title = e.say('decided.pointer') + '\n\n' + title
        out = dict(text=title,
                   plot=plot_value(plots.votes_figure([names[u] for u in top], shares[top].tolist(),
                                                      e.say('decided.axis'))))
        return out | self.switched_off(e)

    def switched_off(self, e: Event) -> dict:
        "The next-token distribution with the chosen units off, next to the unchanged one."
        units = tuple(sorted(int(u) for u in e[self.off_units] or ()))
        if not units: return dict(more_text=e.say('off.none'))
        ck = self.explorer.checkpoint(e.model_id)
        ids = self.explorer.corpus.encode(e.tokens)
        start = 0 if e[self.off_from] == 'start' else len(ids) - 1
        switch = SwitchOff(int(e[self.off_layer] or 1), units, start)
        before = probabilities(self.explorer.trace(e.model_id, e.tokens).logits)
        after = probabilities(trace(ck.model, ck.variant, ids, switch).logits)
        vocab = self.explorer.corpus.vocab
        order = before.argsort(descending=True).tolist()
        b, a = int(before.argmax()), int(after.argmax())
        key = 'off.result' if a != b else 'off.result_same'
        result = e.say(key, units=unit_list(units, e.lang), layer=switch.layer, start=start, token=e.tokens[start],
                       before=vocab[b], before_prob=percent(float(before[b])), after=vocab[a],
                       after_prob=percent(float(after[a])))
        figure = plots.distribution_figure([vocab[i] for i in order], before[order].tolist(), after[order].tolist(),
                                           names=(e.say('off.legend_before'), e.say('off.legend_after')))
        return dict(more_text=result, more_plot=plot_value(figure))
