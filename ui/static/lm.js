// The models of lm/models.py in the browser: a mirror of lm/inference.py, step for step and name for name (as
// prefix.js mirrors lm/prefix.py), so that the two read side by side and one grep finds both. It computes in float64
// from the float32 weights of a bundle (lm/bundle.py); tests/test_browser_models.py runs both on the same prefixes
// and checks that they agree. No dependencies and no fetching: the caller fetches the bundle and hands it to `load`.
//
// A model here is {v, weights}: v the bundle's JSON (the variant's facts, the vocabulary, the colour ranges...),
// weights each tensor of its state_dict by name ('rnn.weight_ih_l0') as a Float32Array, row-major.
// A vector is a Float64Array (or an Array of numbers); a sequence of them, one per position, an Array.

import {PrefixError, number_to_words} from './prefix.js';

export const LSTM_QUANTITIES = ['h', 'c', 'input gate', 'forget gate', 'cell gate', 'output gate'];
export const GRU_QUANTITIES = ['h', 'reset gate', 'update gate'];
const QUANTITIES = {lstm: LSTM_QUANTITIES, gru: GRU_QUANTITIES};      // by cell; the others have h alone
const STACKED = ['tanh', 'lstm', 'gru'];                            // the cells of a model with layers (its rnn)
export const ATTENDED = 64;   // a trace keeps LMModel8's attention at its last 64 positions (the Attention tab's)

export class BundleError extends Error { name = 'BundleError'; }

export function load(bundle, buffer, expected_sha256) {
  // A model from a bundle's JSON (an object) and its binary file (an ArrayBuffer). expected_sha256: the SHA-256 of
  // the checkpoint the caller means (its JSON's weights_sha256); a bundle made from other weights is refused.
  if (bundle.weights_sha256 !== expected_sha256) {
    throw new BundleError(`${bundle.model}: the bundle was made from weights with SHA-256 ${bundle.weights_sha256}, ` +
                          `not from the checkpoint's (${expected_sha256}): write it again with python -m lm.bundle`);
  }
  if (buffer.byteLength !== bundle.bytes) {
    throw new BundleError(`${bundle.model}: the binary file has ${buffer.byteLength} bytes, not ${bundle.bytes}`);
  }
  const weights = {};
  for (const {name, shape, offset} of bundle.arrays) {
    // little-endian, as every machine a browser runs on
    weights[name] = new Float32Array(buffer, offset, shape.reduce((n, d) => n * d, 1));
  }
  return {v: bundle, weights};
}

export function context(v, ids) {
  // The tokens a variant reads: LMModel1 and LMModel2 the last three, the others all from the start.
  if (!ids.length) throw PrefixError('empty');     // a problem, as prefix.js gives them
  if (v.reads_last === null) return [...ids];
  if (ids.length < v.reads_last) {
    throw PrefixError('reads_last', {variant: v.variant, needs: v.reads_last, n: ids.length});
  }
  return ids.slice(-v.reads_last);
}

export function probabilities(logits, temperature = 1, top_k = 0) {
  // softmax(logits / temperature) over the top_k most likely tokens (0: all of them). Temperature 0 puts all the
  // probability on the most likely token (greedy), the first of equals as torch's argmax.
  let l = Array.from(logits);
  if (top_k && top_k < l.length) {
    const kth = [...l].sort((a, b) => b - a)[top_k - 1];      // torch: logits < logits.topk(top_k).values[-1]
    l = l.map(x => (x < kth ? -Infinity : x));
  }
  if (temperature === 0) {
    const best = l.indexOf(Math.max(...l));
    return l.map((_, i) => (i === best ? 1 : 0));
  }
  return softmax(l.map(x => x / temperature));
}

// ----- The little linear algebra the layers need -----

function softmax(x) {
  const top = Math.max(...x), e = x.map(v => Math.exp(v - top)), sum = e.reduce((a, b) => a + b, 0);
  return e.map(v => v / sum);
}

function matvec(w, x, b, y = new Float64Array(b.length)) {
  // y + w @ x + b, w (b.length, x.length) row-major; four sums at a time, which JavaScript engines run faster
  const cols = x.length;
  for (let r = 0; r < b.length; r++) {
    const k = r * cols;
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0, j = 0;
    for (; j + 3 < cols; j += 4) {
      s0 += w[k + j] * x[j]; s1 += w[k + j + 1] * x[j + 1];
      s2 += w[k + j + 2] * x[j + 2]; s3 += w[k + j + 3] * x[j + 3];
    }
    for (; j < cols; j++) s0 += w[k + j] * x[j];
    y[r] += s0 + s1 + s2 + s3 + b[r];
  }
  return y;
}

function dot(a, b) {
  let s = 0;
  for (let u = 0; u < a.length; u++) s += a[u] * b[u];
  return s;
}

