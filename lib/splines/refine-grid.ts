import * as tf from "@tensorflow/tfjs";
import { Matrix, solve } from "ml-matrix";
import { type Architecture, layersOf } from "../core/architecture";
import { forward, layerOutputs } from "../core/forward";
import type { KnotsOption } from "../core/layers/knots";
import type { Params } from "../core/params";

/** The model after {@link refineGrid}: the architecture with the finer grid, and params that carry it. */
export interface RefinedModel {
  readonly arch: Architecture;
  /** New params; the caller owns them. */
  readonly params: Params;
}

/** `[n, cols]` rows of a tensor as ml-matrix, columns `from … from + count − 1`. */
function block(values: Float32Array, cols: number, from: number, count: number): Matrix {
  const n = values.length / cols;
  return new Matrix(
    Array.from({ length: n }, (_, i) =>
      Array.from(values.subarray(i * cols + from, i * cols + from + count)),
    ),
  );
}

/**
 * pykan's grid extension: gives the B-spline layer `layer` a new grid (e.g. finer) and refits the dense
 * readout above it by least squares, so that every univariate function `φ_{j,o}(x_j) = Σ_i c_{ji,o} B_i(x_j)`
 * is as close as the new basis allows to the old one on the layer's inputs at `X`. Training then continues from
 * the refined model (the KAN paper's G = 3 → 5 → 10 → 20 schedule).
 *
 * @param layer index of a `bspline` layer followed by a `dense` layer.
 * @param grid the new `grid` option (a count or sorted points).
 * @param X inputs `[n, inDim]` (not disposed) whose layer-`layer` inputs the functions are matched on.
 * @returns the refined architecture and new params; `params` are not modified.
 * @throws when the layers are not a bspline followed by a dense layer, or as the new spec's checks.
 */
export function refineGrid(
  arch: Architecture,
  params: Params,
  layer: number,
  grid: KnotsOption,
  X: tf.Tensor2D,
): RefinedModel {
  const layers = layersOf(arch);
  const [basis, readout] = [layers[layer], layers[layer + 1]];
  if (basis?.spec.kind !== "bspline" || readout?.spec.kind !== "dense") {
    throw new Error(`refineGrid: layer ${layer} must be a bspline layer followed by a dense layer`);
  }
  const specs = [...arch.layers];
  specs[layer] = { ...basis.spec, name: basis.name, grid };
  specs[layer + 1] = { ...readout.spec, name: readout.name };
  const refined: Architecture = { inDim: arch.inDim, layers: specs };
  const fine = layersOf(refined)[layer];
  const inDim = basis.inDim;
  const [oldM, newM, outDim] = [basis.outDim / inDim, fine.outDim / inDim, readout.outDim];
  const fineGrid = fine.kind.init(fine.spec, inDim, { seed: 0, init: "glorotNormal", biasValue: 0 }).grid;
  const gridName = basis.paramNames.grid;
  const [oldB, newB] = tf.tidy(() => {
    const h = layer === 0 ? X : layerOutputs(arch, params, X)[layer - 1];
    const basisOf = (spec: Architecture["layers"][number], g: tf.Tensor) =>
      forward(
        { inDim, layers: [{ ...spec, name: basis.name }] },
        { [gridName]: g },
        h,
      ).dataSync() as Float32Array;
    return [basisOf(basis.spec, params[gridName]), basisOf(specs[layer], fineGrid)];
  });
  const C = params[readout.paramNames.kernel].dataSync();
  const kernel = new Float32Array(inDim * newM * outDim);
  for (let j = 0; j < inDim; j++) {
    const A = block(newB, inDim * newM, j * newM, newM);
    const Cj = new Matrix(
      Array.from({ length: oldM }, (_, i) =>
        Array.from(C.subarray((j * oldM + i) * outDim, (j * oldM + i + 1) * outDim)),
      ),
    );
    const target = block(oldB, inDim * oldM, j * oldM, oldM).mmul(Cj);
    // A small ridge keeps basis functions with no samples under them at 0 instead of undefined.
    const normal = A.transpose().mmul(A).add(Matrix.eye(newM).mul(1e-8));
    const Cnew = solve(normal, A.transpose().mmul(target));
    for (let i = 0; i < newM; i++)
      for (let o = 0; o < outDim; o++) kernel[(j * newM + i) * outDim + o] = Cnew.get(i, o);
  }
  const replaced: Record<string, tf.Tensor> = {
    [gridName]: fineGrid,
    [readout.paramNames.kernel]: tf.tensor2d(kernel, [inDim * newM, outDim]),
  };
  const ordered = Object.fromEntries(
    Object.entries(params).map(([name, t]) => [name, replaced[name] ?? t.clone()]),
  );
  return { arch: refined, params: ordered };
}
