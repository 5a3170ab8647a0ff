import type { DisplayContent, DisplayWriter } from "../../lib/kernel/jupyter-output";

/** One message the fake kernel received. */
export interface Sent {
  readonly content: DisplayContent;
  readonly update: boolean;
}

interface TslabJupyter {
  lastWriteDisplayData: DisplayWriter | null;
}

/**
 * Installs a fake `lastWriteDisplayData` into tslab's jupyter module, as a running tslab kernel does for the
 * executing cell, and returns the list of messages it receives plus a function that uninstalls it.
 */
export function fakeKernel(): { sent: Sent[]; restore: () => void } {
  const mod = require("tslab/dist/jupyter") as TslabJupyter;
  const previous = mod.lastWriteDisplayData;
  const sent: Sent[] = [];
  mod.lastWriteDisplayData = (content, update) => sent.push({ content, update });
  return { sent, restore: () => (mod.lastWriteDisplayData = previous) };
}

/** The PNG file signature. */
export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Reads a PNG's width and height from its IHDR chunk. */
export function pngSize(png: Buffer): { width: number; height: number } {
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}
