import { describe, it } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { cellJson } from "../../lib/tables/cell-json";
import { formatCell, formatNumber } from "../../lib/tables/format";
import { recordsTable, resultsFrame, saveCsv, toCsv } from "../../lib/tables/results";
import { showTable, tableBundle } from "../../lib/tables/show-table";
import { tableHtml, tableMarkdown, tableText } from "../../lib/tables/table-view";

const table = { columns: ["name", "acc"], rows: [["dense", 0.5]] };

describe("CSV formula injection", () => {
  it("prefixes a quote to strings beginning with =, +, -, @, tab or carriage return", () => {
    const cells = ["=1+2", "+SUM(A1)", "-2+3", "@cmd", "\tx", "\r=1", "a=b", "safe", "'quoted", " =x"];
    assert.equal(
      toCsv({ columns: ["c"], rows: cells.map((c) => [c]) }),
      [
        "c",
        "'=1+2",
        "'+SUM(A1)",
        "'-2+3",
        "'@cmd",
        "'\tx",
        `"'\r=1"`,
        "a=b",
        "safe",
        "'quoted",
        '" =x"',
        "",
      ].join("\n"),
    );
  });

  it("quotes and neutralises a formula that also needs quoting", () => {
    assert.equal(toCsv([{ f: '=HYPERLINK("http://x","y")' }]), `f\n"'=HYPERLINK(""http://x"",""y"")"\n`);
  });

  it("leaves numbers as numbers, and neutralises numbers given as strings", () => {
    assert.equal(
      toCsv([{ a: -0.5, b: "-0.5", c: -Infinity, d: -1e-7, e: true }]),
      "a,b,c,d,e\n-0.5,'-0.5,-Infinity,-1e-7,true\n",
    );
  });

  it("neutralises column names", () => {
    assert.equal(toCsv({ columns: ["=cmd", "ok"], rows: [[1, 2]] }), "'=cmd,ok\n1,2\n");
  });
});

