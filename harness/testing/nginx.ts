// nginx with the echo module as an independent server for checking the load generator: its
// /sleep holds every request 100 ms on an event loop without CPU (ceiling = connections ÷ 0.1 s)
// and its /hello answers at nginx's own speed. `npm run setup` installs it (Debian nginx-light and
// libnginx-mod-http-echo); tests that need it skip with this module's reason where it is absent.
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { checkJson, defineScenario, expectField } from '../../scenarios/define.js';
import { PACKAGE_ROOT } from '../package-root.js';
import type { LaunchedTargetDef, ScenarioDef } from '../types.js';

const HERE = 'harness/testing/nginx.ts';
export const ECHO_MODULE = '/usr/lib/nginx/modules/ngx_http_echo_module.so';

/** Why nginx cannot run here, or null when it can. */
export function nginxMissing(): string | null {
  try {
    execFileSync('nginx', ['-v'], { stdio: 'ignore' });
  } catch {
    return 'nginx is not installed (Debian: apt-get install nginx-light libnginx-mod-http-echo; npm run setup does it)';
  }
  return fs.existsSync(ECHO_MODULE) ? null : 'the nginx echo module is missing (Debian: apt-get install libnginx-mod-http-echo)';
}

export function nginxTarget(over: Partial<LaunchedTargetDef> = {}): LaunchedTargetDef {
  return {
    kind: 'launch',
    name: 'nginx-echo',
    description: 'nginx + echo module: an independent event-loop server with a known ceiling (test fixture)',
    command: ['bash', path.join(PACKAGE_ROOT, 'harness/testing/nginx-run.sh'), '{port}', '{workers}'],
    cwd: PACKAGE_ROOT,
    readiness: { path: '/health', timeoutMs: 10_000 },
    stop: { signal: 'SIGTERM', graceMs: 2_000 },
    model: 'async',
    scenarios: ['nginx-hello', 'nginx-sleep'],
    ...over,
  };
}

const origin = (exportName: string) => ({ kind: 'module' as const, file: HERE, exportName });

/** GET /hello: no delay, the generator's own ceiling. */
export const nginxHello: ScenarioDef = defineScenario({
  id: 'nginx-hello',
  title: 'nginx hello (no delay)',
  explanation: 'A constant JSON body from nginx: measures the load generator, not the server.',
  params: {},
  request: () => ({ method: 'GET', path: '/hello' }),
  check: (status, body) => {
    const r = checkJson(status, body, (j) => expectField(j, 'scenario', 'hello'));
    return r.ok ? { ok: true, facts: { pid: r.json?.pid as number } } : r;
  },
  origin: origin('nginxHello'),
});

/** GET /sleep: held 100 ms by echo_sleep; ceiling connections ÷ 0.1 s. */
export const nginxSleep: ScenarioDef = defineScenario({
  id: 'nginx-sleep',
  title: 'nginx 100 ms sleep',
  explanation: 'nginx holds each request 100 ms on its event loop (echo_sleep) without CPU.',
  params: {},
  request: () => ({ method: 'GET', path: '/sleep' }),
  check: (status, body) => {
    const r = checkJson(status, body, (j) => expectField(j, 'scenario', 'sleep') ?? expectField(j, 'ms', 100));
    return r.ok ? { ok: true, facts: { pid: r.json?.pid as number } } : r;
  },
  floorLatencyMs: () => 100,
  ceilingRps: ({ connections }) => connections / 0.1,
  origin: origin('nginxSleep'),
});
