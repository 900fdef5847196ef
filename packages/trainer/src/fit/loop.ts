/**
 * fit(): the tutorial's loop generalised. Each epoch: `model.train()`, then per batch
 * `zeroGrad()`, forward, loss, `backward()`, `step()`; then validation in eval mode without
 * autograd, the scheduler, callbacks, checkpoints and progress. Ctrl-C stops after the current
 * batch and saves a checkpoint from which the run resumes exactly. The pieces: run-epoch.ts (one
 * epoch), restore.ts (resuming), interrupt.ts (Ctrl-C and the abort signal), run.ts (checkpoints).
 */
import { defaultGenerator, type Generator, manualSeed, type Tensor } from '@torchlet/core';
import { lrScheduler } from '@torchlet/optim';
import { DataLoader } from '../data/dataloader';
import { LRSchedulerCallback, ModelCheckpoint, type ModelCheckpointOptions } from './callbacks';
import { type BatchSource, defaultPrepare, type PrepareBatch } from './epoch';
import { endInterrupted, InterruptWatch } from './interrupt';
import { preflight } from './preflight';
import { ProgressReporter, type ProgressOptions } from './progress';
import { findResumeState, type ResumeMode, restoreState } from './restore';
import { endEpoch, trainPass } from './run-epoch';
import { boundaryState, type FitRun, midEpochState, PendingSaves } from './run';
import { groupSizes, runConfig } from './run-config';
import type { Callback, FitContext, History, Metric, Scheduler, TrainableModel, TrainableOptimizer } from './types';

