import * as fs from "fs";
import * as path from "path";
import type { Browser, Page } from "playwright-core";
import { Figure, figureSize, plainFigure } from "./figure";
import { inKernel, processSingleton } from "../kernel/jupyter-output";

/** Chromium flags: headless, no sandbox/GPU, and nothing that talks to the network on its own. */
export const CHROMIUM_ARGS: readonly string[] = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];

/** Outside a kernel the browser closes after this long without renders, so scripts can exit. */
export const IDLE_CLOSE_MS = 2000;

/**
 * Where Chromium is: `$GAUGELAB_CHROMIUM`, else Debian's `/usr/bin/chromium`.
 *
 * @param env the environment to read.
 * @returns an absolute executable path (not checked).
 */
export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.GAUGELAB_CHROMIUM?.trim() || "/usr/bin/chromium";
}

/** Thrown when headless Chromium is missing or will not start; later renders fail fast with the same error. */
export class BrowserUnavailableError extends Error {
  /** @param message what is wrong and how to fix it. */
  constructor(message: string) {
    super(message);
    this.name = "BrowserUnavailableError";
  }
}

interface RenderState {
  page?: Promise<Page>;
  browser?: Browser;
  idle?: NodeJS.Timeout;
  unavailable?: BrowserUnavailableError;
}

const state = processSingleton<RenderState>("gaugelab.viz.render", () => ({}));

async function launch(): Promise<Page> {
  const executablePath = chromiumPath();
  if (!fs.existsSync(executablePath)) {
    throw new BrowserUnavailableError(
      `no Chromium at ${executablePath}; install Debian's chromium or set GAUGELAB_CHROMIUM`,
    );
  }
  const { chromium } = require("playwright-core") as typeof import("playwright-core");
  // Playwright gives the browser a new empty profile dir and kills the browser when this process exits.
  const browser = await chromium
    .launch({
      executablePath,
      headless: true,
      args: [...CHROMIUM_ARGS],
      handleSIGINT: false, // a kernel interrupt must not kill the renderer
      timeout: 60_000,
    })
    .catch((error: unknown) => {
      const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
      throw new BrowserUnavailableError(`Chromium at ${executablePath} did not start (${reason})`);
    });
  state.browser = browser;
  browser.on("disconnected", () => {
    if (state.browser === browser) {
      state.browser = undefined;
      state.page = undefined;
    }
  });
  const page = await browser.newPage();
  await page.route("**/*", (route) => route.abort()); // nothing from the network, ever
  await page.addScriptTag({ path: require.resolve("plotly.js-dist-min") });
  return page;
}

function getPage(): Promise<Page> {
  if (state.idle) clearTimeout(state.idle);
  if (state.unavailable) return Promise.reject(state.unavailable);
  state.page ??= launch().catch((error: unknown) => {
    state.page = undefined;
    if (error instanceof BrowserUnavailableError) state.unavailable = error;
    throw error;
  });
  return state.page;
}

function scheduleIdleClose(): void {
  if (inKernel()) return; // the kernel keeps it for the session; Playwright kills it at exit
  if (state.idle) clearTimeout(state.idle);
  state.idle = setTimeout(() => void closeRenderer(), IDLE_CLOSE_MS);
  state.idle.unref();
}

/** Options for rendering a figure to an image. */
export interface RenderOptions {
  /** Width in CSS pixels (default: the layout's, else 720). */
  readonly width?: number;
  /** Height in CSS pixels (default: the layout's, else 440). */
  readonly height?: number;
  /** Device pixel ratio for PNG (default 1). */
  readonly scale?: number;
}

type PlotlyGlobal = {
  Plotly: { toImage(fig: unknown, opts: unknown): Promise<string> };
};

async function toDataUrl(fig: Figure, format: "png" | "svg", options: RenderOptions): Promise<string> {
  const size = figureSize(fig);
  const plain = plainFigure(fig);
  const opts = {
    format,
    width: options.width ?? size.width,
    height: options.height ?? size.height,
    scale: options.scale ?? 1,
  };
  const page = await getPage();
  try {
    const draw = ([f, o]: readonly [Figure, typeof opts]) =>
      (globalThis as unknown as PlotlyGlobal).Plotly.toImage(f, o);
    return await page.evaluate(draw, [plain, opts] as const);
  } finally {
    scheduleIdleClose();
  }
}