function linear(model, name, x) { return matvec(model.weights[`${name}.weight`], x, model.weights[`${name}.bias`]); }

function add(a, b) { return a.map((v, i) => v + b[i]); }

function relu(x) { return x.map(v => Math.max(v, 0)); }

function normalize(x) {
  // F.normalize: x over its length (at least 1e-12)
  const n = Math.max(Math.sqrt(dot(x, x)), 1e-12);
  return x.map(v => v / n);
}

function sigmoid(v) { return 1 / (1 + Math.exp(-v)); }

function embeddings(model, ids) {
  const w = model.weights['i_h.weight'], H = model.v.n_hidden;
  return ids.map(i => Float64Array.from(w.subarray(i * H, (i + 1) * H)));
}

// ----- Hidden states, one time step at a time -----

export function relu_rnn_layer(model, emb, h0 = null) {
  // LMModel2-4: h = relu(h_h(h + i_h(x))) after each token, from h0 (zeros: nothing read yet).
  let h = h0 ?? new Float64Array(model.v.n_hidden);
  const hs = [];
  for (const e of emb) {
    h = relu(linear(model, 'h_h', add(h, e)));
    hs.push(h);
  }
  return hs;
}

export function lmmodel1_states(model, emb) {
  // LMModel1's three steps: the last token's embedding is added, with no layer after it.
  const h1 = relu(linear(model, 'h_h', emb[0]));
  const h2 = relu(linear(model, 'h_h', add(h1, emb[1])));
  return [h1, h2, add(h2, emb[2])];
}

export function tanh_rnn_layer(x, w_ih, w_hh, b_ih, b_hh, h0 = null) {
  // One layer of nn.RNN: h_t = tanh(W_ih x_t + b_ih + W_hh h_(t-1) + b_hh), from h0.
  let h = h0 ?? new Float64Array(b_hh.length);
  const hs = [];
  for (const x_t of x) {
    h = matvec(w_hh, h, b_hh, matvec(w_ih, x_t, b_ih)).map(Math.tanh);
    hs.push(h);
  }
  return hs;
}

export function lstm_layer(x, w_ih, w_hh, b_ih, b_hh, h0 = null, c0 = null) {
  // One layer of nn.LSTM from (h0, c0), returning h, c and the input, forget, cell and output gates, each (T, H).
  const H = b_hh.length / 4;
  let h = h0 ?? new Float64Array(H), c = c0 ?? new Float64Array(H);
  const steps = LSTM_QUANTITIES.map(() => []);
  for (const x_t of x) {
    const gates = matvec(w_hh, h, b_hh, matvec(w_ih, x_t, b_ih));     // PyTorch's order: input, forget, cell, output
    const i = new Float64Array(H), f = new Float64Array(H), g = new Float64Array(H), o = new Float64Array(H);
    const c_next = new Float64Array(H), h_next = new Float64Array(H);
    for (let u = 0; u < H; u++) {
      i[u] = sigmoid(gates[u]); f[u] = sigmoid(gates[H + u]);
      g[u] = Math.tanh(gates[2 * H + u]); o[u] = sigmoid(gates[3 * H + u]);
      c_next[u] = f[u] * c[u] + i[u] * g[u];                          // forget some of the cell state, write some new
      h_next[u] = o[u] * Math.tanh(c_next[u]);                         // show some of it
    }
    [h, c] = [h_next, c_next];
    [h, c, i, f, g, o].forEach((values, q) => steps[q].push(values));
  }
  return steps;
}

export function gru_layer(x, w_ih, w_hh, b_ih, b_hh, h0 = null) {
  // One layer of lm.models.GRU (or nn.GRU) from h0, returning h and the reset and update gates, each (T, H).
  const H = b_hh.length / 3;
  let h = h0 ?? new Float64Array(H);
  const steps = GRU_QUANTITIES.map(() => []);
  for (const x_t of x) {
    const i = matvec(w_ih, x_t, b_ih), g = matvec(w_hh, h, b_hh);     // nn.GRU's order: reset, update, new
    const r = new Float64Array(H), z = new Float64Array(H), h_next = new Float64Array(H);
    for (let u = 0; u < H; u++) {
      r[u] = sigmoid(i[u] + g[u]); z[u] = sigmoid(i[H + u] + g[H + u]);
      const n = Math.tanh(i[2 * H + u] + r[u] * g[2 * H + u]);       // the candidate reads what the reset gate lets in
      h_next[u] = z[u] * h[u] + (1 - z[u]) * n;                        // keep some of h, take the rest from it
    }
    h = h_next;
    [h, r, z].forEach((values, q) => steps[q].push(values));
  }
  return steps;
}

