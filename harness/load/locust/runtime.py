# asyncbench's Locust runtime: the part of every generated locustfile that does not depend on the
# scenario. The generator (locustfile.ts) inlines this file, so that a generated locustfile is one
# self-contained file a remote worker can fetch from the master (`locust --worker -f -`) with only
# `pip install locust hdrhistogram` on its host.
#
# A worker counts exactly as the embedded (undici) engine does (harness/load/tally.ts): a response
# counts when it ARRIVES inside the measured window the master gives; ok, non-2xx, timeouts,
# connection errors and failed checks are kept apart; latencies go into an HdrHistogram in integer
# µs whose compressed encoding the harness decodes and merges losslessly. Locust's own percentiles
# are rounded (to 10 ms above 100 ms), which is not good enough for a µs contract.
import importlib.metadata
import json
import math
import os
import random
import re
import resource
import socket
import time

import gevent
from hdrh.histogram import HdrHistogram
import locust
from locust import FastHttpUser, constant, events, task
from locust.runners import WorkerRunner

# 1 µs to 1 h at 3 significant digits: the same resolution as harness/stats/histogram.ts.
HIGHEST_US = 3_600_000_000
MISSING = object()


# Tests only: pretend this host's clock is off by this much, as an unsynchronised remote host's is.
_CLOCK_SKEW_MS = float(os.environ.get("ASYNCBENCH_TEST_CLOCK_SKEW_MS", "0") or 0)


def now_ms():
    return time.time() * 1000.0 + _CLOCK_SKEW_MS


def js_round(x):
    return int(math.floor(x + 0.5))


def js_num(v):
    """A number as JavaScript's String() writes it (100, not 100.0)."""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def js_string(v):
    if v is MISSING:
        return "undefined"
    if v is None:
        return "null"
    if isinstance(v, (int, float)):
        return js_num(v)
    if isinstance(v, str):
        return v
    if isinstance(v, list):
        return ",".join("" if x is None else js_string(x) for x in v)
    return "[object Object]"


def _norm(v):
    if isinstance(v, float) and v.is_integer():
        return int(v)
    if isinstance(v, list):
        return [_norm(x) for x in v]
    if isinstance(v, dict):
        return {k: _norm(x) for k, x in v.items()}
    return v


def js_json(v):
    """JSON.stringify's text (integral floats without .0); None for undefined."""
    if v is MISSING:
        return None
    return json.dumps(_norm(v), separators=(",", ":"), ensure_ascii=False)


def same(a, b):
    """JavaScript's === on JSON values: a boolean is never a number."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return a == b
    return type(a) is type(b) and a == b


class Hist:
    """µs histogram with exact extremes carried beside it, as LatencyHistogram's EncodedHistogram."""

    def __init__(self):
        self.h = HdrHistogram(1, HIGHEST_US, 3)
        self.min_us = None
        self.max_us = 0

    def record(self, ms):
        us = min(HIGHEST_US, max(1, js_round(ms * 1000.0)))
        self.h.record_value(us)
        self.min_us = us if self.min_us is None else min(self.min_us, us)
        self.max_us = max(self.max_us, us)

    def wire(self):
        n = self.h.get_total_count()
        return {"hdr": self.h.encode().decode("ascii") if n > 0 else "", "minUs": self.min_us or 0 if n > 0 else 0, "maxUs": self.max_us}


class Held:
    """harness/load/held.ts's difference array, bucket for bucket, so it merges with the others."""

    def __init__(self, frm, to, bucket_ms=5):
        self.frm, self.to, self.bucket = frm, to, bucket_ms
        self.diff = [0] * max(1, math.ceil((to - frm) / bucket_ms) + 2)
        self.area = 0.0

    def add(self, start, end):
        a, b = max(start, self.frm), min(end, self.to)
        if b <= a:
            return
        self.area += b - a
        self.diff[int(math.floor((a - self.frm) / self.bucket))] += 1
        self.diff[int(math.floor((b - self.frm) / self.bucket))] -= 1

    def wire(self):
        return {"from": self.frm, "to": self.to, "bucketMs": self.bucket, "diff": self.diff, "area": self.area}


