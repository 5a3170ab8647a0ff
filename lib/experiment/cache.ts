import * as fs from "fs";
import * as path from "path";
import { projectPath } from "../core/project";
import { canonicalJson, configKey } from "./config-key";

/** What a cache file holds: the key material that produced the result, and the result. */
interface CacheEntry<C, R> {
  readonly key: string;
  readonly config: C;
  readonly result: R;
}

/** Options for {@link cached}. */
export interface CacheOptions {
  /** Folder for cache files (default `data/cache` under the project root). */
  readonly cacheDir?: string;
  /** Recompute even if a cached result exists, and overwrite it. */
  readonly recompute?: boolean;
}

/** The cache file for `config`: `<cacheDir>/<name>-<configKey(config)>.json`. */
export function cachePath(name: string, config: unknown, cacheDir = projectPath("data", "cache")): string {
  return path.join(cacheDir, `${name}-${configKey(config)}.json`);
}

/** Writes `text` to `file` atomically: a temporary file in the same folder, then a rename. */
export function writeFileAtomic(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
}

/** The cached result for `config`, or `undefined` when there is none (or it was made from other key material). */
export function readCached<R>(name: string, config: unknown, cacheDir?: string): R | undefined {
  const file = cachePath(name, config, cacheDir);
  if (!fs.existsSync(file)) return undefined;
  const entry = JSON.parse(fs.readFileSync(file, "utf8")) as CacheEntry<unknown, R>;
  return canonicalJson(entry.config) === canonicalJson(config) ? entry.result : undefined;
}

/**
 * Returns the cached result of `compute(config)`, keyed by the config's hash, computing and saving it
 * (atomically) on a miss. A file whose stored config differs from `config` (a hash collision or a hand edit)
 * is recomputed. Experiments put a schema version into `config` (see `runUnit`), so a fix to an experiment
 * invalidates its old results.
 *
 * @param name a short experiment name, the file-name prefix.
 * @param config a JSON-able, hashable config.
 * @param compute produces a JSON-able result.
 */
export async function cached<C, R>(
  name: string,
  config: C,
  compute: (config: C) => Promise<R> | R,
  options: CacheOptions = {},
): Promise<R> {
  if (!options.recompute) {
    const hit = readCached<R>(name, config, options.cacheDir);
    if (hit !== undefined) return hit;
  }
  const result = await compute(config);
  const entry: CacheEntry<C, R> = { key: configKey(config), config, result };
  writeFileAtomic(cachePath(name, config, options.cacheDir), JSON.stringify(entry));
  return result;
}
