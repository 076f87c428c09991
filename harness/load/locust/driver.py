# The Locust master, driven by the harness (harness/load/locust/session.ts) over JSON lines: commands
# on stdin, events on stdout; Locust's own logging goes to stderr. It runs Locust's MasterRunner
# through the library API, so the harness owns the cell's window while Locust owns the workers:
# it waits for the expected workers, then per cell sends the plan (the scenario's generated Python,
# its params) and spawns one user per connection, relays progress, forwards the window the harness
# decides, and relays every worker's result (an encoded µs histogram and exact counts) untouched.
#
#   stdin:  {"t":"cell","plan":{...}} {"t":"window","startMs":..,"endMs":..} {"t":"finish"} {"t":"quit"}
#   stdout: {"t":"listening"} {"t":"workers","connected":k} {"t":"ready","workers":[..]}
#           {"t":"progress",..} {"t":"results","results":[..]} {"t":"error","message":..}
#           {"t":"fatal","code":..,"message":..}
import argparse
import importlib.util
import json
import logging
import os
import resource
import signal
import sys
import time

import locust  # noqa: F401  (monkey-patches the standard library for gevent first)
import gevent
from gevent.fileobject import FileObjectPosix
from locust.env import Environment
from locust.log import setup_logging
from locust.runners import STATE_MISSING

RESULT_WAIT_S = 10.0


def cpu_s():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def emit(obj):
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


