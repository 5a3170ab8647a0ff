import * as fs from "fs";
import * as path from "path";
import * as zlib from "zlib";
import { checkOptions } from "../core/check-options";
import { classificationDataset, type Dataset } from "./dataset";

/** A decoded IDX array: its shape and values (row-major). */
export interface IdxArray {
  readonly shape: readonly number[];
  readonly data: Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;
}

interface IdxType {
  readonly bytes: number;
  readonly read: (v: DataView, at: number) => number;
  readonly make: (n: number) => IdxArray["data"];
}

const IDX_TYPES: Record<number, IdxType> = {
  0x08: { bytes: 1, read: (v, at) => v.getUint8(at), make: (n) => new Uint8Array(n) },
  0x09: { bytes: 1, read: (v, at) => v.getInt8(at), make: (n) => new Int8Array(n) },
  0x0b: { bytes: 2, read: (v, at) => v.getInt16(at), make: (n) => new Int16Array(n) },
  0x0c: { bytes: 4, read: (v, at) => v.getInt32(at), make: (n) => new Int32Array(n) },
  0x0d: { bytes: 4, read: (v, at) => v.getFloat32(at), make: (n) => new Float32Array(n) },
  0x0e: { bytes: 8, read: (v, at) => v.getFloat64(at), make: (n) => new Float64Array(n) },
};

/** Gunzips `bytes`, or throws naming `source` and what zlib found (a cut-short or damaged download). */
function gunzip(bytes: Uint8Array, source: string): Uint8Array {
  try {
    return new Uint8Array(zlib.gunzipSync(bytes));
  } catch (err) {
    throw new Error(
      `${source}: not a valid gzip stream (${(err as Error).message}); the file is damaged or cut short, ` +
        "so fetch it again",
    );
  }
}

/**
 * Decodes IDX bytes (the MNIST file format; gzip-compressed or raw, detected by the gzip magic number).
 *
 * @param source a name for messages (the file's path).
 * @throws naming `source` on a bad gzip stream, a bad magic number, an unknown element type, a header cut
 *   short, a shape of more than 2^53 elements, or data that is shorter or longer than the header's shape.
 */
export function parseIdx(bytes: Uint8Array, source = "IDX data"): IdxArray {
  if (!(bytes instanceof Uint8Array)) {
    throw new Error(`parseIdx: bytes must be a Uint8Array (e.g. a Buffer from fs.readFileSync) for ${source}`);
  }
  const raw = bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzip(bytes, source) : bytes;
  if (raw.byteLength < 4 || raw[0] !== 0 || raw[1] !== 0) {
    throw new Error(`${source}: not an IDX file (bad magic number)`);
  }
  const type = IDX_TYPES[raw[2]];
  if (!type) throw new Error(`${source}: unknown IDX element type 0x${raw[2].toString(16)}`);
  const rank = raw[3];
  if (rank === 0) throw new Error(`${source}: corrupt IDX header (rank 0: no dimensions)`);
  const offset = 4 + 4 * rank;
  if (raw.byteLength < offset) {
    throw new Error(
      `${source}: truncated IDX header: rank ${rank} needs ${offset} header bytes, got ${raw.byteLength}`,
    );
  }
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const shape: number[] = [];
  for (let i = 0; i < rank; i++) shape.push(view.getUint32(4 + 4 * i));
  const n = shape.reduce((a, b) => a * b, 1);
  const needed = offset + n * type.bytes;
  if (!Number.isSafeInteger(needed) || raw.byteLength < needed) {
    throw new Error(`${source}: truncated: shape [${shape}] needs ${needed} bytes, got ${raw.byteLength}`);
  }
  if (raw.byteLength > needed) {
    throw new Error(
      `${source}: corrupt: shape [${shape}] needs ${needed} bytes, but the file holds ${raw.byteLength}`,
    );
  }
  const data = type.make(n);
  if (type.bytes === 1) data.set(raw.subarray(offset, offset + n));
  else for (let i = 0; i < n; i++) data[i] = type.read(view, offset + i * type.bytes);
  return { shape, data };
}

/**
 * Reads an IDX file, `.gz` or raw. When `file` does not exist, `file + ".gz"` (or `file` without `.gz`) is tried.
 *
 * @param hint how to obtain the file, appended to the not-found message.
 * @throws naming the path (and the hint) when neither exists, when it cannot be read, or as {@link parseIdx}.
 */
export function readIdx(file: string, hint = ""): IdxArray {
  const found = findIdx(file, hint);
  return parseIdx(readBytes(found), found);
}

/** The path of `file` or its `.gz` twin, whichever exists. @throws naming both and the hint when neither does. */
function findIdx(file: string, hint: string): string {
  if (typeof file !== "string" || file === "") {
    throw new Error(`readIdx: file must be a non-empty path string; got ${JSON.stringify(file) ?? String(file)}`);
  }
  const candidates = file.endsWith(".gz") ? [file, file.slice(0, -3)] : [file, `${file}.gz`];
  const found = candidates.find((p) => fs.existsSync(p));
  if (!found) throw new Error(`IDX file not found: ${file} (also tried ${candidates[1]})${hint ? `. ${hint}` : ""}`);
  return found;
}

