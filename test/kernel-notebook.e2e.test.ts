/**
 * End to end in Jupyter Notebook 6 (headless Chromium): "Run All" on a notebook with the gaugelab kernel shows
 * `Out[n]` for a value, a red traceback in the failing cell's lines, and stops at the failed cell (the cells
 * queued behind it are aborted); a cell run afterwards runs. Opening the notebook sends the kernel comm
 * messages (the widgets extension's), which it answers without a word in the server's log, where the
 * kernel's stderr goes too: no "unknown msg_type", no frozen-modules warning.
 */
import { after, before, describe, it } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import type { Browser, Page } from "playwright-core";
import { startNotebookServer, type NotebookServer } from "./helpers/notebook-server";
import { openNotebook } from "./helpers/notebook-browser";
import { ROOT } from "./helpers/kernel";

const CHROMIUM = process.env.GAUGELAB_CHROMIUM || "/usr/bin/chromium";
const NOTEBOOK_SERVER = "/usr/bin/jupyter-notebook";

const skip = !fs.existsSync(CHROMIUM)
  ? `no Chromium at ${CHROMIUM}`
  : !fs.existsSync(NOTEBOOK_SERVER) && `no ${NOTEBOOK_SERVER} (apt-get install jupyter-notebook)`;

const code = (source: string) => ({
  cell_type: "code",
  execution_count: null,
  metadata: {},
  outputs: [],
  source,
});
const FIXTURE = {
  cells: [
    code("const answer: number = 6 * 7;\nanswer"),
    code(
      "function check(n: number) {\n  if (n > 40) throw new RangeError(`too big: ${n}`);\n}\n\ncheck(answer);",
    ),
    code('"never reached"'),
  ],
  metadata: {
    kernelspec: { display_name: "gaugelab (TypeScript)", language: "typescript", name: "gaugelab" },
  },
  nbformat: 4,
  nbformat_minor: 4,
};

/** What Notebook shows for cell `index`: its prompt and its outputs' text. */
async function cellView(page: Page, index: number) {
  const cell = page.locator(".cell.code_cell").nth(index);
  return {
    prompt: ((await cell.locator(".input_prompt").textContent()) ?? "").replace(/\s+/g, " ").trim(),
    outputPrompt: ((await cell.locator(".output_prompt").allTextContents()).join("") ?? "").trim(),
    text: (await cell.locator(".output_subarea").allTextContents()).join("\n"),
    redText: (await cell.locator(".output_error .ansi-red-fg").allTextContents()).join(" "),
  };
}

/** Waits until the kernel is idle and no cell is running or queued. */
async function waitForIdle(page: Page) {
  await page.waitForFunction(
    () =>
      document.querySelector("#kernel_indicator_icon.kernel_idle_icon") !== null &&
      document.querySelectorAll(".cell.running").length === 0,
    null,
    { timeout: 180_000, polling: 200 },
  );
}

describe("the gaugelab kernel in Notebook 6", { skip }, () => {
  let tmp: string;
  let server: NotebookServer;
  let browser: Browser;
  let page: Page;

  before(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "gaugelab-kernel-e2e-"));
    const env = {
      ...process.env,
      JUPYTER_DATA_DIR: path.join(tmp, "data"),
      JUPYTER_CONFIG_DIR: path.join(tmp, "config"),
      JUPYTER_RUNTIME_DIR: path.join(tmp, "runtime"),
    };
    const registered = spawnSync(process.execPath, [path.join(ROOT, "scripts", "jupyter.cjs")], { env });
    assert.equal(registered.status, 0, String(registered.stderr));
    const { jupyterEnv } = require("../scripts/jupyter.cjs") as {
      jupyterEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
    };
    fs.writeFileSync(path.join(tmp, "run-all.ipynb"), JSON.stringify(FIXTURE));
    server = await startNotebookServer(NOTEBOOK_SERVER, tmp, jupyterEnv(env));
    const { chromium } = await import("playwright-core");
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox", "--disable-gpu"] });
    page = await browser.newPage();
    await openNotebook(page, server.url("notebooks/run-all.ipynb"));
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it("Run All: Out[1], a red traceback in the cell's lines, and the cell after it aborted", async () => {
    await page.waitForFunction(
      () => document.querySelector("#kernel_indicator_icon.kernel_idle_icon") !== null,
      null,
      {
        timeout: 180_000,
      },
    );
    await page.evaluate(() =>
      (
        window as unknown as { Jupyter: { notebook: { execute_all_cells(): void } } }
      ).Jupyter.notebook.execute_all_cells(),
    );
    await waitForIdle(page);
    const [value, failed, queued] = [
      await cellView(page, 0),
      await cellView(page, 1),
      await cellView(page, 2),
    ];
    assert.equal(value.prompt, "In [1]:");
    assert.equal(value.outputPrompt, "Out[1]:");
    assert.equal(value.text.trim(), "42");
    assert.equal(failed.prompt, "In [2]:");
    assert.match(failed.redText, /RangeError/);
    assert.match(failed.text, /RangeError: too big: 42/);
    assert.match(
      failed.text,
      /Cell In\[2\], line 2, in check\n(.*\n)*----> 2 {3}if \(n > 40\) throw new RangeError/,
    );
    assert.match(failed.text, /Cell In\[2\], line 5\n(.*\n)*----> 5 check\(answer\);/);
    assert.doesNotMatch(failed.text, /evalmachine|tslab/);
    assert.equal(queued.prompt, "In [ ]:", "the cell queued behind the failure must be aborted");
    assert.equal(queued.text, "");
  });

  it("runs a cell sent right after the failure", async () => {
    await page.locator(".cell.code_cell").nth(2).click();
    await page.keyboard.press("Shift+Enter");
    await waitForIdle(page);
    const ran = await cellView(page, 2);
    assert.equal(ran.prompt, "In [3]:");
    assert.equal(ran.text.trim(), "'never reached'");
  });

  it("answers the notebook's comm messages and leaves no noise in the server's log", () => {
    const log = server.log();
    assert.doesNotMatch(
      log,
      /unknown msg_type|not supported|gaugelab kernel:|Debugger warning|frozen modules/,
    );
  });
});
