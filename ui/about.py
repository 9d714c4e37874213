"""What the page is about, for a student arriving on it."""
import gradio as gr

from lm.data import most_common_target, numbers_covered
from ui.widgets import Labels


def parts() -> dict:
    "The numbers each dataset shape trains and validates on, as lm.data reads them: the about text's parameters."
    out = {}
    for name, shape in (('three', 'three'), ('order', 'three in order'), ('seq', 'sequences')):
        train, valid = numbers_covered(shape)
        out |= {f'{name}_train': train[-1], f'{name}_first': valid[0], f'{name}_last': valid[-1]}
    return out


class AboutView:
    def __init__(self, vocab_size: int, words: Labels):
        baseline, share = most_common_target()
        with gr.Accordion(words('about.panel'), open=False, elem_id='about'):
            gr.Markdown(words('about.text', vocab=vocab_size, baseline=baseline, baseline_share=f'{share:.1%}',
                              **parts()))
