"""What the prediction looked at (saliency over the prefix), and layer by layer (what layer 1 alone would say)."""
import gradio as gr

from lm import plots
from lm.explain import logit_lens, saliency
from lm.explorer import Explorer
from ui.texts import percent
from ui.view import View, tab
from ui.widgets import Labels, plot_value

SALIENCY_TOKENS = 64


class LookedView(View):
    name = 'looked'

    def __init__(self, explorer: Explorer, words: Labels):
        self.explorer = explorer
        with tab(self.name, words('looked.tab')) as self.tab:
            gr.Markdown(words('looked.explain'))

    def render(self, e):
        if not e.tokens: return {}
        ck, vocab = self.explorer.checkpoint(e.model_id), self.explorer.corpus.vocab
        ids = self.explorer.corpus.encode(e.tokens)
        token, weights = saliency(ck.model, ck.variant, ids)
        weights = weights[-SALIENCY_TOKENS:]
        scale = plots.Scale.for_range(0.0, float(weights.max()) or 1.0)
        out = dict(html=plots.tokens_html(list(e.tokens)[-SALIENCY_TOKENS:], weights.tolist(), scale,
                                          e.say('looked.legend', token=vocab[token])))
        lens = f"### {e.say('looked.lens')}\n{e.say('looked.lens_explain')}\n\n"
        layers = logit_lens(ck.model, self.explorer.trace(e.model_id, e.tokens))
        if len(layers) < 2: return out | dict(more_text=lens + e.say('looked.lens_one_layer', variant=e.model_id))
        first, last = layers[0], layers[-1]
        order = last.argsort(descending=True).tolist()
        a, b = int(first.argmax()), int(last.argmax())
        out['more_text'] = lens + e.say('looked.lens_result', first=vocab[a], first_prob=percent(float(first[a])),
                                        last=vocab[b], last_prob=percent(float(last[b])))
        out['more_plot'] = plot_value(plots.distribution_figure(
            [vocab[i] for i in order], first[order].tolist(), last[order].tolist(),
            names=(e.say('looked.legend_first'), e.say('looked.legend_last'))))
        return out