def load_user_class(path):
    spec = importlib.util.spec_from_file_location("asyncbench_locustfile", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod.AsyncbenchUser


class Master:
    def __init__(self, args):
        self.args = args
        user = load_user_class(args.locustfile)
        self.env = Environment(user_classes=[user], parsed_locustfiles=[args.locustfile], stop_timeout=0)
        self.runner = self.env.create_master_runner(args.bind, args.port)
        self.cell = None
        for kind, fn in (("ab_progress", self.on_progress), ("ab_result", self.on_result), ("ab_error", self.on_worker_error), ("ab_clock", self.on_clock)):
            self.runner.register_message(kind, fn)

    # -- workers ---------------------------------------------------------------------------------
    def connected(self):
        return [c for c in self.runner.clients.all if c.state != STATE_MISSING]

    def wait_workers(self):
        want, deadline, last = self.args.expect_workers, time.monotonic() + self.args.workers_timeout, -1
        while True:
            n = len(self.runner.clients.ready)
            if n != last:
                emit({"t": "workers", "connected": n, "expected": want})
                last = n
            if n >= want:
                emit({"t": "ready", "workers": [c.id for c in self.runner.clients.ready]})
                return True
            if time.monotonic() > deadline:
                emit({"t": "fatal", "code": "workers-timeout", "connected": n, "expected": want,
                      "message": f"{n} of {want} Locust worker{'s' if want != 1 else ''} connected within {self.args.workers_timeout:g} s"})
                return False
            gevent.sleep(0.1)

    # -- messages from workers ---------------------------------------------------------------------
    def on_progress(self, environment, msg, **_):
        if self.cell and msg.data.get("cellId") == self.cell["id"]:
            self.cell["progress"][msg.node_id] = msg.data

    def on_result(self, environment, msg, **_):
        if self.cell and msg.data.get("cellId") == self.cell["id"]:
            result = msg.data["result"]
            if self.cell["offset"].get(msg.node_id) and "startMs" in self.cell:
                # Counted in the worker's time: its held-request span goes back to the master's instants.
                result["tally"]["held"]["from"], result["tally"]["held"]["to"] = self.cell["startMs"], self.cell["endMs"]
            self.cell["results"][msg.node_id] = result

    def on_clock(self, environment, msg, **_):
        # The worker's clock against ours, halfway through the round trip. A skew within the round
        # trip (or 5 ms) is noise, and is left alone so that local workers keep one window exactly.
        cell = self.cell
        if not cell or msg.data.get("cellId") != cell["id"] or msg.node_id not in cell["sentMs"]:
            return
        sent, recv = cell["sentMs"][msg.node_id], time.time() * 1000.0
        offset, rtt = msg.data["workerMs"] - (sent + recv) / 2, recv - sent
        if abs(offset) > max(5.0, rtt):
            cell["offset"][msg.node_id] = offset
        emit({"t": "clock", "worker": msg.node_id, "offsetMs": offset, "rttMs": rtt, "applied": msg.node_id in cell["offset"]})

    def on_worker_error(self, environment, msg, **_):
        if self.cell and msg.data.get("cellId") == self.cell["id"]:
            emit({"t": "error", "message": f"Locust worker {msg.node_id}: {msg.data.get('message')}"})

    # -- a cell --------------------------------------------------------------------------------------
    def start_cell(self, plan):
        deadline = time.monotonic() + max(30.0, self.args.workers_timeout)
        # Workers come back "ready" a moment after the previous cell's stop.
        while len(self.runner.clients.ready) < self.args.expect_workers or self.runner.clients.running or self.runner.clients.spawning:
            if time.monotonic() > deadline:
                emit({"t": "error", "message": f"only {len(self.runner.clients.ready)} of {self.args.expect_workers} Locust workers are ready for the next cell (a worker was lost)"})
                return
            gevent.sleep(0.05)
        workers = [c.id for c in self.runner.clients.ready]
        self.cell = {"id": plan["cellId"], "workers": workers, "progress": {}, "results": {}, "lost": set(), "sentMs": {}, "offset": {}}
        self.env.host = plan["baseUrl"]
        for wid in workers:
            self.cell["sentMs"][wid] = time.time() * 1000.0
            self.runner.send_message("ab_plan", plan, client_id=wid)
        gevent.spawn(self.runner.start, plan["connections"], plan["connections"])
        gevent.spawn(self.watch, self.cell)
        emit({"t": "started", "workers": workers})

    def watch(self, cell):
        # A worker lost mid-cell errors the cell: its share of the load and of the counts is gone.
        while self.cell is cell:
            for wid in cell["workers"]:
                c = self.runner.clients.get(wid)
                if wid not in cell["lost"] and wid not in cell["results"] and (c is None or c.state == STATE_MISSING):
                    cell["lost"].add(wid)
                    emit({"t": "error", "code": "worker-lost", "message": f"Locust worker {wid} disconnected mid-cell ({len(cell['workers']) - len(cell['lost'])} of {len(cell['workers'])} left)"})
            p = cell["progress"].values()
            emit({"t": "progress", "answered": sum(x["answered"] for x in p), "users": sum(x["users"] for x in p),
                  "ok": sum(x["ok"] for x in p), "failed": sum(x["failed"] for x in p), "workers": len(cell["workers"])})
            gevent.sleep(0.25)

    def window(self, start_ms, end_ms):
        if self.cell:
            cell = self.cell
            cell["startMs"] = start_ms
            for wid in cell["workers"]:
                # Each worker gets the window in its own clock's time (the same instants as ours).
                off = cell["offset"].get(wid, 0.0)
                self.runner.send_message("ab_window", {"startMs": start_ms + off, "endMs": end_ms + off}, client_id=wid)

            def open_window():
                cell["cpu0"] = (cpu_s(), time.time() * 1000.0)

            cell["endMs"] = end_ms
            gevent.spawn_later(max(0.0, (start_ms - time.time() * 1000.0) / 1000.0), open_window)

    def finish(self):
        cell = self.cell
        if not cell:
            emit({"t": "results", "results": []})
            return
        for wid in cell["workers"]:
            self.runner.send_message("ab_finish", {"cellId": cell["id"]}, client_id=wid)
        deadline = time.monotonic() + RESULT_WAIT_S
        while len(cell["results"]) < len(cell["workers"]) and time.monotonic() < deadline:
            gevent.sleep(0.02)
        self.cell = None
        missing = [w for w in cell["workers"] if w not in cell["results"]]
        if missing:
            emit({"t": "error", "code": "worker-lost", "message": f"{len(missing)} of {len(cell['workers'])} Locust workers did not report their counts ({', '.join(missing)}): disconnected mid-cell?"})
        # The master is part of the generator too (heartbeats, relaying): its CPU over the window.
        master_cpu = None
        if "cpu0" in cell:
            cpu0, t0 = cell["cpu0"]
            span_s = max(1e-9, (min(time.time() * 1000.0, cell["endMs"]) - t0) / 1000.0)
            master_cpu = (cpu_s() - cpu0) / span_s * 100.0
        emit({"t": "results", "masterCpuPct": master_cpu, "results": [{"worker": w, **cell["results"][w]} for w in cell["workers"] if w in cell["results"]]})
        gevent.spawn(self.runner.stop)

    def quit(self, code=0):
        # Workers get "quit" and exit; a hard deadline keeps a wedged master from outliving the harness.
        gevent.spawn_later(3, os._exit, code)
        try:
            self.runner.quit()
        finally:
            os._exit(code)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--locustfile", required=True)
    ap.add_argument("--bind", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=5557)
    ap.add_argument("--expect-workers", type=int, default=1)
    ap.add_argument("--workers-timeout", type=float, default=60.0)
    ap.add_argument("--loglevel", default="WARNING")
    args = ap.parse_args()
    setup_logging(args.loglevel)
    logging.getLogger().handlers[0].setStream(sys.stderr) if logging.getLogger().handlers else None

    m = Master(args)
    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        gevent.signal_handler(sig, m.quit, 0)
    emit({"t": "listening", "bind": args.bind, "port": args.port})
    if not m.wait_workers():
        m.quit(3)

    stdin = FileObjectPosix(sys.stdin.fileno(), "rb")
    while True:
        line = stdin.readline()
        if not line:
            m.quit(0)  # the harness went away: take the workers down with us
        try:
            cmd = json.loads(line)
        except ValueError:
            continue
        t = cmd.get("t")
        if t == "cell":
            m.start_cell(cmd["plan"])
        elif t == "window":
            m.window(cmd["startMs"], cmd["endMs"])
        elif t == "finish":
            m.finish()
        elif t == "quit":
            m.quit(0)


if __name__ == "__main__":
    main()
