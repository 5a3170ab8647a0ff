import * as fs from "node:fs";
import * as path from "node:path";
import * as zlib from "node:zlib";
import * as g from "../../../lib";
import type { Fixtures } from "./fixtures";
import type { SweepCase } from "../sweep";

const u = <T>(v: unknown) => v as T;

/** An IDX file: magic 0 0 type rank, big-endian dims, then the data. */
function idxBytes(type: number, shape: number[], body: Buffer): Buffer {
  const header = Buffer.alloc(4 + 4 * shape.length);
  header[2] = type;
  header[3] = shape.length;
  shape.forEach((d, i) => header.writeUInt32BE(d, 4 + 4 * i));
  return Buffer.concat([header, body]);
}

/** A tiny experiment unit: trains the fixture net for `numSteps` steps through trainUnit, caching the loss. */
function tinyExperiment(fx: Fixtures): g.Experiment<{ numSteps: number }, { loss: number }> {
  return {
    name: "sweep-tiny",
    version: 1,
    check(unit) {
      g.checkOptions(unit, { numSteps: "number" }, "sweep-tiny");
      if (!(Number.isInteger(unit.numSteps) && unit.numSteps > 0)) {
        throw new Error(`sweep-tiny: numSteps must be a positive integer; got ${unit.numSteps}`);
      }
    },
    steps: (unit) => unit.numSteps,
    async compute(unit, progress, options) {
      const run = await g.trainUnit(
        fx.arch,
        fx.params,
        { train: fx.ds },
        {
          optimizer: { kind: "sgd", lr: 0.1 },
          seed: 0,
          numSteps: unit.numSteps,
          batchSize: 5,
          label: "sweep-tiny",
          progress: progress.stage("sweep-tiny", unit.numSteps),
          signal: options.signal,
          handleSigint: false,
          progressEveryMs: 0,
        },
      );
      g.disposeParams(run.params);
      return { loss: run.trainLoss[run.trainLoss.length - 1] };
    },
  };
}

