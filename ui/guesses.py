"""What the model guessed at every token of the prefix, before seeing it: where did it get confused?"""
import gradio as gr

from lm import plots
from lm.explain import guesses
from lm.explorer import Explorer
from ui.texts import percent
from ui.view import View, tab
from ui.widgets import Labels

GUESS_TOKENS = 48              # the last tokens shown: a strip that still reads on a projector


class GuessesView(View):
    name = 'guesses'

    def __init__(self, explorer: Explorer, words: Labels):
        self.explorer = explorer
        with tab(self.name, words('guesses.tab')) as self.tab:
            gr.Markdown(words('guesses.explain'))

    def render(self, e):
        if not e.tokens: return {}
        ck, vocab = self.explorer.checkpoint(e.model_id), self.explorer.corpus.vocab
        found = guesses(ck.model, ck.variant, self.explorer.corpus.encode(e.tokens),
                        self.explorer.text_states(e.model_id, e.tokens))
        if not found: return dict(text=e.say('guesses.none', variant=e.model_id))
        right = sum(g.right for g in found)
        caption = e.say('guesses.score', variant=e.model_id, right=right, n=len(found),
                        share=percent(right / len(found)))
        if len(found) > GUESS_TOKENS: caption += e.say('guesses.window', n=GUESS_TOKENS)
        columns = [(vocab[g.token], [(vocab[i], p) for i, p in g.top], g.right) for g in found[-GUESS_TOKENS:]]
        return dict(html=plots.guesses_html(columns, caption))
