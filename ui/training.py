"""Training in the page: pick a model, change one thing, press Train and watch it learn; then explore the result in
every tab, next to the shipped one, replay how it learnt epoch by epoch, or download it.

The run goes through lm.live (the training code train.py uses, in a worker process, one run at a time for the whole
server). The model it gives belongs to the browser session that trained it: the Explorer serves it under an id of
its own (`Explorer.trained`), until the page is closed or the session trains another.
"""
import threading

import gradio as gr

from lm import plots
from lm.data import TRAIN_SHARE, numbers_covered
from lm.explorer import Explorer
from lm.inference import trace
from lm.live import (
    ENDS,
    HIDDEN_SIZES,
    MAX_EPOCHS,
    MAX_SECONDS,
    TRAIN_SHARES,
    BadArgument,
    Epoch,
    Failed,
    Progress,
    Queued,
    Run,
    Started,
    Stopped,
    Trainer,
    asked,
)
from lm.models import VARIANTS, variant
from ui import texts
from ui.compare import CompareView
from ui.model_card import history_curves
from ui.prediction import PredictionView, distribution
from ui.states import HEATMAP_TOKENS, heatmap_layers, hover_words
from ui.view import LIVE, Control, View, tab
from ui.widgets import Labels, plot_value
from ui.words import language, say

FIRST = 'LMModel7'


def bad_argument(e: BadArgument, lang: str) -> str:
    "A training refused, in the reader's language: which setting, and what it allows."
    allowed = dict(variant=', '.join(VARIANTS), epochs=f'1–{MAX_EPOCHS}', lr='0 < lr ≤ 1',
                   seed=f'0–{2 ** 32 - 1}', n_hidden=f'{HIDDEN_SIZES[0]}–{HIDDEN_SIZES[-1]}',
                   train_share=f'{TRAIN_SHARES[0]}–{TRAIN_SHARES[1]}')
    return say('train.bad', lang, setting=say(f'train.{e.argument}', lang), allowed=allowed[e.argument])


