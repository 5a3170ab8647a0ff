/**
 * One backend's measurements, run in a fresh process by bench/run.ts (GAUGELAB_BACKEND picks the backend).
 * Prints one JSON line: steps/s of the lib's loop and of tf.layers fit, the speed ratios with a live progress
 * display and with autodiff instead of the hand-written backward passes, epoch time, matmul GFLOP/s, leaks.
 */
import * as tf from "@tensorflow/tfjs";
import { selectBackend } from "../lib/core/backend";
import { type Architecture, mlp } from "../lib/core/architecture";
import { initParams } from "../lib/core/init";
import { disposeParams, type Params } from "../lib/core/params";
import { train } from "../lib/train/train";
import type { TrainData, TrainOptions } from "../lib/train/train-options";
import { liveProgress } from "../lib/viz/progress";
import { BATCH, LR, SEED, SIZES, benchData } from "./lenet-setup";

function matmulGflops(n: number): number {
  const [a, b] = [tf.randomUniform([n, n], 0, 1, "float32", 1), tf.randomUniform([n, n], 0, 1, "float32", 2)];
  tf.matMul(a, b).dispose();
  const reps = 3;
  const t0 = performance.now();
  for (let i = 0; i < reps; i++) tf.matMul(a, b).dataSync();
  const seconds = (performance.now() - t0) / 1000;
  tf.dispose([a, b]);
  return (2 * n ** 3 * reps) / seconds / 1e9;
}

async function layersFitStepsPerSecond(numSteps: number): Promise<number> {
  const ds = benchData();
  const n = numSteps * BATCH;
  const model = tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [784], units: 300, activation: "relu" }),
      tf.layers.dense({ units: 100, activation: "relu" }),
      tf.layers.dense({ units: 10 }),
    ],
  });
  model.compile({ optimizer: tf.train.sgd(LR), loss: tf.losses.softmaxCrossEntropy });
  const X = tf.tensor2d(ds.X.subarray(0, n * 784), [n, 784]);
  const y = tf.tensor2d(ds.y.subarray(0, n * 10), [n, 10]);
  await model.fit(X.slice(0, BATCH * 5), y.slice(0, BATCH * 5), { batchSize: BATCH, epochs: 1, verbose: 0 });
  const t0 = performance.now();
  await model.fit(X, y, { batchSize: BATCH, epochs: 1, verbose: 0, shuffle: false });
  const seconds = (performance.now() - t0) / 1000;
  tf.dispose([X, y]);
  model.dispose();
  return numSteps / seconds;
}

/**
 * Steps/s with a live progress display over steps/s without, from interleaved runs of `numSteps` each. The
 * display draws into a writer that serialises every message to JSON, as the kernel does before sending it.
 */
async function progressSpeedRatio(
  arch: Architecture,
  init: Params,
  data: TrainData,
  options: Omit<TrainOptions, "numSteps" | "progress">,
  numSteps: number,
): Promise<number> {
  let [plainSeconds, liveSeconds] = [0, 0];
  for (let rep = 0; rep < 3; rep++) {
    for (const live of [false, true]) {
      const progress = live ? liveProgress({ writer: (content) => void JSON.stringify(content) }) : undefined;
      const run = await train(arch, init, data, { ...options, numSteps, progress });
      disposeParams(run.params);
      if (live) liveSeconds += run.seconds;
      else plainSeconds += run.seconds;
    }
  }
  return plainSeconds / liveSeconds;
}

/**
 * Steps/s of training through `tf.grads` (`autodiff: true`) over steps/s of the layer kinds' hand-written
 * backward passes, from interleaved runs of `numSteps` each.
 */
async function autodiffSpeedRatio(
  arch: Architecture,
  init: Params,
  data: TrainData,
  options: Omit<TrainOptions, "numSteps" | "autodiff">,
  numSteps: number,
): Promise<number> {
  let [handSeconds, autoSeconds] = [0, 0];
  for (let rep = 0; rep < 2; rep++) {
    for (const autodiff of [false, true]) {
      const run = await train(arch, init, data, { ...options, numSteps, autodiff });
      disposeParams(run.params);
      if (autodiff) autoSeconds += run.seconds;
      else handSeconds += run.seconds;
    }
  }
  return handSeconds / autoSeconds;
}

async function main(): Promise<void> {
  const backend = await selectBackend();
  const quick = backend === "cpu";
  const numSteps = quick ? 20 : 600;
  const data = { train: benchData() };
  const arch = mlp(SIZES);
  const init = initParams(arch, { seed: SEED });
  const options = {
    optimizer: { kind: "sgd", lr: LR } as const,
    seed: SEED,
    batchSize: BATCH,
    handleSigint: false,
  };
  const warm = await train(arch, init, data, { ...options, numSteps: quick ? 2 : 30 });
  disposeParams(warm.params);
  const before = tf.memory().numTensors;
  const run = await train(arch, init, data, { ...options, numSteps });
  disposeParams(run.params);
  const leaked = tf.memory().numTensors - before;
  let epochSeconds: number;
  if (quick) epochSeconds = Math.ceil(data.train.numExamples / BATCH) / run.stepsPerSecond;
  else {
    const epoch = await train(arch, init, data, { ...options, epochs: 1 });
    epochSeconds = epoch.seconds;
    disposeParams(epoch.params);
  }
  const result = {
    backend,
    numSteps,
    stepsPerSecond: run.stepsPerSecond,
    firstLoss: run.trainLoss[0],
    lastLoss: run.trainLoss[run.trainLoss.length - 1],
    epochSeconds,
    epochEstimated: quick,
    progressSpeedRatio: await progressSpeedRatio(arch, init, data, options, quick ? 10 : 300),
    autodiffSpeedRatio: await autodiffSpeedRatio(arch, init, data, options, quick ? 10 : 200),
    layersFitStepsPerSecond: await layersFitStepsPerSecond(quick ? 5 : 100),
    matmulGflops: matmulGflops(quick ? 256 : 1024),
    leaked,
  };
  disposeParams(init);
  console.log(JSON.stringify(result));
}

main().catch((err: Error) => {
  console.error(err.message);
  process.exit(1);
});
