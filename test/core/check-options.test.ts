import { describe, it } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { checkMethods, checkOptions, describeValue } from "../../lib/core/check-options";
import { closestName, didYouMean, editDistance } from "../../lib/core/closest";
import { Registry } from "../../lib/core/registry";
import { useBackend } from "../helpers/tf";

useBackend();

const SHAPE = {
  lr: "number",
  batchSize: "number?",
  loss: "string?",
  callbacks: "object|array?",
  mask: "tensor?",
  run: "function?",
  extra: "any?",
} as const;

const fails = (value: unknown, message: string) =>
  assert.throws(() => checkOptions(value, SHAPE, "train"), { message });

describe("closest names", () => {
  it("measures case-insensitive edit distance", () => {
    assert.equal(editDistance("kitten", "sitting"), 3);
    assert.equal(editDistance("batchsize", "batchSize"), 0);
    assert.equal(editDistance("", "abc"), 3);
    assert.equal(editDistance("adamm", "adam"), 1);
    assert.equal(editDistance("abc", "abc"), 0);
  });

  it("suggests the closest candidate within half the name's length (at least 2), ties to the earlier", () => {
    assert.equal(closestName("batchsize", ["seed", "batchSize", "numSteps"]), "batchSize");
    assert.equal(closestName("numstep", ["seed", "numSteps", "epochs"]), "numSteps");
    assert.equal(closestName("xyz", ["sgd", "adam"]), undefined, "3 edits away from sgd: no suggestion");
    assert.equal(
      closestName("ab", ["cd", "ce"]),
      "cd",
      "2 edits are allowed for short names; the earlier wins",
    );
    assert.equal(closestName("x", []), undefined);
    assert.equal(didYouMean("adamm", ["sgd", "momentum", "adam"]), '; did you mean "adam"?');
    assert.equal(didYouMean("rmsprop", ["sgd", "adam"]), "");
  });
});

describe("describeValue", () => {
  it("names a value the way error messages do", () => {
    assert.equal(describeValue("0.1"), 'a string ("0.1")');
    assert.equal(describeValue(3), "the number 3");
    assert.equal(describeValue(false), "the boolean false");
    assert.equal(describeValue([1]), "an array");
    assert.equal(describeValue({}), "an object");
    assert.equal(describeValue(null), "null");
    assert.equal(describeValue(undefined), "undefined");
    assert.equal(
      describeValue(() => 1),
      "a function",
    );
    tf.tidy(() => assert.equal(describeValue(tf.zeros([1])), "a tensor"));
  });
});

describe("checkOptions", () => {
  it("accepts required and optional keys of the right types, and undefined as absent", () => {
    tf.tidy(() => {
      checkOptions({ lr: 0.1 }, SHAPE, "train");
      checkOptions(
        {
          lr: 0.1,
          batchSize: 20,
          loss: "mse",
          callbacks: [],
          mask: tf.zeros([1]),
          run: () => 1,
          extra: null,
        },
        SHAPE,
        "train",
      );
      checkOptions({ lr: 0.1, callbacks: {} }, SHAPE, "train");
      checkOptions({ lr: 0.1, batchsize: undefined, loss: undefined }, SHAPE, "train");
    });
  });

  it("rejects an unknown key, naming the closest valid key and listing all of them", () => {
    const options = "(the options are lr, batchSize, loss, callbacks, mask, run, extra)";
    fails(
      { lr: 0.1, batchsize: 20 },
      `train: unknown option "batchsize"; did you mean "batchSize"? ${options}`,
    );
    fails({ lr: 0.1, momentum: 0.9 }, `train: unknown option "momentum" ${options}`);
    fails({ lr: 0.1, toString: 1 }, `train: unknown option "toString" ${options}`);
  });

  it("rejects a missing required key, naming its type", () => {
    fails({}, 'train: option "lr" is missing (a number)');
    fails({ lr: undefined }, 'train: option "lr" is missing (a number)');
    assert.throws(() => checkOptions({}, { callbacks: "object|array" }, "x"), {
      message: 'x: option "callbacks" is missing (an object or an array)',
    });
  });

  it("rejects a wrong type, saying what it got", () => {
    fails({ lr: "0.1" }, 'train: lr must be a number; got a string ("0.1")');
    fails({ lr: null }, "train: lr must be a number; got null");
    fails({ lr: 0.1, batchSize: [20] }, "train: batchSize must be a number; got an array");
    fails({ lr: 0.1, callbacks: 3 }, "train: callbacks must be an object or an array; got the number 3");
    fails({ lr: 0.1, callbacks: "x" }, 'train: callbacks must be an object or an array; got a string ("x")');
    fails({ lr: 0.1, mask: [[1]] }, "train: mask must be a tensor; got an array");
    fails({ lr: 0.1, loss: true }, "train: loss must be a string; got the boolean true");
    fails({ lr: 0.1, run: {} }, "train: run must be a function; got an object");
  });

  it("rejects a value that is not an options object", () => {
    for (const [value, what] of [
      [undefined, "undefined"],
      [null, "null"],
      [[], "an array"],
      ["lr", 'a string ("lr")'],
    ] as const) {
      fails(value, `train: expected an object of options; got ${what}`);
    }
  });
});

