"""The class benchmark's opening, small: ten students open the page within five seconds, replaying what a real page
sent as it opened (recorded in Chromium), and two of them type with Guesses in view. Needs Chromium to record, as
tests/test_browser.py: skipped without it unless REQUIRE_BROWSER=1."""
from tests.helpers import needs_chromium

needs_chromium()

from benchmarks.bench_class import opening  # noqa: E402


def test_a_small_class_opening_the_page_gets_every_file_and_no_error(app_url):
    _, visitors = opening(10, within=5, chars=30, url=app_url)
    assert [v.errors for v in visitors] == [[]] * 10
    assert all(v.opened is not None for v in visitors)
    assert sum(v.guesses for v in visitors) == 2
    assert min(v.bytes for v in visitors) > 1_000_000          # the page, its scripts and the models' files
