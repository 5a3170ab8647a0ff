import type { SpiralConvexResult } from "../analytic-experiments/spiral";
import { netPredict, type TwoLayerNet } from "../analytic-experiments/nets";
import { type Figure, type Trace, baseLayout, makeFigure } from "./figure";

/** One panel of {@link spiralFigure}: a titled net, optionally with its neurons drawn as lines. */
export interface SpiralPanel {
  readonly title: string;
  readonly net: TwoLayerNet;
  /** Draw each neuron's line {x : uᵀx + b = 0} (at most 60, the largest |α|·‖u‖ first). */
  readonly lines?: boolean;
  /** Pairs of data indices to mark as the points each line passes through ([2 · numNeurons]). */
  readonly through?: readonly number[];
}

const R = 1.3;

function neuronLine(net: TwoLayerNet, j: number): { x: number[]; y: number[] } {
  const [a, c, b] = [net.u[2 * j], net.u[2 * j + 1], net.b[j]];
  if (Math.abs(c) > Math.abs(a)) return { x: [-R, R], y: [(-b + a * R) / c, (-b - a * R) / c] };
  return { x: [(-b + c * R) / a, (-b - c * R) / a], y: [-R, R] };
}

/**
 * Decision regions sign(f(x)) of several nets on the spiral, side by side, with the data and (optionally) each
 * net's neurons as lines; the points a closed-form neuron passes through are ringed.
 */
export function spiralFigure(spiral: SpiralConvexResult, panels: readonly SpiralPanel[]): Figure {
  const { X, y } = spiral;
  const steps = 70;
  const axis = Array.from({ length: steps }, (_, i) => -R + (2 * R * i) / (steps - 1));
  const grid = axis.flatMap((gy) => axis.flatMap((gx) => [gx, gy]));
  const data: Trace[] = [];
  const layout: Record<string, unknown> = {};
  const width = 1 / panels.length;
  panels.forEach((panel, k) => {
    const suffix = k === 0 ? "" : String(k + 1);
    const xa = `x${suffix}`;
    const ya = `y${suffix}`;
    const f = netPredict(panel.net, grid);
    const z = axis.map((_, r) => axis.map((__, c) => Math.sign(f[r * steps + c])));
    data.push({
      type: "heatmap",
      x: axis,
      y: axis,
      z,
      xaxis: xa,
      yaxis: ya,
      showscale: k === 0,
      colorbar: { title: { text: "sign f(x)" }, tickvals: [-1, 1], ticktext: ["−1", "+1"], thickness: 12 },
      colorscale: [
        [0, "#f4c7c3"],
        [1, "#c6dbef"],
      ],
      zmin: -1,
      zmax: 1,
    });
    if (panel.lines) {
      const size = (j: number) =>
        Math.abs(panel.net.alpha[j]) * Math.hypot(panel.net.u[2 * j], panel.net.u[2 * j + 1]);
      const order = Array.from(panel.net.alpha, (_, j) => j)
        .sort((a, b) => size(b) - size(a))
        .slice(0, 60);
      for (const j of order) {
        data.push({
          type: "scatter",
          mode: "lines",
          ...neuronLine(panel.net, j),
          xaxis: xa,
          yaxis: ya,
          showlegend: false,
          line: { color: "rgba(0,0,0,0.35)", width: 1 },
        });
      }
    }
    for (const label of [-1, 1]) {
      const idx = y.map((v, i) => (v === label ? i : -1)).filter((i) => i >= 0);
      data.push({
        type: "scatter",
        mode: "markers",
        x: idx.map((i) => X[2 * i]),
        y: idx.map((i) => X[2 * i + 1]),
        xaxis: xa,
        yaxis: ya,
        showlegend: false,
        marker: { color: label < 0 ? "#c0392b" : "#2c7fb8", size: 6, line: { color: "white", width: 1 } },
      });
    }
    if (panel.through) {
      const pts = [...new Set(panel.through)];
      data.push({
        type: "scatter",
        mode: "markers",
        x: pts.map((i) => X[2 * i]),
        y: pts.map((i) => X[2 * i + 1]),
        xaxis: xa,
        yaxis: ya,
        showlegend: false,
        marker: { size: 12, color: "rgba(0,0,0,0)", line: { color: "black", width: 1.5 } },
      });
    }
    const domain = [k * width + 0.02, (k + 1) * width - 0.02];
    layout[`xaxis${suffix}`] = { domain, range: [-R, R], showgrid: false, zeroline: false, anchor: ya };
    layout[`yaxis${suffix}`] = {
      range: [-R, R],
      showgrid: false,
      zeroline: false,
      anchor: xa,
      scaleanchor: xa,
    };
  });
  const annotations = panels.map((p, k) => ({
    text: p.title,
    xref: "paper",
    yref: "paper",
    x: (k + 0.5) * width,
    y: 1.02,
    showarrow: false,
    xanchor: "center",
    yanchor: "bottom",
  }));
  return makeFigure(
    data,
    baseLayout(
      {},
      {
        ...layout,
        width: 330 * panels.length,
        height: 380,
        annotations,
        margin: { l: 30, r: 10, t: 40, b: 30 },
      },
    ),
  );
}
