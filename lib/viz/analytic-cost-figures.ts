import type { PatternRow } from "../analytic-experiments/memory-wall";
import type { SamplingRow } from "../analytic-experiments/sampling-tradeoff";
import type { TeacherStudentResult } from "../analytic-experiments/teacher-student";
import { type Figure, type Trace, baseLayout, makeFigure } from "./figure";
import { lineBands } from "./lines";
import { seriesColor } from "./palette";

/** Objective against work (multiply-adds): the convex ReLU rounds, gated ReLU's end point, Adam's seeds. */
export function workFigure(result: TeacherStudentResult): Figure {
  const adam = lineBands(
    [
      {
        name: "Adam",
        x: result.adam[0].multiplyAdds,
        ys: result.adam.map((a) => a.objective),
      },
    ],
    {},
  );
  const data: Trace[] = [
    ...adam.data,
    {
      type: "scatter",
      mode: "lines+markers",
      x: result.convex.multiplyAdds,
      y: result.convex.objective,
      name: `convex ReLU (${result.convex.numPatterns} sampled patterns)`,
      line: { color: "black" },
    },
    {
      type: "scatter",
      mode: "lines",
      x: result.convex.multiplyAdds,
      y: result.convex.lowerBound,
      name: "its bound (over those patterns only)",
      line: { color: "black", dash: "dot" },
    },
    {
      type: "scatter",
      mode: "markers",
      x: [result.gated.multiplyAdds],
      y: [result.gated.objective],
      name: "gated ReLU (a relaxation: another model)",
      marker: { symbol: "diamond", size: 10, color: seriesColor(3) },
    },
  ];
  return makeFigure(
    data,
    baseLayout(
      {
        title: "Teacher–student: objective against work",
        xTitle: "multiply-adds",
        yTitle: "weight-decayed objective",
      },
      {
        xaxis: { type: "log", title: { text: "multiply-adds" } },
        yaxis: { type: "log", title: { text: "weight-decayed objective" } },
      },
    ),
  );
}

/**
 * The memory wall: patterns (exact for d = 1, 2; sampled, a lower estimate, above) and the bound, and the
 * exact program's bytes against n with this machine's memory.
 */
export function memoryWallFigure(rows: readonly PatternRow[], machineBytes: number): Figure {
  const data: Trace[] = [];
  [1, 2].forEach((d, i) => {
    const r = rows.filter((row) => row.exact && row.d === d);
    const color = seriesColor(i);
    data.push({
      type: "scatter",
      mode: "markers",
      x: r.map((q) => q.n),
      y: r.map((q) => q.count),
      name: `d = ${d}: patterns (enumerated)`,
      marker: { color, size: 9 },
    });
    data.push({
      type: "scatter",
      mode: "lines",
      x: r.map((q) => q.n),
      y: r.map((q) => q.bound),
      name: `d = ${d}: bound 2r(e(n−1)/r)^r`,
      line: { color, dash: "dot" },
    });
    data.push({
      type: "scatter",
      mode: "lines",
      x: r.map((q) => q.n),
      y: r.map((q) => q.bytes),
      name: `d = ${d}: program bytes`,
      line: { color, dash: "dash" },
      yaxis: "y2",
    });
  });
  const layout = baseLayout(
    { title: "Patterns and the exact program's memory", xTitle: "n" },
    {
      xaxis: { type: "log", title: { text: "n (points)" } },
      yaxis: { type: "log", title: { text: "activation patterns" } },
      yaxis2: {
        type: "log",
        overlaying: "y",
        side: "right",
        title: { text: "bytes (dashed; red: this machine)" },
        tickformat: ".1s",
        range: [Math.log10(Math.min(...rows.map((r) => r.bytes))) - 0.3, Math.log10(machineBytes) + 0.3],
      },
      shapes: [
        {
          type: "line",
          xref: "paper",
          x0: 0,
          x1: 1,
          yref: "y2",
          y0: machineBytes,
          y1: machineBytes,
          line: { color: "red" },
        },
      ],
      legend: { x: 0.01, y: 0.99 },
      margin: { l: 60, r: 60, t: 50, b: 50 },
    },
  );
  return makeFigure(data, layout);
}

/** What sampling gives up: the net's objective against sampled gates, with the exact optimum as a line. */
export function samplingFigure(rows: readonly SamplingRow[]): Figure {
  const exact = rows.find((r) => r.gates === 0);
  const sampled = rows.filter((r) => r.gates > 0);
  const data: Trace[] = [
    {
      type: "scatter",
      mode: "lines+markers",
      x: sampled.map((r) => r.gates),
      y: sampled.map((r) => r.networkObjective),
      name: "sampled patterns",
      text: sampled.map((r) => `${r.numPatterns} patterns`),
    },
  ];
  const layout = baseLayout(
    {
      title: "What sampling patterns gives up",
      xTitle: "gates sampled",
      yTitle: "objective of the recovered net",
    },
    {
      xaxis: { type: "log", title: { text: "gates sampled" } },
      shapes: exact
        ? [
            {
              type: "line",
              xref: "paper",
              x0: 0,
              x1: 1,
              y0: exact.networkObjective,
              y1: exact.networkObjective,
              line: { dash: "dash", color: "black" },
            },
          ]
        : [],
      annotations: exact
        ? [
            {
              xref: "paper",
              x: 1,
              y: exact.networkObjective,
              text: `every pattern (${exact.numPatterns})`,
              showarrow: false,
              yanchor: "bottom",
              xanchor: "right",
            },
          ]
        : [],
    },
  );
  return makeFigure(data, layout);
}
