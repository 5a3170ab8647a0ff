import { describe, it } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { assertClose, assertNoLeaks, useBackend } from "../helpers/tf";
import { meanStd } from "../../lib/core/stats";
import { lineBands } from "../../lib/viz/lines";
import { scatter } from "../../lib/viz/scatter";
import { weightHeatmap } from "../../lib/viz/heatmap";
import { weightGrid } from "../../lib/viz/weight-grid";
import { binCounts, histogram } from "../../lib/viz/histogram";
import { Figure, figureSize, figureTitle } from "../../lib/viz/figure";

useBackend();

/** Figures must survive JSON unchanged: that is how they reach the notebook and the browser. */
function assertPlainJson(fig: Figure): void {
  assert.deepEqual(JSON.parse(JSON.stringify(fig)), fig);
}

type Rec = Record<string, unknown>;

describe("lineBands", () => {
  const x = [0, 1, 2, 3];
  const ys = [
    [1, 2, 3, 4],
    [3, 2, 5, 4],
    [2, 5, 1, 4],
  ];

  it("draws mean ± sample std over seeds, computed independently", () => {
    const fig = lineBands([{ name: "acc", x, ys }], { title: "T", xTitle: "step", yTitle: "acc" });
    assert.equal(fig.data.length, 2);
    const [band, line] = fig.data as readonly Rec[];
    // Independent oracle: column by column.
    const mean = x.map((_, j) => (ys[0][j] + ys[1][j] + ys[2][j]) / 3);
    const std = x.map((_, j) => Math.sqrt(ys.reduce((s, r) => s + (r[j] - mean[j]) ** 2, 0) / 2));
    assertClose(line.y as number[], mean, 1e-12);
    assert.deepEqual(line.x, x);
    assert.equal(band.fill, "toself");
    assert.deepEqual(band.x, [...x, ...[...x].reverse()]);
    const upper = mean.map((m, j) => m + std[j]);
    const lower = mean.map((m, j) => m - std[j]);
    assertClose(band.y as number[], [...upper, ...lower.reverse()], 1e-12);
    assert.equal(figureTitle(fig), "T");
    assertPlainJson(fig);
  });

  it('draws the range over seeds with band: "range" (positive on a log axis)', () => {
    const [band] = lineBands([{ name: "gap", x, ys }], { band: "range", logY: true }).data as readonly Rec[];
    const [upper, lower] = [
      [3, 5, 5, 4],
      [1, 2, 1, 4],
    ];
    assert.deepEqual(band.y, [...upper, ...lower.reverse()]);
    assert.equal(band.name, "gap min–max");
    assert.throws(
      () => lineBands([], { band: "iqr" as never }),
      /lineBands: band must be "std" or "range"; got "iqr"/,
    );
  });

  it("marks censored points with open markers at the mean, saying how many seeds are censored", () => {
    const fig = lineBands([{ name: "acc", x, ys, censored: [0, 0, 2, 3] }]);
    const marks = fig.data[2] as Rec;
    assert.deepEqual(marks.x, [2, 3]);
    assert.deepEqual(marks.y, [3, 4]);
    assert.deepEqual(marks.text, [
      "2/3 seeds censored (minimum at the last evaluation)",
      "3/3 seeds censored (minimum at the last evaluation)",
    ]);
    assert.equal(marks.name, "acc: censored");
    assert.match(String((marks.marker as Rec).symbol), /open/);
    assert.equal(
      lineBands([{ name: "acc", x, ys, censored: [0, 0, 0, 0] }]).data.length,
      2,
      "none: no trace",
    );
    assert.throws(
      () => lineBands([{ name: "acc", x, ys, censored: [1] }]),
      /series "acc" has 4 x values but 1 censored counts/,
    );
  });

  it("draws no band for a single seed and supports log axes", () => {
    const fig = lineBands([{ name: "a", x, ys: [ys[0]] }], { logX: true });
    assert.equal(fig.data.length, 1);
    assert.equal((fig.layout.xaxis as Rec).type, "log");
    assert.deepEqual(meanStd([[1, 2]]).std, [0, 0]);
  });

  it("rejects ragged seeds and mismatched x with exact messages", () => {
    assert.throws(() => meanStd([[1, 2], [1]]), /^Error: meanStd: seed 1 has 1 points, seed 0 has 2$/);
    assert.throws(() => meanStd([]), /meanStd: need at least one seed/);
    assert.throws(
      () => lineBands([{ name: "a", x: [0, 1, 2], ys: [[1, 2]] }]),
      /lineBands: series "a" has 3 x values but 2 y values/,
    );
  });
});

