/**
 * The gaugelab kernel's message handling: tslab's server owns the ZeroMQ sockets (and answers heartbeats),
 * and this subclass answers every shell and control message itself, following the messaging spec 5.3:
 *
 * - every request is framed by `status: busy` and `status: idle` on iopub, with the request as parent;
 * - `kernel_info_reply` has `status: "ok"` and the full `language_info`;
 * - `execute_request` is execute.cjs; `is_complete_request` is is-complete.cjs; `history_request` is
 *   history.cjs; completion and inspection are tslab's;
 * - comms: the kernel has no comm targets, so `comm_open` is answered with `comm_close` (as ipykernel
 *   does for an unknown target), `comm_info_request` with no comms, and messages to closed comms are dropped;
 * - `interrupt_request` (for frontends that do not send SIGINT) and `shutdown_request`, which ends the process.
 */
const { setTimeout } = require("timers");
const { ZmqServer } = require("tslab/dist/jupyter");
const wire = require("./wire.cjs");
const { isComplete } = require("./is-complete.cjs");

/** Writes to the kernel's own stderr (Jupyter's log), even while a cell's stderr goes to the notebook. */
const log = (
  (write) => (text) =>
    write(`gaugelab kernel: ${text}\n`)
)(process.stderr.write.bind(process.stderr));

/** Replies with `compute()`'s content, or with an error reply if it throws (the client still gets an answer). */
function answer(io, msgType, compute) {
  let content;
  try {
    content = compute();
  } catch (error) {
    content = {
      status: "error",
      ename: error?.name ?? "Error",
      evalue: String(error?.message ?? error),
      traceback: [],
    };
  }
  io.reply(msgType, content);
}

class GaugelabServer extends ZmqServer {
  /**
   * @param options.configPath the connection file.
   * @param options.handler tslab's `JupyterHandlerImpl` (completion, inspection, language info).
   * @param options.executor tslab's executor (interrupts).
   * @param options.execute the {@link ExecuteHandler}.
   * @param options.history the {@link History}.
   * @param options.kernelInfo the `kernel_info_reply` content.
   */
  constructor({ configPath, handler, executor, execute, history, kernelInfo }) {
    super(handler, configPath);
    Object.assign(this, { executor, execute, history, kernelInfo });
    this.warned = new Set();
  }

  /** Called by tslab's socket loops for each message on shell and control; not awaited by them. */
  async handleShellMessage(socket, ...frames) {
    let request;
    try {
      request = wire.parse(this.connInfo, frames);
    } catch (error) {
      log(`dropped a message: ${error.message}`);
      return;
    }
    const io = {
      publish: (msgType, content) => wire.publish(this.iopub, this.connInfo, request, msgType, content),
      reply: (msgType, content, metadata) =>
        wire.reply(socket, this.connInfo, request, msgType, content, metadata),
    };
    io.publish("status", { execution_state: "busy" });
    try {
      await this.dispatch(request, io);
    } catch (error) {
      log(`failed to answer ${request.header.msg_type}: ${error?.stack ?? error}`);
    } finally {
      io.publish("status", { execution_state: "idle" });
    }
  }

  async dispatch(request, io) {
    const { content } = request;
    switch (request.header.msg_type) {
      case "kernel_info_request":
        return io.reply("kernel_info_reply", this.kernelInfo);
      case "execute_request":
        return this.execute.handle(request, io);
      case "is_complete_request":
        return answer(io, "is_complete_reply", () => isComplete(content.code));
      case "complete_request":
        return answer(io, "complete_reply", () => this.handler.handleComplete(content));
      case "inspect_request":
        return answer(io, "inspect_reply", () => this.handler.handleInspect(content));
      case "history_request":
        return answer(io, "history_reply", () => this.history.reply(content));
      case "comm_info_request":
        return io.reply("comm_info_reply", { status: "ok", comms: {} });
      case "comm_open":
        return io.publish("comm_close", { comm_id: content.comm_id, data: {} });
      case "comm_msg":
      case "comm_close":
        return undefined; // every comm is closed at once (above)
      case "interrupt_request":
        this.executor.interrupt();
        return io.reply("interrupt_reply", { status: "ok" });
      case "shutdown_request":
        io.reply("shutdown_reply", { status: "ok", restart: content.restart === true });
        return this.shutDown();
      default:
        if (!this.warned.has(request.header.msg_type)) {
          this.warned.add(request.header.msg_type);
          log(`${request.header.msg_type} is not supported; ignoring it`);
        }
        return undefined;
    }
  }

  /** Closes the sockets once the shutdown reply and the idle status have gone out, then exits. */
  shutDown() {
    setTimeout(() => {
      this.close();
      process.exit(0);
    }, 100);
  }
}

module.exports = { GaugelabServer };
