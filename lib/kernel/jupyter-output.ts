/**
 * The one place that touches tslab internals: publishing a Jupyter `display_data` / `update_display_data`
 * message with several MIME types at once. tslab's public `display` sends one MIME type per message, so
 * this goes through `tslab/dist/jupyter`'s `lastWriteDisplayData`, which tslab points at the executing
 * cell's iopub writer.
 */

/** A MIME bundle: MIME type → payload (strings, base64 for images, or JSON objects). */
export type MimeBundle = Readonly<Record<string, unknown>>;

/** The content of a `display_data` message. */
export interface DisplayContent {
  /** The payload, one entry per MIME type. */
  readonly data: MimeBundle;
  /** Per-MIME metadata, e.g. an image's width. */
  readonly metadata: Readonly<Record<string, unknown>>;
  /** Not saved in the notebook: the display id that later updates replace. */
  readonly transient: { readonly display_id?: string };
}

/** tslab's writer: sends `display_data`, or `update_display_data` when `update` is true. */
export type DisplayWriter = (content: DisplayContent, update: boolean) => void;

interface TslabJupyter {
  lastWriteDisplayData: DisplayWriter | null;
}

/**
 * Finds tslab's current display writer without loading tslab: only a running kernel has loaded it.
 *
 * @returns the writer bound to the executing cell, or `undefined` outside a tslab kernel.
 */
export function kernelWriter(): DisplayWriter | undefined {
  let file: string;
  try {
    file = require.resolve("tslab/dist/jupyter");
  } catch {
    return undefined;
  }
  const mod = require.cache[file]?.exports as TslabJupyter | undefined;
  const writer = mod?.lastWriteDisplayData;
  return typeof writer === "function" ? writer : undefined;
}

/**
 * Is this code running inside a tslab kernel that has started executing cells?
 *
 * @returns true when {@link publishDisplay} would reach a notebook.
 */
export function inKernel(): boolean {
  return kernelWriter() !== undefined;
}

/** Options for {@link publishDisplay}. */
export interface PublishOptions {
  /** Per-MIME metadata, e.g. `{"image/png": {width: 720}}`. */
  readonly metadata?: Readonly<Record<string, unknown>>;
  /** Display id, so later calls with `update: true` replace this output in place. */
  readonly displayId?: string;
  /** Send `update_display_data` for `displayId` instead of a new `display_data`. */
  readonly update?: boolean;
  /** Writer to use (default: the kernel's, looked up now). */
  readonly writer?: DisplayWriter;
}

/**
 * Publishes one display message holding every MIME type in `data`.
 *
 * @param data the MIME bundle; image payloads must already be base64 strings.
 * @param options metadata, display id, update flag.
 * @returns true if sent, false outside a kernel (nothing is sent; the caller prints a fallback).
 */
export function publishDisplay(data: MimeBundle, options: PublishOptions = {}): boolean {
  const writer = options.writer ?? kernelWriter();
  if (!writer) return false;
  const transient = options.displayId ? { display_id: options.displayId } : {};
  writer({ data, metadata: options.metadata ?? {}, transient }, options.update === true);
  return true;
}

/**
 * Keeps one value per kernel process, shared by every copy of a module (tslab may load a lib file twice:
 * once compiled for a cell, once through Node), keyed by a global symbol.
 *
 * @param key a unique name, e.g. `"gaugelab.viz.render"`.
 * @param init makes the value the first time.
 * @returns the shared value.
 */
export function processSingleton<T>(key: string, init: () => T): T {
  const store = globalThis as unknown as Record<symbol, T | undefined>;
  const sym = Symbol.for(key);
  return (store[sym] ??= init());
}
