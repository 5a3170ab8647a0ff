/** The host two-layer nets the analytic experiments return, re-exported for the figures' floor. */
export { netPredict } from "../solvers/two-layer";
export type { TwoLayerNet } from "../solvers/two-layer";
