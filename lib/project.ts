import * as fs from "fs";
import * as path from "path";

/** Finds the project root: the nearest folder above `start` whose package.json is named "gaugelab". */
function findProjectRoot(start: string): string | undefined {
  for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, "package.json");
    if (fs.existsSync(manifest)) {
      const { name } = JSON.parse(fs.readFileSync(manifest, "utf8")) as { name?: string };
      if (name === "gaugelab") return dir;
    }
    if (path.dirname(dir) === dir) return undefined;
  }
}

/**
 * Resolves a project-relative path such as `"data/cache"` against the project root, so notebooks read `data/`
 * the same way whatever folder the kernel started in.
 *
 * @param parts path segments relative to the project root.
 * @returns an absolute path.
 * @throws when neither the working directory nor this file lies inside the gaugelab project.
 */
export function projectPath(...parts: string[]): string {
  const root = findProjectRoot(process.cwd()) ?? findProjectRoot(__dirname);
  if (!root) {
    throw new Error(
      "gaugelab: cannot find the project root (a package.json named gaugelab) above " +
        `${process.cwd()}. Start Jupyter with \`npm start\` from the gaugelab folder and pick the ` +
        '"gaugelab (TypeScript)" kernel.',
    );
  }
  return path.join(root, ...parts);
}

/**
 * Is quick mode on? `GAUGELAB_QUICK=1` shrinks every experiment so all notebooks run in minutes (CI and tests).
 *
 * @param env the environment to read (defaults to `process.env`).
 */
export function isQuick(env: NodeJS.ProcessEnv = process.env): boolean {
  const v = env.GAUGELAB_QUICK?.trim().toLowerCase();
  return v !== undefined && v !== "" && v !== "0" && v !== "false";
}

/** Quick mode as read when the lib loaded; see {@link isQuick}. */
export const QUICK: boolean = isQuick();
