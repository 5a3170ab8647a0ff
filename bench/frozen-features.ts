/**
 * Times notebook 03's layers side by side: a softmax readout on a frozen ordered hinge layer (one dense matmul)
 * and on a cubic B-spline layer (Cox–de Boor) of the same width (32 inputs × 8 units), with the frozen features
 * recomputed at every step and computed once (the training loop's default when everything below is frozen).
 * Each of `REPEATS` rounds measures all four in turn (`basisThroughput`), so the ratios come from runs side by
 * side. Run: `npx tsx bench/frozen-features.ts`.
 */
import { ensureBackend } from "../lib/core/backend";
import { basisThroughput } from "../lib/spline-experiments/basis-throughput";

const REPEATS = 3;
const NUM_STEPS = 1000;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const spread = (xs: number[]) =>
  `${median(xs).toFixed(2)} (${Math.min(...xs).toFixed(2)}–${Math.max(...xs).toFixed(2)})`;

async function main(): Promise<void> {
  await ensureBackend();
  const [once, spline, splineOnce] = [[], [], []] as number[][];
  for (let r = 0; r < REPEATS; r++) {
    const [hingeEvery, bsplineEvery, hingeOnce, bsplineOnce] = await basisThroughput({ numSteps: NUM_STEPS });
    once.push(hingeOnce.stepsPerSecond / hingeEvery.stepsPerSecond);
    spline.push(bsplineEvery.stepsPerSecond / hingeEvery.stepsPerSecond);
    splineOnce.push(bsplineOnce.stepsPerSecond / bsplineEvery.stepsPerSecond);
    console.log(
      `round ${r + 1}: steps/s hinge ${hingeEvery.stepsPerSecond.toFixed(0)} (once ${hingeOnce.stepsPerSecond.toFixed(0)}), ` +
        `bspline ${bsplineEvery.stepsPerSecond.toFixed(0)} (once ${bsplineOnce.stepsPerSecond.toFixed(0)})`,
    );
  }
  console.log(`\nfrozen features, ${NUM_STEPS} steps, median (min–max) of ${REPEATS} rounds:`);
  console.log(`  hinge layer, features once / every step:   ${spread(once)}`);
  console.log(`  B-spline layer, features once / every step: ${spread(splineOnce)}`);
  console.log(`  B-spline / hinge, every step:               ${spread(spline)}`);
}

void main();
