"""The sentences around the figures, decided from plain data: what a model is and how it reads the prefix, what
the status line says, the verdict on the next token, the label of a continuation. No Gradio here: the tests
call these functions, and every word comes from `ui.words`.
"""
import re

from lm.data import most_common_target
from lm.inference import counting_continuation
from lm.models import Variant
from lm.prefix import UnfinishedWord
from ui.words import problem as said
from ui.words import say


def percent(p: float) -> str: return f"{p:.1%}"


def shown(tokens, limit: int = 8) -> str:
    "The end of a prefix, short enough for a title: '… seven thousand three hundred thirteen .'."
    tokens = list(tokens)
    return ' '.join(tokens) if len(tokens) <= limit else '… ' + ' '.join(tokens[-limit:])


def model_choice(model_id: str, accuracy: float | None) -> str:
    "The model's name in the list, with its validation accuracy ('LMModel7: 89.0%'), or a cross when unavailable."
    return f'{model_id}: {percent(accuracy)}' if accuracy is not None else f'{model_id}: ✗'


def how_it_reads(v: Variant, lang: str = 'en') -> str:
    "What a variant does with the prefix."
    if v.reads_last: return say('reads.last', lang, n=v.reads_last)
    return say('reads.all', lang) + (' ' + say('reads.every_third', lang) if v.trained_every_third else '')


def model_info(v: Variant, accuracy: float, lang: str = 'en') -> str:
    "What the model is, how good, and how it reads the prefix: the same for every prefix."
    baseline, share = most_common_target()
    return '  \n'.join([say('info.model', lang, variant=v.id, description=say(f'description.{v.id}', lang)),
                        say('info.accuracy', lang, accuracy=percent(accuracy), baseline=baseline,
                            baseline_share=percent(share)),
                        how_it_reads(v, lang)])


def whole_group(number: str) -> str:
    "A number being typed after its thousands separator, its last group filled to three digits: '7,31' -> '7,310'."
    return number + '0' * (3 - len(re.split(r'[.,]', number)[-1]))


def status(text: str, partial: str, completions, problem: Exception | None, shown_tokens, lang: str = 'en') -> str:
    """The line above the figures: where to start, a word being typed, or what is wrong. When the figures do not
    belong to the text (a problem), it says which prefix they show, in an element the page greys them by."""
    if isinstance(problem, UnfinishedWord):
        line = say('status.editing', lang, word=problem.word, completions=', '.join(problem.completions))
    elif problem is not None: line = say('status.error', lang, message=said(problem, lang))
    elif not text.strip(): return say('status.start', lang)
    elif partial and not completions:
        line = say('status.typing_number', lang, word=partial, whole=whole_group(partial))
    elif partial: line = say('status.typing', lang, word=partial, completions=', '.join(completions))
    else: return ''
    if problem is None: return line
    stale = (say('status.stale', lang, shown=shown(shown_tokens)) if shown_tokens
             else say('status.stale_empty', lang))
    return f'{line}\n\n<div class="lm-stale">{stale}</div>'


def next_heading(v: Variant, tokens, top: str, top_prob: float, temperature: float, top_k: int, vocab_size: int,
                 lang: str = 'en') -> str:
    """Above the chart: after which prefix, the most likely token, what true counting says, whether the prefix fits
    how the model was trained, and how the bars are re-shaped, if they are."""
    expected = counting_continuation(list(tokens), 1)
    lines = [say('next.top', lang, token=top, prob=percent(top_prob))]
    if expected: lines[0] += ' ' + say('next.agrees' if expected[0] == top else 'next.counting_says', lang,
                                       token=expected[0])
    if v.trained_every_third:
        lines.append(say('next.every_third', lang, n_tokens=say('n_tokens', lang, n=len(tokens)), variant=v.id,
                         fits=say('reads.fits' if len(tokens) % 3 == 0 else 'reads.misfits', lang)))
    if temperature == 0: lines.append(say('next.greedy', lang, token=top))
    elif temperature != 1 or top_k < vocab_size:
        how = [say('next.how_temperature', lang, temperature=f'{temperature:g}')] if temperature != 1 else []
        how += [say('next.how_top_k', lang, top_k=top_k)] if top_k < vocab_size else []
        lines.append(say('next.reshaped', lang, how=say('next.and', lang).join(how)))
    return f"### {say('next.heading', lang, shown=shown(tokens))}\n" + '  \n'.join(lines)


