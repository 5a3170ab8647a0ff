import { after, before, it } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { mlp } from "../../lib/core/architecture";
import { disposeParams, type Params } from "../../lib/core/params";
import { classificationDataset } from "../../lib/data/dataset";
import { activationMatching } from "../../lib/gauge/activation-matching";
import { canonicalGauge, canonicalize } from "../../lib/gauge/canonical-form";
import { conservedDrift, conservedQuantities, neuronSquaredNorms } from "../../lib/gauge/conserved";
import { gaugeDistance, matchedDistance, naiveDistance } from "../../lib/gauge/gauge-distance";
import { interpolate, interpolationCurve, lossBarrier } from "../../lib/gauge/interpolation";
import { orbitSize } from "../../lib/gauge/orbit-count";
import { rescale } from "../../lib/gauge/rescale";
import { weightMatching } from "../../lib/gauge/weight-matching";
import { evaluate } from "../../lib/train/evaluate";
import { assertNoLeaks, describeOnBackends } from "../helpers/tf";
import { randomMlp, randomX } from "./helpers";

// Non-finite weights must be an error naming the param on both backends: on wasm the fused ReLU maps NaN to
// 0, so without the entry checks evaluation returned a plausible loss (0.693) and a barrier of 0.

const HINT =
  "results computed from them would be meaningless. Find what produced them: a training run that diverged " +
  "(train stops at the first NaN/Inf loss and names its step), a corrupt params file, or an operation on the " +
  "weights that overflowed float32";

const arch = mlp([3, 4, 4, 2]);

/** The two kinds of bad weight: a NaN in a hidden kernel, an Inf in the first bias. */
const CASES = [
  { kind: "NaN", name: "dense1/kernel", detail: "1 of 16 entries; the first is NaN at [1, 2]" },
  { kind: "Inf", name: "dense0/bias", detail: "1 of 4 entries; the first is Infinity at [3]" },
] as const;

/** `params` with entry `[1, 2]` of dense1/kernel set to NaN, or entry 3 of dense0/bias set to +Inf. */
function spoil(params: Params, kind: "NaN" | "Inf"): Params {
  if (kind === "NaN") {
    const w = Float32Array.from(params["dense1/kernel"].dataSync());
    w[1 * 4 + 2] = NaN;
    return { ...params, "dense1/kernel": tf.tensor2d(w, [4, 4]) };
  }
  const b = Float32Array.from(params["dense0/bias"].dataSync());
  b[3] = Infinity;
  return { ...params, "dense0/bias": tf.tensor1d(b) };
}

function message(where: string, c: (typeof CASES)[number], of?: string): string {
  return `${where}: ${c.name}${of ? ` of ${of}` : ""} holds NaN or Inf values (${c.detail}); ${HINT}`;
}

