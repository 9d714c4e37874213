"""The static edition (ui/site.py): built by one command, the same bytes twice, within its sizes, its modules made
into one classic script. tests/test_browser_site.py opens it in Chromium."""
import subprocess
import sys

import pytest

from lm.models import VARIANTS

MB = 1_000_000


def test_one_command_builds_it_and_twice_gives_the_same_bytes(site, tmp_path):
    subprocess.run([sys.executable, '-m', 'ui.static', str(tmp_path), '--train-url', 'https://example.org/app'],
                   check=True, capture_output=True, timeout=600)
    files = sorted(p.relative_to(site) for p in site.rglob('*') if p.is_file())
    assert files == sorted(p.relative_to(tmp_path) for p in tmp_path.rglob('*') if p.is_file())
    different = [str(f) for f in files if (site / f).read_bytes() != (tmp_path / f).read_bytes()]
    assert different == ['facts.js']                       # which holds the address of the app, given to one only
    assert 'https://example.org/app' in (tmp_path / 'facts.js').read_text()
    again = tmp_path / 'again'
    subprocess.run([sys.executable, '-m', 'ui.static', str(again)], check=True, capture_output=True, timeout=600)
    assert all((site / f).read_bytes() == (again / f).read_bytes() for f in files)


def test_its_sizes(site):
    sizes = {p.relative_to(site).as_posix(): p.stat().st_size for p in site.rglob('*') if p.is_file()}
    assert sum(sizes.values()) <= 8 * MB
    assert sum(size for name, size in sizes.items() if name.startswith('models/')) <= 2 * MB
    assert {f'models/{m}.js' for m in VARIANTS} <= sizes.keys()
    assert (site / 'README.md').read_text().startswith('---\n') and 'sdk: static' in (site / 'README.md').read_text()


def test_plotly_js_is_the_cartesian_build_where_npm_installed_it_else_the_whole_library(site, monkeypatch, tmp_path):
    import json

    from ui import site as edition
    pinned = json.loads((edition.STATIC.parent.parent / 'package.json').read_text())['dependencies']
    assert edition.PLOTLY_CARTESIAN.parent.name in pinned
    expected = edition.PLOTLY_CARTESIAN if edition.PLOTLY_CARTESIAN.exists() else edition.PLOTLY
    assert (site / 'plotly.min.js').read_bytes() == expected.read_bytes()
    monkeypatch.setattr(edition, 'PLOTLY_CARTESIAN', tmp_path / 'not installed.js')
    assert edition.plotly_js() == edition.PLOTLY                      # no npm: the page still has its plotly.js


def test_the_modules_become_one_classic_script_or_are_refused():
    from ui.site import classic
    out = classic('x', "import * as lm from './lm.js';\nimport {a, b as c} from './y.js';\n"
                       "export const N = 1;\nexport function f() { return a + c; }\nexport {a};\n")
    assert 'const lm = modules.lm;' in out and 'const {a, b: c} = modules.y;' in out
    assert out.rstrip().endswith('return {N, f, a};\n})();')
    with pytest.raises(ValueError, match='cannot read'):
        classic('x', "import lm from './lm.js';")
    with pytest.raises(ValueError, match='cannot read'):
        classic('x', 'export default 3;')
