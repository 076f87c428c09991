# The longpoll scenario's request and check for the locust engine: scenarios/longpoll.ts in Python, the same
# request and the same verdict on every response. Loaded by the generated locustfile with the runtime
# (harness/load/locust/runtime.py: check_json, expect_field, …) in scope; it binds request and check.


def request(params, state):
    after = state.get("lastEvent", 0)
    return "GET", f"/longpoll?after={js_num(after)}&timeout_ms={js_num(params['timeout_ms'])}&period_ms={js_num(params['period_ms'])}", None, None


def check(status, body, params, state, timing):
    period = params["period_ms"]
    after = state.get("lastEvent", 0)

    def fields(j):
        base = first_problem(
            lambda: expect_field(j, "scenario", "longpoll"), lambda: expect_field(j, "period_ms", period),
            lambda: expect_field(j, "timeout_ms", params["timeout_ms"]), lambda: expect_field(j, "after", after),
            lambda: expect_server_fields(j))
        if base:
            return base
        if j.get("timedOut") is True:
            return None if j.get("event", MISSING) is None else "timed out but event is not null"
        event = j.get("event", MISSING)
        if not is_int(event) or event <= after:
            return f"event is {js_json(event) or 'undefined'}, expected an integer after {js_num(after)}"
        if not same(j.get("firedAtMs"), event * period):
            return f"firedAtMs is {js_json(j.get('firedAtMs', MISSING)) or 'undefined'}, expected {js_num(event * period)}"
        missed = max(0, event - after - 1) if after > 0 else 0
        return expect_field(j, "missed", missed)

    ok, reason, j = check_json(status, body, fields)
    if not ok:
        return False, reason, None
    if isinstance(j.get("event"), (int, float)) and not isinstance(j.get("event"), bool):
        state["lastEvent"] = j["event"]
    fired = j.get("firedAtMs")
    lag = max(0.0, timing["sentAtMs"] + timing["doneMs"] - fired) if isinstance(fired, (int, float)) and timing else None
    return True, None, {
        "serverMs": j["serverMs"], "pid": j["pid"], "deliveryLagMs": lag,
        "missedEvents": j.get("missed") or 0, "timedOut": 1 if j.get("timedOut") is True else 0,
    }
