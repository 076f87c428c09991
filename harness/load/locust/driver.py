# The Locust master, driven by the harness (harness/load/locust/session.ts) over JSON lines: commands
# on stdin, events on stdout; Locust's own logging goes to stderr. It runs Locust's MasterRunner
# through the library API, so the harness owns the cell's window while Locust owns the workers:
# it waits for the expected workers, then per cell sends the plan (the scenario's generated Python,
# its params) and spawns one user per connection, relays progress, forwards the window the harness
# decides, and relays every worker's result (an encoded µs histogram and exact counts) untouched.
#
# A worker lost mid-cell errors that cell only: the harness abandons it, the master forgets the lost
# worker and the others serve the next cell, with fewer workers when --workers-min allows (issue 22
# item 12). Who may join, and when, is admission.py's. The window comes in the harness's clock,
# with the master's offset from it; each worker gets it in its own clock (item 16).
#
#   stdin:  {"t":"clock","harnessMs":..} {"t":"cell","plan":{...}} {"t":"window","startMs":..,"endMs":..,"masterOffsetMs":..}
#           {"t":"finish"} {"t":"abandon"} {"t":"quit"}
#   stdout: {"t":"listening","port":..} {"t":"workers","connected":k} {"t":"ready","workers":[..]} {"t":"clock-master",..}
#           {"t":"short","workers":k,"expected":n,"min":m} {"t":"worker-held"|"worker-refused",..} {"t":"clock",..}
#           {"t":"progress",..} {"t":"results","results":[..]} {"t":"error","message":..} {"t":"fatal","code":..,"message":..}
import argparse
import importlib.util
import json
import logging
import os
import re
import resource
import signal
import sys
import time

import locust  # noqa: F401  (monkey-patches the standard library for gevent first)
import gevent
from gevent.fileobject import FileObjectPosix
from locust.env import Environment
from locust.log import setup_logging
from locust.exception import RPCError
from locust.runners import STATE_MISSING

from admission import Admission

RESULT_WAIT_S = 10.0


# Tests only: pretend the master's clock is off by this much (runtime.py reads the same for a worker's).
_CLOCK_SKEW_MS = float(os.environ.get("ASYNCBENCH_TEST_CLOCK_SKEW_MS", "0") or 0)


def now_ms():
    return time.time() * 1000.0 + _CLOCK_SKEW_MS


def cpu_s():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


MASTER = None


def emit(obj):
    try:
        sys.stdout.write(json.dumps(obj) + "\n")
        sys.stdout.flush()
    except OSError:
        # The harness is gone (a closed pipe): take the workers down with us.
        if MASTER is not None:
            gevent.spawn(MASTER.quit, 0)
        else:
            os._exit(0)


