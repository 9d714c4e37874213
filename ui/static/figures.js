// The figures of the first screen and of Hidden states, in the browser: a mirror of lm/plots.py, function by function
// and with the same names, so that the page draws on every keystroke what the server would send.
// tests/test_browser_views.py draws both sides on the same data and compares the figures.
//
// A figure is a plain plotly object, {data, layout}, as lm.plots makes it. A heatmap layer's `values` is an Array of
// rows, one per position, each a row of units (a state of lm.js).

export const FONT = {family: 'system-ui, sans-serif', size: 13, color: '#1f2328'};
const BAR = '#3b6fb6', GHOST = '#d5deeb', CHOSEN = '#e8710a';
const MATCH = '#c8f0c8', DEPART = '#ffb3b3', AFTER = '#eeeeee';
export const DOT = '•';              // how '.' is drawn: a lone full stop is barely visible on an axis or in a chip
const FIXED = {fixedrange: true};
const MESSAGE_LINE = 36;             // characters in a line of a message in a figure: plotly does not wrap it
const CLEAR = 'rgba(0,0,0,0)';

export function display(token) { return token === '.' ? DOT : token; }

// Python's round(): to the nearest whole number, an exact half to the even one
export function round_half_even(x) {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

// ----- Colour scales: one per quantity, the same in the heatmaps, the coloured prefix and their legends -----

const DIVERGING = [[0.0, [33, 102, 172]], [0.5, [247, 247, 247]], [1.0, [178, 24, 43]]];    // blue, white at 0, red
const POSITIVE = [[0.0, [255, 245, 240]], [1.0, [165, 15, 21]]];                           // white at 0 to red
const GATE = [[0.0, [252, 251, 253]], [1.0, [63, 0, 125]]];                                // white to purple

export class Scale {
  // A colour scale over lo..hi; light always means 0 (or closed, for a gate).
  constructor(lo, hi, stops) { this.lo = lo; this.hi = hi; this.stops = stops; }

  static for_range(lo, hi, gate = false) { return new Scale(lo, hi, gate ? GATE : lo < 0 ? DIVERGING : POSITIVE); }

  rgb(value) {
    const x = Math.min(Math.max((value - this.lo) / ((this.hi - this.lo) || 1), 0.0), 1.0);
    for (let i = 0; i + 1 < this.stops.length; i++) {
      const [a, ca] = this.stops[i], [b, cb] = this.stops[i + 1];
      if (x <= b) {
        const t = (x - a) / (b - a);
        return ca.map((u, k) => round_half_even(u + t * (cb[k] - u)));
      }
    }
    return this.stops.at(-1)[1];
  }

  css(value) { return `rgb(${this.rgb(value).join(', ')})`; }

  plotly() { return this.stops.map(([p, c]) => [p, `rgb(${c.join(', ')})`]); }
}

const PROBABILITY = new Scale(0.0, 1.0, [[0.0, [240, 244, 250]], [1.0, [40, 80, 150]]]);   // a guess' shade

export function text_colour(background) {
  // Black or white text, whichever reads better on this background (WCAG relative luminance).
  const channel = c => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
  const [r, g, b] = background.map(channel);
  return 0.2126 * r + 0.7152 * g + 0.0722 * b > 0.18 ? '#000' : '#fff';
}

// ----- Figures -----

export function figure(data, layout) {
  // A figure with no background of its own, so that it sits on the page in light and in dark mode alike.
  return {data, layout: {font: FONT, plot_bgcolor: CLEAR, paper_bgcolor: CLEAR, dragmode: false, ...layout}};
}

export function wrapped(text, width = MESSAGE_LINE) {
  // A text in as few lines as `width` characters allow, each as short as that lets them be (a longer word has a
  // line of its own), joined by plotly's <br>.
  const length = s => [...s].length;                      // characters, as Python counts them
  const lines = longest => {
    const out = [];
    let line = '';
    for (const word of text.split(' ')) {
      if (line && length(line) + 1 + length(word) > longest) { out.push(line); line = word; }
      else line = line ? `${line} ${word}` : word;
    }
    return [...out, line];
  };
  const fewest = lines(width).length;
  let w = 1;
  while (lines(w).length > fewest) w++;
  return lines(w).join('<br>');
}

export function message_figure(text, height = 200) {
  // An empty figure that says why it is empty.
  return figure([], {height, xaxis: {visible: false, ...FIXED}, yaxis: {visible: false, ...FIXED},
                     annotations: [{text: wrapped(text), showarrow: false, font: {size: 16, color: '#555'}}]});
}

// Python's f'{p:.0%}' and f'{p:.1%}'
export const percent = (p, digits) => `${(p * 100).toFixed(digits)}%`;

export function distribution_figure(tokens, own, shown = null, chosen = null, names = ['model', 'shown']) {
  // The next-token probabilities as horizontal bars, most likely on top (see lm.plots.distribution_figure).
  const solid = shown === null ? own : shown;
  const label = p => p < 0.005 ? '' : p < 0.01 ? '<1%' : 0.99 < p && p < 1 ? percent(p, 1) : percent(p, 0);
  const colours = tokens.map((_, i) => (i === chosen ? CHOSEN : BAR));
  const labels = tokens.map(t => `'${display(t)}'`);
  const bars = [{type: 'bar', orientation: 'h', y: labels, x: solid, name: names[shown ? 1 : 0],
                 marker: {color: colours}, text: solid.map(label),
                 textposition: 'outside', textfont: {size: 12}, constraintext: 'none', cliponaxis: false,
                 customdata: own, hovertemplate: '%{y}: %{x:.1%}<extra></extra>', showlegend: shown !== null}];
  if (shown !== null) {
    bars.unshift({type: 'bar', orientation: 'h', y: labels, x: own, name: names[0], hoverinfo: 'skip',
                  marker: {color: GHOST, line: {color: '#8fa6c8', width: 1}}});
  }
  return figure(bars, {
    height: 60 + 15 * tokens.length, margin: {t: 8, b: 36, l: 92, r: 16}, barmode: 'overlay', bargap: 0.25,
    xaxis: {range: [0, 1.13], tickformat: '.0%', tickvals: [0, 0.25, 0.5, 0.75, 1], ...FIXED},
    yaxis: {autorange: 'reversed', tickfont: {size: 12}, ...FIXED},
    legend: {orientation: 'h', x: 1, xanchor: 'right', y: -0.02, yanchor: 'top', font: {size: 12}}});
}

const GROUP_FONT = 11;                  // a heatmap's group labels: their font size, and the height of a line of them
const GROUP_LINE = 1.3 * GROUP_FONT;

export function text_width(text, size) { return 0.6 * size * [...text].length; }

export function spread(centres, gap, lo, hi) {
  // Positions as near the centres (in increasing order) as they can be, at least `gap` apart, within lo..hi.
  const out = [];
  for (const c of centres) out.push(out.length ? Math.max(c, out.at(-1) + gap) : Math.max(c, lo));
  for (let i = out.length - 1; i >= 0; i--) out[i] = Math.min(out[i], i + 1 < out.length ? out[i + 1] - gap : hi);
  return out;
}

// A heatmap layer, as lm.plots.HeatmapLayer: {name, values, scale, order, unit_names, groups, marked}

export function states_figure(tokens, layers, selected = null, title = '', words = ['position', 'value']) {
  // Heatmaps of units x tokens, one per layer (see lm.plots.states_figure).
  const n = layers.length;
  const gap = 0.12 / Math.max(n - 1, 1);
  const height = 90 + 7 * layers[0].order.length * n, margin = {t: 24, b: 90, r: 20};
  margin.l = 20 + Math.max(0, ...layers.flatMap(layer => layer.groups.map(g => text_width(g[0], GROUP_FONT))));
  const row = (height - margin.t - margin.b) * (1 / n - gap) / layers[0].order.length;      // a unit's height, in px
  const shown = tokens.map(display);
  const columns = shown.map((t, i) => `${i}: ${t}`);      // unique, so that hovering names position and token
  const data = [], axes = {}, notes = [];
  let shapes = [];
  layers.forEach((layer, i) => {
    const suffix = i === 0 ? '' : String(i + 1);
    const rows = layer.order.map(u => layer.unit_names[u]);
    const values = layer.order.map(u => layer.values.map(step => round_half_even(step[u] * 100) / 100));  // lighter
    data.push({
      type: 'heatmap', z: values, x: columns, y: rows, xaxis: `x${suffix}`, yaxis: `y${suffix}`,
      colorscale: layer.scale.plotly(), zmin: layer.scale.lo, zmax: layer.scale.hi, zsmooth: 'fast',
      colorbar: {len: 1 / n - gap, y: 1 - (i + 0.5) / n, thickness: 12, ypad: 0},
      hovertemplate: `${words[0]} %{x}<br>%{y}<br>${words[1]} %{z:.2f}<extra>${layer.name}</extra>`});
    const top = 1 - i / n - (i ? gap / 2 : 0);
    axes[`yaxis${suffix}`] = {domain: [Math.max(top - 1 / n + gap, 0), top], autorange: 'reversed',
                              showticklabels: false, ticks: '', type: 'category', ...FIXED};
    notes.push({xref: 'paper', x: 0, xanchor: 'left', yref: 'paper', y: top, yanchor: 'bottom', text: layer.name,
                showarrow: false, font: {size: 13}});
    axes[`xaxis${suffix}`] = {anchor: `y${suffix}`, type: 'category', tickmode: 'array', tickvals: columns,
                              ticktext: shown, tickangle: -60, showticklabels: i === n - 1, ...FIXED,
                              ...(i ? {matches: 'x'} : {})};
    const places = spread(layer.groups.map(([, first, last]) => (first + last) / 2), GROUP_LINE / row, 0,
                          layer.order.length - 1);
    layer.groups.forEach(([label, first, last], g) => {
      notes.push({xref: 'paper', x: -0.008, xanchor: 'right', yref: `y${suffix}`, y: places[g], text: label,
                  showarrow: false, font: {size: GROUP_FONT}});
      shapes.push({type: 'line', xref: 'paper', x0: -0.005, x1: -0.005, yref: `y${suffix}`, y0: first - 0.4,
                   y1: last + 0.4, line: {color: '#888', width: 3}});
    });
    const rows_of = new Map(layer.order.map((u, r) => [u, r]));
    const frames = layer.marked.map(u => [u, '#e8710a', 2]);
    if (selected && selected[0] === i) frames.push([selected[1], '#111', 2]);
    shapes = shapes.concat(frames.map(([u, colour, width]) => ({
      type: 'rect', xref: 'paper', x0: 0, x1: 1, yref: `y${suffix}`, y0: rows_of.get(u) - 0.5,
      y1: rows_of.get(u) + 0.5, line: {color: colour, width}})));
  });
  if (title) notes.push({xref: 'paper', x: 1, xanchor: 'right', yref: 'paper', y: 1, yanchor: 'bottom', text: title,
                         showarrow: false, font: {size: 15}});
  return figure(data, {height, margin, shapes, annotations: notes, ...axes});
}

export function attention_figure(tokens, weights, sentinel, axis_titles) {
  // Where a pointer looks: a row per position (after reading its token), a column per token it may copy, and a last
  // column for the sentinel (the share it leaves to the LSTM's own guess). weights: (positions, tokens + 1).
  const shown = tokens.map(display);
  const rows = shown.map((t, i) => `${i}: ${t}`);
  const columns = [...rows, sentinel];
  const z = weights.map(row => Array.from(row, x => round_half_even(x * 1000) / 1000));
  const heatmap = {type: 'heatmap', z, x: columns, y: rows, colorscale: Scale.for_range(0, 1, true).plotly(),
                   zmin: 0, zmax: 1, colorbar: {thickness: 12, tickformat: '.0%'},
                   hovertemplate: '%{y} → %{x}: %{z:.1%}<extra></extra>'};
  return figure([heatmap], {height: 160 + 16 * tokens.length, margin: {t: 10, b: 110, l: 110, r: 20},
    xaxis: {type: 'category', tickmode: 'array', tickvals: columns, ticktext: [...shown, sentinel], tickangle: -60,
            title: {text: axis_titles[0]}, ...FIXED},
    yaxis: {type: 'category', tickmode: 'array', tickvals: rows, ticktext: shown, autorange: 'reversed',
            title: {text: axis_titles[1]}, ...FIXED}});
}

// ----- HTML -----

// Python's html.escape
export function escape(text, quote = true) {
  text = String(text).replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
  return quote ? text.replaceAll('"', '&quot;').replaceAll("'", '&#x27;') : text;
}

export function chip(token, background = AFTER, text = '#000', title = '') {
  // One token as a rounded label; '.' is drawn big enough to see.
  const dot = token === '.' ? ' lm-dot' : '';
  const tip = title ? ` title="${escape(title)}"` : '';
  return `<span class="lm-chip${dot}"${tip} style="background:${background};color:${text}">` +
         `${escape(display(token))}</span>`;
}

// Python's f'{x:.2g}' for the numbers a colour range has (from -10 to 10)
const general = x => String(Number(x.toPrecision(2)));

export function scale_legend(scale, label) {
  // A gradient strip with its two ends and its middle, so that colours read as numbers.
  const stops = [0, 0.25, 0.5, 0.75, 1].map(p => `${scale.css(scale.lo + p * (scale.hi - scale.lo))} ${percent(p, 0)}`)
    .join(', ');
  return `<div class="lm-legend"><span>${escape(label, false)}</span> <span>${general(scale.lo)}</span>` +
         `<span class="lm-gradient" style="background:linear-gradient(to right, ${stops})"></span>` +
         `<span>${general(scale.hi)}</span></div>`;
}

// Python's f'{x:+.3f}'
const signed = x => (x >= 0 && !Object.is(x, -0) ? '+' : '') + x.toFixed(3);

export function tokens_html(tokens, values, scale, legend) {
  // The tokens coloured by one unit's value after each, on the same scale as the heatmap, with its legend.
  const chips = tokens.map((token, i) => chip(token, scale.css(values[i]), text_colour(scale.rgb(values[i])),
                                                 signed(values[i])));
  return `<div class="lm-chips">${chips.join('')}</div>${scale_legend(scale, legend)}`;
}

export function continuation_html(generated, matched, header, note) {
  // The generated tokens: the first `matched` green (they follow true counting), the next one red (where it
  // departs), the rest grey; all grey when there is nothing to compare with (matched is null).
  const colours = generated.map((_, i) => matched === null || i > matched ? AFTER : i < matched ? MATCH : DEPART);
  return `<p class="lm-made-by">${escape(header, false)}</p>` +
         `<div class="lm-chips">${generated.map((t, i) => chip(t, colours[i])).join('')}</div>` +
         `<p>${escape(note, false)}</p>`;
}

export function guesses_html(columns, legend) {
  // Under each token, what the model guessed there before seeing it: its top guesses, shaded by probability, the
  // first one marked right (green edge) or wrong (red edge). columns: [token, [[guess, probability]], right].
  const cells = columns.map(([token, top, right]) => {
    const guesses = top.map(([g, p]) =>
      `<span class="lm-guess${g === token ? ' lm-hit' : ''}" title="${percent(p, 1)}" ` +
      `style="background:${PROBABILITY.css(p)};color:${text_colour(PROBABILITY.rgb(p))}">` +
      `${escape(display(g))}</span>`).join('');
    return `<div class="lm-column ${right ? 'lm-right' : 'lm-wrong'}">${chip(token)}${guesses}</div>`;
  });
  return `<div class="lm-columns">${cells.join('')}</div><p class="lm-caption">${escape(legend)}</p>`;
}
