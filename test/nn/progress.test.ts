import { describe, it } from "node:test";
import * as assert from "node:assert/strict";
import { consoleProgress, formatProgress } from "../../lib/nn/progress";

describe("progress", () => {
  it("formats step, percentage, loss and metrics on one line", () => {
    assert.equal(
      formatProgress({
        step: 1200,
        total: 6000,
        loss: 0.31214,
        metrics: { "val/acc": 0.941 },
        label: "train",
      }),
      "train 1200/6000 (20%) loss 0.3121 val/acc 0.9410",
    );
    assert.equal(formatProgress({ step: 3, total: 0 }), "step 3/0");
  });

  it("throttles console lines and always prints the final one", () => {
    const lines: string[] = [];
    const sink = consoleProgress({ intervalMs: 60_000, write: (line) => lines.push(line) });
    for (let step = 1; step <= 100; step++) sink.update({ step, total: 100 });
    sink.done();
    assert.deepEqual(lines, ["step 1/100 (1%)", "step 100/100 (100%)"]);
  });
});
