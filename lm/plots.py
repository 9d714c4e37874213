"""Figures of the app, built from plain data (lists, tensors): plotly figures and small pieces of HTML.
Nothing here knows about Gradio or about languages: the words come in as arguments, so the tests call these
functions directly.

A figure is a plain plotly dict, {'data': [...], 'layout': {...}}, ready for JSON: they are remade on every
keystroke, and building a validated plotly Figure would cost more than the model itself (the tests validate
them). Charts never zoom or pan (`fixedrange`, no drag mode): on a phone a swipe over them scrolls the page.
"""
import html
from dataclasses import dataclass

FONT = dict(family='system-ui, sans-serif', size=13, color='#1f2328')
BAR, GHOST, CHOSEN = '#3b6fb6', '#d5deeb', '#e8710a'
MATCH, DEPART, AFTER = '#c8f0c8', '#ffb3b3', '#eeeeee'
DEPART_LINE = '#c0392b'
DOT = '•'                     # how '.' is drawn: a lone full stop is barely visible on an axis or in a chip
FIXED = dict(fixedrange=True)
MESSAGE_LINE = 36             # characters in a line of a figure's message: plotly does not wrap, and a phone is narrow
CLEAR = 'rgba(0,0,0,0)'


def display(token: str) -> str:
    "A token as figures draw it."
    return DOT if token == '.' else token


# ----- Colour scales: one per quantity, the same in the heatmaps, the coloured prefix and their legends -----

DIVERGING = ((0.0, (33, 102, 172)), (0.5, (247, 247, 247)), (1.0, (178, 24, 43)))    # blue, white at 0, red
POSITIVE = ((0.0, (255, 245, 240)), (1.0, (165, 15, 21)))                           # white at 0 to red
GATE = ((0.0, (252, 251, 253)), (1.0, (63, 0, 125)))                                # white (closed) to purple (open)


@dataclass(frozen=True)
class Scale:
    "A colour scale over lo..hi; light always means 0 (or closed, for a gate)."
    lo: float
    hi: float
    stops: tuple

    @classmethod
    def for_range(cls, lo: float, hi: float, gate: bool = False) -> 'Scale':
        return cls(lo, hi, GATE if gate else DIVERGING if lo < 0 else POSITIVE)

    def rgb(self, value: float) -> tuple[int, int, int]:
        x = min(max((value - self.lo) / ((self.hi - self.lo) or 1), 0.0), 1.0)
        for (a, ca), (b, cb) in zip(self.stops, self.stops[1:]):
            if x <= b:
                t = (x - a) / (b - a)
                return tuple(round(u + t * (w - u)) for u, w in zip(ca, cb))
        return self.stops[-1][1]

    def css(self, value: float) -> str: return 'rgb({}, {}, {})'.format(*self.rgb(value))

    def plotly(self) -> list: return [[p, 'rgb({}, {}, {})'.format(*c)] for p, c in self.stops]


PROBABILITY = Scale(0.0, 1.0, ((0.0, (240, 244, 250)), (1.0, (40, 80, 150))))        # a guess' shade, pale to deep blue


def text_colour(background: tuple[int, int, int]) -> str:
    "Black or white text, whichever reads better on this background (WCAG relative luminance)."
    def channel(c):
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(c) for c in background)
    return '#000' if 0.2126 * r + 0.7152 * g + 0.0722 * b > 0.18 else '#fff'


# ----- Figures -----

def figure(data, layout) -> dict:
    "A figure with no background of its own, so that it sits on the page in light and in dark mode alike."
    return dict(data=data, layout=dict(font=FONT, plot_bgcolor=CLEAR, paper_bgcolor=CLEAR, dragmode=False, **layout))


def wrapped(text: str, width: int = MESSAGE_LINE) -> str:
    """A text in as few lines as `width` characters allow, each as short as that lets them be (a longer word has a
    line of its own), joined by plotly's <br>."""
    def lines(longest: int) -> list[str]:
        out, line = [], ''
        for word in text.split(' '):
            if line and len(line) + 1 + len(word) > longest: out, line = out + [line], word
            else: line = f'{line} {word}' if line else word
        return out + [line]
    fewest = len(lines(width))
    return '<br>'.join(lines(next(w for w in range(1, width + 1) if len(lines(w)) <= fewest)))


def message_figure(text: str, height: int = 200) -> dict:
    "An empty figure that says why it is empty."
    return figure([], dict(height=height, xaxis=dict(visible=False, **FIXED), yaxis=dict(visible=False, **FIXED),
                           annotations=[dict(text=wrapped(text), showarrow=False, font=dict(size=16, color='#555'))]))


