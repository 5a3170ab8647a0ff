/**
 * Preload for `node -r`: makes `@tensorflow/tfjs-node` and `@tensorflow/tfjs-backend-wasm` fail to load, as
 * if they were not installed, so a test can watch backend selection fall back to cpu.
 */
const Module = require("module");

const HIDDEN = ["@tensorflow/tfjs-node", "@tensorflow/tfjs-backend-wasm"];
const load = Module._load;

Module._load = function loadUnlessHidden(request, ...rest) {
  if (HIDDEN.some((name) => request === name || request.startsWith(`${name}/`))) {
    const error = new Error(
      `Cannot find module '${request}' (hidden by test/helpers/hide-fast-backends.cjs)`,
    );
    error.code = "MODULE_NOT_FOUND";
    throw error;
  }
  return load.call(this, request, ...rest);
};
