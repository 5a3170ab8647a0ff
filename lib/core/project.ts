import * as path from "path";

/** The project root: the folder that holds lib/, whichever folder the kernel or script started in. */
const PROJECT_ROOT = path.resolve(__dirname, "..", "..");

/**
 * Resolves a project-relative path such as `"data/cache"` against the root of the checkout this lib belongs
 * to, so notebooks read `data/` the same way whatever folder the kernel started in.
 *
 * @param parts path segments relative to the project root.
 * @returns an absolute path.
 */
export function projectPath(...parts: string[]): string {
  return path.join(PROJECT_ROOT, ...parts);
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