describe("scatter", () => {
  it("makes one marker trace per group and an optional y = x diagonal over the data range", () => {
    const fig = scatter(
      [
        { name: "a", x: [1, 2], y: [3, 4], text: ["p", "q"] },
        { name: "b", x: [0], y: [-1] },
      ],
      { diagonal: true },
    );
    const [a, b, d] = fig.data as readonly Rec[];
    assert.equal(a.mode, "markers");
    assert.deepEqual(a.text, ["p", "q"]);
    assert.notEqual((a.marker as Rec).color, (b.marker as Rec).color);
    assert.deepEqual(d.x, [-1, 4]);
    assert.deepEqual(d.y, [-1, 4]);
    assertPlainJson(fig);
    assert.throws(() => scatter([{ name: "z", x: [1], y: [] }]), /group "z" has 1 x values but 0 y values/);
  });
});

describe("weightHeatmap", () => {
  it("centres a diverging scale at 0 with a symmetric range", () => {
    const fig = weightHeatmap([
      [0.5, -2],
      [1, 0],
    ]);
    const h = fig.data[0] as Rec;
    assert.equal(h.type, "heatmap");
    assert.equal(h.zmid, 0);
    assert.equal(h.zmin, -2);
    assert.equal(h.zmax, 2);
    const scale = h.colorscale as [number, string][];
    const mid = scale.find(([p]) => p === 0.5);
    assert.ok(mid, "the scale has a stop at its midpoint");
    assert.equal(mid[1].toLowerCase(), "#f7f7f7", "white at zero");
    assert.notEqual(scale[0][1], scale[scale.length - 1][1]);
    assert.equal((fig.layout.yaxis as Rec).autorange, "reversed");
    assertPlainJson(fig);
  });

  it("reads a Tensor2D without leaking or disposing it", async () => {
    const W = tf.tensor2d([
      [1, -3],
      [2, 0.25],
    ]);
    const fig = await assertNoLeaks(() => weightHeatmap(W));
    assert.deepEqual((fig.data[0] as Rec).z, [
      [1, -3],
      [2, 0.25],
    ]);
    assert.equal(W.isDisposed, false);
    W.dispose();
  });
});

