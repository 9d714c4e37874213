// The static edition's page (ui/site.py builds it): the explorer with no server at all. It draws what the Gradio page
// draws, from the same modules (keystrokes.js for the first screen, views.js for Hidden states, tabs.js for the
// other tabs), the same words (ui/words, in facts.js) and the same address parameters, so that a link works in
// both. Failures and The model are precomputed, as the server computes them, when the site is built.
//
// Everything arrives as classic scripts, which a browser also runs from a folder opened from disk (file://), where
// it refuses modules and fetch(): facts.js sets `lmFacts`, and each model's file calls `lmModelArrived`.

import {Keystrokes} from './keystrokes.js';
import {escape} from './figures.js';
import * as canvas from './canvas.js';
import {load} from './lm.js';
import {render} from './markdown.js';
import {say} from './prefix.js';
import * as tabs from './tabs.js';
import * as views from './views.js';

const SETTLED = 300;        // the address bar is written once typing pauses (as ui.browser.ADDRESS)
const BURST = 120;          // keys closer than this draw the tab under the first screen once they pause
const DRAWN = ['states', 'compare', 'guesses', 'attention', 'continue', 'failures', 'model', 'train'];
const PARAMETERS = ['variant', 'text', 'lang', 'temperature', 'top_k', 'lesson', 'view', 'present'];

const $ = id => document.getElementById(id);

export function start(facts) {
  const site = new Site(facts);
  window.lmSite = site;                              // for the tests and a curious reader's console
  window.lmModelArrived = (files) => site.arrived(files);
  site.open();
  return site;
}

class Site {
  constructor(facts) {
    this.facts = facts;
    this.models = {};                     // by id, as lm.load makes them, once their file has arrived
    this.unavailable = {};                // id -> why it cannot be used
    this.precomputed = {};                // id -> {failures, card}: {lang: those tabs' parts}
    this.k = new Keystrokes(facts, this.models, this.unavailable);
    this.state = {variant: facts.first.variant, text: facts.first.text, lang: 'en', temperature: 1,
                  top_k: facts.vocab_size, view: 'states', lesson: null, present: false, quantity: 'h', layer: 1,
                  unit: 0, property: '', left: facts.compare.left, right: facts.compare.right, n_tokens: 30,
                  mode: 'greedy', shown: ['', []], made: null, address_note: ''};
    this.timers = {};
    this.last_key = -Infinity;
    this.fetching = new Set();              // the models whose file was asked for
  }

  get words() { return this.facts.words[this.state.lang]; }
  say(key, params = {}) { return say(this.words, key, params); }

  // ----- opening -----

  open() {
    this.read_address();
    this.build_controls();
    this.wire();
    this.speak();
    this.fetch_model(this.state.variant);           // the model on the first screen first, then the others
  }

  fetch_rest() {
    for (const id of Object.keys(this.facts.models)) if (!this.fetching.has(id)) this.fetch_model(id);
  }

  read_address() {
    // The address's parameters, as the Gradio page reads them; one this page does not have, or cannot use, falls
    // back to how the page starts, and a note names it.
    const query = new URLSearchParams(location.search), s = this.state, wrong = [];
    for (const key of query.keys()) if (!PARAMETERS.includes(key)) wrong.push(key);
    const given = key => query.has(key) ? query.get(key) : null;
    const lang = given('lang') ?? (navigator.language || 'en').split('-')[0].toLowerCase();
    if (lang in this.facts.words) s.lang = lang;
    else if (given('lang') !== null) wrong.push('lang');
    const lesson = this.facts.lessons.find(l => l.name === given('lesson'));
    if (lesson) this.lesson_changes(lesson);
    else if (given('lesson') !== null) wrong.push('lesson');
    if (given('variant') !== null) {
      if (given('variant') in this.facts.models) s.variant = given('variant');
      else wrong.push('variant');
    }
    if (given('text') !== null) s.text = given('text').slice(0, 5 * this.facts.max_chars);
    for (const key of ['temperature', 'top_k']) {
      if (given(key) === null) continue;
      const x = Number(given(key));
      if (given(key).trim() === '' || Number.isNaN(x)) wrong.push(key);
      else s[key] = x;                                 // out of range: brought into it, with the settings' note
    }
    if (given('view') !== null) {
      if (DRAWN.includes(given('view'))) s.view = given('view');
      else wrong.push('view');
    }
    s.present = given('present') === '1';
    s.wrong_address = wrong;
  }

