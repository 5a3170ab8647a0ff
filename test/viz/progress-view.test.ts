import { describe, it } from "node:test";
import * as assert from "node:assert/strict";
import {
  etaSeconds,
  formatDuration,
  progressHtml,
  progressText,
  sparklineSvg,
} from "../../lib/viz/progress-view";

describe("progress views", () => {
  it("formats durations as m:ss and h:mm:ss", () => {
    assert.equal(formatDuration(7.4), "0:07");
    assert.equal(formatDuration(750), "12:30");
    assert.equal(formatDuration(3723), "1:02:03");
    assert.equal(formatDuration(Infinity), "?");
  });

  it("draws a sparkline spanning the box, high values at the top", () => {
    const svg = sparklineSvg([0, 1, 2], "#123456", 102, 22);
    const pts = /points="([^"]+)"/.exec(svg)?.[1].split(" ");
    assert.deepEqual(pts, ["1.0,21.0", "51.0,11.0", "101.0,1.0"]);
    assert.match(svg, /stroke="#123456"/);
    assert.equal(sparklineSvg([1]), "", "one point is no curve");
    assert.equal(sparklineSvg([NaN, 1]), "");
  });

  it("computes the ETA from the rate and clamps the bar", () => {
    const snap = {
      info: { step: 150, total: 100 },
      elapsed: 1,
      rate: 10,
      lossHistory: [],
      metricHistory: {},
      done: false,
    };
    assert.equal(etaSeconds(snap), 0);
    assert.equal(etaSeconds({ ...snap, rate: undefined }), undefined);
    assert.match(progressHtml(snap), /width:100\.0%/);
    assert.match(
      progressText({ ...snap, info: { step: 5, total: 10 } }),
      /\[##########----------\] 5\/10 \(50\.0%\) · 10 steps\/s · elapsed 0:01 · ETA 0:01$/,
    );
  });
});