class Tally:
    """harness/load/tally.ts's Tally; wire() is a TallyWire."""

    def __init__(self, start_ms, end_ms, figures):
        self.start, self.end = start_ms, end_ms
        self.counts = {"ok": 0, "non2xx": 0, "timeouts": 0, "connErrors": 0, "verifyFailed": 0}
        self.latency, self.server_ms = Hist(), Hist()
        self.held = Held(start_ms, end_ms)
        self.queue_sum, self.queue_n = 0.0, 0
        self.pids = set()
        self.close_seen = self.keep_alive_seen = False
        self.failures = []
        self.hist_figures = {k: Hist() for k, kind in figures.items() if kind == "histogram"}
        self.sum_figures = {k: 0 for k, kind in figures.items() if kind != "histogram"}

    def in_window(self, at):
        return self.start <= at < self.end

    def record(self, kind, arrived, latency_ms, status=None, ok=None, facts=None, failure=None, closed=False):
        if kind == "response":
            if closed:
                self.close_seen = True
            else:
                self.keep_alive_seen = True
        if not self.in_window(arrived):
            return
        c = self.counts
        if kind == "timeout":
            c["timeouts"] += 1
        elif kind == "connError":
            c["connErrors"] += 1
        elif status is None or status < 200 or status >= 300:
            c["non2xx"] += 1
        elif not ok:
            c["verifyFailed"] += 1
            if failure and len(self.failures) < 3:
                self.failures.append(failure)
        else:
            c["ok"] += 1
            self.latency.record(latency_ms)
            self._facts(facts or {}, arrived, latency_ms)

    def _facts(self, f, arrived, latency_ms):
        pid = f.get("pid")
        if isinstance(pid, (int, float)) and not isinstance(pid, bool):
            self.pids.add(int(pid))
        s = f.get("serverMs")
        if isinstance(s, (int, float)) and not isinstance(s, bool):
            self.server_ms.record(max(0.0, s))
            self.queue_sum += max(0.0, latency_ms - s)
            self.queue_n += 1
            self.held.add(arrived - s, arrived)
        for name, h in self.hist_figures.items():
            v = f.get(name)
            if isinstance(v, (int, float)) and not isinstance(v, bool):
                h.record(max(0.0, v))
            elif isinstance(v, list):
                for e in v:
                    h.record(max(0.0, e))
        for name in self.sum_figures:
            v = f.get(name)
            if isinstance(v, (int, float)) and not isinstance(v, bool):
                self.sum_figures[name] += v

    def wire(self):
        return {
            "counts": dict(self.counts),
            "latency": self.latency.wire(),
            "serverMs": self.server_ms.wire(),
            "queueSum": self.queue_sum,
            "queueN": self.queue_n,
            "held": self.held.wire(),
            "pids": sorted(self.pids),
            "closeSeen": self.close_seen,
            "keepAliveSeen": self.keep_alive_seen,
            "histFigures": {k: h.wire() for k, h in self.hist_figures.items()},
            "sumFigures": dict(self.sum_figures),
            "failureExamples": list(self.failures),
        }


# ---- checks shared by the scenarios (scenarios/define.ts) -------------------------------------

def check_json(status, body, fields):
    """(ok, reason, json): the body must be a JSON object passing `fields` (first problem wins)."""
    if status != 200:
        return False, f"status {status}, expected 200", None
    try:
        j = json.loads(body)
    except ValueError:
        return False, f"body is not JSON: {body[:120]}", None
    if not isinstance(j, dict):
        return False, "body is not a JSON object", None
    reason = fields(j)
    return (False, reason, None) if reason else (True, None, j)


