"""The model itself: its class as the notebook writes it, its recipe, and how it learnt (from its checkpoint); for
LMModel6, the notebook's two LSTM cells written by hand and their speed; for LMModel9, its GRU from scratch and how
it compares with the LSTMs."""
import inspect
import json
from pathlib import Path

import gradio as gr

from lm import plots
from lm.explorer import Explorer
from lm.models import GRU, LSTM, GRUCell, LSTMCell, LSTMCellFourLinears
from ui.texts import percent
from ui.view import View, tab
from ui.widgets import Labels, plot_value
from ui.words import say

CELLS_MEASURED = Path(__file__).resolve().parent.parent / 'docs' / 'cells.json'   # python -m benchmarks.bench_cells
FROM_SCRATCH = {'LMModel6': (LSTMCellFourLinears, LSTMCell, LSTM), 'LMModel9': (GRUCell, GRU)}
COMPARED = ('LMModel6', 'LMModel7', 'LMModel9')     # the GRU exercise against the LSTMs


def cells_text(lang: str) -> str:
    "The notebook's two LSTM cells, and their speed as bench_cells measured it."
    try: measured = json.loads(CELLS_MEASURED.read_text())
    except (OSError, ValueError): return say('model.cells_unmeasured', lang)
    ms, ratios = measured['ms_per_pass'], measured['ratios']
    return say('model.cells', lang, four_linears=f"{ms['four_linears']:.1f}", one_matmul=f"{ms['one_matmul']:.1f}",
               nn_lstm=f"{ms['nn_lstm']:.1f}", four_to_one=f"{ratios['four_linears_to_one_matmul']:.1f}",
               one_to_lstm=f"{ratios['one_matmul_to_nn_lstm']:.1f}", machine=measured['machine'],
               command=measured['command'])


def gru_text(explorer: Explorer, lang: str) -> str:
    "The GRU exercise against LMModel6 and LMModel7: accuracy, parameters, training time, from their checkpoints."
    rows = []
    for model_id in COMPARED:
        ck = explorer.loaded(model_id)
        if ck is None: continue
        rows.append(say('model.gru_row', lang, variant=model_id, accuracy=percent(ck.accuracy),
                        parameters=sum(p.numel() for p in ck.model.parameters()),
                        seconds=sum(h['seconds'] for h in ck.meta['history'])))
    return say('model.gru', lang, rows='\n'.join(rows))


def history_curves(history: list[dict], lang: str) -> dict:
    "Loss and accuracy per epoch, from a checkpoint's history (or a run's epochs so far)."
    return plots.curves_figure(list(range(1, len(history) + 1)), [
        (say('model.train_loss', lang), [h['train_loss'] for h in history], 'loss'),
        (say('model.valid_loss', lang), [h['valid_loss'] for h in history], 'loss'),
        (say('model.accuracy', lang), [h['accuracy'] for h in history], 'accuracy')],
        (say('model.curves_epoch', lang), say('model.curves_loss', lang), say('model.curves_accuracy', lang)))


def model_parts(explorer: Explorer, model_id: str, lang: str) -> dict:
    """The tab's parts for a model: its recipe, its learning curves, its class's code and, for LMModel6 and LMModel9,
    the cells written by hand. The static edition (ui.site) writes them when it is built."""
    ck = explorer.checkpoint(model_id)
    meta, recipe = ck.meta, ck.meta['recipe']
    hparams = ', '.join(f'{k}={v}' for k, v in meta['model_args'].items())
    text = say('model.recipe', lang, epochs=recipe['epochs'], lr=recipe['lr'], seed=meta['seed'], data=recipe['data'],
               hparams=hparams, regularized=say('model.regularized', lang) if recipe['regularized'] else '')
    code = ''.join(f"```\n{inspect.getsource(c)}```\n" for c in FROM_SCRATCH.get(ck.variant.id, ()))
    about = {'LMModel6': cells_text, 'LMModel9': lambda lang: gru_text(explorer, lang)}.get(ck.variant.id)
    more = f"{about(lang)}\n\n{code}" if about else ''
    return dict(text=text, plot=plot_value(history_curves(meta['history'], lang)),
                more_text=f"```\n{inspect.getsource(ck.variant.model)}```\n\n{more}")


class ModelView(View):
    name = 'model'
    reads_prefix = False

    def __init__(self, explorer: Explorer, words: Labels):
        self.explorer = explorer
        with tab(self.name, words('model.tab')) as self.tab:
            gr.Markdown(words('model.explain'))

    def render(self, e): return model_parts(self.explorer, e.model_id, e.lang)
