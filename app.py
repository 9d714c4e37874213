"""Human Numbers LM Explorer: pick one of the language models of the fastai book's chapter 12 (or the one beyond
it), type the beginning of the count, and watch the next-token distribution and the hidden states change as you
type.

    python app.py          # serves http://127.0.0.1:7860 (GRADIO_SERVER_NAME, GRADIO_SERVER_PORT to change)

The page is built in `ui/` over the models in `lm/`; LM_CHECKPOINTS names another folder of checkpoints. Beside
the page, a JSON API for scripts (see the README).
"""
import os

# MKL may round the last bit differently depending on where a tensor lies in memory, which differs from call to
# call when requests run at once; STRICT makes every answer bit for bit what it would be alone. Set before torch.
os.environ.setdefault('MKL_CBWR', 'AUTO,STRICT')

import torch

from lm.checkpoints import CHECKPOINT_DIR
from lm.explorer import Explorer
from ui import style
from ui.page import Page

SESSIONS = 120             # sessions whose state the server keeps: two classes at once, few enough to bound memory


def main():
    torch.set_num_threads(1)     # many tiny requests at once: one thread each, not two fighting over every request
    explorer = Explorer(os.environ.get('LM_CHECKPOINTS', CHECKPOINT_DIR))
    page = Page(explorer)
    head = page.in_browser.head()        # the models for the browser, written again where out of date
    # Gradio keeps a copy of the page's components for every session (a tab, or a script's call): the most recent
    # SESSIONS are kept, the oldest forgotten, so that a Space's memory stays bounded however many come by.
    page.demo.queue(default_concurrency_limit=None).launch(theme=style.THEME, css=style.CSS, head=head,
                                                           i18n=page.labels.i18n, state_session_capacity=SESSIONS,
                                                           prevent_thread_lock=True)
    explorer.analyse_all()       # the units' analyses, in the background once the page answers
    page.demo.block_thread()


if __name__ == '__main__':
    main()