describeOnBackends("non-finite weights", () => {
  let a: Params;
  let b: Params;
  let X: tf.Tensor2D;
  const ds = classificationDataset(
    "toy",
    new Float32Array(randomX(6, 3, 9).dataSync()),
    [0, 1, 1, 0, 1, 0],
    3,
    2,
  );
  before(() => {
    a = randomMlp(arch, 1);
    b = randomMlp(arch, 2);
    X = randomX(8, 3, 3);
  });
  after(() => {
    [a, b].forEach(disposeParams);
    X.dispose();
  });

  for (const c of CASES) {
    /** Runs `fn` on a spoiled copy of `a`, asserting the exact error and no leak, then frees the copy. */
    const rejects = async (fn: (bad: Params) => unknown, expected: string) => {
      const bad = spoil(a, c.kind);
      await assertNoLeaks(() => assert.throws(() => fn(bad), { message: expected }));
      bad[c.name].dispose();
    };

    it(`${c.kind}: evaluate names the param instead of returning a plausible loss`, async () => {
      await rejects(
        (bad) => evaluate(arch, bad, ds, { loss: "softmaxCrossEntropy" }),
        message("evaluate", c),
      );
    });

    it(`${c.kind}: interpolate, interpolationCurve check both ends once, naming the network`, async () => {
      let calls = 0;
      const evalFn = (p: Params) => {
        calls++;
        return evaluate(arch, p, ds, { loss: "softmaxCrossEntropy" });
      };
      await rejects(
        (bad) => interpolationCurve(a, bad, evalFn, 5),
        message("interpolationCurve", c, "network b"),
      );
      await rejects(
        (bad) => interpolationCurve(bad, b, evalFn, 5),
        message("interpolationCurve", c, "network a"),
      );
      assert.equal(calls, 0, "the curve must stop before evaluating any point");
      await rejects((bad) => interpolate(bad, b, 0.5), message("interpolate", c, "network a"));
    });

    it(`${c.kind}: activationMatching and weightMatching name the param and network`, async () => {
      await rejects(
        (bad) => activationMatching(arch, a, bad, X),
        message("activationMatching", c, "network b"),
      );
      await rejects((bad) => weightMatching(arch, bad, b), message("weightMatching", c, "network a"));
      await rejects((bad) => weightMatching(arch, b, bad), message("weightMatching", c, "network b"));
    });

    it(`${c.kind}: canonical forms and rescaling name the param`, async () => {
      await rejects((bad) => canonicalize(arch, bad), message("canonicalize", c));
      await rejects((bad) => canonicalGauge(arch, bad), message("canonicalGauge", c));
      const ones = { P_0: [1, 1, 1, 1], P_1: [1, 1, 1, 1] };
      await rejects((bad) => rescale(arch, bad, ones), message("rescale", c));
    });

    it(`${c.kind}: conserved quantities, orbit sizes and distances name the param`, async () => {
      await rejects((bad) => conservedQuantities(arch, bad), message("conservedQuantities", c));
      await rejects((bad) => neuronSquaredNorms(arch, bad), message("neuronSquaredNorms", c));
      await rejects((bad) => conservedDrift(arch, a, bad), message("conservedDrift", c, "`after`"));
      await rejects((bad) => orbitSize(arch, bad), message("orbitSize", c));
      await rejects((bad) => naiveDistance(a, bad), message("naiveDistance", c, "network b"));
      await rejects((bad) => gaugeDistance(arch, bad, b), message("gaugeDistance", c, "network a"));
      await rejects((bad) => matchedDistance(arch, a, bad), message("matchedDistance", c, "network b"));
    });
  }

  it("finite weights still work (the checks leak nothing on success)", async () => {
    await assertNoLeaks(() => {
      assert.ok(Number.isFinite(evaluate(arch, a, ds, { loss: "softmaxCrossEntropy" }).loss));
      const curve = interpolationCurve(
        a,
        b,
        (p) => evaluate(arch, p, ds, { loss: "softmaxCrossEntropy" }),
        3,
      );
      assert.ok(lossBarrier(curve) >= 0);
      assert.deepEqual(Object.keys(activationMatching(arch, a, b, X).perms), ["P_0", "P_1"]);
      disposeParams(canonicalize(arch, a));
      assert.ok(matchedDistance(arch, a, b) >= 0);
    });
  });

  it("activationMatching: finite weights whose activations overflow are an error, and free every tensor", async () => {
    // 3e38 · 1 summed over 3 inputs overflows float32 to +Inf in every unit of the first hidden layer.
    const huge = { ...a, "dense0/kernel": tf.fill([3, 4], 3e38) };
    const ones = tf.ones([4, 3]) as tf.Tensor2D;
    await assertNoLeaks(() => {
      assert.throws(() => activationMatching(arch, huge, b, ones), {
        message:
          "activationMatching: the activations of P_0 (the output of dense0) of network a hold NaN or Inf values " +
          "(16 of 16 entries; the first is Infinity at [0, 0]) though the weights and X are finite: the forward " +
          "pass overflowed float32 (weights or inputs too large)",
      });
    });
    tf.dispose([huge["dense0/kernel"], ones]);
  });

  it("activationMatching: NaN in X is an error", async () => {
    const Xbad = tf.tensor2d([
      [0, 1, 2],
      [3, NaN, 5],
    ]);
    await assertNoLeaks(() => {
      assert.throws(() => activationMatching(arch, a, b, Xbad), {
        message: "activationMatching: X holds NaN or Inf values (1 of 6 entries; the first is NaN at [1, 1])",
      });
    });
    Xbad.dispose();
  });

  it("weightMatching: finite weights whose similarities overflow are an error naming the permutation", async () => {
    const huge: Params = Object.fromEntries(Object.entries(a).map(([n, t]) => [n, tf.fill(t.shape, 1e20)]));
    await assertNoLeaks(() => {
      assert.throws(() => weightMatching(arch, huge, huge), {
        message: new RegExp(
          "^weightMatching: the similarity matrix of P_[01] \\(float32 overflow: the weights are too large\\): " +
            "entry \\[0\\]\\[0\\] is Infinity; every entry must be a finite number$",
        ),
      });
    });
    disposeParams(huge);
  });
});

it("lossBarrier rejects a NaN or infinite loss, naming the point", () => {
  assert.throws(() => lossBarrier({ t: [0, 0.5, 1], loss: [1, NaN, 1] }), {
    message:
      "lossBarrier: point 1 has t = 0.5 and loss = NaN; every t and loss must be finite " +
      "(a NaN or Inf loss means the network there is not usable: check its weights)",
  });
  assert.throws(() => lossBarrier({ t: [0, 1], loss: [Infinity, 1] }), {
    message:
      "lossBarrier: point 0 has t = 0 and loss = Infinity; every t and loss must be finite " +
      "(a NaN or Inf loss means the network there is not usable: check its weights)",
  });
});