def load_user_class(path):
    spec = importlib.util.spec_from_file_location("asyncbench_locustfile", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod.AsyncbenchUser


class Master:
    def __init__(self, args):
        self.args = args
        self.min = args.workers_min or args.expect_workers
        user = load_user_class(args.locustfile)
        self.env = Environment(user_classes=[user], parsed_locustfiles=[args.locustfile], stop_timeout=0)
        self.runner = self.env.create_master_runner(args.bind, args.port)
        self.cell = None
        self.local_pgids = set()
        self.admission = Admission(self.runner, emit, lambda: self.cell is not None)
        for kind, fn in (("ab_progress", self.on_progress), ("ab_result", self.on_result), ("ab_error", self.on_worker_error), ("ab_clock", self.on_clock)):
            self.runner.register_message(kind, fn)

    # -- workers (admission.py decides who, and when) --------------------------------------------
    def wait_workers(self):
        return self.admission.wait_first(self.args.expect_workers, self.min, self.args.workers_timeout)

    def workers_for_cell(self):
        return self.admission.for_cell(self.args.expect_workers, self.min, self.args.workers_timeout)

    # -- messages from workers ---------------------------------------------------------------------
    def on_progress(self, environment, msg, **_):
        if self.cell and msg.data.get("cellId") == self.cell["id"]:
            self.cell["progress"][msg.node_id] = msg.data

    def on_result(self, environment, msg, **_):
        if self.cell and msg.data.get("cellId") == self.cell["id"]:
            result = msg.data["result"]
            corr = self.cell["corr"].get(msg.node_id, 0.0)
            if corr and "startMs" in self.cell:
                # Counted in the worker's time: its held-request span goes back to the harness's instants.
                result["tally"]["held"]["from"], result["tally"]["held"]["to"] = self.cell["startMs"], self.cell["endMs"]
            result["clockCorrectionMs"] = corr if abs(corr) > 1.0 else None
            self.cell["results"][msg.node_id] = result

    def on_clock(self, environment, msg, **_):
        # The worker's clock against ours, halfway through the round trip. Within half the round trip
        # (plus 1 ms) the skew is noise, left alone, so that local workers keep one window exactly.
        cell = self.cell
        if not cell or msg.data.get("cellId") != cell["id"] or msg.node_id not in cell["sentMs"]:
            return
        sent, recv = cell["sentMs"][msg.node_id], now_ms()
        offset, rtt = msg.data["workerMs"] - (sent + recv) / 2, recv - sent
        if abs(offset) > rtt / 2 + 1.0:
            cell["offset"][msg.node_id] = offset
        emit({"t": "clock", "worker": msg.node_id, "offsetMs": offset, "rttMs": rtt, "applied": msg.node_id in cell["offset"]})

    def on_worker_error(self, environment, msg, **_):
        if self.cell and msg.data.get("cellId") == self.cell["id"]:
            emit({"t": "error", "message": f"Locust worker {msg.node_id}: {msg.data.get('message')}"})

    # -- a cell --------------------------------------------------------------------------------------
    def start_cell(self, plan):
        ready = self.workers_for_cell()
        if ready is None:
            return
        workers = [c.id for c in ready]
        if len(workers) < self.args.expect_workers:
            emit({"t": "short", "workers": len(workers), "expected": self.args.expect_workers, "min": self.min})
        self.cell = {"id": plan["cellId"], "workers": workers, "progress": {}, "results": {}, "lost": set(), "sentMs": {}, "offset": {}, "corr": {}}
        self.env.host = plan["baseUrl"]
        for wid in workers:
            self.cell["sentMs"][wid] = now_ms()
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

    def window(self, start_ms, end_ms, master_offset):
        """The window in the harness's clock; master_offset takes it to ours, each worker's offset to its own."""
        if self.cell:
            cell = self.cell
            cell["startMs"], cell["endMs"], cell["masterEndMs"] = start_ms, end_ms, end_ms + master_offset
            for wid in cell["workers"]:
                off = master_offset + cell["offset"].get(wid, 0.0)
                cell["corr"][wid] = off
                self.runner.send_message("ab_window", {"startMs": start_ms + off, "endMs": end_ms + off}, client_id=wid)

            def open_window():
                cell["cpu0"] = (cpu_s(), now_ms())

            gevent.spawn_later(max(0.0, (start_ms + master_offset - now_ms()) / 1000.0), open_window)

    def abandon(self):
        """The harness gave the cell up (a worker was lost): the others stop and wait for the next one."""
        cell, self.cell = self.cell, None
        if cell:
            self.admission.last_workers = set(cell["workers"]) - cell["lost"]
            for wid in cell["workers"]:
                if wid not in cell["lost"]:
                    self.runner.send_message("ab_finish", {"cellId": cell["id"]}, client_id=wid)
        gevent.spawn(self.runner.stop)

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
        self.admission.last_workers = set(cell["results"])
        missing = [w for w in cell["workers"] if w not in cell["results"]]
        if missing:
            emit({"t": "error", "code": "worker-lost", "message": f"{len(missing)} of {len(cell['workers'])} Locust workers did not report their counts ({', '.join(missing)}): disconnected mid-cell?"})
        # The master is part of the generator too (heartbeats, relaying): its CPU over the window.
        master_cpu = None
        if "cpu0" in cell:
            cpu0, t0 = cell["cpu0"]
            span_s = max(1e-9, (min(now_ms(), cell["masterEndMs"]) - t0) / 1000.0)
            master_cpu = (cpu_s() - cpu0) / span_s * 100.0
        emit({"t": "results", "masterCpuPct": master_cpu, "results": [{"worker": w, **cell["results"][w]} for w in cell["workers"] if w in cell["results"]]})
        gevent.spawn(self.runner.stop)

    def quit(self, code=0):
        # Workers get "quit" and exit; a hard deadline keeps a wedged master from outliving the harness.
        gevent.spawn_later(3, os._exit, code)
        try:
            self.runner.quit()
        finally:
            # The harness's local workers too, connected or not yet (one still connecting would retry for minutes).
            for pgid in self.local_pgids:
                try:
                    os.killpg(pgid, signal.SIGTERM)
                except OSError:
                    pass
            os._exit(code)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--locustfile", required=True)
    ap.add_argument("--bind", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=5557)
    ap.add_argument("--expect-workers", type=int, default=1)
    ap.add_argument("--workers-min", type=int, default=0)
    ap.add_argument("--workers-timeout", type=float, default=60.0)
    ap.add_argument("--loglevel", default="WARNING")
    args = ap.parse_args()
    setup_logging(args.loglevel)
    logging.getLogger().handlers[0].setStream(sys.stderr) if logging.getLogger().handlers else None

    global MASTER
    try:
        m = Master(args)
    except RPCError as e:
        # A busy port: one line for the harness to show, not a traceback.
        why = re.sub(r"^Socket bind failure: |\s*\(addr=.*\)$", "", str(e))
        emit({"t": "fatal", "code": "master-port", "message": f"the Locust master cannot listen on {args.bind}:{args.port}: {why}"})
        os._exit(3)
    MASTER = m
    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        gevent.signal_handler(sig, m.quit, 0)
    # Commands are read from the start: a harness that dies while workers connect is noticed at once.
    reader = gevent.spawn(read_commands, m)
    # --port 0: the kernel's free port, read back (the harness prints it for remote workers).
    emit({"t": "listening", "bind": args.bind, "port": m.runner.server.port})
    if not m.wait_workers():
        m.quit(3)
    reader.join()


def read_commands(m):
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
        if t == "clock":
            # Against the harness's clock, the one that sets the window: it takes half the round trip.
            emit({"t": "clock-master", "harnessMs": cmd["harnessMs"], "masterMs": now_ms()})
        elif t == "local-workers":
            m.local_pgids.update(int(p) for p in cmd["pgids"])
        elif t == "cell":
            m.start_cell(cmd["plan"])
        elif t == "window":
            m.window(cmd["startMs"], cmd["endMs"], float(cmd.get("masterOffsetMs") or 0.0))
        elif t == "finish":
            m.finish()
        elif t == "abandon":
            m.abandon()
        elif t == "quit":
            m.quit(0)


if __name__ == "__main__":
    main()
