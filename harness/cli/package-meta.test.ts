// What the registry page shows: the package's license and repository, and a README whose links to
// what is not in the tarball (reports/example/, examples/) lead to the repository instead of a
// relative path that the registry page cannot resolve (issue 22 item 11). The README's warnings
// about what runs with the user's rights are pinned here too (item 4).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../testing/fixtures.js';

const pkg = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as {
  license?: string;
  repository?: { type?: string; url?: string };
};
const readme = fs.readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8');
/** https://github.com/<owner>/<name>, from package.json's repository. */
const repoUrl = (pkg.repository?.url ?? '').replace(/^git\+/, '').replace(/\.git$/, '');

describe('the package as its registry page shows it', () => {
  it('names its license (an SPDX id, with the LICENSE file) and its repository', () => {
    expect(pkg.license).toMatch(/^[A-Za-z0-9.+-]+$/);
    expect(fs.readFileSync(path.join(PROJECT_ROOT, 'LICENSE'), 'utf8')).toContain(`${pkg.license} License`);
    expect(pkg.repository?.type).toBe('git');
    expect(repoUrl).toMatch(/^https:\/\/github\.com\/[\w.-]+\/[\w.-]+$/);
  });

  it("links reports/example/ and examples/ (not in the tarball) absolutely, into the repository's main branch", () => {
    const targets = [...readme.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1] as string);
    const outside = targets.filter((t) => /(^|\/)(reports\/example|examples)\//.test(t));
    expect(outside.length).toBeGreaterThanOrEqual(6);
    for (const t of outside) expect(t, t).toMatch(new RegExp(`^${repoUrl.replace(/[.]/g, '\\.')}/(blob|tree)/main/`));
    // Each one names a file or folder that exists here.
    for (const t of outside) expect(fs.existsSync(path.join(PROJECT_ROOT, t.replace(/^.*\/(blob|tree)\/main\//, ''))), t).toBe(true);
  });

  it('says that a config file runs programs with your rights', () => {
    expect(readme).toContain("**A config file runs programs.** Its targets' `command` and `setup` are executed with your rights");
  });
});