/** Cases of data loading, training, experiments and the lottery config. */
export function runCases(fx: Fixtures, tmp: string): SweepCase[] {
  const { arch, params, ds } = fx;
  const cases: SweepCase[] = [];
  const add = (fn: string, bad: string, names: string, call: () => unknown) =>
    cases.push({ fn, bad, names, call });

  const spirals = { kind: "spirals", n: 40, numClasses: 2, numTest: 10, seed: 0 } as const;
  const data = (spec: object) => () => g.loadData(u(spec));
  add("loadData", 'kind = "mnst"', "mnst", data({ kind: "mnst", seed: 0 }));
  add("loadData", "spec = null", "data", data(u(null)));
  for (const [bad, n] of [
    ["0", 0],
    ["NaN", NaN],
    ["1.5", 41.5],
    ["-5", -5],
  ] as const) {
    add("loadData", `spirals n = ${bad}`, "n", data({ ...spirals, n }));
  }
  for (const [bad, numTest] of [
    ["0", 0],
    ["40 (all)", 40],
    ["NaN", NaN],
    ["2.5", 2.5],
  ] as const) {
    add("loadData", `spirals numTest = ${bad}`, "numTest", data({ ...spirals, numTest }));
  }
  for (const [bad, numClasses] of [
    ["0", 0],
    ["1.5", 1.5],
    ["NaN", NaN],
  ] as const) {
    add("loadData", `spirals numClasses = ${bad}`, "numClasses", data({ ...spirals, numClasses }));
  }
  for (const [bad, numVal] of [
    ["-1", -1],
    ["1.5", 1.5],
    ["30 (all the rest)", 30],
  ] as const) {
    add("loadData", `spirals numVal = ${bad}`, "numVal", data({ ...spirals, numVal }));
  }
  add("loadData", "spirals seed = NaN", "seed", data({ ...spirals, seed: NaN }));
  add("loadData", "misspelled numtest", "numtest", data({ ...spirals, numtest: 3 }));
  add("loadData", "mnist numVal = 9000", "numVal", data({ kind: "mnist", seed: 0, numVal: 9000 }));
  add("loadData", "mnist seed = 1.5", "seed", data({ kind: "mnist", seed: 1.5 }));

  const mnist = (o: unknown) => () => g.loadMnist(u(o));
  for (const [bad, seed] of [
    ["NaN", NaN],
    ['"0"', "0"],
    ["1.5", 1.5],
  ] as const) {
    add("loadMnist", `seed = ${bad}`, "seed", mnist({ seed }));
  }
  for (const [bad, numTest] of [
    ["0", 0],
    ["10000 (all)", 10000],
    ["1.5", 1.5],
    ["-1", -1],
  ] as const) {
    add("loadMnist", `numTest = ${bad}`, "numTest", mnist({ seed: 0, numTest }));
  }
  add("loadMnist", "misspelled numtest", "numtest", mnist({ seed: 0, numtest: 100 }));
  add("loadMnist", "options missing", "options", mnist(undefined));

  const idx = (o: unknown) => () => g.loadIdxDataset(u(o));
  for (const [bad, limit] of [
    ["-1", -1],
    ["2.5", 2.5],
    ["0", 0],
    ["NaN", NaN],
  ] as const) {
    add("loadIdxDataset", `limit = ${bad}`, "limit", idx({ dir: tmp, limit }));
  }
  add("loadIdxDataset", 'split = "val"', "split", idx({ split: "val" }));
  add("loadIdxDataset", "dir = 3", "dir", idx({ dir: 3 }));
  add("loadIdxDataset", "misspelled limt", "limt", idx({ limt: 3 }));
  const images = idxBytes(0x08, [2, 1, 2], Buffer.from([0, 255, 51, 0]));
  const labels = idxBytes(0x08, [2], Buffer.from([3, 9]));
  const folder = (name: string, imageBytes: Buffer, labelBytes: Buffer) => {
    const dir = path.join(tmp, name);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "t10k-images-idx3-ubyte"), imageBytes);
    fs.writeFileSync(path.join(dir, "t10k-labels-idx1-ubyte.gz"), labelBytes);
    return dir;
  };
  const gz = zlib.gzipSync(labels);
  for (const [name, im, lb, file] of [
    ["header", images.subarray(0, 10), gz, "t10k-images-idx3-ubyte"],
    ["gzip-cut", images, gz.subarray(0, gz.length - 5), "t10k-labels-idx1-ubyte.gz"],
    ["gzip-garbage", images, Buffer.from([0x1f, 0x8b, 8, 0, 1, 2, 3]), "t10k-labels-idx1-ubyte.gz"],
    ["data-short", images.subarray(0, images.length - 1), gz, "t10k-images-idx3-ubyte"],
    ["bad-magic", Buffer.from([9, 9, 9, 9]), gz, "t10k-images-idx3-ubyte"],
    [
      "bad-label",
      images,
      zlib.gzipSync(idxBytes(0x08, [2], Buffer.from([3, 200]))),
      "t10k-labels-idx1-ubyte.gz",
    ],
  ] as const) {
    const dir = folder(name, im, lb);
    add("loadIdxDataset", `corrupt folder (${name})`, path.join(dir, file), idx({ dir, split: "test" }));
  }

  const split =
    (o: unknown, d = ds) =>
    () =>
      g.splitDataset(d, u(o));
  for (const [bad, numTest] of [
    ["0", 0],
    ["5 (all)", 5],
    ["1.5", 1.5],
    ["NaN", NaN],
    ["-1", -1],
  ] as const) {
    add("splitDataset", `numTest = ${bad}`, "numTest", split({ seed: 0, numTest }));
  }
  for (const [bad, seed] of [
    ["NaN", NaN],
    ["1.5", 1.5],
    ['"0"', "0"],
  ] as const) {
    add("splitDataset", `seed = ${bad}`, "seed", split({ seed, numTest: 2 }));
  }
  add("splitDataset", "misspelled numtest", "numtest", split({ seed: 0, numtest: 2 }));
  add("splitDataset", "ds = null", "ds", split({ seed: 0 }, u(null)));

  const X6 = new Float32Array(6);
  const cls =
    (labels: unknown, X: unknown = X6, inDim = 2, k = 3) =>
    () =>
      g.classificationDataset("c", u(X), u(labels), inDim, k);
  add("classificationDataset", "label 3 of 3 classes", "label", cls([0, 1, 3]));
  add("classificationDataset", "label -1", "label", cls([0, -1, 2]));
  add("classificationDataset", "label 1.5", "label", cls([0, 1.5, 2]));
  add("classificationDataset", "label NaN", "label", cls([0, NaN, 2]));
  add("classificationDataset", "X of 5 numbers for 3 rows", "X", cls([0, 1, 2], new Float32Array(5)));
  add("classificationDataset", "X with NaN", "X", cls([0, 1, 2], Float32Array.from([0, NaN, 0, 0, 0, 0])));
  add("classificationDataset", "inDim = 0", "inDim", cls([0, 1, 2], X6, 0));
  add("classificationDataset", "inDim = NaN", "inDim", cls([0, 1, 2], X6, NaN));
  add("classificationDataset", "numClasses = 0", "numClasses", cls([0, 1, 2], X6, 2, 0));
  add("classificationDataset", "numClasses = 2.5", "numClasses", cls([0, 1, 2], X6, 2, 2.5));
  add("classificationDataset", "no labels", "empty", cls([], new Float32Array(0)));
  add("classificationDataset", "X a plain array", "X", cls([0, 1, 2], [0, 0, 0, 0, 0, 0]));

  const toy = (f: (o: never) => unknown, o: object) => () => f(u(o));
  for (const [fn, f] of [
    ["twoMoons", g.twoMoons],
    ["spirals", g.spirals],
  ] as const) {
    add(fn, "n = 1.5", "n", toy(f, { n: 10.5, seed: 0 }));
    add(fn, "seed = NaN", "seed", toy(f, { n: 10, seed: NaN }));
    add(fn, "noise = -1", "noise", toy(f, { n: 10, seed: 0, noise: -1 }));
    add(fn, "noise = NaN", "noise", toy(f, { n: 10, seed: 0, noise: NaN }));
    add(fn, "misspelled nosie", "nosie", toy(f, { n: 10, seed: 0, nosie: 0.1 }));
  }
  add("spirals", "turns = Infinity", "turns", toy(g.spirals, { n: 10, seed: 0, turns: Infinity }));
  const knots = [
    [0, 0],
    [1, 1],
  ];
  add(
    "regression1d",
    "knots[1] = [1, NaN]",
    "knots[1]",
    toy(g.regression1d, {
      knots: [
        [0, 0],
        [1, NaN],
      ],
      n: 5,
      seed: 0,
    }),
  );
  add("regression1d", 'knots = "0,1"', "knots", toy(g.regression1d, { knots: "0,1", n: 5, seed: 0 }));
  add(
    "regression1d",
    "noise = Infinity",
    "noise",
    toy(g.regression1d, { knots, n: 5, seed: 0, noise: Infinity }),
  );
  add("regression1d", 'grid = "yes"', "grid", toy(g.regression1d, { knots, n: 5, seed: 0, grid: "yes" }));
  add("regression1d", "seed = 0.5", "seed", toy(g.regression1d, { knots, n: 5, seed: 0.5 }));
  add("teacherStudent", "seed = NaN", "seed", toy(g.teacherStudent, { arch, n: 5, seed: NaN }));
  add("teacherStudent", "noise = -1", "noise", toy(g.teacherStudent, { arch, n: 5, seed: 0, noise: -1 }));
  add("teacherStudent", "n = 0", "n", toy(g.teacherStudent, { arch, n: 0, seed: 0 }));
  add("regressionDataset", "X a plain array", "X", () =>
    g.regressionDataset("r", u([1, 2]), new Float32Array(2), 1, 1),
  );
  add("regressionDataset", "outDim = 0", "outDim", () =>
    g.regressionDataset("r", new Float32Array(2), new Float32Array(2), 1, 0),
  );
  add("regressionDataset", "X of 3 numbers for inDim 2", "X", () =>
    g.regressionDataset("r", new Float32Array(3), new Float32Array(1), 2, 1),
  );
  add("subset", "index 9 of 5 examples", "index 9", () => g.subset(ds, [0, 9]));
  add("subset", "index 1.5", "index 1.5", () => g.subset(ds, [1.5]));

  const base = {
    optimizer: { kind: "sgd", lr: 0.1 },
    seed: 0,
    numSteps: 2,
    batchSize: 5,
    handleSigint: false,
  };
  const train =
    (o: object, p = params, d: object = { train: ds }) =>
    () =>
      g.train(arch, p, u(d), u({ ...base, ...o }));
  const trainCases: [string, string, object][] = [
    ["seed = NaN", "seed", { seed: NaN }],
    ["seed = 1.5", "seed", { seed: 1.5 }],
    ["numSteps = 0", "numSteps", { numSteps: 0 }],
    ["numSteps = -1", "numSteps", { numSteps: -1 }],
    ["numSteps = 1.5", "numSteps", { numSteps: 1.5 }],
    ["numSteps = NaN", "numSteps", { numSteps: NaN }],
    ["numSteps = Infinity", "numSteps", { numSteps: Infinity }],
    ["epochs = 0", "epochs", { numSteps: undefined, epochs: 0 }],
    ["epochs = NaN", "epochs", { numSteps: undefined, epochs: NaN }],
    ["epochs = Infinity", "epochs", { numSteps: undefined, epochs: Infinity }],
    ["batchSize = 0", "batchSize", { batchSize: 0 }],
    ["batchSize = 1.5", "batchSize", { batchSize: 1.5 }],
    ["batchSize = NaN", "batchSize", { batchSize: NaN }],
    ["optimizer lr = NaN", "lr", { optimizer: { kind: "sgd", lr: NaN } }],
    ["evalEvery = 0", "evalEvery", { evalEvery: 0 }],
    ["patience = 0", "patience", { patience: 0 }],
    ["rewindStep = -1", "rewindStep", { rewindStep: -1 }],
    ["rewindStep = NaN", "rewindStep", { rewindStep: NaN }],
    ['loss = "hinge"', "loss", { loss: "hinge" }],
    ["misspelled batchsize", "batchsize", { batchsize: 5 }],
    ['autodiff = "yes"', "autodiff", { autodiff: "yes" }],
    ["handleSigint = 1", "handleSigint", { handleSigint: 1 }],
    ["label = 3", "label", { label: 3 }],
    ['frozen = "dense0/kernel"', "frozen", { frozen: "dense0/kernel" }],
    ['frozen = ["nope"]', "nope", { frozen: ["nope"] }],
    ["callbacks.onStep = 3", "callbacks.onStep", { callbacks: { onStep: 3 } }],
    ["callbacks = a function", "callbacks", { callbacks: () => undefined }],
    ["callbacks misspelled onstep", "onstep", { callbacks: { onstep: () => undefined } }],
    ["callbacks[0] = null", "callbacks[0]", { callbacks: [null] }],
    ["progress = {}", "progress", { progress: {} }],
    ["progress without done", "progress", { progress: { update: () => undefined } }],
    ["progress = 3", "progress", { progress: 3 }],
    ["signal = {}", "signal", { signal: {} }],
    ["signal = an AbortController", "signal", { signal: new AbortController() }],
    ["mask = {}", "mask", { mask: {} }],
    ["progressEveryMs = NaN", "progressEveryMs", { progressEveryMs: NaN }],
    ["yieldEveryMs = -1", "yieldEveryMs", { yieldEveryMs: -1 }],
    ["l2 coefficient = -1", "coefficient", { l2: { coefficient: -1 } }],
    ["l2 coefficient = NaN", "coefficient", { l2: { coefficient: NaN } }],
    ['l2 params = ["nope"]', "nope", { l2: { coefficient: 1, params: ["nope"] } }],
    ["l2 = 0.1", "l2", { l2: 0.1 }],
  ];
  for (const [bad, names, o] of trainCases) add("train", `options.${bad}`, names, train(o));
  add("train", "options = undefined", "options", () => g.train(arch, params, { train: ds }, u(undefined)));
  add("train", "params with NaN in dense0/kernel", "dense0/kernel", train({}, fx.nan));
  add("train", "params of another architecture", "dense0/kernel", train({}, fx.misfit));
  add("train", "data.train missing", "train", train({}, params, {}));
  add("train", "misspelled data.tset", "tset", train({}, params, { train: ds, tset: ds }));
  const badLabels = { ...ds, name: "badlabels", labels: Int32Array.from([0, 1, 9, 0, 1]) };
  add("train", "data.train labels outside [0, 3)", "label", train({}, params, { train: badLabels }));
  add(
    "train",
    "data.val of width 3",
    "val",
    train({}, params, { train: ds, val: { ...ds, inDim: 3, X: new Float32Array(15) } }),
  );

  const exp = tinyExperiment(fx);
  let n = 0;
  const run = (unit: unknown, o: object) => () =>
    g.runExperiment(exp, u(unit), u({ cacheDir: path.join(tmp, `cache-${n++}`), handleSigint: false, ...o }));
  const unit = { numSteps: 2 };
  add("runExperiment", "options.cacheDir = 3", "cacheDir", run(unit, { cacheDir: 3 }));
  add("runExperiment", 'options.recompute = "yes"', "recompute", run(unit, { recompute: "yes" }));
  add("runExperiment", "options.progress = {}", "progress", run(unit, { progress: {} }));
  add(
    "runExperiment",
    "options.progress without done",
    "progress",
    run(unit, { progress: { update: () => undefined } }),
  );
  add("runExperiment", "options.signal = {}", "signal", run(unit, { signal: {} }));
  add("runExperiment", "options.signal = true", "signal", run(unit, { signal: true }));
  add("runExperiment", 'options.handleSigint = "no"', "handleSigint", run(unit, { handleSigint: "no" }));
  add("runExperiment", "misspelled options.recompte", "recompte", run(unit, { recompte: true }));
  add("runExperiment", "unit.numSteps = NaN", "numSteps", run({ numSteps: NaN }, {}));
  add("runExperiment", "unit misspelled numstep", "numstep", run({ numstep: 2 }, {}));

  const lottery = (o: object) => () => g.checkLotteryConfig(u({ ...g.DEFAULT_LOTTERY, ...o }));
  const lotteryCases: [string, string, object][] = [
    ["numSteps = 0", "numSteps", { numSteps: 0 }],
    ["numSteps = NaN", "numSteps", { numSteps: NaN }],
    ["numSteps = 1.5", "numSteps", { numSteps: 1.5 }],
    ["numRounds = -1", "numRounds", { numRounds: -1 }],
    ["numRounds = 1.5", "numRounds", { numRounds: 1.5 }],
    ["rewindStep = numSteps", "rewindStep", { rewindStep: 1500 }],
    ["rewindStep = -1", "rewindStep", { rewindStep: -1 }],
    ["controlEvery = 0", "controlEvery", { controlEvery: 0 }],
    ['controls = ["reinitt"]', "reinitt", { controls: ["reinitt"] }],
    ["batchSize = 0", "batchSize", { batchSize: 0 }],
    ["batchSize = NaN", "batchSize", { batchSize: NaN }],
    ["evalEvery = 0", "evalEvery", { evalEvery: 0 }],
    ["evalEvery = NaN", "evalEvery", { evalEvery: NaN }],
    ["misspelled numstep", "numstep", { numstep: 10 }],
    ['init = "glorotNorml"', "init", { init: "glorotNorml" }],
    ['controls = "reinit"', "controls", { controls: "reinit" }],
  ];
  for (const [bad, names, o] of lotteryCases) add("checkLotteryConfig", bad, names, lottery(o));
  add("checkLotteryConfig", "config = null", "lottery config", () => g.checkLotteryConfig(u(null)));
  return cases;
}