/** fit()'s options. */
export interface FitOptions<B, X> {
  /** The model to train (an nn.Module). */
  model: TrainableModel<X>;
  /** Its optimizer (a torch.optim optimizer). */
  optimizer: TrainableOptimizer;
  /** The loss, e.g. `new nn.CrossEntropyLoss()`. */
  lossFn: (output: Tensor, target: Tensor) => Tensor;
  /** The training batches (a DataLoader, or any sync or async iterable). */
  trainLoader: BatchSource<B>;
  /** Validation batches, evaluated after each epoch in eval mode without autograd. */
  valLoader?: BatchSource<B>;
  /** The number of epochs to train. */
  epochs: number;
  /** Stepped after every epoch (ReduceLROnPlateau gets the validation loss). */
  scheduler?: Scheduler;
  /** Epoch metrics on training and validation outputs, e.g. `{accuracy: accuracyMetric()}`. */
  metrics?: Record<string, Metric>;
  /** Print a progress line every n epochs (default 1). */
  logEvery?: number;
  /** Callbacks, called in order (EarlyStopping, ModelCheckpoint, LRSchedulerCallback, your own). */
  callbacks?: Callback[];
  /** Unpacks a batch into [input, target] (default: the batch is `[input, target]`). */
  prepareBatch?: PrepareBatch<B, X>;
  /** 'auto' (default: a bar on a terminal, lines otherwise), 'bar', 'lines', 'none', or options. */
  progress?: ProgressOptions['mode'] | ProgressOptions;
  /** Write the loss and metric curves to this SVG file after every epoch. */
  curvePath?: string;
  /** Shorthand for a ModelCheckpoint callback (path, or its options). */
  checkpoint?: string | ModelCheckpointOptions;
  /** Resume from this checkpoint file (it must exist); the `checkpoint` path is then only written. */
  resumeFrom?: string;
  /**
   * What to do with an existing checkpoint (the `resumeFrom` file, else the `checkpoint` path):
   * - `'auto'` (default): continue an unfinished run, printing `resuming from <file> at epoch N`
   *   through the progress output (N is the next epoch to train, as in the `Epoch N/M` lines). A
   *   finished run (all its epochs done, or stopped early by a callback) is an error before
   *   anything is written, so rerunning a finished script never overwrites its checkpoint.
   * - `'never'`: start over, overwriting the checkpoint.
   * - `'must'`: continue, and raise when there is no checkpoint.
   *
   * The checkpoint stores the run's configuration: the model's state-dict keys and shapes, the
   * optimizer's class and hyper-parameters (its param-group defaults), `epochs` and `seed`. A
   * resume with any difference raises an error listing the differing fields, before anything is
   * loaded or written; the one exception is a raised `epochs`, which continues the run (a
   * finished one too) up to the new total, like `max_epochs` with a `ckpt_path` in Lightning.
   * The scheduler and callbacks continue with their saved state. Lowering `epochs` is an error.
   * A ModelCheckpoint's own `resume: false` opts its file out of resuming (it is overwritten).
   */
  resume?: ResumeMode;
  /**
   * Seeds the default generator (`manualSeed(seed)`) when a run starts afresh, for shuffling,
   * dropout and other draws during training (seed before building the model for its
   * initialisation); stored in the checkpoint. A resume continues the saved generator states.
   */
  seed?: number;
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

/** The callbacks in calling order, and under their checkpoint keys. */
function collectCallbacks<B, X>(opts: FitOptions<B, X>): { callbacks: Callback[]; keyed: Map<string, Callback> } {
  const callbacks: Callback[] = [];
  const keyed = new Map<string, Callback>();
  const add = (key: string, cb: Callback): void => {
    callbacks.push(cb);
    keyed.set(key, cb);
  };
  if (opts.scheduler) {
    const plateau = opts.scheduler instanceof lrScheduler.ReduceLROnPlateau;
    add('scheduler', new LRSchedulerCallback(opts.scheduler, plateau ? { monitor: opts.valLoader ? 'val.loss' : 'train.loss' } : {}));
  }
  (opts.callbacks ?? []).forEach((cb, i) => add(`${i}.${cb.constructor.name}`, cb));
  if (opts.checkpoint !== undefined) {
    add('checkpoint', new ModelCheckpoint(typeof opts.checkpoint === 'string' ? { path: opts.checkpoint } : opts.checkpoint));
  }
  return { callbacks, keyed };
}

/** Checks the loaders' data with the model (in eval mode, then back to train mode) before training. */
function checkData<B, X>(opts: FitOptions<B, X>): void {
  // With the default prepareBatch, a TensorDataset's first tensor is the model input.
  const { model } = opts;
  const probe = (x: Tensor): unknown => {
    model.eval();
    try {
      return Reflect.apply(model, undefined, [x]) as unknown;
    } finally {
      model.train();
    }
  };
  preflight(probe, opts.trainLoader, opts.valLoader);
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
  const { model, optimizer, trainLoader, valLoader, epochs } = opts;
  if (!Number.isInteger(epochs) || epochs < 1) throw new RangeError(`epochs must be a positive integer, got ${epochs}`);
  if (trainLoader === undefined || trainLoader === null) throw new TypeError('fit needs a trainLoader');
  const progressOpts = typeof opts.progress === 'string' ? { mode: opts.progress } : (opts.progress ?? {});
  const progress = new ProgressReporter({ logEvery: opts.logEvery, ...progressOpts });
  const { callbacks, keyed } = collectCallbacks(opts);
  const generators = [...new Set([defaultGenerator, ...loaderGenerators(trainLoader, valLoader), ...(opts.generators ?? [])])];
  if (opts.validateData !== false && opts.prepareBatch === undefined) checkData(opts);

  if (opts.seed !== undefined && !Number.isSafeInteger(opts.seed)) throw new TypeError(`seed must be an integer, got ${opts.seed}`);

  const history: History = { epochs: [], stopped: false, interrupted: false };
  const config = runConfig(model, optimizer, epochs, opts.seed);
  const source = findResumeState({ mode: opts.resume, resumeFrom: opts.resumeFrom, callbacks, config, groups: groupSizes(optimizer.stateDict()) });
  if (source !== null) {
    restoreState(source, { model, optimizer, keyed, history, generators });
    progress.message(source.message);
  } else if (opts.seed !== undefined) {
    manualSeed(opts.seed);
  }
  const resumed = source?.state ?? null;
  const interrupt = new InterruptWatch(opts.signal, opts.handleSigint ?? true, (text) => progress.message(text));
  const saves = new PendingSaves(() => boundaryState(run, ctx.epoch));
  const ctx: FitContext = {
    model, optimizer, history, epoch: resumed?.epoch ?? 0, stopTraining: false, saveCheckpoint: (path: string) => saves.add(path),
  };
  const run: FitRun<B, X> = {
    model, optimizer, lossFn: opts.lossFn, trainLoader, valLoader, epochs, scheduler: opts.scheduler, metrics: opts.metrics ?? {},
    prepare: opts.prepareBatch ?? defaultPrepare<B, X>, callbacks, keyed, generators, history, progress, curvePath: opts.curvePath,
    ctx, interrupt, saves, config,
  };
  try {
    for (const cb of callbacks) await cb.onTrainBegin?.(ctx);
    for (let epoch = resumed?.epoch ?? 0; epoch < epochs; epoch++) {
      const pass = await trainPass(run, epoch, resumed);
      if (pass.interrupted) {
        saves.snapshot = () => midEpochState(run, epoch, pass.sums, pass.batches, pass.rngAtStart);
        break;
      }
      if (await endEpoch(run, epoch, pass)) break;
    }
    if (interrupt.requested) return await endInterrupted(run);
    for (const cb of callbacks) await cb.onTrainEnd?.(ctx);
    saves.flush();
    return history;
  } finally {
    interrupt.dispose();
  }
}
