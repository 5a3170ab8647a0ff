/**
 * gaugelab: the shared lib the notebooks import in one line, `import * as g from "./lib"`.
 * An explicit barrel, floor by floor (see README, "Layout"): every name says which file it comes from.
 */
export * as tf from "@tensorflow/tfjs";

// Core: backend, project paths, randomness, models as data (architecture, layer kinds, params).
export { BACKENDS, BACKEND_ENV_VAR, ensureBackend, forcedBackend, selectBackend } from "./core/backend";
export type { BackendName } from "./core/backend";
export { QUICK, isQuick, projectPath } from "./core/project";
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
export type { Json } from "./core/json";
export { checkMethods, checkOptions, describeValue } from "./core/check-options";
export { assertFiniteNetworks, assertFiniteParams } from "./core/finite";
export type { OptionShape, TypeName } from "./core/check-options";
export { closestName, didYouMean, editDistance } from "./core/closest";
export { Registry } from "./core/registry";
export {
  checkParams,
  layerParamNames,
  layerSizes,
  layersOf,
  mlp,
  paramShapes,
  prunableParams,
} from "./core/architecture";
export type { Architecture, Layer } from "./core/architecture";
export { LAYER_KINDS, registerLayerKind } from "./core/layer-registry";
export type {
  BackwardWants,
  LayerInitOptions,
  LayerKind,
  LayerParams,
  LayerSpec,
  LayerTape,
} from "./core/layer-kind";
export { dense } from "./core/layers/dense";
export type { DenseSpec } from "./core/layers/dense";
export { attention } from "./core/layers/attention";
export type { AttentionSpec } from "./core/layers/attention";
export { hinge, hingeKnots } from "./core/layers/hinge";
export type { HingeSpec } from "./core/layers/hinge";
export { bspline, bsplineKnots } from "./core/layers/bspline";
export type { BSplineSpec } from "./core/layers/bspline";
export { bsplineBasis } from "./core/layers/bspline-basis";
export { randomRelu } from "./core/layers/random-relu";
export type { RandomReluSpec } from "./core/layers/random-relu";
export { checkSortedKnots } from "./core/layers/knots";
export type { KnotsOption } from "./core/layers/knots";
export { ACTIVATIONS, ACTIVATION_DEFS, LEAKY_RELU_ALPHA, activate, activationDef } from "./core/activations";
export type { Activation, ActivationDef } from "./core/activations";
export { cloneParams, disposeParams } from "./core/params";
export type { Params } from "./core/params";
export { assertSameShapes, checkPair } from "./core/same-shapes";
export { initKernelArray, initStd } from "./core/init-kernel";
export type { InitKind } from "./core/init-kernel";
export { initParams } from "./core/init";
export type { InitOptions } from "./core/init";
export { kernelFromPicture, resizeBilinear } from "./core/picture";
export type { Picture } from "./core/picture";
export { GLYPH_LETTERS, glyphPicture } from "./core/glyph";
export { WATERMARK_MODES, inkOf, watermarkKernel } from "./core/watermark";
export type { WatermarkMode, WatermarkOptions } from "./core/watermark";
export { forward, layerOutputs, layerParams } from "./core/forward";
export { loadModel, modelFromJson, modelToJson, saveModel } from "./core/serialize";
export type { ModelJson } from "./core/serialize";
export { meanStd, ranks, spearman } from "./core/stats";

