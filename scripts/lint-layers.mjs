// The floors of lib/ and the eslint rule that keeps imports flowing downward (see README, "Layout").
import * as path from "node:path";

/**
 * Each folder of lib/ and the folders it may import. Read top to bottom, these are the floors: core (rng,
 * backend, params, architecture, layer kinds) and kernel (the Jupyter output runtime) at the bottom, then data,
 * training and optimizers, then the methods (pruning, gauge, convex solvers, spline bases, weight measures, width
 * reduction), then the experiments, then figures and tables, and the barrel `lib/index.ts` on top, which may import everything.
 */
export const LAYERS = {
  core: [],
  kernel: [],
  data: ["core"],
  optim: ["core"],
  train: ["core", "kernel", "data", "optim"],
  prune: ["core", "train"],
  gauge: ["core", "train"],
  solvers: ["core", "train"],
  splines: ["core", "data", "train", "gauge"],
  "weight-measures": ["core", "train", "gauge"],
  reduce: ["core", "train", "gauge"],
  experiment: ["core", "data", "train", "optim"],
  lottery: ["core", "data", "train", "optim", "prune", "gauge", "experiment"],
  "gauge-experiments": ["core", "data", "train", "optim", "prune", "gauge", "experiment"],
  "spline-experiments": ["core", "data", "train", "optim", "gauge", "solvers", "splines", "experiment"],
  "analytic-experiments": ["core", "data", "train", "optim", "gauge", "solvers", "experiment"],
  "optimizer-experiments": ["core", "data", "train", "optim", "gauge", "weight-measures", "experiment"],
  "ticket-lottery": ["core", "data", "train", "optim", "prune", "gauge", "reduce", "experiment", "lottery"],
  viz: [
    "core",
    "kernel",
    "train",
    "experiment",
    "lottery",
    "gauge-experiments",
    "spline-experiments",
    "analytic-experiments",
    "optimizer-experiments",
    "ticket-lottery",
    "weight-measures",
  ],
  tables: ["core", "kernel", "viz", "lottery", "spline-experiments"],
};

/** Throws unless `layers` is a DAG over known folders (so no import cycle between folders can pass the rule). */
export function assertAcyclic(layers) {
  const state = {};
  const visit = (folder, trail) => {
    if (!(folder in layers))
      throw new Error(`lint-layers: ${trail.at(-1)} names an unknown folder ${folder}`);
    if (state[folder] === "done") return;
    if (state[folder] === "open")
      throw new Error(`lint-layers: the layers form a cycle: ${[...trail, folder].join(" -> ")}`);
    state[folder] = "open";
    for (const dep of layers[folder]) visit(dep, [...trail, folder]);
    state[folder] = "done";
  };
  for (const folder of Object.keys(layers)) visit(folder, []);
}
assertAcyclic(LAYERS);

/** The lib/ folder a file lives in (`"index"` for a file directly in lib/), or null outside lib/. */
function folderOf(file, libDir) {
  const rel = path.relative(libDir, file);
  if (rel.startsWith("..") || path.isAbsolute(rel)) return null;
  const parts = rel.split(path.sep);
  return parts.length === 1 ? "index" : parts[0];
}

const rule = {
  meta: {
    type: "problem",
    docs: { description: "lib/ folders import only the folders below them (scripts/lint-layers.mjs)" },
    schema: [],
  },
  create(context) {
    const file = context.filename;
    const libDir = path.join(context.cwd, "lib");
    const from = folderOf(file, libDir);
    if (from === null) return {};
    const check = (node, source) => {
      if (typeof source !== "string" || !source.startsWith(".")) return;
      const to = folderOf(path.resolve(path.dirname(file), source), libDir);
      if (to === null || to === from || from === "index") return;
      if (from in LAYERS && LAYERS[from].includes(to)) return;
      const allowed =
        from in LAYERS ? LAYERS[from].join(", ") || "nothing outside itself" : "nothing (unknown folder)";
      context.report({
        node,
        message:
          `lib/${from} may not import lib/${to}: imports go down the floors, and lib/${from} may import ` +
          `${allowed}. Move the code to the lower floor, or add the edge to LAYERS in scripts/lint-layers.mjs ` +
          "if it keeps the graph acyclic.",
      });
    };
    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => node.source.type === "Literal" && check(node, node.source.value),
      CallExpression: (node) => {
        if (
          node.callee.type === "Identifier" &&
          node.callee.name === "require" &&
          node.arguments[0]?.type === "Literal"
        ) {
          check(node, node.arguments[0].value);
        }
      },
    };
  },
};

/** The eslint plugin: `gaugelab/layers`. */
export const layersPlugin = { rules: { layers: rule } };
