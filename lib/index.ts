/**
 * gaugelab: the shared lib the notebooks import in one line, `import * as g from "./lib"`.
 * An explicit barrel: every name says which file it comes from.
 */
export * as tf from "@tensorflow/tfjs";

// Environment: backend, project paths, quick mode, cached experiments.
export { BACKENDS, BACKEND_ENV_VAR, ensureBackend, forcedBackend, selectBackend } from "./core/backend";
export type { BackendName } from "./core/backend";
export { QUICK, isQuick, projectPath } from "./core/project";
export { cachePath, cached, writeFileAtomic } from "./experiment/cache";
export type { CacheOptions } from "./experiment/cache";
export { canonicalJson, configKey } from "./experiment/config-key";
export type { Json } from "./experiment/config-key";

// Randomness, parameters, training.
export {
  deriveSeed,
  Rng,
  shuffleInPlace,
  permutation,
  uniformArray,
  normalArray,
  uniformTensor,
  normalTensor,
} from "./core/rng";
export { kernelName, biasName, layerSizes, numLayers, cloneParams, disposeParams } from "./core/params";
export type { Params } from "./core/params";
export {
  ACTIVATIONS,
  activate,
  LEAKY_RELU_ALPHA,
  denseLayer,
  forward,
  hiddenActivations,
} from "./core/forward";
export type { Activation } from "./core/forward";
export { initStd, initKernelArray, initMlp, resizeBilinear, kernelFromPicture } from "./core/init";
export type { InitKind, InitOptions, Picture } from "./core/init";
export { Mask } from "./train/mask";
export { layerParamNames, trainableNames, trainableFlags, frozenFromFlags } from "./train/freeze";
export { softmaxCrossEntropy, meanSquaredError, computeLoss, lossAndGradient, accuracy } from "./train/loss";
export type { LossName } from "./train/loss";
export { mlpLossAndGrads } from "./train/mlp-grads";
export type { MlpGradOptions } from "./train/mlp-grads";
export { evaluate } from "./train/evaluate";
export type { EvalResult } from "./train/evaluate";
export { snapshotsAt } from "./train/callbacks";
export type { StepContext, EvalRecord, TrainCallbacks, Snapshots } from "./train/callbacks";
export { train } from "./train/train";
export { takeInterrupted } from "./train/interrupted-run";
export type { TrainResult } from "./train/train";
export type { TrainData, TrainOptions } from "./train/train-options";
export type { ProgressInfo, ProgressSink } from "./train/progress";
export { paramsToJson, paramsFromJson, saveParams, loadParams } from "./core/serialize";
export type { ParamsJson } from "./core/serialize";
export { sgd, momentum } from "./optim/sgd";
export { adam } from "./optim/adam";
export { makeOptimizer } from "./optim/make-optimizer";
export type {
  Optimizer,
  SgdConfig,
  MomentumConfig,
  AdamConfig,
  OptimizerConfig,
  OptimizerFactory,
} from "./optim/optimizer";

export { assertFinite, checkDataset } from "./data/dataset";
export type { IdxArray } from "./data/idx";
export { BatchSampler } from "./train/batches";
export type { Batch } from "./train/batches";
export { StopFlag, yieldToEventLoop } from "./train/interrupt";
export { checkLr } from "./optim/optimizer";

// Data.
export {
  classificationDataset,
  regressionDataset,
  subset,
  splitDataset,
  datasetTensors,
} from "./data/dataset";
export type { Dataset } from "./data/dataset";
export { MNIST_SIDE, mnistAll, loadMnist } from "./data/mnist";
export {
  parseIdx,
  readIdx,
  loadIdxDataset,
  loadFashionMnist,
  FASHION_MNIST_DIR,
  FASHION_MNIST_CLASSES,
} from "./data/idx";
export { interpolateKnots, regression1d, teacherStudent } from "./data/regression";
export type { Knot } from "./data/regression";
export { twoMoons, spirals } from "./data/synthetic-2d";
export type { Toy2dOptions } from "./data/synthetic-2d";

