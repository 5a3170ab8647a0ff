import type { Picture } from "./picture";

/** A 5×7 bitmap font for the letters the notebooks draw, drawn in code ("#" is ink). No fonts, no downloads. */
const FONT: Readonly<Record<string, readonly string[]>> = {
  A: [" ### ", "#   #", "#   #", "#####", "#   #", "#   #", "#   #"],
  G: [" ### ", "#   #", "#    ", "# ###", "#   #", "#   #", " ### "],
  L: ["#    ", "#    ", "#    ", "#    ", "#    ", "#    ", "#####"],
  M: ["#   #", "## ##", "# # #", "# # #", "#   #", "#   #", "#   #"],
  N: ["#   #", "##  #", "# # #", "#  ##", "#   #", "#   #", "#   #"],
  O: [" ### ", "#   #", "#   #", "#   #", "#   #", "#   #", " ### "],
  U: ["#   #", "#   #", "#   #", "#   #", "#   #", "#   #", " ### "],
  X: ["#   #", "#   #", " # # ", "  #  ", " # # ", "#   #", "#   #"],
};

/** The letters {@link glyphPicture} can draw. */
export const GLYPH_LETTERS: readonly string[] = Object.keys(FONT);

/**
 * A picture of `text` in the 5×7 bitmap font: ink 1, background 0, one blank column between letters and a
 * `pad`-pixel blank border (default 1), each font pixel drawn as a `thickness`×`thickness` block (default 1).
 * Resize it to a weight matrix with `kernelFromPicture` or `watermarkKernel`.
 *
 * @returns a `[7·t + 2·pad, (6·len − 1)·t + 2·pad]` picture (height × width), row-major.
 * @throws when `text` is empty or has a letter the font lacks (naming the letters it has).
 */
export function glyphPicture(text: string, options: { pad?: number; thickness?: number } = {}): Picture {
  const { pad = 1, thickness = 1 } = options;
  if (typeof text !== "string" || text.length === 0) {
    throw new Error(`glyphPicture: text must be a non-empty string of ${GLYPH_LETTERS.join("")}`);
  }
  if (![pad, thickness].every((n) => Number.isInteger(n) && n >= 0) || thickness < 1) {
    throw new Error(`glyphPicture: pad must be an integer ≥ 0 and thickness ≥ 1; got ${pad}, ${thickness}`);
  }
  const letters = [...text.toUpperCase()].map((ch) => {
    const rows = FONT[ch];
    if (!rows)
      throw new Error(`glyphPicture: no glyph for "${ch}"; the font has ${GLYPH_LETTERS.join(", ")}`);
    return rows;
  });
  const height = 7 * thickness + 2 * pad;
  const width = (6 * letters.length - 1) * thickness + 2 * pad;
  const data = new Float32Array(height * width);
  letters.forEach((rows, k) => {
    rows.forEach((line, r) => {
      [...line].forEach((ch, c) => {
        if (ch !== "#") return;
        for (let dy = 0; dy < thickness; dy++) {
          for (let dx = 0; dx < thickness; dx++) {
            const y = pad + r * thickness + dy;
            const x = pad + (6 * k + c) * thickness + dx;
            data[y * width + x] = 1;
          }
        }
      });
    });
  });
  return { data, height, width };
}
