import { checkOptions } from "../core/check-options";
import { deriveSeed, Rng } from "../core/rng";
import { classificationDataset, type Dataset } from "./dataset";

/** Options shared by the 2-D toy sets. */
export interface Toy2dOptions {
  /** Number of examples (split as evenly as possible over the classes). */
  readonly n: number;
  readonly seed: number;
  /** Standard deviation of the Gaussian noise added to each coordinate (default 0.1). */
  readonly noise?: number;
}

function checkN(n: number, min: number, where: string): void {
  if (!Number.isInteger(n) || n < min) throw new Error(`${where}: n must be an integer ≥ ${min}; got ${n}`);
}

/** Checks the seed (an integer) and the noise (a finite number ≥ 0), naming the option. */
export function checkSeedNoise(seed: number, noise: number | undefined, where: string): void {
  if (!Number.isInteger(seed)) throw new Error(`${where}: seed must be an integer; got ${seed}`);
  if (noise !== undefined && !(Number.isFinite(noise) && noise >= 0)) {
    throw new Error(`${where}: noise must be a finite number ≥ 0 (a standard deviation); got ${noise}`);
  }
}

/**
 * Two interleaving half circles (as scikit-learn's `make_moons`): class 0 on `(cos t, sin t)`, class 1 on
 * `(1 − cos t, 0.5 − sin t)`, `t ~ U[0, π]`, plus noise. Inputs `[n, 2]`, 2 classes.
 */
export function twoMoons(options: Toy2dOptions): Dataset {
  checkOptions(options, { n: "number", seed: "number", noise: "number?" }, "twoMoons");
  const { n, seed, noise = 0.1 } = options;
  checkN(n, 2, "twoMoons");
  checkSeedNoise(seed, noise, "twoMoons");
  const rng = new Rng(deriveSeed(seed, "twoMoons"));
  const X = new Float32Array(2 * n);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const label = i < Math.ceil(n / 2) ? 0 : 1;
    const t = rng.uniform(0, Math.PI);
    X[2 * i] = (label === 0 ? Math.cos(t) : 1 - Math.cos(t)) + rng.normal(0, noise);
    X[2 * i + 1] = (label === 0 ? Math.sin(t) : 0.5 - Math.sin(t)) + rng.normal(0, noise);
    labels[i] = label;
  }
  return classificationDataset(`twoMoons(n=${n}, seed=${seed})`, X, labels, 2, 2);
}

/**
 * `numClasses` interleaved spiral arms (the CS231n toy set): arm k has points at radius `r ∈ [0, 1]` and angle
 * `2πk/numClasses + 2π · turns · r`, plus angular noise. Inputs `[n, 2]`.
 */
export function spirals(options: Toy2dOptions & { readonly numClasses?: number; readonly turns?: number }): Dataset {
  const shape = { n: "number", seed: "number", noise: "number?", numClasses: "number?", turns: "number?" };
  checkOptions(options, shape, "spirals");
  const { n, seed, noise = 0.1, numClasses = 3, turns = 1 } = options;
  checkN(n, numClasses, "spirals");
  checkSeedNoise(seed, noise, "spirals");
  if (!Number.isFinite(turns)) throw new Error(`spirals: turns must be a finite number; got ${turns}`);
  if (!Number.isInteger(numClasses) || numClasses < 2) {
    throw new Error(`spirals: numClasses must be an integer ≥ 2; got ${numClasses}`);
  }
  const rng = new Rng(deriveSeed(seed, "spirals"));
  const X = new Float32Array(2 * n);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const k = i % numClasses;
    const j = Math.floor(i / numClasses);
    const perArm = Math.ceil((n - k) / numClasses);
    const r = perArm > 1 ? j / (perArm - 1) : 0;
    const theta = (2 * Math.PI * k) / numClasses + 2 * Math.PI * turns * r + rng.normal(0, noise);
    X[2 * i] = r * Math.sin(theta);
    X[2 * i + 1] = r * Math.cos(theta);
    labels[i] = k;
  }
  return classificationDataset(`spirals(n=${n}, k=${numClasses}, seed=${seed})`, X, labels, 2, numClasses);
}
