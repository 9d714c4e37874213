// The first screen and Hidden states as the browser draws them: a mirror of what ui/texts.py, ui/prediction.py and
// ui/states.py compute for them, with the same names, from a trace of lm.js. Every word comes from ui.words (the
// `words` of one language, as ui.words.browser_words() gives them); tests/test_browser_views.py renders both sides
// and compares them.
//
// `m` is a model of lm.js ({v, weights}: v its bundle's JSON). Values come back as the page's components take them:
// Markdown, HTML, and plots as ui.widgets.plot_value makes them.

import {counting_continuation, probabilities} from './lm.js';
import {say, problem as said} from './prefix.js';
import {Scale, distribution_figure, message_figure, round_half_even, states_figure, tokens_html} from './figures.js';

export {say, said};

export const HEATMAP_TOKENS = 64;           // the heatmaps show the last 64 tokens at most (ui.states)
const SIGMOID_GATES = ['input gate', 'forget gate', 'output gate', 'reset gate', 'update gate'];   // 0: closed, 1: open
const PLOT_CONFIG = {displayModeBar: false, scrollZoom: false, responsive: true};
const FOUND_ROWS = 6;

export function plot_value(figure) { return {type: 'plotly', plot: JSON.stringify({...figure, config: PLOT_CONFIG})}; }

// ----- ui/texts.py -----

export const percent = p => `${(p * 100).toFixed(1)}%`;

export function shown(tokens, limit = 8) {
  // The end of a prefix, short enough for a title: '… seven thousand three hundred thirteen .'.
  return tokens.length <= limit ? tokens.join(' ') : '… ' + tokens.slice(-limit).join(' ');
}

export function whole_group(number) {
  // A number being typed after its thousands separator, its last group filled to three digits: '7,31' -> '7,310'.
  return number + '0'.repeat(Math.max(0, 3 - [...number.split(/[.,]/).at(-1)].length));   // characters, as Python
}

export function status(words, text, partial, completions, problem, shown_tokens) {
  // The line above the figures: where to start, a word being typed, or what is wrong (ui.texts.status).
  let line;
  if (problem && problem.key === 'being_typed') {
    line = say(words, 'status.editing', {word: problem.word, completions: problem.completions.join(', ')});
  } else if (problem) line = say(words, 'status.error', {message: said(words, problem)});
  else if (!text.trim()) return say(words, 'status.start');
  else if (partial && !completions.length) {
    line = say(words, 'status.typing_number', {word: partial, whole: whole_group(partial)});
  }
  else if (partial) line = say(words, 'status.typing', {word: partial, completions: completions.join(', ')});
  else return '';
  if (!problem) return line;
  const stale = shown_tokens.length ? say(words, 'status.stale', {shown: shown(shown_tokens)})
                                    : say(words, 'status.stale_empty');
  return `${line}\n\n<div class="lm-stale">${stale}</div>`;
}

export function next_heading(words, v, tokens, top, top_prob, temperature, top_k, vocab_size) {
  // Above the chart: after which prefix, the most likely token, what true counting says, whether the prefix fits
  // how the model was trained, and how the bars are re-shaped, if they are (ui.texts.next_heading).
  const expected = counting_continuation(tokens, 1);
  const lines = [say(words, 'next.top', {token: top, prob: percent(top_prob)})];
  if (expected?.length) {
    lines[0] += ' ' + say(words, expected[0] === top ? 'next.agrees' : 'next.counting_says', {token: expected[0]});
  }
  if (v.trained_every_third) {
    lines.push(say(words, 'next.every_third', {n_tokens: say(words, 'n_tokens', {n: tokens.length}), variant: v.variant,
                                                fits: say(words, tokens.length % 3 === 0 ? 'reads.fits' : 'reads.misfits')}));
  }
  if (temperature === 0) lines.push(say(words, 'next.greedy', {token: top}));
  else if (temperature !== 1 || top_k < vocab_size) {
    const how = temperature !== 1 ? [say(words, 'next.how_temperature', {temperature: general(temperature)})] : [];
    if (top_k < vocab_size) how.push(say(words, 'next.how_top_k', {top_k}));
    lines.push(say(words, 'next.reshaped', {how: how.join(say(words, 'next.and'))}));
  }
  return `### ${say(words, 'next.heading', {shown: shown(tokens)})}\n` + lines.join('  \n');
}

