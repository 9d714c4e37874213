"""The static edition: the explorer as plain files, with no server at all, for a free static Space, a school's web
server or a USB stick. Its page (ui/static/site.html, site.js) runs the models in the reader's browser, as the
Gradio page's keystroke loop does, from the same modules, words and checkpoints.

    python -m ui.static site/ [--train-url https://…]       # writes site/ from the shipped checkpoints

A browser refuses modules and fetch() to a page opened from disk (file://), so everything the page needs arrives as
a classic script: `explorer.js`, ui/static's modules made into one (`classic`); `facts.js`, the words in every
language and what the page knows of each model; `models/<id>.js`, a model's bundle (lm.bundle) with its weights in
base64 and its Failures and The model tabs, computed here as the server computes them; and plotly.js (`plotly_js`),
which the page loads only when a figure needs it: the chart and the heatmaps are drawn on a canvas (canvas.js).
The same checkpoints and the same plotly.js give the same bytes: nothing depends on the time or the machine.
"""
import argparse
import base64
import json
import re
import shutil
from pathlib import Path

import plotly

from lm import bundle
from lm.data import most_common_target
from lm.explorer import Explorer
from lm.models import VARIANTS
from lm.prefix import MAX_CHARS
from lm.units import PROPERTIES
from ui import texts
from ui.about import parts
from ui.compare import LEFT, RIGHT
from ui.failures import failures_parts
from ui.lessons import LESSONS
from ui.model_card import model_parts
from ui.prediction import EXAMPLES, FIRST_PREFIX, FIRST_VARIANT
from ui.style import VIEWS_CSS
from ui.words import LANGUAGES, NAMES

STATIC = Path(__file__).resolve().parent / 'static'
MODULES = ('prefix', 'lm', 'figures', 'canvas', 'views', 'keystrokes', 'markdown', 'tabs', 'site')   # after imports
PLOTLY = Path(plotly.__file__).parent / 'package_data' / 'plotly.min.js'            # the whole library
PLOTLY_CARTESIAN = STATIC.parent.parent / 'node_modules' / 'plotly.js-cartesian-dist-min' / 'plotly-cartesian.min.js'

SPACE_README = """---
title: Human Numbers LM Explorer
emoji: 🔢
colorFrom: blue
colorTo: indigo
sdk: static
app_file: index.html
pinned: false
---

# Human Numbers LM Explorer, the static edition

The seven small language models of chapter 12 of the fastai book, *A language model from scratch*, and one beyond
it, learnt to count in English words: type the beginning of the count and watch what each one expects next, its
hidden states, where it fails. Every model runs in your browser; nothing is sent anywhere.

- **Here**: a Hugging Face static Space serves this folder as it is.
- **With no internet**: open `index.html` in a browser, or run `python -m http.server` in this folder and open
  http://localhost:8000.
- **Training a model yourself** needs the Gradio app: `python app.py` in the project's repository.
"""

IMPORT_ALL = re.compile(r"^import \* as (\w+) from '\./(\w+)\.js';$")
IMPORT_NAMES = re.compile(r"^import \{([\w\s,]+)\} from '\./(\w+)\.js';$")
EXPORT_NAMES = re.compile(r'^export \{([\w\s,]+)\};$')
EXPORT_DEFINITION = re.compile(r'^export ((?:async )?function\*? |class |const |let )(\w+)')


def classic(name: str, source: str) -> str:
    """An ES module of ui/static as a classic script's part: its body in a function of its own, its imports read
    from the modules before it, its exports returned. Only the forms these modules use; any other import or export
    is refused, so that a new one cannot pass unseen."""
    body, exported = [], []
    for line in source.splitlines():
        if m := IMPORT_ALL.match(line): line = f'const {m[1]} = modules.{m[2]};'
        elif m := IMPORT_NAMES.match(line):
            names = ', '.join(n.strip().replace(' as ', ': ') for n in m[1].split(','))
            line = f'const {{{names}}} = modules.{m[2]};'
        elif m := EXPORT_NAMES.match(line):
            exported += [n.strip() for n in m[1].split(',')]
            continue
        elif m := EXPORT_DEFINITION.match(line):
            exported.append(m[2])
            line = line[len('export '):]
        elif re.match(r'\s*(import|export)\b', line):
            raise ValueError(f'{name}.js: the static edition cannot read this line: {line!r}')
        body.append(line)
    return (f"modules.{name} = (() => {{\n'use strict';\n" + '\n'.join(body) +
            f"\nreturn {{{', '.join(exported)}}};\n}})();\n")


