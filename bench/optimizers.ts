/**
 * `npm run bench`, optimizer rows: one Newton–Schulz orthogonalisation (Muon's 5 steps) of a 256×256 matrix, and
 * a training step with Muon (on the hidden matrix, Adam elsewhere) against one with Adam, on LeNet-300-100 and on
 * the 784-256-256-10 net of notebook 05, timed through the kit's `train` in interleaved runs on the same batches.
 * The target of issue 16: a Muon step costs at most 1.5× an Adam step at LeNet scale.
 */
import * as tf from "@tensorflow/tfjs";
import { ensureBackend } from "../lib/core/backend";
import { mlp } from "../lib/core/architecture";
import { initParams } from "../lib/core/init";
import { disposeParams } from "../lib/core/params";
import { normalTensor } from "../lib/core/rng";
import { hiddenMatrices } from "../lib/optim/matrix-names";
import { newtonSchulz } from "../lib/optim/newton-schulz";
import type { OptimizerConfig } from "../lib/optim/optimizer";
import { train } from "../lib/train/train";
import { BATCH, SEED, benchData } from "./lenet-setup";

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function newtonSchulzMs(n: number, reps = 15): number {
  const G = normalTensor([n, n], 1);
  newtonSchulz(G).dispose();
  const times: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    const X = newtonSchulz(G);
    X.dataSync();
    times.push(performance.now() - t0);
    X.dispose();
  }
  G.dispose();
  return median(times);
}

/** Seconds per step of `train` with each optimizer, interleaved `rounds` times (median per optimizer). */
async function stepSeconds(sizes: number[], configs: OptimizerConfig[], numSteps: number, rounds = 3) {
  const arch = mlp(sizes);
  const init = initParams(arch, { seed: SEED });
  const data = { train: benchData() };
  const times: number[][] = configs.map(() => []);
  for (let r = 0; r < rounds; r++) {
    for (const [i, optimizer] of configs.entries()) {
      const t0 = performance.now();
      const run = await train(arch, init, data, { optimizer, seed: SEED, numSteps, batchSize: BATCH });
      times[i].push((performance.now() - t0) / 1000 / numSteps);
      disposeParams(run.params);
    }
  }
  disposeParams(init);
  return times.map(median);
}

async function main(): Promise<void> {
  const backend = await ensureBackend();
  console.log(`\noptimizers (${backend})`);
  console.log(`Newton–Schulz, 5 steps, 256×256: ${newtonSchulzMs(256).toFixed(1)} ms (median of 15)`);
  const before = tf.memory().numTensors;
  for (const sizes of [
    [784, 300, 100, 10],
    [784, 256, 256, 10],
  ]) {
    const matrices = hiddenMatrices(mlp(sizes));
    const [adam, muon] = await stepSeconds(
      sizes,
      [
        { kind: "adam", lr: 1e-3 },
        { kind: "muon", lr: 0.02, matrices, fallback: { kind: "adam", lr: 1e-3 } },
      ],
      150,
    );
    console.log(
      `[${sizes}], batch ${BATCH}: adam ${(adam * 1000).toFixed(2)} ms/step, muon ${(muon * 1000).toFixed(2)} ` +
        `ms/step, muon / adam = ${(muon / adam).toFixed(2)}× (medians of 3 interleaved 150-step runs)`,
    );
  }
  const leaked = tf.memory().numTensors - before;
  if (leaked !== 0) {
    console.error(`LEAK: ${leaked} tensors left behind`);
    process.exitCode = 1;
  }
}

void main();