// Figures, tables, live progress.
export { show, figureBundle, figureText, PLOTLY_MIME } from "./viz/display";
export type { ShowOptions } from "./viz/display";
export { saveFigure, renderPng, renderSvg, closeRenderer, BrowserUnavailableError } from "./viz/render";
export type { RenderOptions } from "./viz/render";
export { makeFigure, plainFigure } from "./viz/figure";
export type { Figure, Trace, Layout } from "./viz/figure";
export { lineBands, meanStd } from "./viz/lines";
export type { SeedSeries, LineBandsOptions } from "./viz/lines";
export { scatter } from "./viz/scatter";
export type { ScatterGroup, ScatterOptions } from "./viz/scatter";
export { weightHeatmap } from "./viz/heatmap";
export type { HeatmapOptions } from "./viz/heatmap";
export { weightGrid } from "./viz/weight-grid";
export type { WeightGridOptions } from "./viz/weight-grid";
export { histogram, binCounts } from "./viz/histogram";
export type { HistogramGroup, HistogramOptions } from "./viz/histogram";
export { liveProgress, LiveProgress } from "./viz/progress";
export type { LiveProgressOptions } from "./viz/progress";
export { escapeHtml } from "./viz/escape";
export { showTable, tableBundle } from "./tables/show-table";
export type { TableViewOptions } from "./tables/table-view";
export { resultsFrame, saveCsv, toCsv } from "./tables/results";
export type { ResultRecord } from "./tables/results";
export { formatNumber } from "./tables/format";

// Pruning strategies.
export { outputLayer, prunableLayers } from "./prune/strategy";
export type { LayerOptions, PruneStrategy } from "./prune/strategy";
export { pruneEachLayer, pruneLowest } from "./prune/select";
export type { PruneGroup } from "./prune/select";
export { DEFAULT_LAYER_RATES } from "./prune/layer-rates";
export type { LayerRateOptions } from "./prune/layer-rates";
export { magnitudeLayerwise } from "./prune/magnitude-layerwise";
export type { MagnitudeLayerwiseOptions } from "./prune/magnitude-layerwise";
export { DEFAULT_MAGNITUDE_GLOBAL, magnitudeGlobal } from "./prune/magnitude-global";
export type { MagnitudeGlobalOptions } from "./prune/magnitude-global";
export { randomMaskLike, randomPrune } from "./prune/random";
export type { RandomPruneOptions } from "./prune/random";
export { snip, snipScores } from "./prune/snip";
export type { SnipOptions } from "./prune/snip";
export { DEFAULT_SYNFLOW, synflow, synflowScores } from "./prune/synflow";
export type { SynflowOptions } from "./prune/synflow";
export { STRATEGIES, STRATEGY_NAMES, getStrategy, isStrategyName, prune } from "./prune/registry";
export type { StrategyName, StrategyOptionsMap } from "./prune/registry";
export { maskedFraction } from "./prune/report";
export type { MaskRow } from "./prune/report";

// Gauge: symmetries, canonical forms, matching, interpolation, conserved quantities.
export { activationMatching } from "./gauge/activation-matching";
export type { ActivationMatchResult } from "./gauge/activation-matching";
export { assertSameArchitecture } from "./core/same-shapes";
export { canonicalGauge, canonicalize } from "./gauge/canonical-form";
export type { CanonicalGauge, CanonicalOptions } from "./gauge/canonical-form";
export { conservedDrift, conservedQuantities, neuronSquaredNorms } from "./gauge/conserved";
export type { ConservedDrift, NeuronSquaredNorms } from "./gauge/conserved";
export { gaugeDistance, matchedDistance, naiveDistance } from "./gauge/gauge-distance";
export { interpolate, interpolationCurve, lossBarrier } from "./gauge/interpolation";
export type { EvalFn, EvalPoint, InterpolationCurve } from "./gauge/interpolation";
export { linearAssignment, linearAssignmentFlat } from "./gauge/linear-assignment";
export type { Assignment, CostMatrix, LinearAssignmentOptions } from "./gauge/linear-assignment";
export { permuteMask } from "./gauge/mask-transfer";
export {
  flashFloodTable,
  log10Factorial,
  log10PermutationCount,
  orbitSize,
  permutationCount,
} from "./gauge/orbit-count";
export type { FlashFloodRow, OrbitSize } from "./gauge/orbit-count";
export { assertPerm, composePerms, identityPerm, invertPerm } from "./gauge/perm";
export type { Perm, Perms } from "./gauge/perm";
export {
  assertPermsFit,
  assertSpecFits,
  permName,
  permutationSpec,
  specFromAxes,
} from "./gauge/permutation-spec";
export type { PermutationSpec } from "./gauge/permutation-spec";
export { permute, permuteTensor } from "./gauge/permute";
export { randomPerms, randomScales } from "./gauge/random-group";
export { assertScalesFit, rescale } from "./gauge/rescale";
export type { Scales } from "./gauge/rescale";
export { weightMatching } from "./gauge/weight-matching";
export type { WeightMatchingOptions, WeightMatchResult } from "./gauge/weight-matching";

