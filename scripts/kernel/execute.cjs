/**
 * `execute_request`s, run one at a time in arrival order, as the messaging spec describes them:
 *
 * - `execute_input` when a cell starts; its stdout and stderr as `stream`s and its displays as
 *   `display_data` while it runs; the value of its last expression as `execute_result` (`Out[n]`); a failure
 *   as an `error` message, and the same `ename`, `evalue` and `traceback` in the reply, whose status is
 *   "error". `silent` requests publish none of these but streams, and do not count.
 * - The execution count grows only for requests that store history.
 * - After a failure, a request that asked `stop_on_error` (the default) makes the kernel abort the execute
 *   requests that were already queued behind it (a "run all" stops at the failed cell). Requests sent after
 *   the failure's reply run normally: tslab instead aborted every request that arrived in the next 200 ms.
 * - `user_expressions` are evaluated after a cell that succeeded.
 */
const util = require("util");
const { setTimeout } = require("timers");
const jupyter = require("tslab/dist/jupyter");

const decoder = new util.TextDecoder();

/** How `Out[n]` shows a value: as the Node REPL does, without colours. */
function plainText(value) {
  return util.inspect(value);
}

/**
 * Sends the process's stdout and stderr to `io` as `stream` messages, and the lib's displays (through tslab's
 * `lastWriteDisplayData`) as display messages. As in ipykernel, output written after the cell finished still
 * goes to it, until the next cell starts.
 */
function routeOutput(io) {
  const writer =
    (name) =>
    (chunk, ...rest) => {
      io.publish("stream", { name, text: typeof chunk === "string" ? chunk : decoder.decode(chunk) });
      const callback = rest[rest.length - 1];
      if (typeof callback === "function") callback();
      return true;
    };
  process.stdout.write = writer("stdout");
  process.stderr.write = writer("stderr");
  jupyter.lastWriteDisplayData = (content, update) =>
    io.publish(update ? "update_display_data" : "display_data", content);
}

/** How long the kernel listens for requests already on their way before it answers a failure. */
const READ_PENDING_MS = 5;

class ExecuteHandler {
  /**
   * @param runner the cell runner (run-cell.cjs).
   * @param history where stored cells go (history.cjs).
   */
  constructor(runner, history) {
    this.runner = runner;
    this.history = history;
    this.executionCount = 0;
    this.unstored = 0; // runs that get no execution count (silent, store_history false, user expressions)
    this.stops = 0; // failures that abort the requests queued before them
    this.received = 0;
    this.queue = Promise.resolve();
  }

  /**
   * Queues an execute request. Call it as the request arrives: it notes which failures came before it.
   *
   * @param request the parsed request.
   * @param io `{ publish(type, content), reply(type, content, metadata) }` for this request.
   * @returns a promise that settles once the request is answered.
   */
  handle(request, io) {
    this.received += 1;
    const stopsBefore = this.stops;
    const done = this.queue.then(() => this.execute(request.content, io, stopsBefore));
    this.queue = done.catch(() => undefined);
    return done;
  }

  async execute(content, io, stopsBefore) {
    const { code = "", silent = false, store_history = true, stop_on_error = true } = content;
    if (stopsBefore < this.stops) {
      io.reply("execute_reply", { status: "aborted" }, { status: "aborted" });
      return;
    }
    const stored = store_history && !silent;
    if (stored) this.executionCount += 1;
    const count = this.executionCount;
    const [name, label] = stored ? [`In[${count}]`, `Cell In[${count}]`] : this.unstoredName();
    if (stored) this.history.add(count, code);
    if (!silent) io.publish("execute_input", { code, execution_count: count });
    routeOutput(io);

    const outcome = await this.runner.run(code, name, label);
    if (outcome.status === "ok") {
      if (outcome.hasValue) {
        const text = plainText(outcome.value);
        if (stored) this.history.setOutput(count, text);
        if (!silent)
          io.publish("execute_result", {
            execution_count: count,
            data: { "text/plain": text },
            metadata: {},
          });
      }
      const user_expressions = await this.evaluate(content.user_expressions ?? {});
      io.reply(
        "execute_reply",
        { status: "ok", execution_count: count, payload: [], user_expressions },
        { status: "ok" },
      );
      return;
    }
    if (!silent) io.publish("error", outcome.error);
    if (stop_on_error && !silent) {
      await this.readPending();
      this.stops += 1;
    }
    const reply = {
      status: "error",
      execution_count: count,
      ...outcome.error,
      payload: [],
      user_expressions: {},
    };
    io.reply("execute_reply", reply, { status: "error" });
  }

  /**
   * Lets the sockets deliver the requests that were sent before the failure's reply, so that they are
   * queued (and aborted) rather than run: the cell ran without yielding to the event loop, and requests
   * that came in meanwhile are still unread. Returns once a short wait brings no new request, as ipykernel
   * flushes its shell stream before it stops aborting.
   */
  async readPending() {
    let seen;
    do {
      seen = this.received;
      await new Promise((resolve) => setTimeout(resolve, READ_PENDING_MS));
    } while (seen !== this.received);
  }

  unstoredName() {
    this.unstored += 1;
    return [`Unstored[${this.unstored}]`, `Unstored cell ${this.unstored}`];
  }

  /** The `user_expressions` reply: each expression's value as a MIME bundle, or its error. */
  async evaluate(expressions) {
    const values = {};
    for (const [key, expression] of Object.entries(expressions)) {
      const [name] = this.unstoredName();
      const outcome = await this.runner.run(expression, name, `user expression ${JSON.stringify(key)}`);
      values[key] =
        outcome.status === "ok"
          ? { status: "ok", data: { "text/plain": plainText(outcome.value) }, metadata: {} }
          : { status: "error", ...outcome.error };
    }
    return values;
  }
}

module.exports = { ExecuteHandler };
