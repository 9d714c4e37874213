"""How the page looks: Gradio's theme, made readable on a projector, and the CSS of the views.

Every text reaches WCAG AA contrast (4.5:1) in light and dark mode: Gradio's subdued greys are darkened. The
page follows the system's dark mode everywhere: the plots have no background of their own and take their text
colour from the theme.
"""
import gradio as gr

THEME = gr.themes.Default().set(
    body_text_color_subdued='*neutral_600', body_text_color_subdued_dark='*neutral_300',
    block_info_text_color='*neutral_600', block_info_text_color_dark='*neutral_300', block_info_text_size='*text_md',
    input_placeholder_color='*neutral_500', input_placeholder_color_dark='*neutral_400',
    button_primary_background_fill='*primary_700', button_primary_background_fill_dark='*primary_700',
    button_primary_background_fill_hover='*primary_800', button_primary_background_fill_hover_dark='*primary_800')

PAGE_CSS = """
/* The first screen: prefix and controls on the left, the chart on the right; on a phone prefix, chart, controls */
#first-screen { display: grid !important; grid-template-columns: minmax(0, 1fr) minmax(0, 1.1fr);
                grid-template-areas: "prefix chart" "controls chart"; gap: 8px 24px; align-items: start; }
#prefix-area { grid-area: prefix; } #chart-area { grid-area: chart; } #controls-area { grid-area: controls; }
@media (max-width: 820px) {
  #first-screen { grid-template-columns: minmax(0, 1fr); grid-template-areas: "prefix" "chart" "controls"; }
}
/* A plot lays out on its own: plotly.js measures its labels as it draws, and each measure would lay out the page */
.js-plotly-plot { contain: layout paint; }
/* heatmaps are drawn one pixel a cell (zsmooth 'fast'): scaled up, each cell stays a sharp square, not a blur */
.js-plotly-plot .heatmaplayer image { image-rendering: pixelated; }
.lm-hidden { display: none !important; }          /* what the browser clicks to ask the server (ui.keystrokes) */
#title h1 { font-size: 1.6rem; margin: 0 0 2px; }
#title p { margin: 0; }
#next-heading h3 { margin: 0; font-size: 1.1rem; overflow-wrap: anywhere; }

/* Tables break between words, never inside one ("ep och"); one wider than the screen scrolls sideways in its box */
.prose table :is(th, td) { overflow-wrap: normal; word-break: normal; }

/* On a phone the figures under the tabs keep room for their tokens and group labels: their box scrolls sideways */
@media (max-width: 600px) {
  #view-plot, #view-more-plot { overflow-x: auto; }
  :is(#view-plot, #view-more-plot) .js-plotly-plot { min-width: 560px; }
}

/* The tab in view: the theme's text colour (its orange reads at 2.8:1), the orange underline kept */
button[role="tab"][aria-selected="true"] { color: var(--body-text-color) !important; font-weight: 600; }

/* Plots follow the theme: no background of their own, text and lines in the theme's colours */
.js-plotly-plot .main-svg text { fill: var(--body-text-color) !important; }
.js-plotly-plot .main-svg .gridlayer path, .js-plotly-plot .main-svg .zerolinelayer path {
  stroke: var(--border-color-primary) !important; }

/* Views that no longer belong to the text are greyed, and a line says which prefix they show */
.lm-stale { border-left: 4px solid #b45309; padding: 4px 10px; background: #fff7ed; color: #7c2d12; }
.dark .lm-stale { background: #3b2410; color: #fde6d0; }
.gradio-container:has(#status .lm-stale) :is(#distribution, #next-heading, #view-text, #view-html,
                                              #view-plot, #view-more-text, #view-more-plot) {
  opacity: .35; filter: grayscale(1); }
.lm-stale-continuation { border-left: 4px solid #b45309; padding: 4px 10px; }
.gradio-container:has(.lm-stale-continuation) #continuation { opacity: .35; filter: grayscale(1); }

/* Training in the page: a bar of the whole run */
.lm-progress { height: 12px; border-radius: 6px; background: var(--border-color-primary); overflow: hidden; }
.lm-progress > div { height: 100%; background: var(--color-accent); transition: width .2s; }

/* The display under the tabs: a part the tab in view does not use takes no room */
#view-plot:not(:has(.js-plotly-plot)), #view-more-plot:not(:has(.js-plotly-plot)) { display: none; }

/* Presentation mode (browser.PRESENT): large type, the essentials; the prediction hidden until it is revealed */
/* (Gradio repeats each rule under its own container, which outweighs body classes: hence :where, of no weight) */
:where(#guess, #reveal) { display: none; }
body.lm-present .gradio-container { zoom: 1.3; }
body.lm-present #guess { display: block; }
body.lm-present:not(.lm-revealed) #reveal { display: block; }
body.lm-present:not(.lm-revealed) :is(#next-heading, #distribution) { visibility: hidden; }
body.lm-present :is(#model-info, #settings, #settings-note, #lessons, #examples, #views, #view-text, #view-html,
                    #view-plot, #view-more-text, #view-more-plot, #about, footer) { display: none !important; }
"""

# What the views draw as HTML (lm.plots: chips, legends, guesses): the same in the Gradio page and the static edition
VIEWS_CSS = """
/* Tokens as chips; '.' drawn big enough to see */
.lm-chips { line-height: 2.2; font-size: 1.05rem; }
.lm-chip { display: inline-block; padding: 1px 7px; margin: 1px; border-radius: 5px;
           border: 1px solid rgba(127, 127, 127, .35); }
.lm-dot { font-weight: 700; }
.lm-legend { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; margin-top: 4px; }
.lm-gradient { display: inline-block; width: 160px; height: 14px; border-radius: 3px;
               border: 1px solid rgba(127, 127, 127, .6); }
.lm-made-by { font-weight: 600; margin-bottom: 2px; }

/* What it guessed at every token: a column per token, its guesses under it, edged red where the first was wrong */
.lm-columns { display: flex; flex-wrap: wrap; gap: 4px; }
.lm-column { display: flex; flex-direction: column; gap: 2px; padding: 3px; border-radius: 6px;
             border: 2px solid transparent; }
.lm-column.lm-wrong { border-color: #c0392b; }
.lm-guess { font-size: .85rem; padding: 0 5px; border-radius: 4px; }
.lm-guess.lm-hit { box-shadow: inset 0 0 0 2px #2e7d32; }
.lm-caption { margin-top: 4px; }
"""
CSS = PAGE_CSS + VIEWS_CSS