def distribution_figure(tokens: list[str], own: list[float], shown: list[float] | None = None,
                        chosen: int | None = None, names: tuple[str, str] = ("model", "shown")) -> dict:
    """The next-token probabilities as horizontal bars, most likely on top.

    tokens and own: every token and the model's own probability of it, most likely first. shown: the same
    re-shaped by temperature or top-k, drawn over a faint copy of `own`, or None when nothing re-shapes them.
    chosen: the index of a bar to mark (the greedy choice). names: the legend's words for own and shown."""
    solid = own if shown is None else shown
    def label(p): return '' if p < 0.005 else '<1%' if p < 0.01 else f'{p:.1%}' if 0.99 < p < 1 else f'{p:.0%}'
    colours = [CHOSEN if i == chosen else BAR for i in range(len(tokens))]
    labels = [f"'{display(t)}'" for t in tokens]
    bars = [dict(type='bar', orientation='h', y=labels, x=solid, name=names[1 if shown else 0],
                 marker=dict(color=colours), text=[label(p) for p in solid],
                 textposition='outside', textfont=dict(size=12), constraintext='none', cliponaxis=False,
                 customdata=own, hovertemplate='%{y}: %{x:.1%}<extra></extra>', showlegend=shown is not None)]
    if shown is not None:
        bars.insert(0, dict(type='bar', orientation='h', y=labels, x=own, name=names[0], hoverinfo='skip',
                            marker=dict(color=GHOST, line=dict(color='#8fa6c8', width=1))))
    return figure(bars, dict(
        height=60 + 15 * len(tokens), margin=dict(t=8, b=36, l=92, r=16), barmode='overlay', bargap=0.25,
        xaxis=dict(range=[0, 1.13], tickformat='.0%', tickvals=[0, 0.25, 0.5, 0.75, 1], **FIXED),
        yaxis=dict(autorange='reversed', tickfont=dict(size=12), **FIXED),
        legend=dict(orientation='h', x=1, xanchor='right', y=-0.02, yanchor='top', font=dict(size=12))))


GROUP_FONT = 11                   # a heatmap's group labels: their font size, and the height of a line of them
GROUP_LINE = 1.3 * GROUP_FONT


def text_width(text: str, size: float) -> float:
    "About how wide a text is drawn in the page's sans-serif font, at most: 0.6 em a character."
    return 0.6 * size * len(text)


def label_margin(labels: list[str]) -> float:
    "A left margin that holds the longest of a bar chart's labels, in any language: Spanish ones run longer."
    return 16 + max((text_width(label, FONT['size']) for label in labels), default=0)


def spread(centres: list[float], gap: float, lo: float, hi: float) -> list[float]:
    """Positions as near the centres (in increasing order) as they can be, at least `gap` apart, within lo..hi: the
    labels of neighbouring small groups one under the other, not over each other."""
    out = []
    for c in centres: out.append(max(c, out[-1] + gap) if out else max(c, lo))
    for i in reversed(range(len(out))): out[i] = min(out[i], out[i + 1] - gap if i + 1 < len(out) else hi)
    return out


@dataclass(frozen=True)
class HeatmapLayer:
    "One layer's heatmap: its values on a colour scale, its units in an order that puts alike ones together."
    name: str                                 # 'layer 1 h'
    values: object                            # (time, units) tensor
    scale: Scale
    order: list[int]                          # the units, top to bottom (each keeps its own number)
    unit_names: list[str]                     # each unit's name on hover, by its number: "unit 43 · next '.'"
    groups: list[tuple[str, int, int]] = ()   # (label, first row, last row): units that track the same property
    marked: tuple[int, ...] = ()              # units to frame (found for a property)


