// The entry of every pool worker (a worker thread started by tinypool): registers tsx so that the worker can
// load the TypeScript lib as CommonJS, then hands each task to pool-task.ts's runTask.
import { createRequire } from "node:module";
import { register } from "tsx/cjs/api";

register();
const require = createRequire(import.meta.url);
const { runTask } = require("./pool-task.ts");

export default runTask;
