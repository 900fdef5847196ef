/**
 * fit(): the tutorial's loop generalised. Each epoch: `model.train()`, then per batch
 * `zeroGrad()`, forward, loss, `backward()`, `step()`; then validation in eval mode without
 * autograd, the scheduler, callbacks, checkpoints and progress. Ctrl-C stops after the current
 * batch and saves a checkpoint from which the run resumes exactly.
 */
import { setImmediate as nextMacrotask } from 'node:timers/promises';
import { cat, defaultGenerator, type Generator, type Tensor } from '@torchlet/core';
import { lrScheduler } from '@torchlet/optim';
import { DataLoader } from '../data/dataloader';
import { LRSchedulerCallback, ModelCheckpoint, type ModelCheckpointOptions, isStateful } from './callbacks';
import { loadTrainingState, saveTrainingState, type TrainingState } from './checkpoint';
import {
  addBatch, type BatchSource, defaultPrepare, emptySums, type EpochSums, epochValues, evaluate, iterate, type PrepareBatch,
  trainStep,
} from './epoch';
import { preflight } from './preflight';
import { ProgressReporter, type ProgressOptions } from './progress';
import { writeCurvesSvg } from './svg';
import type { Callback, EpochLog, FitContext, History, Metric, Scheduler, TrainableModel, TrainableOptimizer } from './types';
import { existsSync } from 'node:fs';

export interface FitOptions<B, X> {
  model: TrainableModel<X>;
  optimizer: TrainableOptimizer;
  lossFn: (output: Tensor, target: Tensor) => Tensor;
  trainLoader: BatchSource<B>;
  valLoader?: BatchSource<B>;
  epochs: number;
  /** Stepped after every epoch (ReduceLROnPlateau gets the validation loss). */
  scheduler?: Scheduler;
  /** Epoch metrics on training and validation outputs, e.g. `{accuracy: accuracyMetric()}`. */
  metrics?: Record<string, Metric>;
  /** Print a progress line every n epochs (default 1). */
  logEvery?: number;
  callbacks?: Callback[];
  /** Unpacks a batch into [input, target] (default: the batch is `[input, target]`). */
  prepareBatch?: PrepareBatch<B, X>;
  /** 'auto' (default: a bar on a terminal, lines otherwise), 'bar', 'lines', 'none', or options. */
  progress?: ProgressOptions['mode'] | ProgressOptions;
  /** Write the loss and metric curves to this SVG file after every epoch. */
  curvePath?: string;
  /** Shorthand for a ModelCheckpoint callback (path, or its options). */
  checkpoint?: string | ModelCheckpointOptions;
  /** Resume from this checkpoint file (it must exist). */
  resumeFrom?: string;
  /** Generators whose state is checkpointed besides the default one and the loaders' own. */
  generators?: Generator[];
  /** Stops the run like Ctrl-C when aborted. */
  signal?: AbortSignal;
  /** Catch Ctrl-C (SIGINT) to stop cleanly after a checkpoint (default true). */
  handleSigint?: boolean;
  /** Check labels and inputs before training starts (default true). */
  validateData?: boolean;
}

function loaderGenerators(...loaders: unknown[]): Generator[] {
  const out: Generator[] = [];
  for (const l of loaders) if (l instanceof DataLoader && l.generator) out.push(l.generator);
  return out;
}

function callbackKey(cb: Callback, i: number): string {
  return `${i}.${cb.constructor.name}`;
}

/**
 * Trains `model` for `epochs` epochs and returns the per-epoch history.
 * @example
 * const history = await fit({
 *   model, optimizer: new optim.SGD(model.parameters(), { lr: 0.1 }), lossFn: new nn.CrossEntropyLoss(),
 *   trainLoader, valLoader, epochs: 20, metrics: { accuracy: accuracyMetric() }, checkpoint: 'runs/mlp.safetensors',
 * });
 */