def states_figure(tokens: list[str], layers: list[HeatmapLayer], selected: tuple[int, int] | None = None,
                  title: str = '', words: tuple[str, str] = ('position', 'value')) -> dict:
    """Heatmaps of units x tokens, one per layer. Every quantity has a fixed colour scale, so that two prefixes or two
    models compare by eye. selected: (index of a layer, unit) to frame in black; `marked` units get an orange frame;
    title: a word above them (which model, when two are compared); words: 'position' and 'value' on hover."""
    n = len(layers)
    gap = 0.12 / max(n - 1, 1)
    height, margin = 90 + 7 * len(layers[0].order) * n, dict(t=24, b=90, r=20)
    margin['l'] = 20 + max((text_width(g[0], GROUP_FONT) for layer in layers for g in layer.groups), default=0)
    row = (height - margin['t'] - margin['b']) * (1 / n - gap) / len(layers[0].order)      # a unit's height, in px
    shown = [display(t) for t in tokens]
    columns = [f'{i}: {t}' for i, t in enumerate(shown)]      # unique, so that hovering names position and token
    data, axes, shapes, notes = [], {}, [], []
    for i, layer in enumerate(layers):
        suffix = '' if i == 0 else str(i + 1)
        rows = [layer.unit_names[u] for u in layer.order]
        values = layer.values[:, layer.order].T.double().mul(100).round().div(100).tolist()   # 2 decimals: lighter
        data.append(dict(
            type='heatmap', z=values, x=columns, y=rows, xaxis=f'x{suffix}', yaxis=f'y{suffix}',
            colorscale=layer.scale.plotly(), zmin=layer.scale.lo, zmax=layer.scale.hi,
            zsmooth='fast',           # one pixel a cell, scaled by the browser: the same picture, drawn far faster
            # no padding: plotly.js sizes a colorbar from the figure drawn before, and a padding longer than that
            # figure's plot area (a message's) makes its length negative, an error that stops the page
            colorbar=dict(len=1 / n - gap, y=1 - (i + 0.5) / n, thickness=12, ypad=0),
            hovertemplate=f'{words[0]} %{{x}}<br>%{{y}}<br>{words[1]} %{{z:.2f}}<extra>{layer.name}</extra>'))
        top = 1 - i / n - (gap / 2 if i else 0)
        axes[f'yaxis{suffix}'] = dict(domain=[max(top - 1 / n + gap, 0), top], autorange='reversed',
                                      showticklabels=False, ticks='', type='category', **FIXED)
        notes.append(dict(xref='paper', x=0, xanchor='left', yref='paper', y=top, yanchor='bottom', text=layer.name,
                          showarrow=False, font=dict(size=13)))
        axes[f'xaxis{suffix}'] = dict(anchor=f'y{suffix}', type='category', tickmode='array', tickvals=columns,
                                      ticktext=shown, tickangle=-60, showticklabels=i == n - 1, **FIXED,
                                      **({'matches': 'x'} if i else {}))
        places = spread([(first + last) / 2 for _, first, last in layer.groups], GROUP_LINE / row, 0,
                        len(layer.order) - 1)
        for (label, first, last), y in zip(layer.groups, places):
            notes.append(dict(xref='paper', x=-0.008, xanchor='right', yref=f'y{suffix}', y=y, text=label,
                              showarrow=False, font=dict(size=GROUP_FONT)))
            shapes.append(dict(type='line', xref='paper', x0=-0.005, x1=-0.005, yref=f'y{suffix}', y0=first - 0.4,
                               y1=last + 0.4, line=dict(color='#888', width=3)))
        rows_of = {u: r for r, u in enumerate(layer.order)}
        frames = [(u, '#e8710a', 2) for u in layer.marked]
        frames += [(selected[1], '#111', 2)] if selected and selected[0] == i else []
        shapes += [dict(type='rect', xref='paper', x0=0, x1=1, yref=f'y{suffix}', y0=rows_of[u] - 0.5,
                        y1=rows_of[u] + 0.5, line=dict(color=colour, width=width)) for u, colour, width in frames]
    if title: notes.append(dict(xref='paper', x=1, xanchor='right', yref='paper', y=1, yanchor='bottom', text=title,
                                showarrow=False, font=dict(size=15)))
    return figure(data, dict(height=height, margin=margin, shapes=shapes,
                             annotations=notes, **axes))


def votes_figure(names: list[str], shares: list[float], axis_title: str) -> dict:
    "The units that pushed a token's logit up the most, one bar each (value x output weight), the largest on top."
    bars = dict(type='bar', orientation='h', y=names, x=shares, marker=dict(color=BAR),
                text=[f'{v:+.2f}' for v in shares], textposition='outside', cliponaxis=False,
                hovertemplate='%{y}: %{x:+.3f}<extra></extra>')
    return figure([bars], dict(height=70 + 22 * len(names), margin=dict(t=8, b=40, l=label_margin(names), r=40),
                               xaxis=dict(title=dict(text=axis_title), zeroline=True, **FIXED),
                               yaxis=dict(autorange='reversed', type='category', **FIXED)))


