/**
 * @torchlet/trainer: data loading (`torch.utils.data`), metrics, and the training loop.
 * @example
 * import { DataLoader, TensorDataset } from '@torchlet/trainer';
 * const loader = new DataLoader(new TensorDataset(x, y), { batchSize: 32, shuffle: true });
 * for (const [xb, yb] of loader) { ... }
 */
export { sprintf, formatFixed, formatExponential, type FormatArg } from './pyformat';
export { numpyStr } from './numpy-str';
export {
  accuracyScore, confusionMatrix, precisionRecallFscoreSupport, precisionScore, recallScore, f1Score, fbetaScore,
  type Average, type PRFOptions, type PRFResult,
} from './metrics/classification';
export { type Labels } from './metrics/labels';
export { RunningMean } from './metrics/running-mean';
export { Dataset, IterableDataset, AsyncIterableDataset, TensorDataset, Subset, ConcatDataset, ArrayDataset } from './data/dataset';
export { randomSplit } from './data/split';
export {
  SequentialSampler, RandomSampler, SubsetRandomSampler, BatchSampler, type Sampler, type RandomSamplerOptions,
} from './data/sampler';
export { WeightedRandomSampler, type WeightedRandomSamplerOptions } from './data/weighted-sampler';
export { defaultCollate, type Collated } from './data/collate';
export { DataLoader, type DataLoaderOptions, type AnyDataset } from './data/dataloader';
// torchvision's datasets (MNIST, FashionMNIST) and transforms (ToTensor, Normalize, Compose, Lambda)
export { datasets, transforms } from './vision/index';
export { fit, type FitOptions } from './fit/loop';
export {
  evaluate, type EvaluateOptions, type BatchSource, type PrepareBatch,
} from './fit/epoch';
export {
  EarlyStopping, ModelCheckpoint, LRSchedulerCallback, type EarlyStoppingOptions, type ModelCheckpointOptions,
  type LRSchedulerCallbackOptions, type StatefulCallback,
} from './fit/callbacks';
export {
  saveTrainingState, loadTrainingState, serializeTrainingState, deserializeTrainingState, type TrainingState,
} from './fit/checkpoint';
export { accuracyMetric, f1Metric, precisionMetric, recallMetric, predictedLabels } from './fit/metric-fns';
export { ProgressReporter, type ProgressOptions, type ProgressStream } from './fit/progress';
export { renderCurvesSvg, writeCurvesSvg } from './fit/svg';
export type {
  TrainableModel, TrainableOptimizer, Scheduler, EpochScheduler, MetricScheduler, Metric, EpochLog, History, FitContext, Callback,
} from './fit/types';
