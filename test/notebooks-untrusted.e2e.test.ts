/**
 * The committed notebooks as a reader who has just cloned the project sees them: opened untrusted in classic
 * Notebook 6 (a fresh Jupyter data dir, so nothing is trusted) in headless Chromium, with the extension that
 * `npm start` installs. No output may lose anything to Notebook's sanitiser, every image must load, every
 * figure must go to the extension's plotly renderer, and the first one must answer hover and zoom.
 */
import { after, before, describe, it } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import type { Browser, Page } from "playwright-core";
import { ROOT } from "./helpers/kernel";
import { startNotebookServer, type NotebookServer } from "./helpers/notebook-server";
import { openNotebook, probeFigure } from "./helpers/notebook-browser";

const { findExecutable } = require("../scripts/jupyter.cjs") as {
  findExecutable(names: string[]): string | undefined;
};

const CHROMIUM = process.env.GAUGELAB_CHROMIUM || "/usr/bin/chromium";
const NOTEBOOK_SERVER = findExecutable(["jupyter-notebook"]);
const NOTEBOOKS = fs
  .readdirSync(path.join(ROOT, "notebooks"))
  .filter((f) => f.endsWith(".ipynb"))
  .sort();
const PLOTLY_MIME = "application/vnd.plotly.v1+json";

const skip = !NOTEBOOK_SERVER
  ? "no jupyter-notebook on PATH (npm test installs it)"
  : !fs.existsSync(CHROMIUM) && `no Chromium at ${CHROMIUM}`;

/** What the page found in one notebook's outputs. */
type Audit = {
  /** HTML outputs that Notebook shows, with the elements or attributes its sanitiser removed. */
  stripped: string[];
  /** Images that did not load. */
  brokenImages: number;
  /** Outputs holding a figure, and outputs the extension's plotly renderer took. */
  figures: number;
  rendered: number;
};

/**
 * Runs in the page (kept as source text: the test's compiler would add helpers the page lacks): for every HTML
 * output that untrusted Notebook shows (no figure ranked above it), compares the output's DOM with the DOM of
 * Notebook's own sanitiser's result, element by element and attribute by attribute.
 */
const AUDIT = `(mime) => new Promise((resolve, reject) => {
  setTimeout(() => reject(new Error("Notebook's sanitiser did not load")), 30000);
  require(["base/js/security"], (security) => {
    const shape = (html) =>
      Array.from(new DOMParser().parseFromString("<body>" + html + "</body>", "text/html").body.querySelectorAll("*"))
        .map((el) => el.tagName.toLowerCase() + "[" + Array.from(el.attributes).map((a) => a.name + "=" + a.value).sort().join(",") + "]");
    const stripped = [];
    let figures = 0;
    Jupyter.notebook.toJSON().cells.forEach((cell, index) => {
      for (const out of cell.outputs || []) {
        const data = out.data || {};
        if (data[mime] !== undefined) figures++;
        const raw = data["text/html"];
        if (raw === undefined || data[mime] !== undefined) continue;
        const html = Array.isArray(raw) ? raw.join("") : raw;
        const before = shape(html);
        const after = shape(security.sanitize_html(html));
        const lost = before.filter((s, i) => after[i] !== s);
        if (lost.length > 0) stripped.push("cell " + index + ": " + lost.slice(0, 3).join(" "));
      }
    });
    const images = Array.from(document.querySelectorAll(".output_area img"));
    resolve({
      stripped,
      brokenImages: images.filter((img) => !(img.complete && img.naturalWidth > 0)).length,
      figures,
      rendered: document.querySelectorAll(".output_gaugelab_plotly").length,
    });
  });
})`;

/** Audits the open notebook's outputs (see {@link AUDIT}). */
const audit = (page: Page) => page.evaluate(`(${AUDIT})(${JSON.stringify(PLOTLY_MIME)})`) as Promise<Audit>;

describe("the committed notebooks, untrusted in Notebook 6", { skip }, () => {
  let tmp = "";
  let server: NotebookServer;
  let browser: Browser;

  before(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "gaugelab-untrusted-"));
    const env = {
      ...process.env,
      JUPYTER_DATA_DIR: path.join(tmp, "data"),
      JUPYTER_CONFIG_DIR: path.join(tmp, "config"),
      JUPYTER_RUNTIME_DIR: path.join(tmp, "runtime"),
    };
    const reg = spawnSync(process.execPath, [path.join(ROOT, "scripts", "jupyter.cjs")], {
      env,
      encoding: "utf8",
    });
    assert.equal(reg.status, 0, reg.stderr);
    const dir = path.join(tmp, "notebooks"); // copies, so that nothing the server does touches the real ones
    fs.mkdirSync(dir);
    for (const nb of NOTEBOOKS) fs.copyFileSync(path.join(ROOT, "notebooks", nb), path.join(dir, nb));
    server = await startNotebookServer(NOTEBOOK_SERVER as string, dir, env);
    const { chromium } = await import("playwright-core");
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox", "--disable-gpu"] });
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  for (const nb of NOTEBOOKS) {
    it(`${nb}: opens untrusted, nothing stripped, images loaded, figures interactive`, async () => {
      const page: Page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      try {
        // A kernel for every notebook would only slow the test down; the outputs are what is checked.
        await page.route("**/api/sessions", (route) => route.abort());
        assert.equal(await openNotebook(page, server.url(`notebooks/${nb}`)), false, "opens untrusted");
        let found = await audit(page);
        for (let i = 0; i < 40 && found.rendered < found.figures; i++) {
          await page.waitForTimeout(250); // the extension may still be re-rendering what loaded before it
          found = await audit(page);
        }
        assert.deepEqual(found.stripped, [], "outputs that lose elements or attributes to the sanitiser");
        assert.equal(found.brokenImages, 0, "images that did not load");
        assert.equal(found.rendered, found.figures, "every figure taken by the plotly renderer");
        if (found.figures > 0) assert.deepEqual(await probeFigure(page), { hovered: true, zoomed: true });
      } finally {
        await page.close();
      }
    });
  }
});
