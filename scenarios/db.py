# The db scenario's request and check for the locust engine: scenarios/db.ts in Python, the same
# request and the same verdict on every response. Loaded by the generated locustfile with the runtime
# (harness/load/locust/runtime.py: check_json, expect_field, …) in scope; it binds request and check.


def _check_books(books, rows):
    if not isinstance(books, list):
        return "books is not an array"
    if len(books) != rows:
        return f"books has {len(books)} rows, expected {rows}"
    for i, b in enumerate(books):
        if not isinstance(b, dict) or not same(b.get("id"), i + 1) or b.get("title") != f"Book {i + 1}":
            return f"books[{i}] is {js_json(b)}, expected id {i + 1} titled \"Book {i + 1}\""
    return None


def request(params, state):
    return "GET", f"/db?rows={js_num(params['rows'])}&delay_ms={js_num(params['delay_ms'])}", None, None


def check(status, body, params, state, timing):
    rows = params["rows"]
    ok, reason, j = check_json(status, body, lambda j: first_problem(
        lambda: expect_field(j, "scenario", "db"), lambda: expect_field(j, "rows", rows),
        lambda: expect_field(j, "delay_ms", params["delay_ms"]), lambda: expect_field(j, "sleepCalls", 1),
        lambda: expect_server_fields(j), lambda: _check_books(j.get("books"), rows)))
    return (True, None, {"serverMs": j["serverMs"], "pid": j["pid"]}) if ok else (False, reason, None)
