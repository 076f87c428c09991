// Starts co-fixture-server.ts as a real process on a free loopback port, for tests.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { PACKAGE_ROOT } from '../package-root.js';

export interface CoFixture {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

export const CO_FIXTURE_SERVER = path.join(PACKAGE_ROOT, 'harness/testing/co-fixture-server.ts');

export function startCoFixture(flags: string[] = []): Promise<CoFixture> {
  const child = spawn(process.execPath, ['--import', 'tsx', CO_FIXTURE_SERVER, '--port', '0', ...flags], {
    cwd: PACKAGE_ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error('co-fixture server did not start within 15 s')), 15_000);
    child.once('exit', (code) => reject(new Error(`co-fixture server exited with ${code}`)));
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening (\d+)/.exec(out);
      if (!m) return;
      clearTimeout(timer);
      resolve({
        url: `http://127.0.0.1:${m[1]}`,
        child,
        stop: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null) return done();
            child.removeAllListeners('exit');
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
      });
    });
  });
}
