/**
 * gaugelab: the shared lib the notebooks import in one line, `import * as g from "./lib"`.
 * An explicit barrel: every name says which file it comes from.
 */
export * as tf from "@tensorflow/tfjs";
export { BACKENDS, BACKEND_ENV_VAR, ensureBackend, forcedBackend, selectBackend } from "./backend";
export type { BackendName } from "./backend";
export { QUICK, isQuick, projectPath } from "./project";

import { announceBackendOnce } from "./kernel-banner";
announceBackendOnce();