function layer_weights(model, n) {
  // Layer n's weight_ih, weight_hh, bias_ih and bias_hh: nn.RNN's and nn.LSTM's by name, lm.models.GRU's in its cell
  if (model.v.cell === 'gru') {
    return ['ih.weight', 'hh.weight', 'ih.bias', 'hh.bias'].map(w => model.weights[`rnn.cells.${n}.${w}`]);
  }
  return ['weight_ih', 'weight_hh', 'bias_ih', 'bias_hh'].map(w => model.weights[`rnn.${w}_l${n}`]);
}

const LAYERS = {tanh: (...args) => [tanh_rnn_layer(...args)], lstm: lstm_layer, gru: gru_layer};

export function stacked_layers(model, emb, initial = null) {
  // Each layer of nn.RNN, nn.LSTM or lm.models.GRU in turn, the outputs of one being the inputs of the next;
  // initial: each layer's state to start from, [h, c] or [h], when the steps go on from a trace already made.
  const cell = model.v.cell, quantities = QUANTITIES[cell] ?? ['h'];
  let x = emb;
  const states = [];
  for (let n = 0; n < model.v.n_layers; n++) {
    const values = LAYERS[cell](x, ...layer_weights(model, n), ...(initial ? initial[n] : []));
    values.forEach((v, q) => states.push({layer: n + 1, quantity: quantities[q], values: v}));
    x = values[0];
  }
  return states;
}

export function trace(model, ids) {
  // Run a model over its context one step at a time, keeping every layer's states: {ids (the tokens it read),
  // states [{layer, quantity, values}], logits, attention (LMModel8, else null)}.
  const context_ids = context(model.v, ids);
  return run(model, context_ids, embeddings(model, context_ids));
}

export function run(model, ids, emb, initial = null) {
  // trace's steps, from the embeddings of the context `ids`.
  const states = layer_states(model, emb, initial);
  return {ids, states, ...next_logits(model, ids, states)};
}

export function layer_states(model, emb, initial = null) {
  // Every layer's states after each token, from the embeddings of the tokens read (see `run`).
  const v = model.v;
  if (STACKED.includes(v.cell)) return stacked_layers(model, emb, initial);
  if (v.variant === 'LMModel1') return [{layer: 1, quantity: 'h', values: lmmodel1_states(model, emb)}];
  return [{layer: 1, quantity: 'h', values: relu_rnn_layer(model, emb, ...(initial ? initial[0] : []))}];
}

export function next_logits(model, ids, states) {
  // The logits after the last token, from the top layer's h: through the output head, or, for a model that points
  // (LMModel8), mixed with its attention, which comes back too for the last ATTENDED positions.
  const top = states.filter(s => s.quantity === 'h').at(-1).values;      // the top layer's h after each token
  if (!model.v.attention) return {logits: linear(model, 'h_o', top.at(-1)), attention: null};
  const {log_p, attention} = pointing(model, ids, top, ATTENDED);
  return {logits: log_p, attention};
}

export function pointing(model, ids, top, last = null) {
  // LMModel8's pointer over a prefix read from a cold start, as its forward pass computes it, at the last `last`
  // positions (all of them if null): the attention (last, last + 1) of each on each of the last tokens read (the
  // copy of that token), then on the sentinel; and the log-probabilities of the next token after the last position
  // (lm.inference's are after each of the `last`: this one is all that a trace needs, and the others cost time).
  const T = ids.length, m = last === null ? T : Math.min(last, T);
  const look = pointer(model, top, T - m);
  const attention = [];
  let seen, a;
  for (let t = T - m; t < T; t++) {
    ({seen, a} = look(t));
    const row = new Float64Array(m + 1);
    seen.forEach((i, k) => { if (i >= T - m) row[i - (T - m)] = a[k]; });
    row[m] = a.at(-1);
    attention.push(row);
  }
  return {log_p: pointed(model, ids, top[T - 1], seen, a), attention};
}

function pointer(model, top, from) {
  // Where LMModel8's pointer looks from each position t >= from: `look(t)` gives the tokens it may copy (the last w
  // up to x_t: those before need not be computed) and its attention on each, then on the sentinel.
  // The key of token i is h_q of the state before it (zeros before the first token); the query of position t is
  // h_q of the state after it, which is the key of token t + 1: keys[t + 1]
  const w = model.v.w, scale = model.weights.scale[0], first = Math.max(0, from - w + 1);
  const keys = [], zeros = new Float64Array(top[0].length);
  for (let i = first; i <= top.length; i++) keys[i] = normalize(linear(model, 'h_q', i ? top[i - 1] : zeros));
  return t => {
    const seen = [];
    for (let i = Math.max(0, t - w + 1); i <= t; i++) seen.push(i);
    const a = softmax([...seen.map(i => scale * dot(keys[t + 1], keys[i])), linear(model, 'h_s', top[t])[0]]);
    return {seen, a};
  };
}

