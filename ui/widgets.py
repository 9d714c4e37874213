"""Plots as the views send them: plain plotly dicts with plotly.js options, no Figure object to build."""
import orjson

# plotly.js options: no toolbar over the labels (the charts do not zoom anyway), no logo, sized by the page
PLOT_CONFIG = dict(displayModeBar=False, scrollZoom=False, responsive=True)


def plot_value(figure: dict) -> dict:
    """A plotly figure dict as the page's gr.Plot receives it (the events skip Gradio's postprocessing), with
    plotly.js config: plain data to JSON, no Figure to build."""
    return dict(type='plotly', plot=orjson.dumps({**figure, 'config': PLOT_CONFIG}).decode())
