import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/** A fresh temporary folder (for cache files), e.g. `/tmp/gaugelab-test-XXXXXX`. */
export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "gaugelab-test-"));
}
