// The db scenario: one query that waits inside the database engine (a sleep() called once per query)
// and returns rows; the same ceiling as sleep, capped where a target declares its pool.
import { ceilingFromDelay } from '../harness/theory/ceiling.js';
import { checkJson, defineScenario, expectField, expectServerFields, firstProblem, num, pythonBeside } from './define.js';

function checkBooks(books: unknown, rows: number): string | null {
  if (!Array.isArray(books)) return 'books is not an array';
  if (books.length !== rows) return `books has ${books.length} rows, expected ${rows}`;
  for (let i = 0; i < books.length; i++) {
    const b = books[i] as Record<string, unknown>;
    const id = i + 1;
    if (b?.id !== id || b.title !== `Book ${id}`) {
      return `books[${i}] is ${JSON.stringify(b)}, expected id ${id} titled "Book ${id}"`;
    }
  }
  return null;
}

export default defineScenario({
  locustCheck: pythonBeside(import.meta.url, 'db.py'),
  id: 'db',
  title: 'Database query that waits in the engine',
  explanation:
    'Each request runs ONE SQL query that waits inside the database engine (SQLite: a registered sleep() ' +
    'function called once per query; PostgreSQL: pg_sleep) and then returns rows. The wait is where a real slow ' +
    'query spends its time. Sync workers block on it. Async servers overlap queries only as far as their database ' +
    'path allows: node-async queries SQLite through node-sqlite3 on a few connections per process (the queries run on ' +
    "libuv's threadpool), a limit it declares and the " +
    "ceiling accounts for. Django's async ORM hands each query to a thread (sync_to_async); since Django 5.x every ASGI " +
    'request gets its own thread-sensitive context, so queries do not serialise per process, but each costs thread hops.',
  params: {
    rows: { default: 20, unit: 'rows', description: 'books returned per query', min: 1, max: 500 },
    delay_ms: { default: 50, unit: 'ms', description: 'time the query waits inside the engine', min: 0, max: 60_000 },
  },
  request: (params) => ({ method: 'GET', path: `/db?rows=${num(params, 'rows')}&delay_ms=${num(params, 'delay_ms')}` }),
  check(status, body, params) {
    const rows = num(params, 'rows');
    const res = checkJson(status, body, (j) =>
      firstProblem(
        expectField(j, 'scenario', 'db'),
        expectField(j, 'rows', rows),
        expectField(j, 'delay_ms', num(params, 'delay_ms')),
        expectField(j, 'sleepCalls', 1),
        expectServerFields(j),
        checkBooks(j.books, rows),
      ),
    );
    return res.ok ? { ok: true, facts: { serverMs: res.json?.serverMs as number, pid: res.json?.pid as number } } : res;
  },
  floorLatencyMs: (params) => num(params, 'delay_ms'),
  ceilingRps: ({ slots, params }) => ceilingFromDelay(slots, num(params, 'delay_ms')) ?? undefined,
});