// Python's f'{x:g}' for a temperature (0 to 2, in steps of 0.05)
const general = x => String(Number(x.toPrecision(6)));

export function clamped(words, control, value, lo, hi, fallback) {
  // A number box's value brought into its range, and a note when it had to be (null when it was in range).
  if (typeof value !== 'number' || Number.isNaN(value)) {
    return [fallback, say(words, 'settings.empty', {control, lo, hi, default: fallback})];
  }
  const fixed = Math.min(Math.max(value, lo), hi);
  return [fixed, fixed === value ? null : say(words, 'settings.clamped', {control, lo, hi, value, clamped: fixed})];
}

export function settings(words, temperature, top_k, vocab_size) {
  // Temperature and top-k brought into range, and a note for each that had to be (PredictionView.settings).
  const [t, note_t] = clamped(words, say(words, 'temperature'), temperature, 0, 2, 1);
  const [k, note_k] = clamped(words, say(words, 'top_k'), top_k, 1, vocab_size, vocab_size);
  return [t, round_half_even(k), [note_t, note_k].filter(Boolean).join('  \n')];
}

// ----- the first screen: ui/prediction.py -----

function descending(values) { return [...values.keys()].sort((a, b) => values[b] - values[a]); }

export function distribution(words, logits, vocab, temperature, top_k) {
  // The chart of the next token: the model's own probabilities, most likely first, re-shaped by temperature and
  // top-k where they change them; at temperature 0 the model's own, with the greedy choice marked.
  const own = probabilities(logits);
  const order = descending(own);
  const reshaped = (temperature !== 0 && temperature !== 1) || top_k < vocab.length;
  const re = reshaped ? probabilities(logits, temperature, top_k) : null;
  return distribution_figure(order.map(i => vocab[i]), order.map(i => own[i]), re && order.map(i => re[i]),
                             temperature === 0 ? 0 : null,
                             [say(words, 'next.legend_own'), say(words, 'next.legend_shown')]);
}

export function prediction(words, reading, m, t, temperature, top_k, shown_tokens) {
  // Everything the first screen shows for a keystroke; on a problem only the words change (undefined: as it is).
  const out = {status: status(words, reading.text, reading.partial, reading.completions, reading.problem,
                              shown_tokens)};
  if (reading.problem && shown_tokens.length) return out;
  if (reading.problem) return {...out, heading: '', chart: plot_value(message_figure(say(words, 'next.unreadable')))};
  if (!t) return {...out, heading: '', chart: plot_value(message_figure(say(words, 'next.empty')))};
  return {...out, ...chart_and_heading(words, m, reading.tokens, t, temperature, top_k)};
}

export function chart_and_heading(words, m, tokens, t, temperature, top_k) {
  const vocab = m.v.vocab;
  const top = t.logits.indexOf(Math.max(...t.logits));
  return {heading: next_heading(words, m.v, tokens, vocab[top], probabilities(t.logits)[top], temperature, top_k,
                                vocab.length),
          chart: plot_value(distribution(words, t.logits, vocab, temperature, top_k))};
}

// ----- Hidden states: ui/states.py -----

export function unit_names(words, n_units, labels) {
  // Each unit's name by its number, with what it tracks where that is clear.
  return Array.from({length: n_units}, (_, u) => labels && labels[u]
    ? say(words, 'unit.named', {unit: u, label: say(words, `property.${labels[u]}`)})
    : say(words, 'unit.name', {unit: u}));
}

