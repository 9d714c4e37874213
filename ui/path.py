"""The state as a path: each layer's hidden state mapped to 2-D by a PCA fitted once over the validation text, the
validation text drawn faintly, and the prefix's path over it."""
import gradio as gr

from lm import plots
from lm.data import KINDS
from lm.explorer import Explorer
from lm.inference import text_states
from lm.models import N_HIDDEN
from ui.view import View, tab
from ui.widgets import Labels, plot_value, within
from ui.words import say

PATH_TOKENS = 40               # the last tokens drawn: enough to go round a few numbers, few enough to read


class PathView(View):
    name = 'path'

    def __init__(self, explorer: Explorer, t: Labels):
        self.explorer = explorer
        with tab(self.name, t('path.tab')) as self.tab:
            gr.Markdown(t('path.explain', n_units=N_HIDDEN))
            self.layer = gr.Radio([1, 2], value=1, label=t('path.layer'), elem_id='path-layer')

    def inputs(self): return {self.layer}
    def ready(self, variant_id): return self.explorer.analysis(variant_id) is not None

    def controls_for(self, variant_id: str) -> dict:
        n_layers = self.explorer.layout(variant_id)[0]
        return {self.layer: gr.update(choices=list(range(1, n_layers + 1)), value=1)}

    def render(self, variant_id, tokens, values, lang):
        analysis = self.explorer.analysis(variant_id)
        if analysis is None: return dict(text=say('path.pending', lang, variant=variant_id))
        if not tokens: return {}
        ck = self.explorer.checkpoint(variant_id)
        layer = within(values[self.layer], 1, len(analysis.maps))
        if ck.variant.reads_last:          # the state at each position, from the tokens it reads there
            ids = self.explorer.corpus.encode(tokens)[-(PATH_TOKENS + ck.variant.reads_last - 1):]
            states = text_states(ck.model, ck.variant, ids)
        else: states = self.explorer.trace(variant_id, tuple(tokens)).states
        h = next(s for s in states if (s.layer, s.quantity) == (layer, 'h')).values[-PATH_TOKENS:]
        pca = analysis.maps[layer]
        path, shown = pca.project(h), list(tokens)[-len(h):]
        axes = tuple(say('path.axis', lang, n=n + 1, share=f'{share:.0%}') for n, share in enumerate(pca.explained))
        kind_names = {kind: say(f'kind.{kind}', lang) for kind in KINDS}
        figure = plots.path_figure(analysis.cloud[layer], analysis.cloud_kinds, kind_names, path, shown, axes,
                                   say('figure.position', lang))
        return dict(plot=plot_value(figure))

    def wire(self, page):
        self.layer.input(page.serial(page.on_view_control(self)), page.view_inputs(self), page.view_outputs(),
                         **page.LIVE)