function pointed(model, ids, h, seen, a) {
  // The log-probabilities after a position of LMModel8: the LSTM's softmax weighted by the sentinel, plus the
  // attention on each token copied.
  const p = softmax(Array.from(linear(model, 'h_o', h))).map(p_v => a.at(-1) * p_v);
  seen.forEach((i, k) => { p[ids[i]] += a[k]; });
  return p.map(p_v => Math.log(p_v + 1e-8));
}

export function position_logits(model, ids, t = null) {
  // lm.explain.position_logits: the logits after each position of a prefix, each the prediction of the token that
  // follows it, as the app computes them for a prefix ending there. Returns [the first position that has them (a
  // model that reads the last n tokens predicts from the n-th on), the logits of each]. t: the model's trace of ids,
  // when the caller has it (a model that carries its state).
  const v = model.v;
  if (v.reads_last !== null) {
    const logits = [];
    for (let end = v.reads_last; end <= ids.length; end++) {
      logits.push(trace(model, ids.slice(end - v.reads_last, end)).logits);
    }
    return [v.reads_last - 1, logits];
  }
  const top = (t ?? trace(model, ids)).states.filter(s => s.quantity === 'h').at(-1).values;
  if (!v.attention) return [0, top.map(h => linear(model, 'h_o', h))];
  const look = pointer(model, top, 0);
  return [0, top.map((h, t) => { const {seen, a} = look(t); return pointed(model, ids, h, seen, a); })];
}

export function generate(model, ids, n, temperature = 0, top_k = 0, random = Math.random) {
  // lm.inference.generate: n tokens after `ids`, the most likely each time (temperature 0) or sampled at the given
  // temperature, from `random` (0 <= x < 1). A model that carries its state runs one more step per token; one that
  // reads the last tokens, its window again.
  const v = model.v, new_ids = [];
  let t = trace(model, ids);
  for (let i = 0; i < n; i++) {
    const p = probabilities(t.logits, temperature, top_k);
    let x = random(), next = -1;                           // the token whose share of 0..1 holds x
    for (let i = 0; i < p.length; i++) if (p[i] > 0) { next = i; if ((x -= p[i]) < 0) break; }
    new_ids.push(next);
    const read = [...t.ids, next];
    t = v.reads_last !== null ? trace(model, read) : extend(model, t, t.ids.length, read);
  }
  return new_ids;
}

export function extend(model, before, keep, ids) {
  // trace(model, ids), for a prefix that begins with the first `keep` tokens of a trace already made: those steps
  // are taken from it, and only the tokens after them are run. As a student types, each keystroke changes the last
  // few tokens only. A model that reads only its last tokens (LMModel1, LMModel2) is traced anew: that is as cheap.
  if (model.v.reads_last !== null || keep === 0) return trace(model, ids);
  const states = extend_states(model, before.states, keep, ids);
  return {ids: [...ids], states, ...next_logits(model, ids, states)};
}

export function extend_states(model, states, keep, ids) {
  // The states of extend, without the prediction after them.
  const new_ids = ids.slice(keep);
  const kept = states.map(s => ({layer: s.layer, quantity: s.quantity, values: s.values.slice(0, keep)}));
  if (!new_ids.length) return kept;
  const by_layer = [];
  for (const s of kept) {
    if (s.quantity === 'h' || s.quantity === 'c') (by_layer[s.layer - 1] ??= []).push(s.values.at(-1));
  }
  const added = layer_states(model, embeddings(model, new_ids), by_layer);
  return kept.map((s, k) => ({...s, values: s.values.concat(added[k].values)}));
}

// ----- True counting -----

let by_words = null;
function numbers_by_words() {
  // lm.data.numbers_by_words: each number from 1 to 9999 by its words, 'seven thousand three hundred twelve'
  if (!by_words) by_words = new Map(Array.from({length: 9999}, (_, i) => [number_to_words(i + 1), i + 1]));
  return by_words;
}

export function counting_continuation(tokens, n) {
  // The n tokens that true counting puts after `tokens`, or null if they are not counting: counting resumes after
  // the last complete number (the words before the last '.'); any words after that '.' must begin the next number.
  const dot = tokens.lastIndexOf('.');
  if (dot < 0) return null;
  let start = dot - 1;
  while (start >= 0 && tokens[start] !== '.') start -= 1;
  const last = numbers_by_words().get(tokens.slice(start + 1, dot).join(' '));
  if (last === undefined) return null;
  const tail = tokens.slice(dot + 1), upcoming = [];
  for (let m = last + 1; m < Math.min(last + 2 + Math.floor((n + tail.length) / 2), 10000); m++) {
    upcoming.push(...number_to_words(m).split(' '), '.');
  }
  if (tail.some((t, i) => upcoming[i] !== t)) return null;
  return upcoming.slice(tail.length, tail.length + n);
}
