"""Fixtures shared by the tests: the app, launched as users start it."""
import pytest

from tests.helpers import launch


@pytest.fixture(scope='session')
def app_url():
    proc, url = launch()
    yield url
    proc.terminate()
    proc.wait(10)
