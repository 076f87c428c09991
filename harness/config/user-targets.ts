// Targets declared in a config file, validated into the same TargetDef the built-in ones use.
// Every problem carries the path of its key, e.g. `targets[1].command[0]: executable not found on PATH`.
import path from 'node:path';
import { placeholdersIn } from '../launcher/placeholders.js';
import { findExecutable } from '../host/executables.js';
import { UNSET_READINESS_PATH } from '../launcher/readiness.js';
import { LAUNCH_KEYS, URL_KEYS } from './item-schemas.js';
import type { ConcurrencyModel, TargetDef, TargetReadiness } from '../types.js';

const MODELS: ConcurrencyModel[] = ['async', 'sync-process', 'sync-threads'];
const SIGNALS = ['SIGTERM', 'SIGINT', 'SIGQUIT'];
const PLACEHOLDERS = ['port', 'workers', 'threads', 'host'];

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isLoopback = (host: string) => /^(127\.\d+\.\d+\.\d+|localhost|\[::1\]|::1)$/i.test(host);

function argv(v: unknown, at: string, problems: string[]): string[] | null {
  if (!Array.isArray(v) || v.length === 0 || !v.every((x) => typeof x === 'string')) {
    problems.push(`${at}: expected a non-empty array of strings (an argv array such as ["gunicorn", "app.wsgi"], never one shell string)`);
    return null;
  }
  return v as string[];
}

/** Without a path, the catalog gives the target its first scenario's path, ready on any status below 500. */
function readiness(v: unknown, at: string, problems: string[]): TargetReadiness {
  const out: TargetReadiness = { path: UNSET_READINESS_PATH, timeoutMs: 30_000 };
  if (v === undefined) return out;
  if (!isObj(v)) {
    problems.push(`${at}: expected {"path": "/health", "timeoutMs": 30000}`);
    return out;
  }
  if (v.path !== undefined) {
    if (typeof v.path !== 'string' || !v.path.startsWith('/')) problems.push(`${at}.path: expected a path starting with /`);
    else out.path = v.path;
  }
  if (v.accept !== undefined) {
    if (v.accept !== 'ok' && v.accept !== 'non5xx') problems.push(`${at}.accept: expected "ok" (200 only) or "non5xx" (any status below 500)`);
    else out.accept = v.accept;
  }
  if (v.timeoutMs !== undefined) {
    if (typeof v.timeoutMs !== 'number' || v.timeoutMs < 100) problems.push(`${at}.timeoutMs: expected milliseconds, at least 100`);
    else out.timeoutMs = v.timeoutMs;
  }
  return out;
}

function modelOf(t: Obj, at: string, problems: string[], required: boolean): ConcurrencyModel | undefined {
  if (t.model === undefined) {
    if (required) problems.push(`${at}.model: required: one of ${MODELS.join(', ')} (it decides the Little's-law ceiling)`);
    return undefined;
  }
  if (!MODELS.includes(t.model as ConcurrencyModel)) {
    problems.push(`${at}.model: "${String(t.model)}" is not one of ${MODELS.join(', ')}`);
    return undefined;
  }
  if (t.model === 'sync-threads' && t.threads !== undefined && !(Number.isInteger(t.threads) && (t.threads as number) >= 1)) {
    problems.push(`${at}.threads: expected a whole number of threads per worker, at least 1`);
  }
  return t.model as ConcurrencyModel;
}

function unknownKeys(t: Obj, known: string[], at: string, problems: string[]): void {
  for (const k of Object.keys(t)) if (!known.includes(k) && !k.startsWith('//')) problems.push(`${at}.${k}: unknown key (known: ${known.join(', ')})`);
}

/** Validates one config target; `baseDir` is the config file's folder, which relative paths start from. */
export function parseUserTarget(
  raw: unknown,
  at: string,
  baseDir: string,
  source: string,
  opts: { allowRemote: boolean },
  problems: string[],
): TargetDef | null {
  if (!isObj(raw)) {
    problems.push(`${at}: expected a target object or the name of a built-in target`);
    return null;
  }
  const name = raw.name;
  if (typeof name !== 'string' || !/^[A-Za-z0-9][\w.-]*$/.test(name)) problems.push(`${at}.name: expected a name of letters, digits, ".", "_" or "-"`);
  if (raw.pidHeader !== undefined && !(typeof raw.pidHeader === 'string' && /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(raw.pidHeader)))
    problems.push(`${at}.pidHeader: expected a header name, e.g. "x-worker-pid" (a response header holding the pid of the worker process that answered)`);
  const common = { name: name as string, description: typeof raw.description === 'string' ? raw.description : '', source };
  return 'url' in raw ? parseUrlTarget(raw, at, common, opts, problems) : parseLaunchTarget(raw, at, baseDir, common, problems);
}

type Common = { name: string; description: string; source: string };

