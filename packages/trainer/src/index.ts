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
export { Dataset, IterableDataset, TensorDataset, Subset, ConcatDataset, ArrayDataset } from './data/dataset';
export { randomSplit } from './data/split';
export {
  SequentialSampler, RandomSampler, SubsetRandomSampler, BatchSampler, type Sampler, type RandomSamplerOptions,
} from './data/sampler';
export { defaultCollate, type Collated } from './data/collate';
export { DataLoader, type DataLoaderOptions } from './data/dataloader';
