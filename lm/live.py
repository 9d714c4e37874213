"""Training in the browser: one training at a time, in a worker process, streamed back as it goes.

The app hands a student's choices to `Trainer.submit`, as a variant and its recipe (`asked` reads them). The run
waits its turn in a first-come-first-served queue, then trains in a worker process with `lm.training.train`, the
function train.py calls: with the same recipe, the weights are those `python train.py` writes, bit for bit.

    trainer = Trainer()
    run = trainer.submit(*asked('LMModel7', epochs=5))
    for update in run.updates(): print(update)    # Queued, Started, Progress, Epoch..., then Done, Stopped or Failed
    run.result.checkpoint                          # the trained model, as lm.checkpoints.load gives one

The worker is a spawned process with one thread, so the server's threads keep answering everyone's keystrokes
while it trains, and only the worker imports fastai. It stays up between trainings with fastai imported:
starting a process and importing fastai takes seconds, a training's first epoch less than one.
"""
import itertools
import math
import multiprocessing
import queue
import threading
import time
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import torch
from safetensors.torch import load as load_tensors
from safetensors.torch import save as save_tensors

from lm import checkpoints
from lm.checkpoints import CHECKPOINT_DIR, Checkpoint
from lm.data import TRAIN_SHARE
from lm.models import Recipe, Variant, variant

MAX_EPOCHS = 30
MAX_SECONDS = 180             # of training per run: the time limit stops it cleanly, keeping the epochs done
HIDDEN_SIZES = range(4, 129)  # each epoch's snapshot is kept: at 128, LMModel7's are 1 MB each
TRAIN_SHARES = (0.1, 0.95)    # beyond 0.95, the validation part of LMModel4-7 holds less than one batch of 64 streams
PROGRESS_EVERY = 0.2          # seconds between two Progress updates: a smooth bar without flooding the page
GRACE_SECONDS = 60            # past the time limit, a worker that has not ended its run is killed: it hangs


class BadArgument(ValueError):
    "A training asked with an argument out of bounds: `argument` names it, the message says what is allowed."
    def __init__(self, argument: str, message: str):
        super().__init__(message)
        self.argument = argument


# What a run tells, in order: Queued while it waits (again whenever its place changes), Started, then Progress and
# Epoch while it trains, and last one of Done, Stopped or Failed. Each is plain data; `kind` names it for a JSON API.

@dataclass(frozen=True)
class Queued:
    "Waiting: `position` trainings are ahead of it, the running one included; at 1 it starts next."
    position: int
    kind: str = field(default='queued', init=False)


@dataclass(frozen=True)
class Started:
    "Its turn has come: the model is built and its training begins."
    kind: str = field(default='started', init=False)


@dataclass(frozen=True)
class Progress:
    "Within an epoch (counted from 0, as fastai prints them): `batch` of the training set's `batches` done."
    epoch: int
    epochs: int
    batch: int
    batches: int
    kind: str = field(default='progress', init=False)


@dataclass(frozen=True)
class Epoch:
    "A row of fastai's table, after each epoch."
    epoch: int
    train_loss: float
    valid_loss: float
    accuracy: float
    seconds: float
    kind: str = field(default='epoch', init=False)


@dataclass(frozen=True)
class Done:
    "All the epochs trained: the last one's metrics, and the seconds the training took."
    epochs: int
    valid_loss: float
    accuracy: float
    seconds: float
    kind: str = field(default='done', init=False)


@dataclass(frozen=True)
class Stopped:
    """Ended early: 'stopped' by `Run.stop`, by the 'time limit', or 'cancelled' while waiting. The model kept is
    the one after the last whole epoch (`epochs` of them), with its metrics; none before the first epoch ends."""
    reason: str
    epochs: int
    valid_loss: float | None
    accuracy: float | None
    seconds: float
    kind: str = field(default='stopped', init=False)


@dataclass(frozen=True)
class Failed:
    "The training broke: the message says how."
    message: str
    kind: str = field(default='failed', init=False)


Update = Queued | Started | Progress | Epoch | Done | Stopped | Failed
ENDS = (Done, Stopped, Failed)


@dataclass(frozen=True)
class Job:
    "A training as the worker receives it: its recipe checked."
    id: int
    variant: Variant
    recipe: Recipe
    max_seconds: float


@dataclass(frozen=True)
class Result:
    """What a run learnt: the model with its checkpoint's metadata, the random weights it started from and the
    weights after each of its epochs."""
    checkpoint: Checkpoint                     # in eval mode on the CPU, like lm.checkpoints.load's
    snapshots: list[dict[str, torch.Tensor]]   # the state dict after epoch 0, 1, ...
    weights: bytes                             # the .safetensors file, whose SHA-256 the metadata holds
    initial: dict[str, torch.Tensor]           # the state dict before training

    def model_at(self, epochs: int) -> torch.nn.Module:
        "The model as it was after a number of epochs (0: before training), to replay how it learnt."
        model = self.checkpoint.variant.model(**self.checkpoint.meta['model_args'])
        model.load_state_dict(self.snapshots[epochs - 1] if epochs else self.initial)
        return model.eval()

    def save(self, directory: Path) -> tuple[Path, Path]:
        "Write the two files train.py would have written, for a download; never over the shipped checkpoints."
        if Path(directory).resolve() == CHECKPOINT_DIR.resolve():
            raise ValueError(f"a trained run is never written to {CHECKPOINT_DIR}: it holds the shipped checkpoints")
        return checkpoints.write(self.weights, self.checkpoint.meta, directory)


