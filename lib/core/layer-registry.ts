import type { LayerKind, LayerSpec } from "./layer-kind";
import { attention } from "./layers/attention";
import { bspline } from "./layers/bspline";
import { dense } from "./layers/dense";
import { hinge } from "./layers/hinge";
import { randomRelu } from "./layers/random-relu";
import { Registry } from "./registry";

/** Every layer kind an architecture may use, by `kind`. */
export const LAYER_KINDS = new Registry<LayerKind>("layer kind");

for (const kind of [dense, hinge, bspline, randomRelu, attention])
  LAYER_KINDS.register(kind as unknown as LayerKind);

/**
 * Registers a new layer kind, e.g. from a notebook or a test: afterwards architectures may name it.
 * @throws when the kind name is taken.
 */
export function registerLayerKind<S extends LayerSpec>(kind: LayerKind<S>): void {
  LAYER_KINDS.register(kind as unknown as LayerKind);
}
