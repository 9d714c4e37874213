"""The page's words in English. Every key here has its Spanish twin in es.py, and code that says it (tests check
both). The texts a script prints too live in lm, in English, and are taken from there: the models' descriptions
(lm.models), the properties of a position (lm.units) and what can be wrong with a prefix (lm.prefix)."""
from lm.models import VARIANTS
from lm.prefix import MESSAGES
from lm.units import PROPERTIES

ENGLISH = {
    # the page's own words
    'language': "Language",
    # the first screen
    'title': "Human Numbers LM Explorer",
    'header': "# Human Numbers LM Explorer\nThe seven small language models of the fastai book's chapter 12, one "
              "beyond it and the chapter's GRU exercise learnt to count in English words. Type the beginning of the "
              "count and watch what each one expects next.",
    **{f'description.{v.id}': v.description for v in VARIANTS.values()},
    'prefix': "Prefix: the beginning of the count",
    'prefix.info': "Words in any case, digits (7312, 7,312 or 7.312), '.' or ','. The views follow every keystroke.",
    'model': "Model, and its validation accuracy: how often its most likely next token is right",
    'temperature': "Temperature",
    'temperature.info': "1: the model's own probabilities. Below 1 sharper, above 1 flatter; "
                        "0: always the most likely.",
    'top_k': "Top-k",
    'top_k.info': "Keep only the k most likely tokens ({vocab}: all of them).",
    'examples': "Try",
    'settings.clamped': "{control} goes from {lo} to {hi}: {value} was set to {clamped}.",
    'settings.empty': "{control} needs a number from {lo} to {hi}: it was set to {default}.",

    # what the model is and how it reads the prefix
    'info.model': "**{variant}**: {description}",
    'info.accuracy': "It predicts **{accuracy}** of the next tokens of the validation text right (validation "
                     "accuracy); always answering '{baseline}' would get {baseline_share}.",
    'info.unavailable': "**{variant}** is unavailable: {reason}",
    'reads.last': "It reads **only the last {n} tokens** of the prefix; anything before them makes no difference.",
    'reads.all': "It carries its hidden state from the start of the prefix, through every token.",
    'reads.every_third': "It was trained to predict only after every third token of the text: it predicts as in "
                         "training when the prefix has a multiple of 3 tokens.",
    'reads.fits': "a multiple of 3, as in training",
    'reads.misfits': "not a multiple of 3: it never learnt to predict here",
    'n_tokens': "{n} tokens",
    'n_tokens.one': "{n} token",

    # status above the figures
    'status.start': "Type the beginning of the count, in words or digits: `one . two . three .` or `7312, 7313,`.",
    'status.typing': "✍️ '{word}' is being typed (it could become {completions}): "
                     "predicting from the tokens before it.",
    'status.typing_number': "✍️ '{word}' is being typed: a number with a thousands separator, such as '{whole}'? "
                            "For two numbers, put a space after the separator. Predicting from the tokens before it.",
    'status.editing': "✍️ '{word}' is being typed (it could become {completions}).",
    'status.error': "⚠️ {message}",
    'status.stale': "The figures below still show the last prefix that could be read, '{shown}', not the text above.",
    'status.stale_empty': "The figures below are empty until the text can be read.",
    'browser.failed': "This browser cannot run the models itself ({reason}): the server draws every keystroke, "
                      "a little slower.",
    'browser.on_server': "{model} is drawn by the server: only the shipped models run in the browser.",
    'browser.unavailable': "{model} is drawn by the server: its files did not load in this browser ({reason}).",

    # the static edition (ui/site.py): no server
    'site.loading': "Loading the models…",
    'site.plotly_missing': "This figure is drawn by plotly.js, and its file plotly.min.js did not load.",
    'site.file_missing': "its file {file} did not load",
    'site.file_damaged': "its file {file} is damaged",
    'site.model_failed': "{model} cannot be used here: {reason}. The other models work as before.",
    'site.address': "The address asks for what this page does not have ({what}): those parts open as the page "
                    "starts.",
    'site.train': "Training a model yourself needs a server: fastai's `Learner` runs in Python, in the Gradio app "
                  "(`python app.py` in the project's repository). This page runs the shipped models in your "
                  "browser, with no server at all.",
    'site.train_link': "Train a model in the app",
    'site.train_nowhere': "Ask your teacher where the app runs, or start it on your own computer with `python app.py`.",

    # what comes next
    'next.heading': "What comes next after '{shown}'",
    'next.empty': "Type a prefix to see what the model expects next",
    'next.unreadable': "Nothing to predict from until the prefix can be read: see the note under it",
    'next.top': "Most likely next token: **'{token}'** ({prob}).",
    'next.agrees': "True counting agrees.",
    'next.every_third': "This prefix has {n_tokens}: {fits}.",
    'next.counting_says': "True counting says **'{token}'**.",
    'next.greedy': "Temperature 0 always picks the most likely token, **'{token}'**, marked in orange; the bars are "
                   "the model's own probabilities.",
    'next.reshaped': "The dark bars are re-shaped by {how}; "
                     "the pale bars behind them are the model's own probabilities.",
    'next.how_temperature': "temperature {temperature}",
    'next.how_top_k': "top-k {top_k}",
    'next.and': " and ",
    'next.legend_own': "model's own",
    'next.legend_shown': "re-shaped",

    # hidden states
    'states.tab': "Hidden states",
    'states.explain': "Each column is a token of the prefix, each row a unit of the hidden state after reading it. "
                      "The units are ordered by what they respond to over the validation text, so that units that act "
                      "alike sit together, with their group named on the left; each keeps its own number. Every "
                      "quantity has a fixed colour scale (light is 0), so two prefixes or two models compare by eye. "
                      "For the LSTMs, h is what a layer passes on; c, the cell state, is its memory; the gates say how "
                      "much of c to forget, how much of the candidate (cell gate) to write, and how much of c to show "
                      "as h.",
    'states.empty': "…and the hidden states it goes through",
    'states.quantity': "Show",
    'states.layer': "Layer of the unit",
    'states.layer_name': "layer {layer} {quantity}",
    'quantity.h': "h",
    'quantity.c': "c",
    'quantity.input gate': "input gate",
    'quantity.forget gate': "forget gate",
    'quantity.cell gate': "cell gate",
    'quantity.output gate': "output gate",
    'quantity.reset gate': "reset gate",
    'quantity.update gate': "update gate",
    'figure.position': "position",
    'figure.value': "value",
    'figure.of': "of",
    'states.unit': "Unit",
    'states.unit.info': "Colours the prefix below by this unit's value, on the heatmap's scale.",
    'states.window': " (the last {n} of {total} tokens)",
    'states.legend': "{variant}, layer {layer} {quantity}, unit {unit}{window}:",
    'states.unordered': "The units are in the model's own order until their analysis over the validation text is "
                        "ready (a few seconds).",
    'unit.name': "unit {unit}",
    'unit.named': "unit {unit} · {label}",

    # find the unit
    'find.label': "Find the unit that tracks…",
    'find.info': "Ranks every unit by how well its value tells the positions where this holds from the others, over "
                 "the validation text.",
    'find.none': "(choose a property)",
    'find.explain': "The score is the ROC AUC of the unit's value as a detector of the property over the validation "
                    "text: 1.00 when the unit is higher at every position where it holds than at every other, 0.00 "
                    "when it is lower (it switches off for it, which is as telling), 0.50 when it says nothing. The "
                    "best units are framed in orange in the heatmap, and the prefix is coloured by the best one.",
    'find.table': "| rank | layer | quantity | unit | score (AUC) | when it holds, the unit is |\n"
                  "|---|---|---|---|---|---|",
    'find.row': "| {rank} | {layer} | {quantity} | {unit} | {auc} | {fires} |",
    'find.higher': "higher",
    'find.lower': "lower",
    'property.read_dot': "just read '.'",
    'property.read_thousand': "just read 'thousand'",
    'property.read_hundred': "just read 'hundred'",
    'property.next_dot': "next is '.'",
    'property.thousands_word': "thousands word",
    'property.hundreds_word': "hundreds word",
    'property.tens_word': "tens word",
    'property.units_word': "units word",
    **{f'property.{p}.long': text for p, text in PROPERTIES.items()},

    # which units decided, and switching them off
    'decided.tab': "Units that decided",
    'decided.explain': "The last layer's score (logit) for a token is a sum over its units: each unit's value times "
                       "its output weight for that token, plus a bias. The bars are the units that pushed the "
                       "predicted token up the most, with what each one tracks where it has a clear meaning.\n\n"
                       "**Switch units off**: the causal test of what a unit means. Hold its output at 0 from a "
                       "position of the prefix on, run the model again, and see how the next token changes. "
                       "Pale bars: unchanged; dark bars: with the units off.",
    'decided.title': "Why '{token}'? Its logit {logit} is the bias {bias} plus {n_units} units of layer {layer}; "
                     "these {n} give {share} of it.",
    'decided.axis': "share of the logit (value × weight)",
    'decided.pointer': "LMModel8 mixes a copy of earlier tokens (see *Attention*) with its LSTM's own guess: the bars "
                       "are the votes for its own guess, before the mix.",
    'off.layer': "Layer",
    'off.units': "Units to switch off",
    'off.units.info': "Start with the top voters above, or with the units found for a property in Hidden states.",
    'off.from': "Switched off",
    'off.from.last': "at the last token: for the prediction only",
    'off.from.start': "from the start of the prefix",
    'off.use_voters': "The top 3 voters",
    'off.use_found': "The units found for the property",
    'off.none': "Pick one or more units to switch off.",
    'off.result': "With {units} of layer {layer} off from position {start} ('{token}'), the most likely next token "
                  "goes from **'{before}'** ({before_prob}) to **'{after}'** ({after_prob}).",
    'off.result_same': "With {units} of layer {layer} off from position {start} ('{token}'), the most likely next "
                       "token stays **'{before}'**: {before_prob} before, {after_prob} after.",
    'off.legend_before': "unchanged",
    'off.legend_after': "units off",

    # the state as a path
    'path.tab': "State path",
    'path.explain': "Each layer's hidden state has {n_units} numbers; this map shows the two directions along which "
                    "it varies most over the validation text (a PCA, fitted once). The faint cloud is the validation "
                    "text, coloured by the kind of position; the line is your prefix, one point per token. Counting "
                    "is a cycle: watch the state go round it with each number.",
    'path.layer': "Layer",
    'path.axis': "direction {n} ({share} of the variance)",
    'path.pending': "Fitting the map of {variant}'s states over the validation text (a few seconds)…",
    'kind.thousands_word': "thousands word",
    'kind.thousand': "'thousand'",
    'kind.hundreds_word': "hundreds word",
    'kind.hundred': "'hundred'",
    'kind.tens_word': "tens word",
    'kind.units_word': "units word",
    'kind..': "'.'",

    # all eight side by side
    'compare.tab': "Side by side",
    'compare.explain': "The same prefix through every model: what each expects next, and, when the prefix is true "
                       "counting, the probability it gives to the right next token. The chapter's lessons in one "
                       "table: state helps (LMModel3 against LMModel2), depth alone does not (LMModel5), gates do "
                       "(LMModel6), regularization more (LMModel7), and none of the book's can start 'nine thousand', "
                       "which LMModel8's pointer copies from the number before; the chapter's GRU exercise (LMModel9) "
                       "does better than the LSTM it replaces.\n\n"
                       "Below, two models' hidden states (h) side by side, on the same prefix:",
    'compare.true_next': "True counting says the next token is **'{token}'**.",
    'compare.no_true_next': "The prefix does not end in true counting, so there is no right answer to score.",
    'compare.table': "| model | validation accuracy | it expects | probability of '{token}' | right? |\n"
                     "|---|---|---|---|---|",
    'compare.table_plain': "| model | validation accuracy | it expects |\n|---|---|---|",
    'compare.row': "| {variant} | {accuracy} | {top} | {true_prob} | {right} |",
    'compare.row_plain': "| {variant} | {accuracy} | {top} |",
    'compare.row_problem': "| {variant} | {accuracy} | {problem} |",
    'compare.right': "✅ right",
    'compare.wrong': "❌ wrong",
    'compare.left': "Left",
    'compare.right_model': "Right",

    # what it guessed at every token
    'guesses.tab': "Guesses",
    'guesses.explain': "Under each token of the prefix, the model's three best guesses at that position, before it "
                       "saw the token: the darker, the more likely. A red edge marks a position where its first guess "
                       "was wrong; the right token, when it was among the guesses, has a green edge. Try "
                       "`8998 . 8999 . 9000 . 9001 .` and look at the start of each number of 9000 or more.",
    'guesses.score': "{variant} guessed {right} of the {n} tokens it predicted right ({share}).",
    'guesses.window': " (the last {n} tokens are shown)",
    'guesses.none': "The prefix is too short for {variant} to have guessed any of its tokens.",

    # what it looked at, and layer by layer
    'looked.tab': "Looked at",
    'looked.explain': "How much each token of the prefix mattered to the prediction: the size of the gradient of the "
                      "predicted token's log-probability with respect to the token's embedding. Darker: a small "
                      "change of that token would change the prediction more.",
    'looked.legend': "How much it mattered to '{token}':",
    'looked.lens': "Layer by layer",
    'looked.lens_explain': "What the first layer alone would predict, if the output head read its state (a 'logit "
                           "lens'), next to the real prediction of the whole model. Pale: layer 1 alone; dark: the "
                           "model.",
    'looked.lens_one_layer': "{variant} has one layer: there is nothing to compare it with.",
    'looked.lens_result': "Layer 1 alone would say **'{first}'** ({first_prob}); with layer 2, the model says "
                          "**'{last}'** ({last_prob}).",
    'looked.legend_first': "layer 1 alone",
    'looked.legend_last': "the whole model",

    # where it fails
    'failures.tab': "Failures",
    'failures.explain': "The shipped checkpoint on the whole validation set, the same batches training measured: how "
                        "often it is right for each kind of position, what it says instead, and how it does along the "
                        "count. Computed once per model.",
    'failures.headline': "On the validation set, {variant} predicts **{correct:,}** of its **{count:,}** targets "
                         "right: **{accuracy}**, its recorded validation accuracy.",
    'failures.nine': "**The 'nine thousand' failure.** No number of 9000 or more is in the training part of the text. "
                     "At the start of each of them the model should say 'nine': it misses **{nine_wrong} of {nine}**. "
                     "Yet the 'thousand' after that 'nine' it gets wrong only **{after_wrong} of {after}** times.",
    'failures.by_kind': "Accuracy by kind of position",
    'failures.by_hundred': "Accuracy by hundred of the count (8000: the numbers 8000 to 8099)",
    'failures.training_ends': "no number from here on was in training",
    'failures.confusions': "| kind of position | targets | right | most frequent mistakes |\n|---|---|---|---|",
    'failures.confusion_row': "| {kind} | {count:,} | {accuracy} | {confusions} |",
    'failures.confusion': "'{target}' → '{predicted}' ({n})",
    'failures.pending': "Measuring {variant} on the whole validation set (a few seconds)…",
    'failures.two': "#### Two architectures, two failures\nAt the start of each number from 9000 on, a model must say "
                    "'nine' after '.', then 'thousand' after that 'nine'. The LSTMs fail at the first: they never saw "
                    "'nine' begin a four-word number. A plain transformer, measured in this project's research, fails "
                    "at the second: attention copies 'nine' from the number before, but after it answers what 'nine' "
                    "was followed by in training ('hundred', '.'). LMModel8's pointer gets both right.",
    'failures.two_table': "| model | '.' → 'nine': wrong | 'nine' → 'thousand': wrong | validation accuracy |\n"
                          "|---|---|---|---|",
    'failures.two_row': "| {variant} | {nine_wrong} of {nine} | {after_wrong} of {after} | {accuracy} |",
    'failures.axis': "accuracy",

    # the model itself
    'model.tab': "The model",
    'model.explain': "The selected model's code, as in the notebook, its training recipe and how it learnt: loss and "
                     "accuracy on the validation set after each epoch, from its checkpoint.",
    'model.recipe': "**Recipe**: {epochs} epochs of `fit_one_cycle` at a peak learning rate of {lr}, seed {seed}, on "
                    "the notebook's '{data}' batches{regularized}. Model arguments: {hparams}.",
    'model.regularized': ", with AR and TAR (TextLearner)",
    'model.cells': "### An LSTM from scratch: the notebook's two cells\nThe notebook writes the LSTM cell by hand "
                   "twice: first one `nn.Linear` per gate, then one multiplication of the input and one of h for "
                   "all four gates, cut in four (\"one big multiplication is better than four small ones\"). Either "
                   "cell in `LSTM`, in place of LMModel6's `nn.LSTM` and given its weights, computes the same "
                   "outputs. Mind the order of the gates: the second cell reads them as input, forget, output, cell; "
                   "`nn.LSTM` keeps them as input, forget, cell, output (`LSTM.from_lstm` reorders them).\n\n"
                   "**Measured**, a forward and backward pass of LMModel6's batch (64 × 16 tokens): four "
                   "`nn.Linear` {four_linears} ms, one multiplication {one_matmul} ms, `nn.LSTM` {nn_lstm} ms: the "
                   "first cell is {four_to_one}× slower than the second, which is {one_to_lstm}× slower than "
                   "`nn.LSTM` (its Python loop against PyTorch's fused kernel). On {machine}, with `{command}`.",
    'model.cells_unmeasured': "### An LSTM from scratch: the notebook's two cells\nThe notebook writes the LSTM cell "
                              "by hand twice; `python -m benchmarks.bench_cells --write` measures their speed.",
    'model.gru': "### The chapter's exercise: a GRU from scratch\nLMModel9 is LMModel6 with `GRU`, written from "
                 "scratch on `GRUCell`, in place of `nn.LSTM`; given the same weights, PyTorch's `nn.GRU` computes "
                 "the same. Trained with LMModel6's recipe:\n\n"
                 "| model | validation accuracy | parameters | training time |\n|---|---|---|---|\n{rows}\n\n"
                 "(training time as its checkpoint records it: `train.py`, one thread.)",
    'model.gru_row': "| {variant} | {accuracy} | {parameters:,} | {seconds:.1f} s |",
    'model.curves_epoch': "epoch",
    'model.curves_loss': "loss (cross-entropy)",
    'model.curves_accuracy': "validation accuracy",
    'model.train_loss': "training loss",
    'model.valid_loss': "validation loss",
    'model.accuracy': "validation accuracy",

    # where LMModel8 looks
    'attention.tab': "Attention",
    'attention.explain': "LMModel8 adds a pointer to an LSTM: at each position it looks back over the last 32 tokens, "
                         "and can copy the token that came after a moment like this one, instead of trusting its own "
                         "guess. Each row is a position of the prefix (after reading its token), each column a token "
                         "it may copy; the last column is the share it leaves to the LSTM's own guess (the sentinel). "
                         "On a count, it looks at the same place in the previous number: that is how it starts 'nine "
                         "thousand', a thousands word it never saw at the start of a number in training.",
    'attention.none': "{variant} has no attention: only LMModel8 points at earlier tokens. Choose LMModel8 to see it.",
    'attention.last': "After the last token, it copies mostly '{token}' ({share}), and leaves {sentinel} to its own "
                      "guess.",
    'attention.last_own': "After the last token, it leaves {sentinel} to its own guess; of the tokens it may copy, "
                          "'{token}' gets the most ({share}).",
    'attention.last_none': "After the last token, it leaves {sentinel} to its own guess and copies no token.",
    'attention.sentinel': "own guess",
    'attention.x': "the token it may copy",
    'attention.y': "after reading",

    # letting the model continue
    'continue.tab': "Continue",
    'continue.explain': "### Let the model continue\nThe model writes on from the prefix, one token at a time, each "
                        "time reading what it wrote. Green follows true counting, red is where it departs.",
    'continue.n_tokens': "Tokens to write",
    'continue.mode': "How to choose each token",
    'continue.greedy': "the most likely",
    'continue.sample': "sample with the temperature and top-k above",
    'continue.button': "Write",
    'continue.made_by': "{variant}, {how}, after '{shown}':",
    'continue.made_greedy': "the most likely token each time",
    'continue.made_sampled': "sampled at temperature {temperature}, top-k {top_k}",
    'continue.empty': "Type a prefix first: Write continues it.",
    'continue.stale': "Made for other settings than those above: press Write again for these.",
    'continue.all_follow': "All {n} tokens follow true counting.",
    'continue.departs': "Departs from counting at token {position}: '{token}' where counting says {wanted}.",
    'continue.text_end': "the end of the text (9999)",
    'continue.no_counting': "The prefix does not end in counting (a number then '.'), "
                            "so there is nothing to compare with.",

    # the step control, under the prefix
    'step.back': "◀ Back one token",
    'step.forward': "Step one token ▶",
    'step.not_counting': "Step follows true counting: the prefix must end in counting (a number, then '.'), such as "
                         "'one . two .'.",
    'step.text_end': "The count ends at 9999: there is no next token to step to.",
    'step.unreadable': "⚠️ Step needs a prefix it can read: {message}",

    # lessons
    'lessons': "Lessons",
    'lessons.info': "One click sets the model, the prefix and the view of each lesson of the chapter.",
    'lesson.baseline': "1. The baseline",
    'lesson.baseline.text': "**The baseline.** Always answering 'thousand' is right 15.2% of the time on the "
                            "validation text: the score any model must beat. LMModel1 reads three tokens and gets "
                            "49.5%. In *Failures*, see what it gets right ('thousand', 'hundred', '.') "
                            "and what it cannot know.",
    'lesson.three_tokens': "2. Three tokens are not enough",
    'lesson.three_tokens.text': "**Three tokens are not enough.** LMModel1 sees only 'three hundred': it cannot know "
                                "that this is 7300. In *Guesses*, look at its guesses at the start of each "
                                "number, where what comes next was said tokens ago.",
    'lesson.state': "3. State helps",
    'lesson.state.text': "**State helps.** LMModel2 forgets everything after three tokens; LMModel3 carries its hidden "
                         "state from one chunk to the next (57.5% against 46.2%). In *Side by side*, compare their "
                         "expectations, and their hidden states side by side.",
    'lesson.every_token': "4. Predicting after every token",
    'lesson.every_token.text': "**Predicting after every token.** LMModel4 learns from a prediction after each token "
                               "of 16-token sequences, sixteen times the signal of LMModel3. In *Guesses*, see "
                               "that it guesses well at every position, not only every third.",
    'lesson.depth': "5. Depth alone does not help",
    'lesson.depth.text': "**Depth alone does not help.** LMModel5 stacks two RNN layers and does worse than one "
                         "(52.9% against 62.8%): a deeper RNN is harder to train. In *Side by side*, "
                         "compare LMModel4 and LMModel5 on the same prefix.",
    'lesson.gates': "6. Gates",
    'lesson.gates.text': "**Gates.** LMModel6 is an LSTM: its forget gate decides how much of the cell state c to keep "
                         "at each token. In *Hidden states*, watch the forget gate (light: forget, dark: keep) around "
                         "'.' and 'thousand'.",
    'lesson.regularization': "7. Regularization",
    'lesson.regularization.text': "**Regularization.** LMModel7 adds dropout, weight tying and AR/TAR to the LSTM: "
                                  "89.0% against 67.2%. Its units mean something: in *Hidden states*, "
                                  "the unit found for 'a number ends next' fires right before each '.'.",
    'lesson.gru': "10. The chapter's exercise: a GRU",
    'lesson.gru.text': "**The chapter's exercise: a GRU.** LMModel9 replaces LMModel6's LSTM by a GRU written by "
                       "hand: two gates and no cell state, and it does better (81.3% against 67.2%). In *Hidden "
                       "states*, watch its update gate (dark: keep h, light: take the new candidate) around '.' and "
                       "'thousand'; *The model* shows its code and how it compares.",
    'lesson.nine_thousand': "8. The 'nine thousand' failure",
    'lesson.pointer': "9. Beyond the book: past 9000",
    'lesson.pointer.text': "**Beyond the book: past 9000.** LMModel8 adds a pointer to the LSTM: it can copy a token "
                           "from the last 32. In *Attention*, see where it looks after each '.': at the first word of "
                           "the number before. It gets 98.1% of the validation text right, and starts 'nine thousand'.",
    'lesson.nine_thousand.text': "**The 'nine thousand' failure.** No number of 9000 or more is in the training text. "
                                 "After 8999 the models cannot start 'nine thousand': see the chart, then "
                                 "*Failures*, where LMModel7 misses the 'nine' of 848 of the 951 numbers from 9000 on.",

    # presentation mode
    'present': "Presentation mode",
    'present.info': "Large type, only the essentials, and the prediction hidden until you reveal it: the class guesses "
                    "first.",
    'present.reveal': "Reveal the prediction",
    'present.guess': "What comes next? Guess first, then reveal.",

    # export
    'export.tab': "Export",
    'export.explain': "Take the view with you. The hidden states on screen as a table (CSV: one row per token, layer "
                      "and quantity, one column per unit); and the selected model's two checkpoint files, as "
                      "`train.py` writes them.",
    'export.csv': "Download the hidden states (CSV)",
    'export.checkpoint': "Download the model's checkpoint files",
    'export.files': "Files",

    'about.panel': "About these models",
    'about.text': """
### What you are looking at
HUMAN_NUMBERS is the count in English words, one number after the other, separated by ' . ':
`one . two . three . … nine thousand nine hundred ninety nine`. It has {vocab} different tokens. It leaves out
8000: fastai ships the count as two files, 1 to 7999 and 8001 to 9999.

The text is cut at 80%, inside 8084: the models learn from the count before the cut and are validated on the rest;
their **validation accuracy** is how often their most likely next token is the right one there. Read in batches of
whole streams, LMModel3 to LMModel9 leave out the last items of each part. LMModel1 and LMModel2 train on 1 to
{three_train} and validate on {three_first} to {three_last}; LMModel3, 1 to {order_train} and {order_first} to
{order_last}; LMModel4 to LMModel9, 1 to {seq_train} and {seq_first} to {seq_last}. No number of 9000 or more is in
the training part.

The seven models are those of chapter 12 of the fastai book, *A language model from scratch*, each adding one idea:
LMModel1 reads three tokens with one layer reused for each; LMModel2 writes it as a loop (an RNN); LMModel3 keeps
its hidden state from one chunk to the next; LMModel4 predicts after every token; LMModel5 stacks two RNN layers;
LMModel6 is an LSTM; LMModel7 regularizes it (dropout, weight tying, AR and TAR), as AWD-LSTM does. LMModel8 goes
beyond the book: a pointer on the LSTM, attention that copies a token from the last 32. LMModel9 is the chapter's
exercise: LMModel6 with a GRU written from scratch in place of its LSTM (two gates, no cell state).

**The baseline.** Always answering '{baseline}' is right {baseline_share} of the time on the validation text: the
score any model must beat.

**Where they fail.** After '.' at 8999 the book's models have never seen 'nine thousand' begin: try `8998 . 8999 .`
and look at the next token. LMModel8 copies 'nine' from the number before, once it has one to copy from.

**Temperature and top-k** re-shape the same prediction: below 1 sharper, above 1 flatter; top-k keeps only the k
most likely tokens. Temperature 0 is greedy: always the most likely token.
""",

    # training in the page (ui/training.py)
    'train.tab': "Train",
    'train.explain': "Train a model yourself, with the same code as `train.py` (fastai's `Learner` and "
                     "`fit_one_cycle`). Pick a model, change one thing (the epochs, the learning rate, the seed, the "
                     "hidden size or the share of the text that trains), press **Train** and watch it learn: the bar, "
                     "fastai's table and the curves grow after every epoch. When it ends, explore it in every tab next "
                     "to the shipped one, replay how it learnt with the slider below, or download it.\n\n"
                     "The open question of the chapter: no number of 9000 or more is in the notebook's training part. "
                     "Train LMModel7 on a share of 0.92 or more, and see whether it learns to say 'nine' at the start "
                     "of the numbers from 9000 on.",
    'train.limits': "One training runs at a time on this server; others wait their turn, and see their place. At most "
                    "{epochs} epochs and {seconds} s of training per run: past that it stops, keeping the epochs done. "
                    "Your model lasts as long as this page stays open.",
    'train.variant': "Model to train",
    'train.epochs': "Epochs",
    'train.lr': "Peak learning rate",
    'train.seed': "Seed",
    'train.n_hidden': "Hidden size",
    'train.train_share': "Share of the text that trains",
    'train.train_share.info': "The notebook trains on the first 80% of the count and validates on the rest.",
    'train.train': "Train",
    'train.stop': "Stop",
    'train.explore': "Explore my model, next to the shipped one",
    'train.download': "Download my model's checkpoint files",
    'train.files': "Files",
    'train.replay': "Replay: the model after this many epochs",
    'train.replay.info': "0 is before training (random weights). Under the tabs: its prediction and its hidden "
                         "states for the prefix, epoch by epoch.",
    'train.coverage': "The training part reads the numbers {first} to {last}; the validation part {valid_first} to "
                      "{valid_last}.",
    'train.no_nine_thousand': "No number of 9000 or more is in training: will it say 'nine' at the start of 9000?",
    'train.nine_thousand': "Training reads numbers from 9000 on: does 'nine' at the start of the validation's numbers "
                           "become right?",
    'train.no_nine_positions': "Its validation part holds no number from 9000 on.",
    'train.nine': "At the start of the validation's numbers from 9000 on, it says 'nine' right at **{nine_right} of "
                  "{nine}** positions, and the 'thousand' after that 'nine' at **{after_right} of {after}**.",
    'train.progress': "Epoch {epoch} of {epochs}: batch {batch} of {batches}",
    'train.bad': "Cannot train with that {setting}: it must be {allowed}.",
    'train.already': "Your training is still running: stop it first, or wait for it to end.",
    'train.submitted': "Starting the training…",
    'train.queued': "Waiting: {n} trainings are ahead of yours.",
    'train.queued.one': "Waiting: yours is next, after the training running now.",
    'train.started': "Training {variant} for {epochs} epochs…",
    'train.nothing_to_stop': "No training of yours is running.",
    'train.stopping': "Stopping after the current batch…",
    'train.failed': "The training failed: {message}",
    'train.stopped_empty.stopped': "Stopped before the first epoch ended: there is no model to keep.",
    'train.stopped_empty.time limit': "The time limit came before the first epoch ended: there is no model to keep.",
    'train.stopped_empty.cancelled': "Cancelled while waiting.",
    'train.stopped.stopped': "Stopped after {epochs} epochs, keeping them.",
    'train.stopped.time limit': "The time limit stopped it after {epochs} epochs, keeping them.",
    'train.done': "**{model}**: {epochs} epochs in {seconds} s, validation accuracy **{accuracy}** (the shipped "
                  "{variant}: {shipped}). It is in the list of models now: explore it in every tab.",
    'train.no_model': "Train a model in this tab: how it learnt, epoch by epoch, appears here.",
    'train.replay_empty': "Type a prefix to replay how your model read it, epoch by epoch.",
    'train.untrained': "random weights",
    'train.replay_text': "**{model}** after **{epochs}** of {total} epochs (validation accuracy: {accuracy}). After "
                         "the prefix it says '{token}' ({prob}).",
    'train.info': "**{model}**: yours, trained in this page for {epochs} epochs at a peak learning rate of {lr}, seed "
                  "{seed}, hidden size {n_hidden}, on {share} of the text.",

    # what can be wrong with what people type or choose (lm.prefix.MESSAGES)
    **{f'problem.{key}': text for key, text in MESSAGES.items()},
    'or': ' or ',
}
