"""The model itself: its class as the notebook writes it, its recipe, and how it learnt (from its checkpoint)."""
import inspect

import gradio as gr

from lm import plots
from lm.explorer import Explorer
from ui.view import View, tab
from ui.widgets import Labels, plot_value
from ui.words import say


def history_curves(history: list[dict], lang: str) -> dict:
    "Loss and accuracy per epoch, from a checkpoint's history (or a run's epochs so far)."
    return plots.curves_figure(list(range(1, len(history) + 1)), [
        (say('model.train_loss', lang), [h['train_loss'] for h in history], 'loss'),
        (say('model.valid_loss', lang), [h['valid_loss'] for h in history], 'loss'),
        (say('model.accuracy', lang), [h['accuracy'] for h in history], 'accuracy')],
        (say('model.curves_epoch', lang), say('model.curves_loss', lang), say('model.curves_accuracy', lang)))


class ModelView(View):
    name = 'model'
    reads_prefix = False

    def __init__(self, explorer: Explorer, words: Labels):
        self.explorer = explorer
        with tab(self.name, words('model.tab')) as self.tab:
            gr.Markdown(words('model.explain'))

    def render(self, e):
        ck = self.explorer.checkpoint(e.model_id)
        meta, recipe = ck.meta, ck.meta['recipe']
        hparams = ', '.join(f'{k}={v}' for k, v in meta['model_args'].items())
        text = e.say('model.recipe', epochs=recipe['epochs'], lr=recipe['lr'], seed=meta['seed'],
                     data=recipe['data'], hparams=hparams,
                     regularized=e.say('model.regularized') if recipe['regularized'] else '')
        return dict(text=text, plot=plot_value(history_curves(meta['history'], e.lang)),
                    more_text=f"```\n{inspect.getsource(ck.variant.model)}```")
