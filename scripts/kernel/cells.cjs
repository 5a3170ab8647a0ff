/**
 * The cells the kernel has compiled, so that stack frames can point at a cell's own lines.
 *
 * tslab runs each cell's compiled JavaScript through `vm.runInThisContext` without a file name, so V8 calls
 * every cell `evalmachine.<anonymous>` and counts lines in the compiled code, which has lost the cell's blank
 * lines and types and gained `exports.x = x;` lines and import helpers. Each compiled cell here gets a
 * `//# sourceURL=In[n]` comment, which V8 uses as the script's name in stack traces, and a frame's position
 * in the compiled code is mapped back to the cell by aligning the two texts word by word, as a diff does.
 */

/** Words of code (identifiers, keywords, numbers, quoted strings), each with its 1-based line and column. */
const WORD = /[A-Za-z_$][\w$]*|\d[\w.]*|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'/g;

/** Words tslab's compilation adds: the `exports.` that every cell-level name is reached through. */
const ADDED_WORDS = new Set(["exports", "__importStar", "__importDefault", "require"]);

/** Above this many word pairs the alignment is skipped (a cell of several thousand words). */
const MAX_ALIGNMENT_CELLS = 4e6;

function words(text, firstLine = 1) {
  const lines = text.split("\n");
  const out = [];
  for (let i = firstLine - 1; i < lines.length; i++) {
    for (const match of lines[i].matchAll(WORD))
      out.push({ text: match[0], line: i + 1, column: match.index + 1 });
  }
  return out;
}

/**
 * The first line of the cell's own code in tslab's compiled output: the line after the CommonJS preamble
 * (import helpers, `Object.defineProperty(exports, "__esModule", ...)` and `exports.a = ... = void 0;`).
 */
function firstCodeLine(compiled) {
  const lines = compiled.split("\n");
  let first = lines.findIndex((line) => line.startsWith('Object.defineProperty(exports, "__esModule"')) + 1;
  if (/^exports\.[\w$]+ = .*void 0;$/.test(lines[first] ?? "")) first += 1;
  return first + 1;
}

/**
 * Aligns the compiled cell's words with the source's (a longest common subsequence).
 *
 * @returns for each compiled word, the source word it stands for, or undefined.
 */
function align(compiled, source) {
  const n = compiled.length;
  const m = source.length;
  if (n * m > MAX_ALIGNMENT_CELLS) return [];
  const table = new Uint16Array((n + 1) * (m + 1));
  const at = (i, j) => i * (m + 1) + j;
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      table[at(i, j)] =
        compiled[i].text === source[j].text
          ? table[at(i + 1, j + 1)] + 1
          : Math.max(table[at(i + 1, j)], table[at(i, j + 1)]);
    }
  }
  const matched = new Array(n);
  for (let i = 0, j = 0; i < n && j < m;) {
    if (compiled[i].text === source[j].text) matched[i++] = source[j++];
    else if (table[at(i + 1, j)] >= table[at(i, j + 1)]) i++;
    else j++;
  }
  return matched;
}

/** One compiled cell: its name in stack traces, its label in tracebacks, its source and compiled code. */
class Cell {
  constructor(name, label, source, compiled) {
    Object.assign(this, { name, label, source, compiled });
    this.sourceLines = source.split("\n");
  }

  /**
   * The cell line that a position in the compiled code comes from.
   *
   * @param line 1-based line in the compiled code, as a stack frame gives it.
   * @param column 1-based column.
   * @returns the 1-based cell line, or undefined when the position is in code tslab added.
   */
  sourceLine(line, column) {
    this.alignment ??= this.computeAlignment();
    const { firstLine, compiledWords, matched } = this.alignment;
    if (line < firstLine) return undefined;
    let fallback;
    for (let i = 0; i < compiledWords.length; i++) {
      const word = compiledWords[i];
      if (!matched[i] || word.line < line) continue;
      if (word.line > line) return fallback ?? matched[i].line;
      if (word.column >= column) return matched[i].line;
      fallback = matched[i].line;
    }
    return fallback;
  }

  computeAlignment() {
    const firstLine = firstCodeLine(this.compiled);
    const compiledWords = words(this.compiled, firstLine).filter(
      (word) => !ADDED_WORDS.has(word.text) && !/^tsLastExpr\d*$/.test(word.text),
    );
    return { firstLine, compiledWords, matched: align(compiledWords, words(this.source)) };
  }
}

/** Every cell compiled in this kernel, by the name V8 reports for it. */
class CellRegistry {
  constructor() {
    this.cells = new Map();
  }

  /**
   * Records a compiled cell and names it for V8.
   *
   * @param name the script name, e.g. `In[3]` (no spaces: V8 ends the name at whitespace).
   * @param label how tracebacks call the cell, e.g. `Cell In[3]`.
   * @param source the cell as the user wrote it.
   * @param compiled tslab's compiled JavaScript for it.
   * @returns the compiled code to run, with the `//# sourceURL` comment appended.
   */
  add(name, label, source, compiled) {
    this.cells.set(name, new Cell(name, label, source, compiled));
    return `${compiled}\n//# sourceURL=${name}`;
  }

  /** The cell V8 calls `name`, or undefined. */
  get(name) {
    return this.cells.get(name);
  }
}

module.exports = { CellRegistry };
