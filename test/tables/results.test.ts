import { describe, it } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import { recordsTable, resultsFrame, saveCsv, saveResults, toCsv, toTable } from "../../lib/tables/results";
import { tableBundle, showTable } from "../../lib/tables/show-table";
import { fakeKernel } from "../viz/kernel-fake";

const records = [
  { round: 0, remaining: 1, testAcc: 0.98 },
  { round: 1, remaining: 0.8, testAcc: 0.981, note: 'said "hi", then left' },
];

describe("experiment results", () => {
  it("collects columns in first-seen order, missing values as null", () => {
    assert.deepEqual(recordsTable(records), {
      columns: ["round", "remaining", "testAcc", "note"],
      rows: [
        [0, 1, 0.98, null],
        [1, 0.8, 0.981, 'said "hi", then left'],
      ],
    });
    assert.deepEqual(recordsTable(records, ["testAcc", "round"]).rows, [
      [0.98, 0],
      [0.981, 1],
    ]);
  });

  it("builds a danfojs DataFrame that reads back as the same table", () => {
    const df = resultsFrame(records);
    assert.deepEqual(df.shape, [2, 4]);
    assert.deepEqual(toTable(df), recordsTable(records));
  });

  it("writes RFC 4180 CSV at full precision", () => {
    assert.equal(
      toCsv(records),
      'round,remaining,testAcc,note\n0,1,0.98,\n1,0.8,0.981,"said ""hi"", then left"\n',
    );
    assert.equal(
      toCsv({ columns: ["a"], rows: [[0.1 + 0.2], [NaN], ["x\ny"]] }),
      'a\n0.30000000000000004\nNaN\n"x\ny"\n',
    );
  });

  it("saves CSV atomically into new folders, leaving no temp file", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gaugelab-csv-"));
    try {
      const file = saveCsv(resultsFrame(records), path.join(dir, "sub", "r.csv"));
      assert.equal(fs.readFileSync(file, "utf8"), toCsv(records));
      saveCsv(records.slice(0, 1), file);
      assert.equal(fs.readFileSync(file, "utf8"), "round,remaining,testAcc\n0,1,0.98\n");
      assert.deepEqual(fs.readdirSync(path.join(dir, "sub")), ["r.csv"]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("shows a table as ONE display_data with HTML, markdown and text", () => {
    const kernel = fakeKernel();
    try {
      showTable(records, { percent: ["remaining", "testAcc"] });
    } finally {
      kernel.restore();
    }
    assert.equal(kernel.sent.length, 1);
    const { data } = kernel.sent[0].content;
    assert.deepEqual(Object.keys(data), ["text/html", "text/markdown", "text/plain"]);
    assert.match(data["text/html"] as string, /<td align="right">98\.1%<\/td>/);
    assert.match(data["text/html"] as string, /said &quot;hi&quot;, then left/);
    assert.deepEqual(tableBundle(records), tableBundle(resultsFrame(records)));
  });

  it("importing danfojs-node keeps the tfjs backend and prints no tfjs-node banner", () => {
    const snippet =
      'const tf = require("@tensorflow/tfjs"); require("./lib/core/backend").ensureBackend().then((b) => {' +
      'const { resultsFrame } = require("./lib/tables/results"); resultsFrame([{ a: 1 }]);' +
      "console.log(`before=${b} after=${tf.getBackend()} engines=${Object.keys(tf.engine().registryFactory).sort()}`); });";
    const out = spawnSync(process.execPath, ["--import", "tsx", "-e", snippet], { encoding: "utf8" });
    assert.equal(out.status, 0, out.stderr);
    const m = /before=(\w+) after=(\w+)/.exec(out.stdout);
    assert.ok(m, out.stdout);
    assert.equal(m[2], m[1], "backend unchanged");
    assert.doesNotMatch(
      out.stdout + out.stderr,
      /tfjs-node|Hi, looks like|node backend|Platform node has already been set/,
    );
    assert.equal(out.stderr.trim(), "", "nothing on stderr");
  });

  it("resolves a single tfjs-core for the lib and danfojs", () => {
    const core = require.resolve("@tensorflow/tfjs-core/package.json");
    const fromDanfo = require.resolve("@tensorflow/tfjs-core/package.json", {
      paths: [path.dirname(require.resolve("danfojs-node"))],
    });
    assert.equal(fromDanfo, core);
  });

  it("saveResults writes data/results/<name>.csv in full mode only; quick mode writes to the temp folder", () => {
    const name = `test-${process.pid}`;
    const committed = path.join(__dirname, "..", "..", "data", "results", `${name}.csv`);
    try {
      assert.equal(saveResults(records, name, false), `data/results/${name}.csv`);
      assert.equal(fs.readFileSync(committed, "utf8"), toCsv(records));
      fs.rmSync(committed);
      const quick = saveResults(records, name, true);
      assert.ok(quick.startsWith(os.tmpdir()), quick);
      assert.equal(fs.existsSync(committed), false, "quick mode leaves data/results alone");
      fs.rmSync(quick);
    } finally {
      fs.rmSync(committed, { force: true });
    }
    assert.throws(
      () => saveResults(records, "../escape"),
      /saveResults: name must be a file name without \.csv/,
    );
  });
});
