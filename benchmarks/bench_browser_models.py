"""The models in the browser (ui/static/lm.js): a keystroke's compute and a whole new trace, timed in Chromium.

    python -m benchmarks.bench_browser_models [--tokens 64] [--runs 200]

Writes the shipped checkpoints' bundles (lm.bundle) into a temporary folder, serves them and ui/static/ itself (no
app), and times in the page with performance.now(), for each model on a count of --tokens tokens: a keystroke (extend
the trace of the prefix but its last token by that token, then the probabilities; the states come with the trace) and
a new trace of the whole prefix. Printed: the median of --runs runs, with the 10th and 90th percentiles. Targets
(issue 17, LMModel8): a keystroke <= 2 ms median, a new trace <= 15 ms.
"""
import argparse
import statistics
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from benchmarks.bench_long_prefix import count
from benchmarks.launching import STATIC, chromium, serve
from benchmarks.stats import percentile
from lm import bundle
from lm.data import corpus
from lm.explorer import Explorer

# The page loads a model as a caller of lm.js would: both files fetched, the expected hash given
LOAD = '''async ([id, sha256]) => {
  const lm = await import('/static/lm.js');
  const [bundle, buffer] = await Promise.all([fetch(`/bundles/${id}.json`).then(r => r.json()),
                                             fetch(`/bundles/${id}.bin`).then(r => r.arrayBuffer())]);
  return [lm, lm.load(bundle, buffer, sha256)]; }'''
TIME = f'''async ([id, sha256, ids, runs]) => {{
  const [lm, model] = await ({LOAD})([id, sha256]);
  const before = lm.trace(model, ids.slice(0, -1)), keystroke = [], whole = [];
  for (let r = 0; r < runs + 20; r++) {{                       // the first 20: the JIT warming up
    let start = performance.now();
    const t = lm.extend(model, before, ids.length - 1, ids);
    lm.probabilities(t.logits, 1, 0);
    if (r >= 20) keystroke.push(performance.now() - start);
    start = performance.now();
    lm.trace(model, ids);
    if (r >= 20) whole.push(performance.now() - start);
  }}
  return {{keystroke, whole}}; }}'''


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--tokens', type=int, default=64, help="the prefix's length")
    p.add_argument('--runs', type=int, default=200, help="timed runs of each, after 20 to warm up")
    args = p.parse_args()
    c, explorer = corpus(), Explorer()
    ids = c.encode(count(10 * args.tokens, start=1000)[0].split()[:args.tokens])
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as pw:
        bundle.write_shipped(explorer, folder)
        browser = chromium(pw)
        with serve({'/static/': STATIC, '/bundles/': Path(folder)}) as url:
            page = browser.new_page()
            page.goto(url)
            assert page.evaluate('crossOriginIsolated')
            print(f'{args.tokens}-token prefix, {args.runs} runs, ms: median (10th-90th percentile)')
            for model_id, ck in explorer.checkpoints.items():
                times = page.evaluate(TIME, [model_id, ck.meta['weights_sha256'], ids, args.runs])
                print(model_id, ', '.join(f'{what} {statistics.median(times[what]):.3g} '
                                          f'({percentile(times[what], 0.1):.3g}-{percentile(times[what], 0.9):.3g})'
                                          for what in ('keystroke', 'whole')))
        browser.close()
    print('targets (LMModel8): keystroke <= 2 ms median, whole new trace <= 15 ms')


if __name__ == '__main__':
    main()
