/** The stock callbacks: early stopping, checkpointing and learning-rate scheduling. */
import type { Tensor } from '@torchlet/core';
import { type Callback, type EpochLog, type EpochScheduler, type FitContext, readMonitor, type Scheduler } from './types';

/** A callback whose state goes into checkpoints, so a resumed run continues it exactly. */
export interface StatefulCallback extends Callback {
  /** The callback's state, stored in checkpoints. */
  stateDict(): Record<string, unknown>;
  /** Restores the state when a run resumes. */
  loadStateDict(state: Record<string, unknown>): void;
}

export function isStateful(cb: Callback): cb is StatefulCallback {
  const c = cb as Partial<StatefulCallback>;
  return typeof c.stateDict === 'function' && typeof c.loadStateDict === 'function';
}

/** EarlyStopping's options. */
export interface EarlyStoppingOptions {
  /** The value watched: 'val.loss' (default; 'train.loss' without validation), 'val.accuracy', ... */
  monitor?: string;
  /** 'min' (default) for losses, 'max' for accuracies. */
  mode?: 'min' | 'max';
  /** Epochs without improvement before stopping (default 5). */
  patience?: number;
  /** The smallest change that counts as an improvement (default 0). */
  minDelta?: number;
  /** Put the best epoch's weights back into the model when training stops (default false). */
  restoreBestWeights?: boolean;
}

/**
 * Stops training when the monitored value has not improved for `patience` epochs.
 * @example fit({ ..., callbacks: [new EarlyStopping({ monitor: 'val.loss', patience: 3 })] })
 */
export class EarlyStopping implements StatefulCallback {
  /** 'min' for losses, 'max' for accuracies. */
  readonly mode: 'min' | 'max';
  /** Epochs without improvement before stopping. */
  readonly patience: number;
  /** The smallest change (absolute value) that counts as an improvement. */
  readonly minDelta: number;
  /** Whether the best epoch's weights are put back when it stops the run. */
  readonly restoreBestWeights: boolean;
  /** The best monitored value so far. */
  best: number;
  /** The epoch (1-based) of the best value, or 0. */
  bestEpoch = 0;
  /** Epochs since the last improvement. */
  wait = 0;
  /** The epoch (1-based) at which training was stopped, or 0. */
  stoppedEpoch = 0;
  private readonly monitorName: string | undefined;
  private bestWeights: Record<string, Tensor> | null = null;

  constructor(opts: EarlyStoppingOptions = {}) {
    this.monitorName = opts.monitor;
    this.mode = opts.mode ?? 'min';
    if (this.mode !== 'min' && this.mode !== 'max') throw new RangeError(`mode ${String(this.mode)} is unknown!`);
    this.patience = opts.patience ?? 5;
    if (!Number.isInteger(this.patience) || this.patience < 0) throw new RangeError(`patience must be a non-negative integer, got ${this.patience}`);
    this.minDelta = Math.abs(opts.minDelta ?? 0);
    this.restoreBestWeights = opts.restoreBestWeights ?? false;
    this.best = this.mode === 'min' ? Infinity : -Infinity;
  }

  private monitorFor(log: EpochLog): string {
    return this.monitorName ?? (log.val ? 'val.loss' : 'train.loss');
  }

  private improved(v: number): boolean {
    return this.mode === 'min' ? v < this.best - this.minDelta : v > this.best + this.minDelta;
  }

  /**
   * Reads the monitored value; stops the run after `patience` epochs without improvement. Throws if
   * the log lacks it.
   */
  onEpochEnd(ctx: FitContext, log: EpochLog): void {
    const monitor = this.monitorFor(log);
    const v = readMonitor(log, monitor);
    if (v === undefined) throw new Error(`EarlyStopping: the epoch log has no '${monitor}'`);
    if (this.improved(v)) {
      this.best = v;
      this.bestEpoch = log.epoch;
      this.wait = 0;
      if (this.restoreBestWeights) this.bestWeights = cloneState(ctx.model.stateDict());
      return;
    }
    this.wait++;
    if (this.wait >= this.patience) {
      this.stoppedEpoch = log.epoch;
      ctx.stopTraining = true;
      if (this.restoreBestWeights && this.bestWeights) ctx.model.loadStateDict(this.bestWeights);
    }
  }

  /** best, bestEpoch, wait, stoppedEpoch and the best weights (if kept), for checkpoints. */
  stateDict(): Record<string, unknown> {
    return { best: this.best, bestEpoch: this.bestEpoch, wait: this.wait, stoppedEpoch: this.stoppedEpoch, bestWeights: this.bestWeights };
  }