def path_figure(cloud, cloud_kinds: list[str], kind_names: dict[str, str], path, tokens: list[str],
                axis_titles: tuple[str, str], position: str = 'position') -> dict:
    """A 2-D map of a layer's state: the validation text as a faint cloud coloured by kind of position, and a
    prefix's path over it, each point labelled with its token."""
    palette = ('#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#7f7f7f')
    data = []
    for kind, colour in zip(kind_names, palette):
        points = [p for p, k in zip(cloud.tolist(), cloud_kinds) if k == kind]
        if points:
            xs, ys = zip(*[(round(x, 3), round(y, 3)) for x, y in points])
            data.append(dict(type='scatter', mode='markers', x=xs, y=ys, name=kind_names[kind], hoverinfo='skip',
                             marker=dict(color=colour, size=5, opacity=0.18)))
    xs, ys = zip(*[(round(x, 3), round(y, 3)) for x, y in path.tolist()])
    sizes = [7] * (len(tokens) - 1) + [14]
    data.append(dict(type='scatter', mode='lines+markers+text', x=xs, y=ys, text=[display(t) for t in tokens],
                     textposition='top center', name='', showlegend=False, line=dict(color='#222', width=1.5),
                     marker=dict(color='#222', size=sizes), customdata=list(range(len(tokens))),
                     hovertemplate=position + ' %{customdata}: %{text}<extra></extra>'))
    return figure(data, dict(height=520, margin=dict(t=10, b=50, l=60, r=10),
                             xaxis=dict(title=dict(text=axis_titles[0]), zeroline=False, **FIXED),
                             yaxis=dict(title=dict(text=axis_titles[1]), zeroline=False, **FIXED),
                             legend=dict(orientation='h', y=-0.12, font=dict(size=12), itemsizing='constant')))


def accuracy_figure(labels: list[str], accuracies: list[float], counts: list[int], axis_title: str,
                    marker: tuple[int, str] | None = None, horizontal: bool = True, of: str = 'of') -> dict:
    """Accuracy per group (a kind of position, or a range of numbers), with each group's count on hover.
    marker: (index of a group, text) to mark with a dashed line, such as where the training text ends."""
    if horizontal:
        bars = dict(type='bar', orientation='h', y=labels, x=accuracies, customdata=counts, marker=dict(color=BAR),
                    text=[f'{a:.0%}' for a in accuracies], textposition='outside', cliponaxis=False,
                    hovertemplate=f'%{{y}}: %{{x:.1%}} {of} %{{customdata}}<extra></extra>')
        return figure([bars], dict(height=70 + 30 * len(labels), margin=dict(t=8, b=40, l=label_margin(labels), r=40),
                                   xaxis=dict(range=[0, 1.1], tickformat='.0%', title=dict(text=axis_title), **FIXED),
                                   yaxis=dict(autorange='reversed', type='category', **FIXED)))
    bars = dict(type='bar', x=labels, y=accuracies, customdata=counts, marker=dict(color=BAR),
                hovertemplate=f'%{{x}}: %{{y:.1%}} {of} %{{customdata}}<extra></extra>')
    shapes, notes = [], []
    if marker:
        index, text = marker
        shapes = [dict(type='line', xref='x', x0=index - 0.5, x1=index - 0.5, yref='paper', y0=0, y1=1,
                       line=dict(dash='dash', color=DEPART_LINE, width=2))]
        notes = [dict(xref='x', x=index - 0.5, xanchor='left', yref='paper', y=1, yanchor='bottom', text=text,
                      showarrow=False, font=dict(size=12))]
    return figure([bars], dict(height=320, margin=dict(t=28, b=60, l=60, r=10), shapes=shapes, annotations=notes,
                               yaxis=dict(range=[0, 1.05], tickformat='.0%', title=dict(text=axis_title), **FIXED),
                               xaxis=dict(type='category', tickangle=-60, **FIXED)))


def curves_figure(epochs: list[int], series: list[tuple[str, list[float], str]], titles: tuple[str, str, str]) -> dict:
    """Training curves: series of (name, values, 'loss' or 'accuracy'), the losses on the left axis, the accuracy on
    the right one. titles: the x axis, the loss axis, the accuracy axis."""
    palette = {'loss': ('#1f77b4', '#ff7f0e'), 'accuracy': ('#2ca02c',)}
    used = {'loss': 0, 'accuracy': 0}
    data = []
    for name, values, axis in series:
        colour = palette[axis][used[axis]]
        used[axis] += 1
        data.append(dict(type='scatter', mode='lines+markers', x=epochs, y=values, name=name,
                         yaxis='y2' if axis == 'accuracy' else 'y', line=dict(color=colour)))
    return figure(data, dict(height=340, margin=dict(t=10, b=50, l=60, r=60),
                             xaxis=dict(title=dict(text=titles[0]), dtick=1, **FIXED),
                             yaxis=dict(title=dict(text=titles[1]), rangemode='tozero', **FIXED),
                             yaxis2=dict(title=dict(text=titles[2]), overlaying='y', side='right', range=[0, 1],
                                         tickformat='.0%', showgrid=False, **FIXED),
                             legend=dict(orientation='h', y=-0.2)))


