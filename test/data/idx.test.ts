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

  it("names the file and the fault for cut-short headers, bad gzip streams and sizes that do not match", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gaugelab-idx-bad-"));
    const write = (name: string, bytes: Uint8Array) => {
      const file = path.join(dir, name);
      fs.writeFileSync(file, bytes);
      return file;
    };
    const good = idxBytes(0x08, [2, 3], Buffer.from([0, 1, 2, 3, 4, 5]));
    const cases: [string, Uint8Array, string][] = [
      ["header.idx", good.subarray(0, 9), "truncated IDX header: rank 2 needs 12 header bytes, got 9"],
      ["rank0.idx", Buffer.from([0, 0, 8, 0]), "corrupt IDX header (rank 0: no dimensions)"],
      ["extra.idx", Buffer.concat([good, Buffer.from([7])]), "corrupt: shape [2,3] needs 18 bytes, but the file holds 19"],
      ["huge.idx", idxBytes(0x0e, [0xffffffff, 0xffffffff, 0xffffffff], Buffer.alloc(0)), "truncated: shape [4294967295,4294967295,4294967295] needs"],
    ];
    for (const [name, bytes, fault] of cases) {
      const file = write(name, bytes);
      assert.throws(() => readIdx(file), (err: Error) => {
        assert.equal(err.constructor, Error);
        assert.ok(err.message.startsWith(`${file}: ${fault}`), err.message);
        return true;
      });
    }
    const gz = zlib.gzipSync(good);
    for (const [name, bytes] of [
      ["cut.gz", gz.subarray(0, gz.length - 6)],
      ["garbage.gz", Buffer.from([0x1f, 0x8b, 1, 2, 3, 4, 5, 6, 7, 8])],
    ] as const) {
      const file = write(name, bytes);
      assert.throws(() => readIdx(file), (err: Error) => {
        assert.equal(err.constructor, Error);
        assert.match(err.message, new RegExp(`^${file}: not a valid gzip stream \\(.+\\); the file is damaged or cut short, so fetch it again$`));
        return true;
      });
    }
    assert.throws(() => readIdx(dir), { message: new RegExp(`^cannot read IDX file ${dir}: EISDIR`) } as never);
    assert.throws(() => readIdx(3 as unknown as string), { message: "readIdx: file must be a non-empty path string; got 3" });
    assert.throws(() => parseIdx([0, 0, 8, 1] as unknown as Uint8Array, "list"), {
      message: "parseIdx: bytes must be a Uint8Array (e.g. a Buffer from fs.readFileSync) for list",
    });
    fs.rmSync(dir, { recursive: true });
  });

  it("names the file of a corrupt member of an MNIST-format folder", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gaugelab-idx-pair-"));
    const images = path.join(dir, "t10k-images-idx3-ubyte");
    const labels = path.join(dir, "t10k-labels-idx1-ubyte");
    fs.writeFileSync(images, idxBytes(0x08, [2, 1, 2], Buffer.from([0, 255, 51, 0])));
    fs.writeFileSync(labels, zlib.gzipSync(idxBytes(0x08, [2], Buffer.from([3, 9]))).subarray(0, 12));
    assert.throws(() => loadIdxDataset({ dir, split: "test" }), { message: new RegExp(`^${labels}: not a valid gzip stream`) } as never);
    fs.writeFileSync(labels, idxBytes(0x08, [2], Buffer.from([3, 12])));
    assert.throws(() => loadIdxDataset({ dir, split: "test" }), {
      message: `${labels}: label 12 at example 1 is not a class index in [0, 10)`,
    });
    fs.writeFileSync(labels, idxBytes(0x08, [3], Buffer.from([3, 1, 2])));
    assert.throws(() => loadIdxDataset({ dir, split: "test" }), {
      message: `${dir}: images [2,1,2] (t10k-images-idx3-ubyte) and labels [3] (t10k-labels-idx1-ubyte) do not pair up`,
    });
    fs.writeFileSync(images, idxBytes(0x08, [2, 2], Buffer.from([0, 255, 51, 0])));
    assert.throws(() => loadIdxDataset({ dir, split: "test" }), {
      message: `${images}: expected images [n > 0, rows, cols]; the file holds [2,2]`,
    });
    fs.rmSync(dir, { recursive: true });
  });

  it("rejects a negative, fractional or zero limit and misspelled options before reading anything", () => {
    const limit = (v: unknown) =>
      `loadIdxDataset: limit must be a positive integer (the number of examples to keep); got ${v}`;
    for (const bad of [-1, 2.5, 0, NaN, Infinity]) {
      assert.throws(() => loadIdxDataset({ dir: "/nonexistent", limit: bad }), { message: limit(bad) });
    }
    assert.throws(() => loadFashionMnist({ limit: -3 }), {
      message: "loadFashionMnist: limit must be a positive integer (the number of examples to keep); got -3",
    });
    assert.throws(() => loadIdxDataset({ dir: "/nonexistent", limt: 3 } as never), {
      message: 'loadIdxDataset: unknown option "limt"; did you mean "limit"? (the options are dir, split, limit, name)',
    });
    assert.throws(() => loadIdxDataset({ split: "val" as "test" }), {
      message: 'loadIdxDataset: split must be "train" or "test"; got "val"',
    });
    assert.throws(() => loadIdxDataset({ limit: "10" as unknown as number }), {
      message: 'loadIdxDataset: limit must be a number; got a string ("10")',
    });
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
