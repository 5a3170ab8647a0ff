import * as tf from "@tensorflow/tfjs";
import type { Optimizer } from "../optim/optimizer";
import { type BatchSampler, disposeBatch } from "./batches";
import type { LossLog } from "./loss-log";
import type { Mask } from "./mask";
import type { Architecture } from "../core/architecture";
import { disposeParams, type Params } from "../core/params";
import { forward } from "../core/forward";
import { type LossAndGrads, lossAndGrads } from "./backward";
import { addL2Gradients } from "./l2";
import type { ResolvedOptions } from "./train-options";

/** `t` times the mask entry of each masked name (the inputs are disposed); other entries pass through. */
export function maskEntries(
  tensors: Record<string, tf.Tensor>,
  mask: Mask | undefined,
): Record<string, tf.Tensor> {
  if (!mask) return tensors;
  const out: Record<string, tf.Tensor> = {};
  for (const [name, t] of Object.entries(tensors)) {
    const m = mask.get(name);
    out[name] = m ? tf.mul(t, m) : t;
    if (m) t.dispose();
  }
  return out;
}

/** A private copy of `initial` with masked weights zeroed; the caller owns it. */
export function startParams(initial: Params, mask: Mask | undefined): Params {
  const out: Record<string, tf.Tensor> = {};
  for (const [name, p] of Object.entries(initial)) {
    const m = mask?.get(name);
    out[name] = m ? tf.mul(p, m) : p.clone();
  }
  return out;
}

/**
 * One update from one batch: loss and gradients (wanted = trainable names; with `r.distill`, against the
 * teacher's logits on the batch), the ℓ2 penalty's gradient added,
 * gradients masked, optimizer step, updates masked. Disposes the replaced tensors and returns the new params; on error `params` stay intact.
 */
export function trainStep(
  arch: Architecture,
  params: Params,
  sampler: BatchSampler,
  optimizer: Optimizer,
  trainable: ReadonlySet<string>,
  r: ResolvedOptions,
  mask: Mask | undefined,
  log: LossLog,
): Params {
  const batch = sampler.next({ sparse: r.sparseInputs });
  const d = r.distill;
  let result: LossAndGrads;
  const teacherLogits = d && tf.tidy(() => forward(d.arch, d.params, batch.X));
  try {
    result = lossAndGrads(arch, params, batch.X, batch.y, {
      loss: r.loss,
      wanted: trainable,
      autodiff: r.autodiff,
      distill: d && teacherLogits && { alpha: d.alpha, temperature: d.temperature, teacherLogits },
    });
  } finally {
    disposeBatch(batch);
    teacherLogits?.dispose();
  }
  log.push(result.loss);
  const penalised = r.l2 ? addL2Gradients(result.grads, params, r.l2) : result.grads;
  const grads = maskEntries(penalised, mask);
  let updated: Record<string, tf.Tensor>;
  try {
    updated = optimizer.step(params, grads);
  } finally {
    disposeParams(grads);
  }
  updated = maskEntries(updated, mask);
  for (const name of trainable) {
    const t = updated[name];
    if (!t || !tf.util.arraysEqual(t.shape, params[name].shape)) {
      disposeParams(updated);
      throw new Error(`optimizer ${optimizer.name} returned no or a wrongly shaped update for ${name}`);
    }
  }
  const next: Record<string, tf.Tensor> = { ...params };
  for (const name of trainable) {
    params[name].dispose();
    next[name] = updated[name];
  }
  return next;
}
