import { describe, it } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as zlib from "node:zlib";
import { FASHION_MNIST_DIR, loadFashionMnist, loadIdxDataset, parseIdx, readIdx } from "../../lib/data/idx";

/** An IDX file: magic 0 0 type rank, big-endian dims, then the data. */
function idxBytes(type: number, shape: number[], body: Buffer): Buffer {
  const header = Buffer.alloc(4 + 4 * shape.length);
  header[2] = type;
  header[3] = shape.length;
  shape.forEach((d, i) => header.writeUInt32BE(d, 4 + 4 * i));
  return Buffer.concat([header, body]);
}

describe("IDX loader", () => {
  it("parses raw and gzipped IDX of several element types", () => {
    const u8 = idxBytes(0x08, [2, 3], Buffer.from([0, 1, 2, 253, 254, 255]));
    for (const bytes of [u8, zlib.gzipSync(u8)]) {
      const { shape, data } = parseIdx(bytes);
      assert.deepEqual(shape, [2, 3]);
      assert.deepEqual(Array.from(data), [0, 1, 2, 253, 254, 255]);
    }
    const f32 = Buffer.alloc(8);
    f32.writeFloatBE(1.5, 0);
    f32.writeFloatBE(-2, 4);
    assert.deepEqual(Array.from(parseIdx(idxBytes(0x0d, [2], f32)).data), [1.5, -2]);
    const i32 = Buffer.alloc(4);
    i32.writeInt32BE(-7, 0);
    assert.deepEqual(Array.from(parseIdx(idxBytes(0x0c, [1], i32)).data), [-7]);
  });

  it("rejects corrupt files with messages naming the source", () => {
    assert.throws(() => parseIdx(Buffer.from([1, 2, 3, 4]), "x.idx"), /x.idx: not an IDX file \(bad magic number\)/);
    assert.throws(() => parseIdx(idxBytes(0x42, [1], Buffer.alloc(1)), "y"), /y: unknown IDX element type 0x42/);
    assert.throws(() => parseIdx(idxBytes(0x08, [4], Buffer.alloc(2)), "z"), /z: truncated: shape \[4\] needs 12 bytes, got 10/);
  });

  it("loads an MNIST-format folder (raw files) and names missing files with how to get them", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gaugelab-idx-"));
    fs.writeFileSync(path.join(dir, "t10k-images-idx3-ubyte"), idxBytes(0x08, [2, 2, 2], Buffer.from([0, 255, 51, 0, 255, 255, 0, 0])));
    fs.writeFileSync(path.join(dir, "t10k-labels-idx1-ubyte"), idxBytes(0x08, [2], Buffer.from([3, 9])));
    const ds = loadIdxDataset({ dir, split: "test" });
    assert.equal(ds.numExamples, 2);
    assert.equal(ds.inDim, 4);
    assert.deepEqual(Array.from(ds.X), [0, 1, 0.2, 0, 1, 1, 0, 0].map((v) => Math.fround(v)));
    assert.deepEqual(Array.from(ds.labels!), [3, 9]);
    assert.throws(
      () => loadIdxDataset({ dir, split: "train" }),
      new RegExp(`IDX file not found: ${dir}/train-images-idx3-ubyte.gz \\(also tried ${dir}/train-images-idx3-ubyte\\)`),
    );
    assert.throws(() => readIdx(path.join(FASHION_MNIST_DIR, "nope.gz")), /IDX file not found: .*nope.gz/);
    fs.rmSync(dir, { recursive: true });
    assert.throws(
      () => loadIdxDataset({ dir: "/nonexistent-fashion" }),
      /IDX file not found: \/nonexistent-fashion\/train-images-idx3-ubyte.gz .*Put the MNIST-format files there/,
    );
  });

  it("reads Debian's Fashion-MNIST when installed", (t) => {
    if (!fs.existsSync(path.join(FASHION_MNIST_DIR, "t10k-labels-idx1-ubyte.gz"))) {
      t.skip("apt-get install dataset-fashion-mnist to run this");
      return;
    }
    const { train, test } = loadFashionMnist({ limit: 1000 });
    assert.equal(train.numExamples, 1000);
    assert.equal(test.name, "fashion-mnist/test");
    assert.equal(test.inDim, 784);
    const full = loadIdxDataset({ split: "test" });
    assert.equal(full.numExamples, 10_000);
    const counts = new Array(10).fill(0);
    for (const k of full.labels!) counts[k]++;
    assert.deepEqual(counts, new Array(10).fill(1000));
  });
});
