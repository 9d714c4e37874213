// The figures a keystroke redraws, drawn on a canvas by this module instead of by plotly.js: the next-token chart
// (lm.plots.distribution_figure), Hidden states' heatmaps (states_figure, and attention_figure), and a figure that
// only says why it is empty (message_figure), or their mirrors in figures.js. plotly.js takes 10 to 30 ms to draw the
// chart again and 30 to 80 ms for two 64x64 heatmaps, more than a keystroke may take; this draws them in a few.
//
// It reads only what those functions put in a figure: bar and heatmap traces on category axes, a value axis with its
// ticks and grid, colour scales and colour bars, tick labels, axis titles, a legend, annotations, line and rectangle
// shapes, and the hover template, shown in a tooltip under the pointer or the finger. Every text takes the page's
// colour (the page's CSS does the same to plotly's), so that figures read in light and in dark mode.

const COLOURBAR_GAP = 10, COLOURBAR_LABELS = 34;     // px between the plot and a colour bar, and for its tick labels

export function drawable(figure) {
  // Whether this module draws the figure: a message (no trace), heatmaps, or the next-token chart, the one figure of
  // horizontal bars drawn over each other (barmode 'overlay'). The others (votes and accuracies by bars, with their
  // axis titles; lines; a map of points) go to plotly.js.
  const {data, layout} = figure;
  if (!data.length) return (layout.annotations ?? []).length > 0;
  return data.every(d => d.type === 'heatmap') ||
         (layout.barmode === 'overlay' && data.every(d => d.type === 'bar' && d.orientation === 'h'));
}

export function draw(element, figure) {
  // The figure in `element`, which it fills in width (at least its --lm-min-width); returns where each trace is, in
  // px (`area`). The element keeps its canvas from one figure to the next (a new one costs more than the drawing),
  // and draws it again when its width changes: a window resized, presentation mode left, a hidden tab shown.
  element.lm_figure = figure;
  if (!element.lm_resized) {
    element.lm_resized = new ResizeObserver(() => {
      if (element.clientWidth && element.clientWidth !== element.lm_width && element.lm_figure) {
        draw(element, element.lm_figure);
      }
    });
    element.lm_resized.observe(element);
  }
  const style = getComputedStyle(element), {layout} = figure, height = layout.height;
  element.lm_width = element.clientWidth;
  const width = Math.max(element.clientWidth, parseFloat(style.getPropertyValue('--lm-min-width')) || 0);
  const ratio = window.devicePixelRatio || 1;
  let canvas = element.querySelector(':scope > canvas'), tip = element.querySelector(':scope > .lm-tip');
  if (!canvas) {
    canvas = document.createElement('canvas');
    tip = document.createElement('div');
    tip.className = 'lm-tip';
    element.replaceChildren(canvas, tip);
  }
  if (canvas.width !== Math.round(width * ratio) || canvas.height !== Math.round(height * ratio)) {
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
    canvas.style.width = `${width}px`;
    canvas.style.height = `${height}px`;
  }
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', description(figure));
  const ctx = canvas.getContext('2d');
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.clearRect(0, 0, width, height);
  const page = {text: style.color, grid: style.getPropertyValue('--border').trim() || '#e5e5e5',
                font: size => `${size}px ${layout.font?.family ?? 'sans-serif'}`, size: layout.font?.size ?? 12};
  ctx.fillStyle = ctx.strokeStyle = page.text;
  const areas = figure.data.map(trace => area(layout, trace, width));
  if (figure.data[0]?.type === 'bar') bars(ctx, figure, areas[0], page);
  figure.data.forEach((trace, i) => {
    if (trace.type !== 'heatmap') return;
    cells(ctx, trace, areas[i]);
    colour_bar(ctx, trace, areas[i], page);
    category_labels(ctx, trace, areas[i], layout, page);
  });
  const paper = areas[0] ?? paper_area(layout, width);
  for (const shape of layout.shapes ?? []) outline(ctx, shape, areas, paper, figure.data);
  for (const note of layout.annotations ?? []) annotate(ctx, note, areas, paper, figure.data, page);
  canvas.onpointermove = canvas.onpointerdown = event => hover(event, canvas, tip, figure.data, areas);
  canvas.onpointerleave = event => { if (event.pointerType === 'mouse') tip.hidden = true; };   // a tap's stays
  tip.hidden = true;
  return areas;
}

