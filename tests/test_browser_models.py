"""The models in the browser (ui/static/lm.js) against lm.inference, in Chromium: for every model, on prefixes drawn
at random with a fixed seed, the probabilities (at several temperatures and top-k), every state at every position
and LMModel8's attention; a trace extended token by token equal to a fresh one; a bundle of other weights refused.

The bundles are written by lm.bundle into a temporary folder and served with ui/static/ from a thread (no app). Needs
Chromium, as tests/test_browser.py: skipped without it unless REQUIRE_BROWSER=1. Any error in the page fails a test.
"""
import base64
import random

import numpy as np
import pytest
import torch

from lm import bundle
from lm.data import number_to_words
from lm.inference import context, probabilities, trace
from lm.models import VARIANTS
from lm.prefix import PrefixError
from tests.helpers import needs_chromium

needs_chromium()

from benchmarks.bench_browser_models import LOAD  # noqa: E402 (needs playwright)
from benchmarks.launching import STATIC, serve  # noqa: E402

SETTINGS = [(1.0, 0), (0.7, 5), (1.5, 12), (0.0, 0)]       # (temperature, top_k) the probabilities are compared at
PROBABILITY, STATE = 1e-5, 1e-4                            # the largest differences allowed
TIE = 1e-4                                                 # two best closer than this: either may come first

# Every prefix traced; the probabilities at each setting, the states and the attention as float64, in base64
TRACES = f'''async ([id, sha256, prefixes, settings]) => {{
  const [lm, model] = await ({LOAD})([id, sha256]);
  const base64 = rows => {{
    const all = new Float64Array(rows.reduce((n, r) => n + r.length, 0));
    let at = 0;
    for (const r of rows) {{ all.set(r, at); at += r.length; }}
    const bytes = new Uint8Array(all.buffer);
    let text = '';
    for (let i = 0; i < bytes.length; i += 8192) text += String.fromCharCode(...bytes.subarray(i, i + 8192));
    return btoa(text);
  }};
  return prefixes.map(ids => {{
    const t = lm.trace(model, ids);
    return {{probs: settings.map(([temperature, top_k]) => lm.probabilities(t.logits, temperature, top_k)),
             states: base64(t.states.flatMap(s => s.values)), attention: t.attention && base64(t.attention)}};
  }}); }}'''
# A trace of the first `start` tokens extended by one token at a time, each compared with a fresh trace of the
# same tokens; then backspaces: the last three tokens replaced. The largest difference seen.
EXTENDED = f'''async ([id, sha256, ids, start]) => {{
  const [lm, model] = await ({LOAD})([id, sha256]);
  const rows = t => [...t.states.flatMap(s => s.values), t.logits, ...(t.attention ?? [])];
  const difference = (a, b) => {{
    const [ra, rb] = [rows(a), rows(b)];
    return Math.max(...ra.map((r, i) => Math.max(...r.map((x, u) => Math.abs(x - rb[i][u])))));
  }};
  let t = lm.trace(model, ids.slice(0, start)), largest = 0;
  for (let end = start + 1; end <= ids.length; end++) {{
    t = lm.extend(model, t, end - 1, ids.slice(0, end));
    largest = Math.max(largest, difference(t, lm.trace(model, ids.slice(0, end))));
  }}
  const typo = [...ids.slice(0, -3), ...ids.slice(0, 3)];
  return Math.max(largest, difference(lm.extend(model, t, ids.length - 3, typo), lm.trace(model, typo))); }}'''
PROBLEMS = f'''async ([id, sha256, ids]) => {{
  const [lm, model] = await ({LOAD})([id, sha256]);
  try {{ lm.context(model.v, ids); return null; }} catch (problem) {{ return problem; }} }}'''
REFUSED = f'''async ([id, sha256]) => {{
  try {{ await ({LOAD})([id, sha256]); return null; }} catch (e) {{ return [e.name, e.message]; }} }}'''


def counting(first: int, last: int) -> list[str]:
    return ' . '.join(number_to_words(n) for n in range(first, last + 1)).split() + ['.']


def drawn_prefixes(vocab, rng: random.Random, n: int = 50) -> list[list[str]]:
    """n prefixes of 3 to 300 tokens, from counting (anywhere, in words, and across 8999 -> 9000), cut anywhere, and
    token soup; a third of them short (3-12 tokens), a fifth long (150-300)."""
    prefixes = []
    for k in range(n):
        length = rng.randint(3, 12) if k % 3 == 0 else rng.randint(150, 300) if k % 5 == 1 else rng.randint(13, 149)
        if k % 7 == 3: tokens = rng.choices(vocab, k=length)                                   # soup
        else:
            first = rng.randint(8960, 8998) if k % 4 == 2 else rng.randint(1, 9900)           # 8999 -> 9000
            tokens = counting(first, min(9999, first + 80))
            start = rng.randrange(min(7, len(tokens) - length + 1))
            tokens = tokens[start:start + length]
        prefixes.append(tokens)
    assert any('nine thousand .' in ' '.join(p) for p in prefixes)      # the rollover is in
    return prefixes


