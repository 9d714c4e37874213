// The tabs that the static edition draws in the browser beyond Hidden states: a mirror of what ui/compare.py,
// ui/guesses.py, ui/attention.py and ui/continuation.py render, with the same names, from the models of lm.js. Each
// returns the display's parts by name, as the server's view does (ui/view.py: text, html, plot, more_text,
// more_plot). tests/test_site.py renders both sides and compares them.
//
// `models`: the models that loaded, by id, in the order of the page's list; `m`: one of them ({v, weights}).
// `traced(m, tokens)`: a model's trace of the tokens; the page's keeps each model's last one and extends it.

import {counting_continuation, generate, position_logits, probabilities, trace} from './lm.js';
import {attention_figure, continuation_html, display, guesses_html, message_figure, states_figure} from './figures.js';
import {HEATMAP_TOKENS, heatmap_layers, percent, plot_value, said, say, shown} from './views.js';

export const GUESS_TOKENS = 48;            // ui.guesses
export const ATTENTION_TOKENS = 40;        // ui.attention
export const UI_MAX_GENERATE = 200;        // ui.continuation

const ids_of = (m, tokens) => tokens.map(t => m.v.vocab.indexOf(t));
const traced_anew = (m, tokens) => trace(m, ids_of(m, tokens));
const argmax = values => values.indexOf(Math.max(...values));

function top3(p) {
  // torch's topk(3): the three largest, largest first
  return [...p.keys()].sort((a, b) => p[b] - p[a] || a - b).slice(0, 3);
}

// ----- Side by side: ui/compare.py -----

export function compare_table(words, models, accuracies, tokens, traced = traced_anew) {
  // Every variant's top guesses after `tokens`, with the probability of the true next token where it is known.
  const expected = counting_continuation(tokens, 1);
  const true_next = expected?.length ? expected[0] : null;
  const lines = [true_next ? say(words, 'compare.true_next', {token: true_next}) : say(words, 'compare.no_true_next'),
                 '', true_next ? say(words, 'compare.table', {token: true_next}) : say(words, 'compare.table_plain')];
  for (const [id, m] of Object.entries(models)) {
    const accuracy = id in accuracies ? percent(accuracies[id]) : '—';
    let p;
    try { p = probabilities(traced(m, tokens).logits); }
    catch (e) {
      if (!e.key) throw e;
      lines.push(say(words, 'compare.row_problem', {variant: id, accuracy, problem: said(words, e)}));
      continue;
    }
    const best = top3(p);
    const top = best.map(i => `'${m.v.vocab[i]}' ${percent(p[i])}`).join(', ');
    if (true_next) {
      lines.push(say(words, 'compare.row', {variant: id, accuracy, top,
                                             true_prob: percent(p[m.v.vocab.indexOf(true_next)]),
                                             right: say(words, m.v.vocab[best[0]] === true_next ? 'compare.right'
                                                                                                 : 'compare.wrong')}));
    } else lines.push(say(words, 'compare.row_plain', {variant: id, accuracy, top}));
  }
  return lines.join('\n');
}

export function compare(words, models, accuracies, tokens, left, right, traced = traced_anew) {
  // The table, and the hidden states (h) of two variants next to each other.
  const out = {text: compare_table(words, models, accuracies, tokens, traced)};
  for (const [id, part] of [[left, 'plot'], [right, 'more_plot']]) {
    const m = models[id];
    let figure;
    try {
      const t = traced(m, tokens);
      const [layers] = heatmap_layers(words, m, t, 'h', '');
      figure = states_figure(t.ids.slice(-HEATMAP_TOKENS).map(i => m.v.vocab[i]), layers, null, id,
                             [say(words, 'figure.position'), say(words, 'figure.value')]);
    } catch (e) {
      if (!e.key) throw e;
      figure = message_figure(said(words, e));
    }
    out[part] = plot_value(figure);
  }
  return out;
}

// ----- Guesses: ui/guesses.py and lm.explain.guesses -----

export function guesses(m, ids, t = null) {
  // For each token of the prefix that the model predicted, what it guessed there before seeing it:
  // {token, top: [[token, probability]], right}. t: the model's trace of ids, when the caller has it.
  const [first, logits] = position_logits(m, ids, t);
  return logits.slice(0, Math.max(ids.length - first - 1, 0)).map((l, i) => {
    const p = probabilities(l), best = top3(p), token = ids[first + i + 1];
    return {token, top: best.map(j => [j, p[j]]), right: best[0] === token};
  });
}

