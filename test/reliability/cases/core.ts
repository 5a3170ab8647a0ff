import * as fs from "node:fs";
import * as path from "node:path";
import * as tf from "@tensorflow/tfjs";
import * as g from "../../../lib";
import type { Architecture } from "../../../lib/core/architecture";
import type { Fixtures } from "./fixtures";
import type { SweepCase } from "../sweep";

type Cases = SweepCase[];
const u = <T>(v: unknown) => v as T;

/** Cases of the model's core: initParams, mlp, layersOf, forward, lossAndGrads, evaluate, makeOptimizer. */
export function modelCases(fx: Fixtures): Cases {
  const { arch, params } = fx;
  const cases: Cases = [];
  const add = (fn: string, bad: string, names: string, call: () => unknown) =>
    cases.push({ fn, bad, names, call });
  for (const [bad, v] of [
    ["NaN", NaN],
    ["1.5", 1.5],
    ['"1"', "1"],
    ["Infinity", Infinity],
  ] as const) {
    add("initParams", `options.seed = ${bad}`, "seed", () => g.initParams(arch, { seed: u<number>(v) }));
  }
  add("initParams", 'options.init = "glorotNorml"', "init", () =>
    g.initParams(arch, { seed: 0, init: u("glorotNorml") }),
  );
  add("initParams", "options.biasValue = NaN", "biasValue", () =>
    g.initParams(arch, { seed: 0, biasValue: NaN }),
  );
  add("initParams", "options.biasValue = Infinity", "biasValue", () =>
    g.initParams(arch, { seed: 0, biasValue: Infinity }),
  );
  add("initParams", "misspelled options.sead", "sead", () => g.initParams(arch, u({ sead: 0 })));
  add("initParams", "options missing", "options", () => g.initParams(arch, u(undefined)));
  add("initParams", "arch.inDim = 0", "inDim", () =>
    g.initParams({ inDim: 0, layers: arch.layers }, { seed: 0 }),
  );

  for (const [bad, sizes] of [
    ["[2]", [2]],
    ["[2, -1, 3]", [2, -1, 3]],
    ["[2, 1.5]", [2, 1.5]],
    ["[2, NaN]", [2, NaN]],
    ["[]", []],
  ] as const) {
    add("mlp", `sizes = ${bad}`, "sizes", () => g.mlp(sizes));
  }
  add("mlp", 'sizes = "2,3"', "sizes", () => g.mlp(u("2,3")));
  add("mlp", "options.activation = 3", "activation", () => g.mlp([2, 3], { activation: u(3) }));
  add("mlp", "misspelled options.activaton", "activaton", () => g.mlp([2, 3], u({ activaton: "tanh" })));

  const layer = (extra: object): Architecture => ({
    inDim: 2,
    layers: [{ kind: "dense", units: 3, ...extra }],
  });
  add("layersOf", "inDim = NaN", "inDim", () => g.layersOf({ inDim: NaN, layers: arch.layers }));
  add("layersOf", "inDim = -1", "inDim", () => g.layersOf({ inDim: -1, layers: arch.layers }));
  add("layersOf", "inDim = 1.5", "inDim", () => g.layersOf({ inDim: 1.5, layers: arch.layers }));
  add("layersOf", "layers = []", "layers", () => g.layersOf({ inDim: 2, layers: [] }));
  add("layersOf", 'layers = "dense"', "layers", () => g.layersOf({ inDim: 2, layers: u("dense") }));
  add("layersOf", "layers[0] = null", "layers[0]", () => g.layersOf({ inDim: 2, layers: u([null]) }));
  add("layersOf", 'layers[0].kind = "dnse"', "dnse", () => g.layersOf(layer({ kind: "dnse" })));
  add("layersOf", "layers[0].units = 0", "units", () => g.layersOf(layer({ units: 0 })));
  add("layersOf", "layers[0].units = NaN", "units", () => g.layersOf(layer({ units: NaN })));
  add("layersOf", "layers[0].units = 2.5", "units", () => g.layersOf(layer({ units: 2.5 })));
  add("layersOf", 'layers[0].activation = "rleu"', "activation", () =>
    g.layersOf(layer({ activation: "rleu" })),
  );
  add("layersOf", "misspelled layers[0].unit", "unit", () => g.layersOf(layer({ unit: 3 })));
  add("layersOf", 'layers[0].frozen = "yes"', "frozen", () => g.layersOf(layer({ frozen: "yes" })));
  add("layersOf", "arch = null", "architecture", () => g.layersOf(u(null)));

  const { "dense1/bias": _bias, ...noBias } = params;
  add("forward", "X of width 3", "X", () => g.forward(arch, params, fx.Xwide));
  add("forward", "X a plain array", "X", () => g.forward(arch, params, u([[1, 2]])));
  add("forward", "X of rank 1", "X", () => tf.tidy(() => g.forward(arch, params, u(tf.zeros([2])))));
  add("forward", "params of another architecture", "dense0/kernel", () => g.forward(arch, fx.misfit, fx.X));
  add("forward", "params without dense1/bias", "dense1/bias", () => g.forward(arch, noBias, fx.X));

  const grads =
    (o: object, X = fx.X, y = fx.y, p = params) =>
    () =>
      g.lossAndGrads(arch, p, X, y, u(o));
  add("lossAndGrads", 'options.loss = "hinge"', "loss", grads({ loss: "hinge" }));
  add("lossAndGrads", "options.loss missing", "loss", grads({}));
  add("lossAndGrads", "options = undefined", "options", () =>
    g.lossAndGrads(arch, params, fx.X, fx.y, u(undefined)),
  );
  add("lossAndGrads", "y of width 2", "y", grads({ loss: "mse" }, fx.X, u(fx.X)));
  add("lossAndGrads", "X of width 3", "X", grads({ loss: "mse" }, fx.Xwide));
  add("lossAndGrads", "options.wanted an array", "wanted", grads({ loss: "mse", wanted: ["dense0/kernel"] }));
  add("lossAndGrads", 'options.autodiff = "yes"', "autodiff", grads({ loss: "mse", autodiff: "yes" }));
  add("lossAndGrads", "misspelled options.wantd", "wantd", grads({ loss: "mse", wantd: new Set() }));
  add(
    "lossAndGrads",
    "params of another architecture",
    "dense0/kernel",
    grads({ loss: "mse" }, fx.X, fx.y, fx.misfit),
  );

  const evalOn =
    (o: object, p = params, ds = fx.ds) =>
    () =>
      g.evaluate(arch, p, ds, u(o));
  const ce = { loss: "softmaxCrossEntropy" };
  add("evaluate", 'options.loss = "hinge"', "loss", evalOn({ loss: "hinge" }));
  for (const [bad, v] of [
    ["0", 0],
    ["1.5", 1.5],
    ["NaN", NaN],
    ["-1", -1],
  ] as const) {
    add("evaluate", `options.batchSize = ${bad}`, "batchSize", evalOn({ ...ce, batchSize: v }));
  }
  add("evaluate", "misspelled options.batchsize", "batchsize", evalOn({ ...ce, batchsize: 2 }));
  add("evaluate", "params with NaN in dense0/kernel", "dense0/kernel", evalOn(ce, fx.nan));
  add("evaluate", "params with Inf in dense1/bias", "dense1/bias", evalOn(ce, fx.inf));
  add("evaluate", "params with -Inf in dense1/kernel", "dense1/kernel", evalOn(ce, fx.negInf));
  add("evaluate", "params of another architecture", "dense0/kernel", evalOn(ce, fx.misfit));
  const labels = Int32Array.from([0, 1, 7, 0, 1]);
  add("evaluate", "labels outside [0, 3)", "label", evalOn(ce, params, { ...fx.ds, labels }));
  add(
    "evaluate",
    "dataset of width 3",
    "X",
    evalOn(ce, params, { ...fx.ds, inDim: 3, X: new Float32Array(15) }),
  );
  const empty = { ...fx.ds, name: "empty", X: new Float32Array(0), y: new Float32Array(0), numExamples: 0 };
  add("evaluate", "empty dataset", "empty", evalOn(ce, params, { ...empty, labels: new Int32Array(0) }));

  for (const [bad, lr] of [
    ["0", 0],
    ["-1", -1],
    ["NaN", NaN],
    ["Infinity", Infinity],
    ['"0.1"', "0.1"],
  ] as const) {
    add("makeOptimizer", `sgd lr = ${bad}`, "lr", () => g.makeOptimizer(u({ kind: "sgd", lr })));
  }
  add("makeOptimizer", 'kind = "adamm"', "adamm", () => g.makeOptimizer({ kind: "adamm", lr: 0.1 }));
  add("makeOptimizer", "config = null", "optimizer", () => g.makeOptimizer(u(null)));
  add("makeOptimizer", "misspelled lR", "lR", () => g.makeOptimizer(u({ kind: "sgd", lR: 0.1 })));
  for (const [bad, beta1] of [
    ["1.5", 1.5],
    ["NaN", NaN],
    ["-0.1", -0.1],
    ["1", 1],
  ] as const) {
    add("makeOptimizer", `adam beta1 = ${bad}`, "beta1", () =>
      g.makeOptimizer({ kind: "adam", lr: 0.1, beta1 }),
    );
  }
  add("makeOptimizer", "adam epsilon = -1", "epsilon", () =>
    g.makeOptimizer({ kind: "adam", lr: 0.1, epsilon: -1 }),
  );
  add("makeOptimizer", "momentum momentum = NaN", "momentum", () =>
    g.makeOptimizer({ kind: "momentum", lr: 0.1, momentum: NaN }),
  );
  add("makeOptimizer", "momentum nesterov = 1", "nesterov", () =>
    g.makeOptimizer(u({ kind: "momentum", lr: 0.1, nesterov: 1 })),
  );
  add("makeOptimizer", "sgd weightDecay = -1", "weightDecay", () =>
    g.makeOptimizer({ kind: "sgd", lr: 0.1, weightDecay: -1 }),
  );
  add("makeOptimizer", "sgd weightDecay = NaN", "weightDecay", () =>
    g.makeOptimizer({ kind: "sgd", lr: 0.1, weightDecay: NaN }),
  );
  return cases;
}

