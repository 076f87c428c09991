import { defineConfig } from 'vitest/config';

// Integration tests start real servers and real load on loopback; they share 2 cores, so
// files run one at a time and each test gets a generous timeout (it asserts invariants, not speed).
export default defineConfig({
  test: {
    include: ['harness/**/*.test.ts', 'scenarios/**/*.test.ts', 'servers/**/*.test.ts'],
    exclude: ['**/node_modules/**', 'servers/django/.venv/**'],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
    reporters: ['default'],
  },
});
