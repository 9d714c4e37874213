"""All the models side by side: what every variant expects after the same prefix, scored against true counting when the
prefix is counting; and two variants' hidden states next to each other."""
import gradio as gr

from lm import plots
from lm.explorer import Explorer
from lm.models import VARIANTS
from ui.states import heatmaps, hover_words
from ui.texts import percent
from ui.view import Control, View, tab
from ui.widgets import Labels, plot_value
from ui.words import problem, say

LEFT, RIGHT = 'LMModel3', 'LMModel7'            # the two side by side as the page opens: a state, then an LSTM


def compare_table(explorer: Explorer, tokens, lang: str, also: tuple[str, ...] = ()) -> str:
    """Every variant's top guesses after `tokens` (and those of the trained models `also` names), with the
    probability of the true next token where it is known."""
    true_next, rows = explorer.compare(tokens, also)
    lines = [say('compare.true_next', lang, token=true_next) if true_next else say('compare.no_true_next', lang), '',
             say('compare.table', lang, token=true_next) if true_next else say('compare.table_plain', lang)]
    for row in rows:
        ck = explorer.loaded(row['variant'])
        accuracy = percent(ck.accuracy) if ck else '—'
        if 'problem' in row:
            lines.append(say('compare.row_problem', lang, variant=row['variant'], accuracy=accuracy,
                             problem=problem(row['problem'], lang)))
            continue
        top = ', '.join(f"'{t}' {percent(p)}" for t, p in row['top'])
        if true_next:
            lines.append(say('compare.row', lang, variant=row['variant'], accuracy=accuracy, top=top,
                             true_prob=percent(row['true_prob']),
                             right=say(f"compare.{'right' if row['right'] else 'wrong'}", lang)))
        else: lines.append(say('compare.row_plain', lang, variant=row['variant'], accuracy=accuracy, top=top))
    return '\n'.join(lines)


class CompareView(View):
    name = 'compare'

    def __init__(self, explorer: Explorer, words: Labels):
        self.explorer = explorer
        with tab(self.name, words('compare.tab')) as self.tab:
            gr.Markdown(words('compare.explain'))
            with gr.Row():
                self.left = gr.Dropdown(list(VARIANTS), value=LEFT, label=words('compare.left'),
                                        elem_id='compare-left')
                self.right = gr.Dropdown(list(VARIANTS), value=RIGHT, label=words('compare.right_model'),
                                         elem_id='compare-right')

    def inputs(self): return {self.left, self.right}
    def controls(self): return [Control(self.left), Control(self.right)]

    def render(self, e):
        also = tuple(m for m in dict.fromkeys((e.model_id, e[self.left], e[self.right]))
                     if m in self.explorer.trained)
        out = dict(text=compare_table(self.explorer, e.tokens, e.lang, also))
        for choice, part in ((self.left, 'plot'), (self.right, 'more_plot')):
            try:
                read, layers, _ = heatmaps(self.explorer, e[choice], e.tokens, 'h', '', e.lang)
                figure = plots.states_figure(read, layers, title=e[choice], words=hover_words(e.lang))
            except ValueError as error: figure = plots.message_figure(problem(error, e.lang))
            out[part] = plot_value(figure)
        return out
