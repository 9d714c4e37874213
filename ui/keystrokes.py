"""The keystroke loop in the browser: the page hands its keystrokes to ui/static/keystrokes.js, which draws the first
screen and Hidden states from the models in the reader's own browser, and asks the server only for what it cannot
draw (a model trained in the page, the other tabs once the text has settled).

    browser = InBrowser(explorer);  launch(head=browser.head())

Each model reaches the browser as its bundle (lm.bundle), written beside the checkpoints when missing or out of date
(in bundles/, or for another folder of checkpoints, LM_CHECKPOINTS, in a bundles/ inside it), and served by the app
with ui/static/ (gr.set_static_paths). `facts.json`, beside them, tells the browser what it needs once: the words of
ui.words in every language, and each model's files, hash and description.

Each event of the page that the browser draws is an event with no server function (`js` alone): its answer is the
components' new values. What it cannot draw, it asks the server for by clicking a hidden button of `asks`, whose
handler is the page's handler of that same event, as before; the line `note` then says why.
"""
import hashlib
import json
from pathlib import Path

import gradio as gr

from lm import bundle
from lm.checkpoints import write_atomically
from lm.explorer import Explorer
from lm.models import VARIANTS
from ui import texts
from ui.words import LANGUAGES, say

STATIC = Path(__file__).resolve().parent / 'static'
SETTLED_MS = 300            # the tab in view, if the server draws it, asks once the text has settled this long


def up_to_date(json_path: Path, sha256: str) -> bool:
    "A bundle written from these weights, in the format lm.bundle writes now."
    try: meta = json.loads(json_path.read_text())
    except (OSError, ValueError): return False
    return meta.get('weights_sha256') == sha256 and meta.get('format') == bundle.FORMAT and \
        json_path.with_suffix('.bin').exists()


def url(path: Path) -> str:
    "A file the app serves, as the page asks for it (relative to the page), with its content's hash for the cache."
    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
    return f'gradio_api/file={path.resolve()}?v={digest}'


class InBrowser:
    def __init__(self, explorer: Explorer, folder: Path | None = None):
        "folder: where the bundles go; by default beside the shipped checkpoints, or inside another folder of them."
        self.explorer = explorer
        self.folder = Path(folder) if folder else bundle.folder_for(explorer.directory)
        gr.set_static_paths([STATIC, self.folder])

    def prepare(self) -> Path:
        "Write the bundles that are out of date, and facts.json; returns the path of facts.json."
        path = self.folder / 'facts.json'
        write_atomically(path, (json.dumps(self.facts(), ensure_ascii=False, sort_keys=True) + '\n').encode())
        return path

    def facts(self, address=url) -> dict:
        """What the browser needs once: the words, the size of the vocabulary, and each shipped model that loaded: its
        bundle's files (by their `address`), the hash of its weights and its description in every language. Writes a
        bundle again where it is out of date."""
        models = {}
        for model_id in VARIANTS:
            ck = self.explorer.loaded(model_id)
            if ck is None: continue
            json_path, bin_path = bundle.paths(model_id, self.folder)
            if not up_to_date(json_path, ck.meta['weights_sha256']): bundle.write(self.explorer, model_id, self.folder)
            models[model_id] = dict(json=address(json_path), bin=address(bin_path), sha256=ck.meta['weights_sha256'],
                                    info={lang: texts.model_info(ck.variant, ck.accuracy, lang) for lang in LANGUAGES})
        return dict(models=models, words=LANGUAGES, vocab_size=len(self.explorer.corpus.vocab))

    def head(self) -> str:
        """What the page's <head> adds: keystrokes.js started as the page opens, and `lmKeystroke`, which the page's
        events call (see `js`). If the module cannot start, every event goes to the server, and `note` says so."""
        failed = {lang: say('browser.failed', lang, reason='{reason}') for lang in LANGUAGES}
        return f"""<script>
window.lmKeystrokes = import(new URL({json.dumps(url(STATIC / 'keystrokes.js'))}, document.baseURI).href)
  .then(m => m.start(new URL({json.dumps(url(self.prepare()))}, document.baseURI).href).then(k => [m, k]))
  .catch(e => {{ console.warn('The models cannot run in this browser:', e); return [null, String(e.message || e)]; }});
window.lmKeystroke = async (event, names, values, outputs) => {{
  const [m, k] = await window.lmKeystrokes;
  const given = Object.fromEntries(names.map((name, i) => [name, values[i]]));
  const lang = given.language in {json.dumps(failed)} ? given.language : 'en';
  let out = m ? k.handle(event, given) : null;
  if (out === null || out === m.ASK) {{
    document.getElementById('ask-' + event.replace('.', '-'))?.click();     // (Hidden states: asked with the text)
    out = {{note: m ? k.note(given.model, lang) : {json.dumps(failed)}[lang].replace('{{reason}}', k)}};
  }} else out = {{note: '', ...out}};
  return outputs.map(name => out[name]);
}};
</script>"""

    def js(self, event: str, inputs: list[str], outputs: list[str]) -> str:
        "The `js` of a page's event that the browser draws: its inputs and outputs by name, in the event's order."
        return f"(...values) => window.lmKeystroke({event!r}, {json.dumps(inputs)}, values, {json.dumps(outputs)})"
