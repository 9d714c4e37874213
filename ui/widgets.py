"""What several views use: the words of the components, and plots as the page receives them."""
import gradio as gr
import orjson

from ui.words import LANGUAGES, say

# plotly.js options: no toolbar over the labels (the charts do not zoom anyway), no logo, sized by the page
PLOT_CONFIG = dict(displayModeBar=False, scrollZoom=False, responsive=True)


def plot_value(figure: dict) -> dict:
    """A plotly figure dict as the page's gr.Plot receives it (the events skip Gradio's postprocessing), with
    plotly.js config: plain data to JSON, no Figure to build."""
    return dict(type='plotly', plot=orjson.dumps({**figure, 'config': PLOT_CONFIG}).decode())


def within(value, lo: int, hi: int) -> int:
    "A radio's or slider's value as a whole number from lo to hi: a stale choice from another model, or none, fits."
    return min(max(int(round(value or lo)), lo), hi)


class Labels:
    """The words of the page's components (labels, choices, explanations), translated in the browser by Gradio's own
    internationalization: the page shows them in the reader's language and switches without asking the server.
    Calling it with a key of ui.words (and fixed parameters) gives the component's text."""
    def __init__(self):
        self.i18n = gr.I18n(**{lang: {} for lang in LANGUAGES})

    def __call__(self, key: str, **params):
        name = key + ''.join(f'|{k}={v}' for k, v in sorted(params.items()))      # one entry per text
        for lang in LANGUAGES: self.i18n.translations[lang][name] = say(key, lang, **params)
        return self.i18n(name)

    def text(self, label: gr.i18n.I18nData, lang: str) -> str:
        "What a label made by this object says in a language, for a component whose words the server sends."
        return self.i18n.translations[lang][label.key]
