/* sleep(ms) and sleep_calls() for SQLite, as a loadable extension (servers/CONTRACT.md, /db).
 *
 * The async Node server queries through node-sqlite3, which runs each query on libuv's threadpool
 * (native threads, no V8 isolate per thread) but cannot register JavaScript functions; so the
 * engine-side wait the contract asks for is this C function. sleep(ms) blocks the calling thread,
 * inside the query, without CPU (nanosleep), as a real slow query's wait does; sleep_calls() is how
 * many times sleep() has run on this connection, so the server can count the calls per query.
 * Built by sqlite-sleep.ts with the system C compiler and SQLite's header (libsqlite3-dev). */
#include <sqlite3ext.h>
SQLITE_EXTENSION_INIT1
#include <errno.h>
#include <time.h>
typedef struct { sqlite3_int64 calls; } Counter;
static void sleep_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  Counter *c = sqlite3_user_data(ctx);
  double ms = sqlite3_value_double(argv[0]);
  c->calls++;
  if (ms > 0) {
    struct timespec ts = { (time_t)(ms / 1000), (long)((ms - 1000.0 * (time_t)(ms / 1000)) * 1e6) };
    while (nanosleep(&ts, &ts) == -1 && errno == EINTR) {}
  }
  sqlite3_result_int(ctx, 0);
}
static void calls_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  sqlite3_result_int64(ctx, ((Counter *)sqlite3_user_data(ctx))->calls);
}
int sqlite3_extension_init(sqlite3 *db, char **err, const sqlite3_api_routines *api) {
  SQLITE_EXTENSION_INIT2(api);
  Counter *c = sqlite3_malloc(sizeof *c);
  if (!c) return SQLITE_NOMEM;
  c->calls = 0;
  int rc = sqlite3_create_function_v2(db, "sleep_calls", 0, SQLITE_UTF8, c, calls_fn, 0, 0, 0);
  if (rc == SQLITE_OK) rc = sqlite3_create_function_v2(db, "sleep", 1, SQLITE_UTF8, c, sleep_fn, 0, 0, sqlite3_free);
  return rc;
}