const MARGIN = {l: 80, r: 80, t: 100, b: 80};          // plotly.js's, where a figure sets none (a message)

export function description(figure) {
  // What a screen reader says of the canvas: the chart's five first bars, a message, the heatmaps' names.
  const {data, layout} = figure;
  if (data[0]?.type === 'bar') {
    const bars = data.at(-1);
    return bars.y.slice(0, 5).map((label, i) => `${label} ${(bars.x[i] * 100).toFixed(1)}%`).join(', ');
  }
  return (layout.annotations ?? []).filter(note => (note.yref ?? 'paper') === 'paper')
    .map(note => String(note.text).replaceAll('<br>', ' ')).join(', ');
}

export function clear(element) {
  // The element emptied, for a figure that plotly.js draws: it no longer draws again when resized.
  element.lm_figure = null;
  element.replaceChildren();
}

function paper_area(layout, width, right_of_plot = 0) {
  // The plot area, in px: the figure less its margins and what stands right of the plot (a colour bar).
  const m = {...MARGIN, ...layout.margin};
  return {left: m.l, right: width - m.r - right_of_plot, paper_top: m.t, paper_height: layout.height - m.t - m.b};
}

function area(layout, trace, width) {
  // Where a trace is drawn, in px: the plot area (a heatmap's own part of it, by its y axis' domain), its rows and
  // columns and each one's size.
  const bar = trace.colorbar ? COLOURBAR_GAP + (trace.colorbar.thickness ?? 12) + COLOURBAR_LABELS : 0;
  const paper = paper_area(layout, width, bar);
  const [lo, hi] = layout[axis_name('y', trace.yaxis)]?.domain ?? [0, 1];
  const top = paper.paper_top + (1 - hi) * paper.paper_height, bottom = paper.paper_top + (1 - lo) * paper.paper_height;
  const rows = trace.type === 'bar' ? trace.y.length : trace.z.length;
  const columns = trace.type === 'heatmap' ? trace.z[0]?.length ?? 0 : 1;
  return {...paper, top, bottom, rows, columns,
          cell_width: (paper.right - paper.left) / (columns || 1), cell_height: (bottom - top) / (rows || 1)};
}

const axis_name = (letter, ref) => `${letter}axis${(ref ?? letter).slice(1)}`;

function text(ctx, page, size, align, baseline) {
  ctx.fillStyle = page.text;
  ctx.font = page.font(size);
  ctx.textAlign = align;
  ctx.textBaseline = baseline;
}

// Python's f'{x:.0%}', plotly's tickformat '.0%'
const whole_percent = v => `${Math.round(v * 100)}%`;

// ----- bars: the next-token chart -----

