// The keystroke loop in the browser: the first screen and Hidden states drawn from the models in this browser, with no
// request to the server. The Gradio page (ui/keystrokes.py) sends its events here: a keystroke, a change of model,
// temperature or top-k, a control of Hidden states, Step and Back. Each answer is the components' new values by name,
// as the server's handler would give them (undefined: as it is). Hidden states draws in a task of its own, just after
// the first screen (`states.draw`, which the page sends when #draw-states is clicked): the chart comes first, and
// while the heatmaps draw, the keystrokes that come in meanwhile are drawn once, as one.
//
// What this browser cannot draw (a model trained in the page, or one whose files did not load), the server does:
// `handle` then answers ASK, and the page sends the event to the server as it did before. The tab in view, if not
// Hidden states, asks the server once the text has settled (SETTLED ms after the last event), not on every key.

import * as lm from './lm.js';
import {parse} from './prefix.js';
import * as views from './views.js';

export const ASK = 'ask the server';
const SETTLED = 300;
const BURST = 120;
// what changes Hidden states (Step and Back change the prefix, whose change is a keystroke; the settings, only the chart)
const REDRAW_STATES = ['text', 'model', 'states.quantity', 'states.layer', 'states.unit', 'states.property'];

export async function start(facts_url) {
  // The page's facts (ui.keystrokes.facts: the words, and each shipped model's files), then every model's bundle.
  const facts = await fetched(facts_url, 'json');
  const models = {}, unavailable = {};
  await Promise.all(Object.entries(facts.models).map(async ([id, files]) => {
    try {
      const [bundle, buffer] = await Promise.all([fetched(files.json, 'json'), fetched(files.bin, 'arrayBuffer')]);
      models[id] = lm.load(bundle, buffer, files.sha256);
    } catch (e) { unavailable[id] = `${e.message || e}`; }
  }));
  return new Keystrokes(facts, models, unavailable);
}

async function fetched(url, as, tries = 3) {
  // A file's content, asked again if the connection fails (a school's network, a busy server): a file that comes
  // is used as it comes, and one refused (HTTP 404) is not asked again.
  for (let attempt = 1; ; attempt++) {
    let response;
    try { response = await fetch(url); }
    catch (e) {
      if (attempt >= tries) throw new Error(`${url}: ${e.message || e}`);
      await new Promise(r => setTimeout(r, 200 * attempt));
      continue;
    }
    if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
    return response[as]();
  }
}

export class Keystrokes {
  constructor(facts, models, unavailable) {
    this.facts = facts;
    this.models = models;                  // by id, as lm.load makes them
    this.unavailable = unavailable;        // id -> why its files were refused
    this.traces = {};                      // id -> the trace drawn last, which the next keystroke extends
    this.settling = null;
    this.drawing = null;
    this.last_event = -Infinity;
  }

  handle(event, values) {
    // The outputs of one event of the page, by name, or ASK.
    const m = this.models[values.model];
    if (!m) return ASK;
    const words = this.facts.words[values.language] ?? this.facts.words.en;
    const out = this[event.replace('.', '_')](words, m, values);
    if (!this.hidden_states_in_view()) this.settle();
    else if (REDRAW_STATES.includes(event)) this.draw_states();
    return out;
  }

  draw_states() {
    // Hidden states, drawn after the frame that shows the first screen. Keys that come faster than BURST ms apart
    // (a fast typist, a held key) draw it once they pause: the heatmaps take longer to draw than such a key.
    const click = () => document.getElementById('draw-states')?.click();
    const now = performance.now(), burst = now - this.last_event < BURST;
    this.last_event = now;
    clearTimeout(this.drawing);
    if (burst) this.drawing = setTimeout(click, BURST);
    else requestAnimationFrame(() => { this.drawing = setTimeout(click, 0); });
  }

  hidden_states_in_view() { return !!document.getElementById('tab-states')?.checkVisibility(); }

  settle() {
    // The tab in view draws on the server: once the text has settled, it asks for it.
    clearTimeout(this.settling);
    this.settling = setTimeout(() => document.getElementById('ask-view')?.click(), SETTLED);
  }

  note(id, lang) {
    // Why the server draws a model: its files did not load, or it was trained in the page.
    const words = this.facts.words[lang];
    return id in this.unavailable ? views.say(words, 'browser.unavailable', {model: id, reason: this.unavailable[id]})
                                  : views.say(words, 'browser.on_server', {model: id});
  }

  trace(m, tokens) {
    // A model's trace of these tokens, going on from the one drawn last: a keystroke runs only what it changed.
    const vocab = m.v.vocab, ids = tokens.map(t => vocab.indexOf(t));
    const last = this.traces[m.v.model];
    let t;
    if (!last) t = lm.trace(m, ids);
    else {
      let keep = 0;
      while (keep < ids.length && keep < last.ids.length && ids[keep] === last.ids[keep]) keep++;
      t = keep === ids.length && keep === last.ids.length ? last.t : lm.extend(m, last.t, keep, ids);
    }
    this.traces[m.v.model] = {ids, t};
    return t;
  }

