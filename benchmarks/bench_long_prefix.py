"""Typing a long count in the browser: how long after the last key the final view appears, and the longest frames.

    python -m benchmarks.bench_long_prefix [--chars 3000] [--delay 15] [--runs 3] [--view states]

Starts `python app.py`, opens the page in Chromium with the tab `--view` in view, empties the prefix and types a
valid count of about --chars characters, a key every --delay ms, as a person types fast. For each run: the seconds
from the last key to the final prediction (the heading names the whole prefix's end and the heatmaps its last token),
and the frames over 100 ms and the longest (the browser's long tasks). Targets: the final view within 0.3 s of the
last key, no frame over 0.1 s; printed as the median of the runs, with their spread.
"""
import argparse
import statistics

from playwright.sync_api import sync_playwright

from benchmarks.launching import chromium, launch
from lm.data import number_to_words

LONG_TASKS = '''() => { window.lmLong = [];
  new PerformanceObserver(list => { for (const e of list.getEntries()) window.lmLong.push(e.duration); })
    .observe({type: 'longtask', buffered: false}); }'''
# the final view: the chart's heading ends with the prefix's last number, the heatmaps' last column is its '.'
FINAL = '''([ending, states]) => document.querySelector('#next-heading')?.innerText.includes(ending) &&
  (!states || document.querySelector('#view-plot .js-plotly-plot')?.layout?.xaxis2?.ticktext?.slice(-1)[0] === '•') ?
  performance.now() : false'''


def count(chars: int, start: int = 1) -> tuple[str, str]:
    "A valid count of at least `chars` characters from `start`, and its last number in words."
    numbers, n = [], start
    while len(' . '.join(numbers)) < chars:
        numbers.append(number_to_words(n))
        n += 1
    return ' . '.join(numbers) + ' .', numbers[-1] + ' .'


def run(browser, url: str, text: str, ending: str, delay: int, view: str) -> dict:
    context = browser.new_context(viewport={'width': 1400, 'height': 1000})
    try:
        page = context.new_page()
        page.goto(f'{url}?text=&view={view}')
        page.wait_for_selector('#distribution .js-plotly-plot', timeout=60_000)
        page.wait_for_timeout(1000)
        page.evaluate(LONG_TASKS)
        started = page.evaluate('performance.now()')
        page.locator('#prefix textarea').press_sequentially(text, delay=delay, timeout=0)
        last = page.evaluate('performance.now()')
        final = page.wait_for_function(FINAL, arg=[ending, view == 'states'], polling='raf',
                                       timeout=180_000).json_value()
        long = page.evaluate('window.lmLong')
    finally: context.close()
    return dict(seconds=(final - last) / 1000, typing=(last - started) / 1000, over=sum(d > 100 for d in long),
                longest=max(long, default=0) / 1000)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--chars', type=int, default=3000)
    p.add_argument('--delay', type=int, default=15, help="ms between keys")
    p.add_argument('--runs', type=int, default=3)
    p.add_argument('--view', default='states', help="the tab in view while typing")
    args = p.parse_args()
    text, ending = count(args.chars, start=1000)
    server, url = launch()
    try:
        with sync_playwright() as pw:
            browser = chromium(pw)
            runs = [run(browser, url, text, ending, args.delay, args.view) for _ in range(args.runs)]
            browser.close()
    finally:
        server.terminate()
        server.wait(10)
    print(f'{len(text)} characters at {args.delay} ms a key, {args.view} in view, {args.runs} runs')
    print(f"typing took {statistics.median(r['typing'] for r in runs):.3g}s (the keys alone: "
          f"{len(text) * args.delay / 1000:.3g}s)")
    for name, unit, target in (('seconds', 's', 0.3), ('over', '', 0), ('longest', 's', 0.1)):
        values = [r[name] for r in runs]
        label = {'seconds': 'final view after the last key', 'over': 'frames over 100 ms',
                 'longest': 'longest frame'}[name]
        print(f'{label}: median {statistics.median(values):.3g}{unit} (from {min(values):.3g} to '
              f'{max(values):.3g}{unit}), target {target}{unit}: '
              f'{"met" if statistics.median(values) <= target else "missed"}')


if __name__ == '__main__':
    main()