export function groups(words, order, labels) {
  // Runs of rows whose units track the same property: [its name, first row, last row].
  const runs = [];
  order.forEach((unit, row) => {
    const label = labels[unit];
    if (label && runs.length && runs.at(-1)[0] === label && runs.at(-1)[2] === row - 1) runs.at(-1)[2] = row;
    else if (label) runs.push([label, row, row]);
  });
  return runs.map(([label, first, last]) => [say(words, `property.${label}`), first, last]);
}

export function found_table(words, found, prop) {
  // The best units for a property over every layer and quantity, as a Markdown table.
  const rows = found[prop].slice(0, FOUND_ROWS).map(([layer, quantity, unit, auc], i) => say(words, 'find.row', {
    rank: i + 1, layer, quantity: say(words, `quantity.${quantity}`), unit, auc: auc.toFixed(3),
    fires: say(words, auc >= 0.5 ? 'find.higher' : 'find.lower')}));
  return [say(words, 'find.table'), ...rows, '', say(words, 'find.explain')].join('\n');
}

export function best(found, prop, quantity = 'h') {
  // Analysis.best(prop, quantity, n=1)[0]: the unit that tracks the property best, as [layer, quantity, unit, auc]
  return found[prop].find(s => s[1] === quantity);
}

export function heatmap_layers(words, m, t, quantity, prop) {
  // A trace's heatmap of one quantity for each layer (its last HEATMAP_TOKENS tokens), on the fixed colour range,
  // the units in their analysed order, the best units for `prop` marked; with the states.
  const v = m.v, states = t.states.filter(s => s.quantity === quantity);
  const n_units = states[0].values[0].length;
  const scale = Scale.for_range(...v.ranges[quantity], SIGMOID_GATES.includes(quantity));
  const layers = states.map(s => {
    const {order, labels} = v.units[String(s.layer)];
    const marked = prop ? v.found[prop].filter(([layer, q]) => layer === s.layer && q === quantity).slice(0, 3)
      .map(f => f[2]) : [];
    const name = say(words, 'states.layer_name', {layer: s.layer, quantity: say(words, `quantity.${s.quantity}`)});
    return {name, values: s.values.slice(-HEATMAP_TOKENS), scale, order, unit_names: unit_names(words, n_units, labels),
            groups: groups(words, order, labels), marked};
  });
  return [layers, states];
}

export const within = (value, lo, hi) => Math.min(Math.max(round_half_even(value || lo), lo), hi);

export function hidden_states(words, m, t, quantity, layer, unit, prop) {
  // The heatmaps of one quantity (h, c or a gate) for every layer, and the tokens coloured by one unit: the
  // display's parts by name, as StatesView.render gives them. t: null when there is no prefix.
  if (!t) return {plot: plot_value(message_figure(say(words, 'states.empty')))};
  const v = m.v;
  if (!(quantity in v.ranges)) quantity = 'h';
  const [layers, states] = heatmap_layers(words, m, t, quantity, prop);
  const read = t.ids.slice(-HEATMAP_TOKENS).map(i => v.vocab[i]);
  layer = within(layer, 1, layers.length);
  unit = within(unit, 0, layers[0].order.length - 1);
  const values_of_unit = states[layer - 1].values.slice(-HEATMAP_TOKENS).map(step => step[unit]);
  const window = t.ids.length > HEATMAP_TOKENS
    ? say(words, 'states.window', {n: HEATMAP_TOKENS, total: t.ids.length}) : '';
  const legend = say(words, 'states.legend', {variant: v.model, layer, quantity: say(words, `quantity.${quantity}`),
                                              unit, window});
  const figure = states_figure(read, layers, [layer - 1, unit], '',
                               [say(words, 'figure.position'), say(words, 'figure.value')]);
  return {text: prop ? found_table(words, v.found, prop) : '',
          html: tokens_html(read, values_of_unit, layers[0].scale, legend), plot: plot_value(figure)};
}
