import { describe, it } from "node:test";
import * as assert from "node:assert/strict";
import { type Trace, makeFigure } from "../../lib/viz/figure";
import { lineBands } from "../../lib/viz/lines";
import { logTickValues, tickLabel, withReadableLogTicks } from "../../lib/viz/log-ticks";
import { weightGrid } from "../../lib/viz/weight-grid";
import { weightHeatmap } from "../../lib/viz/heatmap";
import { unreadable } from "../helpers/figure-rules";

describe("readable log ticks", () => {
  it("picks round numbers: 1-2-5 over two decades, powers of ten over many, ends when nothing round fits", () => {
    assert.deepEqual(logTickValues(0.02, 1), [0.02, 0.05, 0.1, 0.2, 0.5, 1]);
    assert.deepEqual(logTickValues(1e-9, 1), [1e-9, 1e-8, 1e-7, 1e-6, 1e-5, 1e-4, 1e-3, 0.01, 0.1, 1]);
    assert.deepEqual(logTickValues(1.1, 1.4), [1.1, 1.4]);
    const wide = logTickValues(1e-20, 1);
    assert.ok(wide.length <= 11 && wide[0] === 1e-20, `${wide}`);
  });

  it("labels without plotly's minor digits, in percent where the axis says so", () => {
    assert.equal(tickLabel(0.02), "0.02");
    assert.equal(tickLabel(2000), "2000");
    assert.equal(tickLabel(1e-9), "10⁻⁹");
    assert.equal(tickLabel(2e-7), "2·10⁻⁷");
    assert.equal(tickLabel(0.035, true), "3.5%");
    assert.equal(tickLabel(1, true), "100%");
  });

  it("fills every log axis from its traces (or its range) and leaves the others and explicit ticks alone", () => {
    const layout = withReadableLogTicks(
      [
        { type: "scatter", x: [0.03, 0.5, 1], y: [1, 2, 3] },
        { type: "scatter", x: [1, 2], y: [5e-6, 0.2], xaxis: "x2", yaxis: "y2" },
      ],
      {
        xaxis: { type: "log", tickformat: ".0%" },
        yaxis: { title: { text: "linear" } },
        xaxis2: { type: "log", dtick: 1 },
        yaxis2: { type: "log" },
        yaxis3: { type: "log", range: [-2, 0] },
      },
    ) as Record<string, { tickvals?: number[]; ticktext?: string[] }>;
    assert.deepEqual(layout.xaxis.ticktext, ["5%", "10%", "20%", "50%", "100%"]);
    assert.equal(layout.yaxis.tickvals, undefined);
    assert.equal(layout.xaxis2.tickvals, undefined, "an axis with its own dtick is kept");
    assert.deepEqual(layout.yaxis2.tickvals, [1e-5, 1e-4, 1e-3, 0.01, 0.1]);
    assert.deepEqual(layout.yaxis3.tickvals, [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1]);
  });

  it("is applied by every builder through makeFigure", () => {
    const fig = lineBands([{ name: "a", x: [0.02, 0.1, 1], ys: [[1, 2, 3]] }], { logX: true });
    assert.deepEqual((fig.layout.xaxis as { tickvals: number[] }).tickvals, [0.02, 0.05, 0.1, 0.2, 0.5, 1]);
    const raw = makeFigure([{ type: "scatter", x: [1, 10, 100], y: [1, 1, 1] }], { xaxis: { type: "log" } });
    assert.deepEqual((raw.layout.xaxis as { ticktext: string[] }).ticktext, [
      "1",
      "2",
      "5",
      "10",
      "20",
      "50",
      "100",
    ]);
  });
});

describe("colour bars and scales", () => {
  it("a heatmap of non-negative values is sequential from 0, a signed one diverging around 0; both have a bar", () => {
    const fraction = weightHeatmap([
      [0, 0.5],
      [1, 0.25],
    ]).data[0] as Record<string, unknown>;
    assert.equal(fraction.zmin, 0);
    assert.equal(fraction.zmid, undefined);
    const signed = weightHeatmap([
      [-1, 0.5],
      [1, 0.25],
    ]).data[0] as Record<string, unknown>;
    assert.deepEqual([signed.zmin, signed.zmid, signed.zmax], [-1, 0, 1]);
    for (const t of [fraction, signed]) assert.notEqual(t.showscale, false);
  });

  it("a weight grid always shows its one shared scale, and says when tiles are scaled per neuron", () => {
    const W = [
      [1, -2],
      [3, 4],
      [0.5, 1],
      [2, 2],
    ];
    const normalized = weightGrid(W, { tile: [2, 2] }).data[0] as Trace & {
      colorbar: { title: { text: string } };
    };
    assert.notEqual(normalized.showscale, false);
    assert.match(normalized.colorbar.title.text, /max \|w\|/);
    const mask = weightGrid(
      [
        [1, 0],
        [0, 1],
        [1, 1],
        [0, 0],
      ],
      { tile: [2, 2], normalize: false },
    ).data[0];
    assert.deepEqual([mask.zmin, mask.zmax, mask.zmid], [0, 1, undefined]);
  });
});

describe("the committed notebooks' figure rules", () => {
  it("pass the builders' figures and catch plotly's default log ticks and a hidden colour bar", () => {
    const built = [
      lineBands([{ name: "a", x: [0.02, 0.1, 1], ys: [[1, 2, 3]] }], { logX: true, logY: true }),
      weightGrid(
        [
          [1, -2],
          [3, 4],
          [0.5, 1],
          [2, 2],
        ],
        { tile: [2, 2] },
      ),
      weightHeatmap([[0, 1]]),
    ];
    for (const fig of built) assert.deepEqual(unreadable(fig as never), []);
    const old = {
      data: [{ type: "heatmap", z: [[1]], showscale: false }],
      layout: { xaxis: { type: "log" } },
    };
    assert.deepEqual(unreadable(old), [
      "log xaxis without tickvals/ticktext or a numeric dtick",
      "a heatmap whose colour scale no colour bar shows",
    ]);
  });
});
