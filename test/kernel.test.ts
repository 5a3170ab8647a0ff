import { after, describe, it } from "node:test";
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ROOT, hasJupyterClient, registerKernelInTempDir, runCells, streamText } from "./helpers/kernel";

const LAUNCHER = path.join(ROOT, "scripts", "kernel.cjs");

/** Reads the kernelspec that registration wrote into `dataDir`. */
function readKernelSpec(dataDir: string): { argv: string[]; display_name: string } {
  return JSON.parse(fs.readFileSync(path.join(dataDir, "kernels", "gaugelab", "kernel.json"), "utf8"));
}

/** Runs a kernelspec's argv as Jupyter would, with `connectionFile` in place of `{connection_file}`. */
function runArgv(argv: string[], connectionFile: string, env: Record<string, string> = {}) {
  const [command, ...args] = argv.map((arg) => arg.replace("{connection_file}", connectionFile));
  return spawnSync(command, args, { encoding: "utf8", env: { ...process.env, ...env } });
}

/** An empty connection file: enough to get the launcher past its argument check. Removed after the tests. */
const CONNECTION_FILE = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "gaugelab-conn-")), "kernel.json");
fs.writeFileSync(CONNECTION_FILE, "{}");
after(() => fs.rmSync(path.dirname(CONNECTION_FILE), { recursive: true, force: true }));

