"""Where LMModel8's pointer looks: for each position of the prefix, its attention on each earlier token (the copy of
that token) and on the sentinel (the share left to the LSTM's own guess). On a count it looks at the token after the
same place in the previous number."""
import gradio as gr

from lm import plots
from lm.explorer import Explorer
from ui import texts
from ui.view import View, tab
from ui.widgets import Labels, plot_value

ATTENTION_TOKENS = 40          # the last positions drawn: a square that still reads


class AttentionView(View):
    name = 'attention'

    def __init__(self, explorer: Explorer, words: Labels):
        self.explorer = explorer
        with tab(self.name, words('attention.tab')) as self.tab:
            gr.Markdown(words('attention.explain'))

    def render(self, e):
        if not e.tokens: return {}
        t = self.explorer.trace(e.model_id, e.tokens)
        if t.attention is None: return dict(text=e.say('attention.none', variant=e.model_id))
        n = min(len(t.ids), ATTENTION_TOKENS)
        read = self.explorer.corpus.decode(t.ids)[-n:]
        weights = t.attention[-n:, -n - 1:]            # the last n positions, on the last n tokens + sentinel
        last = weights[-1, :-1]
        looked = read[int(last.argmax())] if len(last) else ''
        text = texts.attention_last(plots.display(looked), float(last.max()) if len(last) else 0.0,
                                    float(weights[-1, -1]), e.lang)
        figure = plots.attention_figure(read, weights, e.say('attention.sentinel'),
                                        (e.say('attention.x'), e.say('attention.y')))
        return dict(text=text, plot=plot_value(figure))
