/**
 * One pass over a loader: a training epoch (train mode, zero_grad / forward / loss / backward /
 * step per batch) or an evaluation (eval mode, no grad), with the loss averaged over samples and
 * the outputs kept for the epoch metrics.
 */
import { cat, noGrad, Tensor } from '@torchlet/core';
import type { Metric, TrainableModel, TrainableOptimizer } from './types';

/** A loader: anything iterable (sync or async) that yields batches. */
export type BatchSource<B> = Iterable<B> | AsyncIterable<B>;

/** Turns a batch into the model input and the target. */
export type PrepareBatch<B, X> = (batch: B) => [X, Tensor];

/** The default: a batch is `[input, target]` (what a DataLoader over a TensorDataset gives). */
export function defaultPrepare<B, X>(batch: B): [X, Tensor] {
  if (Array.isArray(batch) && batch.length === 2) {
    const [input, target]: unknown[] = batch;
    if (target instanceof Tensor) return [input as X, target];
  }
  throw new TypeError('fit expects batches of [input, target tensor]; pass prepareBatch to unpack other batches');
}

/** Iterates a source, preferring its async iterator (lazy datasets) when it has one. */
export function iterate<B>(source: BatchSource<B>): AsyncIterator<B> | Iterator<B> {
  if (Symbol.asyncIterator in source) return source[Symbol.asyncIterator]();
  return source[Symbol.iterator]();
}

/** Loss and outputs summed so far in an epoch (kept in checkpoints taken mid-epoch). */
export interface EpochSums {
  batches: number;
  lossSum: number;
  weight: number;
  outputs: Tensor[];
  targets: Tensor[];
}

export function emptySums(): EpochSums {
  return { batches: 0, lossSum: 0, weight: 0, outputs: [], targets: [] };
}

/** Samples in a batch: the target's first dim (1 for a scalar target). */
function batchWeight(target: Tensor): number {
  return target.shape.length === 0 ? 1 : target.shape[0]!;
}

export function addBatch(sums: EpochSums, loss: number, output: Tensor, target: Tensor, keepOutputs: boolean): void {
  const n = batchWeight(target);
  sums.batches++;
  sums.lossSum += loss * n;
  sums.weight += n;
  if (keepOutputs) {
    sums.outputs.push(output.detach());
    sums.targets.push(target.detach());
  }
}

/** `{loss, ...metrics}` of the summed epoch. */
export function epochValues(sums: EpochSums, metrics: Record<string, Metric>): Record<string, number> {
  const out: Record<string, number> = { loss: sums.weight === 0 ? Number.NaN : sums.lossSum / sums.weight };
  const names = Object.keys(metrics);
  if (names.length > 0 && sums.outputs.length > 0) {
    const outputs = cat(sums.outputs, 0);
    const targets = cat(sums.targets, 0);
    for (const name of names) out[name] = metrics[name]!(outputs, targets);
  }
  return out;
}

export interface StepArgs<X> {
  model: TrainableModel<X>;
  optimizer: TrainableOptimizer;
  lossFn: (output: Tensor, target: Tensor) => Tensor;
}

/** One optimisation step, in the tutorial's order. Returns the loss and the output. */
export function trainStep<X>({ model, optimizer, lossFn }: StepArgs<X>, input: X, target: Tensor): [number, Tensor] {
  optimizer.zeroGrad();
  const output = model(input);
  const loss = lossFn(output, target);
  loss.backward();
  optimizer.step();
  return [loss.item(), output];
}

/** evaluate()'s options. */
export interface EvaluateOptions<B, X> {
  /** The model (left in eval mode). */
  model: TrainableModel<X>;
  /** The batches (a DataLoader, or any sync or async iterable). */
  loader: BatchSource<B>;
  /** The loss; without it the result has no `loss`. */
  lossFn?: (output: Tensor, target: Tensor) => Tensor;
  /** Metrics over all outputs, by name, e.g. `{ accuracy: accuracyMetric() }`. */
  metrics?: Record<string, Metric>;
  /** Unpacks a batch into [input, target] (default: the batch is `[input, target]`). */
  prepareBatch?: PrepareBatch<B, X>;
}

/**
 * The model's loss and metrics over a loader, in eval mode and without autograd (the model is
 * left in eval mode, as after PyTorch's `model.eval()`).
 * @example const { accuracy } = await evaluate({ model, loader: testLoader, metrics: { accuracy: accuracyMetric() } });
 */
export async function evaluate<B, X>(opts: EvaluateOptions<B, X>): Promise<Record<string, number>> {
  const prepare = opts.prepareBatch ?? defaultPrepare<B, X>;
  const metrics = opts.metrics ?? {};
  const sums = emptySums();
  opts.model.eval();
  const it = iterate(opts.loader);
  for (let r = await it.next(); !r.done; r = await it.next()) {
    const [input, target] = prepare(r.value);
    noGrad(() => {
      const output = opts.model(input);
      const loss = opts.lossFn ? opts.lossFn(output, target).item() : Number.NaN;
      addBatch(sums, loss, output, target, true);
    });
  }
  const values = epochValues(sums, metrics);
  if (!opts.lossFn) delete values.loss;
  return values;
}
