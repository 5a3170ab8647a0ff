import { Figure, DEFAULT_CONFIG, figureSize, figureTitle, plainFigure } from "./figure";
import { MimeBundle, processSingleton, publishDisplay, kernelWriter } from "../kernel/jupyter-output";
import { BrowserUnavailableError, renderPng } from "./render";

/** The MIME type JupyterLab's plotly extension and VS Code render interactively. */
export const PLOTLY_MIME = "application/vnd.plotly.v1+json";

/**
 * A one-line text summary of a figure, for `text/plain` and consoles.
 *
 * @param fig the figure.
 * @returns e.g. `Figure "Loss" (2 traces: scatter, scatter)`.
 */
export function figureText(fig: Figure): string {
  const title = figureTitle(fig);
  const types = fig.data.map((t) => t.type).join(", ");
  const n = fig.data.length;
  return `Figure${title ? ` "${title}"` : ""} (${n} trace${n === 1 ? "" : "s"}${n ? `: ${types}` : ""})`;
}

/**
 * Builds the display bundle for a figure: the plotly JSON as an object, the PNG fallback when given, and text.
 *
 * @param fig the figure (copied as plain JSON, see {@link plainFigure}; not mutated).
 * @param png rendered PNG bytes, or `undefined` to leave the PNG out.
 * @returns `{data, metadata}` ready for {@link publishDisplay}.
 */
export function figureBundle(fig: Figure, png?: Buffer): { data: MimeBundle; metadata: MimeBundle } {
  const plain = plainFigure(fig);
  const data: Record<string, unknown> = {
    [PLOTLY_MIME]: { data: plain.data, layout: plain.layout, config: plain.config ?? DEFAULT_CONFIG },
  };
  const metadata: Record<string, unknown> = {};
  if (png) {
    data["image/png"] = png.toString("base64");
    metadata["image/png"] = figureSize(fig);
  }
  data["text/plain"] = figureText(fig);
  return { data, metadata };
}

const notices = processSingleton("gaugelab.viz.notices", () => ({ noPng: false }));

function noticeOnce(message: string): void {
  if (notices.noPng) return;
  notices.noPng = true;
  console.log(`gaugelab: ${message}; figures are shown without their PNG fallback (one notice per kernel).`);
}

/** Options for {@link show}. */
export interface ShowOptions {
  /** Include the PNG fallback (default true; needs Chromium). */
  readonly png?: boolean;
}

/**
 * Shows a figure in the notebook as one `display_data` message: plotly JSON (interactive in JupyterLab and
 * VS Code), a PNG (for Notebook 6, nbviewer, GitHub) and text. Without a browser the PNG is skipped with one
 * notice per kernel. Outside a kernel it prints the text summary. Await it so the output lands in its cell.
 *
 * @param fig the figure.
 * @param options PNG on/off.
 * @returns when the message is sent.
 */
export async function show(fig: Figure, options: ShowOptions = {}): Promise<void> {
  const writer = kernelWriter(); // bound to the executing cell, captured before any await
  if (!writer) {
    console.log(figureText(fig));
    return;
  }
  let png: Buffer | undefined;
  if (options.png !== false) {
    try {
      png = await renderPng(fig);
    } catch (error) {
      const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
      if (error instanceof BrowserUnavailableError) noticeOnce(reason);
      else console.log(`gaugelab: could not render this figure's PNG (${reason}); showing it without one.`);
    }
  }
  const { data, metadata } = figureBundle(fig, png);
  publishDisplay(data, { metadata, writer });
}