export function guesses_view(words, m, tokens, t = null) {
  if (!tokens.length) return {};
  const found = guesses(m, ids_of(m, tokens), t), id = m.v.model, vocab = m.v.vocab;
  if (!found.length) return {text: say(words, 'guesses.none', {variant: id})};
  const right = found.filter(g => g.right).length;
  const n = found.length;
  let caption = say(words, 'guesses.score', {variant: id, right, n, share: percent(right / n)});
  if (n > GUESS_TOKENS) caption += say(words, 'guesses.window', {n: GUESS_TOKENS});
  const columns = found.slice(-GUESS_TOKENS)
    .map(g => [vocab[g.token], g.top.map(([j, p]) => [vocab[j], p]), g.right]);
  return {html: guesses_html(columns, caption)};
}

// ----- Attention: ui/attention.py -----

export function attention_last(words, token, share, sentinel) {
  // ui.texts.attention_last: the token it copies most, or its own guess when that weighs more
  const s = percent0(share), own = sentinel > share;
  if (s === '0%') return say(words, 'attention.last_none', {sentinel: percent0(sentinel)});
  return say(words, own ? 'attention.last_own' : 'attention.last', {token, share: s, sentinel: percent0(sentinel)});
}

const percent0 = p => `${(p * 100).toFixed(0)}%`;

export function attention_view(words, m, tokens, t) {
  // t: the model's trace of the tokens
  if (!tokens.length) return {};
  if (!t.attention) return {text: say(words, 'attention.none', {variant: m.v.model})};
  const n = Math.min(t.ids.length, ATTENTION_TOKENS);
  const read = t.ids.slice(-n).map(i => m.v.vocab[i]);
  const weights = t.attention.slice(-n).map(row => Array.from(row.slice(-n - 1)));
  const last = weights.at(-1).slice(0, -1), best = argmax(last);
  const text = attention_last(words, display(read[best]), last[best], weights.at(-1).at(-1));
  const figure = attention_figure(read, weights, say(words, 'attention.sentinel'),
                                  [say(words, 'attention.x'), say(words, 'attention.y')]);
  return {text, plot: plot_value(figure)};
}

// ----- Continue: ui/continuation.py -----

export function matched(generated, expected) {
  // lm.inference.matched: how many follow true counting before the first that departs
  const i = generated.findIndex((g, k) => k < expected.length && g !== expected[k]);
  return i >= 0 ? i : Math.min(generated.length, expected.length);
}

const general = x => String(Number(x.toPrecision(6)));         // Python's f'{x:g}' for a temperature

export function continuation_label(words, id, tokens, sampled, temperature, top_k) {
  const how = sampled ? say(words, 'continue.made_sampled', {temperature: general(temperature), top_k})
                      : say(words, 'continue.made_greedy');
  return say(words, 'continue.made_by', {variant: id, how, shown: shown(tokens)});
}

export function continuation_note(words, generated, expected, n_matched) {
  if (expected === null) return say(words, 'continue.no_counting');
  if (n_matched === generated.length) return say(words, 'continue.all_follow', {n: generated.length});
  const wanted = n_matched < expected.length ? `'${expected[n_matched]}'` : say(words, 'continue.text_end');
  return say(words, 'continue.departs', {position: n_matched + 1, token: generated[n_matched], wanted});
}

export function made_by(id, tokens, n_tokens, sampled, temperature, top_k) {
  // What a continuation depends on: when this changes, the one on screen no longer belongs to the page.
  return JSON.stringify([id, tokens, n_tokens, sampled, ...(sampled ? [temperature, top_k] : [])]);
}

export function write(words, m, tokens, n_tokens, sampled, temperature, top_k, random = Math.random) {
  // A continuation of what the figures show, as HTML labelled with what made it.
  if (!tokens.length) return `<p>${say(words, 'continue.empty')}</p>`;
  const generated = generate(m, ids_of(m, tokens), n_tokens, sampled ? temperature : 0, top_k, random)
    .map(i => m.v.vocab[i]);
  const expected = counting_continuation(tokens, generated.length);
  const n_matched = expected === null ? null : matched(generated, expected);
  return continuation_html(generated, n_matched, continuation_label(words, m.v.model, tokens, sampled, temperature,
                                                                    top_k),
                           continuation_note(words, generated, expected, n_matched));
}