  read(m, text) {
    // ui.reading.read: the text as tokens, and its trace; `problem` when it cannot be read.
    if (typeof text !== 'string') return {text: '', problem: {key: 'not_text', params: {}}};
    const prefix = parse(text, m.v.vocab, true);
    if (prefix.key) return {text, problem: prefix};
    try {
      const t = prefix.tokens.length ? this.trace(m, prefix.tokens) : null;
      return {text, tokens: prefix.tokens, partial: prefix.partial, completions: prefix.completions, t, problem: null};
    } catch (e) {
      if (e.key) return {text, problem: e};              // a PrefixError of lm.js: LMModel1 needs 3 tokens
      throw e;
    }
  }

  settings(words, values) { return views.settings(words, values.temperature, values.top_k, this.facts.vocab_size); }

  shown(values) {
    // The model and the tokens the figures on screen belong to: none before the first drawing, or for a model gone.
    const [id, tokens] = values.shown ?? ['', []];
    return this.models[id] ? [this.models[id], tokens] : [null, []];
  }

  states_draw(words, m, values) {
    // Hidden states, for the figures on screen: the display's five parts by name (those it does not use, emptied),
    // and the server's timer stopped (it ticks while the server's analysis of the units is on its way; the browser
    // has it).
    if (!this.hidden_states_in_view()) return {};
    const [shown, tokens] = this.shown(values);
    const t = tokens.length ? this.trace(shown, tokens) : null;
    const parts = views.hidden_states(words, shown ?? m, t, values.quantity, values.layer, values.unit,
                                      values.property);
    return {timer: {__type__: 'update', active: false},
            ...Object.fromEntries(['text', 'html', 'plot', 'more_text', 'more_plot'].map(p => [p, parts[p] ?? null]))};
  }

  // ----- the events -----

  text(words, m, values) {
    // A keystroke: read the text once; the first screen draws from it, and then Hidden states.
    const [temperature, top_k] = this.settings(words, values);
    const reading = this.read(m, values.prefix);
    const out = views.prediction(words, reading, m, reading.t, temperature, top_k, this.shown(values)[1]);
    if (reading.problem) return out;
    return {...out, shown: [m.v.model, reading.tokens]};
  }

  model(words, m, values) {
    // A new model: its layers and units in the controls, back to the first; the settings in range; then a keystroke.
    const v = m.v, n_units = v.n_hidden;
    const quantities = v.quantities.map(q => [views.say(words, `quantity.${q}`), q]);
    const layers = Array.from({length: v.n_layers}, (_, i) => i + 1);
    const controls = {
      quantity: {__type__: 'update', choices: quantities, value: 'h'},
      layer: {__type__: 'update', choices: layers.map(n => [String(n), n]), value: 1},
      unit: {__type__: 'update', maximum: n_units - 1},
      off_layer: {__type__: 'update', choices: layers.map(n => [String(n), n]), value: v.n_layers},
      path_layer: {__type__: 'update', choices: layers.map(n => [String(n), n]), value: 1},
      off_units: {__type__: 'update', value: [],
                  choices: Array.from({length: n_units}, (_, u) => [views.say(words, 'unit.name', {unit: u}), u])}};
    const [temperature, top_k, note] = this.settings(words, values);
    const boxes = {temperature, top_k, settings_note: note};
    const info = this.facts.models[v.model].info[values.language] ?? this.facts.models[v.model].info.en;
    return {...controls, ...boxes, info, ...this.text(words, m, values)};
  }

  temperature(words, m, values) {
    // Temperature or top-k: the chart re-shaped, for the prefix the figures show.
    const [temperature, top_k, note] = this.settings(words, values);
    const out = {temperature, top_k, settings_note: note};
    const [shown, tokens] = this.shown(values);
    if (!tokens.length) return out;
    return {...out, ...views.chart_and_heading(words, shown, tokens, this.trace(shown, tokens), temperature, top_k)};
  }

  top_k(words, m, values) { return this.temperature(words, m, values); }

  // A control of Hidden states: it draws again (see handle)
  states_quantity() { return {}; }
  states_layer() { return {}; }
  states_unit() { return {}; }

  states_property(words, m, values) {
    // A property chosen: its best unit (of h), on the heatmap and on the prefix.
    const prop = values.property, [shown, tokens] = this.shown(values);
    if (!prop || !tokens.length) return {};
    const [layer, , unit] = views.best(shown.v.found, prop);
    return {quantity: 'h', layer, unit};
  }

  step(words, m, values, forward) {
    // The prefix one token further along true counting, or one token back (PredictionView.step).
    const prefix = parse(values.prefix, m.v.vocab, true);
    if (prefix.key) return {status: views.say(words, 'step.unreadable', {message: views.said(words, prefix)})};
    const tokens = prefix.tokens;
    if (!forward) return {prefix: tokens.slice(0, -1).join(' ')};
    const after = lm.counting_continuation(tokens, 1);
    if (after === null) return {status: views.say(words, 'step.not_counting')};
    if (!after.length) return {status: views.say(words, 'step.text_end')};
    return {prefix: [...tokens, ...after].join(' ')};
  }

  back(words, m, values) { return this.step(words, m, values, false); }
  forward(words, m, values) { return this.step(words, m, values, true); }
}