function bars(ctx, figure, a, page) {
  // Horizontal bars on the category axis, the first on top; the value axis' grid and ticks; the labels outside the
  // bars; the legend below, right-aligned, when more than one trace has a name to show.
  const {layout, data} = figure, x = layout.xaxis ?? {}, [lo, hi] = x.range ?? [0, 1];
  const at = v => a.left + (v - lo) / (hi - lo) * (a.right - a.left);
  text(ctx, page, page.size, 'center', 'top');
  ctx.strokeStyle = page.grid;
  ctx.lineWidth = 1;
  for (const v of x.tickvals ?? []) {
    ctx.beginPath();
    ctx.moveTo(Math.round(at(v)) + 0.5, a.top);
    ctx.lineTo(Math.round(at(v)) + 0.5, a.bottom);
    ctx.stroke();
    ctx.fillText(x.tickformat === '.0%' ? whole_percent(v) : String(v), at(v), a.bottom + 6);
  }
  const thickness = a.cell_height * (1 - (layout.bargap ?? 0.2));
  for (const trace of data) {
    const colour = i => Array.isArray(trace.marker?.color) ? trace.marker.color[i] : trace.marker?.color ?? '#3b6fb6';
    trace.x.forEach((v, i) => {
      const top = a.top + (i + 0.5) * a.cell_height - thickness / 2, length = at(v) - at(0);
      ctx.fillStyle = colour(i);
      ctx.fillRect(at(0), top, length, thickness);
      if (trace.marker?.line) {
        ctx.strokeStyle = trace.marker.line.color;
        ctx.lineWidth = trace.marker.line.width ?? 1;
        ctx.strokeRect(at(0) + 0.5, top + 0.5, Math.max(length - 1, 0), thickness - 1);
      }
      if (trace.text?.[i]) {
        text(ctx, page, trace.textfont?.size ?? page.size, 'left', 'middle');
        ctx.fillText(trace.text[i], at(v) + 3, top + thickness / 2);
      }
    });
  }
  text(ctx, page, layout.yaxis?.tickfont?.size ?? page.size, 'right', 'middle');
  data[0].y.forEach((label, i) => ctx.fillText(label, a.left - 4, a.top + (i + 0.5) * a.cell_height));
  ctx.strokeStyle = page.grid;
  ctx.beginPath();
  ctx.moveTo(Math.round(at(0)) + 0.5, a.top);
  ctx.lineTo(Math.round(at(0)) + 0.5, a.bottom);
  ctx.stroke();
  const named = data.filter(d => d.showlegend !== false && d.name);
  if (named.length > 1) legend(ctx, named, a, layout, page);
}

function legend(ctx, traces, a, layout, page) {
  // A swatch and a name for each trace, in one row under the value axis' ticks, at the right.
  const size = layout.legend?.font?.size ?? page.size, swatch = 12, gap = 18;
  text(ctx, page, size, 'left', 'middle');
  const widths = traces.map(t => swatch + 6 + ctx.measureText(t.name).width);
  let x = a.right - widths.reduce((s, w) => s + w, 0) - gap * (traces.length - 1);
  const y = layout.height - size / 2 - 4;
  traces.forEach((t, i) => {
    const colour = Array.isArray(t.marker?.color) ? t.marker.color.at(-1) : t.marker?.color;
    ctx.fillStyle = colour;
    ctx.fillRect(x, y - swatch / 2, swatch, swatch);
    if (t.marker?.line) {
      ctx.strokeStyle = t.marker.line.color;
      ctx.lineWidth = 1;
      ctx.strokeRect(x + 0.5, y - swatch / 2 + 0.5, swatch - 1, swatch - 1);
    }
    ctx.fillStyle = page.text;
    ctx.fillText(t.name, x + swatch + 6, y);
    x += widths[i] + gap;
  });
}

// ----- heatmaps: Hidden states, Side by side, Looked at -----

function colours(trace) {
  // The trace's colour scale as a function of a value: linear in RGB between its stops, as plotly.js draws it.
  const stops = trace.colorscale.map(([p, css]) => [p, css.match(/\d+(\.\d+)?/g).map(Number)]);
  const lo = trace.zmin, span = (trace.zmax - lo) || 1;
  return value => {
    const x = Math.min(Math.max((value - lo) / span, 0), 1);
    let i = 0;
    while (i + 2 < stops.length && x > stops[i + 1][0]) i++;
    const [a, ca] = stops[i], [b, cb] = stops[i + 1], f = (x - a) / (b - a);
    return ca.map((c, k) => Math.round(c + f * (cb[k] - c)));
  };
}

const cell_image = document.createElement('canvas');        // the cells at one pixel each, before scaling

function cells(ctx, trace, a) {
  // One pixel a cell, scaled up without smoothing (plotly's zsmooth 'fast').
  if (!a.rows || !a.columns) return;
  const colour = colours(trace), image = new ImageData(a.columns, a.rows), pixels = image.data;
  trace.z.forEach((row, r) => row.forEach((value, c) => {
    if (value === null || value === undefined) return;
    const [red, green, blue] = colour(value), k = 4 * (r * a.columns + c);
    pixels[k] = red; pixels[k + 1] = green; pixels[k + 2] = blue; pixels[k + 3] = 255;
  }));
  cell_image.width = a.columns;
  cell_image.height = a.rows;
  cell_image.getContext('2d').putImageData(image, 0, 0);
  ctx.imageSmoothingEnabled = false;
  ctx.drawImage(cell_image, a.left, a.top, a.right - a.left, a.bottom - a.top);
}

