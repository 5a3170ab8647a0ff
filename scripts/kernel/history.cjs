/**
 * The kernel's input history for `history_request` (the up-arrow history of `jupyter console`, for example):
 * every cell run with `store_history`, numbered by its execution count, kept in memory for this session.
 * Replies follow ipykernel: entries are `[session, line, input]`, or `[session, line, [input, output]]`
 * with `output: true`, where output is the cell's `Out[n]` text or null.
 */

/** This kernel's one session number; requests may also say 0 for the current session. */
const SESSION = 1;

/** A `*` / `?` glob (as ipykernel's history search takes) as a regular expression over the whole input. */
function globRegExp(pattern) {
  const escaped = pattern
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, "[\\s\\S]*")
    .replace(/\?/g, "[\\s\\S]");
  return new RegExp(`^${escaped}$`);
}

class History {
  constructor() {
    this.entries = [];
  }

  /** Records cell `line` (its execution count) with its input; its output is added by {@link setOutput}. */
  add(line, input) {
    this.entries.push({ line, input, output: null });
  }

  /** Records the `Out[line]` text of cell `line`. */
  setOutput(line, output) {
    const entry = this.entries.findLast((e) => e.line === line);
    if (entry) entry.output = output;
  }

  /**
   * The `history_reply` content for a `history_request`'s content.
   *
   * @param request `{ hist_access_type: "tail" | "range" | "search", output, n, session, start, stop, pattern,
   *   unique }`.
   */
  reply(request) {
    const { hist_access_type: access, output = false } = request;
    let found = [];
    if (access === "tail") {
      found = request.n > 0 ? this.entries.slice(-request.n) : this.entries.slice();
    } else if (access === "range") {
      const current = request.session === undefined || request.session === 0 || request.session === SESSION;
      const start = request.start ?? 1;
      const stop = request.stop ?? Infinity;
      found = current ? this.entries.filter((e) => e.line >= start && e.line < stop) : [];
    } else if (access === "search") {
      const matches = globRegExp(request.pattern ?? "*");
      found = this.entries.filter((e) => matches.test(e.input));
      if (request.unique)
        found = found.filter((e, i) => !found.slice(i + 1).some((later) => later.input === e.input));
      if (request.n > 0) found = found.slice(-request.n);
    }
    const history = found.map((e) => [SESSION, e.line, output ? [e.input, e.output] : e.input]);
    return { status: "ok", history };
  }
}

module.exports = { History };