  lesson_changes(lesson) {
    const s = this.state;
    Object.assign(s, {lesson: lesson.name, variant: lesson.variant, text: lesson.prefix, view: lesson.view});
    for (const [key, value] of Object.entries(lesson.controls)) s[key.split('.')[1]] = value;
  }

  fetch_model(id) {
    // A model's file, as a classic script: it calls lmModelArrived, unless it is missing or damaged.
    const file = this.facts.models[id]?.file, script = document.createElement('script');
    if (!file) return this.fetch_rest();
    this.fetching.add(id);
    script.src = file;
    script.onerror = () => this.refused(id, this.say('site.file_missing', {file}));
    script.onload = () => {
      if (!(id in this.models) && !(id in this.unavailable)) this.refused(id, this.say('site.file_damaged', {file}));
    };
    document.head.append(script);
  }

  arrived(files) {
    const id = files.bundle.model, expected = this.facts.models[id];
    if (!expected) return;
    try {
      const bytes = Uint8Array.from(atob(files.weights), c => c.charCodeAt(0));
      this.models[id] = load(files.bundle, bytes.buffer, expected.sha256);
      this.precomputed[id] = {failures: files.failures, model: files.card};
    } catch (e) { this.refused(id, String(e.message || e)); return; }
    this.model_choices();
    this.notes();
    if (id === this.state.variant) this.on_model(true);
    else if (this.state.view === 'compare') this.draw_view();
    this.fetch_rest();
  }

  refused(id, reason) {
    // A model that cannot be used: disabled in the list, and a line names it; the others keep working.
    this.unavailable[id] = reason;
    this.model_choices();
    this.notes();
    this.fetch_rest();
    if (id === this.state.variant) {
      const other = Object.keys(this.facts.models).find(m => !(m in this.unavailable));
      if (other) { this.state.variant = other; this.on_model(true); }
    }
  }

  // ----- the controls -----

  build_controls() {
    const f = this.facts;
    $('language').insertAdjacentHTML('beforeend', Object.entries(f.languages).map(([code, name]) =>
      `<label><input type="radio" name="language" value="${code}"> ${name}</label>`).join(''));
    $('model').insertAdjacentHTML('beforeend', Object.keys(f.models).map(id =>
      `<label><input type="radio" name="model" value="${id}"> <span data-choice="${id}"></span></label>`).join(''));
    $('lesson').innerHTML = f.lessons.map(l => `<label><input type="radio" name="lesson" value="${l.name}"> ` +
                                               `<span data-say="lesson.${l.name}" data-plain></span></label>`).join('');
    $('examples-list').innerHTML = f.examples.map((text, i) =>
      `<button type="button" data-example="${i}">${escape(text)}</button>`).join('');
    for (const id of ['compare-left', 'compare-right']) {
      $(id).innerHTML = Object.keys(f.models).map(m => `<option value="${m}">${m}</option>`).join('');
    }
    $('top-k').max = $('top-k-number').max = f.vocab_size;
    $('n-tokens').max = $('n-tokens-number').max = tabs.UI_MAX_GENERATE;
    this.model_choices();
  }

  model_choices() {
    for (const input of document.querySelectorAll('#model input')) {
      const id = input.value, m = this.models[id];
      input.disabled = id in this.unavailable;
      input.checked = id === this.state.variant;
      input.nextElementSibling.textContent = id in this.unavailable ? `${id}: ✗` : this.facts.models[id].choice;
      input.parentElement.classList.toggle('lm-loading', !m && !(id in this.unavailable));
    }
    for (const option of document.querySelectorAll('#compare-left option, #compare-right option')) {
      option.disabled = option.value in this.unavailable;
    }
  }

