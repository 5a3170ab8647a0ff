/** tslab's own TypeScript (5.0.4), which compiles the cells; the project's TypeScript is a different copy. */
const path = require("path");

const tslabDir = path.dirname(require.resolve("tslab/package.json"));

module.exports = require(require.resolve("@tslab/typescript-for-tslab", { paths: [tslabDir] }));
