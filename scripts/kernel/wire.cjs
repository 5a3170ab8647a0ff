/**
 * Jupyter's wire protocol (messaging spec 5.3): reading a multipart ZeroMQ message into
 * `{ identities, header, parent_header, metadata, content, buffers }` and writing signed messages back.
 * https://jupyter-client.readthedocs.io/en/latest/messaging.html#the-wire-protocol
 *
 * tslab keeps its own message class private, so the gaugelab kernel reads and writes messages here; tslab's
 * server still owns the sockets.
 */
const crypto = require("crypto");
const { Buffer } = require("buffer");

const DELIMITER = Buffer.from("<IDS|MSG>");
const PROTOCOL_VERSION = "5.3";

/** This kernel's session id, in the header of every message it sends. */
const SESSION = crypto.randomUUID();

/** The HMAC of `parts` with the connection file's key and scheme; "" when the key is empty (signing off). */
function sign(connection, parts) {
  if (!connection.key) return "";
  const algorithm = (connection.signature_scheme || "hmac-sha256").replace(/^hmac-/, "");
  const hmac = crypto.createHmac(algorithm, connection.key);
  for (const part of parts) hmac.update(part);
  return hmac.digest("hex");
}

/**
 * Parses one message's frames and checks its signature.
 *
 * @param connection the connection file's contents (`key`, `signature_scheme`).
 * @param frames the ZeroMQ frames: routing identities, `<IDS|MSG>`, signature, four JSON parts, buffers.
 * @returns the message.
 * @throws when the delimiter is missing or the signature does not match.
 */
function parse(connection, frames) {
  const at = frames.findIndex((frame) => DELIMITER.equals(frame));
  if (at < 0) throw new Error("message has no <IDS|MSG> delimiter");
  const signature = Buffer.from(frames[at + 1].toString());
  const parts = frames.slice(at + 2, at + 6);
  const expected = Buffer.from(sign(connection, parts));
  if (signature.length !== expected.length || !crypto.timingSafeEqual(signature, expected)) {
    throw new Error("message signature does not match the connection key");
  }
  const [header, parent_header, metadata, content] = parts.map((part) => JSON.parse(part.toString()));
  return {
    identities: frames.slice(0, at),
    header,
    parent_header,
    metadata,
    content,
    buffers: frames.slice(at + 6),
  };
}

function send(socket, connection, prefix, parent, msgType, content, metadata) {
  const header = {
    msg_id: crypto.randomUUID(),
    username: "kernel",
    session: SESSION,
    date: new Date().toISOString(),
    msg_type: msgType,
    version: PROTOCOL_VERSION,
  };
  const parts = [header, parent.header, metadata, content].map((part) => JSON.stringify(part));
  socket.send([...prefix, DELIMITER, sign(connection, parts), ...parts]);
}

/**
 * Signs and sends the reply to `request` on the socket it came in on (shell or control).
 *
 * @param socket the router socket the request arrived on.
 * @param connection the connection file's contents.
 * @param request the parsed request.
 * @param msgType e.g. "execute_reply".
 * @param content the reply's content.
 * @param metadata the reply's metadata (default `{}`).
 */
function reply(socket, connection, request, msgType, content, metadata = {}) {
  send(socket, connection, request.identities, request, msgType, content, metadata);
}

/**
 * Signs and publishes a message on iopub, with `parent` as its parent header.
 *
 * @param iopub the publisher socket.
 * @param connection the connection file's contents.
 * @param parent the request this message reports on.
 * @param msgType e.g. "stream", "status", "execute_result".
 * @param content the message's content.
 */
function publish(iopub, connection, parent, msgType, content) {
  send(iopub, connection, [`kernel.${SESSION}.${msgType}`], parent, msgType, content, {});
}

module.exports = { PROTOCOL_VERSION, parse, reply, publish };
