"""Export: the hidden states on screen as CSV, and the selected model's two checkpoint files."""
import csv
import tempfile
from pathlib import Path

import gradio as gr

from lm import checkpoints
from lm.explorer import Explorer
from ui.reading import figures_shown
from ui.view import View, tab
from ui.widgets import Labels


def states_csv(explorer: Explorer, model_id: str, tokens, folder: Path) -> Path:
    "Every layer's states after each token the model read, one row per token and quantity, one column per unit."
    t = explorer.trace(model_id, tuple(tokens))
    read = explorer.corpus.decode(t.ids)
    path = Path(folder) / f'{model_id}-hidden-states.csv'
    with open(path, 'w', newline='') as f:
        out = csv.writer(f)
        n_units = t.states[0].values.shape[1]
        out.writerow(['position', 'token', 'layer', 'quantity', *(f'unit {u}' for u in range(n_units))])
        for s in t.states:
            for position, (token, values) in enumerate(zip(read, s.values.tolist())):
                out.writerow([position, token, s.layer, s.quantity, *(f'{v:.6g}' for v in values)])
    return path


class ExportView(View):
    name = 'export'

    def __init__(self, explorer: Explorer, directory: Path, words: Labels, shown: gr.State, model: gr.Radio, serial):
        """shown: the (model, tokens) of the figures on screen, whose states the CSV holds; model: the model chosen,
        whose checkpoint files are given; serial: the page's way of running a handler (one at a time)."""
        self.explorer, self.directory = explorer, Path(directory)
        self.folder = tempfile.TemporaryDirectory(prefix='lm-export-')      # the CSVs written, gone with the page
        with tab(self.name, words('export.tab')) as self.tab:
            gr.Markdown(words('export.explain'))
            with gr.Row():
                self.csv = gr.Button(words('export.csv'), elem_id='export-csv')
                self.checkpoint = gr.Button(words('export.checkpoint'), elem_id='export-checkpoint')
            self.files = gr.File(label=words('export.files'), file_count='multiple', interactive=False,
                                 elem_id='export-files')

        def export_csv(values: dict) -> list[str] | None:
            model_id, tokens = figures_shown(self.explorer, values[shown])
            return [str(states_csv(self.explorer, model_id, tokens, Path(self.folder.name)))] if tokens else None

        def export_checkpoint(values: dict) -> list[str]: return self.checkpoint_files(values[model])

        self.csv.click(serial(export_csv), {shown}, self.files, api_visibility='private')
        self.checkpoint.click(serial(export_checkpoint), {model}, self.files, api_visibility='private')

    def checkpoint_files(self, model_id: str) -> list[str]:
        "The two files of a model: those of a model trained in the page, or its variant's shipped checkpoint."
        trained = self.explorer.trained.files(model_id)
        if trained: return trained
        return [str(p) for p in checkpoints.paths(self.explorer.checkpoint(model_id).variant.id, self.directory)]
