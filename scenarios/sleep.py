# The sleep scenario's request and check for the locust engine: scenarios/sleep.ts in Python, the same
# request and the same verdict on every response. Loaded by the generated locustfile with the runtime
# (harness/load/locust/runtime.py: check_json, expect_field, …) in scope; it binds request and check.


def request(params, state):
    return "GET", f"/sleep?ms={js_num(params['ms'])}", None, None


def check(status, body, params, state, timing):
    ms = params["ms"]
    ok, reason, j = check_json(status, body, lambda j: first_problem(
        lambda: expect_field(j, "scenario", "sleep"), lambda: expect_field(j, "ms", ms), lambda: expect_server_fields(j)))
    return (True, None, {"serverMs": j["serverMs"], "pid": j["pid"]}) if ok else (False, reason, None)