  wire() {
    const s = this.state, on = (id, event, f) => $(id).addEventListener(event, f);
    on('prefix', 'input', () => { s.text = $('prefix').value; this.keystroke(); });
    on('model', 'change', e => { s.variant = e.target.value; this.on_model(); });
    on('language', 'change', e => { s.lang = e.target.value; this.speak(); this.on_model(true); });
    for (const [name, box] of [['temperature', 'temperature-number'], ['top_k', 'top-k-number'],
                               ['n_tokens', 'n-tokens-number']]) {
      const slider = box.replace('-number', '');
      const set = value => { s[name] = value === '' ? NaN : Number(value); this.on_settings(name); };
      on(slider, 'input', () => set($(slider).value));
      on(box, 'change', () => set($(box).value));
    }
    on('quantity', 'change', () => { s.quantity = $('quantity').value; this.draw_view(); });
    on('layer', 'change', () => { s.layer = Number($('layer').value); this.draw_view(); });
    on('unit', 'change', () => {                 // a whole unit of the model's, as the heatmap draws it
      s.unit = views.within(Number($('unit').value), 0, Number($('unit').max));
      $('unit').value = s.unit;
      this.draw_view();
    });
    on('property', 'change', () => {
      s.property = $('property').value;
      const m = this.models[s.shown[0]];
      if (m) Object.assign(s, this.k.states_property(this.words, m, this.values()));
      this.show_states_controls();
      this.draw_view();
    });
    on('compare-left', 'change', () => { s.left = $('compare-left').value; this.draw_view(); });
    on('compare-right', 'change', () => { s.right = $('compare-right').value; this.draw_view(); });
    on('mode', 'change', e => { s.mode = e.target.value; this.draw_view(); });
    on('write', 'click', () => this.write());
    on('step-back', 'click', () => this.step(false));
    on('step-forward', 'click', () => this.step(true));
    on('lesson', 'change', e => this.on_lesson(e.target.value));
    on('examples-list', 'click', e => {
      const i = e.target.dataset?.example;
      if (i !== undefined) { s.text = this.facts.examples[Number(i)]; $('prefix').value = s.text; this.keystroke(); }
    });
    on('present', 'change', () => { s.present = $('present').checked; this.present(); this.address(); });
    on('reveal', 'click', () => { document.body.classList.add('lm-revealed'); this.fit(); });
    on('views', 'click', e => {
      const view = e.target.closest('[data-view]')?.dataset.view;
      if (view) { s.view = view; this.show_tab(); this.draw_view(); this.address(); }
    });
    window.addEventListener('resize', () => { if (s.present) this.fit(); });
  }

  values() {
    // The values the keystroke loop reads, by the names of keystrokes.js
    const s = this.state;
    return {prefix: s.text, model: s.variant, language: s.lang, temperature: s.temperature, top_k: s.top_k,
            quantity: s.quantity, layer: s.layer, unit: s.unit, property: s.property, shown: s.shown};
  }

  // ----- the language -----

  speak() {
    // Every fixed text in the language chosen, and what depends on it drawn again.
    const s = this.state, params = {'top_k.info': {vocab: this.facts.vocab_size}, 'about.text': this.facts.about};
    document.documentElement.lang = s.lang;
    document.title = this.say('title');
    for (const el of document.querySelectorAll('[data-say]')) {
      const key = el.dataset.say, text = this.say(key, params[key] ?? {});
      if (el.dataset.label !== undefined) { el.setAttribute('aria-label', text); continue; }
      if (el.dataset.plain !== undefined) el.textContent = text; else el.innerHTML = render(text);
    }
    const quantity = q => this.say(`quantity.${q}`);
    $('property').innerHTML = [['', this.say('find.none')],
      ...this.facts.properties.map(p => [p, this.say(`property.${p}.long`)])]
      .map(([value, text]) => `<option value="${value}">${text}</option>`).join('');
    this.quantity_names = quantity;
    $('train-link').innerHTML = this.facts.train_url
      ? `<a href="${encodeURI(this.facts.train_url)}">${escape(this.say('site.train_link'))}</a>`
      : render(this.say('site.train_nowhere'));
    for (const input of document.querySelectorAll('#language input')) input.checked = input.value === s.lang;
    this.notes();
  }