// Data.
export {
  assertFinite,
  checkDataset,
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
export type { IdxArray } from "./data/idx";
export { interpolateKnots, regression1d, teacherStudent } from "./data/regression";
export type { Knot } from "./data/regression";
export { twoMoons, spirals } from "./data/synthetic-2d";
export type { Toy2dOptions } from "./data/synthetic-2d";

// Training: the loop, backward passes, masks, freezing; optimizers through their registry.
export { Mask } from "./train/mask";
export { trainableNames } from "./train/freeze";
export {
  LOSS_NAMES,
  softmaxCrossEntropy,
  meanSquaredError,
  computeLoss,
  lossAndGradient,
  accuracy,
  checkLabels,
} from "./train/loss";
export type { LossName } from "./train/loss";
export {
  DEFAULT_DISTILL,
  distillationLoss,
  distillationLossAndGradient,
  resolveDistill,
} from "./train/distill";
export type { DistillOptions, DistillWeights, ResolvedDistill } from "./train/distill";
export { lossAndGrads } from "./train/backward";
export type { GradOptions, LossAndGrads } from "./train/backward";
export { evaluate } from "./train/evaluate";
export type { EvalResult } from "./train/evaluate";
export { checkCallbacks, snapshotsAt } from "./train/callbacks";
export type { StepContext, EvalRecord, TrainCallbacks, Snapshots } from "./train/callbacks";
export { train } from "./train/train";
export { ELEMENTWISE_OPTIMIZERS, trainPopulation } from "./train/population";
export type { PopulationOptions } from "./train/population";
export type { TrainResult } from "./train/train-result";
export type { TestWhen, TrainData, TrainOptions } from "./train/train-options";
export { l2PenaltyValue, resolveL2 } from "./train/l2";
export type { L2Penalty, ResolvedL2 } from "./train/l2";
export { takeInterrupted } from "./train/interrupted-run";
export type { ProgressInfo, ProgressSink } from "./train/progress";
export { BatchSampler } from "./train/batches";
export type { Batch } from "./train/batches";
export { StopFlag, checkSignal, yieldToEventLoop } from "./train/interrupt";
export { OPTIMIZERS, makeOptimizer, registerOptimizer } from "./optim/registry";
export { sgd } from "./optim/sgd";
export type { SgdConfig } from "./optim/sgd";
export { momentum } from "./optim/momentum";
export type { MomentumConfig } from "./optim/momentum";
export { adam } from "./optim/adam";
export type { AdamConfig } from "./optim/adam";
export { checkLr, checkRange } from "./optim/optimizer";
export type { Optimizer, OptimizerConfig, OptimizerKind } from "./optim/optimizer";
export { muon } from "./optim/muon";
export type { MuonConfig } from "./optim/muon";
export { spectralGd, spectralNormEstimate } from "./optim/spectral-gd";
export type { SpectralGdConfig } from "./optim/spectral-gd";
export { dualizedGd } from "./optim/dualized-gd";
export type { DualizedGdConfig } from "./optim/dualized-gd";
export { MUON_COEFFICIENTS, POLAR_COEFFICIENTS, newtonSchulz } from "./optim/newton-schulz";
export type { NewtonSchulzOptions } from "./optim/newton-schulz";
export { matrixScale } from "./optim/matrix-optimizer";
export type { FallbackConfig, MatrixOptimizerConfig, MatrixScale } from "./optim/matrix-optimizer";
export { hiddenMatrices } from "./optim/matrix-names";

// Pruning strategies, through their registry.
export { PRUNING_STRATEGIES, prune, registerPruningStrategy } from "./prune/registry";
export { outputLayer } from "./prune/strategy";
export type { LayerOptions, PruneKind, PruneStrategy, PruningConfig, PruningOptions } from "./prune/strategy";
export { pruneEachLayer, pruneLowest } from "./prune/select";
export type { PruneGroup } from "./prune/select";
export { DEFAULT_LAYER_RATES } from "./prune/layer-rates";
export type { LayerRateOptions } from "./prune/layer-rates";
export { magnitudeLayerwise, magnitudeLayerwiseKind } from "./prune/magnitude-layerwise";
export type { MagnitudeLayerwiseOptions } from "./prune/magnitude-layerwise";
export { DEFAULT_MAGNITUDE_GLOBAL, magnitudeGlobal, magnitudeGlobalKind } from "./prune/magnitude-global";
export type { MagnitudeGlobalOptions } from "./prune/magnitude-global";
export { randomMaskLike, randomPrune, randomPruneKind } from "./prune/random";
export type { RandomPruneOptions } from "./prune/random";
export { snip, snipKind, snipScores } from "./prune/snip";
export type { SnipOptions } from "./prune/snip";
export { DEFAULT_SYNFLOW, synflow, synflowKind, synflowScores } from "./prune/synflow";
export type { SynflowOptions } from "./prune/synflow";
export { maskedFraction } from "./prune/report";
export type { MaskRow } from "./prune/report";

// Gauge: the permutation spec, symmetries, canonical forms, matching, interpolation, conserved quantities.
export { activationMatching } from "./gauge/activation-matching";
export type { ActivationMatchResult } from "./gauge/activation-matching";
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
export type { PermutationSpec, UnitGroup } from "./gauge/permutation-spec";
export { permute, permuteTensor } from "./gauge/permute";
export { randomPerms, randomScales } from "./gauge/random-group";
export { assertScalesFit, rescale } from "./gauge/rescale";
export type { Scales } from "./gauge/rescale";
export { weightMatching } from "./gauge/weight-matching";
export type { WeightMatchingOptions, WeightMatchResult } from "./gauge/weight-matching";

// Solvers: convex two-layer ReLU programs and closed forms, on host Float64 arrays (see README, "Analytic weights").
export { fista } from "./solvers/fista";
export type { FistaOptions, FistaProblem, FistaResult, ProxFn, SmoothFn } from "./solvers/fista";
export { groupIndex, groupNorms, groupPenalty, groupProx } from "./solvers/groups";
export type { GroupIndex } from "./solvers/groups";
export { columnSpanBasis, denseOperator } from "./solvers/linear-operator";
export type { DenseInput, LinearOperator } from "./solvers/linear-operator";
export { dualBound, scaledDualValue } from "./solvers/dual-bound";
export { solveGroupLasso } from "./solvers/group-lasso";
export type { GroupLassoOptions, GroupLassoProblem, GroupLassoResult } from "./solvers/group-lasso";
export { hingeDictionary, hingeLasso, hingeNet } from "./solvers/hinge-lasso";
export type { HingeDictionary, HingeLassoResult } from "./solvers/hinge-lasso";
export {
  netFromParams,
  netPredict,
  netWidth,
  paramsPredict,
  twoLayerParams,
  weightDecayObjective,
} from "./solvers/two-layer";
export type { TwoLayerNet } from "./solvers/two-layer";
export { crossProduct, hyperplaneThrough } from "./solvers/cross-product";
export type { Hyperplane } from "./solvers/cross-product";
export { enumeratePatterns, samplePatterns, withOnes } from "./solvers/patterns";
export type { Patterns } from "./solvers/patterns";
export { patternSubset } from "./solvers/pattern-subset";
export {
  DEFAULT_MAX_BYTES,
  checkEnumeration,
  formatBytes,
  generalPositionCount,
  matrixRank,
  patternBound,
  programBytes,
} from "./solvers/pattern-count";
export { nnls } from "./solvers/nnls";
export { checkProgram } from "./solvers/program-input";
export type { CheckedProgram, ConvexProgram } from "./solvers/program-input";
export { solveConvexRelu } from "./solvers/convex-relu";
export type {
  ConvexReluOptions,
  ConvexReluProgress,
  ConvexReluResult,
  ConvexReluSummary,
} from "./solvers/convex-relu-types";
export { ReluProgram } from "./solvers/relu-program";
export { dualCandidate, dualScores, reluLowerBound } from "./solvers/relu-dual";
export { recoverNet } from "./solvers/recover";
export { gatedOperator, solveGatedRelu } from "./solvers/gated-relu";
export type { GatedReluResult } from "./solvers/gated-relu";
export { closedFormCandidates, closedFormNet } from "./solvers/closed-form";
export type { ClosedFormCandidates, ClosedFormResult } from "./solvers/closed-form";
export { refineGrid } from "./splines/refine-grid";
export type { RefinedModel } from "./splines/refine-grid";
export { pca } from "./data/pca";
export type { Pca } from "./data/pca";
export { TARGET_FUNCTIONS, sampleTarget, targetFunction } from "./data/target-functions";
export type { TargetFunction, TargetName, TargetSpec } from "./data/target-functions";
export { ARM_LABELS, BASIS_ARMS, armLayer } from "./spline-experiments/arms";
export type { BasisArm } from "./spline-experiments/arms";
export {
  BASIS_REGRESSION,
  DEFAULT_BASIS_REGRESSION,
  QUICK_BASIS_REGRESSION,
} from "./spline-experiments/basis-regression";
export type {
  BasisArmRun,
  BasisRegressionConfig,
  BasisRegressionResult,
} from "./spline-experiments/basis-regression";
export {
  CONVEX_BRIDGE,
  DEFAULT_CONVEX_BRIDGE,
  QUICK_CONVEX_BRIDGE,
  hingeOptimum,
  hingeOptimumNet,
  hingeOptimumParams,
} from "./spline-experiments/convex-bridge";
export type {
  ConvexBridgeConfig,
  ConvexBridgeResult,
  HingeOptimum,
} from "./spline-experiments/convex-bridge";
export {
  DEFAULT_KAN_TOY,
  KAN_TOY,
  QUICK_KAN_TOY,
  frozenGridKan,
  matchedMlp,
  trainableCount,
} from "./spline-experiments/kan-toy";
export type { FitSummary, KanToyConfig, KanToyResult, KanToyRow } from "./spline-experiments/kan-toy";
export {
  DEFAULT_MNIST_BASES,
  QUICK_MNIST_BASES,
  mnistArm,
  mnistSetup,
} from "./spline-experiments/mnist-arms";
export type { MnistBasesConfig, MnistSetup } from "./spline-experiments/mnist-arms";
export { MNIST_BASES } from "./spline-experiments/mnist-bases";
export type { MnistArmRun, MnistBasesResult } from "./spline-experiments/mnist-bases";
export { SEED_SIMILARITY } from "./spline-experiments/seed-similarity";
export type { SeedSimilarityRow, SeedSimilarityUnit } from "./spline-experiments/seed-similarity";
export { basisThroughput } from "./spline-experiments/basis-throughput";
export type { ThroughputOptions, ThroughputRow } from "./spline-experiments/basis-throughput";
export { orderingCheck } from "./spline-experiments/ordering-check";
export type { OrderingCheck, OrderingRow } from "./spline-experiments/ordering-check";

// Experiments: units cached by config and version, seeds, one progress bar, interruption, data specs, modes.
export { cachePath, cached, readCached, writeFileAtomic } from "./experiment/cache";
export type { CacheOptions } from "./experiment/cache";
export { canonicalJson, configKey } from "./experiment/config-key";
export { isCached, runExperiment, runSeeds, runUnit, seedJob } from "./experiment/experiment";
export type { Experiment, Seeded } from "./experiment/experiment";
export type { ExperimentOptions } from "./experiment/options";
export {
  type Job,
  WORKERS_ENV_VAR,
  checkWritable,
  defaultWorkers,
  runJobs,
  runUnits,
} from "./experiment/pool";
export type { PoolOutcome, PoolTask } from "./experiment/pool-task";
export { experimentByName, registerExperiment } from "./experiment/registry";
export { ExperimentProgress } from "./experiment/progress";
export { ExperimentInterrupted, trainUnit } from "./experiment/interrupted";
export { loadData, trainSize } from "./experiment/data-spec";
export type { DataSets, DataSpec } from "./experiment/data-spec";
export { forMode } from "./experiment/mode";

// Lottery tickets: IMP, controls, seeds, stability, pruning at init.
export {
  DEFAULT_LOTTERY,
  FASHION_LOTTERY,
  OPEN_LTH_LOTTERY,
  QUICK_LOTTERY,
  checkLotteryConfig,
  plannedSteps,
  quickFashionLottery,
  quickLottery,
} from "./lottery/config";
export type { ControlKind, InitPruning, LotteryConfig, LotteryPruning, RunKind } from "./lottery/config";
export { controlStart, trainControls } from "./lottery/controls";
export type { ControlStart } from "./lottery/controls";
export { lotteryData } from "./lottery/data";
export { checkPruning, runImp } from "./lottery/imp";
export type { ImpCallbacks, ImpOptions, ImpResult, ImpRound, ImpSpec } from "./lottery/imp";
export { decodeMask, encodeMask } from "./lottery/mask-codec";
export type { EncodedMask } from "./lottery/mask-codec";
export { PRUNE_AT_INIT, pruneAtInitMask, pruneAtInitRound, runPruneAtInit } from "./lottery/prune-at-init";
export type { PruneAtInitResult, PruneAtInitRun } from "./lottery/prune-at-init";
export { DEFAULT_PRUNE_AT_INIT, checkPruneAtInit, quickPruneAtInit } from "./lottery/prune-at-init-config";
export type { PruneAtInitConfig } from "./lottery/prune-at-init-config";
export type { RoundResult } from "./lottery/round-result";
export { LOTTERY, lotteryInit, runLottery } from "./lottery/run";
export type { LotteryRun } from "./lottery/run";
export { LOTTERY_METRICS, runLotterySeeds, summarizeKind, summarizeSeeds } from "./lottery/seeds";
export type { KindSummary, LotteryMetric, LotterySeeds, MetricStats } from "./lottery/seeds";
export { STABILITY, rewindPoints, runStability, runStabilitySeeds } from "./lottery/stability";
export {
  DEFAULT_STABILITY,
  checkStability,
  impAtRewind,
  quickStability,
  stabilitySteps,
} from "./lottery/stability-config";
export type {
  StabilityConfig,
  StabilityKind,
  StabilityPoint,
  StabilityResult,
} from "./lottery/stability-config";

// Gauge experiments: the units behind notebooks/02-gauge-symmetry.ipynb.
export { DEFAULT_PAIR, PAIR, QUICK_PAIR, pairInit, pairUnit, trainPair } from "./gauge-experiments/pair";
export type { NetSummary, PairConfig, TrainedPair } from "./gauge-experiments/pair";
export {
  ALIGN_METHODS,
  MATCHED_INTERPOLATION,
  matchedInterpolation,
} from "./gauge-experiments/matched-interpolation";
export type {
  AlignMethod,
  BarrierRow,
  MatchedInterpolation,
  MatchedInterpolationConfig,
  MatchedInterpolationOptions,
} from "./gauge-experiments/matched-interpolation";
export { firstLayerColumns, mostSimilarNeurons } from "./gauge-experiments/neuron-similarity";
export { pairLabel, seedPairs } from "./gauge-experiments/seed-pairs";
export { barrierSummary, maskTransferSummary } from "./gauge-experiments/summaries";
export type { BarrierSummaryRow, MaskTransferSummaryRow } from "./gauge-experiments/summaries";
export { matchedCosines, neuronCosines } from "./gauge/neuron-cosines";
export type { MatchedCosines } from "./gauge/neuron-cosines";
export { quantileKnots, dataPointKnots } from "./splines/knot-placement";
export { kendallTau } from "./splines/kendall-tau";
export { knotOrderTau, unitKnots } from "./splines/unit-knots";
export type { UnitKnot } from "./splines/unit-knots";
export { deadUnitFraction } from "./splines/dead-units";
export { orderByKnots } from "./splines/order-by-knots";
export { invarianceTable, orbitDistances, randomOrbitPoint } from "./gauge-experiments/symmetry-checks";
export type { InvarianceRow, OrbitDistanceRow } from "./gauge-experiments/symmetry-checks";
export { CONSERVED_SWEEP, DEFAULT_CONSERVED, QUICK_CONSERVED } from "./gauge-experiments/conserved-sweep";
export type {
  ConservedSweep,
  ConservedSweepConfig,
  ConservedSweepRow,
  ConservedTrajectory,
} from "./gauge-experiments/conserved-sweep";
export {
  DEFAULT_MASK_TRANSFER,
  MASK_TRANSFER,
  QUICK_MASK_TRANSFER,
  TRANSFER_MASKS,
  maskOverlap,
} from "./gauge-experiments/mask-transfer-experiment";
export type { MaskTransferConfig, MaskTransferRow } from "./gauge-experiments/mask-transfer-experiment";

// Analytic experiments: the units behind notebooks/04-analytic-weights.ipynb.
export { gdRun } from "./analytic-experiments/gd-run";
export type { GdRun, GdRunSpec } from "./analytic-experiments/gd-run";
export { DEFAULT_HINGE_GD, HINGE_GD, QUICK_HINGE_GD } from "./analytic-experiments/hinge-gd";
export {
  balanceNet,
  knotCoverage,
  netHinges,
  padNet,
  zeroTinyNeurons,
} from "./analytic-experiments/net-tools";
export type { Hinge } from "./analytic-experiments/net-tools";
export type {
  HingeGdConfig,
  HingeGdResult,
  HingeGdRun,
  HingeGdOptimum,
} from "./analytic-experiments/hinge-gd";
export {
  DEFAULT_SPIRAL_ADAM,
  DEFAULT_SPIRAL_CONVEX,
  SPIRAL_ADAM,
  SPIRAL_CONVEX,
  signAccuracy,
  spiralXY,
} from "./analytic-experiments/spiral";
export type {
  SpiralAdamConfig,
  SpiralAdamResult,
  SpiralConvexConfig,
  SpiralConvexResult,
  SpiralData,
} from "./analytic-experiments/spiral";
export {
  DEFAULT_MEMORY_WALL,
  MEMORY_WALL,
  QUICK_MEMORY_WALL,
  largestExactN,
} from "./analytic-experiments/memory-wall";
export type { MemoryWallConfig, PatternRow } from "./analytic-experiments/memory-wall";
export { DEFAULT_SAMPLING_TRADEOFF, SAMPLING_TRADEOFF } from "./analytic-experiments/sampling-tradeoff";
export type { SamplingRow, SamplingTradeoffConfig } from "./analytic-experiments/sampling-tradeoff";
export {
  DEFAULT_TEACHER_STUDENT,
  TEACHER_STUDENT,
  teacherData,
} from "./analytic-experiments/teacher-student";
export type {
  TeacherStudentConfig,
  TeacherStudentResult,
  WorkCurve,
} from "./analytic-experiments/teacher-student";
// Weight measures: how far a matrix moved, how much of a picture is left, how much of the motion is gauge.
export { effectiveRank, singularValues, stableRank } from "./weight-measures/spectrum";
export { displacement } from "./weight-measures/displacement";
export type { Displacement } from "./weight-measures/displacement";
export { watermarkContrast } from "./weight-measures/watermark-contrast";
export { pictureSsim } from "./weight-measures/picture-ssim";
export { gaugeShare } from "./weight-measures/gauge-share";
export type { GaugeShare } from "./weight-measures/gauge-share";
export { rescalingShare } from "./weight-measures/rescaling-share";

// The optimizer experiments (notebook 05).
export {
  DEFAULT_ERASURE,
  QUICK_ERASURE,
  checkErasure,
  erasureOptimizer,
} from "./optimizer-experiments/erasure-config";
export type { ErasureArm, ErasureConfig, ErasureKind } from "./optimizer-experiments/erasure-config";
export { PICTURE_ERASURE } from "./optimizer-experiments/picture-erasure";
export type { ErasureResult } from "./optimizer-experiments/picture-erasure";
export type { ErasureCheckpoint, ErasureRun } from "./optimizer-experiments/erasure-run";
export {
  bestStableLrs,
  erasureKinds,
  erasureRow,
  erasureTable,
  finalCheckpoint,
  runsAt,
} from "./optimizer-experiments/erasure-summary";
export type { ErasureMeasure, ErasureRow } from "./optimizer-experiments/erasure-summary";
export { runErasureSeeds } from "./optimizer-experiments/erasure-seeds";

// Width reduction (methods) and the ticket lottery (notebook 06).
export { neuronImportance, importanceSpread } from "./reduce/importance";
export { pruneUnits } from "./reduce/prune-units";
export type { Reduced } from "./reduce/prune-units";
export { foldUnits } from "./reduce/fold";
export type { FoldOptions } from "./reduce/fold";
export { clusterBySimilarity } from "./reduce/cluster";
export { DEFAULT_TICKET, QUICK_TICKET, checkTicketConfig, ticketArchs } from "./ticket-lottery/config";
export type { TicketConfig } from "./ticket-lottery/config";
export {
  TICKET_ARMS,
  TICKET_ARM_LABELS,
  TEACHER_FORWARD_COST,
  armPlan,
  planArms,
} from "./ticket-lottery/budget";
export type { TicketArm, ArmPlan, Phase } from "./ticket-lottery/budget";
export type { ArmResult } from "./ticket-lottery/arm-result";
export type { ComputeCurve } from "./ticket-lottery/run-steps";
export { TICKET_LOTTERY, initSeeds, runTicketLottery } from "./ticket-lottery/protocol";
export type { TicketRepeat } from "./ticket-lottery/protocol";
export {
  DEFAULT_EARLY_SCORES,
  EARLY_SCORES,
  QUICK_EARLY_SCORES,
  runEarlyScores,
} from "./ticket-lottery/early-scores";
export type { EarlyScoreRow, EarlyScoresConfig } from "./ticket-lottery/early-scores";
export {
  DEFAULT_INIT_SENSITIVITY,
  INIT_SENSITIVITY,
  QUICK_INIT_SENSITIVITY,
  ROW_ATTENTION,
  runInitSensitivity,
} from "./ticket-lottery/init-sensitivity";
export type { InitSensitivityConfig, SensitivityRow } from "./ticket-lottery/init-sensitivity";
export {
  armSeries,
  armTable,
  earlyScoreTable,
  percent,
  reductionTable,
  sensitivityTable,
} from "./ticket-lottery/summary";
export type { ArmRow, ReductionRow, ScoreRow, SensitivityTableRow } from "./ticket-lottery/summary";

// Figures, tables, live progress.
export { show, figureBundle, figureText, PLOTLY_MIME } from "./viz/display";
export type { ShowOptions } from "./viz/display";
export { saveFigure, renderPng, renderSvg, closeRenderer, BrowserUnavailableError } from "./viz/render";
export type { RenderOptions } from "./viz/render";
export { makeFigure, plainFigure } from "./viz/figure";
export type { Figure, Trace, Layout } from "./viz/figure";
export { lineBands } from "./viz/lines";
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
export { armComputeFigure, earlyScoreRanks, sensitivityFigure } from "./viz/ticket-figures";
export {
  KIND_NAMES,
  densityFigure,
  firstLayerMasks,
  lotterySeries,
  pixelSurvival,
  stabilityFigure,
} from "./viz/lottery-figures";
export { interpolationFigure, maskTransferFigure } from "./viz/gauge-figures";
export { conservedSweepFigure, conservedTrajectoryFigure } from "./viz/conserved-figures";
export {
  gaugeDistanceFigure,
  hingeFitsFigure,
  hingeGapFigure,
  hingeGapWidthFigure,
} from "./viz/analytic-figures";
export { memoryWallFigure, samplingFigure, workFigure } from "./viz/analytic-cost-figures";
export { spiralFigure } from "./viz/spiral-figures";
export type { SpiralPanel } from "./viz/spiral-figures";
export {
  basisErrorFigure,
  basisFitFigure,
  convexFitFigure,
  convexGapFigure,
  kanGridFigure,
  mnistBasesFigure,
} from "./viz/spline-figures";
export { erasureCurves, erasureGrid } from "./viz/erasure-figures";
export type { ErasureCurvesOptions } from "./viz/erasure-figures";
export { showTable, tableBundle } from "./tables/show-table";
export type { TableViewOptions } from "./tables/table-view";
export { RESULTS_DIR, resultsFrame, saveCsv, saveResults, toCsv } from "./tables/results";
export type { ResultRecord } from "./tables/results";
export { formatNumber } from "./tables/format";
export { layerDensityTable, lotteryTable, stabilityTable } from "./tables/lottery-report";
export { basisSummary } from "./tables/spline-tables";
export type { BasisSummaryRow } from "./tables/spline-tables";

import { announceBackendOnce } from "./kernel/banner";
announceBackendOnce();
