import * as fs from "fs";
import * as path from "path";
import { checkOptions, describeValue } from "../core/check-options";
import { projectPath } from "../core/project";
import { writeFileAtomic } from "../core/atomic-write";
import { decodeValue, encodeValue } from "./cache-codec";
import { canonicalJson, configKey } from "./config-key";

export { writeFileAtomic } from "../core/atomic-write";

/** The format tag of the cache files this version writes; a file with another tag (or none) is a miss. */
export const CACHE_FORMAT = "gaugelab-cache/2";

/** Options for {@link cached}. */
export interface CacheOptions {
  /** Folder for cache files (default `data/cache` under the project root). */
  readonly cacheDir?: string;
  /** Recompute even if a cached result exists, and overwrite it. */
  readonly recompute?: boolean;
}

const CACHE_OPTIONS = { cacheDir: "string?", recompute: "boolean?" } as const;

/**
 * The cache file for `config`: `<cacheDir>/<name>-<configKey(config)>.json`.
 *
 * @throws when `name` is not a short file-name prefix (letters, digits, `.`, `_`, `-`), or `config` has no
 *   canonical JSON (see `canonicalJson`).
 */
export function cachePath(name: string, config: unknown, cacheDir = projectPath("data", "cache")): string {
  if (typeof name !== "string" || !/^[A-Za-z0-9_][\w.-]*$/.test(name)) {
    throw new Error(
      `cache: the name must be a file-name prefix of letters, digits, ".", "_" and "-"; got ${describeValue(name)}`,
    );
  }
  if (typeof cacheDir !== "string" || cacheDir === "") {
    throw new Error(
      `cache: cacheDir must be a folder path (a non-empty string); got ${describeValue(cacheDir)}`,
    );
  }
  return path.join(cacheDir, `${name}-${configKey(config)}.json`);
}

/** A read: the decoded result, or why the file is no valid entry (`undefined` when there is no file). */
interface Read {
  readonly hit: boolean;
  readonly result?: unknown;
  readonly why?: string;
}

/** Reads and checks the entry in `file` against `config`; never throws. */
function readEntry(file: string, config: unknown): Read {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return code === "ENOENT" ? { hit: false } : { hit: false, why: `it cannot be read (${code ?? e})` };
  }
  if (text.trim() === "") return { hit: false, why: "it is empty" };
  let entry: unknown;
  try {
    entry = JSON.parse(text);
  } catch (e) {
    return { hit: false, why: `it is not valid JSON (${(e as Error).message}), perhaps truncated` };
  }
  if (entry === null || typeof entry !== "object" || Array.isArray(entry)) {
    return { hit: false, why: "it is not a cache entry (not a JSON object)" };
  }
  const { format, config: stored } = entry as Record<string, unknown>;
  if (format !== CACHE_FORMAT) {
    const tag =
      format === undefined
        ? "no format tag (an older gaugelab wrote it)"
        : `format ${JSON.stringify(format)}`;
    return { hit: false, why: `it has ${tag}, not "${CACHE_FORMAT}"` };
  }
  let same: boolean;
  try {
    same = canonicalJson(stored) === canonicalJson(config);
  } catch {
    same = false;
  }
  if (!same)
    return { hit: false, why: "its stored config differs from this one (a hash collision or a hand edit)" };
  if (!Object.hasOwn(entry, "result")) return { hit: false, why: "it has no result" };
  try {
    return { hit: true, result: decodeValue((entry as { result: unknown }).result, "result") };
  } catch (e) {
    return { hit: false, why: `its result does not decode: ${(e as Error).message}` };
  }
}

/** The file states already warned about (`path`, size, mtime, reason), so each bad file is reported once. */
const warned = new Set<string>();

