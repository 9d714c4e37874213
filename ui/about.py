"""What the page is about, for a student arriving on it."""
import gradio as gr

from lm.data import most_common_target
from ui.widgets import Labels


class AboutView:
    def __init__(self, vocab_size: int, t: Labels):
        baseline, share = most_common_target()
        with gr.Accordion(t('about.panel'), open=False, elem_id='about'):
            gr.Markdown(t('about.text', vocab=vocab_size, baseline=baseline, baseline_share=f'{share:.1%}'))
