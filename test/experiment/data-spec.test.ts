import { describe, it } from "node:test";
import * as assert from "node:assert/strict";
import { type DataSpec, loadData, trainSize } from "../../lib/experiment/data-spec";
import type { Dataset } from "../../lib/data/dataset";

/** Each example's inputs and label, as a string, to compare sets of examples. */
function rows(ds: Dataset): string[] {
  return Array.from(
    { length: ds.numExamples },
    (_, i) => `${Array.from(ds.X.subarray(i * ds.inDim, (i + 1) * ds.inDim))}|${ds.labels?.[i]}`,
  );
}

const SPIRALS: DataSpec = { kind: "spirals", n: 240, numClasses: 3, numTest: 40, numVal: 30, seed: 0 };

describe("loadData", () => {
  it("splits MNIST-10k into 7,000 train / 1,000 val / 2,000 test, named by role", () => {
    const spec: DataSpec = { kind: "mnist", seed: 0, numVal: 1000 };
    const { train, val, test } = loadData(spec);
    assert.deepEqual(
      [train, val, test].map((ds) => [ds?.name, ds?.numExamples]),
      [
        ["mnist/train", 7000],
        ["mnist/val", 1000],
        ["mnist/test", 2000],
      ],
    );
    assert.equal(train.inDim, 784);
    assert.equal(trainSize(spec), train.numExamples);
    const plain = loadData({ kind: "mnist", seed: 0 });
    assert.equal(plain.val, undefined, "no validation set without numVal");
    assert.deepEqual([plain.train.name, plain.train.numExamples], ["mnist/train", 8000]);
    assert.deepEqual(rows(plain.test), rows(test), "holding out val leaves the test set alone");
  });

  it("splits Fashion-MNIST's official 60,000 training images into 55,000 train / 5,000 val, its 10,000 test kept", () => {
    const spec: DataSpec = { kind: "fashion-mnist", seed: 0, numVal: 5000 };
    const { train, val, test } = loadData(spec);
    assert.deepEqual(
      [train, val, test].map((ds) => [ds?.name, ds?.numExamples]),
      [
        ["fashion-mnist/train", 55000],
        ["fashion-mnist/val", 5000],
        ["fashion-mnist/test", 10000],
      ],
    );
    assert.equal(trainSize(spec), 55000);
    const classes = new Set(Array.from(test.labels ?? []));
    assert.equal(classes.size, 10, "all ten garment classes in the test set");
    const small: DataSpec = { kind: "fashion-mnist", seed: 0, numVal: 1000, limit: 6000 };
    const part = loadData(small);
    assert.deepEqual(
      [part.train.numExamples, part.val?.numExamples, part.test.numExamples],
      [5000, 1000, 6000],
    );
    assert.equal(trainSize(small), 5000);
  });

  it("splits spirals into disjoint train, val and test sets of the asked sizes, the same for the same seed", () => {
    const { train, val, test } = loadData(SPIRALS);
    assert.ok(val);
    assert.deepEqual(
      [train, val, test].map((ds) => ds.numExamples),
      [170, 30, 40],
    );
    assert.deepEqual(
      [train, val, test].map((ds) => ds.name.replace(/^.*\//, "")),
      ["train", "val", "test"],
    );
    assert.equal(trainSize(SPIRALS), train.numExamples);
    const all = [...rows(train), ...rows(val), ...rows(test)];
    assert.equal(new Set(all).size, 240, "every example lands in exactly one part");
    assert.deepEqual(rows(loadData(SPIRALS).val as Dataset), rows(val));
    assert.notDeepEqual(rows(loadData({ ...SPIRALS, seed: 1 }).test), rows(test));
    const noVal: DataSpec = { ...SPIRALS, numVal: undefined };
    assert.equal(loadData(noVal).train.numExamples, 200);
    assert.equal(trainSize(noVal), 200);
  });

  it("names the closest kind for an unknown one, and the closest option for a misspelled one", () => {
    assert.throws(() => loadData({ kind: "mnsit", seed: 0 } as unknown as DataSpec), {
      message: 'data: unknown data kind "mnsit"; did you mean "mnist"? known: mnist, fashion-mnist, spirals',
    });
    assert.throws(() => loadData({ kind: "cifar" } as unknown as DataSpec), {
      message: 'data: unknown data kind "cifar"; known: mnist, fashion-mnist, spirals',
    });
    assert.throws(() => loadData({ kind: "mnist", seed: 0, numval: 1000 } as unknown as DataSpec), {
      message:
        'data (mnist): unknown option "numval"; did you mean "numVal"? (the options are kind, seed, numVal)',
    });
    const { numTest: _numTest, ...noTest } = SPIRALS;
    assert.throws(() => loadData(noTest as DataSpec), {
      message: 'data (spirals): option "numTest" is missing (a number)',
    });
    assert.throws(() => loadData({ ...SPIRALS, numVal: "30" } as unknown as DataSpec), {
      message: 'data (spirals): numVal must be a number; got a string ("30")',
    });
    assert.throws(
      () => loadData({ ...SPIRALS, numVal: 200 }),
      /^Error: data \(spirals\): numVal must be an integer in \[0, 200\)/,
    );
  });
});
