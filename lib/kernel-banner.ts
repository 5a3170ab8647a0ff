import * as tf from "@tensorflow/tfjs";

let announced = false;

/**
 * Prints the active tfjs backend once per kernel, when the lib is first imported by the gaugelab kernel
 * (which sets `GAUGELAB_KERNEL=1`). Outside the kernel it stays silent.
 */
export function announceBackendOnce(): void {
  if (announced || process.env.GAUGELAB_KERNEL !== "1") return;
  announced = true;
  console.log(`gaugelab: tfjs ${tf.version.tfjs}, backend "${tf.getBackend()}"`);
}