def expect_field(j, key, expected):
    got = j.get(key, MISSING)
    return None if got is not MISSING and same(got, expected) else f"{key} is {js_json(got) or 'undefined'}, expected {js_json(expected)}"


def is_int(v):
    return isinstance(v, int) and not isinstance(v, bool) or isinstance(v, float) and v.is_integer()


def expect_server_fields(j):
    if not is_int(j.get("pid")):
        return f"pid is {js_json(j.get('pid', MISSING)) or 'undefined'}, expected an integer"
    s = j.get("serverMs")
    if not isinstance(s, (int, float)) or isinstance(s, bool):
        return f"serverMs is {js_json(j.get('serverMs', MISSING)) or 'undefined'}, expected a number"
    return None


def first_problem(*checks):
    """Runs zero-argument checks in order; the first problem wins."""
    for c in checks:
        p = c()
        if p:
            return p
    return None


# ---- config scenarios (scenarios/user-scenarios.ts ported) ------------------------------

_PLACEHOLDER = re.compile(r"\{([A-Za-z0-9_]+)\}")


def _fill(text, values):
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), text)


def json_path(value, path):
    parts = [p for p in re.split(r"\.|\[(\d+)\]", re.sub(r"^\$\.?", "", path)) if p is not None and p != ""]
    cur = value
    for part in parts:
        if isinstance(cur, dict):
            cur = cur.get(part, MISSING)
        elif isinstance(cur, list) and part.isdigit():
            cur = cur[int(part)] if int(part) < len(cur) else MISSING
        else:
            return MISSING
    return cur


def config_scenario(spec):
    """(request, check) for a config scenario: method, path and body placeholders from vars, expect."""
    method, path, headers, body = spec["method"], spec["path"], spec.get("headers") or {}, spec.get("body")
    var_specs, expect = spec.get("vars") or {}, spec.get("expect") or {}
    contains, json_expect = expect.get("bodyContains"), expect.get("json") or {}
    contains = [contains] if isinstance(contains, str) else list(contains or [])

    def next_vars(state):
        n = state.get("seq", 0)
        offset = state.setdefault("offset", random.randrange(1_000_000))
        state["seq"] = n + 1
        out = {}
        for k, v in var_specs.items():
            if "values" in v:
                out[k] = js_string(v["values"][(n + offset) % len(v["values"])])
            else:
                out[k] = js_num(v["min"] + (n + offset) % (v["max"] - v["min"] + 1))
        return out

    def request(params, state):
        v = next_vars(state)
        state["vars"] = v
        return method, _fill(path, v), headers, None if body is None else _fill(body, v)

    def check(status, text, params, state, timing):
        # Every failing expectation, as scenarios/user-expect.ts lists them.
        want_status = expect.get("status", 200)
        if status != want_status:
            return False, f"status {status}, expected {want_status}", None
        fails = [f"body does not contain {js_json(c)}" for c in contains if c not in text]
        if json_expect:
            try:
                parsed = json.loads(text)
            except ValueError:
                return False, "; ".join(fails + [f"body is not JSON: {text[:120]}"]), None
            v = state.get("vars") or {}
            for p, want in json_expect.items():
                got = json_path(parsed, p)
                templated = isinstance(want, str) and _PLACEHOLDER.search(want)
                expected = _fill(want, v) if isinstance(want, str) else want
                ok = js_string(got) == expected if templated else js_json(got) == js_json(expected)
                if not ok:
                    fails.append(f"{p} is {js_json(got) or 'undefined'}, expected {js_json(expected)}")
        return (False, "; ".join(fails), None) if fails else (True, None, None)

    return request, check


def load_scenario(source, name):
    """Runs a scenario's generated Python (it binds `request` and `check`) with this runtime in scope."""
    ns = dict(globals())
    exec(compile(source, f"<asyncbench scenario {name}>", "exec"), ns)
    return ns["request"], ns["check"]