/** Cases of pruning, masks, pictures and saved models. */
export function pruneAndFileCases(fx: Fixtures, tmp: string): Cases {
  const { arch, params, mask } = fx;
  const cases: Cases = [];
  const add = (fn: string, bad: string, names: string, call: () => unknown) =>
    cases.push({ fn, bad, names, call });
  const prune =
    (config: object, p = params, m = mask) =>
    () =>
      g.prune(arch, p, m, u(config));
  add("prune", 'kind = "magnitude-globl"', "magnitude-globl", prune({ kind: "magnitude-globl", rate: 0.2 }));
  for (const [bad, rate] of [
    ["0", 0],
    ["1", 1],
    ["NaN", NaN],
    ["1.5", 1.5],
    ["-0.2", -0.2],
    ['"0.2"', "0.2"],
  ] as const) {
    add("prune", `magnitude-global rate = ${bad}`, "rate", prune({ kind: "magnitude-global", rate }));
  }
  add("prune", "misspelled rat", "rat", prune({ kind: "magnitude-global", rat: 0.2 }));
  add(
    "prune",
    'layers = ["dense9"]',
    "dense9",
    prune({ kind: "magnitude-global", rate: 0.2, layers: ["dense9"] }),
  );
  add("prune", "config = null", "prune", prune(u(null)));
  add("prune", "mask = {}", "mask", () =>
    g.prune(arch, params, u({}), { kind: "magnitude-global", rate: 0.2 }),
  );
  add(
    "prune",
    "params with NaN in dense0/kernel",
    "dense0/kernel",
    prune({ kind: "magnitude-global", rate: 0.2 }, fx.nan),
  );
  add("prune", "layerwise rate = NaN", "rate", prune({ kind: "magnitude-layerwise", rate: NaN }));
  add(
    "prune",
    "layerwise outputRate = 2",
    "outputRate",
    prune({ kind: "magnitude-layerwise", rate: 0.2, outputRate: 2 }),
  );
  add("prune", "random seed = NaN", "seed", prune({ kind: "random", rate: 0.2, seed: NaN }));
  const labels = (v: number[]) => tf.tensor1d(v, "int32");
  const snip =
    (y: () => tf.Tensor, density = 0.5, X = fx.X) =>
    () => {
      const yt = y();
      try {
        return g.prune(arch, params, mask, { kind: "snip", X, y: yt, density });
      } finally {
        yt.dispose();
      }
    };
  add(
    "prune",
    "snip labels outside [0, 3)",
    "label",
    snip(() => labels([0, 1, 5, 0, 1])),
  );
  add(
    "prune",
    "snip labels = -1",
    "label",
    snip(() => labels([0, -1, 2, 0, 1])),
  );
  add(
    "prune",
    "snip density = 0",
    "density",
    snip(() => labels([0, 1, 2, 0, 1]), 0),
  );
  add(
    "prune",
    "snip density = NaN",
    "density",
    snip(() => labels([0, 1, 2, 0, 1]), NaN),
  );
  add(
    "prune",
    "snip X with NaN",
    "X",
    snip(() => labels([0, 1, 2, 0, 1]), 0.5, fx.Xnan),
  );
  add(
    "prune",
    "snip y of 4 rows",
    "y",
    snip(() => labels([0, 1, 2, 0])),
  );

  const owned = (make: () => Record<string, tf.Tensor>) => () => {
    const entries = make();
    try {
      return g.Mask.fromTensors(entries);
    } catch (err) {
      tf.dispose(Object.values(entries).filter((t) => t instanceof tf.Tensor));
      throw err;
    }
  };
  add(
    "Mask.fromTensors",
    "an entry of 0.5",
    "dense0/kernel",
    owned(() => ({ "dense0/kernel": tf.fill([2, 4], 0.5) })),
  );
  add(
    "Mask.fromTensors",
    "an entry of NaN",
    "dense0/kernel",
    owned(() => ({ "dense0/kernel": tf.fill([2, 4], NaN) })),
  );
  add(
    "Mask.fromTensors",
    "an entry that is a number",
    "dense0/kernel",
    owned(() => u({ "dense0/kernel": 1 })),
  );
  add(
    "Mask.fromTensors",
    "an entry that is an array",
    "dense0/kernel",
    owned(() => u({ "dense0/kernel": [[1, 0]] })),
  );
  add("Mask.fromTensors", "entries = null", "entries", () => g.Mask.fromTensors(u(null)));

  const pic = { data: [0, 0.5, 1, 0.25], height: 2, width: 2 };
  add("kernelFromPicture", "inDim = 0", "inDim", () => g.kernelFromPicture(pic, 0, 3));
  add("kernelFromPicture", "outDim = 1.5", "outDim", () => g.kernelFromPicture(pic, 2, 1.5));
  add("kernelFromPicture", "inDim = NaN", "inDim", () => g.kernelFromPicture(pic, NaN, 3));
  add("kernelFromPicture", "a NaN pixel", "pixel", () =>
    g.kernelFromPicture({ ...pic, data: [0, NaN, 1, 0] }, 2, 3),
  );
  add("kernelFromPicture", "data shorter than height*width", "picture", () =>
    g.kernelFromPicture({ ...pic, data: [0, 1] }, 2, 3),
  );
  add("kernelFromPicture", "height = 0", "height", () => g.kernelFromPicture({ ...pic, height: 0 }, 2, 3));
  add("kernelFromPicture", "std = NaN", "std", () => g.kernelFromPicture(pic, 2, 3, NaN));
  add("kernelFromPicture", "std = -1", "std", () => g.kernelFromPicture(pic, 2, 3, -1));
  add("kernelFromPicture", "pic = null", "pic", () => g.kernelFromPicture(u(null), 2, 3));

  const file = (name: string, text: string) => {
    const f = path.join(tmp, name);
    fs.writeFileSync(f, text);
    return f;
  };
  const good = JSON.stringify(g.modelToJson(arch, params));
  for (const [name, text] of [
    ["not-json.json", "hello"],
    ["empty.json", ""],
    ["truncated.json", good.slice(0, 100)],
    ["keras.json", '{"format":"keras","params":{}}'],
    ["no-params.json", JSON.stringify({ format: "gaugelab-model/1", arch })],
    ["null-value.json", good.replace(/"values":\[[-0-9.e]+/, '"values":[null')],
    ["bad-entry.json", JSON.stringify({ format: "gaugelab-model/1", arch, params: { "dense0/kernel": 3 } })],
    [
      "bad-arch.json",
      JSON.stringify({ format: "gaugelab-model/1", arch: { inDim: 2, layers: "x" }, params: {} }),
    ],
  ] as const) {
    const f = file(name, text);
    add("loadModel", name, f, () => g.loadModel(f));
  }
  add("loadModel", "file = 3", "file", () => g.loadModel(u(3)));
  add("loadModel", "a folder", tmp, () => g.loadModel(tmp));
  add("saveModel", "params with NaN", "dense0/kernel", () =>
    g.saveModel(arch, fx.nan, path.join(tmp, "nan.json")),
  );
  add("saveModel", "params with Inf", "dense1/bias", () =>
    g.saveModel(arch, fx.inf, path.join(tmp, "inf.json")),
  );
  add("saveModel", "file = 3", "file", () => g.saveModel(arch, params, u(3)));
  add("saveModel", "params of another architecture", "dense0/kernel", () =>
    g.saveModel(arch, fx.misfit, path.join(tmp, "misfit.json")),
  );
  return cases;
}