  notes() {
    // The line under the prefix: what the address asked for that this page does not have; models that cannot run
    const lines = Object.entries(this.unavailable)
      .map(([model, reason]) => this.say('site.model_failed', {model, reason}));
    if (this.state.wrong_address.length) {
      lines.unshift(this.say('site.address', {what: this.state.wrong_address.join(', ')}));
    }
    const settled = Object.keys(this.models).length + Object.keys(this.unavailable).length;
    if (settled < Object.keys(this.facts.models).length) {
      lines.push(this.say('site.loading'));
    }
    $('site-note').innerHTML = render(lines.join('  \n'));
  }

  // ----- the events -----

  apply(out) {
    // The answer of keystrokes.js, by the names of the Gradio page's components, put on this page.
    const s = this.state;
    if ('status' in out) $('status').innerHTML = render(out.status);
    if ('heading' in out) $('next-heading').innerHTML = render(out.heading);
    if ('chart' in out) this.plot('distribution', out.chart);
    if ('shown' in out) s.shown = out.shown;
    if ('info' in out) $('model-info').innerHTML = render(out.info);
    if ('settings_note' in out) $('settings-note').innerHTML = render(out.settings_note);
    for (const name of ['temperature', 'top_k']) if (name in out) s[name] = out[name];
    if ('quantity' in out) {
      const u = out.quantity;
      const options = choices => choices.map(([text, value]) => `<option value="${value}">${text}</option>`).join('');
      if (u.choices) $('quantity').innerHTML = options(u.choices);
      $('layer').innerHTML = options(out.layer.choices);
      $('unit').max = out.unit.maximum;
    }
    document.body.classList.toggle('lm-is-stale', !!$('status').querySelector('.lm-stale'));
  }

  on_model(keep = false) {
    // A new model (keep: the lesson's or the address's controls stay as they are set), then a keystroke.
    const s = this.state, m = this.models[s.variant];
    this.model_choices();
    this.notes();
    if (!m) return;                                       // it draws when its file has arrived
    const kept = {quantity: s.quantity, layer: s.layer, unit: s.unit};
    const out = this.k.model(this.words, m, this.values());
    this.apply(out);
    if (keep) Object.assign(s, kept);
    else Object.assign(s, {quantity: 'h', layer: 1, unit: 0});
    if (!m.v.quantities.includes(s.quantity)) s.quantity = 'h';
    this.show_controls();
    this.hide_prediction();
    this.draw_view();
    this.address();
  }

  keystroke() {
    const m = this.models[this.state.variant];
    if (!m) return;
    this.apply(this.k.text(this.words, m, this.values()));
    this.hide_prediction();
    this.later_view();
    this.address();
  }

  on_settings(name) {
    const s = this.state, m = this.models[s.variant];
    if (name === 'n_tokens') {
      const [n, note] = views.clamped(this.words, this.say('continue.n_tokens'), s.n_tokens, 1,
                                      tabs.UI_MAX_GENERATE, 30);
      s.n_tokens = Math.round(n);
      $('continuation-settings-note').innerHTML = render(note ?? '');
    } else if (m) this.apply(this.k.temperature(this.words, m, this.values()));
    this.show_controls();
    if (s.view === 'continue') this.draw_view();
    this.address();
  }

  step(forward) {
    const m = this.models[this.state.variant];
    if (!m) return;
    const out = this.k.step(this.words, m, this.values(), forward);
    if ('prefix' in out) { this.state.text = out.prefix; $('prefix').value = out.prefix; this.keystroke(); }
    if ('status' in out) $('status').innerHTML = render(out.status);
  }

