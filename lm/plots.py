"""Figures of the app, built from plain data (lists, tensors): plotly figures and small pieces of HTML.
Nothing here knows about Gradio, so the tests call these functions directly.

The figures are written as plotly dicts and built without plotly's validation (`_validate=False`): they are
remade on every keystroke, and validation would cost more than the model itself.
"""
import html

import plotly.graph_objects as go

FONT = dict(family='system-ui, sans-serif', size=14)
MATCH, DEPART, AFTER = '#c8f0c8', '#ffb3b3', '#eeeeee'


def figure(data, layout) -> go.Figure:
    return go.Figure(data=data, layout=dict(font=FONT, plot_bgcolor='white', paper_bgcolor='white', **layout),
                     _validate=False)


def message_figure(text: str) -> go.Figure:
    "An empty figure that says why it is empty."
    return figure([], dict(height=260, xaxis=dict(visible=False), yaxis=dict(visible=False),
                           annotations=[dict(text=text, showarrow=False, font=dict(size=16, color='#666'))]))


def distribution_figure(ranked: list[tuple[str, float]], title: str, baseline: tuple[str, float]) -> go.Figure:
    "Bar chart of the next-token probabilities, most likely first, with the always-the-same-token baseline."
    tokens, probs = zip(*ranked)
    token, share = baseline
    bars = dict(type='bar', x=[f"'{t}'" for t in tokens], y=probs, marker=dict(color='#3b6fb6'),
                hovertemplate='%{x}: %{y:.1%}<extra></extra>', text=[f'{p:.0%}' if p >= 0.01 else '' for p in probs],
                textposition='outside', cliponaxis=False)
    return figure([bars], dict(
        title=dict(text=title), height=360, margin=dict(t=60, b=80, l=60, r=20),
        yaxis=dict(title=dict(text='probability'), range=[0, 1.08], tickformat='.0%'), xaxis=dict(tickangle=-45),
        shapes=[dict(type='line', xref='paper', x0=0, x1=1, y0=share, y1=share, line=dict(dash='dash', color='#d62728'))],
        annotations=[dict(xref='paper', x=1, y=share, xanchor='right', yanchor='bottom', showarrow=False,
                          text=f"always '{token}': {share:.1%}", font=dict(color='#d62728'))]))


def states_figure(tokens: list[str], layers: list, title: str, unit: int | None = None) -> go.Figure:
    """Heatmaps of units x tokens, one row per layer. `layers` holds (name, values (time, units)) pairs.
    Gates lie in 0..1 (white to blue), states in -1..1 and beyond (blue to red, white at zero)."""
    n = len(layers)
    gap = 0.12 / max(n - 1, 1)
    data, axes = [], {}
    for i, (name, values) in enumerate(layers):
        values = values.T.double().mul(1000).round().div(1000).tolist()   # (units, time), 3 decimals: a lighter page
        gate = 'gate' in name
        suffix = '' if i == 0 else str(i + 1)
        data.append(dict(
            type='heatmap', z=values, x=list(range(len(tokens))), xaxis=f'x{suffix}', yaxis=f'y{suffix}',
            customdata=[tokens] * len(values), colorscale='Blues' if gate else 'RdBu',
            zmid=None if gate else 0, zmin=0 if gate else None, zmax=1 if gate else None,
            colorbar=dict(len=1 / n - gap, y=1 - (i + 0.5) / n, thickness=12),
            hovertemplate='token %{x}: %{customdata}<br>unit %{y}<br>value %{z:.3f}<extra>' + name + '</extra>'))
        top = 1 - i / n - (gap / 2 if i else 0)
        axes[f'yaxis{suffix}'] = dict(title=dict(text=f'{name}: unit'), domain=[max(top - 1 / n + gap, 0), top],
                                      autorange='reversed')
        axes[f'xaxis{suffix}'] = dict(anchor=f'y{suffix}', tickmode='array', tickvals=list(range(len(tokens))),
                                      ticktext=tokens, tickangle=-60, showticklabels=i == n - 1,
                                      **({'matches': 'x'} if i else {}))
    shapes = [dict(type='rect', xref='paper', x0=0, x1=1, yref=f'y{"" if i == 0 else i + 1}', y0=unit - 0.5,
                   y1=unit + 0.5, line=dict(color='#222', width=1.5)) for i in range(n)] if unit is not None else []
    return figure(data, dict(title=dict(text=title), height=140 + 260 * n, margin=dict(t=60, b=90, l=80, r=20),
                             shapes=shapes, **axes))


def tokens_html(tokens: list[str], values: list[float]) -> str:
    "The tokens coloured by one unit's value after each: red when positive, blue when negative."
    scale = max((abs(v) for v in values), default=0) or 1
    spans = []
    for token, value in zip(tokens, values):
        a = abs(value) / scale
        colour = f'rgba(214, 39, 40, {a:.2f})' if value > 0 else f'rgba(31, 119, 180, {a:.2f})'
        spans.append(f'<span title="{value:+.3f}" style="background:{colour};padding:2px 4px;margin:1px;'
                     f'border-radius:4px;display:inline-block">{html.escape(token)}</span>')
    return '<div style="line-height:2;font-size:1.1em">' + ''.join(spans) + '</div>'


def continuation_html(generated: list[str], expected: list[str] | None) -> str:
    "The generated tokens, green while they follow true counting, red from where they depart."
    if expected is None:
        note = "The prefix does not end in counting (a number then '.'), so there is nothing to compare with."
        colours = [AFTER] * len(generated)
    else:
        depart = next((i for i, (g, e) in enumerate(zip(generated, expected)) if g != e), None)
        if depart is None and len(generated) > len(expected): depart = len(expected)     # counting ended at 9999
        if depart is None: note, colours = f"All {len(generated)} tokens follow true counting.", [MATCH] * len(generated)
        else:
            wanted = f"'{expected[depart]}'" if depart < len(expected) else 'the end of the text (9999)'
            note = (f"Departs from counting at token {depart + 1}: '{generated[depart]}' where counting says "
                    f"{wanted}.")
            colours = [MATCH] * depart + [DEPART] + [AFTER] * (len(generated) - depart - 1)
    spans = ''.join(f'<span style="background:{c};padding:2px 4px;margin:1px;border-radius:4px;'
                    f'display:inline-block">{html.escape(t)}</span>' for t, c in zip(generated, colours))
    return f'<div style="line-height:2;font-size:1.1em">{spans}</div><p>{html.escape(note, quote=False)}</p>'
