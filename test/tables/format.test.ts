import { describe, it } from "node:test";
import * as assert from "node:assert/strict";
import { formatCell, formatNumber } from "../../lib/tables/format";

describe("formatNumber", () => {
  it("keeps integers exact and rounds others to significant digits", () => {
    assert.equal(formatNumber(266200), "266200");
    assert.equal(formatNumber(0.123456), "0.1235");
    assert.equal(formatNumber(3.5), "3.5");
    assert.equal(formatNumber(12.34567, { digits: 3 }), "12.3");
    assert.equal(formatNumber(-0.5), "-0.5");
  });

  it("switches to scientific notation for tiny and huge values", () => {
    assert.equal(formatNumber(1.23456e-7), "1.235e-7");
    assert.equal(formatNumber(2.5e12 + 0.5), "2.5e+12");
    assert.equal(formatNumber(0.001), "0.001");
  });

  it("formats percentages with one digit fewer", () => {
    assert.equal(formatNumber(0.036, { percent: true }), "3.6%");
    assert.equal(formatNumber(0.98123, { percent: true }), "98.1%");
    assert.equal(formatNumber(1, { percent: true }), "100%");
  });

  it("names the non-finite values", () => {
    assert.equal(formatNumber(NaN), "NaN");
    assert.equal(formatNumber(-Infinity), "-∞");
  });

  it("formats cells by column", () => {
    assert.equal(formatCell(0.5, "acc", { percent: ["acc"] }), "50%");
    assert.equal(formatCell(0.5, "loss", { percent: ["acc"] }), "0.5");
    assert.equal(formatCell(null, "x"), "");
    assert.equal(formatCell(true, "x"), "true");
  });
});
