import * as tf from "@tensorflow/tfjs";
import { isMainThread } from "worker_threads";
import { processSingleton } from "./jupyter-output";

/**
 * Prints the active tfjs backend once per kernel, when the lib is first imported by the gaugelab kernel
 * (which sets `GAUGELAB_KERNEL=1`). Outside the kernel, and in the pool's worker threads (which inherit the
 * variable), it stays silent. The "printed" mark is kernel-global:
 * a cell that imports `"./lib/index"` gets tslab's own compiled copy of the lib beside Node's, and each copy
 * runs this.
 */
export function announceBackendOnce(): void {
  if (process.env.GAUGELAB_KERNEL !== "1" || !isMainThread) return;
  const banner = processSingleton("gaugelab.kernel-banner", () => ({ printed: false }));
  if (banner.printed) return;
  banner.printed = true;
  console.log(`gaugelab: tfjs ${tf.version.tfjs}, backend "${tf.getBackend()}"`);
}
