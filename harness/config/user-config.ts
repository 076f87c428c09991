// The typed config for `bench.config.ts` (defineConfig), derived from the one flag table at the type
// level: every option a config file may set is a key here, with the type its flag reads, so a new
// option cannot be forgotten (issue 24: the hand-written interface lacked 12 of 29 keys).
import type { ENGINES } from '../load/engines.js';
import type { FlagType, ParamValue } from '../types.js';
import type { CORE_FLAGS } from './flags.js';

type AnyFlag = (typeof CORE_FLAGS)[number] | (typeof ENGINES)[number]['options'][number];
type ConfigFlag = Exclude<AnyFlag, { cliOnly: true }>;
type KeyOf<F> = F extends { configKey: infer K extends string } ? K : F extends { name: infer N extends string } ? N : never;

/** What a config file may give for each kind of option (the same values bench.config.json takes). */
type ValueOf<T extends FlagType> = T extends 'names'
  ? Array<string | Record<string, unknown>>
  : T extends 'ints'
    ? number[] | number | string
    : T extends 'int'
      ? number
      : T extends 'duration'
        ? string
        : T extends 'boolean'
          ? boolean
          : T extends 'params'
            ? Record<string, Record<string, ParamValue>>
            : string;

/** A typed config for `bench.config.ts`: the same keys as bench.config.json, all optional. */
export type UserConfig = { [F in ConfigFlag as KeyOf<F>]?: ValueOf<F['type']> } & RunLevelConfig;

/** The config-only keys about the whole run (harness/config/run-level.ts). */
interface RunLevelConfig {
  setup?: string[][];
  teardown?: string[][];
  resources?: { also: Array<string | { pidFile: string } | { name: string }> };
}

export function defineConfig(config: UserConfig): UserConfig {
  return config;
}