describe("objects in cells", () => {
  it("show as JSON in every view and in CSV, never [object Object]", () => {
    const t = {
      columns: ["cfg", "curve"],
      rows: [[{ lr: 0.1, opt: { kind: "sgd" } }, [1, NaN, Infinity]]],
    };
    const views = [tableHtml(t), tableMarkdown(t), tableText(t), toCsv(t)];
    for (const view of views) assert.doesNotMatch(view, /object Object/);
    assert.match(tableText(t), /\{"lr":0\.1,"opt":\{"kind":"sgd"\}\} {2}\[1,NaN,Infinity\]/);
    assert.match(tableHtml(t), /<td align="left">\{&quot;lr&quot;:0\.1,/);
    assert.equal(toCsv(t), 'cfg,curve\n"{""lr"":0.1,""opt"":{""kind"":""sgd""}}","[1,NaN,Infinity]"\n');
  });

  it("shows typed arrays, dates, maps, sets, BigInt, functions and cycles without losing them", () => {
    const cycle: Record<string, unknown> = { a: 1 };
    cycle.self = cycle;
    assert.equal(cellJson(new Float32Array([0.5, -0])), "[0.5,0]");
    assert.equal(cellJson(new Date(0)), '"1970-01-01T00:00:00.000Z"');
    assert.equal(cellJson(new Map([["k", 1]])), '{"k":1}');
    assert.equal(cellJson(new Set([1, 2])), "[1,2]");
    assert.equal(
      cellJson({ n: 12n, f: function f() {}, u: undefined, s: Symbol("s") }),
      '{"n":12n,"f":[function f],"u":undefined,"s":Symbol(s)}',
    );
    assert.equal(cellJson(cycle), '{"a":1,"self":[cycle]}');
    assert.equal(formatCell([1, "a"], "x"), '[1,"a"]');
    assert.equal(formatCell(new Int32Array([3]), "x"), "[3]");
  });
});

describe("maxRows and the other view options", () => {
  for (const maxRows of [0, -1, 1.5, NaN, Infinity]) {
    it(`maxRows ${maxRows} is an error naming maxRows, in every view`, () => {
      for (const [view, name] of [
        [tableHtml, "tableHtml"],
        [tableMarkdown, "tableMarkdown"],
        [tableText, "tableText"],
      ] as const) {
        assert.throws(() => view(table, { maxRows }), {
          message: `${name}: maxRows must be a positive integer (the rows to show); got the number ${maxRows}`,
        });
      }
      assert.throws(() => tableBundle(table, { maxRows }), { message: /^tableBundle: maxRows must be/ });
      assert.throws(() => showTable(table, { maxRows }), { message: /^showTable: maxRows must be/ });
    });
  }

  it("a maxRows of another type, a misspelt option, bad digits and percent are errors naming them", () => {
    const bad = (options: unknown) => () => tableText(table, options as object);
    assert.throws(bad({ maxRows: "5" }), {
      message: 'tableText: maxRows must be a number; got a string ("5")',
    });
    assert.throws(bad({ maxrows: 5 }), {
      message: /^tableText: unknown option "maxrows"; did you mean "maxRows"\?/,
    });
    assert.throws(bad({ digits: 0 }), {
      message: "tableText: digits must be an integer from 1 to 100; got the number 0",
    });
    assert.throws(bad({ digits: 2.5 }), {
      message: /digits must be an integer from 1 to 100; got the number 2\.5$/,
    });
    assert.throws(bad({ percent: "acc" }), {
      message: 'tableText: percent must be an array; got a string ("acc")',
    });
    assert.throws(bad({ percent: [1] }), {
      message: "tableText: percent[0] must be a column name (a string); got the number 1",
    });
    assert.throws(bad(null), { message: "tableText: expected an object of options; got null" });
    assert.equal(tableText(table, { maxRows: 1 }).split("\n").length, 3, "a valid maxRows still works");
  });

  it("formatNumber checks its number and its format", () => {
    assert.throws(() => formatNumber("0.5" as unknown as number), {
      message: 'formatNumber: v must be a number; got a string ("0.5")',
    });
    assert.throws(() => formatNumber(0.5, { digits: 0 }), {
      message: "formatNumber: digits must be an integer from 1 to 100; got the number 0",
    });
    assert.throws(() => formatNumber(0.5, { percent: 1 as unknown as boolean }), {
      message: "formatNumber: percent must be a boolean; got the number 1",
    });
  });
});

describe("rows whose cells do not match the columns", () => {
  it("an extra cell is an error naming the row and the cell, in the views and in CSV", () => {
    const t = {
      columns: ["a", "b"],
      rows: [
        [1, 2],
        [3, 4, { x: 5 }],
      ],
    };
    const message = (where: string) =>
      `${where}: rows[1] has 3 cells but the table has 2 columns (a, b); the extra cell [2] is {"x":5}: ` +
      "add a column for it or remove it";
    assert.throws(() => tableText(t), { message: message("tableText") });
    assert.throws(() => tableHtml(t), { message: message("tableHtml") });
    assert.throws(() => tableMarkdown(t), { message: message("tableMarkdown") });
    assert.throws(() => toCsv(t), { message: message("toCsv") });
    assert.throws(() => showTable(t), { message: message("showTable") });
  });

  it("a missing cell is an error too (null is an empty cell)", () => {
    assert.throws(() => toCsv({ columns: ["a", "b"], rows: [[1]] }), {
      message: "toCsv: rows[0] has 1 cells but the table has 2 columns (a, b); give null for an empty cell",
    });
    assert.equal(toCsv({ columns: ["a", "b"], rows: [[1, null]] }), "a,b\n1,\n");
  });

  it("explicit record columns are a selection, but a column in no record is an error", () => {
    const records = [{ round: 0, testAcc: 0.9, note: "x" }];
    assert.deepEqual(recordsTable(records, ["testAcc"]).rows, [[0.9]]);
    assert.throws(() => recordsTable(records, ["testacc"]), {
      message:
        'recordsTable: column "testacc" is in no record; did you mean "testAcc"? (the keys are round, testAcc, note)',
    });
    assert.throws(() => resultsFrame(records, ["acc"]), {
      message: /^resultsFrame: column "acc" is in no record/,
    });
    assert.deepEqual(recordsTable([], ["a"]), { columns: ["a"], rows: [] }, "no records: any header");
  });

  it("bad sources, records and rows are errors naming them", () => {
    assert.throws(() => toCsv([{ a: 1 }, null] as never), {
      message: "toCsv: records[1] must be an object (one result); got null",
    });
    assert.throws(() => toCsv(42 as never), {
      message: "toCsv: expected table data { columns, rows }, records or a DataFrame; got the number 42",
    });
    assert.throws(() => tableText({ columns: ["a"], rows: [5] } as never), {
      message: "tableText: rows[0] must be an array of cells; got the number 5",
    });
    assert.throws(() => tableText({ columns: [1], rows: [] } as never), {
      message: "tableText: columns[0] must be a string; got the number 1",
    });
  });

  it("saveCsv checks its file and writes nothing for a bad table", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gaugelab-csv-bad-"));
    try {
      assert.throws(() => saveCsv(table, "" as string), {
        message: 'saveCsv: file must be a path (a non-empty string); got a string ("")',
      });
      assert.throws(
        () => saveCsv({ columns: ["a"], rows: [[1, 2]] }, path.join(dir, "x.csv")),
        /^Error: toCsv: rows\[0\]/,
      );
      fs.writeFileSync(path.join(dir, "file"), "");
      assert.throws(() => saveCsv(table, path.join(dir, "file", "x.csv")), {
        message: new RegExp(
          `^saveCsv: cannot write ${path.join(dir, "file", "x.csv")}: .*; check that its folder is writable$`,
        ),
      });
      assert.deepEqual(fs.readdirSync(dir), ["file"]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