class Run:
    "One training asked for: its job, its updates as they come, and in the end its result."
    def __init__(self, trainer: 'Trainer', job: Job):
        self.job, self.result = job, None       # result: a Result once it ends with at least one epoch trained
        self._trainer, self._updates = trainer, queue.Queue()
        self._position = 0                      # the last Queued told

    def updates(self) -> Iterator[Update]:
        "Its updates, waiting for each, until the last one (Done, Stopped or Failed)."
        while True:
            update = self._updates.get()
            yield update
            if isinstance(update, ENDS): return

    def stop(self):
        "Stop it: waiting, it leaves the queue; training, it ends after the current batch, keeping the epochs done."
        self._trainer.stop(self)


class Trainer:
    """The live-training service, one per app: checks what is asked, queues the runs, and trains them one at a
    time in the worker process, within the epoch and time limits."""
    def __init__(self, max_epochs: int = MAX_EPOCHS, max_seconds: float = MAX_SECONDS):
        self.max_epochs, self.max_seconds = max_epochs, max_seconds
        # a fresh interpreter: forking a threaded server is unsafe
        self._context = multiprocessing.get_context('spawn')
        self._stop_id = self._context.Value('q', 0)             # the worker stops the job with this id
        self._changed = threading.Condition()                   # guards the queue and the running run
        self._waiting: deque[Run] = deque()
        self._running: Run | None = None
        self._ids = itertools.count(1)
        self._dispatcher: threading.Thread | None = None
        self._worker = self._conn = None                        # started at the first run or by warm_up

    def submit(self, v: Variant, recipe: Recipe) -> Run:
        "Queue a training of a variant. Raises BadArgument, naming the part of the recipe out of bounds."
        run = Run(self, Job(next(self._ids), v, self._checked(recipe), self.max_seconds))
        with self._changed:
            self._start_dispatcher()
            self._waiting.append(run)
            self._tell_positions()
            self._changed.notify_all()
        return run

    def warm_up(self):
        "Start the worker process now, so that it has imported fastai (seconds) before the first training."
        with self._changed:
            if self._worker is None: self._start_worker()

    def close(self):
        "End the worker process (its run, if any, fails); a later run starts a new one. The app's ends with the app."
        with self._changed:
            if self._worker is not None:
                self._worker.kill()
                self._worker.join()
                self._conn.close()
            self._worker = self._conn = None

    def stop(self, run: Run):
        "See `Run.stop`."
        with self._changed:
            if run in self._waiting:
                self._waiting.remove(run)
                self._tell_positions()
                run._updates.put(Stopped('cancelled', 0, None, None, 0.0))
            elif run is self._running: self._stop_id.value = run.job.id     # an ended run stops no one else's

    def _checked(self, recipe: Recipe) -> Recipe:
        """The recipe within the limits, its whole numbers as ints (a number box sends 3.0); BadArgument, naming the
        part out of bounds, if not."""
        lr, share = recipe.lr, recipe.train_share
        if not is_number(lr) or not 0 < lr <= 1:
            raise BadArgument('lr', f"lr must be a positive number, at most 1, not {lr!r}")
        if not is_number(share) or not TRAIN_SHARES[0] <= share <= TRAIN_SHARES[1]:
            raise BadArgument('train_share', f"train_share, the share of the text that trains, must be from "
                                             f"{TRAIN_SHARES[0]} to {TRAIN_SHARES[1]}, not {share!r}")
        return Recipe(epochs=whole('epochs', recipe.epochs, range(1, self.max_epochs + 1)), lr=float(lr),
                      seed=whole('seed', recipe.seed, range(2 ** 32)),
                      n_hidden=whole('n_hidden', recipe.n_hidden, HIDDEN_SIZES), train_share=float(share))

    def _start_dispatcher(self):
        if self._dispatcher is None:
            self._dispatcher = threading.Thread(target=self._dispatch, name='live training', daemon=True)
            self._dispatcher.start()

    def _tell_positions(self):
        "Tell the waiting runs their place in the queue, those whose place has changed."
        for position, run in enumerate(self._waiting, 1 if self._running else 0):
            if position != run._position: run._updates.put(Queued(position))
            run._position = position

    def _dispatch(self):
        "The thread that hands the runs to the worker, one at a time, in the order they came."
        while True:
            with self._changed:
                self._running = None
                while not self._waiting: self._changed.wait()
                run = self._running = self._waiting.popleft()
                self._tell_positions()
            self._train(run)

    def _start_worker(self):
        self._conn, theirs = self._context.Pipe()
        self._worker = self._context.Process(target=serve, args=(theirs, self._stop_id), name='live training',
                                             daemon=True)
        self._worker.start()
        theirs.close()            # the worker holds the only other end: its death reads as the end of the pipe

    def _train(self, run: Run):
        "Send a run to the worker and pass on what it says, until the run ends, or the worker dies or hangs."
        deadline = time.monotonic() + run.job.max_seconds + GRACE_SECONDS
        snapshots, initial = [], None
        try:
            with self._changed:
                if self._worker is None: self._start_worker()
                conn = self._conn
            conn.send(run.job)
            while conn.poll(max(0.0, deadline - time.monotonic())):
                update, payload = conn.recv()
                if isinstance(update, Started): initial = load_tensors(payload)
                elif isinstance(update, Epoch): snapshots.append(load_tensors(payload))
                elif payload: run.result = _result(run.job, snapshots, initial, *payload)
                run._updates.put(update)
                if isinstance(update, ENDS): return
            failure = Failed(f"the training went {GRACE_SECONDS} s past its time limit and was ended")
        except (EOFError, OSError): failure = Failed("the training process ended unexpectedly")
        except Exception as e: failure = Failed(f"{type(e).__name__}: {e}")
        self.close()                  # whatever state it is in, the next run starts a new one
        run._updates.put(failure)


