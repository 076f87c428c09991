"""Long-poll timing shared by both view styles; only the wait differs (await vs block).

Event E fires at E * period ms since the Unix epoch, the same in every process, so no broker is
needed. A client that is behind (an event after its cursor `after` has already fired, e.g. while
the request sat in a sync worker's queue; after=0 has seen none) gets the latest event at once; otherwise the request
waits for the next event, or until its timeout. Waiting for the next event when one the client has
not seen already exists would make it miss that event, and would cap a sync worker at one answer
per period (see scenarios/longpoll.ts for the ceiling this gives).
"""
import time
from dataclasses import dataclass

from django.http import QueryDict

from .params import MAX_SAFE_INTEGER, int_param


def now_ms() -> float:
    return time.time() * 1000


@dataclass(frozen=True)
class LongPoll:
    after: int
    timeout_ms: int
    period_ms: int
    event: int
    fired_at_ms: int
    arrived_ms: float

    @classmethod
    def parse(cls, q: QueryDict) -> "LongPoll":
        after = int_param(q, "after", 0, 0, MAX_SAFE_INTEGER)
        timeout_ms = int_param(q, "timeout_ms", 30_000, 1, 120_000)
        period_ms = int_param(q, "period_ms", 500, 10, 60_000)
        arrived = now_ms()
        latest = int(arrived // period_ms)
        # Behind (after=0 has seen none): answer at once with the latest event. Up to date: hold
        # until the event after the cursor.
        event = latest if latest > after else after + 1
        return cls(after, timeout_ms, period_ms, event, event * period_ms, arrived)

    @property
    def times_out(self) -> bool:
        return self.fired_at_ms - self.arrived_ms > self.timeout_ms

    def wait_s(self) -> float:
        """Seconds still to wait: the timeout if it comes first, else until the wall clock reaches the event
        (0 for a client that is behind, whose event has already fired).

        Timers run on the monotonic clock and can end a little early by the wall clock, so callers
        loop until this is 0: a response never arrives before firedAtMs.
        """
        end = self.arrived_ms + self.timeout_ms if self.times_out else self.fired_at_ms
        return max(0.0, (end - now_ms()) / 1000)

    def body(self) -> dict:
        base = {"scenario": "longpoll", "after": self.after, "period_ms": self.period_ms, "timeout_ms": self.timeout_ms}
        if self.times_out:
            return {**base, "timedOut": True, "event": None, "firedAtMs": None, "missed": 0}
        missed = max(0, self.event - self.after - 1) if self.after > 0 else 0
        return {**base, "timedOut": False, "event": self.event, "firedAtMs": self.fired_at_ms, "missed": missed}
