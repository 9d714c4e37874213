"""The load benchmark's smaller run with --fallback: a few students whose every keystroke asks the server, typing at
once through the page's own events."""
from benchmarks.bench_class import measure


def test_a_small_class_typing_at_once_gets_no_error_and_every_final_view_right(app_url):
    _, students, right = measure(10, chars=30, url=app_url)
    assert sum(len(s.errors) for s in students) == 0
    assert right == len(students) == 10
    assert all(len(s.sent) >= 3 for s in students)          # they typed, and the page answered as they did
