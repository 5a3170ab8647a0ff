/**
 * The committed notebooks are what readers see: each must be small, free of inline plotly.js, executed top to
 * bottom in full mode (as `npm run notebooks` does), and free of errors. Reads notebooks/*.ipynb only; runs
 * nothing. The size and plotly checks mirror check_committable in scripts/run-notebooks.py.
 */
import { describe, it } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { unreadable } from "./helpers/figure-rules";
import { ROOT } from "./helpers/kernel";

const NOTEBOOKS = path.join(ROOT, "notebooks");
const MAX_NOTEBOOK_BYTES = 3 * 1024 * 1024;
const INLINE_PLOTLY_MARKERS = ["plotly.js v", "Plotly="];
// The setup cells print "quick mode: false" (00, 01) or "quick mode false" (02).
const quickMode = (value: "true" | "false") => new RegExp(`quick[ _-]?mode\\W{0,3}${value}\\b`, "i");

interface Output {
  output_type: string;
  name?: string;
  text?: string | string[];
  data?: Record<string, unknown>;
  ename?: string;
  evalue?: string;
}
interface Cell {
  cell_type: string;
  source: string | string[];
  execution_count?: number | null;
  outputs?: Output[];
}

const join = (v: unknown) => (Array.isArray(v) ? v.join("") : String(v ?? ""));

/** All the text an output carries: stream text, every text-like MIME value, an error's name and value. */
function outputText(out: Output): string {
  const data = Object.entries(out.data ?? {}).filter(([mime]) => mime.startsWith("text/"));
  return [join(out.text), ...data.map(([, v]) => join(v)), join(out.ename), join(out.evalue)]
    .filter((t) => t !== "")
    .join("\n");
}

type Json = Record<string, unknown>;

const files = fs
  .readdirSync(NOTEBOOKS)
  .filter((f) => f.endsWith(".ipynb"))
  .sort();

describe("committed notebooks", () => {
  it("are there", () => assert.ok(files.length >= 3, `only ${files.join(", ")}`));

  for (const file of files) {
    describe(file, () => {
      const text = fs.readFileSync(path.join(NOTEBOOKS, file), "utf8");
      const cells = (JSON.parse(text) as { cells: Cell[] }).cells;
      // nbclient skips empty code cells, so they keep no execution_count.
      const code = cells
        .map((cell, index) => ({ cell, index }))
        .filter(({ cell }) => cell.cell_type === "code" && join(cell.source).trim() !== "");

      it("is under 3 MB", () => {
        const size = Buffer.byteLength(text);
        assert.ok(size <= MAX_NOTEBOOK_BYTES, `${(size / 1e6).toFixed(1)} MB`);
      });

      it("holds no inline plotly.js", () => {
        assert.deepEqual(
          INLINE_PLOTLY_MARKERS.filter((m) => text.includes(m)),
          [],
        );
      });

      it("ran every code cell, top to bottom", () => {
        const unexecuted = code.filter(({ cell }) => typeof cell.execution_count !== "number");
        assert.deepEqual(
          unexecuted.map(({ index }) => index),
          [],
          "cells without an execution_count",
        );
        const counts = code.map(({ cell }) => cell.execution_count as number);
        for (let i = 1; i < counts.length; i++) {
          assert.ok(
            counts[i] > counts[i - 1],
            `cell ${code[i].index} has execution_count ${counts[i]} after ${counts[i - 1]}`,
          );
        }
      });

      it("holds outputs from full mode", () => {
        const texts = code.flatMap(({ cell, index }) =>
          (cell.outputs ?? []).map((out) => ({ index, text: outputText(out) })),
        );
        const quick = texts.filter((t) => quickMode("true").test(t.text));
        assert.deepEqual(
          quick.map((t) => t.index),
          [],
          "cells printing quick mode true",
        );
        assert.ok(
          texts.some((t) => quickMode("false").test(t.text)),
          'no output says "quick mode: false"',
        );
      });

      it("has figures a reader can read: round log ticks, a titled colour bar for every heatmap", () => {
        const problems = code.flatMap(({ cell, index }) =>
          (cell.outputs ?? []).flatMap((out) => {
            const fig = out.data?.["application/vnd.plotly.v1+json"] as
              { data?: Json[]; layout?: Json } | undefined;
            return fig ? unreadable(fig).map((p) => `cell ${index}: ${p}`) : [];
          }),
        );
        assert.deepEqual(problems, []);
      });

      it("holds no error output", () => {
        // tslab reports a failed cell on stderr, never as an `error` output; check both.
        const errors = code.flatMap(({ cell, index }) =>
          (cell.outputs ?? [])
            .filter(
              (out) => out.output_type === "error" || (out.output_type === "stream" && out.name === "stderr"),
            )
            .map((out) => `cell ${index}: ${out.output_type} ${outputText(out).slice(0, 300)}`),
        );
        assert.deepEqual(errors, []);
      });
    });
  }
});
