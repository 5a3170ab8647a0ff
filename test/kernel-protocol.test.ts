import { after, before, describe, it } from "node:test";
import * as assert from "node:assert/strict";
import { stripVTControlCharacters } from "node:util";
import { ROOT } from "./helpers/kernel";

// The kernel's protocol layer (scripts/kernel/), in this process: cells run through tslab's own converter and
// executor, without Jupyter. The conformance suite (`npm run test:kernel`) checks the same kernel over ZeroMQ.

type Traceback = { ename: string; evalue: string; traceback: string[] };
type Outcome = { status: "ok"; hasValue: boolean; value: unknown } | { status: "error"; error: Traceback };
type Runner = {
  run(source: string, name: string, label: string): Promise<Outcome>;
  executor: { close(): void };
};

const { createCellRunner } = require("../scripts/kernel/run-cell.cjs") as {
  createCellRunner(root: string): Runner;
};
const { thrownError } = require("../scripts/kernel/errors.cjs") as {
  thrownError(thrown: unknown, cells: { get(name: string): undefined }, root: string): Traceback;
};
const { isComplete } = require("../scripts/kernel/is-complete.cjs") as {
  isComplete(code: string): { status: string; indent?: string };
};
const { History } = require("../scripts/kernel/history.cjs") as {
  History: new () => {
    add(line: number, input: string): void;
    setOutput(line: number, output: string): void;
    reply(request: Record<string, unknown>): { status: string; history: unknown[] };
  };
};

const plain = (lines: string[]) => stripVTControlCharacters(lines.join("\n"));

describe("cells run by the kernel's runner", () => {
  let runner: Runner;
  let count = 0;
  const run = (source: string) => {
    count += 1;
    return runner.run(source, `In[${count}]`, `Cell In[${count}]`);
  };
  const failure = async (source: string) => {
    const outcome = await run(source);
    assert.equal(outcome.status, "error");
    return outcome.status === "error" ? outcome.error : assert.fail();
  };
  before(() => {
    runner = createCellRunner(ROOT);
  });
  after(() => runner.executor.close());

  it("hand back the last expression's value instead of printing it", async () => {
    assert.deepEqual(await run("const two = 1 + 1;\ntwo * 21"), { status: "ok", hasValue: true, value: 42 });
    assert.deepEqual(await run("const none = 1;"), { status: "ok", hasValue: false, value: undefined });
  });

  it("point a traceback at the lines of every cell on the stack, through blank lines, types and classes", async () => {
    await run(
      "class Box {\n  constructor(public v: number) {}\n\n  check(): number {\n" +
        '    if (this.v < 0) throw new Error("negative");\n    return this.v;\n  }\n}',
    );
    const error = await failure(
      "type Row = { v: number };\nconst rows: Row[] = [{ v: 1 }, { v: -2 }];\n\nrows.forEach((row) => {\n  new Box(row.v).check();\n});",
    );
    assert.equal(error.ename, "Error");
    assert.equal(error.evalue, "negative");
    const text = plain(error.traceback);
    assert.match(text, /^Error: negative\n/);
    assert.match(text, /Cell In\[\d+\], line 5, in Box\.check\n(.*\n){2}----> 5 {5}if \(this\.v < 0\) throw/);
    assert.match(text, /Cell In\[\d+\], line 5\n(.*\n){2}----> 5 {3}new Box\(row\.v\)\.check\(\);/);
    assert.match(text, /Cell In\[\d+\], line 4\n(.*\n)*----> 4 rows\.forEach/);
    assert.doesNotMatch(text, /evalmachine|tslab|node:vm|scripts\/kernel/);
  });

  it("map errors after a top-level await, in a cell's own functions", async () => {
    const error = await failure(
      'await new Promise((resolve) => setTimeout(resolve, 1));\nconst parse = (s: string) =>\n  JSON.parse(s);\nparse("{bad");',
    );
    assert.equal(error.ename, "SyntaxError");
    assert.match(
      plain(error.traceback),
      /Cell In\[\d+\], line 3, in parse\n(.*\n)*----> 3 {3}JSON\.parse\(s\);/,
    );
  });

  it("report type errors as TSError, with the line and the span marked", async () => {
    const error = await failure('const fine = 1;\nconst n: number = "not a number";');
    assert.equal(error.ename, "TSError");
    assert.equal(error.evalue, "Type 'string' is not assignable to type 'number'.");
    assert.equal(
      plain(error.traceback),
      "Cell In[" +
        count +
        '], line 2, column 7\n      1 const fine = 1;\n----> 2 const n: number = "not a number";\n' +
        "              ^\nerror TS2322: Type 'string' is not assignable to type 'number'.",
    );
  });

  it("describe thrown values that are not errors", async () => {
    assert.deepEqual(await failure('throw "just a string";'), {
      ename: "Uncaught",
      evalue: "'just a string'",
      traceback: ["\x1b[31mUncaught\x1b[39m 'just a string'"],
    });
  });
});