/**
 * Renders a figure to PNG in headless Chromium (started on first use, then reused).
 *
 * @param fig the figure.
 * @param options size and scale.
 * @returns the PNG bytes.
 * @throws when Chromium is missing or the figure is invalid.
 */
export async function renderPng(fig: Figure, options: RenderOptions = {}): Promise<Buffer> {
  const url = await toDataUrl(fig, "png", options);
  return Buffer.from(url.slice(url.indexOf(",") + 1), "base64");
}

/**
 * The little of the page's DOM that {@link renderHtmlPng} uses, typed here because notebook cells compile the
 * lib without the DOM library.
 */
type PageDom = {
  document: {
    createElement(tag: string): { id: string; style: { cssText: string }; innerHTML: string };
    body: { appendChild(node: unknown): void };
    getElementById(id: string): { remove(): void } | null;
  };
};

let snapshotCount = 0;

/**
 * Draws an HTML fragment in headless Chromium (the same page as the figures) and returns a PNG of it, cropped
 * to the fragment. Used to freeze a finished live display into an image that reads the same in every viewer.
 *
 * @param html a trusted HTML fragment (the lib's own views; it is not sanitised).
 * @returns the PNG bytes.
 * @throws {@link BrowserUnavailableError} when Chromium is missing or will not start.
 */
export async function renderHtmlPng(html: string): Promise<Buffer> {
  const page = await getPage();
  const id = `gaugelab-snapshot-${++snapshotCount}`;
  try {
    await page.evaluate(
      ([elementId, fragment]) => {
        const { document } = globalThis as unknown as PageDom;
        const holder = document.createElement("div");
        holder.id = elementId;
        holder.style.cssText = "display:inline-block;padding:4px 6px;background:#fff";
        holder.innerHTML = fragment;
        document.body.appendChild(holder);
      },
      [id, html] as const,
    );
    return await page.locator(`#${id}`).screenshot();
  } finally {
    await page
      .evaluate(
        (elementId) => (globalThis as unknown as PageDom).document.getElementById(elementId)?.remove(),
        id,
      )
      .catch(() => undefined); // the browser has gone; the error that matters is the one above
    scheduleIdleClose();
  }
}

/**
 * Renders a figure to SVG text in headless Chromium.
 *
 * @param fig the figure.
 * @param options size.
 * @returns the SVG document.
 * @throws when Chromium is missing or the figure is invalid.
 */
export async function renderSvg(fig: Figure, options: RenderOptions = {}): Promise<string> {
  const url = await toDataUrl(fig, "svg", options);
  return decodeURIComponent(url.slice(url.indexOf(",") + 1));
}

/**
 * Saves a figure as `.png` (scale 2 by default, for papers) or `.svg`, chosen by the extension; the write is
 * atomic (temporary file, then rename) and creates missing folders.
 *
 * @param fig the figure.
 * @param file target path ending in `.png` or `.svg`.
 * @param options size and scale.
 * @returns the absolute path written.
 * @throws when the extension is neither, or rendering fails.
 */
export async function saveFigure(fig: Figure, file: string, options: RenderOptions = {}): Promise<string> {
  const ext = path.extname(file).toLowerCase();
  let bytes: Buffer | string;
  if (ext === ".png") bytes = await renderPng(fig, { scale: 2, ...options });
  else if (ext === ".svg") bytes = await renderSvg(fig, options);
  else throw new Error(`saveFigure: "${file}" must end in .png or .svg`);
  const target = path.resolve(file);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const tmp = `${target}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, bytes);
  fs.renameSync(tmp, target);
  return target;
}

/**
 * Closes the headless browser if it is running; the next render starts a new one (and retries a browser
 * that failed to start).
 *
 * @returns when the browser has exited.
 */
export async function closeRenderer(): Promise<void> {
  if (state.idle) clearTimeout(state.idle);
  state.unavailable = undefined;
  const pending = state.page;
  if (pending && !state.browser) await pending.catch(() => undefined); // still launching
  const browser = state.browser;
  state.browser = undefined;
  state.page = undefined;
  if (browser) await browser.close();
}
