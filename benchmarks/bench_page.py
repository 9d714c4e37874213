"""How fast the first screen appears in a browser, and what it downloads. Measured only: no targets yet.

    python -m benchmarks.bench_page [--loads 7]

Starts `python app.py`, then opens the page in Chromium, each time in a fresh browser context (an empty cache, as a
new visitor), and times from the navigation to the first chart drawn (the next-token bars): first the first load
after the start, then --loads more, as median and spread. For each load, the bytes the page fetched until then, as
the browser's resource timing gives them: transferred (compressed, with headers) and decoded, and the largest files.
"""
import argparse
import statistics

from playwright.sync_api import sync_playwright

from benchmarks.launching import chromium, launch

CHART = '#distribution .js-plotly-plot'
# performance.now() counts from the navigation: the moment the first bars are in the chart
DRAWN = f'''() => {{ const el = document.querySelector("{CHART}");
  return el && el.data && el.data.length && el.querySelector('.bars path') ? performance.now() : false; }}'''
BYTES = '''() => performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'))
  .map(e => [e.name, e.transferSize, e.decodedBodySize])'''


def load(browser, url: str) -> dict:
    "One visit in a fresh context: seconds to the first chart, and the files fetched until then."
    context = browser.new_context(viewport={'width': 1280, 'height': 720})
    try:
        page = context.new_page()
        page.add_init_script('performance.setResourceTimingBufferSize(5000)')   # Gradio loads hundreds of files
        page.goto(url, wait_until='commit')
        drawn = page.wait_for_function(DRAWN, polling='raf', timeout=120_000).json_value() / 1000
        files = page.evaluate(BYTES)
    finally: context.close()
    return dict(seconds=drawn, files=files, transferred=sum(f[1] for f in files), decoded=sum(f[2] for f in files))


def mb(n: float) -> str: return f'{n / 1e6:.2f} MB'


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--loads', type=int, default=7, help="loads after the first one, for the median and spread")
    args = p.parse_args()
    server, url = launch()
    try:
        with sync_playwright() as pw:
            browser = chromium(pw)
            first = load(browser, url)
            loads = [load(browser, url) for _ in range(args.loads)]
            browser.close()
    finally:
        server.terminate()
        server.wait(10)

    times = [visit['seconds'] for visit in loads]
    print("| measure | figure |\n|---|---|")
    print(f"| navigation to the first chart drawn, first load after the start | {first['seconds']:.2f} s |")
    print(f"| the same, fresh browser context, {len(loads)} loads | {statistics.median(times):.2f} s median "
          f"({min(times):.2f} to {max(times):.2f}) |")
    for name, key in (('transferred', 'transferred'), ('decoded', 'decoded')):
        values = [visit[key] for visit in loads]
        print(f"| bytes {name} until then | {mb(statistics.median(values))} median ({mb(min(values))} to "
              f"{mb(max(values))}); first load {mb(first[key])} |")
    print(f"| files fetched until then | {statistics.median(len(visit['files']) for visit in loads):.0f} median |")
    largest = sorted((loads or [first])[-1]['files'], key=lambda f: -f[2])[:5]
    print("\nlargest files, decoded (transferred): " + ', '.join(
        f"{name.split('?')[0].rsplit('/', 1)[-1] or '/'} {mb(decoded)} ({mb(transferred)})"
        for name, transferred, decoded in largest))


if __name__ == '__main__':
    main()
