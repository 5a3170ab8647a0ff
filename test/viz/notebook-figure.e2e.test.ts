/**
 * End to end: a notebook that calls `show`, `showTable` and `liveProgress` runs through the real gaugelab
 * kernel (nbclient, every execute reply must be "ok"); the saved .ipynb must hold each figure as ONE
 * display_data with plotly JSON (an object), a valid PNG and text, and the finished progress display as a PNG
 * and its text. Then Jupyter Notebook 6, with the extension that kernel registration installs, serves the
 * executed notebook to headless Chromium, untrusted and signed: the figure must answer hover and zoom.
 */
import { after, before, describe, it } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import { PNG_SIGNATURE, pngSize } from "./kernel-fake";
import { processesUsing, sleep, startNotebookServer } from "../helpers/notebook-server";
import { openNotebook, probeFigure } from "../helpers/notebook-browser";

const ROOT = path.resolve(__dirname, "..", "..");
const PYTHON = "/usr/bin/python3";
const CHROMIUM = process.env.GAUGELAB_CHROMIUM || "/usr/bin/chromium";
const NOTEBOOK_SERVER = "/usr/bin/jupyter-notebook";
const PLOTLY_MIME = "application/vnd.plotly.v1+json";

function missing(): string | false {
  if (!fs.existsSync(CHROMIUM)) return `no Chromium at ${CHROMIUM}`;
  if (!fs.existsSync(NOTEBOOK_SERVER)) return `no ${NOTEBOOK_SERVER} (apt-get install jupyter-notebook)`;
  if (spawnSync(PYTHON, ["-c", "import nbclient"]).status !== 0) return `${PYTHON} has no nbclient`;
  return false;
}
const skip = missing();

const code = (source: string) => ({
  cell_type: "code",
  execution_count: null,
  metadata: {},
  outputs: [],
  source,
});
const FIXTURE = {
  cells: [
    code('import { show } from "./lib/viz/display";\nimport { scatter } from "./lib/viz/scatter";'),
    code('await show(scatter([{ name: "pts", x: [1, 2, 3], y: [3, 1, 2] }], { title: "e2e figure" }));'),
    code(
      'import { showTable } from "./lib/tables/show-table";\n' +
        'showTable([{ name: "<b>x</b>", acc: 0.5 }], { percent: ["acc"] });',
    ),
    code(
      'import { liveProgress } from "./lib/viz/progress";\nconst bar = liveProgress({ minIntervalMs: 20 });\n' +
        "for (let step = 1; step <= 50; step++) {\n  bar.update({ step, total: 50, loss: 1 / step });\n" +
        "  await new Promise((r) => setTimeout(r, 5));\n}\nawait bar.done();",
    ),
  ],
  metadata: {
    kernelspec: { display_name: "gaugelab (TypeScript)", language: "typescript", name: "gaugelab" },
  },
  nbformat: 4,
  nbformat_minor: 4,
};

// nbclient with a hook that fails unless every execute reply is "ok" (a guard on top of the error messages).
const RUNNER = `
import sys, nbformat
from nbclient import NotebookClient
src, dst, cwd = sys.argv[1:4]
nb = nbformat.read(src, as_version=4)
bad = []
def hook(cell, cell_index, execute_reply):
    if execute_reply["content"].get("status") != "ok":
        bad.append(cell_index)
NotebookClient(nb, kernel_name="gaugelab", timeout=120, startup_timeout=120,
               resources={"metadata": {"path": cwd}}, on_cell_executed=hook).execute()
nbformat.write(nb, dst)
if bad:
    sys.exit(f"cells {bad} did not reply ok")
`;

// Signs a notebook in this JUPYTER_DATA_DIR's trust database, as \`jupyter trust\` does. Trust goes by a digest
// of the content, so the copy is first made to differ from the unsigned original.
const SIGN = `
import sys, nbformat
from nbformat.sign import NotebookNotary
nb = nbformat.read(sys.argv[1], as_version=4)
nb.metadata["gaugelab_test"] = "signed copy"
NotebookNotary().sign(nb)
nbformat.write(nb, sys.argv[1])
`;

interface Output {
  output_type: string;
  data?: Record<string, unknown>;
  metadata?: Record<string, unknown>;
  text?: string | string[];
}
type Notebook = { cells: { outputs: Output[] }[] };

const join = (v: unknown) => (Array.isArray(v) ? v.join("") : String(v));

