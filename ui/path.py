"""The state as a path: each layer's hidden state mapped to 2-D by a PCA fitted once over the validation text, the
validation text drawn faintly, and the prefix's path over it."""
import gradio as gr

from lm import plots
from lm.data import KINDS
from lm.explorer import Explorer
from lm.inference import text_states
from lm.models import N_HIDDEN
from ui.view import Control, View, tab
from ui.widgets import Labels, plot_value, within

PATH_TOKENS = 40               # the last tokens drawn: enough to go round a few numbers, few enough to read


class PathView(View):
    name = 'path'

    def __init__(self, explorer: Explorer, words: Labels):
        self.explorer = explorer
        with tab(self.name, words('path.tab')) as self.tab:
            gr.Markdown(words('path.explain', n_units=N_HIDDEN))
            self.layer = gr.Radio([1, 2], value=1, label=words('path.layer'), elem_id='path-layer')

    def inputs(self): return {self.layer}
    def controls(self): return [Control(self.layer)]
    def ready(self, model_id): return self.explorer.analysis(model_id) is not None

    def controls_for(self, model_id: str) -> dict:
        n_layers = self.explorer.layout(model_id)[0]
        return {self.layer: gr.update(choices=list(range(1, n_layers + 1)), value=1)}

    def render(self, e):
        analysis = self.explorer.analysis(e.model_id)
        if analysis is None: return dict(text=e.say('path.pending', variant=e.model_id))
        if not e.tokens: return {}
        ck = self.explorer.checkpoint(e.model_id)
        layer = within(e[self.layer], 1, len(analysis.maps))
        if ck.variant.reads_last:          # the state at each position, from the tokens it reads there
            ids = self.explorer.corpus.encode(e.tokens)[-(PATH_TOKENS + ck.variant.reads_last - 1):]
            states = text_states(ck.model, ck.variant, ids)
        else: states = self.explorer.trace(e.model_id, e.tokens).states
        h = next(s for s in states if (s.layer, s.quantity) == (layer, 'h')).values[-PATH_TOKENS:]
        pca = analysis.maps[layer]
        path, shown = pca.project(h), list(e.tokens)[-len(h):]
        axes = tuple(e.say('path.axis', n=n + 1, share=f'{share:.0%}') for n, share in enumerate(pca.explained))
        kind_names = {kind: e.say(f'kind.{kind}') for kind in KINDS}
        figure = plots.path_figure(analysis.cloud[layer], analysis.cloud_kinds, kind_names, path, shown, axes,
                                   e.say('figure.position'))
        return dict(plot=plot_value(figure))
