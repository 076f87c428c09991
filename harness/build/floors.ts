// Which folder stands on which floor: the architecture as data, read by lint-structure.ts and shown
// as the README's layout. A folder imports only its own files and folders on lower floors, so the
// load engine (floor 3) can never again depend on the catalog, the config or the pipeline above it.

/** Rooms by floor, bottom first. `harness` is the files directly in harness/ (types, errors, package root); `servers` those in servers/. */
export type Floors = ReadonlyArray<readonly string[]>;

export const FLOORS: Floors = [
  ['harness', 'harness/build', 'servers'],
  ['harness/host', 'harness/stats', 'harness/theory', 'servers/node'],
  ['harness/launcher', 'harness/samplers', 'scenarios', 'servers/targets'],
  ['harness/database', 'harness/load'],
  ['harness/config', 'harness/plan'],
  ['harness/catalog', 'harness/results'],
  ['harness/capacity', 'harness/compare', 'harness/soak'],
  ['harness/report', 'harness/run'],
  ['harness/micro'],
  ['harness/cli'],
];

/** The programmatic API (package.json "exports"): above every floor. */
export const ROOF = 'harness/index.ts';

/** A file's room: its first folder under harness/ or servers/, `harness` for harness/*.ts, else its top folder. */
export function roomOf(file: string): string {
  const parts = file.split('/');
  if ((parts[0] === 'harness' || parts[0] === 'servers') && parts.length > 2) return `${parts[0]}/${parts[1]}`;
  return parts.length > 1 ? (parts[0] as string) : '.';
}