function readBytes(file: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (err) {
    throw new Error(`cannot read IDX file ${file}: ${(err as Error).message}`);
  }
}

/** Where Debian's `dataset-fashion-mnist` package installs Fashion-MNIST. */
export const FASHION_MNIST_DIR = "/usr/share/datasets/fashion-mnist";

/** Fashion-MNIST's class names, by label. */
export const FASHION_MNIST_CLASSES = [
  "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
] as const;

/** The options of {@link loadIdxDataset}, for `checkOptions`. */
const IDX_OPTIONS = { dir: "string?", split: "string?", limit: "number?", name: "string?" } as const;

/** Throws unless `limit` is absent or a positive integer. */
function checkLimit(limit: number | undefined, where: string): void {
  if (limit !== undefined && !(Number.isInteger(limit) && limit > 0)) {
    throw new Error(`${where}: limit must be a positive integer (the number of examples to keep); got ${limit}`);
  }
}

/**
 * Loads an MNIST-format image/label pair from `dir`: `{train|t10k}-images-idx3-ubyte[.gz]` and
 * `{train|t10k}-labels-idx1-ubyte[.gz]`, as a dataset `X [n, rows*cols]` scaled to [0, 1], 10 classes.
 *
 * @param options.dir the folder (default Debian's Fashion-MNIST folder); `split` "train" or "test";
 *   `limit` (a positive integer) keeps the first n examples.
 * @throws naming the option on bad options, and naming the file on a missing, corrupt or mismatched file.
 */
export function loadIdxDataset(
  options: { readonly dir?: string; readonly split?: "train" | "test"; readonly limit?: number; readonly name?: string } = {},
): Dataset {
  checkOptions(options, IDX_OPTIONS, "loadIdxDataset");
  const split = options.split ?? "train";
  if (split !== "train" && split !== "test") {
    throw new Error(`loadIdxDataset: split must be "train" or "test"; got ${JSON.stringify(split)}`);
  }
  checkLimit(options.limit, "loadIdxDataset");
  const dir = options.dir ?? FASHION_MNIST_DIR;
  const prefix = split === "train" ? "train" : "t10k";
  const hint =
    dir === FASHION_MNIST_DIR
      ? "Install it with `apt-get install dataset-fashion-mnist`, or pass { dir } naming a folder with MNIST-format files"
      : "Put the MNIST-format files there (e.g. from the Fashion-MNIST or MNIST distribution)";
  const imageFile = findIdx(path.join(dir, `${prefix}-images-idx3-ubyte.gz`), hint);
  const labelFile = findIdx(path.join(dir, `${prefix}-labels-idx1-ubyte.gz`), hint);
  const images = parseIdx(readBytes(imageFile), imageFile);
  const labels = parseIdx(readBytes(labelFile), labelFile);
  if (images.shape.length !== 3 || images.shape[0] === 0 || images.shape[1] * images.shape[2] === 0) {
    throw new Error(`${imageFile}: expected images [n > 0, rows, cols]; the file holds [${images.shape}]`);
  }
  if (!(images.data instanceof Uint8Array)) {
    throw new Error(`${imageFile}: expected unsigned-byte pixels (IDX type 0x08); the file holds another type`);
  }
  if (labels.shape.length !== 1 || images.shape[0] !== labels.shape[0]) {
    throw new Error(
      `${dir}: images [${images.shape}] (${path.basename(imageFile)}) and labels [${labels.shape}] ` +
        `(${path.basename(labelFile)}) do not pair up`,
    );
  }
  const n = Math.min(options.limit ?? images.shape[0], images.shape[0]);
  const inDim = images.shape[1] * images.shape[2];
  const X = new Float32Array(n * inDim);
  for (let i = 0; i < n * inDim; i++) X[i] = images.data[i] / 255;
  const name = options.name ?? `${path.basename(dir)}/${split}`;
  const y = labels.data.subarray(0, n);
  const bad = y.findIndex((k: number) => !(Number.isInteger(k) && k >= 0 && k < 10));
  if (bad >= 0) throw new Error(`${labelFile}: label ${y[bad]} at example ${bad} is not a class index in [0, 10)`);
  return classificationDataset(name, X, y, inDim, 10);
}

/** Fashion-MNIST (60k train / 10k test) from Debian's package, or `dir`. See {@link loadIdxDataset}. */
export function loadFashionMnist(options: { readonly dir?: string; readonly limit?: number } = {}): {
  train: Dataset;
  test: Dataset;
} {
  checkOptions(options, { dir: "string?", limit: "number?" }, "loadFashionMnist");
  checkLimit(options.limit, "loadFashionMnist");
  return {
    train: loadIdxDataset({ ...options, split: "train", name: "fashion-mnist/train" }),
    test: loadIdxDataset({ ...options, split: "test", name: "fashion-mnist/test" }),
  };
}