describe("weightGrid", () => {
  it("places neuron j's inputs as an h×w tile in row-major order, with 1-cell gaps", () => {
    // inDim 4 = 2×2 tiles, 3 neurons, 2 columns: value = 10·neuron + input index + 1 (no normalisation).
    const W = Array.from({ length: 4 }, (_, i) => [0, 1, 2].map((j) => 10 * j + i + 1));
    const fig = weightGrid(W, { tile: [2, 2], cols: 2, normalize: false });
    const z = (fig.data[0] as Rec).z as (number | null)[][];
    assert.equal(z.length, 2 * 3 - 1);
    assert.equal(z[0].length, 2 * 3 - 1);
    assert.deepEqual(z[0], [1, 2, null, 11, 12]);
    assert.deepEqual(z[1], [3, 4, null, 13, 14]);
    assert.deepEqual(z[2], [null, null, null, null, null]);
    assert.deepEqual(z[3], [21, 22, null, null, null]);
    // All positive: a sequential scale from 0 to the largest weight.
    assert.equal((fig.data[0] as Rec).zmin, 0);
    assert.equal((fig.data[0] as Rec).zmax, 24);
  });

  it("normalises each neuron to max |w| = 1 and infers square 28×28 tiles for 784 inputs", async () => {
    const W = tf.tidy(() => tf.randomNormal([784, 5], 0, 1, "float32", 3)) as tf.Tensor2D;
    const fig = await assertNoLeaks(() => weightGrid(W));
    const z = (fig.data[0] as Rec).z as (number | null)[][];
    assert.equal(z.length, 2 * 29 - 1);
    assert.equal(z[0].length, 3 * 29 - 1);
    const tile0 = z.slice(0, 28).flatMap((r) => r.slice(0, 28)) as number[];
    assert.equal(Math.max(...tile0.map(Math.abs)), 1);
    W.dispose();
    assert.throws(
      () => weightGrid([[1, 2, 3]].concat([[4, 5, 6]]), { tile: [3, 1] }),
      /tile 3×1 holds 3 weights/,
    );
  });
});

describe("histogram", () => {
  it("bins like a brute-force count, last bin closed", () => {
    const values = [0, 0.1, 0.25, 0.5, 0.99, 1, 1.5, NaN, -0.1];
    const { edges, counts } = binCounts(values, 4, 0, 1);
    assert.deepEqual(edges, [0, 0.25, 0.5, 0.75, 1]);
    assert.deepEqual(counts, [2, 1, 1, 2]);
  });

  it("makes one bar trace per group on shared bins, centred", () => {
    const fig = histogram(
      [
        { name: "a", values: new Float32Array([0, 1, 2, 3]) },
        { name: "b", values: [3, 4] },
      ],
      { bins: 4, logY: true },
    );
    const [a, b] = fig.data as readonly Rec[];
    assert.deepEqual(a.x, [0.5, 1.5, 2.5, 3.5]);
    assert.deepEqual(a.y, [1, 1, 1, 1]);
    assert.deepEqual(b.y, [0, 0, 0, 2]);
    assert.equal((fig.layout.yaxis as Rec).type, "log");
    assert.equal(fig.layout.barmode, "overlay");
    assertPlainJson(fig);
    assert.throws(() => binCounts([1], 0, 0, 1), /bins must be a positive integer, got 0/);
  });

  it("draws step outlines whose top over each bin is that bin's count", () => {
    const groups = [
      { name: "a", values: [0, 1, 1.2, 3] },
      { name: "b", values: [3, 3.5, 4] },
    ];
    const fig = histogram(groups, { bins: 4, range: [0, 4], style: "steps" });
    assert.equal(fig.data.length, 2);
    for (const [k, trace] of (fig.data as readonly Rec[]).entries()) {
      const { edges, counts } = binCounts(groups[k].values, 4, 0, 4);
      const [x, y] = [trace.x as number[], trace.y as number[]];
      assert.equal(trace.type, "scatter");
      assert.equal((trace.line as Rec).shape, "hv");
      // With shape "hv" the segment from point j to j + 1 is drawn at y[j]: bin b's top is x[b + 1] → x[b + 2].
      counts.forEach((c, b) => {
        assert.equal(y[b + 1], c);
        assert.deepEqual([x[b + 1], x[b + 2]], [edges[b], edges[b + 1]]);
      });
      assert.deepEqual([x[0], y[0], x[x.length - 1], y[y.length - 1]], [0, 0, 4, 0], "closed down to 0");
    }
    assertPlainJson(fig);
    assert.throws(() => histogram(groups, { style: "step" as "steps" }), {
      message: 'histogram: style must be "bars" or "steps"; got "step"',
    });
  });
});

describe("figure helpers", () => {
  it("reads the size from the layout with defaults", () => {
    assert.deepEqual(figureSize({ data: [], layout: { width: 300 } }), { width: 300, height: 440 });
  });
});
