import * as tf from "@tensorflow/tfjs";
import * as g from "../../../lib";
import type { SweepCase } from "../sweep";

const u = <T>(v: unknown) => v as T;

/** Cases of notebook 05's lib: Newton–Schulz, the matrix optimizers, watermarks and the weight measures. */
export function optimizerCases(): SweepCase[] {
  const cases: SweepCase[] = [];
  const add = (fn: string, bad: string, names: string, call: () => unknown) =>
    cases.push({ fn, bad, names, call });
  add("newtonSchulz", "G of rank 1", "2-D", () => tf.tidy(() => g.newtonSchulz(tf.zeros([3]))));
  add("newtonSchulz", "G empty", "empty", () => tf.tidy(() => g.newtonSchulz(tf.zeros([0, 3]))));
  add("newtonSchulz", "G holds NaN", "NaN", () =>
    tf.tidy(() => g.newtonSchulz(tf.tensor2d([NaN, 1], [1, 2]))),
  );
  add("newtonSchulz", "G holds Infinity", "Inf", () =>
    tf.tidy(() => g.newtonSchulz(tf.tensor2d([Infinity, 1], [1, 2]))),
  );
  add("newtonSchulz", "steps = -1", "steps", () =>
    tf.tidy(() => g.newtonSchulz(tf.ones([2, 2]), { steps: -1 })),
  );
  add("newtonSchulz", "G = an array", "G", () => g.newtonSchulz(u([[1, 2]])));
  for (const kind of ["muon", "spectral-gd", "dualized-gd"]) {
    add("makeOptimizer", `${kind} lr = 0`, "lr", () => g.makeOptimizer({ kind, lr: 0 }));
    add("makeOptimizer", `${kind} lr = -1`, "lr", () => g.makeOptimizer({ kind, lr: -1 }));
    add("makeOptimizer", `${kind} momentum = 1`, "momentum", () =>
      g.makeOptimizer({ kind, lr: 0.02, momentum: 1 }),
    );
    add("makeOptimizer", `${kind} momentum = -0.5`, "momentum", () =>
      g.makeOptimizer({ kind, lr: 0.02, momentum: -0.5 }),
    );
    add("makeOptimizer", `${kind} scale = "kj"`, "scale", () =>
      g.makeOptimizer({ kind, lr: 0.02, scale: "kj" }),
    );
    add("makeOptimizer", `${kind} fallback.kind = "lion"`, "fallback", () =>
      g.makeOptimizer({ kind, lr: 0.02, fallback: { kind: "lion", lr: 1 } }),
    );
  }
  const W = () => tf.zeros([8, 8]);
  const pic = g.glyphPicture("A");
  add("watermarkKernel", "a constant picture", "constant", () =>
    tf.tidy(() => g.watermarkKernel(W(), { data: [1, 1, 1, 1], height: 2, width: 2 }, { mode: "add" })),
  );
  add("watermarkKernel", "a picture of the wrong size", "picture", () =>
    tf.tidy(() => g.watermarkKernel(W(), { data: [1, 2, 3], height: 2, width: 2 }, { mode: "add" })),
  );
  add("watermarkKernel", 'mode = "stamp"', "mode", () =>
    tf.tidy(() => g.watermarkKernel(W(), pic, { mode: u("stamp") })),
  );
  add("watermarkKernel", "strength = 2 (multiply)", "strength", () =>
    tf.tidy(() => g.watermarkKernel(W(), pic, { mode: "multiply", strength: 2 })),
  );
  add("watermarkKernel", "W of rank 1", "W", () =>
    tf.tidy(() => g.watermarkKernel(tf.zeros([8]), pic, { mode: "add" })),
  );
  add("glyphPicture", 'text = "?"', "glyph", () => g.glyphPicture("?"));
  add("pictureSsim", "range = 0", "range", () =>
    tf.tidy(() => g.pictureSsim(tf.zeros([12, 12]), tf.zeros([12, 12]), 0)),
  );
  add("displacement", "shapes differ", "shape", () =>
    tf.tidy(() => g.displacement(tf.zeros([3, 3]), tf.zeros([3, 4]))),
  );
  add("singularValues", "M holds NaN", "NaN", () =>
    tf.tidy(() => g.singularValues(tf.tensor2d([NaN, 1], [1, 2]))),
  );
  return cases;
}