describe("thrownError", () => {
  const noCells = { get: () => undefined };
  it("shows project files relative to the root, drops node internals and cuts the kernel's frames", () => {
    const error = Object.assign(new RangeError("bad lr"), {
      stack: [
        "RangeError: bad lr",
        `    at checkLr (${ROOT}/lib/optim/sgd.ts:12:9)`,
        "    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)",
        "    at Array.map (<anonymous>)",
        "    at Script.runInThisContext (node:vm:137:12)",
        `    at Object.execute (${ROOT}/node_modules/tslab/dist/executor.js:160:38)`,
      ].join("\n"),
    });
    assert.deepEqual(thrownError(error, noCells, ROOT), {
      ename: "RangeError",
      evalue: "bad lr",
      traceback: [
        "\x1b[31mRangeError\x1b[39m: bad lr",
        "    at checkLr (lib/optim/sgd.ts:12:9)",
        "    at Array.map (<anonymous>)",
      ],
    });
  });
});

describe("isComplete", () => {
  const cases: [string, string][] = [
    ["1 + 1", "complete"],
    ["const y = <number>(2 as unknown);", "complete"],
    ["await Promise.resolve(1)", "complete"],
    ["function f() {", "incomplete"],
    ["const xs = [1,", "incomplete"],
    ["type T = ", "incomplete"],
    ["const s = `a", "incomplete"],
    ["const = 1;", "invalid"],
    ["1 +* 2", "invalid"],
    ['const t = "unterminated', "invalid"],
    ["function f() {\n\n", "invalid"],
  ];
  for (const [code, status] of cases) {
    it(`${JSON.stringify(code)} is ${status}`, () => assert.equal(isComplete(code).status, status));
  }
  it("gives the indent of the next line while incomplete", () => {
    assert.deepEqual(isComplete("function f() {"), { status: "incomplete", indent: "  " });
  });
});

describe("History", () => {
  const history = new History();
  for (const [line, input] of [
    [1, "const a = 1;"],
    [2, "a + 1"],
    [3, "a + 1"],
    [4, "a * 2"],
  ] as const) {
    history.add(line, input);
  }
  history.setOutput(2, "2");
  it("answers tail, with and without outputs", () => {
    assert.deepEqual(history.reply({ hist_access_type: "tail", n: 2 }).history, [
      [1, 3, "a + 1"],
      [1, 4, "a * 2"],
    ]);
    assert.deepEqual(history.reply({ hist_access_type: "tail", n: 3, output: true }).history[0], [
      1,
      2,
      ["a + 1", "2"],
    ]);
  });
  it("answers a range of the current session, stop excluded", () => {
    assert.deepEqual(history.reply({ hist_access_type: "range", session: 0, start: 2, stop: 4 }).history, [
      [1, 2, "a + 1"],
      [1, 3, "a + 1"],
    ]);
    assert.deepEqual(
      history.reply({ hist_access_type: "range", session: -1, start: 1, stop: 9 }).history,
      [],
    );
  });
  it("searches by glob, optionally unique and limited to the last n", () => {
    assert.equal(history.reply({ hist_access_type: "search", pattern: "a ?*" }).history.length, 3);
    assert.deepEqual(history.reply({ hist_access_type: "search", pattern: "a + ?", unique: true }).history, [
      [1, 3, "a + 1"],
    ]);
    assert.deepEqual(history.reply({ hist_access_type: "search", pattern: "*", n: 1 }).history, [
      [1, 4, "a * 2"],
    ]);
  });
});