describe("kernel registration", () => {
  it("writes one kernelspec that starts the launcher, idempotently, leaving other kernels alone", () => {
    const dataDir = registerKernelInTempDir();
    try {
      const other = path.join(dataDir, "kernels", "python3");
      fs.mkdirSync(other, { recursive: true });
      fs.writeFileSync(path.join(other, "kernel.json"), '{"argv": ["python3"]}');
      const again = spawnSync(process.execPath, [path.join(ROOT, "scripts", "jupyter.cjs")], {
        env: { ...process.env, JUPYTER_DATA_DIR: dataDir },
        encoding: "utf8",
      });
      assert.equal(again.status, 0, again.stderr);
      assert.deepEqual(fs.readdirSync(path.join(dataDir, "kernels")).sort(), ["gaugelab", "python3"]);
      assert.deepEqual(fs.readdirSync(path.join(dataDir, "kernels", "gaugelab")), ["kernel.json"]);
      const spec = readKernelSpec(dataDir);
      assert.equal(spec.display_name, "gaugelab (TypeScript)");
      assert.deepEqual(
        [spec.argv[0], spec.argv[1], spec.argv[3]],
        [process.execPath, "-e", "{connection_file}"],
      );
      assert.ok(spec.argv[2].includes(JSON.stringify(LAUNCHER)), spec.argv[2]);
      assert.equal(fs.readFileSync(path.join(other, "kernel.json"), "utf8"), '{"argv": ["python3"]}');
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe("registered kernelspec", () => {
  it("starts the launcher on the connection file", () => {
    const dataDir = registerKernelInTempDir();
    try {
      const out = runArgv(readKernelSpec(dataDir).argv, CONNECTION_FILE, { GAUGELAB_BACKEND: "tpu" });
      assert.equal(out.status, 1);
      assert.match(out.stderr, /gaugelab kernel: GAUGELAB_BACKEND="tpu" is not a backend gaugelab knows/);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it("names the fix when the registered checkout has moved or been deleted", () => {
    const dataDir = registerKernelInTempDir();
    const moved = path.join(os.tmpdir(), `gaugelab-moved-${process.pid}`);
    try {
      const argv = readKernelSpec(dataDir).argv.map((arg) => arg.replaceAll(ROOT, moved));
      const out = runArgv(argv, CONNECTION_FILE);
      assert.equal(out.status, 1);
      assert.equal(
        out.stderr.trim(),
        `gaugelab kernel: ${path.join(moved, "scripts", "kernel.cjs")} no longer exists (the gaugelab checkout ` +
          "moved or was deleted). To fix it, run `npm run kernel` in your gaugelab checkout.",
      );
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe("kernel launcher", () => {
  it("explains itself when started without a connection file", () => {
    const out = spawnSync(process.execPath, [LAUNCHER], { encoding: "utf8" });
    assert.equal(out.status, 1);
    assert.match(out.stderr, /gaugelab kernel: expected a Jupyter connection file/);
    assert.match(out.stderr, /npm run kernel/);
  });

  it("names what is missing from an incomplete project, and the fix", () => {
    const checkout = fs.mkdtempSync(path.join(os.tmpdir(), "gaugelab-bare-"));
    try {
      const launcher = path.join(checkout, "scripts", "kernel.cjs");
      fs.mkdirSync(path.dirname(launcher));
      fs.copyFileSync(LAUNCHER, launcher);
      const out = spawnSync(process.execPath, [launcher, CONNECTION_FILE], { encoding: "utf8" });
      assert.equal(out.status, 1);
      assert.equal(
        out.stderr.trim(),
        `gaugelab kernel: ${checkout} is not a complete gaugelab project (missing lib/index.ts, ` +
          "node_modules/tslab/dist/main.js, node_modules/tsx/package.json). " +
          "Run `npm install` there, then `npm run kernel` to register the kernel again.",
      );
    } finally {
      fs.rmSync(checkout, { recursive: true, force: true });
    }
  });

  it("refuses an unknown GAUGELAB_BACKEND with the fix, before Jupyter connects", () => {
    const out = spawnSync(process.execPath, [LAUNCHER, CONNECTION_FILE], {
      encoding: "utf8",
      env: { ...process.env, GAUGELAB_BACKEND: "tpu" },
    });
    assert.equal(out.status, 1);
    assert.match(out.stderr, /gaugelab kernel: GAUGELAB_BACKEND="tpu" is not a backend gaugelab knows/);
  });

  it("runs cells from notebooks/ with one lib import, project paths, and type errors as error messages", (t) => {
    if (!hasJupyterClient()) {
      t.skip("Debian's python3-jupyter-client is not installed (apt-get install jupyter-notebook)");
      return;
    }
    const [imported, paths, typeError, after, secondCopy] = runCells([
      'import * as g from "./lib";\nconsole.log("backend", g.tf.getBackend());',
      'console.log(g.projectPath("data"), process.cwd());',
      'const n: number = "not a number";',
      "console.log(1 + 1);",
      // tslab loads this exact-file import as its own compiled copy of the lib, beside Node's.
      'import * as again from "./lib/index";\nconsole.log(typeof again.projectPath);',
    ]);
    assert.equal(imported.status, "ok");
    assert.match(streamText(imported), /gaugelab: tfjs 4\.22\.0, backend "(wasm|tensorflow)"/);
    assert.equal(streamText(imported).match(/gaugelab: tfjs/g)?.length, 1);
    assert.equal(paths.status, "ok");
    assert.equal(streamText(paths).trim(), `${path.join(ROOT, "data")} ${ROOT}`);
    assert.equal(typeError.status, "error");
    assert.deepEqual(
      typeError.outputs.filter((o) => o.type === "error").map((o) => [o.content.ename, o.content.evalue]),
      [["TSError", "Type 'string' is not assignable to type 'number'."]],
    );
    assert.equal(after.status, "ok");
    assert.equal(streamText(after).trim(), "2");
    assert.equal(secondCopy.status, "ok");
    assert.equal(streamText(secondCopy).trim(), "function", "the backend banner printed twice");
  });

  it("survives files created beside imported modules while a cell runs (tslab's rebuild-timer crash)", (t) => {
    if (!hasJupyterClient()) {
      t.skip("Debian's python3-jupyter-client is not installed (apt-get install jupyter-notebook)");
      return;
    }
    // A module that imports a package makes TypeScript watch its folder for failed lookups. Editing the module
    // schedules a rebuild and a new file in that folder schedules a second timer, which tslab's compiler host
    // does not allow: it threw and killed the kernel, until the launcher stopped its file watching.
    const scratch = fs.mkdtempSync(path.join(ROOT, ".kernel-watch-"));
    const rel = `./${path.basename(scratch)}`;
    fs.writeFileSync(
      path.join(scratch, "w.ts"),
      'import type { Tensor } from "@tensorflow/tfjs";\nexport const v = 1;\nexport type T = Tensor;\n',
    );
    try {
      const [imported, edited, after] = runCells([
        `import { v } from "${rel}/w";`,
        `const fs = require("fs");
for (let i = 0; i < 3; i++) {
  fs.writeFileSync("${rel}/new" + i + ".ts", "export const z = 1;\\n");
  fs.writeFileSync("${rel}/w.ts", "export const v = 1;\\n");
  await new Promise((resolve) => setTimeout(resolve, 300));
}
await new Promise((resolve) => setTimeout(resolve, 2000));`,
        "console.log(v + 1);",
      ]);
      assert.equal(imported.status, "ok");
      assert.equal(edited.status, "ok");
      assert.equal(after.status, "ok");
      assert.equal(streamText(after).trim(), "2");
    } finally {
      fs.rmSync(scratch, { recursive: true, force: true });
    }
  });
});
