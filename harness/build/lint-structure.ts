// The tree's shape as a rule that fails `npm run lint` (issue 24): an import circle, a folder that
// imports one on its own floor or above, a function over 80 lines, or a file with no opening comment
// saying why it exists. Each of these crept back one convenient edit at a time while nothing checked
// them (5 circles and 31 upward imports in two weeks); this names the first one the day it appears.
//
//   npm run lint                      (prettier, then this)
//   tsx harness/build/lint-structure.ts [--root DIR]
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cruise, type ICruiseResult } from 'dependency-cruiser';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';
import ts from 'typescript';
import { FLOORS, ROOF, roomOf, type Floors } from './floors.js';

/** The longest a function may be, in lines from its first to its last (nested functions count in their parent). */
export const MAX_FUNCTION_LINES = 80;

export interface StructureOptions {
  root: string;
  /** Folders (relative to root) whose .ts files are checked. */
  dirs: string[];
  floors: Floors;
  /** The programmatic API's entry: it may import anything, and nothing may import it. */
  roof: string;
}

/** Files that are not production code: tests, and the helpers only tests use. */
const isTestSide = (file: string) => file.endsWith('.test.ts') || file.startsWith('harness/testing/');

/** Every problem with the tree, one line each, sorted; empty when the tree is in shape. */
export async function structureProblems(o: StructureOptions): Promise<string[]> {
  const graph = await importGraph(o);
  const files = sourceFiles(o);
  return [...cycleProblems(graph), ...floorProblems(graph, o), ...functionProblems(files, o.root), ...whyProblems(files, o.root)];
}

type Graph = Map<string, Set<string>>;

/** Module → modules it imports (type-only and dynamic imports included), paths relative to the root. */
async function importGraph(o: StructureOptions): Promise<Graph> {
  const tsConfigFile = path.join(o.root, 'tsconfig.json');
  const tsConfig = fs.existsSync(tsConfigFile) ? extractTSConfig(tsConfigFile) : undefined;
  const r = await cruise(
    o.dirs.filter((d) => fs.existsSync(path.join(o.root, d))),
    {
      tsPreCompilationDeps: true,
      baseDir: o.root,
      doNotFollow: { path: 'node_modules' },
      exclude: { path: ['node_modules', '\\.venv', '^dist/'] },
      ...(tsConfig ? { tsConfig: { fileName: tsConfigFile } } : {}),
    },
    { extensions: ['.ts', '.mts', '.js', '.mjs'] },
    tsConfig ? { tsConfig } : undefined,
  );
  const out = (r.output as ICruiseResult).modules;
  const graph: Graph = new Map();
  for (const m of out) {
    if (!m.source.endsWith('.ts')) continue;
    graph.set(m.source, new Set(m.dependencies.filter((d) => !d.coreModule && !d.couldNotResolve && d.resolved.endsWith('.ts')).map((d) => d.resolved)));
  }
  return graph;
}

/** Import circles between modules (Tarjan's strongly connected components), each named once. */
export function cycleProblems(graph: Graph): string[] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[] = [];
  let next = 0;
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const scc: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      scc.push(w);
    } while (w !== v);
    if (scc.length > 1 || graph.get(v)?.has(v)) out.push(`import circle: ${scc.sort().join(' → ')}`);
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return out.sort();
}

/**
 * Folders (rooms) stand on floors, bottom first (harness/build/floors.ts). A production module may
 * import its own room or a room on a lower floor; test-side modules may import anything production;
 * nothing imports the roof (the API entry), tests or their helpers.
 */
