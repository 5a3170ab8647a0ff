import * as tf from "@tensorflow/tfjs";
import type { Architecture } from "../core/architecture";
import { checkOptions } from "../core/check-options";
import { initParams } from "../core/init";
import type { Params } from "../core/params";
import type { Dataset } from "../data/dataset";
import { type Pca, pca } from "../data/pca";
import { type DataSets, type DataSpec, loadData } from "../experiment/data-spec";
import type { OptimizerConfig } from "../optim/optimizer";
import { armLayer, type BasisArm, checkArms } from "./arms";

/** MNIST-10k with frozen bases on PCA coordinates against random features and a trained MLP. */
export interface MnistBasesConfig {
  readonly data: DataSpec;
  /** PCA coordinates the per-coordinate bases (hinges, B-splines) act on. */
  readonly numComponents: number;
  /** Units per PCA coordinate; the other arms get `numComponents · unitsPerInput` units on the raw pixels. */
  readonly unitsPerInput: number;
  readonly arms: readonly BasisArm[];
  readonly optimizer: OptimizerConfig;
  readonly epochs: number;
  readonly batchSize: number;
}

/** Full mode: 32 PCA coordinates × 8 units = 256 units per arm, Adam 3e-3, batch 60, 30 epochs. */
export const DEFAULT_MNIST_BASES: MnistBasesConfig = {
  data: { kind: "mnist", seed: 0 },
  numComponents: 32,
  unitsPerInput: 8,
  arms: ["hinges", "bsplines", "randomRelu", "mlp"],
  optimizer: { kind: "adam", lr: 3e-3 },
  epochs: 30,
  batchSize: 60,
};

/** Quick mode: 2 epochs. */
export const QUICK_MNIST_BASES: MnistBasesConfig = { ...DEFAULT_MNIST_BASES, epochs: 2 };

/** Checks a {@link MnistBasesConfig}. @throws naming the bad field. */
export function checkMnistBases(config: MnistBasesConfig, where: string): void {
  const shape = {
    data: "object",
    numComponents: "number",
    unitsPerInput: "number",
    arms: "array",
    optimizer: "object",
    epochs: "number",
    batchSize: "number",
  };
  checkOptions(config, shape, `${where} config`);
  checkArms(config.arms, where);
  for (const key of ["numComponents", "unitsPerInput", "epochs", "batchSize"] as const) {
    if (!(Number.isInteger(config[key]) && config[key] > 0)) {
      throw new Error(`${where}: ${key} must be a positive integer; got ${config[key]}`);
    }
  }
}

/** The data and PCA every arm of one config shares (computed once per unit). */
export interface MnistSetup {
  readonly data: DataSets;
  readonly pca: Pca;
  /** The training inputs in PCA coordinates, `[n, numComponents]`. */
  readonly projected: Dataset;
}

/** Loads the data and fits the PCA on the training digits. */
export function mnistSetup(config: MnistBasesConfig): MnistSetup {
  const data = loadData(config.data);
  const basis = pca(data.train, config.numComponents);
  const X = tf.tidy(() => {
    const x = tf.tensor2d(data.train.X, [data.train.numExamples, data.train.inDim]);
    const p = tf.tensor2d(basis.components, [data.train.inDim, basis.numComponents]);
    return tf.matMul(tf.sub(x, tf.tensor1d(basis.mean)), p).dataSync() as Float32Array;
  });
  return {
    data,
    pca: basis,
    projected: { ...data.train, name: "mnist/train (PCA)", X, inDim: basis.numComponents },
  };
}

/**
 * One arm's model: for the per-coordinate bases, a frozen linear `pca` layer (the PCA projection: kernel = the
 * components, bias = −mean · components) below the basis; otherwise the arm's layer on the raw pixels. Then a
 * trained softmax readout.
 *
 * @returns the architecture and its initial params (from `seed`), which the caller owns.
 */
export function mnistArm(
  config: MnistBasesConfig,
  setup: MnistSetup,
  arm: BasisArm,
  seed: number,
): { arch: Architecture; init: Params } {
  const width = config.numComponents * config.unitsPerInput;
  const onPca = arm === "hinges" || arm === "bsplines" || arm === "orderedInit";
  const readout = { kind: "dense", units: setup.data.train.outDim, name: "readout" };
  const first = armLayer(arm, onPca ? setup.projected : setup.data.train, config.unitsPerInput, width);
  const arch: Architecture = {
    inDim: setup.data.train.inDim,
    layers: onPca
      ? [
          { kind: "dense", units: config.numComponents, activation: "linear", frozen: true, name: "pca" },
          { ...first, name: "basis" },
          readout,
        ]
      : [{ ...first, name: "basis" }, readout],
  };
  const init = initParams(arch, { seed });
  if (!onPca) return { arch, init };
  const { components, mean, numComponents } = setup.pca;
  const inDim = setup.data.train.inDim;
  tf.dispose([init["pca/kernel"], init["pca/bias"]]);
  const bias = new Float32Array(numComponents);
  for (let i = 0; i < inDim; i++)
    for (let k = 0; k < numComponents; k++) bias[k] -= mean[i] * components[i * numComponents + k];
  const kernel = tf.tensor2d(components, [inDim, numComponents]);
  return { arch, init: { ...init, "pca/kernel": kernel, "pca/bias": tf.tensor1d(bias) } };
}
