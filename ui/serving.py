"""How the page serves a whole class from one process: rendered parts kept for the prefixes that come back, and
requests handled one at a time, in the order they came."""
import asyncio
from collections import OrderedDict, deque
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from threading import Event, Lock


class Renders:
    """Rendered parts by what they depend on. A class often shows the same prefixes, and while a word is being
    typed the tokens do not change: the figures are then sent again as they were, not built again."""
    def __init__(self, size: int = 512):
        self.items, self.size, self.lock = OrderedDict(), size, Lock()

    def get(self, key, compute):
        with self.lock:
            if key in self.items:
                self.items.move_to_end(key)
                return self.items[key]
        value = compute()
        with self.lock:
            self.items[key] = value
            if len(self.items) > self.size: self.items.popitem(last=False)
        return value


class InTurn:
    """A lock that lets its waiters in in the order they came: under a whole class's load, no request waits behind
    others that came after it. The page's events come first; the API's work (`later`) takes the turns nobody on
    the page is waiting for, and long work `pause`s between its steps, so that nobody waits for all of it."""
    def __init__(self):
        self.lock, self.first, self.others, self.held = Lock(), deque(), deque(), False

    def __enter__(self): self._wait(self.first)

    def __exit__(self, *exc):
        with self.lock: self._hand_over()

    @contextmanager
    def later(self):
        "In turn, after every event of the page that waits."
        self._wait(self.others)
        try: yield
        finally: self.__exit__()

    def pause(self, later: bool = False):
        """Held: let the page's waiting events go first, then go on (the API's work keeps its place before the
        API's other work)."""
        with self.lock:
            if not self.first: return
            turn = Event()
            if later: self.others.appendleft(turn)
            else: self.first.append(turn)
            self._hand_over()
        turn.wait()

    def _wait(self, line: deque):
        with self.lock:
            if not self.held and not self.first and (line is self.first or not self.others):
                self.held = True
                return
            turn = Event()
            line.append(turn)
        turn.wait()                                  # the one before hands it over, still held

    def _hand_over(self):
        if self.first: self.first.popleft().set()
        elif self.others: self.others.popleft().set()
        else: self.held = False


class Lane:
    """The API's calls, apart from the page's: one at a time, on a thread of their own, in the turns the page
    leaves (InTurn.later); callers take turns, each with one call at a time, so that a caller who sends many
    calls waits for itself only. Waiting costs no thread: a caller's tenth call waits as a coroutine."""
    def __init__(self, in_turn: InTurn):
        self.in_turn, self.worker = in_turn, ThreadPoolExecutor(1, thread_name_prefix='api')
        self.callers: dict[str, list] = {}           # caller -> [its lock, its calls waiting or running]
        self.turn = None                             # the one lock every caller's call takes, in order

    async def run(self, caller: str, work, *args):
        "work(*args) in the API's turn, on the API's thread, after the caller's own earlier calls."
        if self.turn is None: self.turn = asyncio.Lock()
        mine = self.callers.setdefault(caller, [asyncio.Lock(), 0])
        mine[1] += 1
        try:
            async with mine[0], self.turn:           # FIFO locks: one call of each caller waits for the turn
                return await asyncio.get_running_loop().run_in_executor(self.worker, self._in_turn, work, args)
        finally:
            mine[1] -= 1
            if not mine[1]: del self.callers[caller]

    def _in_turn(self, work, args):
        with self.in_turn.later(): return work(*args)


def frozen(value):
    "A control's value as part of a key: lists (several units chosen) become tuples."
    return tuple(value) if isinstance(value, list) else value