export function floorProblems(graph: Graph, o: Pick<StructureOptions, 'floors' | 'roof'>): string[] {
  const floorOf = new Map<string, number>();
  o.floors.forEach((rooms, i) => rooms.forEach((r) => floorOf.set(r, i)));
  const out = new Set<string>();
  for (const [from, deps] of graph) {
    if (from === o.roof) continue;
    const fromRoom = roomOf(from);
    const fromFloor = floorOf.get(fromRoom);
    if (!isTestSide(from) && fromFloor === undefined) out.add(`${from}: folder ${fromRoom} is on no floor; add it to FLOORS in harness/build/floors.ts`);
    for (const to of deps) {
      if (to === o.roof) out.add(`${from} imports ${to}: the API entry imports everything, nothing imports it`);
      else if (isTestSide(to) && !isTestSide(from)) out.add(`${from} imports ${to}: production code must not depend on tests or their helpers`);
      if (isTestSide(from) || fromFloor === undefined) continue;
      const toRoom = roomOf(to);
      const toFloor = floorOf.get(toRoom);
      if (toRoom === fromRoom || toFloor === undefined) continue;
      if (toFloor >= fromFloor)
        out.add(
          `${from} imports ${to}: ${fromRoom} (floor ${fromFloor}) may import only folders below it, and ${toRoom} is on floor ${toFloor}; move the shared piece down, or pass it in`,
        );
    }
  }
  return [...out].sort();
}

/** Non-test TypeScript sources under the checked folders, relative to the root. */
function sourceFiles(o: StructureOptions): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    const abs = path.join(o.root, rel);
    if (!fs.existsSync(abs)) return;
    for (const e of fs.readdirSync(abs, { withFileTypes: true })) {
      const child = path.join(rel, e.name);
      if (e.isDirectory()) {
        if (!['node_modules', '.venv', 'dist', '__pycache__'].includes(e.name)) walk(child);
      } else if (e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') && !e.name.endsWith('.d.ts')) out.push(child.split(path.sep).join('/'));
    }
  };
  o.dirs.forEach(walk);
  return out.sort();
}

/** Functions (declarations, methods, arrows, expressions) longer than MAX_FUNCTION_LINES. */
export function functionProblems(files: string[], root: string): string[] {
  const out: string[] = [];
  for (const file of files) {
    const src = ts.createSourceFile(file, fs.readFileSync(path.join(root, file), 'utf8'), ts.ScriptTarget.Latest, true);
    const visit = (n: ts.Node): void => {
      if (ts.isFunctionLike(n) && 'body' in n && n.body) {
        const first = src.getLineAndCharacterOfPosition(n.getStart(src)).line;
        const lines = src.getLineAndCharacterOfPosition(n.getEnd()).line - first + 1;
        if (lines > MAX_FUNCTION_LINES)
          out.push(`${file}:${first + 1}: ${functionName(n)} is ${lines} lines (at most ${MAX_FUNCTION_LINES}); split it along a seam`);
      }
      ts.forEachChild(n, visit);
    };
    visit(src);
  }
  return out;
}

function functionName(n: ts.Node): string {
  const named = (n as { name?: ts.Node }).name;
  if (named && ts.isIdentifier(named)) return named.text;
  const p = n.parent;
  if (p && (ts.isVariableDeclaration(p) || ts.isPropertyAssignment(p) || ts.isPropertyDeclaration(p)) && ts.isIdentifier(p.name)) return p.name.text;
  return 'a function';
}

/** Files whose first line (after a shebang) is not a comment: a reader should learn why the module exists before its imports. */
export function whyProblems(files: string[], root: string): string[] {
  return files
    .filter((file) => {
      const first = fs
        .readFileSync(path.join(root, file), 'utf8')
        .split('\n')
        .find((l) => l.trim() !== '' && !l.startsWith('#!'));
      return first === undefined || !/^\s*(\/\/|\/\*)/.test(first);
    })
    .map((file) => `${file}: opens with no comment; say in a line or two why this module exists`);
}

async function main(): Promise<number> {
  const rootArg = process.argv.indexOf('--root');
  const root = rootArg > 0 ? path.resolve(process.argv[rootArg + 1] ?? '.') : path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
  const problems = await structureProblems({ root, dirs: ['harness', 'scenarios', 'servers'], floors: FLOORS, roof: ROOF });
  for (const p of problems) process.stderr.write(`${p}\n`);
  process.stderr.write(problems.length ? `lint-structure: ${problems.length} problem${problems.length > 1 ? 's' : ''}\n` : 'lint-structure: in shape\n');
  return problems.length ? 1 : 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) process.exitCode = await main();
