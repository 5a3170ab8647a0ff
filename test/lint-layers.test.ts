import { describe, it } from "node:test";
import * as assert from "node:assert/strict";
import * as path from "node:path";
import { ESLint } from "eslint";

const ROOT = path.resolve(__dirname, "..");

/** The `gaugelab/layers` messages eslint gives `code` as if it were the file `file` (relative to the root). */
async function layerErrors(file: string, code: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: ROOT });
  const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, file) });
  return result.messages.filter((m) => m.ruleId === "gaugelab/layers").map((m) => m.message);
}

describe("the layering lint rule", () => {
  it("rejects an import up the floors, naming what the folder may import", async () => {
    const errors = await layerErrors(
      "lib/core/probe.ts",
      'import { train } from "../train/train";\nexport const t = train;\n',
    );
    assert.equal(errors.length, 1);
    assert.match(errors[0], /^lib\/core may not import lib\/train: imports go down the floors/);
  });

  it("rejects a sideways import that would close a cycle (gauge and prune share a floor)", async () => {
    const errors = await layerErrors(
      "lib/prune/probe.ts",
      'import { permute } from "../gauge/permute";\nexport const p = permute;\n',
    );
    assert.match(errors[0] ?? "", /^lib\/prune may not import lib\/gauge/);
  });

  it("accepts imports down the floors and within a folder", async () => {
    const code =
      'import { forward } from "../core/forward";\nimport { Mask } from "./mask";\nexport const f = [forward, Mask];\n';
    assert.deepEqual(await layerErrors("lib/train/probe.ts", code), []);
  });

  it("refuses a layer table with a cycle", async () => {
    const { assertAcyclic } = (await import(path.join(ROOT, "scripts", "lint-layers.mjs"))) as {
      assertAcyclic: (layers: Record<string, string[]>) => void;
    };
    assert.throws(() => assertAcyclic({ a: ["b"], b: ["a"] }), /the layers form a cycle: a -> b -> a/);
  });
});