  /** Restores what stateDict() saved. */
  loadStateDict(state: Record<string, unknown>): void {
    this.best = Number(state.best);
    this.bestEpoch = Number(state.bestEpoch);
    this.wait = Number(state.wait);
    this.stoppedEpoch = Number(state.stoppedEpoch);
    this.bestWeights = (state.bestWeights ?? null) as Record<string, Tensor> | null;
  }
}

function cloneState(sd: Record<string, Tensor>): Record<string, Tensor> {
  const out: Record<string, Tensor> = {};
  for (const [k, v] of Object.entries(sd)) out[k] = v.detach().clone();
  return out;
}

/** ModelCheckpoint's options. */
export interface ModelCheckpointOptions {
  /** The checkpoint file (safetensors). Written atomically; overwritten each time. */
  path: string;
  /** Save every n epochs (default 1). The last epoch and Ctrl-C always save. */
  every?: number;
  /** Continue from `path` when it exists (default true). */
  resume?: boolean;
}

/**
 * Saves a resumable checkpoint (model, optimizer, scheduler, epoch, generator states) every
 * `every` epochs, at the end, and on Ctrl-C; with `resume`, `fit` continues from it.
 * @example fit({ ..., callbacks: [new ModelCheckpoint({ path: 'runs/mlp.safetensors' })] })
 */
export class ModelCheckpoint implements Callback {
  /** The checkpoint file (safetensors). */
  readonly path: string;
  /** Save every n epochs. */
  readonly every: number;
  /** Whether fit continues from `path` when it exists. */
  readonly resume: boolean;

  constructor(opts: ModelCheckpointOptions) {
    this.path = opts.path;
    this.every = opts.every ?? 1;
    if (!Number.isInteger(this.every) || this.every < 1) throw new RangeError(`every must be a positive integer, got ${this.every}`);
    this.resume = opts.resume ?? true;
  }

  /** Saves every `every` epochs, and when a callback stopped training. */
  onEpochEnd(ctx: FitContext, log: EpochLog): void {
    if (log.epoch % this.every === 0 || ctx.stopTraining) ctx.saveCheckpoint(this.path);
  }

  /** Saves the final state. */
  onTrainEnd(ctx: FitContext): void {
    ctx.saveCheckpoint(this.path);
  }

  onInterrupt(ctx: FitContext): void {
    ctx.saveCheckpoint(this.path);
  }
}

/** LRSchedulerCallback's options. */
export interface LRSchedulerCallbackOptions {
  /** Step per 'epoch' (default) or per optimisation 'step'. */
  interval?: 'epoch' | 'step';
  /** Pass this value to `step()` (ReduceLROnPlateau), e.g. 'val.loss'. */
  monitor?: string;
}

/**
 * Steps a learning-rate scheduler after each epoch (or batch); its state is checkpointed.
 * @example new LRSchedulerCallback(new lrScheduler.StepLR(opt, { stepSize: 10 }))
 */
export class LRSchedulerCallback implements StatefulCallback {
  /** Step per 'epoch' or per optimisation 'step'. */
  readonly interval: 'epoch' | 'step';
  /** The log value passed to `step()`, if any. */
  readonly monitor: string | undefined;

  constructor(
    /** The scheduler stepped. */
    readonly scheduler: Scheduler,
    opts: LRSchedulerCallbackOptions = {},
  ) {
    this.interval = opts.interval ?? 'epoch';
    this.monitor = opts.monitor;
    if (this.monitor !== undefined && this.interval === 'step') throw new RangeError('a monitored scheduler steps per epoch');
  }

  /** Steps the scheduler when `interval` is 'step'. */
  onBatchEnd(): void {
    if (this.interval === 'step') (this.scheduler as EpochScheduler).step();
  }

  /**
   * Steps the scheduler when `interval` is 'epoch', with the monitored value if set (throws if the
   * log lacks it).
   */
  onEpochEnd(_ctx: FitContext, log: EpochLog): void {
    if (this.interval !== 'epoch') return;
    if (this.monitor === undefined) {
      (this.scheduler as EpochScheduler).step();
      return;
    }
    const v = readMonitor(log, this.monitor);
    if (v === undefined) throw new Error(`LRSchedulerCallback: the epoch log has no '${this.monitor}'`);
    this.scheduler.step(v);
  }

  /** The scheduler's state dict. */
  stateDict(): Record<string, unknown> {
    return this.scheduler.stateDict();
  }

  /** Loads the scheduler's state dict. */
  loadStateDict(state: Record<string, unknown>): void {
    this.scheduler.loadStateDict(state);
  }
}