export function nice_ticks(lo, hi, most = 6) {
  // Round values from lo to hi, fewer than `most` of them, as an axis would choose them.
  const span = hi - lo, power = 10 ** Math.floor(Math.log10(span || 1));
  const step = [0.1, 0.2, 0.25, 0.5, 1, 2, 2.5, 5, 10].map(s => s * power).find(s => span / s < most) ?? span;
  const ticks = [];
  for (let v = Math.ceil(lo / step - 1e-9) * step; v <= hi + 1e-9 * step; v += step) ticks.push(+v.toFixed(10));
  return ticks;
}

function colour_bar(ctx, trace, a, page) {
  // The colour scale beside the plot, with its values (a minus sign, not a hyphen, as plotly writes them).
  const bar = trace.colorbar;
  if (!bar) return;
  const thickness = bar.thickness ?? 12, length = (bar.len ?? 1) * a.paper_height;
  const middle = a.paper_top + (1 - (bar.y ?? 0.5)) * a.paper_height;
  const left = a.right + COLOURBAR_GAP, top = middle - length / 2, colour = colours(trace);
  const span = trace.zmax - trace.zmin;
  const gradient = ctx.createLinearGradient(0, top + length, 0, top);
  for (let p = 0; p <= 1; p += 0.125) gradient.addColorStop(p, `rgb(${colour(trace.zmin + p * span)})`);
  ctx.fillStyle = gradient;
  ctx.fillRect(left, top, thickness, length);
  text(ctx, page, 11, 'left', 'middle');
  for (const v of nice_ticks(trace.zmin, trace.zmax)) {
    const label = bar.tickformat === '.0%' ? whole_percent(v) : String(v).replace('-', '−');
    ctx.fillText(label, left + thickness + 3, top + length * (1 - (v - trace.zmin) / (span || 1)));
  }
}

function category_labels(ctx, trace, a, layout, page) {
  // The tick labels and titles of a heatmap's axes, where the figure shows them.
  const x = layout[axis_name('x', trace.xaxis)] ?? {}, y = layout[axis_name('y', trace.yaxis)] ?? {};
  text(ctx, page, page.size, 'center', 'top');
  if (x.showticklabels !== false) {
    const angle = (x.tickangle ?? 0) * Math.PI / 180;
    ctx.textAlign = angle ? 'right' : 'center';
    ctx.textBaseline = angle ? 'middle' : 'top';
    (x.ticktext ?? trace.x).forEach((label, c) => {
      ctx.save();
      ctx.translate(a.left + (c + 0.5) * a.cell_width, a.bottom + 4);
      ctx.rotate(angle);
      ctx.fillText(label, 0, 0);
      ctx.restore();
    });
  }
  if (y.showticklabels !== false) {
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    (y.ticktext ?? trace.y).forEach((label, r) => ctx.fillText(label, a.left - 4, a.top + (r + 0.5) * a.cell_height));
  }
  ctx.textAlign = 'center';
  if (x.title?.text) {
    ctx.textBaseline = 'bottom';
    ctx.fillText(x.title.text, (a.left + a.right) / 2, layout.height - 4);
  }
  if (y.title?.text) {
    ctx.save();
    ctx.translate(12, (a.top + a.bottom) / 2);
    ctx.rotate(-Math.PI / 2);
    ctx.textBaseline = 'middle';
    ctx.fillText(y.title.text, 0, 0);
    ctx.restore();
  }
}

// ----- shapes and annotations -----