def attention_figure(tokens: list[str], weights, sentinel: str, axis_titles: tuple[str, str]) -> dict:
    """Where a pointer looks: a row per position (after reading its token), a column per token it may copy, and a last
    column for the sentinel (the share it leaves to the LSTM's own guess). weights: (positions, tokens + 1)."""
    shown = [display(t) for t in tokens]
    rows = [f'{i}: {t}' for i, t in enumerate(shown)]
    columns = rows + [sentinel]
    z = weights.double().mul(1000).round().div(1000).tolist()
    heatmap = dict(type='heatmap', z=z, x=columns, y=rows, colorscale=Scale.for_range(0, 1, gate=True).plotly(),
                   zmin=0, zmax=1, colorbar=dict(thickness=12, tickformat='.0%'),
                   hovertemplate='%{y} → %{x}: %{z:.1%}<extra></extra>')
    side = 160 + 16 * len(tokens)
    return figure([heatmap], dict(height=side, margin=dict(t=10, b=110, l=110, r=20),
                                  xaxis=dict(type='category', tickmode='array', tickvals=columns,
                                             ticktext=shown + [sentinel], tickangle=-60,
                                             title=dict(text=axis_titles[0]), **FIXED),
                                  yaxis=dict(type='category', tickmode='array', tickvals=rows, ticktext=shown,
                                             autorange='reversed', title=dict(text=axis_titles[1]), **FIXED)))


# ----- HTML -----

def chip(token: str, background: str = AFTER, text: str = '#000', title: str = '') -> str:
    "One token as a rounded label; '.' is drawn big enough to see."
    dot = ' lm-dot' if token == '.' else ''
    tip = f' title="{html.escape(title)}"' if title else ''
    return (f'<span class="lm-chip{dot}"{tip} style="background:{background};color:{text}">'
            f'{html.escape(display(token))}</span>')


def scale_legend(scale: Scale, label: str) -> str:
    "A gradient strip with its two ends and its middle, so that colours read as numbers."
    stops = ', '.join(f'{scale.css(scale.lo + p * (scale.hi - scale.lo))} {p:.0%}' for p in (0, .25, .5, .75, 1))
    return (f'<div class="lm-legend"><span>{html.escape(label, quote=False)}</span> <span>{scale.lo:.2g}</span>'
            f'<span class="lm-gradient" style="background:linear-gradient(to right, {stops})"></span>'
            f'<span>{scale.hi:.2g}</span></div>')


def tokens_html(tokens: list[str], values: list[float], scale: Scale, legend: str) -> str:
    "The tokens coloured by one unit's value after each, on the same scale as the heatmap, with its legend."
    chips = []
    for token, value in zip(tokens, values):
        background = scale.rgb(value)
        chips.append(chip(token, scale.css(value), text_colour(background), f'{value:+.3f}'))
    return f'<div class="lm-chips">{"".join(chips)}</div>{scale_legend(scale, legend)}'


def continuation_html(generated: list[str], matched: int | None, header: str, note: str) -> str:
    """The generated tokens: the first `matched` green (they follow true counting), the next one red (where it
    departs), the rest grey; all grey when there is nothing to compare with (matched is None)."""
    if matched is None: colours = [AFTER] * len(generated)
    else: colours = [MATCH] * matched + [DEPART] + [AFTER] * len(generated)
    chips = ''.join(chip(t, c) for t, c in zip(generated, colours))
    return (f'<p class="lm-made-by">{html.escape(header, quote=False)}</p><div class="lm-chips">{chips}</div>'
            f'<p>{html.escape(note, quote=False)}</p>')


def guesses_html(columns: list[tuple[str, list[tuple[str, float]], bool]], legend: str) -> str:
    """Under each token, what the model guessed there before seeing it: its top guesses, shaded by probability, the
    first one marked right (green edge) or wrong (red edge). columns: (token, [(guess, probability)], right)."""
    cells = []
    for token, top, right in columns:
        guesses = ''.join(
            f'<span class="lm-guess{" lm-hit" if g == token else ""}" title="{p:.1%}" '
            f'style="background:{PROBABILITY.css(p)};color:{text_colour(PROBABILITY.rgb(p))}">'
            f'{html.escape(display(g))}</span>' for g, p in top)
        cells.append(f'<div class="lm-column {"lm-right" if right else "lm-wrong"}">{chip(token)}{guesses}</div>')
    return f'<div class="lm-columns">{"".join(cells)}</div><p class="lm-caption">{html.escape(legend)}</p>'