export async function fit<B, X = Tensor>(opts: FitOptions<B, X>): Promise<History> {
  const { model, optimizer, lossFn, trainLoader, valLoader, epochs } = opts;
  if (!Number.isInteger(epochs) || epochs < 1) throw new RangeError(`epochs must be a positive integer, got ${epochs}`);
  if (trainLoader === undefined || trainLoader === null) throw new TypeError('fit needs a trainLoader');
  const metrics = opts.metrics ?? {};
  const prepare = opts.prepareBatch ?? defaultPrepare<B, X>;
  const progressOpts = typeof opts.progress === 'string' ? { mode: opts.progress } : (opts.progress ?? {});
  const progress = new ProgressReporter({ logEvery: opts.logEvery, ...progressOpts });
  const callbacks: Callback[] = [];
  const keyed = new Map<string, Callback>();
  if (opts.scheduler) {
    const plateau = opts.scheduler instanceof lrScheduler.ReduceLROnPlateau;
    const cb = new LRSchedulerCallback(opts.scheduler, plateau ? { monitor: valLoader ? 'val.loss' : 'train.loss' } : {});
    callbacks.push(cb);
    keyed.set('scheduler', cb);
  }
  (opts.callbacks ?? []).forEach((cb, i) => {
    callbacks.push(cb);
    keyed.set(callbackKey(cb, i), cb);
  });
  if (opts.checkpoint !== undefined) {
    const cb = new ModelCheckpoint(typeof opts.checkpoint === 'string' ? { path: opts.checkpoint } : opts.checkpoint);
    callbacks.push(cb);
    keyed.set('checkpoint', cb);
  }
  const generators = [...new Set([defaultGenerator, ...loaderGenerators(trainLoader, valLoader), ...(opts.generators ?? [])])];
  if (opts.validateData !== false && opts.prepareBatch === undefined) {
    // With the default prepareBatch, a TensorDataset's first tensor is the model input.
    const probe = (x: Tensor): unknown => {
      model.eval();
      try {
        return Reflect.apply(model, undefined, [x]) as unknown;
      } finally {
        model.train();
      }
    };
    preflight(probe, trainLoader, valLoader);
  }

  const history: History = { epochs: [], stopped: false, interrupted: false };
  let resumed: TrainingState | null = null;
  if (opts.resumeFrom !== undefined) {
    if (!existsSync(opts.resumeFrom)) throw new Error(`resumeFrom: no checkpoint at ${opts.resumeFrom}`);
    resumed = loadTrainingState(opts.resumeFrom);
  } else {
    // A ModelCheckpoint with `resume` continues its file when that run did not finish.
    for (const c of callbacks) {
      if (!(c instanceof ModelCheckpoint) || !c.resume || !existsSync(c.path)) continue;
      const state = loadTrainingState(c.path);
      if (state.epoch < epochs) resumed = state;
      break;
    }
  }
  if (resumed !== null) {
    if (resumed.rng.length !== generators.length) {
      throw new Error(`checkpoint holds ${resumed.rng.length} generator states but this run has ${generators.length} generators`);
    }
    model.loadStateDict(resumed.model);
    optimizer.loadStateDict(resumed.optimizer as never);
    for (const [key, cb] of keyed) {
      const st = resumed.callbacks[key];
      if (st !== undefined && isStateful(cb)) cb.loadStateDict(st as Record<string, unknown>);
    }
    history.epochs.push(...resumed.history.epochs);
    if (resumed.batchesDone === 0) resumed.rng.forEach((s, i) => generators[i]!.setState(s));
  }

  // Ctrl-C: the first stops after the current batch (with a checkpoint), a second one exits.
  // Launchers (npm, tsx) relay the terminal's SIGINT, so the child often gets the same Ctrl-C
  // twice within milliseconds: repeats within a second count as one.
  let interruptRequested = false;
  let interruptAt = 0;
  const onSigint = (): void => {
    if (interruptRequested) {
      if (Date.now() - interruptAt > 1000) process.exit(130);
      return;
    }
    interruptRequested = true;
    interruptAt = Date.now();
    progress.message('Interrupted: stopping after this batch (press Ctrl-C again to quit at once)');
  };
  const handleSigint = opts.handleSigint ?? true;
  if (handleSigint) process.on('SIGINT', onSigint);
  const interrupted = (): boolean => interruptRequested || opts.signal?.aborted === true;

  const pendingSaves = new Set<string>();
  let snapshot: () => TrainingState;
  const ctx: FitContext = {
    model,
    optimizer,
    history,
    epoch: resumed?.epoch ?? 0,
    stopTraining: false,
    saveCheckpoint: (path: string) => pendingSaves.add(path),
  };
  const flushSaves = (): void => {
    if (pendingSaves.size === 0) return;
    const state = snapshot();
    for (const path of pendingSaves) saveTrainingState(path, state);
    pendingSaves.clear();
  };
  const callbackStates = (): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const [key, cb] of keyed) if (isStateful(cb)) out[key] = cb.stateDict();
    return out;
  };
  const boundaryState = (completed: number): TrainingState => ({
    epoch: completed,
    batchesDone: 0,
    model: model.stateDict(),
    optimizer: optimizer.stateDict(),
    scheduler: opts.scheduler ? opts.scheduler.stateDict() : null,
    rng: generators.map((g) => g.getState()),
    rngAtEpochStart: [],
    partial: null,
    callbacks: callbackStates(),
    history: { ...history, epochs: history.epochs.slice() },
  });
  snapshot = () => boundaryState(ctx.epoch);

  try {
    for (const cb of callbacks) await cb.onTrainBegin?.(ctx);
    let lastYield = Date.now();
    for (let epoch = resumed?.epoch ?? 0; epoch < epochs; epoch++) {
      ctx.epoch = epoch;
      for (const cb of callbacks) await cb.onEpochBegin?.(ctx);
      const lr = optimizer.paramGroups[0]?.lr ?? Number.NaN;
      model.train();
      progress.epochBegin();
      let sums: EpochSums = emptySums();
      let skip = 0;
      if (resumed !== null && resumed.batchesDone > 0 && epoch === resumed.epoch) {
        // Replay the unfinished epoch's shuffle from its start, skip the batches already done.
        resumed.rngAtEpochStart.forEach((s, i) => generators[i]!.setState(s));
        skip = resumed.batchesDone;
        const p = resumed.partial;
        sums = { batches: 0, lossSum: p?.lossSum ?? 0, weight: p?.weight ?? 0, outputs: p?.outputs ? [p.outputs] : [], targets: p?.targets ? [p.targets] : [] };
      }
      const epochStart = generators.map((g) => g.getState());
      const it = iterate(trainLoader);
      let b = 0;
      let stoppedMidEpoch = false;
      let total: number | undefined;
      try {
        total = trainLoader instanceof DataLoader ? trainLoader.length : undefined;
      } catch {
        total = undefined;
      }
      for (let r = await it.next(); !r.done; r = await it.next()) {
        b++;
        if (b <= skip) {
          if (b === skip) resumed!.rng.forEach((s, i) => generators[i]!.setState(s));
          continue;
        }
        const [input, target] = prepare(r.value);
        const [loss, output] = trainStep({ model, optimizer, lossFn }, input, target);
        addBatch(sums, loss, output, target, Object.keys(metrics).length > 0);
        for (const cb of callbacks) await cb.onBatchEnd?.(ctx, b - 1, loss);
        progress.batch(epoch + 1, epochs, b, total, sums.lossSum / sums.weight);
        if (Date.now() - lastYield > 100) {
          await nextMacrotask(); // lets Ctrl-C through during long synchronous epochs
          lastYield = Date.now();
        }
        if (interrupted()) {
          stoppedMidEpoch = true;
          break;
        }
      }
      if (b < skip) throw new Error(`the checkpoint was taken after ${skip} batches, but the loader gave only ${b}`);
      if (stoppedMidEpoch) {
        const done = b;
        snapshot = () => ({
          ...boundaryState(epoch),
          batchesDone: done,
          rngAtEpochStart: epochStart,
          partial: {
            lossSum: sums.lossSum,
            weight: sums.weight,
            outputs: sums.outputs.length > 0 ? cat(sums.outputs, 0) : null,
            targets: sums.targets.length > 0 ? cat(sums.targets, 0) : null,
          },
        });
        break;
      }
      const log: EpochLog = { epoch: epoch + 1, lr, train: epochValues(sums, metrics) };
      if (valLoader !== undefined) log.val = await evaluate({ model, loader: valLoader, lossFn, metrics, prepareBatch: prepare });
      history.epochs.push(log);
      ctx.epoch = epoch + 1;
      for (const cb of callbacks) await cb.onEpochEnd?.(ctx, log);
      flushSaves();
      progress.epochEnd(log, epochs);
      if (opts.curvePath !== undefined) writeCurvesSvg(history, opts.curvePath);
      if (ctx.stopTraining) {
        history.stopped = true;
        break;
      }
      if (interrupted()) break;
    }
    if (interrupted()) {
      history.interrupted = true;
      history.stopped = true;
      for (const cb of callbacks) await cb.onInterrupt?.(ctx);
      const paths = [...pendingSaves];
      flushSaves();
      progress.message(paths.length > 0 ? `Checkpoint saved to ${paths.join(', ')}` : 'Stopped (no checkpoint configured)');
      return history;
    }
    for (const cb of callbacks) await cb.onTrainEnd?.(ctx);
    flushSaves();
    return history;
  } finally {
    if (handleSigint) process.off('SIGINT', onSigint);
  }
}
