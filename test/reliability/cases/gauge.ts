import * as g from "../../../lib";
import type { Fixtures } from "./fixtures";
import type { SweepCase } from "../sweep";

const u = <T>(v: unknown) => v as T;

/** Cases of the gauge tools: permute, rescale, canonicalize, matching, interpolation, assignment, orbits. */
export function gaugeCases(fx: Fixtures): SweepCase[] {
  const { arch, params, other } = fx;
  const cases: SweepCase[] = [];
  const add = (fn: string, bad: string, names: string, call: () => unknown) =>
    cases.push({ fn, bad, names, call });

  for (const [bad, P_0] of [
    ["[0, 1, 2] (too short)", [0, 1, 2]],
    ["[0, 0, 1, 2] (not a permutation)", [0, 0, 1, 2]],
    ["[0, 1, 2, 3.5]", [0, 1, 2, 3.5]],
    ["[0, 1, 2, NaN]", [0, 1, 2, NaN]],
    ['"0123"', "0123"],
  ] as const) {
    add("permute", `perms.P_0 = ${bad}`, "P_0", () => g.permute(arch, params, u({ P_0 })));
  }
  add("permute", "perms without P_0", "P_0", () => g.permute(arch, params, {}));
  add("permute", "perms.P_9 unknown", "P_9", () => g.permute(arch, params, { P_0: [0, 1, 2, 3], P_9: [0] }));
  add("permute", "params of another architecture", "dense0/kernel", () =>
    g.permute(arch, fx.misfit, { P_0: [0, 1, 2, 3] }),
  );
  add("permute", "perms = null", "perms", () => g.permute(arch, params, u(null)));

  for (const [bad, P_0] of [
    ["[1, 1, 1] (too short)", [1, 1, 1]],
    ["[1, -1, 1, 1]", [1, -1, 1, 1]],
    ["[1, 0, 1, 1]", [1, 0, 1, 1]],
    ["[NaN, 1, 1, 1]", [NaN, 1, 1, 1]],
    ["[Infinity, 1, 1, 1]", [Infinity, 1, 1, 1]],
    ["[1e30, 1, 1, 1] (overflows float32)", [1e30, 1, 1, 1]],
    ["[1e-30, 1, 1, 1] (underflows float32)", [1e-30, 1, 1, 1]],
  ] as const) {
    add("rescale", `scales.P_0 = ${bad}`, "P_0", () => g.rescale(arch, params, { P_0 }));
  }
  add("rescale", "scales.P_9 unknown", "P_9", () => g.rescale(arch, params, { P_9: [1] }));
  add("rescale", "scales = null", "scales", () => g.rescale(arch, params, u(null)));

  const canon =
    (o: object, p = params) =>
    () =>
      g.canonicalize(arch, p, u(o));
  add("canonicalize", "options.tol = NaN", "tol", canon({ tol: NaN }));
  add("canonicalize", "options.tol = -1", "tol", canon({ tol: -1 }));
  add("canonicalize", 'options.tol = "small"', "tol", canon({ tol: "small" }));
  add("canonicalize", "misspelled options.tl", "tl", canon({ tl: 1e-6 }));
  add("canonicalize", "params with NaN in dense0/kernel", "dense0/kernel", canon({}, fx.nan));
  add("canonicalize", "params with Inf in dense1/bias", "dense1/bias", canon({}, fx.inf));
  add("canonicalize", "params of another architecture", "dense0/kernel", canon({}, fx.misfit));

  const wm =
    (o: object, a = params, b = other) =>
    () =>
      g.weightMatching(arch, a, b, u(o));
  for (const [bad, maxIter] of [
    ["0", 0],
    ["1.5", 1.5],
    ["NaN", NaN],
    ["-1", -1],
  ] as const) {
    add("weightMatching", `options.maxIter = ${bad}`, "maxIter", wm({ maxIter }));
  }
  add("weightMatching", "options.seed = NaN", "seed", wm({ seed: NaN }));
  add("weightMatching", "options.seed = 1.5", "seed", wm({ seed: 1.5 }));
  add(
    "weightMatching",
    "options.initPerms.P_0 not a permutation",
    "P_0",
    wm({ initPerms: { P_0: [0, 0, 1, 2] } }),
  );
  add("weightMatching", "misspelled options.maxIters", "maxIters", wm({ maxIters: 3 }));
  add("weightMatching", "b of another architecture", "dense0/kernel", wm({}, params, fx.misfit));
  add("weightMatching", "a with NaN in dense0/kernel", "dense0/kernel", wm({}, fx.nan));
  add("weightMatching", "b with Inf in dense1/bias", "dense1/bias", wm({}, params, fx.inf));

  const am =
    (X = fx.X, a = params, b = other) =>
    () =>
      g.activationMatching(arch, a, b, X);
  add("activationMatching", "X with NaN", "X", am(fx.Xnan));
  add("activationMatching", "X of width 3", "X", am(fx.Xwide));
  add(
    "activationMatching",
    "X a plain array",
    "X",
    am(
      u([
        [1, 2],
        [3, 4],
      ]),
    ),
  );
  add("activationMatching", "a with NaN in dense0/kernel", "dense0/kernel", am(fx.X, fx.nan));
  add("activationMatching", "b with -Inf in dense1/kernel", "dense1/kernel", am(fx.X, params, fx.negInf));
  add("activationMatching", "b of another architecture", "dense0/kernel", am(fx.X, params, fx.misfit));

  for (const [bad, t] of [
    ["NaN", NaN],
    ["Infinity", Infinity],
    ['"0.5"', "0.5"],
  ] as const) {
    add("interpolate", `t = ${bad}`, "t", () => g.interpolate(params, other, u(t)));
  }
  add("interpolate", "a with NaN in dense0/kernel", "dense0/kernel", () => g.interpolate(fx.nan, other, 0.5));
  add("interpolate", "b with Inf in dense1/bias", "dense1/bias", () => g.interpolate(params, fx.inf, 0.5));
  add("interpolate", "b of another architecture", "dense0/kernel", () =>
    g.interpolate(params, fx.misfit, 0.5),
  );

  const evalFn = (p: g.Params) => g.evaluate(arch, p, fx.ds, { loss: "softmaxCrossEntropy" });
  const curve =
    (f: unknown, n: unknown = 3, a = params, b = other) =>
    () =>
      g.interpolationCurve(a, b, u(f), u(n));
  for (const [bad, n] of [
    ["1", 1],
    ["2.5", 2.5],
    ["NaN", NaN],
    ["Infinity", Infinity],
  ] as const) {
    add("interpolationCurve", `numPoints = ${bad}`, "numPoints", curve(evalFn, n));
  }
  add("interpolationCurve", "evalFn = 3", "evalFn", curve(3));
  add(
    "interpolationCurve",
    "evalFn returns NaN loss",
    "loss",
    curve(() => ({ loss: NaN })),
  );
  add(
    "interpolationCurve",
    "evalFn returns {}",
    "loss",
    curve(() => ({})),
  );
  add(
    "interpolationCurve",
    "evalFn returns a number",
    "evalFn",
    curve(() => 0.5),
  );
  add("interpolationCurve", "a with NaN in dense0/kernel", "dense0/kernel", curve(evalFn, 3, fx.nan));
  add("interpolationCurve", "b with Inf in dense1/bias", "dense1/bias", curve(evalFn, 3, params, fx.inf));

  const barrier = (c: unknown) => () => g.lossBarrier(u(c));
  add("lossBarrier", "loss with NaN", "loss", barrier({ t: [0, 0.5, 1], loss: [1, NaN, 1] }));
  add("lossBarrier", "loss with Infinity", "loss", barrier({ t: [0, 0.5, 1], loss: [1, Infinity, 1] }));
  add("lossBarrier", "t and loss of different lengths", "loss", barrier({ t: [0, 1], loss: [1, 2, 3] }));
  add("lossBarrier", "t from 0 to 0.5", "t", barrier({ t: [0, 0.5], loss: [1, 2] }));
  add("lossBarrier", "t not increasing", "t", barrier({ t: [0, 0.7, 0.3, 1], loss: [1, 2, 3, 1] }));
  add("lossBarrier", "t with NaN", "t", barrier({ t: [0, NaN, 1], loss: [1, 2, 1] }));
  add("lossBarrier", "curve = null", "curve", barrier(null));

  const la =
    (m: unknown, o: object = {}) =>
    () =>
      g.linearAssignment(u(m), u(o));
  add(
    "linearAssignment",
    "options.maximize = 0",
    "maximize",
    la(
      [
        [1, 2],
        [3, 4],
      ],
      { maximize: 0 },
    ),
  );
  add(
    "linearAssignment",
    'options.maximize = "false"',
    "maximize",
    la(
      [
        [1, 2],
        [3, 4],
      ],
      { maximize: "false" },
    ),
  );
  add(
    "linearAssignment",
    "misspelled options.maximise",
    "maximise",
    la(
      [
        [1, 2],
        [3, 4],
      ],
      { maximise: true },
    ),
  );
  add(
    "linearAssignment",
    "options.label = 3",
    "label",
    la(
      [
        [1, 2],
        [3, 4],
      ],
      { label: 3 },
    ),
  );
  add(
    "linearAssignment",
    "a NaN entry",
    "entry [0][1]",
    la([
      [1, NaN],
      [3, 4],
    ]),
  );
  add(
    "linearAssignment",
    "an Infinity entry",
    "entry [1][0]",
    la([
      [1, 2],
      [Infinity, 4],
    ]),
  );
  add(
    "linearAssignment",
    "entries whose sum overflows to Infinity",
    "overflow",
    la([
      [1.7e308, 1.7e308],
      [1.7e308, 1.7e308],
    ]),
  );
  add("linearAssignment", "ragged rows", "row 1", la([[1, 2], [3]]));
  add(
    "linearAssignment",
    "a string entry",
    "entry [0][0]",
    la([
      ["1", 2],
      [3, 4],
    ]),
  );
  add("linearAssignment", 'matrix = "abc"', "matrix", la("abc"));
  // More rows than columns is documented (the extra rows get -1), so it is not bad input.

  for (const [bad, seed] of [
    ["NaN", NaN],
    ["1.5", 1.5],
    ['"0"', "0"],
  ] as const) {
    add("randomScales", `seed = ${bad}`, "seed", () => g.randomScales(arch, u(seed)));
  }
  for (const [bad, range] of [
    ["[0, 2]", [0, 2]],
    ["[2, 1]", [2, 1]],
    ["[NaN, 1]", [NaN, 1]],
    ["[-1, 1]", [-1, 1]],
    ["[1, Infinity]", [1, Infinity]],
    ["[1]", [1]],
  ] as const) {
    add("randomScales", `range = ${bad}`, "range", () => g.randomScales(arch, 0, u(range)));
  }

  for (const [bad, tol] of [
    ["NaN", NaN],
    ["-1", -1],
    ['"0"', "0"],
  ] as const) {
    add("orbitSize", `tol = ${bad}`, "tol", () => g.orbitSize(arch, params, u(tol)));
  }
  add("orbitSize", "params with NaN in dense0/kernel", "dense0/kernel", () => g.orbitSize(arch, fx.nan));
  add("orbitSize", "params of another architecture", "dense0/kernel", () => g.orbitSize(arch, fx.misfit));

  add("conservedDrift", "after of another architecture", "dense0/kernel", () =>
    g.conservedDrift(arch, params, fx.misfit),
  );
  add("conservedDrift", "before with NaN in dense0/kernel", "dense0/kernel", () =>
    g.conservedDrift(arch, fx.nan, other),
  );
  add("conservedDrift", "after with Inf in dense1/bias", "dense1/bias", () =>
    g.conservedDrift(arch, params, fx.inf),
  );
  return cases;
}
