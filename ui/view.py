"""What every tab below the first screen has in common.

A tab holds its explanation and its controls; what it draws goes to one display under the tabs, which the tab in
view fills: a text, a strip of tokens, a figure, more text, a second figure. So a keystroke updates the first
screen and those five components, whichever tab is open, and a tab renders again when it is opened: Gradio's
cost grows with every component an event updates, and a class typing at once pays it on every keystroke.
"""
import gradio as gr

PARTS = ('text', 'html', 'plot', 'more_text', 'more_plot')


class Display:
    "The five components under the tabs."
    def __init__(self):
        self.text = gr.Markdown(elem_id='view-text')
        self.html = gr.HTML(elem_id='view-html')
        self.plot = gr.Plot(show_label=False, elem_id='view-plot')
        self.more_text = gr.Markdown(elem_id='view-more-text')
        self.more_plot = gr.Plot(show_label=False, elem_id='view-more-plot')

    def outputs(self) -> set: return {getattr(self, part) for part in PARTS}

    def show(self, parts: dict) -> dict:
        "Each component's value from a view's parts by name; a part the view does not use is emptied."
        return {getattr(self, part): parts.get(part) for part in PARTS}


class View:
    name: str                    # the tab's id
    reads_prefix = True          # draws the prefix: its tokens key its renders (not for a view of the whole model)
    reads_settings = False       # draws with temperature, top-k or the continuation's length: they key its renders

    def inputs(self) -> set: return set()                 # its own controls, read when it renders
    def render(self, variant_id: str, tokens, values: dict, lang: str) -> dict: return {}   # parts by name
    def ready(self, variant_id: str) -> bool: return True    # False while an analysis it needs is computing
    def wire(self, page) -> None: pass                     # events of its own controls


def tab(name: str, label: str) -> gr.Tab:
    return gr.Tab(label, id=name, elem_id=f'tab-{name}')
