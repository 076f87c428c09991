# Which Locust workers take part in asyncbench's cells, for driver.py's master (issue 22 items 13,
# 14). Locust's master hands users to a worker the moment it connects, even mid-test: a worker that
# joined mid-cell took users from the others without ever getting the cell's plan, and the cell
# read 61 req/s instead of 100 while staying valid. So a newcomer is held (not answered) while a
# cell runs; Locust workers ask again every 5 s, and are answered once the cell is over. And a
# worker joins only with the master's own Locust and hdrhistogram versions (its histograms are
# merged with the others'); one with another is refused by name and told to quit.
import importlib.metadata
import time

import gevent
from locust import __version__ as LOCUST_VERSION
from locust.rpc import Message
from locust.runners import STATE_MISSING

# How long a cell waits for a worker held during the last one (it asks again every 5 s).
HELD_WAIT_S = 7.0


def own_versions():
    return {"locust": LOCUST_VERSION, "hdrhistogram": importlib.metadata.version("hdrhistogram")}


class Admission:
    def __init__(self, runner, emit, in_cell):
        self.runner, self.emit, self.in_cell = runner, emit, in_cell
        self.mine = own_versions()
        self.verified = set()
        self.held = set()
        self.refused = {}
        # The last cell's workers that were not lost: each leaves the master's list when it stops and
        # comes back a moment later (client_stopped, then client_ready), and the next cell waits for it.
        self.last_workers = set()
        self._handle = runner.handle_message
        runner.handle_message = self.handle
        runner.register_message("ab_hello", self.on_hello)

    def handle(self, client_id, msg):
        if msg.type == "client_ready":
            if self.in_cell():
                if msg.node_id not in self.held:
                    self.held.add(msg.node_id)
                    self.emit({"t": "worker-held", "worker": msg.node_id})
                return  # not answered: it asks again in 5 s
            self.held.discard(msg.node_id)
            if msg.data != self.mine["locust"]:
                return self.refuse(msg.node_id, f"locust {msg.data} (the master runs {self.mine['locust']})")
        elif msg.type == "heartbeat" and self.in_cell():
            # A worker lost this cell stays lost until it is over: coming back would take users mid-cell.
            c = self.runner.clients.get(msg.node_id)
            if c is not None and c.state == STATE_MISSING:
                return
        self._handle(client_id, msg)

    def on_hello(self, environment, msg, **_):
        theirs = msg.data or {}
        wrong = [f"{k} {theirs.get(k)} (the master runs {v})" for k, v in self.mine.items() if theirs.get(k) != v]
        if wrong:
            self.refuse(msg.node_id, ", ".join(wrong))
        else:
            self.verified.add(msg.node_id)

    def refuse(self, worker, reason):
        self.refused[worker] = reason
        c = self.runner.clients.get(worker)
        if c is not None:
            del self.runner.clients[worker]
            if self.runner._users_dispatcher is not None:
                self.runner._users_dispatcher.remove_worker(c)
        self.runner.server.send_to_client(Message("quit", None, worker))
        self.emit({"t": "worker-refused", "worker": worker, "reason": reason})

    def usable(self):
        """Ready workers whose versions are the master's."""
        return [c for c in self.runner.clients.ready if c.id in self.verified]

    def unverified(self):
        return [c for c in self.runner.clients.ready if c.id not in self.verified]

    def forget_missing(self):
        """Lost workers leave the master's list before a cell, so Locust's own clean-up (60 s after) cannot respread users mid-cell."""
        for c in list(self.runner.clients.missing):
            del self.runner.clients[c.id]
            if self.runner._users_dispatcher is not None:
                self.runner._users_dispatcher.remove_worker(c)

    def refusals(self):
        return "; ".join(f"refused {w}: {r}" for w, r in self.refused.items())

    def wait_first(self, want, least, timeout_s):
        """Until `want` workers are usable, or after timeout_s at least `least` of them; False (and a fatal event) otherwise."""
        deadline, last = time.monotonic() + timeout_s, -1
        while True:
            n = len(self.usable())
            if n != last:
                self.emit({"t": "workers", "connected": n, "expected": want})
                last = n
            timed_out = time.monotonic() > deadline
            if n >= want or (timed_out and n >= least):
                if n < want:
                    self.emit({"t": "short", "workers": n, "expected": want, "min": least})
                self.last_workers = {c.id for c in self.usable()}
                self.emit({"t": "ready", "workers": sorted(self.last_workers)})
                return True
            if timed_out:
                refused = self.refusals()
                message = f"{n} of {want} Locust worker{'s' if want != 1 else ''} connected within {timeout_s:g} s" + (f" ({refused})" if refused else "")
                self.emit({"t": "fatal", "code": "workers-timeout", "connected": n, "expected": want, "message": message})
                return False
            gevent.sleep(0.1)

    def for_cell(self, want, least, timeout_s):
        """The workers of the next cell, once the last one has stopped: every one, else at least `least`; None (and an error event) if not."""
        start = time.monotonic()
        deadline = start + max(30.0, timeout_s)
        self.forget_missing()
        while True:
            busy = self.runner.clients.running or self.runner.clients.spawning
            usable, unverified = self.usable(), self.unverified()
            waited = time.monotonic() - start
            # The last cell's workers come back from their stop; one held during it asks again within
            # 5 s; one that has not said its versions yet will.
            returning = self.last_workers - {c.id for c in usable}
            settling = (returning and waited < 10.0) or (self.held and waited < HELD_WAIT_S) or (unverified and waited < 5.0)
            if not busy and not settling and len(usable) >= least:
                return usable
            if time.monotonic() > deadline:
                refused = self.refusals()
                message = f"only {len(usable)} of {want} Locust workers are ready for the next cell (--workers-min {least})" + (f"; {refused}" if refused else "")
                self.emit({"t": "error", "code": "workers-short", "message": message})
                return None
            gevent.sleep(0.05)
