import { after, describe, it } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import {
  chromiumPath,
  closeRenderer,
  renderHtmlPng,
  renderPng,
  renderSvg,
  saveFigure,
} from "../../lib/viz/render";
import { progressHtml } from "../../lib/viz/progress-view";
import { lineBands } from "../../lib/viz/lines";
import { weightHeatmap } from "../../lib/viz/heatmap";
import { PNG_SIGNATURE, pngSize } from "./kernel-fake";

const HAVE_CHROMIUM = fs.existsSync(chromiumPath());
const skip =
  !HAVE_CHROMIUM && `no Chromium at ${chromiumPath()}; install Debian's chromium to run render tests`;
const fig = lineBands(
  [
    {
      name: "a",
      x: [0, 1, 2],
      ys: [
        [1, 2, 3],
        [2, 2, 2],
      ],
    },
  ],
  { title: "render test" },
);

after(() => closeRenderer());

describe("headless rendering", { skip }, () => {
  it("renders a PNG, then reuses the browser: later renders take well under a second", async () => {
    let t = performance.now();
    const first = await renderPng(fig);
    const firstMs = performance.now() - t;
    assert.deepEqual(first.subarray(0, 8), PNG_SIGNATURE);
    assert.deepEqual(pngSize(first), { width: 720, height: 440 });
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      t = performance.now();
      const png = await renderPng(
        weightHeatmap([
          [i, -1],
          [2, 0],
        ]),
        { scale: 2 },
      );
      times.push(performance.now() - t);
      assert.deepEqual(pngSize(png), { width: 1440, height: 880 });
    }
    const median = [...times].sort((a, b) => a - b)[2];
    console.log(
      `render: first ${firstMs.toFixed(0)} ms (includes browser start), then median ${median.toFixed(0)} ms`,
    );
    assert.ok(median < 500, `subsequent renders took ${times.map((x) => x.toFixed(0)).join(", ")} ms`);
  });

  it("draws an HTML fragment as a PNG cropped to it, and leaves the page as it was", async () => {
    const snap = {
      info: { step: 50, total: 100, loss: 0.4, metrics: { "test/acc": 0.9 } },
      elapsed: 2,
      rate: 25,
      lossHistory: [1, 0.7, 0.5, 0.4],
      metricHistory: { "test/acc": [0.5, 0.8, 0.9] },
      done: true,
    };
    const [a, b] = await Promise.all([renderHtmlPng(progressHtml(snap)), renderHtmlPng("<b>x</b>")]);
    assert.deepEqual(a.subarray(0, 8), PNG_SIGNATURE);
    const size = pngSize(a);
    // the view: a 360-px bar and two 160-px curves side by side, three lines high, plus the padding
    assert.ok(
      size.width >= 360 && size.width < 720 && size.height > 40 && size.height < 200,
      JSON.stringify(size),
    );
    assert.ok(pngSize(b).width < 60, "each fragment is cropped to itself, even when drawn at the same time");
    const again = await renderHtmlPng(progressHtml(snap));
    assert.deepEqual(pngSize(again), size, "nothing of an earlier fragment is left on the page");
  });

  it("renders SVG text", async () => {
    const svg = await renderSvg(fig, { width: 400, height: 300 });
    assert.match(svg, /^<svg [^>]*width="400" height="300"/);
    assert.match(svg, /render test/);
  });

  it("saveFigure writes .png and .svg atomically, creating folders", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gaugelab-save-"));
    try {
      const png = await saveFigure(fig, path.join(dir, "a", "fig.png"));
      const svg = await saveFigure(fig, path.join(dir, "a", "fig.SVG"));
      assert.deepEqual(fs.readFileSync(png).subarray(0, 8), PNG_SIGNATURE);
      assert.deepEqual(pngSize(fs.readFileSync(png)), { width: 1440, height: 880 }, "papers get scale 2");
      assert.match(fs.readFileSync(svg, "utf8"), /^<svg /);
      assert.deepEqual(
        fs.readdirSync(path.join(dir, "a")).sort(),
        ["fig.SVG", "fig.png"],
        "no temp files left",
      );
      await assert.rejects(
        saveFigure(fig, path.join(dir, "x.jpg")),
        /saveFigure: ".*x\.jpg" must end in \.png or \.svg/,
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("restarts the browser after closeRenderer", async () => {
    await closeRenderer();
    const png = await renderPng(fig);
    assert.deepEqual(png.subarray(0, 8), PNG_SIGNATURE);
  });

  it("lets a script exit on its own: outside a kernel an idle browser closes itself", () => {
    const snippet =
      'const { renderPng } = require("./lib/viz/render");' +
      'renderPng({ data: [], layout: {} }).then((png) => console.log("bytes", png.length));';
    // A browser that never closed would keep the script alive until this timeout kills it (status null).
    const out = spawnSync(process.execPath, ["--import", "tsx", "-e", snippet], {
      encoding: "utf8",
      timeout: 90_000,
    });
    assert.equal(out.status, 0, out.stderr);
    assert.match(out.stdout, /bytes \d+/);
  });

  it("makes no network requests: a figure asking for a remote image still renders", async () => {
    const remote = {
      ...fig,
      layout: { ...fig.layout, images: [{ source: "http://example.invalid/x.png", x: 0, y: 0 }] },
    };
    const png = await renderPng(remote);
    assert.deepEqual(png.subarray(0, 8), PNG_SIGNATURE);
  });
});
