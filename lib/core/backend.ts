import * as tf from "@tensorflow/tfjs";

/** The tfjs backends gaugelab can run on, fastest first. */
export const BACKENDS = ["tensorflow", "wasm", "cpu"] as const;

/** One of {@link BACKENDS}. */
export type BackendName = (typeof BACKENDS)[number];

/** Names the environment variable that forces a backend. */
export const BACKEND_ENV_VAR = "GAUGELAB_BACKEND";

function isBackendName(name: string): name is BackendName {
  return (BACKENDS as readonly string[]).includes(name);
}

/**
 * Reads `GAUGELAB_BACKEND` from `env`.
 *
 * @returns the forced backend, or `undefined` when the variable is unset or empty.
 * @throws when the variable names a backend gaugelab does not know.
 */
export function forcedBackend(env: NodeJS.ProcessEnv = process.env): BackendName | undefined {
  const raw = env[BACKEND_ENV_VAR]?.trim();
  if (!raw) return undefined;
  if (!isBackendName(raw)) {
    throw new Error(
      `${BACKEND_ENV_VAR}="${raw}" is not a backend gaugelab knows. ` +
        `Set it to one of ${BACKENDS.join(", ")}, or unset it to pick the fastest one available.`,
    );
  }
  return raw;
}

/**
 * Registers the native TensorFlow backend if a real `@tensorflow/tfjs-node` is installed.
 * danfojs-node's override aliases that name to plain `@tensorflow/tfjs`, so the package name is checked first.
 */
function registerNative(): boolean {
  try {
    const pkg = require("@tensorflow/tfjs-node/package.json") as { name?: string };
    if (pkg.name !== "@tensorflow/tfjs-node") return false;
    require("@tensorflow/tfjs-node");
    return tf.findBackendFactory("tensorflow") !== null;
  } catch {
    return false;
  }
}

function registerWasm(): boolean {
  try {
    require("@tensorflow/tfjs-backend-wasm");
    return tf.findBackendFactory("wasm") !== null;
  } catch {
    return false;
  }
}

/**
 * Silences the cpu backend's "install our node backend" banner, which tfjs prints at the first tensor each
 * new cpu backend stores in Node. Backend selection already looks for the native build (and says how to get
 * it when it is forced and missing). tfjs also makes a cpu backend before any is chosen (its default) and
 * when tests use cpu as the reference, and it makes a new instance each time, so the banner's `firstUse`
 * flag is cleared in every instance the registered factory makes. Done once per process, when this module
 * first loads.
 */
function silenceCpuBanner(): void {
  const entry = tf.engine().registryFactory.cpu;
  if (!entry || (entry.factory as { quiet?: boolean }).quiet) return;
  const make = entry.factory;
  const quiet = () => {
    const backend = make();
    if (!(backend instanceof Promise)) (backend as { firstUse?: boolean }).firstUse = false;
    return backend;
  };
  entry.factory = Object.assign(quiet, { quiet: true });
  const existing = tf.engine().registry.cpu as { firstUse?: boolean } | undefined;
  if (existing) existing.firstUse = false;
}
silenceCpuBanner();

async function activate(name: BackendName): Promise<boolean> {
  const registered = name === "tensorflow" ? registerNative() : name === "wasm" ? registerWasm() : true;
  if (!registered) return false;
  // tfjs logs initialisation failures itself; keep the console clean while probing.
  const warn = console.warn;
  console.warn = () => undefined;
  try {
    return await tf.setBackend(name);
  } catch {
    return false;
  } finally {
    console.warn = warn;
  }
}

const HOW_TO_GET: Record<BackendName, string> = {
  tensorflow:
    "install a working native build with `npm install @tensorflow/tfjs-node@4.22.0` " +
    "(its libtensorflow download must succeed)",
  wasm: "run `npm install` so @tensorflow/tfjs-backend-wasm is present",
  cpu: "reinstall @tensorflow/tfjs with `npm install`",
};

/**
 * Activates the fastest backend that loads: native `tensorflow`, else `wasm`, else `cpu`.
 * `GAUGELAB_BACKEND=tensorflow|wasm|cpu` forces one instead.
 *
 * @param env the environment to read `GAUGELAB_BACKEND` from (defaults to `process.env`).
 * @returns the name of the active backend.
 * @throws when the forced backend is unknown or cannot load; the message names the fix.
 */
export async function selectBackend(env: NodeJS.ProcessEnv = process.env): Promise<BackendName> {
  const forced = forcedBackend(env);
  if (forced) {
    if (await activate(forced)) return forced;
    throw new Error(
      `${BACKEND_ENV_VAR}=${forced} was requested but the ${forced} backend could not load. ` +
        `To fix it, ${HOW_TO_GET[forced]}, or unset ${BACKEND_ENV_VAR}.`,
    );
  }
  for (const name of BACKENDS) {
    if (await activate(name)) return name;
  }
  throw new Error("No tfjs backend could load. Run `npm ci` to reinstall the dependencies.");
}

let ready: Promise<BackendName> | undefined;

/**
 * Selects the backend once per process and remembers it; later calls return the same promise.
 *
 * @returns the name of the active backend.
 */
export function ensureBackend(): Promise<BackendName> {
  ready ??= selectBackend();
  return ready;
}
