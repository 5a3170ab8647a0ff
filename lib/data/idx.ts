import * as fs from "fs";
import * as path from "path";
import * as zlib from "zlib";
import { classificationDataset, type Dataset } from "./dataset";

/** A decoded IDX array: its shape and values (row-major). */
export interface IdxArray {
  readonly shape: readonly number[];
  readonly data: Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;
}

const IDX_TYPES: Record<number, { bytes: number; read: (v: DataView, at: number) => number; make: (n: number) => IdxArray["data"] }> = {
  0x08: { bytes: 1, read: (v, at) => v.getUint8(at), make: (n) => new Uint8Array(n) },
  0x09: { bytes: 1, read: (v, at) => v.getInt8(at), make: (n) => new Int8Array(n) },
  0x0b: { bytes: 2, read: (v, at) => v.getInt16(at), make: (n) => new Int16Array(n) },
  0x0c: { bytes: 4, read: (v, at) => v.getInt32(at), make: (n) => new Int32Array(n) },
  0x0d: { bytes: 4, read: (v, at) => v.getFloat32(at), make: (n) => new Float32Array(n) },
  0x0e: { bytes: 8, read: (v, at) => v.getFloat64(at), make: (n) => new Float64Array(n) },
};

/**
 * Decodes IDX bytes (the MNIST file format; gzip-compressed or raw, detected by the gzip magic number).
 *
 * @param source a name for messages. @throws on a bad magic number, unknown type or truncated data.
 */
export function parseIdx(bytes: Uint8Array, source = "IDX data"): IdxArray {
  const raw = bytes[0] === 0x1f && bytes[1] === 0x8b ? new Uint8Array(zlib.gunzipSync(bytes)) : bytes;
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  if (raw.byteLength < 4 || raw[0] !== 0 || raw[1] !== 0) throw new Error(`${source}: not an IDX file (bad magic number)`);
  const type = IDX_TYPES[raw[2]];
  if (!type) throw new Error(`${source}: unknown IDX element type 0x${raw[2].toString(16)}`);
  const rank = raw[3];
  const shape: number[] = [];
  for (let i = 0; i < rank; i++) shape.push(view.getUint32(4 + 4 * i));
  const offset = 4 + 4 * rank;
  const n = shape.reduce((a, b) => a * b, 1);
  if (raw.byteLength < offset + n * type.bytes) {
    throw new Error(`${source}: truncated: shape [${shape}] needs ${offset + n * type.bytes} bytes, got ${raw.byteLength}`);
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
 * @throws naming the path (and the hint) when neither exists.
 */
export function readIdx(file: string, hint = ""): IdxArray {
  const candidates = file.endsWith(".gz") ? [file, file.slice(0, -3)] : [file, `${file}.gz`];
  const found = candidates.find((p) => fs.existsSync(p));
  if (!found) throw new Error(`IDX file not found: ${file} (also tried ${candidates[1]})${hint ? `. ${hint}` : ""}`);
  return parseIdx(fs.readFileSync(found), found);
}

/** Where Debian's `dataset-fashion-mnist` package installs Fashion-MNIST. */
export const FASHION_MNIST_DIR = "/usr/share/datasets/fashion-mnist";

/** Fashion-MNIST's class names, by label. */
export const FASHION_MNIST_CLASSES = [
  "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
] as const;

/**
 * Loads an MNIST-format image/label pair from `dir`: `{train|t10k}-images-idx3-ubyte[.gz]` and
 * `{train|t10k}-labels-idx1-ubyte[.gz]`, as a dataset `X [n, rows*cols]` scaled to [0, 1], 10 classes.
 *
 * @param options.dir the folder (default Debian's Fashion-MNIST folder); `split` "train" or "test";
 *   `limit` keeps the first n examples.
 * @throws naming the missing path and how to get the files.
 */
export function loadIdxDataset(
  options: { readonly dir?: string; readonly split?: "train" | "test"; readonly limit?: number; readonly name?: string } = {},
): Dataset {
  const dir = options.dir ?? FASHION_MNIST_DIR;
  const prefix = (options.split ?? "train") === "train" ? "train" : "t10k";
  const hint =
    dir === FASHION_MNIST_DIR
      ? "Install it with `apt-get install dataset-fashion-mnist`, or pass { dir } naming a folder with MNIST-format files"
      : "Put the MNIST-format files there (e.g. from the Fashion-MNIST or MNIST distribution)";
  const images = readIdx(path.join(dir, `${prefix}-images-idx3-ubyte.gz`), hint);
  const labels = readIdx(path.join(dir, `${prefix}-labels-idx1-ubyte.gz`), hint);
  if (images.shape.length !== 3 || labels.shape.length !== 1 || images.shape[0] !== labels.shape[0]) {
    throw new Error(`${dir}: images [${images.shape}] and labels [${labels.shape}] do not pair up`);
  }
  const n = Math.min(options.limit ?? images.shape[0], images.shape[0]);
  const inDim = images.shape[1] * images.shape[2];
  const X = new Float32Array(n * inDim);
  for (let i = 0; i < n * inDim; i++) X[i] = images.data[i] / 255;
  const name = options.name ?? `${path.basename(dir)}/${options.split ?? "train"}`;
  return classificationDataset(name, X, labels.data.subarray(0, n), inDim, 10);
}

/** Fashion-MNIST (60k train / 10k test) from Debian's package, or `dir`. See {@link loadIdxDataset}. */
export function loadFashionMnist(options: { readonly dir?: string; readonly limit?: number } = {}): {
  train: Dataset;
  test: Dataset;
} {
  return {
    train: loadIdxDataset({ ...options, split: "train", name: "fashion-mnist/train" }),
    test: loadIdxDataset({ ...options, split: "test", name: "fashion-mnist/test" }),
  };
}
