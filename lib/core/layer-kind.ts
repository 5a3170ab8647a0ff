import type * as tf from "@tensorflow/tfjs";
import type { OptionShape } from "./check-options";
import type { InitKind } from "./init-kernel";
import type { Json } from "./json";

/**
 * One layer of an architecture as data: its kind (a key of the layer-kind registry) and that kind's options,
 * e.g. `{ kind: "dense", units: 300, activation: "relu" }`. Every kind also accepts `name` (default
 * `<kind><index>`, e.g. `dense0`, the prefix of its param names) and `frozen: true` (its params never train).
 */
export interface LayerSpec {
  readonly kind: string;
  readonly name?: string;
  readonly frozen?: boolean;
  readonly [option: string]: Json | undefined;
}

/** One layer's params keyed by their suffix (`kernel`, `bias`), not by their full name. */
export type LayerParams = Readonly<Record<string, tf.Tensor>>;

/** What a layer's forward pass keeps for its backward pass: its input, and whatever else its kind needs. */
export interface LayerTape {
  /** The layer's input `[batch, inDim]`. */
  readonly input: tf.Tensor2D;
  /** The layer's output `[batch, outDim]`. */
  readonly out: tf.Tensor2D;
  /** The pre-activation `[batch, outDim]`, kept when the activation's derivative needs it. */
  readonly z?: tf.Tensor2D;
}

/** Which gradients a layer's backward pass must return. */
export interface BackwardWants {
  /** Param suffixes whose gradients are wanted (frozen ones are left out). */
  readonly params: readonly string[];
  /** Whether the gradient with respect to the layer's input is wanted (false for the lowest layer trained). */
  readonly input: boolean;
}

/** Options every kind's `init` receives. */
export interface LayerInitOptions {
  /** This layer's own seed, `deriveSeed(seed, "init/<layer name>")`. */
  readonly seed: number;
  readonly init: InitKind;
  readonly biasValue: number;
}

/**
 * A layer kind: everything the kit needs to know about one kind of layer, registered once in
 * `LAYER_KINDS`. Forward, backward, init, shapes, pruning and symmetry all read it, so adding a kind is one
 * file plus one registration. Tensors returned by any method are new and owned by the caller.
 *
 * @typeParam S the kind's spec type.
 */
export interface LayerKind<S extends LayerSpec = LayerSpec> {
  readonly kind: string;
  /** The kind's own options and their types, for `checkOptions` (`kind`, `name`, `frozen` are common). */
  readonly options: OptionShape;
  /** Checks option values for a layer fed `inDim` inputs. @throws prefixed with `where`. */
  check(spec: S, inDim: number, where: string): void;
  /** The layer's output width. */
  outDim(spec: S, inDim: number): number;
  /** The shape of each param by suffix, in storage order, e.g. `{ kernel: [in, out], bias: [out] }`. */
  paramShapes(spec: S, inDim: number): Readonly<Record<string, readonly number[]>>;
  /** The suffixes pruning may mask (biases never). */
  readonly prunable: readonly string[];
  /**
   * True for kinds whose layers are frozen unless their spec says `frozen: false` (an ordered basis fixed by
   * its spec, such as hinges or B-splines).
   */
  readonly frozenByDefault?: boolean;
  /** Fresh params by suffix. */
  init(spec: S, inDim: number, options: LayerInitOptions): Record<string, tf.Tensor>;
  /** The layer's function on `h [batch, inDim]`, returning `[batch, outDim]`. */
  forward(spec: S, p: LayerParams, h: tf.Tensor2D): tf.Tensor2D;
  /** The forward pass keeping what `backward` needs; present exactly when `backward` is. */
  forwardTape?(spec: S, p: LayerParams, h: tf.Tensor2D): LayerTape;
  /**
   * A hand-written backward pass from the tape and `dOut = ∂L/∂out [batch, outDim]`. Kinds without one are
   * differentiated by `tf.grads` of `forward`.
   */
  backward?(
    spec: S,
    p: LayerParams,
    tape: LayerTape,
    dOut: tf.Tensor2D,
    wants: BackwardWants,
  ): { readonly grads: Record<string, tf.Tensor>; readonly dIn?: tf.Tensor2D };
  /**
   * Where this layer's output units live in its params: the weights into each unit (suffix → axis) and its
   * bias. Absent when the order of the outputs is fixed (then they carry no permutation symmetry).
   */
  readonly outputUnits?: {
    readonly weights: Readonly<Record<string, number>>;
    readonly bias?: Readonly<Record<string, number>>;
  };
  /** Where this layer's input units live in its params (suffix → axis), for permuting the layer below. */
  readonly inputUnits?: Readonly<Record<string, number>>;
  /** The degree p of positive homogeneity of its output units (see `ActivationDef`), or null. */
  rescaleDegree(spec: S): number | null;
}