@pytest.fixture(scope='module')
def bundles(tmp_path_factory, explorer):
    folder = tmp_path_factory.mktemp('bundles')
    bundle.write_shipped(explorer, folder)
    return folder


@pytest.fixture(scope='module')
def served(browser, bundles):
    "A blank page of the server, with the errors it reports."
    context, problems = browser.new_context(), []
    page = context.new_page()
    page.on('pageerror', lambda e: problems.append(f'uncaught error: {e}'))
    page.on('console', lambda m: problems.append(f'console error: {m.text}') if m.type == 'error' else None)
    with serve({'/static/': STATIC, '/bundles/': bundles}) as url:
        page.goto(url)
        yield page, problems
    context.close()


@pytest.fixture
def page(served):
    page, problems = served
    yield page
    assert problems == []


def floats(text: str) -> torch.Tensor: return torch.from_numpy(np.frombuffer(base64.b64decode(text), '<f8').copy())


@pytest.mark.parametrize('model_id', list(VARIANTS))
def test_the_browser_computes_what_lm_inference_computes(page, explorer, model_id):
    ck = explorer.checkpoint(model_id)
    vocab = list(explorer.corpus.vocab)
    prefixes = drawn_prefixes(vocab, random.Random(17))
    if ck.variant.reads_last is None: prefixes += [['one'], ['nine', 'thousand']]    # the shortest, for those that can
    ids = [explorer.corpus.encode(p) for p in prefixes]
    got = page.evaluate(TRACES, [model_id, ck.meta['weights_sha256'], ids, SETTINGS])
    largest = dict(probability=0.0, state=0.0, attention=0.0)
    for prefix, browser in zip(ids, got):
        expected = trace(ck.model, ck.variant, prefix)
        for (temperature, top_k), probs in zip(SETTINGS, browser['probs']):
            want, probs = probabilities(expected.logits, temperature, top_k).double(), torch.tensor(probs)
            best = want.topk(2).values
            if temperature == 0 and best[0] - best[1] <= TIE: continue      # greedy: either of the two may win
            largest['probability'] = max(largest['probability'], float((probs - want).abs().max()))
        p, want = torch.tensor(browser['probs'][0]), probabilities(expected.logits)
        two = want.topk(2)
        if two.values[0] - two.values[1] > TIE: assert int(p.argmax()) == int(two.indices[0]), vocab[prefix[-1]]
        states = torch.cat([s.values.flatten() for s in expected.states]).double()
        largest['state'] = max(largest['state'], float((floats(browser['states']) - states).abs().max()))
        if expected.attention is not None:
            attention = floats(browser['attention']) - expected.attention.flatten().double()
            largest['attention'] = max(largest['attention'], float(attention.abs().max()))
    print(model_id, {k: f'{v:.2g}' for k, v in largest.items()})
    assert largest['probability'] <= PROBABILITY and largest['attention'] <= PROBABILITY
    assert largest['state'] <= STATE


@pytest.mark.parametrize('model_id', list(VARIANTS))
def test_a_trace_extended_a_token_at_a_time_equals_a_fresh_one(page, explorer, model_id):
    ids = explorer.corpus.encode(counting(4990, 5010)[:100])
    ck = explorer.checkpoint(model_id)
    assert page.evaluate(EXTENDED, [model_id, ck.meta['weights_sha256'], ids, 40]) == 0


def test_a_bundle_of_other_weights_is_refused_with_the_name_of_its_model(page, explorer):
    other = explorer.checkpoint('LMModel7').meta['weights_sha256']
    name, message = page.evaluate(REFUSED, ['LMModel6', other])
    assert name == 'BundleError' and message.startswith('LMModel6: ') and other in message


def test_what_a_model_cannot_read_is_the_problem_lm_inference_raises(page, explorer):
    # the problem as prefix.js gives them, {key, params}, with the key and parameters of lm.prefix.PrefixError
    for model_id, ids in (('LMModel7', []), ('LMModel1', [1, 2])):
        with pytest.raises(PrefixError) as raised: context(VARIANTS[model_id], ids)
        sha256 = explorer.checkpoint(model_id).meta['weights_sha256']
        problem = raised.value
        assert page.evaluate(PROBLEMS, [model_id, sha256, ids]) == dict(key=problem.key, params=problem.params)
