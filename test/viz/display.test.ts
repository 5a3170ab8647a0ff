import { after, describe, it } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import { spawnSync } from "node:child_process";
import { PLOTLY_MIME, figureBundle, figureText, show } from "../../lib/viz/display";
import { inKernel, publishDisplay } from "../../lib/kernel/jupyter-output";
import { closeRenderer } from "../../lib/viz/render";
import { scatter } from "../../lib/viz/scatter";
import { PNG_SIGNATURE, fakeKernel, pngSize } from "./kernel-fake";

const fig = scatter([{ name: "pts", x: [1, 2, 3], y: [2, 1, 3] }], { title: "Pts" });
const HAVE_CHROMIUM = fs.existsSync(process.env.GAUGELAB_CHROMIUM || "/usr/bin/chromium");

after(() => closeRenderer());

describe("figureBundle (pure)", () => {
  it("holds the plotly JSON as an object, then PNG and text", () => {
    const { data, metadata } = figureBundle(fig, Buffer.from([1, 2, 3]));
    assert.deepEqual(Object.keys(data), [PLOTLY_MIME, "image/png", "text/plain"]);
    const plotly = data[PLOTLY_MIME] as { data: unknown; layout: unknown; config: unknown };
    assert.equal(typeof plotly, "object");
    assert.deepEqual(plotly.data, fig.data);
    assert.deepEqual(plotly.layout, fig.layout);
    assert.deepEqual(plotly.config, { responsive: true, displaylogo: false });
    assert.equal(data["image/png"], "AQID");
    assert.deepEqual(metadata, { "image/png": { width: 720, height: 440 } });
    assert.equal(data["text/plain"], 'Figure "Pts" (1 trace: scatter)');
  });

  it("stores typed arrays as plain JSON arrays", () => {
    const typed = { data: [{ type: "scatter", y: new Float32Array([0.5, 1.5]) }], layout: {} };
    const plotly = figureBundle(typed).data[PLOTLY_MIME] as { data: { y: unknown }[] };
    assert.deepEqual(plotly.data[0].y, [0.5, 1.5]);
  });

  it("leaves the PNG out when none is given", () => {
    assert.deepEqual(Object.keys(figureBundle(fig).data), [PLOTLY_MIME, "text/plain"]);
    assert.equal(figureText({ data: [], layout: {} }), "Figure (0 traces)");
  });
});

describe("show: the bundle contract", () => {
  it("outside a kernel prints the text summary and sends nothing", async () => {
    assert.equal(inKernel(), false);
    assert.equal(publishDisplay({ "text/plain": "x" }), false);
    const printed: unknown[] = [];
    const log = console.log;
    console.log = (...args: unknown[]) => void printed.push(...args);
    try {
      await show(fig);
    } finally {
      console.log = log;
    }
    assert.deepEqual(printed, ['Figure "Pts" (1 trace: scatter)']);
  });

  it(
    "sends ONE display_data holding plotly JSON, a valid PNG and text",
    { skip: !HAVE_CHROMIUM && "no chromium" },
    async () => {
      const kernel = fakeKernel();
      try {
        await show(fig);
      } finally {
        kernel.restore();
      }
      assert.equal(kernel.sent.length, 1, "exactly one message");
      const [{ content, update }] = kernel.sent;
      assert.equal(update, false, "display_data, not update_display_data");
      assert.deepEqual(Object.keys(content.data).sort(), [PLOTLY_MIME, "image/png", "text/plain"].sort());
      const plotly = content.data[PLOTLY_MIME] as { data: unknown[]; layout: object };
      assert.equal(plotly.data.length, 1);
      const png = Buffer.from(content.data["image/png"] as string, "base64");
      assert.deepEqual(png.subarray(0, 8), PNG_SIGNATURE);
      assert.ok(png.length > 5000, `PNG is ${png.length} bytes`);
      assert.deepEqual(pngSize(png), { width: 720, height: 440 });
      assert.deepEqual(content.transient, {});
    },
  );

  for (const [exe, why] of [
    [
      "/nonexistent/chromium",
      /no Chromium at \/nonexistent\/chromium; install Debian's chromium or set GAUGELAB_CHROMIUM/,
    ],
    ["/bin/false", /Chromium at \/bin\/false did not start/],
  ] as const) {
    it(`without a working browser (${exe}) skips the PNG with a single notice, and still shows`, () => {
      const snippet =
        'const { fakeKernel } = require("./test/viz/kernel-fake"); const { show } = require("./lib/viz/display");' +
        'const { scatter } = require("./lib/viz/scatter"); const k = fakeKernel();' +
        'const f = scatter([{ name: "a", x: [1], y: [1] }]);' +
        "(async () => { await show(f); const t = performance.now(); await show(f); const ms = performance.now() - t;" +
        "k.restore(); console.log(JSON.stringify({ ms, keys: k.sent.map((m) => Object.keys(m.content.data)) })); })();";
      const out = spawnSync(process.execPath, ["--import", "tsx", "-e", snippet], {
        encoding: "utf8",
        env: { ...process.env, GAUGELAB_CHROMIUM: exe },
      });
      assert.equal(out.status, 0, out.stderr);
      const lines = out.stdout.trim().split("\n");
      const notices = lines.filter((l) => l.startsWith("gaugelab:"));
      assert.equal(notices.length, 1, out.stdout);
      assert.match(notices[0], why);
      assert.match(notices[0], /figures are shown without their PNG fallback \(one notice per kernel\)/);
      const result = JSON.parse(lines[lines.length - 1]) as { ms: number; keys: string[][] };
      assert.deepEqual(result.keys, [
        [PLOTLY_MIME, "text/plain"],
        [PLOTLY_MIME, "text/plain"],
      ]);
      assert.ok(result.ms < 100, "the second show fails fast instead of relaunching");
    });
  }
});
