"""The README's pictures, taken from the page as it is: the first screen, a lesson at a projector's size, a phone.

    python docs/pictures.py            # writes docs/screenshot.png, docs/lesson.png and docs/phone.png

Needs Chromium (Debian: apt-get install chromium), as the browser tests do.
"""
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from benchmarks.launching import chromium, launch  # noqa: E402
from ui.lessons import COUNT  # noqa: E402

CHART = '#distribution .js-plotly-plot'
HEATMAPS = '#view-plot .js-plotly-plot'


def ready(page, heading: str):
    "Wait until the first screen names the end of the prefix and the heatmaps are drawn."
    page.wait_for_function(f'''() => document.querySelector("#next-heading")?.innerText.includes({heading!r})''',
                           timeout=90_000)
    page.wait_for_selector(HEATMAPS, timeout=90_000)
    page.wait_for_timeout(800)


def main():
    proc, url = launch()
    try:
        with sync_playwright() as p:
            browser = chromium(p)
            page = browser.new_page(viewport={'width': 1400, 'height': 1000})
            page.goto(f'{url}?text=8997 . 8998 . 8999 .')
            ready(page, 'nine hundred ninety nine .')
            page.screenshot(path=ROOT / 'docs' / 'screenshot.png', full_page=True)

            page = browser.new_page(viewport={'width': 1280, 'height': 720})
            page.goto(f'{url}?lesson=gates')                          # lesson 6: the gates of an LSTM
            ready(page, COUNT.split(' . ')[-1])
            # the units in their analysed order, their groups named (the analyses take some seconds after start)
            page.wait_for_function(f'''() => document.querySelector("{HEATMAPS}")?.layout?.annotations?.length > 2''',
                                   timeout=120_000)
            page.evaluate("document.querySelector('#views').scrollIntoView({block: 'start'})")   # as the teacher does
            page.wait_for_timeout(800)
            page.screenshot(path=ROOT / 'docs' / 'lesson.png')

            page = browser.new_page(viewport={'width': 390, 'height': 844}, is_mobile=True, has_touch=True,
                                    device_scale_factor=2, locale='es-ES', extra_http_headers={'Accept-Language': 'es'})
            page.goto(f'{url}?lang=es')
            ready(page, 'thirteen .')
            page.screenshot(path=ROOT / 'docs' / 'phone.png')                   # what a phone shows first
            browser.close()
    finally:
        proc.terminate()
        proc.wait(10)


if __name__ == '__main__':
    main()