describe("a figure in an executed notebook", { skip: skip && `skipped: ${skip}` }, () => {
  let tmp = "";
  let env: NodeJS.ProcessEnv = {};
  let nb: Notebook;

  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "gaugelab-e2e-"));
    for (const d of ["data", "runtime", "config", "tmp", "nb"]) fs.mkdirSync(path.join(tmp, d));
    env = {
      ...process.env,
      JUPYTER_DATA_DIR: path.join(tmp, "data"),
      JUPYTER_RUNTIME_DIR: path.join(tmp, "runtime"),
      JUPYTER_CONFIG_DIR: path.join(tmp, "config"),
      TMPDIR: path.join(tmp, "tmp"), // the kernel's Chromium profile goes here, so leftovers are findable
      GAUGELAB_QUICK: "1",
    };
    const reg = spawnSync(process.execPath, [path.join(ROOT, "scripts", "jupyter.cjs")], {
      env,
      encoding: "utf8",
    });
    assert.equal(reg.status, 0, reg.stderr);
    const src = path.join(tmp, "fixture.ipynb");
    fs.writeFileSync(src, JSON.stringify(FIXTURE));
    const dst = path.join(tmp, "nb", "executed.ipynb");
    const run = spawnSync(PYTHON, ["-c", RUNNER, src, dst, path.join(ROOT, "notebooks")], {
      env,
      encoding: "utf8",
      timeout: 180_000,
    });
    assert.equal(run.status, 0, `nbclient failed:\n${run.stderr.slice(-3000)}`);
    nb = JSON.parse(fs.readFileSync(dst, "utf8")) as Notebook;
  });

  after(() => {
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it("holds ONE display_data with plotly JSON (an object), a valid PNG and text/plain", () => {
    const outs = nb.cells[1].outputs.filter((o) => o.output_type === "display_data");
    assert.equal(outs.length, 1, JSON.stringify(nb.cells[1].outputs).slice(0, 500));
    const data = outs[0].data ?? {};
    assert.deepEqual(Object.keys(data).sort(), [PLOTLY_MIME, "image/png", "text/plain"].sort());
    const plotly = data[PLOTLY_MIME] as { data: { type: string }[]; layout: { title: { text: string } } };
    assert.equal(typeof plotly, "object", "plotly JSON is an object, not a string");
    assert.equal(plotly.data[0].type, "scatter");
    assert.equal(plotly.layout.title.text, "e2e figure");
    const png = Buffer.from(join(data["image/png"]).replace(/\n/g, ""), "base64");
    assert.deepEqual(png.subarray(0, 8), PNG_SIGNATURE);
    assert.ok(png.length > 5000, `PNG is only ${png.length} bytes`);
    assert.deepEqual(pngSize(png), { width: 720, height: 440 });
    assert.equal(join(data["text/plain"]), 'Figure "e2e figure" (1 trace: scatter)');
  });

  it("holds the table as one bundle with HTML (escaped), markdown and text", () => {
    const outs = nb.cells[2].outputs.filter((o) => o.output_type === "display_data");
    assert.equal(outs.length, 1);
    const data = outs[0].data ?? {};
    assert.deepEqual(Object.keys(data).sort(), ["text/html", "text/markdown", "text/plain"]);
    assert.match(join(data["text/html"]), /&lt;b&gt;x&lt;\/b&gt;.*50%/s);
  });

  it("keeps the live progress as one output, updated in place to a PNG of its final state and its text", () => {
    const outs = nb.cells[3].outputs.filter((o) => o.output_type === "display_data");
    assert.equal(outs.length, 1, "one display id, updated via update_display_data");
    const data = outs[0].data ?? {};
    assert.deepEqual(Object.keys(data).sort(), ["image/png", "text/plain"]);
    const png = Buffer.from(join(data["image/png"]).replace(/\n/g, ""), "base64");
    assert.deepEqual(png.subarray(0, 8), PNG_SIGNATURE);
    assert.ok(pngSize(png).width >= 360, "the bar and its curves");
    assert.match(join(data["text/plain"]), /50\/50 \(100\.0%\).*done in/);
  });

  it("leaves no Chromium behind once the kernel has exited", async () => {
    const profileDir = path.join(tmp, "tmp");
    for (let i = 0; i < 20 && processesUsing(profileDir, /chrom/i).length > 0; i++) await sleep(250);
    assert.deepEqual(processesUsing(profileDir, /chrom/i), []);
  });

  it("draws the figure interactively in Notebook 6, untrusted and trusted, and the progress as an image", async () => {
    const dir = path.join(tmp, "nb");
    fs.copyFileSync(path.join(dir, "executed.ipynb"), path.join(dir, "signed.ipynb"));
    const sign = spawnSync(PYTHON, ["-c", SIGN, path.join(dir, "signed.ipynb")], { env, encoding: "utf8" });
    assert.equal(sign.status, 0, sign.stderr);
    const server = await startNotebookServer(NOTEBOOK_SERVER, dir, env);
    const { chromium } = await import("playwright-core");
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--no-sandbox", "--disable-gpu"],
    });
    try {
      for (const [file, trust] of [
        ["executed.ipynb", false],
        ["signed.ipynb", true],
      ] as const) {
        const page = await browser.newPage();
        assert.equal(await openNotebook(page, server.url(`notebooks/${file}`)), trust, `${file} trusted?`);
        assert.deepEqual(await probeFigure(page), { hovered: true, zoomed: true }, file);
        const progress = page.locator(".output_png img").first();
        await progress.waitFor({ state: "visible", timeout: 30_000 });
        const natural = await progress.evaluate(
          (el) => (el as unknown as { naturalWidth: number }).naturalWidth,
        );
        assert.ok(natural >= 360, `${file}: the finished progress shows as its PNG (${natural} px wide)`);
        await page.close();
      }
    } finally {
      await browser.close();
      await server.stop();
    }
    for (let i = 0; i < 40 && processesUsing(tmp).length > 0; i++) await sleep(250);
    assert.deepEqual(processesUsing(tmp), [], "the server and its kernel have exited");
  });
});