describe("Registry", () => {
  interface Entry {
    readonly kind: string;
    readonly value: number;
  }

  it("dispatches by kind, lists kinds in registration order, and refuses a duplicate", () => {
    const registry = new Registry<Entry>("widget");
    const a = { kind: "alpha", value: 1 };
    registry.register(a);
    registry.register({ kind: "beta", value: 2 });
    assert.equal(registry.get("alpha"), a);
    assert.equal(registry.has("beta"), true);
    assert.equal(registry.has("gamma"), false);
    assert.deepEqual(registry.kinds, ["alpha", "beta"]);
    assert.throws(() => registry.register({ kind: "alpha", value: 3 }), {
      message: 'widget "alpha" is already registered; pick another kind name',
    });
    assert.equal(registry.get("alpha"), a, "the first registration stays");
  });

  it("names the closest kind and lists the known ones for an unknown kind", () => {
    const registry = new Registry<Entry>("optimizer");
    for (const kind of ["sgd", "momentum", "adam"]) registry.register({ kind, value: 0 });
    assert.throws(() => registry.get("adamm"), {
      message: 'unknown optimizer "adamm"; did you mean "adam"? known: sgd, momentum, adam',
    });
    assert.throws(() => registry.get("rmsprop"), {
      message: 'unknown optimizer "rmsprop"; known: sgd, momentum, adam',
    });
    assert.throws(() => registry.get(undefined), {
      message: "unknown optimizer undefined; known: sgd, momentum, adam",
    });
    assert.throws(() => registry.get(3), { message: "unknown optimizer 3; known: sgd, momentum, adam" });
    assert.throws(() => registry.get("toString"), /^Error: unknown optimizer "toString"/);
    assert.throws(() => registry.get("sdg", "config.optimizer"), {
      message: 'config.optimizer: unknown optimizer "sdg"; did you mean "sgd"? known: sgd, momentum, adam',
    });
  });
});

describe("checkMethods", () => {
  const sink = ["update(info)", "done(info)"];
  it("accepts objects and class instances that have every method", () => {
    checkMethods({ update: () => 1, done: () => 1 }, sink, "train: progress");
    class Sink {
      update() {}
      done() {}
    }
    checkMethods(new Sink(), sink, "train: progress");
    checkMethods({ run() {} }, ["run()"], "unit");
  });

  it("names the option, the methods and what was wrong", () => {
    const message = (got: string) =>
      `train: progress must have update(info) and done(info) methods; got ${got}`;
    for (const [value, got] of [
      [undefined, "undefined"],
      [null, "null"],
      [3, "the number 3"],
      [[], "an array"],
      [() => 1, "a function"],
      [{}, "an object without update"],
      [{ update: () => 1 }, "an object without done"],
      [{ update: "x", done: () => 1 }, 'an object whose update is a string ("x")'],
    ] as const) {
      assert.throws(() => checkMethods(value, sink, "train: progress"), { message: message(got) });
    }
    assert.throws(() => checkMethods({}, ["run()"], "unit"), {
      message: "unit must have a run() method; got an object without run",
    });
    assert.throws(() => checkMethods({}, ["a()", "b()", "c()"], "x"), {
      message: "x must have a(), b() and c() methods; got an object without a",
    });
  });
});
