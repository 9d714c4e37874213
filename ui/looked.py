"""What the prediction looked at (saliency over the prefix), and layer by layer (what layer 1 alone would say)."""
import gradio as gr

from lm import plots
from lm.explain import logit_lens, saliency
from lm.explorer import Explorer
from ui.texts import percent
from ui.view import View, tab
from ui.widgets import Labels, plot_value
from ui.words import say

SALIENCY_TOKENS = 64


class LookedView(View):
    name = 'looked'

    def __init__(self, explorer: Explorer, t: Labels):
        self.explorer = explorer
        with tab(self.name, t('looked.tab')) as self.tab:
            gr.Markdown(t('looked.explain'))

    def render(self, variant_id, tokens, values, lang):
        if not tokens: return {}
        ck, vocab = self.explorer.checkpoint(variant_id), self.explorer.corpus.vocab
        ids = self.explorer.corpus.encode(tokens)
        token, weights = saliency(ck.model, ck.variant, ids)
        weights = weights[-SALIENCY_TOKENS:]
        scale = plots.Scale.for_range(0.0, float(weights.max()) or 1.0)
        out = dict(html=plots.tokens_html(list(tokens)[-SALIENCY_TOKENS:], weights.tolist(), scale,
                                          say('looked.legend', lang, token=vocab[token])))
        lens = f"### {say('looked.lens', lang)}\n{say('looked.lens_explain', lang)}\n\n"
        layers = logit_lens(ck.model, self.explorer.trace(variant_id, tuple(tokens)))
        if len(layers) < 2: return out | dict(more_text=lens + say('looked.lens_one_layer', lang, variant=variant_id))
        first, last = layers[0], layers[-1]
        order = last.argsort(descending=True).tolist()
        a, b = int(first.argmax()), int(last.argmax())
        out['more_text'] = lens + say('looked.lens_result', lang, first=vocab[a], first_prob=percent(float(first[a])),
                                      last=vocab[b], last_prob=percent(float(last[b])))
        out['more_plot'] = plot_value(plots.distribution_figure(
            [vocab[i] for i in order], first[order].tolist(), last[order].tolist(),
            names=(say('looked.legend_first', lang), say('looked.legend_last', lang))))
        return out
