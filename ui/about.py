"""What the page is about, for a student arriving on it."""
import gradio as gr

from lm.data import most_common_target
from ui.words import say


class AboutView:
    def __init__(self, vocab_size: int, lang: str = 'en'):
        baseline, share = most_common_target()
        with gr.Accordion(say('about.panel', lang), open=False):
            gr.Markdown(say('about.text', lang, vocab=vocab_size, baseline=baseline, baseline_share=f'{share:.1%}'))