def asked(variant_id, epochs=None, lr=None, seed=0, n_hidden=None, train_share=TRAIN_SHARE) -> tuple[Variant, Recipe]:
    """The variant and the recipe that the Train tab or a /train call asks for, as they come (Trainer.submit checks
    them): None takes the variant's own epochs, learning rate or size. An unknown variant is a BadArgument."""
    try: v = variant(str(variant_id))
    except KeyError as e: raise BadArgument('variant', e.args[0]) from None
    own = v.recipe
    return v, Recipe(own.epochs if epochs is None else epochs, own.lr if lr is None else lr, seed,
                     own.n_hidden if n_hidden is None else n_hidden, train_share)


def is_number(x) -> bool:
    "A number as JSON or a number box sends one: an int or a float, not True or '3'."
    return isinstance(x, (int, float)) and not isinstance(x, bool)


def is_whole(x, allowed: range) -> bool:
    "A whole number within `allowed`: 3 and 3.0 (a number box sends floats), not 2.5, nan, '3' or True."
    return is_number(x) and (isinstance(x, int) or x.is_integer()) and int(x) in allowed


def whole(name: str, value, allowed: range) -> int:
    "`value` as an int, if it is a whole number within `allowed`; else a BadArgument that says what is allowed."
    if not is_whole(value, allowed):
        raise BadArgument(name, f"{name} must be a whole number from {allowed[0]} to {allowed[-1]}, not {value!r}")
    return int(value)


def _result(job: Job, snapshots: list[dict], initial: dict, weights: bytes, meta: dict) -> Result:
    model = job.variant.model(**meta['model_args'])
    model.load_state_dict(load_tensors(weights))
    return Result(Checkpoint(job.variant, model.eval(), meta), snapshots, weights, initial)


def serve(conn, stop_id):
    """The worker process: trains the jobs it receives, one at a time, and sends back (update, payload) pairs:
    with Started the weights it starts from and with each Epoch the weights after it, as safetensors bytes; with
    the end, the checkpoint's two files."""
    torch.set_num_threads(1)                   # the server keeps the other cores for its users
    from lm.training import train  # fastai: imported here only, once for all the trainings
    while True:
        try: job = conn.recv()
        except EOFError: return                # the server has gone
        try: _train_job(job, conn, stop_id, train)
        except Exception as e: conn.send((Failed(f"{type(e).__name__}: {e}"), None))


def _train_job(job: Job, conn, stop_id, train):
    start = time.monotonic()
    last_progress = -math.inf

    def on_batch(epoch, batch, batches):
        nonlocal last_progress
        if time.monotonic() - last_progress >= PROGRESS_EVERY or batch == batches:
            last_progress = time.monotonic()
            conn.send((Progress(epoch, job.recipe.epochs, batch, batches), None))

    def on_start(weights): conn.send((Started(), save_tensors(weights)))
    def on_epoch(epoch, row, weights): conn.send((Epoch(epoch, **row), save_tensors(weights)))
    def should_stop(): return stop_id.value == job.id or time.monotonic() - start > job.max_seconds

    t = train(job.variant, job.recipe, progress=False, on_epoch=on_epoch, on_batch=on_batch, should_stop=should_stop,
              on_start=on_start)
    seconds = round(time.monotonic() - start, 3)
    if not t.history:
        return conn.send((Stopped(_why_stopped(job, stop_id), 0, None, None, seconds), None))
    files = checkpoints.encode(job.variant, t.model, t.recipe, t.history)
    last, epochs = t.history[-1], t.recipe.epochs
    if len(t.history) == epochs: end = Done(epochs, last['valid_loss'], last['accuracy'], seconds)
    else: end = Stopped(_why_stopped(job, stop_id), len(t.history), last['valid_loss'], last['accuracy'], seconds)
    conn.send((end, files))


def _why_stopped(job: Job, stop_id) -> str: return 'stopped' if stop_id.value == job.id else 'time limit'