/** A server that is already running (`url`): loopback unless --allow-remote. */
function parseUrlTarget(raw: Obj, at: string, c: Common, opts: { allowRemote: boolean }, problems: string[]): TargetDef | null {
  const before = problems.length;
  unknownKeys(raw, URL_KEYS, at, problems);
  let url: URL | null = null;
  try {
    url = new URL(String(raw.url));
    if (url.protocol !== 'http:') problems.push(`${at}.url: only http:// is supported`);
  } catch {
    problems.push(`${at}.url: "${String(raw.url)}" is not a URL such as http://127.0.0.1:8000`);
  }
  if (url && !isLoopback(url.hostname) && !opts.allowRemote) {
    problems.push(`${at}.url: ${url.hostname} is not loopback; load goes to 127.0.0.1 only unless you pass --allow-remote`);
  }
  const model = modelOf(raw, at, problems, false);
  const ready = readiness(raw.readiness, `${at}.readiness`, problems);
  if (problems.length > before) return null;
  return {
    kind: 'url',
    ...c,
    description: c.description || `already running at ${url?.origin}`,
    url: String(raw.url).replace(/\/$/, ''),
    model,
    threads: raw.threads as number | undefined,
    readiness: ready,
    scenarios: raw.scenarios as string[] | undefined,
    family: raw.family as string | undefined,
    views: raw.views as 'async' | 'sync' | undefined,
    pidHeader: raw.pidHeader as string | undefined,
  };
}

/** A server asyncbench launches (`command`): argv, cwd, env, setup, stop, model. */
function parseLaunchTarget(raw: Obj, at: string, baseDir: string, c: Common, problems: string[]): TargetDef | null {
  const before = problems.length;
  unknownKeys(raw, LAUNCH_KEYS, at, problems);
  const command = argv(raw.command, `${at}.command`, problems);
  const cwd =
    raw.cwd === undefined
      ? baseDir
      : typeof raw.cwd === 'string'
        ? path.resolve(baseDir, raw.cwd)
        : (problems.push(`${at}.cwd: expected a folder path`), baseDir);
  if (command) checkCommand(raw, command, cwd, at, problems);
  if (raw.env !== undefined && (!isObj(raw.env) || !Object.values(raw.env).every((v) => typeof v === 'string')))
    problems.push(`${at}.env: expected an object of string values`);
  const setup = setupCommands(raw.setup, cwd, at, problems);
  const stop = stopOf(raw.stop, at, problems);
  const model = modelOf(raw, at, problems, true);
  const ready = readiness(raw.readiness, `${at}.readiness`, problems);
  if (problems.length > before || !command || !model) return null;
  return {
    kind: 'launch',
    ...c,
    description: c.description || command.join(' '),
    command,
    cwd,
    env: raw.env as Record<string, string> | undefined,
    readiness: ready,
    stop,
    model,
    threads: raw.threads as number | undefined,
    setup,
    scenarios: raw.scenarios as string[] | undefined,
    perWorkerLimit: raw.perWorkerLimit as Record<string, number> | undefined,
    limitNotes: raw.limitNotes as Record<string, string> | undefined,
    family: raw.family as string | undefined,
    views: raw.views as 'async' | 'sync' | undefined,
    pidHeader: raw.pidHeader as string | undefined,
  };
}

/** The command's program exists, and it takes its port from {port} (in argv or env). */
function checkCommand(raw: Obj, command: string[], cwd: string, at: string, problems: string[]): void {
  const exe = command[0] as string;
  if (!findExecutable(exe, cwd))
    problems.push(`${at}.command[0]: executable not found ${exe.includes('/') ? `at ${path.resolve(cwd, exe)}` : 'on PATH'}: ${exe}`);
  const used = command.flatMap(placeholdersIn);
  for (const p of used)
    if (!PLACEHOLDERS.includes(p)) problems.push(`${at}.command: unknown placeholder {${p}} (known: ${PLACEHOLDERS.map((x) => `{${x}}`).join(', ')})`);
  const envUsed = isObj(raw.env) ? Object.values(raw.env).flatMap((v) => (typeof v === 'string' ? placeholdersIn(v) : [])) : [];
  if (!used.includes('port') && !envUsed.includes('port'))
    problems.push(`${at}.command: must contain {port} (or pass it in env, e.g. "PORT": "{port}"), so that asyncbench can give each launch a free port`);
}

function setupCommands(raw: unknown, cwd: string, at: string, problems: string[]): string[][] {
  const setup: string[][] = [];
  if (raw === undefined) return setup;
  if (!Array.isArray(raw)) {
    problems.push(`${at}.setup: expected an array of argv arrays, e.g. [["python", "manage.py", "migrate"]]`);
    return setup;
  }
  raw.forEach((c, i) => {
    const a = argv(c, `${at}.setup[${i}]`, problems);
    if (a && !findExecutable(a[0] as string, cwd)) problems.push(`${at}.setup[${i}][0]: executable not found: ${a[0]}`);
    if (a) setup.push(a);
  });
  return setup;
}

function stopOf(raw: unknown, at: string, problems: string[]): { signal: 'SIGTERM' | 'SIGINT' | 'SIGQUIT'; graceMs: number } {
  const stop = { signal: 'SIGTERM' as const, graceMs: 5000 };
  if (raw === undefined) return stop;
  const s = raw as Obj;
  if (!isObj(s) || (s.signal !== undefined && !SIGNALS.includes(String(s.signal))) || (s.graceMs !== undefined && typeof s.graceMs !== 'number')) {
    problems.push(`${at}.stop: expected {"signal": "SIGTERM"|"SIGINT"|"SIGQUIT", "graceMs": 5000}`);
    return stop;
  }
  return { signal: (s.signal ?? 'SIGTERM') as 'SIGTERM', graceMs: (s.graceMs as number | undefined) ?? 5000 };
}