class TrainingView(View):
    name = 'train'

    def __init__(self, explorer: Explorer, trainer: Trainer, words: Labels, prediction: PredictionView,
                 compare: CompareView, serial):
        """prediction: the first screen, whose model list gains the model trained and whose language the tab
        speaks; compare: Side by side, whose two lists gain it too; serial: the page's way of running a handler."""
        self.explorer, self.trainer = explorer, trainer
        self.prediction, self.compare = prediction, compare
        self.model, self.language = prediction.model, prediction.language
        self.runs: dict[str, Run | None] = {}       # session -> its run in progress (None while it is submitted)
        self.lock = threading.Lock()                # guards runs
        recipe = variant(FIRST).recipe
        with tab(self.name, words('train.tab')) as self.tab:
            gr.Markdown(words('train.explain'))
            gr.Markdown(words('train.limits', epochs=MAX_EPOCHS, seconds=MAX_SECONDS))
            with gr.Row():
                self.variant = gr.Dropdown(list(VARIANTS), value=FIRST, label=words('train.variant'),
                                           elem_id='train-variant')
                self.epochs = gr.Slider(1, MAX_EPOCHS, value=recipe.epochs, step=1, label=words('train.epochs'),
                                        elem_id='train-epochs')
                self.lr = gr.Number(value=recipe.lr, label=words('train.lr'), elem_id='train-lr')
                self.seed = gr.Number(value=recipe.seed, precision=0, label=words('train.seed'), elem_id='train-seed')
            with gr.Row():
                self.n_hidden = gr.Slider(HIDDEN_SIZES[0], HIDDEN_SIZES[-1], value=recipe.n_hidden, step=1,
                                          label=words('train.n_hidden'), elem_id='train-n-hidden')
                self.train_share = gr.Slider(*TRAIN_SHARES, value=recipe.train_share, step=0.01,
                                             label=words('train.train_share'), info=words('train.train_share.info'),
                                             elem_id='train-share')
            self.coverage = gr.Markdown(self.coverage_of(FIRST, recipe.train_share), elem_id='train-coverage')
            with gr.Row():
                self.train = gr.Button(words('train.train'), variant='primary', elem_id='train')
                self.stop = gr.Button(words('train.stop'), variant='stop', elem_id='train-stop')
            self.status = gr.Markdown(elem_id='train-status')
            self.progress = gr.HTML(elem_id='train-progress')
            self.table = gr.Markdown(elem_id='train-table')
            self.curves = gr.Plot(show_label=False, elem_id='train-curves')
            with gr.Row():
                self.explore = gr.Button(words('train.explore'), visible=False, elem_id='train-explore')
                self.download = gr.Button(words('train.download'), visible=False, elem_id='train-download')
            self.files = gr.File(label=words('train.files'), file_count='multiple', interactive=False, visible=False,
                                 elem_id='train-files')
            self.replay = gr.Slider(0, recipe.epochs, value=recipe.epochs, step=1, label=words('train.replay'),
                                    info=words('train.replay.info'), elem_id='train-replay')
            self.mine = gr.State()                  # the id of the model this session trained, if any
        self.events(serial)

    def inputs(self): return {self.mine, self.replay}

    # ----- what the settings mean -----

    def coverage_of(self, variant_id: str, share, lang: str = 'en') -> str:
        "Which numbers the training part covers, for a variant's dataset shape and a share."
        try: v = variant(str(variant_id))
        except KeyError: return ''
        share = min(max(float(share or TRAIN_SHARE), TRAIN_SHARES[0]), TRAIN_SHARES[1])
        return texts.coverage(*numbers_covered(v.data, round(share, 2)), lang)

    def lang(self, values: dict) -> str: return language(values[self.language])

    def recipe_of(self, values: dict) -> dict:
        "A variant chosen: its notebook recipe in the controls, and what its training part covers."
        v, lang = variant(values[self.variant]), self.lang(values)
        recipe = v.recipe
        return {self.epochs: recipe.epochs, self.lr: recipe.lr, self.n_hidden: recipe.n_hidden,
                self.coverage: self.coverage_of(v.id, values[self.train_share], lang)}

    # ----- a run -----

    def run(self, values: dict, request: gr.Request):
        """Train with the settings on the page, streaming the run into the tab: its place in the queue, a progress
        bar, fastai's table and the curves after each epoch; at the end, the model to explore."""
        lang, session = self.lang(values), request.session_hash if request else ''
        with self.lock:                             # a double click trains once
            busy = session in self.runs
            if not busy: self.runs[session] = None
        if busy:
            yield {self.status: say('train.already', lang)}
            return
        try:
            run = self.trainer.submit(*asked(values[self.variant], values[self.epochs], values[self.lr],
                                             values[self.seed], values[self.n_hidden], values[self.train_share]))
        except BadArgument as e:
            with self.lock: del self.runs[session]
            yield {self.status: bad_argument(e, lang)}
            return
        with self.lock: self.runs[session] = run
        rows, ended = [], False
        yield {self.status: say('train.submitted', lang), self.progress: '', self.table: '', self.curves: None,
               self.explore: gr.Button(visible=False), self.download: gr.Button(visible=False),
               self.files: gr.File(value=None, visible=False)}
        try:
            for update in run.updates():
                ended = isinstance(update, ENDS)
                if isinstance(update, Queued):          # at 0 it starts now: 'Starting the training…' holds
                    if update.position: yield {self.status: say('train.queued', lang, n=update.position)}
                elif isinstance(update, Started):
                    yield {self.status: say('train.started', lang, variant=run.job.variant.id,
                                            epochs=run.job.recipe.epochs)}
                elif isinstance(update, Progress):
                    yield {self.progress: texts.progress_html(update.epoch, update.epochs, update.batch, update.batches,
                                                              lang)}
                elif isinstance(update, Epoch):
                    rows.append(update)
                    yield {self.table: texts.epoch_table(rows), self.curves: plot_value(history_curves(
                        [dict(train_loss=r.train_loss, valid_loss=r.valid_loss, accuracy=r.accuracy) for r in rows],
                        lang))}
                else: yield self.ended(update, run, values, session, lang)
        finally:
            with self.lock: self.runs.pop(session, None)
            if not ended: run.stop()                # the page was closed or the event cancelled: free the worker

    def stop_run(self, values: dict, request: gr.Request) -> dict:
        "Stop this session's run: it ends after the current batch, keeping the epochs done."
        with self.lock: run = self.runs.get(request.session_hash if request else '')
        if run is None: return {self.status: say('train.nothing_to_stop', self.lang(values))}
        run.stop()
        return {self.status: say('train.stopping', self.lang(values))}

    def ended(self, end, run, values: dict, session: str, lang: str) -> dict:
        "The run's end: what it says, and the model it learnt, which joins the page's models for this session."
        if isinstance(end, Failed): return {self.status: say('train.failed', lang, message=end.message)}
        if run.result is None: return {self.status: say(f'train.stopped_empty.{end.reason}', lang)}
        model_id = self.explorer.trained.add(run.result, session)      # in place of the one it trained before
        ck = run.result.checkpoint
        found = self.explorer.failures(model_id, wait=True)     # its own validation part; kept for the Failures tab
        shipped = self.explorer.loaded(ck.variant.id)
        said = say('train.done', lang, epochs=end.epochs, seconds=f'{end.seconds:.1f}', model=model_id,
                   accuracy=texts.percent(end.accuracy), variant=ck.variant.id,
                   shipped=texts.percent(shipped.accuracy) if shipped else '—')
        if isinstance(end, Stopped): said = say(f'train.stopped.{end.reason}', lang, epochs=end.epochs) + ' ' + said
        said += '\n\n' + texts.nine_thousand(found.nine_thousand, found.thousand_after_nine, lang)
        choices = [(self.prediction.choice(v), v) for v in VARIANTS] + \
                  [(texts.model_choice(model_id, end.accuracy), model_id)]
        compare = self.compare
        shown = values[self.model]               # a shipped model stays in view; the session's earlier one has gone
        return {self.status: said, self.mine: model_id, self.progress: '',
                self.replay: gr.Slider(maximum=end.epochs, value=end.epochs),
                self.explore: gr.Button(visible=True), self.download: gr.Button(visible=True),
                self.model: gr.Radio(choices=choices, value=shown if shown in VARIANTS else model_id),
                compare.left: gr.Dropdown(choices=list(VARIANTS) + [model_id]),
                compare.right: gr.Dropdown(choices=list(VARIANTS) + [model_id])}

    def unload(self, request: gr.Request):
        "The page closed: its run stops and its model goes."
        session = request.session_hash if request else ''
        with self.lock: run = self.runs.get(session)
        if run: run.stop()
        self.explorer.trained.forget(session)

    def download_files(self, values: dict) -> dict:
        return {self.files: gr.File(value=self.explorer.trained.files(values[self.mine]), visible=True)}

    # ----- the replay, under the tabs -----

    def controls(self): return [Control(self.replay)]

    def render(self, e):
        "How this session's model read the prefix after a number of epochs: its prediction and its hidden states."
        model_id = e[self.mine]
        result = self.explorer.trained.get(model_id)
        if result is None: return dict(text=e.say('train.no_model'))
        history = result.checkpoint.meta['history']
        epochs = min(max(int(e[self.replay] or 0), 0), len(history))
        if not e.tokens: return dict(text=e.say('train.replay_empty'))
        model, v, vocab = result.model_at(epochs), result.checkpoint.variant, self.explorer.corpus.vocab
        t = trace(model, v, self.explorer.corpus.encode(e.tokens))
        top = int(t.logits.argmax())
        accuracy = texts.percent(history[epochs - 1]['accuracy']) if epochs else e.say('train.untrained')
        text = e.say('train.replay_text', model=model_id, epochs=epochs, total=len(history), accuracy=accuracy,
                     token=vocab[top], prob=texts.percent(float(t.logits.softmax(-1)[top])))
        read = self.explorer.corpus.decode(t.ids)[-HEATMAP_TOKENS:]
        layers, _ = heatmap_layers(t, self.explorer.ranges(model_id)['h'], 'h', None, '', e.lang)
        return dict(text=text, plot=plot_value(distribution(t.logits, vocab, 1.0, len(vocab), e.lang)),
                    more_plot=plot_value(plots.states_figure(read, layers, words=hover_words(e.lang))))

    def events(self, serial):
        "What its controls do. serial: the page's way of running a handler (one at a time)."
        settings = {self.variant, self.train_share, self.language}
        self.variant.input(serial(self.recipe_of), settings, {self.epochs, self.lr, self.n_hidden, self.coverage},
                           **LIVE)
        def coverage(values: dict) -> dict:
            return {self.coverage: self.coverage_of(values[self.variant], values[self.train_share], self.lang(values))}
        self.train_share.input(serial(coverage), settings, {self.coverage}, **LIVE)
        self.language.change(coverage, settings, {self.coverage}, **LIVE)   # as the page opens, or switches
        arguments = {self.variant, self.epochs, self.lr, self.seed, self.n_hidden, self.train_share, self.language,
                     self.model}
        outputs = {self.status, self.progress, self.table, self.curves, self.explore, self.download, self.files,
                   self.mine, self.replay, self.model, self.compare.left, self.compare.right}
        # a queued event: its updates stream to the page; lm.live's own queue runs one training at a time.
        # postprocess=False, as for every view: the curves come as ui.widgets.plot_value makes them
        self.trained = self.train.click(self.run, arguments, outputs, api_visibility='private', concurrency_limit=None,
                                        show_progress='hidden', postprocess=False)
        self.stop.click(self.stop_run, {self.language}, {self.status}, api_visibility='private', queue=False)
        self.download.click(self.download_files, {self.mine}, {self.files}, api_visibility='private', queue=False)
        # whoever opens this tab is about to train: the worker process starts now and imports fastai (3 s) meanwhile
        self.tab.select(self.trainer.warm_up, None, None, api_visibility='private', queue=False)
