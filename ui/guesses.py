"""What the model guessed at every token of the prefix, before seeing it: where did it get confused?"""
import gradio as gr

from lm import plots
from lm.explain import guesses
from lm.explorer import Explorer
from ui.texts import percent
from ui.view import View, tab
from ui.widgets import Labels
from ui.words import say

GUESS_TOKENS = 48              # the last tokens shown: a strip that still reads on a projector


class GuessesView(View):
    name = 'guesses'

    def __init__(self, explorer: Explorer, t: Labels):
        self.explorer = explorer
        with tab(self.name, t('guesses.tab')) as self.tab:
            gr.Markdown(t('guesses.explain'))

    def render(self, variant_id, tokens, values, lang):
        if not tokens: return {}
        ck, vocab = self.explorer.checkpoint(variant_id), self.explorer.corpus.vocab
        found = guesses(ck.model, ck.variant, self.explorer.corpus.encode(tokens),
                        self.explorer.text_states(variant_id, tuple(tokens)))
        if not found: return dict(text=say('guesses.none', lang, variant=variant_id))
        right = sum(g.right for g in found)
        caption = say('guesses.score', lang, variant=variant_id, right=right, n=len(found),
                      share=percent(right / len(found)))
        if len(found) > GUESS_TOKENS: caption += say('guesses.window', lang, n=GUESS_TOKENS)
        columns = [(vocab[g.token], [(vocab[i], p) for i, p in g.top], g.right) for g in found[-GUESS_TOKENS:]]
        return dict(html=plots.guesses_html(columns, caption))
