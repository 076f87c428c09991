// The README's layout is the tree as it is (issue 24): every folder of harness/ is listed, none that
// is gone, and each floor printed beside a folder is the one harness/build/floors.ts gives it.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../package-root.js';
import { FLOORS } from './floors.js';

const README = fs.readFileSync(path.join(PACKAGE_ROOT, 'README.md'), 'utf8');

/** The folders the Layout block lists under harness/, with the floor printed beside each (null: none). */
function listed(): Map<string, number | null> {
  const block = /## Layout\n\n```\n([\s\S]*?)\n```/.exec(README)?.[1] ?? '';
  const out = new Map<string, number | null>();
  let inHarness = false;
  for (const line of block.split('\n')) {
    if (/^\S/.test(line)) inHarness = line.startsWith('harness/');
    const m = /^ {2}(?:(\d) )?([a-z-]+)\/\s/.exec(line);
    if (inHarness && m) out.set(`harness/${m[2]}`, m[1] === undefined ? null : Number(m[1]));
  }
  return out;
}

describe('README layout', () => {
  it('lists every folder of harness/ and no other', () => {
    const dirs = fs
      .readdirSync(path.join(PACKAGE_ROOT, 'harness'), { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => `harness/${d.name}`)
      .sort();
    expect([...listed().keys()].sort()).toEqual(dirs);
  });

  it("prints each folder's floor as floors.ts has it", () => {
    const floorOf = new Map(FLOORS.flatMap((rooms, i) => rooms.map((r) => [r, i] as const)));
    for (const [dir, floor] of listed()) {
      if (floor === null) expect(floorOf.has(dir), `${dir} is on floor ${floorOf.get(dir)} but the README prints none`).toBe(false);
      else expect(floor, dir).toBe(floorOf.get(dir));
    }
  });
});