/** Reads `file`, saying once (per file state) why a file that is there is no valid entry. */
function readWarned(file: string, config: unknown): Read {
  const read = readEntry(file, config);
  if (!read.hit && read.why !== undefined) {
    let state = "";
    try {
      const stat = fs.statSync(file);
      state = `${stat.size}:${stat.mtimeMs}`;
    } catch {
      // gone meanwhile
    }
    const key = `${file}\0${state}\0${read.why}`;
    if (!warned.has(key)) {
      warned.add(key);
      console.warn(`gaugelab: ignoring the cache file ${file}: ${read.why}; recomputing`);
    }
  }
  return read;
}

/**
 * The cached result for `config`, or `undefined` when there is no valid entry. Valid means: the file parses,
 * has this format's tag ({@link CACHE_FORMAT}), holds the same config (by canonical JSON) and a `result`, and
 * the result decodes. A file that is there but not valid (corrupt, truncated, empty, foreign, an older format,
 * another config, no result) is a miss and gets one `console.warn` naming the file and why
 * (`gaugelab: ignoring the cache file <path>: <reason>; recomputing`; once per file, until it changes), never
 * an exception.
 *
 * @param name the experiment name (the file-name prefix).
 * @param config the key material.
 * @param cacheDir the cache folder (default `data/cache`).
 * @returns the result as it was written (NaN, ±Infinity, -0 and typed arrays included), or `undefined`.
 * @throws only on a bad `name`, `config` or `cacheDir` (see {@link cachePath}), never for a bad file.
 */
export function readCached<R>(name: string, config: unknown, cacheDir?: string): R | undefined {
  const read = readWarned(cachePath(name, config, cacheDir), config);
  return read.hit ? (read.result as R) : undefined;
}

/**
 * Returns the cached result of `compute(config)`, keyed by the config's hash, computing and saving it on a
 * miss.
 *
 * - **Invalid files are misses.** A corrupt, truncated, empty or foreign file, one of an older format, with
 *   another stored config (a hash collision or a hand edit) or without a result, is recomputed and
 *   overwritten, with one warning (see {@link readCached}). Experiments put a schema version into `config`
 *   (see `runUnit`), so a fix to an experiment invalidates its old results.
 * - **Exact values.** The entry is `{ format, key, config, result }` in JSON, the result in a tagged encoding:
 *   NaN, ±Infinity, -0 and typed arrays (Float32/64, Int8/16/32, Uint8/8Clamped/16/32) come back as they went
 *   in. Anything else JSON cannot hold (functions, `undefined` in arrays, BigInt, class instances such as
 *   tensors, cycles) is an error naming its path, e.g. `result.rounds[3].curve`, and nothing is written.
 *   `undefined` properties are dropped, as in JSON.
 * - **Atomic, last writer wins.** Each write is a complete temporary file renamed over the entry, so a reader
 *   sees the old or a new entry whole, never a mix. Two kernels computing the same key both compute, and the
 *   later rename wins; there is no lock. Temporary files of killed writes are removed on the next write into
 *   the folder (those whose pid is not alive, or older than an hour).
 *
 * @param name a short experiment name, the file-name prefix.
 * @param config a hashable config (see `canonicalJson`).
 * @param compute produces the result.
 * @returns the cached or computed result.
 * @throws on bad options or `name` (before computing); what `compute` throws; when the result cannot be cached (naming the path) or the file cannot be
 *   written (naming the file).
 */
export async function cached<C, R>(
  name: string,
  config: C,
  compute: (config: C) => Promise<R> | R,
  options: CacheOptions = {},
): Promise<R> {
  checkOptions(options, CACHE_OPTIONS, `cached "${name}"`);
  const file = cachePath(name, config, options.cacheDir);
  if (!options.recompute) {
    const read = readWarned(file, config);
    if (read.hit) return read.result as R;
  }
  const result = await compute(config);
  let text: string;
  try {
    const entry = {
      format: CACHE_FORMAT,
      key: configKey(config),
      config,
      result: encodeValue(result, "result"),
    };
    text = JSON.stringify(entry);
  } catch (e) {
    throw new Error(`gaugelab: cannot cache the result of "${name}" in ${file}: ${(e as Error).message}`);
  }
  writeFileAtomic(file, text);
  return result;
}