def clamped(control: str, value, lo, hi, default, lang: str = 'en'):
    "A number box's value brought into its range, and a note when it had to be (None when it was in range)."
    if not isinstance(value, (int, float)) or value != value:                   # an empty box, or NaN
        return default, say('settings.empty', lang, control=control, lo=lo, hi=hi, default=default)
    fixed = min(max(value, lo), hi)
    note = None if fixed == value else say('settings.clamped', lang, control=control, lo=lo, hi=hi, value=value,
                                           clamped=fixed)
    return fixed, note


def continuation_label(model_id: str, tokens, sampled: bool, temperature: float, top_k: int,
                       lang: str = 'en') -> str:
    how = (say('continue.made_sampled', lang, temperature=f'{temperature:g}', top_k=top_k) if sampled
           else say('continue.made_greedy', lang))
    return say('continue.made_by', lang, variant=model_id, how=how, shown=shown(tokens))


def continuation_note(generated, expected, matched: int | None, lang: str = 'en') -> str:
    if expected is None: return say('continue.no_counting', lang)
    if matched == len(generated): return say('continue.all_follow', lang, n=len(generated))
    wanted = f"'{expected[matched]}'" if matched < len(expected) else say('continue.text_end', lang)
    return say('continue.departs', lang, position=matched + 1, token=generated[matched], wanted=wanted)



# ----- training in the page -----

FASTAI_COLUMNS = ('epoch', 'train_loss', 'valid_loss', 'accuracy', 'time')     # fastai prints them in English


def epoch_table(rows) -> str:
    "The epochs trained so far (lm.live.Epoch), as fastai prints its table after each epoch."
    lines = ['| ' + ' | '.join(FASTAI_COLUMNS) + ' |', '|' + '---|' * len(FASTAI_COLUMNS)]
    for r in rows:
        minutes, seconds = divmod(round(r.seconds), 60)
        lines.append(f'| {r.epoch} | {r.train_loss:.6f} | {r.valid_loss:.6f} | {r.accuracy:.6f} | '
                     f'{minutes:02d}:{seconds:02d} |')
    return '\n'.join(lines)


def progress_html(epoch: int, epochs: int, batch: int, batches: int, lang: str = 'en') -> str:
    "A bar of the whole run, and where it is: 'epoch 3 of 15, batch 20 of 49'."
    done = (epoch + batch / batches) / epochs
    words = say('train.progress', lang, epoch=epoch + 1, epochs=epochs, batch=batch, batches=batches)
    return (f'<div class="lm-progress" role="progressbar" aria-valuenow="{done * 100:.0f}" aria-valuemin="0" '
            f'aria-valuemax="100"><div style="width: {done:.1%}"></div></div><div>{words}</div>')


def coverage(train: range, valid: range, lang: str = 'en') -> str:
    "Which numbers the training part of the text covers, and what that means for the numbers from 9000 on."
    line = say('train.coverage', lang, first=train[0], last=train[-1], valid_first=valid[0], valid_last=valid[-1])
    if train[-1] < 9000 <= valid[-1]: return line + ' ' + say('train.no_nine_thousand', lang)
    if train[-1] >= 9000 and valid[-1] >= 9000: return line + ' ' + say('train.nine_thousand', lang)
    return line


def attention_last(token: str, share: float, sentinel: float, lang: str = 'en') -> str:
    """Where the pointer looks after the last token: the token it copies most, or its own guess when that weighs
    more; 'copies mostly' a token at 0% would not be true."""
    share, sentinel, own = f'{share:.0%}', f'{sentinel:.0%}', sentinel > share
    if share == '0%': return say('attention.last_none', lang, sentinel=sentinel)
    return say('attention.last_own' if own else 'attention.last', lang, token=token, share=share, sentinel=sentinel)


def nine_thousand(nine_thousand: tuple[int, int], thousand_after_nine: tuple[int, int], lang: str = 'en') -> str:
    "How a trained model does at the start of the validation's numbers from 9000 on (lm.failures)."
    (nine, nine_wrong), (after, after_wrong) = nine_thousand, thousand_after_nine
    if not nine: return say('train.no_nine_positions', lang)
    return say('train.nine', lang, nine_right=nine - nine_wrong, nine=nine, after_right=after - after_wrong,
               after=after)
