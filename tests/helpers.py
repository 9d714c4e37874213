"""Where the browser tests find Chromium and the chart."""
import shutil

CHROMIUM = shutil.which('chromium') or shutil.which('chromium-browser')
CHART = '#distribution .js-plotly-plot'