def explorer_js() -> str:
    "ui/static's modules as one classic script, which starts the page."
    parts_ = [classic(name, (STATIC / f'{name}.js').read_text()) for name in MODULES]
    return ('// The explorer: ui/static\'s modules as one classic script (ui/site.py), which a page opened from disk '
            'also runs.\n(() => {\nconst modules = {};\n' + '\n'.join(parts_) +
            'modules.site.start(window.lmFacts);\n})();\n')


def as_json(data) -> str: return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(',', ':'))


def facts(explorer: Explorer, train_url: str | None) -> dict:
    """What the page knows before any model has arrived: the words, the lessons, and each model's file, hash, name
    in the list and description."""
    baseline, share = most_common_target()
    models = {}
    for model_id in VARIANTS:
        ck = explorer.loaded(model_id)
        if ck is None: continue
        models[model_id] = dict(file=f'models/{model_id}.js', sha256=ck.meta['weights_sha256'],
                                choice=texts.model_choice(model_id, ck.accuracy),
                                info={lang: texts.model_info(ck.variant, ck.accuracy, lang) for lang in LANGUAGES})
    return dict(words=LANGUAGES, languages=NAMES, vocab_size=len(explorer.corpus.vocab), max_chars=MAX_CHARS,
                models=models, accuracies={m: explorer.loaded(m).accuracy for m in models},
                first=dict(variant=FIRST_VARIANT, text=FIRST_PREFIX), examples=EXAMPLES,
                compare=dict(left=LEFT, right=RIGHT), properties=list(PROPERTIES),
                lessons=[dict(name=lesson.name, variant=lesson.variant, prefix=lesson.prefix, view=lesson.view,
                              controls=lesson.controls) for lesson in LESSONS],
                about=dict(vocab=len(explorer.corpus.vocab), baseline=baseline, baseline_share=f'{share:.1%}',
                           **parts()),
                train_url=train_url)


def model_file(explorer: Explorer, model_id: str) -> dict:
    "A model's file: its bundle, its weights in base64, and its Failures and The model tabs in every language."
    meta, weights = bundle.encode(explorer, model_id)
    return dict(bundle=meta, weights=base64.b64encode(weights).decode('ascii'),
                failures={lang: failures_parts(explorer, model_id, lang) for lang in LANGUAGES},
                card={lang: model_parts(explorer, model_id, lang) for lang in LANGUAGES})


def plotly_js() -> Path:
    """plotly.js for the page: the build with the cartesian traces alone (bars, heatmaps and lines: all the page
    draws), a third of the whole library's size and parsed in half the time, so the page opens sooner, where `npm ci`
    has installed it (package.json pins it); else the whole library, from the plotly package."""
    return PLOTLY_CARTESIAN if PLOTLY_CARTESIAN.exists() else PLOTLY


def build(folder: Path, explorer: Explorer | None = None, train_url: str | None = None) -> list[Path]:
    "Write the static edition into folder; returns the files written."
    explorer = explorer or Explorer()
    for model_id in explorer.checkpoints:                       # the analyses and failures each model's file holds
        explorer.analysis(model_id, wait=True)
        explorer.failures(model_id, wait=True)
    folder = Path(folder)
    shutil.rmtree(folder / 'models', ignore_errors=True)
    (folder / 'models').mkdir(parents=True, exist_ok=True)
    files = {'index.html': (STATIC / 'site.html').read_bytes(),
             'site.css': ((STATIC / 'site.css').read_text() + VIEWS_CSS).encode(),
             'explorer.js': explorer_js().encode(),
             'facts.js': f'window.lmFacts = {as_json(facts(explorer, train_url))};\n'.encode(),
             'plotly.min.js': plotly_js().read_bytes(),
             'README.md': SPACE_README.encode()}
    for model_id in explorer.checkpoints:
        files[f'models/{model_id}.js'] = f'lmModelArrived({as_json(model_file(explorer, model_id))});\n'.encode()
    for name, data in files.items(): (folder / name).write_bytes(data)
    return [folder / name for name in files]


def main():
    p = argparse.ArgumentParser(description='Build the static edition of the explorer: plain files, no server.')
    p.add_argument('folder', type=Path, help='where to write it (for example site/)')
    p.add_argument('--train-url', help='the address of a Gradio app where a reader can train a model (optional)')
    args = p.parse_args()
    written = build(args.folder, train_url=args.train_url)
    total = sum(path.stat().st_size for path in written)
    models = sum(path.stat().st_size for path in written if path.parent.name == 'models')
    print(f'{args.folder}: {len(written)} files, {total / 1e6:.2f} MB, of which the models {models / 1e6:.2f} MB')
    whole = 'the whole library (after `npm ci` the cartesian build, and the page opens sooner)'
    print(f'plotly.js: {"the cartesian build" if plotly_js() == PLOTLY_CARTESIAN else whole}')


if __name__ == '__main__':
    main()