# ---- the worker: plan, window, result ---------------------------------------------------------

def _is_timeout(err):
    return isinstance(err, (socket.timeout, TimeoutError, gevent.Timeout)) or "timeout" in type(err).__name__.lower() or "timed out" in str(err).lower()


def _cpu_s():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


class Worker:
    """This process's share of the cell: its users' connections, counting into one Tally."""

    def __init__(self):
        self.plan = None
        self.tally = None
        self.stopped = True
        self.answered = set()
        self.users = 0
        self.inflight = {}
        self.open_peak = 0
        self.cpu_at_window = None
        self.delays = None
        self.generation = 0

    def set_plan(self, plan):
        self.generation += 1
        self.plan = plan
        self.request, self.check = load_scenario(plan["source"], plan["scenarioId"])
        self.tally = None
        self.stopped = False
        self.answered = set()
        self.inflight = {}
        self.open_peak = 0
        self.cpu_at_window = None
        self.delays = None

    def set_window(self, start_ms, end_ms):
        self.tally = Tally(start_ms, end_ms, self.plan.get("figures") or {})
        gen = self.generation

        def open_window():
            if gen != self.generation:
                return
            self.cpu_at_window = (_cpu_s(), now_ms())
            self.open_peak = self.users
            self.delays = Hist()
            gevent.spawn(self._loop_delay, gen)

        gevent.spawn_later(max(0.0, (start_ms - now_ms()) / 1000.0), open_window)

    def _loop_delay(self, gen):
        # The event-loop delay of this gevent hub: a starved or saturated generator shows here first.
        while gen == self.generation and not self.stopped:
            t = time.perf_counter()
            gevent.sleep(0.01)
            if self.delays is not None:
                self.delays.record(max(0.0, (time.perf_counter() - t) * 1000.0 - 10.0))

    def live(self):
        c = self.tally.counts if self.tally else None
        failed = c["non2xx"] + c["timeouts"] + c["connErrors"] + c["verifyFailed"] if c else 0
        return {"answered": len(self.answered), "users": self.users, "ok": c["ok"] if c else 0, "failed": failed}

    def finish(self):
        self.stopped = True
        end = self.tally.end if self.tally else now_ms()
        start = self.tally.start if self.tally else end
        pending = [s for s in self.inflight.values() if s is not None and s < end]
        tally = self.tally or Tally(start, end, (self.plan or {}).get("figures") or {})
        cpu_pct = None
        if self.cpu_at_window:
            cpu0, t0 = self.cpu_at_window
            span_s = max(1e-9, (min(now_ms(), end) - t0) / 1000.0)
            cpu_pct = (_cpu_s() - cpu0) / span_s * 100.0
        eld = None
        if self.delays is not None and self.delays.h.get_total_count() > 0:
            eld = self.delays.h.get_value_at_percentile(99) / 1000.0
        return {
            "tally": tally.wire(),
            "facts": {"cpuPct": cpu_pct, "eventLoopDelayP99Ms": eld, "host": socket.gethostname(), "requests": tally.counts["ok"],
                      "cpusAllowed": sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None, "pid": os.getpid()},
            "connectionsOpenPeak": self.open_peak,
            "unfinished": len(pending),
            "unfinishedOldestMs": end - min(pending) if pending else None,
        }

    def exchange(self, user):
        """One request on this user's connection, timed and checked, counted if it lands in the window."""
        plan = self.plan
        if self.stopped or plan is None:
            gevent.sleep(0.05)
            return
        state = user.ab_state
        method, path, headers, body = self.request(plan["params"], state)
        sent = now_ms()
        t0 = time.perf_counter()
        self.inflight[id(user)] = sent
        with user.client.request(method, path, headers=headers, data=body, catch_response=True, name=plan["scenarioId"]) as resp:
            lat = (time.perf_counter() - t0) * 1000.0
            arrived = sent + lat
            self.inflight[id(user)] = None
            if self.stopped:
                return
            tally = self.tally
            err = getattr(resp, "error", None)
            status = resp.status_code or 0
            if err is not None and status == 0:
                kind = "timeout" if _is_timeout(err) else "connError"
                if tally:
                    tally.record(kind, arrived, lat)
                resp.failure(f"{kind}: {err}")
                gevent.sleep(0.01)  # no busy loop on a dead server
                return
            if id(user) not in self.answered:
                self.answered.add(id(user))
            closed = (resp.headers.get("connection") or "").strip().lower() == "close" if resp.headers else False
            if status < 200 or status >= 300:
                if tally:
                    tally.record("response", arrived, lat, status=status, closed=closed)
                resp.failure(f"status {status}")
                return
            # The check runs on every response, warm-up included: it carries per-connection state
            # (long-poll's last event) that the next request depends on.
            text = resp.content.decode("utf-8", "replace") if resp.content else ""
            ok, reason, facts = self.check(status, text, plan["params"], state, {"sentAtMs": sent, "headersMs": lat, "doneMs": lat})
            if tally:
                tally.record("response", arrived, lat, status=status, ok=ok, facts=facts, failure=reason, closed=closed)
            if ok:
                resp.success()
            else:
                resp.failure(reason or "check failed")


