// The structure check must fail on each thing it exists to catch: a tree with one planted circle,
// one upward import, one long function, one file without its why-comment and one production import
// of a test helper reports each of them, and the same tree without them reports nothing.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_FUNCTION_LINES, structureProblems } from './lint-structure.js';

const FLOORS = [['harness'], ['harness/low'], ['harness/high']];
let root = '';

function plant(files: Record<string, string>): string {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'asyncbench-lint-'));
  fs.writeFileSync(
    path.join(root, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', strict: true }, include: ['harness/**/*.ts'] }),
  );
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  }
  return root;
}

const check = (r: string) => structureProblems({ root: r, dirs: ['harness'], floors: FLOORS, roof: 'harness/index.ts' });
const body = (n: number) => Array.from({ length: n }, (_, i) => `  x += ${i};`).join('\n');

const CLEAN: Record<string, string> = {
  'harness/types.ts': '// Shared types.\nexport type Id = string;\n',
  'harness/low/a.ts': "// A low module.\nimport type { Id } from '../types.js';\nexport const a = (id: Id): Id => id;\n",
  'harness/high/b.ts': `// A high module that uses the low one.\nimport { a } from '../low/a.js';\nexport function b(): string {\n  let x = 0;\n${body(MAX_FUNCTION_LINES - 4)}\n  return a(String(x));\n}\n`,
  'harness/index.ts': "// The roof.\nexport { b } from './high/b.js';\n",
  'harness/testing/helper.ts': "// A test helper.\nimport { b } from '../high/b.js';\nexport const h = b;\n",
};

afterEach(() => {
  if (root) fs.rmSync(root, { recursive: true, force: true });
  root = '';
});

describe('lint-structure', () => {
  it('passes a tree in shape (a function of exactly the limit included)', async () => {
    expect(await check(plant(CLEAN))).toEqual([]);
  });

  it('names a planted import circle, an upward import, a long function, a missing why-comment and a test helper in production', async () => {
    const problems = await check(
      plant({
        ...CLEAN,
        // circle inside one room
        'harness/low/c1.ts': "// c1.\nimport { c2 } from './c2.js';\nexport const c1 = (): number => c2() + 1;\n",
        'harness/low/c2.ts': "// c2.\nimport type { c1 } from './c1.js';\nexport const c2 = (): number => 0;\nexport type C = typeof c1;\n",
        // a low room importing a higher one (no circle: b does not import it)
        'harness/low/up.ts': "// up.\nimport { b } from '../high/b.js';\nexport const up = b;\n",
        'harness/high/long.ts': `// long.\nexport function long(): number {\n  let x = 0;\n${body(MAX_FUNCTION_LINES - 3)}\n  return x;\n}\n`,
        'harness/high/bare.ts': "import { a } from '../low/a.js';\nexport const bare = a;\n",
        'harness/high/uses-helper.ts': "// uses a test helper.\nimport { h } from '../testing/helper.js';\nexport const u = h;\n",
      }),
    );
    const has = (re: RegExp) =>
      expect(
        problems.some((p) => re.test(p)),
        `${re} in:\n${problems.join('\n')}`,
      ).toBe(true);
    has(/^import circle: harness\/low\/c1\.ts → harness\/low\/c2\.ts$/);
    has(/^harness\/low\/up\.ts imports harness\/high\/b\.ts: harness\/low \(floor 1\) may import only folders below it, and harness\/high is on floor 2/);
    has(new RegExp(`^harness/high/long\\.ts:2: long is ${MAX_FUNCTION_LINES + 1} lines`));
    has(/^harness\/high\/bare\.ts: opens with no comment/);
    has(/^harness\/high\/uses-helper\.ts imports harness\/testing\/helper\.ts: production code must not depend on tests/);
    expect(problems).toHaveLength(5);
  });

  it('names a folder that is on no floor', async () => {
    const problems = await check(plant({ ...CLEAN, 'harness/attic/x.ts': '// x.\nexport const x = 1;\n' }));
    expect(problems).toEqual(['harness/attic/x.ts: folder harness/attic is on no floor; add it to FLOORS in harness/build/floors.ts']);
  });
});
