import * as g from "../../../lib";
import type { SweepCase } from "../sweep";

const u = <T>(v: unknown) => v as T;

/** Cases of tables, CSV, figures and the live progress display. */
export function showCases(): SweepCase[] {
  const cases: SweepCase[] = [];
  const add = (fn: string, bad: string, names: string, call: () => unknown) =>
    cases.push({ fn, bad, names, call });
  const table = { columns: ["a", "b"], rows: [[1, 2]] };
  const quiet = (f: () => unknown) => () => {
    const log = console.log;
    console.log = () => undefined;
    try {
      return f();
    } finally {
      console.log = log;
    }
  };
  const show = (source: unknown, o: unknown = {}) => quiet(() => g.showTable(u(source), u(o)));
  for (const [bad, maxRows] of [
    ["0", 0],
    ["-1", -1],
    ["1.5", 1.5],
    ["NaN", NaN],
    ['"5"', "5"],
  ] as const) {
    add("showTable", `options.maxRows = ${bad}`, "maxRows", show(table, { maxRows }));
  }
  add("showTable", "options.digits = NaN", "digits", show(table, { digits: NaN }));
  add("showTable", "options.digits = -1", "digits", show(table, { digits: -1 }));
  add("showTable", 'options.percent = "a"', "percent", show(table, { percent: "a" }));
  add("showTable", "misspelled options.maxrows", "maxrows", show(table, { maxrows: 3 }));
  add("showTable", "source = null", "showTable", show(null));
  add("showTable", "a row with an extra cell", "rows[0]", show({ columns: ["a"], rows: [[1, 2]] }));
  add("showTable", "a row that is not an array", "rows[0]", show({ columns: ["a"], rows: [3] }));
  add("showTable", "columns[0] = 3", "columns[0]", show({ columns: [3], rows: [] }));
  add("toCsv", "source = null", "toCsv", () => g.toCsv(u(null)));
  add("toCsv", "a row with an extra cell", "rows[0]", () => g.toCsv({ columns: ["a"], rows: [[1, 2]] }));
  add("toCsv", 'source = "a,b"', "toCsv", () => g.toCsv(u("a,b")));

  const s = { name: "s", x: [0, 1, 2], ys: [[1, 2, 3]] };
  const lines =
    (series: unknown, o: unknown = {}) =>
    () =>
      g.lineBands(u(series), u(o));
  add("lineBands", "x and y of different lengths", '"s"', lines([{ ...s, ys: [[1, 2]] }]));
  add("lineBands", "ys = []", '"s"', lines([{ ...s, ys: [] }]));
  add(
    "lineBands",
    "seeds of different lengths",
    '"s"',
    lines([
      {
        ...s,
        ys: [
          [1, 2, 3],
          [1, 2],
        ],
      },
    ]),
  );
  add("lineBands", 'options.logX = "yes"', "logX", lines([s], { logX: "yes" }));
  add("lineBands", "misspelled options.logx", "logx", lines([s], { logx: true }));
  add("lineBands", "series = null", "series", lines(null));
  add("lineBands", "series[0] = 3", "series[0]", lines([3]));

  const heat =
    (W: unknown, o: unknown = {}) =>
    () =>
      g.weightHeatmap(u(W), u(o));
  add("weightHeatmap", "W = []", "W", heat([]));
  add("weightHeatmap", "ragged rows", "row 1", heat([[1, 2], [3]]));
  add("weightHeatmap", "W = 3", "W", heat(3));
  add(
    "weightHeatmap",
    "misspelled options.colorbartitle",
    "colorbartitle",
    heat([[1]], { colorbartitle: "w" }),
  );

  const hist =
    (groups: unknown, o: unknown = {}) =>
    () =>
      g.histogram(u(groups), u(o));
  const group = [{ name: "w", values: [1, 2, 3] }];
  for (const [bad, bins] of [
    ["0", 0],
    ["1.5", 1.5],
    ["NaN", NaN],
    ["-3", -3],
  ] as const) {
    add("histogram", `options.bins = ${bad}`, "bins", hist(group, { bins }));
  }
  add("histogram", "options.range = [1, 0]", "range", hist(group, { range: [1, 0] }));
  add("histogram", "options.range = [NaN, 1]", "range", hist(group, { range: [NaN, 1] }));
  add("histogram", 'options.logY = "yes"', "logY", hist(group, { logY: "yes" }));
  add("histogram", "misspelled options.bin", "bin", hist(group, { bin: 10 }));
  add("histogram", "groups = null", "groups", hist(null));
  add("histogram", "values all NaN", '"w"', hist([{ name: "w", values: [NaN, NaN] }]));

  const live = (o: unknown) => () => g.liveProgress(u(o));
  add("liveProgress", "options.minIntervalMs = NaN", "minIntervalMs", live({ minIntervalMs: NaN }));
  add("liveProgress", "options.minIntervalMs = -1", "minIntervalMs", live({ minIntervalMs: -1 }));
  add("liveProgress", "options.historySize = 1", "historySize", live({ historySize: 1 }));
  add("liveProgress", "options.historySize = 2.5", "historySize", live({ historySize: 2.5 }));
  add("liveProgress", "options.now = 3", "now", live({ now: 3 }));
  add("liveProgress", "options.writer = 3", "writer", live({ writer: 3 }));
  add("liveProgress", 'options.tty = "yes"', "tty", live({ tty: "yes" }));
  add("liveProgress", "misspelled options.minInterval", "minInterval", live({ minInterval: 100 }));
  return cases;
}