  on_lesson(name) {
    const lesson = this.facts.lessons.find(l => l.name === name);
    if (!lesson) return;
    this.lesson_changes(lesson);
    this.show_tab();
    this.on_model(true);
    this.lesson_text();
  }

  lesson_text() {
    const s = this.state;
    $('lesson-text').innerHTML = s.lesson ? render(this.say(`lesson.${s.lesson}.text`)) : '';
    for (const input of document.querySelectorAll('#lesson input')) input.checked = input.value === s.lesson;
  }

  show_controls() {
    // The controls as the state says them
    const s = this.state;
    $('prefix').value = s.text;
    for (const [id, name] of [['temperature', 'temperature'], ['top-k', 'top_k'], ['n-tokens', 'n_tokens']]) {
      if (!Number.isNaN(s[name])) $(id).value = $(`${id}-number`).value = s[name];
    }
    for (const input of document.querySelectorAll('#mode input')) input.checked = input.value === s.mode;
    $('compare-left').value = s.left;
    $('compare-right').value = s.right;
    $('present').checked = s.present;
    this.show_states_controls();
    this.show_tab();
    this.lesson_text();
    this.present();
  }

  show_states_controls() {
    const s = this.state;
    $('quantity').value = s.quantity;
    $('layer').value = String(s.layer);
    $('unit').value = String(s.unit);
    $('property').value = s.property;
  }

  show_tab() {
    for (const button of document.querySelectorAll('#views [data-view]')) {
      button.setAttribute('aria-selected', String(button.dataset.view === this.state.view));
    }
    for (const view of DRAWN) $(`tab-${view}`).hidden = view !== this.state.view;
  }

  // ----- the tab under the first screen -----

  later_view() {
    // The tab in view, drawn after the frame that shows the first screen; keys faster than BURST ms apart draw it
    // once they pause (a heatmap takes longer to draw than such a key).
    const now = performance.now(), burst = now - this.last_key < BURST;
    this.last_key = now;
    clearTimeout(this.timers.view);
    if (burst) this.timers.view = setTimeout(() => this.draw_view(), BURST);
    else requestAnimationFrame(() => { this.timers.view = setTimeout(() => this.draw_view(), 0); });
  }

  draw_view() {
    // The display's five parts, as the tab in view draws them for the figures on screen.
    const s = this.state, [id, tokens] = s.shown, m = this.models[id] ?? this.models[s.variant];
    if (!m) return;
    const words = this.words;
    let parts = {};
    if (s.view === 'states') {
      const t = tokens.length ? this.k.trace(m, tokens) : null;
      parts = views.hidden_states(words, m, t, s.quantity, s.layer, s.unit, s.property);
    } else if (s.view === 'compare') {
      const ready = Object.fromEntries(Object.keys(this.facts.models).filter(id => this.models[id])
        .map(id => [id, this.models[id]]));
      const left = ready[s.left] ? s.left : m.v.model, right = ready[s.right] ? s.right : m.v.model;
      parts = tabs.compare(words, ready, this.facts.accuracies, tokens, left, right, (m, t) => this.k.trace(m, t));
    } else if (s.view === 'guesses') {
      const reads_all = m.v.reads_last === null && tokens.length;
      parts = tabs.guesses_view(words, m, tokens, reads_all ? this.k.trace(m, tokens) : null);
    } else if (s.view === 'attention') {
      parts = tokens.length ? tabs.attention_view(words, m, tokens, this.k.trace(m, tokens)) : {};
    } else if (s.view === 'continue') {
      const stale = s.made !== null && s.made !== this.made_now();
      parts = {html: stale ? `<div class="lm-stale-continuation">${this.say('continue.stale')}</div>` : ''};
    } else if (s.view === 'failures' || s.view === 'model') {
      parts = this.precomputed[m.v.model]?.[s.view]?.[s.lang] ?? {};
    }
    $('view-text').innerHTML = render(parts.text ?? '');
    $('view-html').innerHTML = parts.html ?? '';
    $('view-more-text').innerHTML = render(parts.more_text ?? '');
    this.plot('view-plot', parts.plot ?? null);
    this.plot('view-more-plot', parts.more_plot ?? null);
    document.body.classList.toggle('lm-stale-made', s.view === 'continue' && !!parts.html);
  }

