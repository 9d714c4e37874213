"""Plots as the views send them: plain plotly dicts with plotly.js options, no Figure object to build."""
import json

from gradio.components.plot import PlotData

# plotly.js options: no toolbar over the labels (the charts do not zoom anyway), no logo, sized by the page
PLOT_CONFIG = dict(displayModeBar=False, scrollZoom=False, responsive=True)


def plot_value(figure: dict) -> PlotData:
    "A plotly figure dict as gr.Plot's value, with plotly.js config: json.dumps of plain data, no Figure to build."
    return PlotData(type='plotly', plot=json.dumps({**figure, 'config': PLOT_CONFIG}, separators=(',', ':')))