// Lottery tickets: IMP, controls, seeds, stability, figures and tables.
export {
  DEFAULT_LOTTERY,
  OPEN_LTH_LOTTERY,
  QUICK_LOTTERY,
  checkLotteryConfig,
  lotteryForMode,
  plannedSteps,
  quickLottery,
} from "./lottery/config";
export type {
  ControlKind,
  InitPruning,
  LotteryConfig,
  LotteryData,
  LotteryPruning,
  RunKind,
} from "./lottery/config";
export { controlStart, trainControls } from "./lottery/controls";
export type { ControlStart } from "./lottery/controls";
export { lotteryData } from "./lottery/data";
export {
  KIND_NAMES,
  densityFigure,
  firstLayerMasks,
  lotterySeries,
  pixelSurvival,
  stabilityFigure,
} from "./viz/lottery-figures";
export { checkPruning, pruneRound, runImp } from "./lottery/imp";
export type { ImpCallbacks, ImpOptions, ImpResult, ImpRound, ImpSpec } from "./lottery/imp";
export { decodeMask, encodeMask } from "./lottery/mask-codec";
export type { EncodedMask } from "./lottery/mask-codec";
export { pruneAtInitMask, pruneAtInitRound, runPruneAtInit } from "./lottery/prune-at-init";
export type { PruneAtInitResult, PruneAtInitRun } from "./lottery/prune-at-init";
export { DEFAULT_PRUNE_AT_INIT, checkPruneAtInit, quickPruneAtInit } from "./lottery/prune-at-init-config";
export type { PruneAtInitConfig } from "./lottery/prune-at-init-config";
export { layerDensityTable, lotteryTable } from "./tables/lottery-report";
export type { RoundResult } from "./lottery/round-result";
export { isLotteryCached, lotteryInit, runLottery } from "./lottery/run";
export type { ExperimentOptions, LotteryRun } from "./lottery/run";
export { LOTTERY_METRICS, runLotterySeeds, summarizeKind, summarizeSeeds } from "./lottery/seeds";
export type { KindSummary, LotteryMetric, LotterySeeds, MetricStats } from "./lottery/seeds";
export { runStability } from "./lottery/stability";
export { DEFAULT_STABILITY, checkStability, quickStability } from "./lottery/stability-config";
export type {
  StabilityConfig,
  StabilityKind,
  StabilityPoint,
  StabilityResult,
} from "./lottery/stability-config";
export { LotteryInterrupted } from "./lottery/train-round";

// Gauge experiments: the glue behind notebooks/02-gauge-symmetry.ipynb.
export { DEFAULT_PAIR, QUICK_PAIR, pairData, pairInit, trainPair } from "./gauge-experiments/pair";
export type {
  NetSummary,
  PairConfig,
  PairData,
  TrainedPair,
  TrainPairOptions,
} from "./gauge-experiments/pair";
export {
  ALIGN_METHODS,
  interpolationFigure,
  matchedInterpolation,
} from "./gauge-experiments/matched-interpolation";
export type {
  AlignMethod,
  BarrierRow,
  MatchedInterpolation,
  MatchedInterpolationOptions,
} from "./gauge-experiments/matched-interpolation";
export { firstLayerColumns, mostSimilarNeurons, neuronCosines } from "./gauge-experiments/neuron-similarity";
export { invarianceTable, orbitDistances, randomOrbitPoint } from "./gauge-experiments/symmetry-checks";
export type { InvarianceRow, OrbitDistanceRow } from "./gauge-experiments/symmetry-checks";
export { DEFAULT_CONSERVED, QUICK_CONSERVED, conservedDriftSweep } from "./gauge-experiments/conserved-sweep";
export { conservedSweepFigure, conservedTrajectoryFigure } from "./viz/conserved-figures";
export type {
  ConservedSweep,
  ConservedSweepConfig,
  ConservedSweepRow,
  ConservedTrajectory,
} from "./gauge-experiments/conserved-sweep";
export {
  DEFAULT_MASK_TRANSFER,
  QUICK_MASK_TRANSFER,
  TRANSFER_MASKS,
  maskOverlap,
  maskTransferExperiment,
  maskTransferFigure,
} from "./gauge-experiments/mask-transfer-experiment";
export type {
  MaskTransferConfig,
  MaskTransferOptions,
  MaskTransferRow,
} from "./gauge-experiments/mask-transfer-experiment";

import { announceBackendOnce } from "./kernel/banner";
announceBackendOnce();