WORKER = Worker()

# Standalone use (`locust -f <generated file>` without asyncbench's master): the generated tail sets
# DEFAULT_PLAN, so users run the file's own scenario with its default parameters.
DEFAULT_PLAN = None


class AsyncbenchUser(FastHttpUser):
    """One user is one connection (closed model): it sends its next request when the last answers."""

    wait_time = constant(0)
    concurrency = 1
    max_retries = 0
    host = "http://127.0.0.1"

    def __init__(self, environment):
        plan = WORKER.plan
        if plan is None and DEFAULT_PLAN is not None:
            WORKER.set_plan(DEFAULT_PLAN)
            plan = WORKER.plan
        if plan:
            self.host = environment.host or plan["baseUrl"]
            self.network_timeout = self.connection_timeout = float(plan["timeoutS"])
        super().__init__(environment)
        self.ab_state = {}

    def on_start(self):
        WORKER.users += 1

    def on_stop(self):
        WORKER.users = max(0, WORKER.users - 1)

    @task
    def one(self):
        WORKER.exchange(self)


@events.init.add_listener
def _register(environment, **_kw):
    runner = environment.runner
    if not isinstance(runner, WorkerRunner):
        return  # the master (or a local runner) has nothing to register here

    def send(kind, data):
        runner.send_message(kind, data)

    # The master admits only its own versions (admission.py): ours, said once we are connected.
    send("ab_hello", {"locust": locust.__version__, "hdrhistogram": importlib.metadata.version("hdrhistogram"), "host": socket.gethostname()})

    def on_plan(environment, msg, **_):
        # First, this host's clock, so that the master can give it the window in its own time.
        send("ab_clock", {"cellId": msg.data["cellId"], "workerMs": now_ms()})
        WORKER.set_plan(msg.data)
        gen = WORKER.generation

        def progress():
            while gen == WORKER.generation and not WORKER.stopped:
                send("ab_progress", {"cellId": msg.data["cellId"], **WORKER.live()})
                gevent.sleep(0.25)

        gevent.spawn(progress)

    def on_window(environment, msg, **_):
        WORKER.set_window(msg.data["startMs"], msg.data["endMs"])

    def on_finish(environment, msg, **_):
        try:
            send("ab_result", {"cellId": msg.data["cellId"], "result": WORKER.finish()})
        except Exception as e:  # reported to the harness, which errors the cell
            send("ab_error", {"cellId": msg.data["cellId"], "message": f"{type(e).__name__}: {e}"})

    runner.register_message("ab_plan", on_plan)
    runner.register_message("ab_window", on_window)
    runner.register_message("ab_finish", on_finish)
