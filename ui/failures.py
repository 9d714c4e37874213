"""Where the chosen model fails, on the whole validation set: by kind of position, by what it says instead, and
along the count, with the 'nine thousand' failure named."""
import gradio as gr

from lm import plots
from lm.data import numbers_covered
from lm.explorer import Explorer
from lm.failures import Failures
from ui import texts
from ui.texts import percent
from ui.view import View, tab
from ui.widgets import Labels, plot_value
from ui.words import say


def confusions_table(f: Failures, lang: str) -> str:
    rows = [say('failures.confusion_row', lang, kind=say(f'kind.{k.kind}', lang), count=k.count,
                accuracy=percent(k.accuracy),
                confusions=', '.join(say('failures.confusion', lang, target=t, predicted=p, n=n)
                                     for t, p, n in k.confusions) or '—') for k in f.kinds]
    return '\n'.join([say('failures.confusions', lang), *rows])


def failures_parts(explorer: Explorer, model_id: str, lang: str) -> dict:
    """The tab's parts for a model: its score, the 'nine thousand' story, its accuracy by kind of position and along
    the count, and every model's two failures. The static edition (ui.site) writes them when it is built."""
    f = explorer.failures(model_id)
    if f is None: return dict(text=say('failures.pending', lang, variant=model_id))
    (nine, nine_wrong), (after, after_wrong) = f.nine_thousand, f.thousand_after_nine
    headline = say('failures.headline', lang, variant=model_id, correct=f.correct, count=f.count,
                   accuracy=percent(f.accuracy))
    ck = explorer.checkpoint(model_id)
    trained_on_nine = numbers_covered(ck.variant.data, ck.recipe.train_share)[0][-1] >= 9000   # the share chosen
    headline += '\n\n' + (texts.nine_thousand(f.nine_thousand, f.thousand_after_nine, lang) if trained_on_nine
                           else say('failures.nine', lang, nine=nine, nine_wrong=nine_wrong, after=after,
                                    after_wrong=after_wrong))
    by_kind = plots.accuracy_figure([say(f'kind.{k.kind}', lang) for k in f.kinds], [k.accuracy for k in f.kinds],
                                    [k.count for k in f.kinds], say('failures.axis', lang), of=say('figure.of', lang))
    hundreds = [h for h in f.by_hundred if h[0] > 0]
    labels = [str(start) for start, _, _ in hundreds]                 # 8000 stands for 8000 to 8099
    starts = [start for start, _, _ in hundreds]
    marker = (starts.index(9000), say('failures.training_ends', lang)) if 9000 in starts and not trained_on_nine \
        else None
    by_hundred = plots.accuracy_figure(labels, [c / n for _, n, c in hundreds], [n for _, n, _ in hundreds],
                                       say('failures.axis', lang), marker=marker, horizontal=False,
                                       of=say('figure.of', lang))
    return dict(text=f"{headline}\n\n#### {say('failures.by_kind', lang)}", plot=plot_value(by_kind),
                more_text=f"{confusions_table(f, lang)}\n\n{two_failures(explorer, lang)}\n\n"
                          f"#### {say('failures.by_hundred', lang)}",
                more_plot=plot_value(by_hundred))


def two_failures(explorer: Explorer, lang: str) -> str:
    """Where each model fails at the start of the numbers from 9000 on: two positions, two architectures, two
    different failures, and what fixes both (LMModel8)."""
    rows = []
    for variant_id in explorer.checkpoints:
        f = explorer.failures(variant_id)
        if f is None: continue                         # still being measured: it joins on the next render
        (nine, nine_wrong), (after, after_wrong) = f.nine_thousand, f.thousand_after_nine
        rows.append(say('failures.two_row', lang, variant=variant_id, nine_wrong=nine_wrong, nine=nine,
                        after_wrong=after_wrong, after=after, accuracy=percent(f.accuracy)))
    return '\n'.join([say('failures.two', lang), '', say('failures.two_table', lang), *rows])


class FailuresView(View):
    name = 'failures'
    reads_prefix = False

    def __init__(self, explorer: Explorer, words: Labels):
        self.explorer = explorer
        with tab(self.name, words('failures.tab')) as self.tab:
            gr.Markdown(words('failures.explain'))

    def ready(self, model_id):
        "Its own figures, and every shipped model's row in the two-failures table."
        return all(self.explorer.failures(v) is not None for v in (model_id, *self.explorer.checkpoints))

    def render(self, e): return failures_parts(self.explorer, e.model_id, e.lang)