  made_now() {
    const s = this.state, [id, tokens] = s.shown;
    const [temperature, top_k] = this.k.settings(this.words, this.values());
    return tabs.made_by(id, tokens, s.n_tokens, s.mode === 'sample', temperature, top_k);
  }

  write() {
    // Continue's Write: a continuation of what the figures show.
    const s = this.state, [id, tokens] = s.shown, m = this.models[id];
    if (!m) return;
    const [temperature, top_k] = this.k.settings(this.words, this.values());
    $('continuation').innerHTML = tabs.write(this.words, m, tokens, s.n_tokens, s.mode === 'sample', temperature,
                                             top_k);
    s.made = tokens.length ? this.made_now() : null;
    this.draw_view();
  }

  plot(id, value) {
    // A figure: the chart, heatmaps and messages on a canvas (canvas.js, many times faster), any other by plotly.js.
    // The element keeps the figure it shows.
    const el = $(id), f = value ? JSON.parse(value.plot) : null, on_canvas = !!f && canvas.drawable(f);
    if (el.lm_canvas && !on_canvas) canvas.clear(el);
    else if (!el.lm_canvas && (on_canvas || !f)) window.Plotly?.purge(el);
    el.figure = f;
    el.lm_canvas = on_canvas;
    el.hidden = !f;
    if (on_canvas) canvas.draw(el, f);
    else if (f) {
      this.plotly().then(Plotly => { if (el.figure === f) Plotly.react(el, f.data, f.layout, f.config); },
                         () => { if (el.figure === f) el.textContent = this.say('site.plotly_missing'); });
    }
  }

  plotly() {
    // plotly.js, loaded the first time a figure needs it: the first screen and the heatmaps do not (canvas.js), and
    // it takes longer to start than all the rest of the page.
    this.plotly_loaded ??= new Promise((resolve, reject) => {
      const script = document.createElement('script');
      script.src = 'plotly.min.js';
      script.onload = () => resolve(window.Plotly);
      script.onerror = reject;
      document.head.append(script);
    });
    return this.plotly_loaded;
  }

  // ----- presentation mode and the address -----

  present() {
    document.body.classList.toggle('lm-present', this.state.present);
    this.fit();
  }

  hide_prediction() { document.body.classList.remove('lm-revealed'); }

  fit() {
    // In presentation mode the chart ends above the bottom of the screen (as ui.browser.FIT)
    const chart = $('distribution');
    chart.style.zoom = '';
    if (document.body.classList.contains('lm-present')) {
      const r = chart.getBoundingClientRect();
      if (r.height) chart.style.zoom = Math.min(1, (innerHeight - r.top - 8) / r.height);
    }
  }

  address() {
    // The address bar carries what the Gradio page's does (ui.browser.ADDRESS), written once typing pauses.
    clearTimeout(this.timers.address);
    this.timers.address = setTimeout(() => {
      const s = this.state, url = new URL(location.href);
      const put = (key, value, usual) => value === usual || value === null || value === undefined || Number.isNaN(value)
        ? url.searchParams.delete(key) : url.searchParams.set(key, value);
      put('variant', s.variant); put('text', s.text); put('lang', s.lang); put('temperature', s.temperature, 1);
      put('top_k', s.top_k, this.facts.vocab_size); put('lesson', s.lesson); put('view', s.view);
      put('present', s.present ? '1' : null);
      try { history.replaceState(history.state, '', url); } catch { /* a page opened from disk may refuse it */ }
    }, SETTLED);
  }
}
