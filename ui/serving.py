"""How the page serves a whole class from one process: rendered parts kept for the prefixes that come back, and
requests handled one at a time, in the order they came."""
from collections import OrderedDict, deque
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
    others that came after it."""
    def __init__(self):
        self.lock, self.waiting, self.held = Lock(), deque(), False

    def __enter__(self):
        with self.lock:
            if not self.held:
                self.held = True
                return
            turn = Event()
            self.waiting.append(turn)
        turn.wait()                                  # the one before hands it over, still held

    def __exit__(self, *exc):
        with self.lock:
            if self.waiting: self.waiting.popleft().set()
            else: self.held = False


def frozen(value):
    "A control's value as part of a key: lists (several units chosen) become tuples."
    return tuple(value) if isinstance(value, list) else value