function place(ref, value, letter, areas, paper, data) {
  // A coordinate of a shape or an annotation in px: on the paper (0 to 1 over the plot area) or on a trace's axis.
  if (ref === 'paper') {
    return letter === 'x' ? paper.left + value * (paper.right - paper.left)
                          : paper.paper_top + (1 - value) * paper.paper_height;
  }
  const i = Math.max(0, data.findIndex(d => (letter === 'x' ? d.xaxis ?? 'x' : d.yaxis ?? 'y') === ref));
  const a = areas[i];
  return letter === 'x' ? a.left + (value + 0.5) * a.cell_width : a.top + (value + 0.5) * a.cell_height;
}

function outline(ctx, shape, areas, paper, data) {
  // A line (a group of units) or a rectangle (a unit framed), as lm.plots puts them.
  const [x0, x1] = [shape.x0, shape.x1].map(v => place(shape.xref, v, 'x', areas, paper, data));
  const [y0, y1] = [shape.y0, shape.y1].map(v => place(shape.yref, v, 'y', areas, paper, data));
  ctx.strokeStyle = shape.line?.color ?? '#444';
  ctx.lineWidth = shape.line?.width ?? 1;
  ctx.beginPath();
  if (shape.type === 'rect') ctx.rect(x0, Math.min(y0, y1), x1 - x0, Math.abs(y1 - y0));
  else { ctx.moveTo(x0, y0); ctx.lineTo(x1, y1); }
  ctx.stroke();
}

function annotate(ctx, note, areas, paper, data, page) {
  // A text: a layer's name, a group's label, a title, a message (its lines split at <br>).
  const x = place(note.xref ?? 'paper', note.x ?? 0.5, 'x', areas, paper, data);
  const y = place(note.yref ?? 'paper', note.y ?? 0.5, 'y', areas, paper, data);
  const size = note.font?.size ?? page.size, lines = String(note.text).split('<br>'), line = 1.3 * size;
  text(ctx, page, size, note.xanchor === 'left' ? 'left' : note.xanchor === 'right' ? 'right' : 'center', 'middle');
  const first = note.yanchor === 'bottom' ? y - 2 - (lines.length - 0.5) * line
              : note.yanchor === 'top' ? y + line / 2 : y - (lines.length - 1) * line / 2;
  lines.forEach((l, i) => ctx.fillText(l, x, first + i * line));
}

// ----- hover -----

export function hover_text(trace, row, column) {
  // What hovering a cell or a bar says: the trace's hover template filled in, the <extra> part last.
  const [x, y, z] = trace.type === 'bar' ? [trace.x[row], trace.y[row], null]
                                         : [trace.x[column], trace.y[row], trace.z[row][column]];
  const number = (value, digits, kind) => kind === '%' ? `${(value * 100).toFixed(+digits)}%` : value.toFixed(+digits);
  const filled = trace.hovertemplate
    .replace(/%\{x\}/g, () => x).replace(/%\{y\}/g, () => y)
    .replace(/%\{([xz]):\.(\d)([f%])\}/g, (_, name, digits, kind) => number(name === 'x' ? x : z, digits, kind));
  const [main, extra = ''] = filled.split('<extra>');
  return [...main.split('<br>'), extra.replace('</extra>', '')].filter(line => line);
}

function hover(event, canvas, tip, data, areas) {
  const box = canvas.getBoundingClientRect(), x = event.clientX - box.left, y = event.clientY - box.top;
  const i = data.findLastIndex((d, k) => d.hovertemplate && x >= areas[k].left && x < areas[k].right &&
                                         y >= areas[k].top && y < areas[k].bottom);
  if (i < 0) { tip.hidden = true; return; }
  const a = areas[i], row = Math.floor((y - a.top) / a.cell_height), column = Math.floor((x - a.left) / a.cell_width);
  const value = data[i].type === 'heatmap' ? data[i].z[row]?.[column] : data[i].x[row];
  if (value === null || value === undefined) { tip.hidden = true; return; }
  tip.replaceChildren(...hover_text(data[i], row, column).map(line => {
    const div = document.createElement('div');
    div.textContent = line;
    return div;
  }));
  tip.hidden = false;
  tip.style.left = `${Math.max(0, Math.min(x + 12, box.width - tip.offsetWidth - 4))}px`;
  tip.style.top = `${y + 14}px`;
}
