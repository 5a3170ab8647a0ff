import * as tf from "@tensorflow/tfjs";

/**
 * Seeded randomness. Every random function in gaugelab takes a `seed`; numbers come from a 32-bit
 * sfc32 generator in plain JS, so the same seed gives bit-identical results on every backend.
 * Never use `Math.random`, `tf.util.shuffle` or unseeded `tf.random*`.
 */

function checkSeed(seed: number, where: string): number {
  if (!Number.isFinite(seed) || !Number.isInteger(seed)) {
    throw new Error(`${where}: seed must be a finite integer; got ${seed}`);
  }
  return seed >>> 0;
}

/** MurmurHash3's 32-bit finaliser: spreads every input bit over the output. */
function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * A child seed for one purpose, e.g. `deriveSeed(seed, "init")` and `deriveSeed(seed, "shuffle")`, so
 * independent streams never share numbers. Same inputs, same output.
 *
 * @param seed any integer seed.
 * @param tag a string or integer naming the purpose (a layer index, a round, ...).
 * @returns an unsigned 32-bit integer seed.
 */
export function deriveSeed(seed: number, tag: string | number): number {
  // Number tags take a different starting point, so the tag 0 and the string "0" give different seeds.
  const isNumber = typeof tag === "number";
  let h = mix32(checkSeed(seed, "deriveSeed") ^ (isNumber ? 0x5bd1e995 : 0x9e3779b9));
  const text = isNumber ? String(checkSeed(tag, "deriveSeed tag")) : tag;
  for (let i = 0; i < text.length; i++) h = mix32(h ^ Math.imul(text.charCodeAt(i) + 1, 0x27d4eb2f));
  return h;
}

/** A seeded sfc32 generator: a small stateful stream of uniform numbers. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d = 1;
  private spare: number | undefined;

  /** @param seed any integer; equal seeds give equal streams. */
  constructor(seed: number) {
    const s = checkSeed(seed, "Rng");
    this.a = mix32(s ^ 0x6a09e667);
    this.b = mix32(s ^ 0xbb67ae85);
    this.c = mix32(s ^ 0x3c6ef372);
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  /** The next unsigned 32-bit integer. */
  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** A uniform number in [0, 1) with 32 random bits. */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** A uniform number in [lo, hi). */
  uniform(lo = 0, hi = 1): number {
    return lo + (hi - lo) * this.next();
  }

  /** A uniform integer in [0, n), without modulo bias. */
  int(n: number): number {
    if (!Number.isInteger(n) || n <= 0 || n > 4294967296)
      throw new Error(`Rng.int: n must be in 1..2^32; got ${n}`);
    const limit = 4294967296 - (4294967296 % n);
    let x = this.nextUint32();
    while (x >= limit) x = this.nextUint32();
    return x % n;
  }

  /** A standard normal number (Box–Muller; the second value of each pair is kept for the next call). */
  normal(mean = 0, std = 1): number {
    if (this.spare !== undefined) {
      const z = this.spare;
      this.spare = undefined;
      return mean + std * z;
    }
    const u = 1 - this.next(); // (0, 1]: log stays finite
    const r = Math.sqrt(-2 * Math.log(u));
    const theta = 2 * Math.PI * this.next();
    this.spare = r * Math.sin(theta);
    return mean + std * r * Math.cos(theta);
  }
}

/** Shuffles `items` in place (Fisher–Yates) with `seed`, and returns it. */
export function shuffleInPlace<A extends { length: number; [i: number]: unknown }>(
  items: A,
  seed: number,
): A {
  const rng = new Rng(seed);
  for (let i = items.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = items[i];
    items[i] = items[j];
    items[j] = t;
  }
  return items;
}

/** A seeded random permutation of 0..n-1. */
export function permutation(n: number, seed: number): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  return shuffleInPlace(out, seed);
}

/** `n` uniform numbers in [lo, hi) from `seed`. */
export function uniformArray(n: number, seed: number, lo = 0, hi = 1): Float32Array {
  const rng = new Rng(seed);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = rng.uniform(lo, hi);
  return out;
}

/** `n` normal numbers with `mean` and `std` from `seed`. */
export function normalArray(n: number, seed: number, mean = 0, std = 1): Float32Array {
  const rng = new Rng(seed);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = rng.normal(mean, std);
  return out;
}

/** A float32 tensor of `shape` filled with uniform numbers in [lo, hi) from `seed`. The caller owns it. */
export function uniformTensor(shape: readonly number[], seed: number, lo = 0, hi = 1): tf.Tensor {
  return tf.tensor(uniformArray(tf.util.sizeFromShape([...shape]), seed, lo, hi), [...shape], "float32");
}

/** A float32 tensor of `shape` filled with normal numbers (`mean`, `std`) from `seed`. The caller owns it. */
export function normalTensor(shape: readonly number[], seed: number, mean = 0, std = 1): tf.Tensor {
  return tf.tensor(normalArray(tf.util.sizeFromShape([...shape]), seed, mean, std), [...shape], "float32");
}
